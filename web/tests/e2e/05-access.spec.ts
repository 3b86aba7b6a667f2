// (5) A customer cannot open /admin screens or another customer's order: the API answers
// 403/404 and the screen says so.
import { expect, test } from "@playwright/test";

import { Api, checkScreen, newPage, problem, signUp } from "./support";

test("a customer is refused the staff screens and other customers' orders, in words", async ({ browser, request }) => {
  const someoneElse = await Api.signUp(request);
  const { order_id: theirs } = await someoneElse.paidOrder();

  const customer = await newPage(browser);
  await signUp(customer, "Choi Yuna");

  await customer.goto("/admin");
  await expect(problem(customer)).toContainText(
    "This area is for staff, admins and auditors. You are signed in as a customer.",
  );
  await checkScreen(customer, "admin-refused-customer");

  const kitchenRead = customer.waitForResponse((response) => response.url().includes("/api/kitchen/queue"));
  await customer.goto("/admin/kitchen");
  expect((await kitchenRead).status()).toBe(403);
  await expect(problem(customer)).toContainText("This screen is not available to your account.");
  await expect(problem(customer)).toContainText("You are signed in as a customer.");
  await expect(customer.getByRole("button", { name: "Confirm" })).toHaveCount(0);

  const usersRead = customer.waitForResponse((response) => response.url().includes("/api/users"));
  await customer.goto("/admin/users");
  expect((await usersRead).status()).toBe(403);
  await expect(problem(customer)).toContainText("This screen is not available to your account.");

  await customer.goto("/admin/menu");
  await expect(problem(customer)).toContainText("This screen is not available to your account.");
  await expect(customer.getByRole("button", { name: /Save price/ })).toHaveCount(0);

  const orderRead = customer.waitForResponse((response) => response.url().includes(`/api/orders/${theirs}`));
  await customer.goto(`/customer/orders/${theirs}`);
  expect((await orderRead).status()).toBe(404);
  await expect(problem(customer)).toContainText("This order does not exist, or it is not yours.");
  await expect(customer.getByRole("button", { name: /Pay|Cancel/ })).toHaveCount(0);
  await checkScreen(customer, "customer-order-not-yours");
});
