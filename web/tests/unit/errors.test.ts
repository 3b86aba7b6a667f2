import { describe, expect, it } from "vitest";

import { describeError } from "@/lib/api/errors";
import { ApiError, problemOf } from "@/lib/api/problem";
import { translate } from "@/lib/i18n/catalogues";

const en = translate("en");
const ko = translate("ko");
const base = "https://dinner.example/problems/";

function problem(status: number, code: string, detail?: string, extra: object = {}): ApiError {
  return new ApiError({ status, type: base + code, detail, ...extra });
}

describe("API errors in words", () => {
  it("says an order was already confirmed when someone else confirmed it first", () => {
    const error = problem(409, "invalid_transition", "cannot confirm when confirmed");
    expect(describeError(error, en)).toBe("This order was already confirmed.");
    expect(describeError(error, ko)).toBe("이미 주문 확인 상태인 주문입니다.");
  });

  it("names the action and the status it met otherwise", () => {
    const error = problem(409, "invalid_transition", "cannot start cooking when cancelled");
    expect(describeError(error, en)).toBe("“Start cooking” is not possible now: the order is cancelled.");
  });

  it("asks for a reload when the order changed under an If-Match", () => {
    const error = problem(412, "revision-mismatch", "expected revision 2, found 3", { current_revision: 3 });
    expect(describeError(error, en)).toBe("Someone changed it meanwhile — reload to see the latest, then try again.");
  });

  it("explains refusals, absences and sign-in failures without the API's jargon", () => {
    expect(describeError(problem(403, "forbidden-role", "Role 'customer' may not perform this request."), en)).toBe(
      "This screen is not available to your account.",
    );
    expect(describeError(problem(404, "order-not-found", "No such order."), en)).toBe(
      "This order does not exist, or it is not yours.",
    );
    expect(describeError(problem(401, "invalid-credentials"), en, "login")).toBe("The email or password is not right.");
    expect(describeError(problem(401, "invalid-token"), en)).toBe("Your session has ended. Sign in again.");
    expect(describeError(problem(409, "email_taken"), en, "signup")).toBe(
      "An account with this email already exists. Sign in instead.",
    );
    expect(describeError(problem(409, "last_admin"), en, "users")).toBe("That would leave no active admin: keep at least one.");
  });

  it("says when to try again after too many attempts", () => {
    const error = new ApiError({ status: 429, type: base + "too-many-sign-ins" }, 30);
    expect(describeError(error, en, "login")).toBe("Too many attempts. Try again in 30 seconds.");
  });

  it("lists the fields of a validation error, and says the network is down when nothing came back", () => {
    const invalid = problem(422, "unprocessable-content", undefined, {
      errors: [{ loc: ["body", "delivery", "address"], msg: "Field required", type: "missing" }],
    });
    expect(describeError(invalid, en)).toBe("Check these fields: delivery.address.");
    expect(describeError(new ApiError({ status: 0, type: "network" }), en)).toBe(
      "Cannot reach the server. Check your connection and try again.",
    );
    expect(describeError(new TypeError("x"), en)).toBe("Something unexpected happened. Reload the page.");
  });

  it("quotes the correlation id of a server failure", () => {
    const error = problem(500, "internal-server-error", undefined, { correlation_id: "c-123" });
    expect(describeError(error, en)).toContain("c-123");
  });

  it("reads a problem+json response, its status and Retry-After", async () => {
    const response = new Response(JSON.stringify({ type: base + "too-many-sign-ins", title: "Too Many Requests", status: 429 }), {
      status: 429,
      headers: { "content-type": "application/problem+json", "retry-after": "12" },
    });
    const error = await problemOf(response);
    expect(error.status).toBe(429);
    expect(error.code).toBe("too-many-sign-ins");
    expect(error.retryAfter).toBe(12);
  });
});
