// RFC 9457 problem details as the APIs send them (api_common/problems.py), and the error a
// failed request raises in the browser.
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  instance?: string;
  correlation_id?: string;
  current_revision?: number;
  errors?: ValidationIssue[];
  [extension: string]: unknown;
}

/** A request that did not succeed: the API's problem, or status 0 when nothing came back. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The last segment of the problem's type URI: "invalid_transition", "order-not-found". */
  get code(): string {
    const type = this.problem.type ?? "";
    return type.slice(type.lastIndexOf("/") + 1);
  }
}

export function networkError(): ApiError {
  return new ApiError({ status: 0, type: "network", title: "Network error" });
}

/** Reads a failed response's body as a problem, whatever the server sent. */
export async function problemOf(response: Response): Promise<ApiError> {
  let problem: Problem = { status: response.status, title: response.statusText };
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      const body: unknown = await response.json();
      if (body && typeof body === "object") problem = { ...problem, ...(body as object) };
    } catch {
      // An unreadable body says no more than the status does.
    }
  }
  problem.status = response.status;
  const retry = Number(response.headers.get("retry-after"));
  return new ApiError(problem, Number.isFinite(retry) && retry > 0 ? retry : null);
}
