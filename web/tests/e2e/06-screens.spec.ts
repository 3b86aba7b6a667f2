// Every other screen: each one checked for accessibility and photographed at desktop and
// phone width, doing what it is for against the real system.
import { expect, test } from "@playwright/test";

import { admin, Api, checkScreen, newPage, problem, short, signIn, signUp, staff } from "./support";

test("the sign-in and sign-up screens", async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto("/customer/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await checkScreen(page, "customer-sign-in");
  await page.getByLabel("Email").fill("nobody@dinner.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(problem(page)).toHaveText("The email or password is not right.");
  await page.goto("/customer/signup");
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await checkScreen(page, "customer-sign-up");
  await page.goto("/admin/login");
  await checkScreen(page, "admin-sign-in");
});

test("signing out ends the session for good, also after a reload", async ({ browser }) => {
  const page = await newPage(browser);
  await signUp(page, "Han Jiwoo");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.goto("/customer/orders");
  await expect(page.getByText("Sign in to continue.")).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
});

test("the whole menu works from the keyboard, and in Korean with prices in won", async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto("/customer");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  const deluxe = page.getByRole("article", { name: "French Dinner" }).getByRole("radio", { name: /Deluxe/ });
  // From the first style of the French dinner: arrow keys move between styles, Tab on.
  await page.getByRole("article", { name: "French Dinner" }).getByRole("radio", { name: /Simple/ }).focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(deluxe).toBeChecked();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("article", { name: "French Dinner" }).getByRole("button", { name: "Add to cart" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("cart-link")).toHaveText("Cart (1)");

  await page.getByRole("combobox", { name: "Language" }).selectOption("ko");
  await expect(page.getByRole("heading", { name: "오늘의 디너" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("article", { name: "프렌치 디너" }).getByTestId("price")).toHaveText("70,000원");
  await checkScreen(page, "customer-menu-ko");
  await page.getByTestId("cart-link").click();
  await expect(page.getByTestId("cart-total")).toHaveText("90,000원");
  await checkScreen(page, "customer-cart-ko");
  // The choice is kept: the next page load is Korean from the server's first byte.
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
});

test("staff find orders by status and open one", async ({ browser, request }) => {
  const customer = await Api.signUp(request);
  const { order_id: orderId } = await customer.paidOrder();
  const page = await newPage(browser);
  await signIn(page, "admin", staff());
  await page.getByRole("link", { name: "Orders" }).click();
  await page.getByLabel("Status").selectOption("paid");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: short(orderId) })).toBeVisible();
  await checkScreen(page, "admin-order-search");
  await page.getByRole("link", { name: short(orderId) }).click();
  await expect(page.getByRole("heading", { name: `Order ${short(orderId)}` })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  await expect(page.getByRole("button", { name: "Confirm" })).toBeVisible();
  // Reject needs a reason: the form asks for it before anything is sent.
  await page.getByRole("button", { name: "Reject" }).click();
  await page.getByLabel("Reason").fill("The oven is broken tonight");
  await checkScreen(page, "admin-order");
  await page.getByRole("region", { name: "Move the order" }).getByRole("button", { name: "Reject" }).last().click();
  await expect(page.getByTestId("order-status")).toHaveText("Rejected");
  // A second reject of the same order, as from a page that had not caught up yet.
  const again = await request.post(`/api/orders/${orderId}/reject`, {
    data: { reason: "again" },
    headers: { Authorization: `Bearer ${(await Api.signIn(request, staff())).token}` },
  });
  expect(again.status()).toBe(409);
});

test("the admin's sales, users, dead letters and forgetting", async ({ browser, request }) => {
  const forgotten = await Api.signUp(request);
  await forgotten.paidOrder();
  const me = await forgotten.get<{ user_id: string }>("/api/auth/me");
  const page = await newPage(browser);
  await signIn(page, "admin", admin());
  await expect(page).toHaveURL(/\/admin\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Sales" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Bar chart of revenue per day/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Bar chart of revenue per menu item/ })).toBeVisible();
  await checkScreen(page, "admin-dashboard");

  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users and roles" })).toBeVisible();
  await page.getByRole("form").or(page.locator("form").filter({ hasText: "Create an account" })).last().scrollIntoViewIfNeeded();
  const create = page.locator("form").filter({ hasText: "Create an account" });
  await create.getByLabel("Name").fill("Jung Hoseok");
  await create.getByLabel("Email").fill(`cook-${Date.now()}@dinner.test`);
  await create.getByLabel("Role").selectOption("staff");
  await create.getByLabel("First password").fill("kitchen-password-2026");
  await create.getByRole("button", { name: "Create an account" }).click();
  await expect(page.getByText(/Account created for cook-/)).toBeVisible();
  await expect(page.getByRole("rowheader", { name: /Jung Hoseok/ })).toBeVisible();
  await checkScreen(page, "admin-users");

  await page.getByRole("link", { name: "Dead letters" }).click();
  const row = page.getByRole("row", { name: /^notifications/ });
  await expect(row.getByRole("cell").first()).toHaveText("1");
  await row.getByRole("button", { name: "Show: notifications" }).click();
  await expect(page.getByText("PermanentError: planted by the browser tests")).toBeVisible();
  await checkScreen(page, "admin-dead-letters");
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Replay all: notifications" }).click();
  await expect(page.getByText("Replayed 1 messages to notifications.")).toBeVisible();

  await page.getByRole("link", { name: "Forget a customer" }).click();
  await page.getByLabel("Customer id", { exact: true }).fill(me.user_id);
  await page.getByLabel("Type the id again to confirm").fill(me.user_id);
  await checkScreen(page, "admin-forget");
  await page.getByRole("button", { name: "Forget this customer" }).click();
  await expect(page.getByText(new RegExp(`Forgotten ${me.user_id}: 1 keys destroyed`))).toBeVisible();
});
