// (3) An admin changes a price and marks an item unavailable, and the customer's menu shows both.
import { expect, test } from "@playwright/test";

import { admin, checkScreen, newPage, signIn } from "./support";

test("the admin's price change and sold-out mark reach the customer's menu", async ({ browser }) => {
  const office = await newPage(browser);
  await signIn(office, "admin", admin());
  await office.getByRole("link", { name: "Menu" }).click();
  await expect(office.getByRole("heading", { name: "Menu" })).toBeVisible();

  await office.getByLabel("Price of English Dinner (KRW)").fill("68000");
  await office.getByRole("button", { name: "Save price: English Dinner" }).click();
  await expect(office.getByText("Saved: English Dinner.")).toBeVisible();
  await office.getByRole("button", { name: "Mark sold out: Salad" }).click();
  await expect(office.getByText("Saved: Salad.")).toBeVisible();
  await expect(office.getByRole("button", { name: "Mark available: Salad" })).toBeVisible();
  await checkScreen(office, "admin-menu");

  const customer = await newPage(browser);
  await customer.goto("/customer");
  const english = customer.getByRole("article", { name: "English Dinner" });
  const salad = customer.getByRole("article", { name: "Salad" });
  // The menu read model follows the events a moment later: look again until it has.
  await expect(async () => {
    await customer.reload();
    await expect(english.getByTestId("price")).toHaveText("₩68,000", { timeout: 1_000 });
    await expect(salad.getByText("Sold out")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(salad.getByRole("button")).toHaveCount(0);
  await expect(english.getByRole("radio", { name: /Grand/ })).toHaveAccessibleName(/₩78,000/);
  await checkScreen(customer, "customer-menu-after-admin-changes");
});
