// What the browser tests share: the accounts the harness made, signing in and up through the
// screens as a person does, the accessibility check and the screenshots of each screen.
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";

export interface Credentials {
  email: string;
  password: string;
}

function account(role: string): Credentials {
  const email = process.env[`WEB_${role.toUpperCase()}_EMAIL`];
  const password = process.env[`WEB_${role.toUpperCase()}_PASSWORD`];
  if (!email || !password) throw new Error(`WEB_${role.toUpperCase()}_EMAIL/PASSWORD are not set`);
  return { email, password };
}

export const admin = () => account("admin");
export const staff = () => account("staff");
export const auditor = () => account("auditor");

export const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? join(process.cwd(), "screenshots");
export const RESULTS = process.env.WEB_RESULTS_DIR ?? join(process.cwd(), "test-results");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

export async function signIn(page: Page, area: "customer" | "admin", who: Credentials): Promise<void> {
  await page.goto(`/${area}/login`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

let customers = 0;

/** A new customer, signed up through the sign-up screen (and so signed in). */
export async function signUp(page: Page, name = "Kim Minji"): Promise<Credentials> {
  customers += 1;
  const who = {
    email: `customer-${Date.now()}-${customers}@dinner.test`,
    password: `tasty-dinner-${Math.random().toString(36).slice(2)}`,
  };
  await page.goto("/customer/signup");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(name);
  return who;
}

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP });
  return context.newPage();
}

async function noSeriousViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const described = serious.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    ")}`,
  );
  expect(described, `accessibility of ${label}`).toEqual([]);
}

/** The screen as it is now: no serious or critical axe violations at desktop and phone
 * width, and a full-page screenshot at each under web/screenshots/. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await noSeriousViolations(page, `${name} (desktop)`);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await noSeriousViolations(page, `${name} (phone)`);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(original);
}

/** The screen's own account of what went wrong (Next's route announcer is an alert too). */
export function problem(page: Page) {
  return page.locator('.notice[role="alert"]');
}

/** The order id in a `/…/orders/<id>` address. */
export function orderIdOf(page: Page): string {
  const found = /orders\/([0-9a-f-]{36})/.exec(page.url());
  if (!found?.[1]) throw new Error(`no order id in ${page.url()}`);
  return found[1];
}

export function short(orderId: string): string {
  return orderId.slice(0, 8);
}

/** Setting up through the real API (for what a test is not about): sign in, then call. */
export class Api {
  private constructor(
    private readonly http: APIRequestContext,
    readonly token: string,
    readonly who: Credentials,
  ) {}

  static async signIn(http: APIRequestContext, who: Credentials): Promise<Api> {
    const response = await http.post("/api/auth/login", { data: who });
    expect(response.status(), await response.text()).toBe(200);
    return new Api(http, (await response.json()).access_token as string, who);
  }

  static async signUp(http: APIRequestContext): Promise<Api> {
    customers += 1;
    const who = { email: `api-customer-${Date.now()}-${customers}@dinner.test`, password: "api-customer-pw-2026" };
    const created = await http.post("/api/auth/signup", { data: { ...who, name: "Park Jisoo" } });
    expect(created.status(), await created.text()).toBe(201);
    return Api.signIn(http, who);
  }

  async post<T>(path: string, data?: unknown): Promise<T> {
    const response = await this.http.post(path, { data, headers: { Authorization: `Bearer ${this.token}` } });
    expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  }

  async get<T>(path: string): Promise<T> {
    const response = await this.http.get(path, { headers: { Authorization: `Bearer ${this.token}` } });
    expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  }

  /** A placed and paid order of two dinners and a cake, for this (customer) account. */
  async paidOrder(): Promise<{ order_id: string; total: number }> {
    const requestedFor = new Date(Date.now() + 86_400_000).toISOString();
    const placed = await this.post<{ order_id: string; total: number }>("/api/orders", {
      items: [
        { menu_item_id: "valentine_dinner", quantity: 2, serving_style: "grand" },
        { menu_item_id: "cake", quantity: 1 },
      ],
      delivery: { address: "1 Sejong-daero, Jung-gu, Seoul", requested_for: requestedFor },
    });
    await this.post(`/api/orders/${placed.order_id}/pay`, { payment_ref: `test-${placed.order_id}`, amount: placed.total });
    return placed;
  }
}
