// (1) A new customer signs up, orders two dinners with extras, pays, and sees the order move
// to "cooking" without reloading while a staff user in a second browser context advances it.
import { expect, test } from "@playwright/test";

import { checkScreen, newPage, orderIdOf, short, signIn, signUp, staff } from "./support";

test("a new customer orders, pays and watches the kitchen start cooking, live", async ({ browser }) => {
  const customer = await newPage(browser);
  await signUp(customer, "Kim Minji");
  await expect(customer.getByRole("heading", { name: "Tonight's dinners" })).toBeVisible();
  await checkScreen(customer, "customer-menu");

  const french = customer.getByRole("article", { name: "French Dinner" });
  await french.getByRole("radio", { name: /Grand/ }).check();
  await french.getByRole("button", { name: "Add to cart" }).click();
  await expect(customer.getByRole("status").filter({ hasText: "French Dinner is in your cart." })).toBeVisible();
  const valentine = customer.getByRole("article", { name: "Valentine Dinner" });
  await valentine.getByRole("radio", { name: /Deluxe/ }).check();
  await valentine.getByRole("button", { name: "Add to cart" }).click();
  const wine = customer.getByRole("article", { name: "Wine" });
  await wine.getByRole("spinbutton").fill("2");
  await wine.getByRole("button", { name: "Add: Wine" }).click();
  await customer.getByRole("article", { name: "Cake" }).getByRole("button", { name: "Add: Cake" }).click();
  await expect(customer.getByTestId("cart-link")).toHaveText("Cart (5)");

  await customer.getByTestId("cart-link").click();
  // French Dinner grand 70,000 + 10,000; Valentine deluxe 60,000 + 20,000; 2 × wine 30,000; cake 25,000.
  const expected = "₩245,000";
  await expect(customer.getByTestId("cart-total")).toHaveText(expected);
  // The server's own price for these lines (POST /api/orders/quote), not only the menu's.
  await expect(customer.getByText("Priced by the kitchen from the current menu")).toBeVisible();
  await expect(customer.getByTestId("cart-total")).toHaveText(expected);
  await customer.getByLabel("Delivery address").fill("12 Sejong-daero, Jung-gu, Seoul");
  await checkScreen(customer, "customer-cart");

  // Two submits in the same moment, as a double click on a slow connection sends them: both
  // carry the same Idempotency-Key, so the kitchen gets one order.
  const placing = customer.waitForURL(/\/customer\/orders\/[0-9a-f-]{36}/);
  await customer.getByRole("button", { name: "Place order" }).evaluate((button: HTMLButtonElement) => {
    button.click();
    button.click();
  });
  await placing;
  const orderId = orderIdOf(customer);
  await expect(customer.getByTestId("order-status")).toHaveText("Placed");
  await expect(customer.getByTestId("order-total")).toHaveText(expected);
  await checkScreen(customer, "customer-order-placed");

  await customer.getByRole("button", { name: `Pay ${expected}` }).click();
  await expect(customer.getByTestId("order-status")).toHaveText("Paid");
  await expect(customer.getByText("Live", { exact: true })).toBeVisible();

  // From here on the customer's page must change by itself: count its loads.
  let loads = 0;
  customer.on("load", () => {
    loads += 1;
  });

  const kitchen = await newPage(browser);
  await signIn(kitchen, "admin", staff());
  await kitchen.goto("/admin/kitchen");
  const ticket = kitchen.getByRole("article", { name: `Order ${short(orderId)}` });
  await expect(kitchen.locator('[data-column="paid"]').getByRole("article", { name: `Order ${short(orderId)}` })).toBeVisible();
  await ticket.getByRole("button", { name: "Confirm" }).click();
  await expect(customer.getByTestId("order-status")).toHaveText("Confirmed");
  await expect(kitchen.locator('[data-column="confirmed"]').getByRole("article", { name: `Order ${short(orderId)}` })).toBeVisible();
  await ticket.getByRole("button", { name: "Start cooking" }).click();
  await expect(customer.getByTestId("order-status")).toHaveText("Cooking");
  expect(loads).toBe(0);
  await checkScreen(customer, "customer-order-cooking");
  await checkScreen(kitchen, "admin-kitchen");

  // One order only, for all the clicking.
  await customer.getByRole("link", { name: "My orders", exact: true }).click();
  await expect(customer.getByRole("link", { name: /^Order / })).toHaveCount(1);
  await expect(customer.locator(".order-row").getByText("Cooking")).toBeVisible();
  await checkScreen(customer, "customer-my-orders");
});
