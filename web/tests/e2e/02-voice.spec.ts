// (2) A voice order from an uploaded WAV becomes an order after the customer edits the draft.
import { expect, test } from "@playwright/test";

import { checkScreen, newPage, orderIdOf, signUp } from "./support";

test("a spoken order is transcribed, understood, corrected and placed", async ({ browser }) => {
  const wav = process.env.VOICE_WAV;
  test.skip(!wav, "VOICE_WAV (a spoken order) is not set");
  const customer = await newPage(browser);
  await signUp(customer, "Lee Seojun");
  await customer.getByRole("link", { name: "Voice order" }).click();
  await expect(customer.getByRole("heading", { name: "Order by voice" })).toBeVisible();
  await checkScreen(customer, "customer-voice");

  await customer.getByLabel("Upload a recording").setInputFiles(wav as string);
  await customer.getByRole("button", { name: "Send the recording" }).click();
  const steps = customer.getByTestId("voice-steps");
  await expect(steps).toBeVisible();
  // The CPU models take a few seconds per stage on these machines.
  await expect(steps.locator('[aria-current="step"]')).toHaveText("Understood", { timeout: 150_000 });
  await expect(customer.getByTestId("transcript")).toContainText(/french/i);
  await checkScreen(customer, "customer-voice-draft");

  // The customer wants one more French dinner than they said.
  const french = customer.getByRole("spinbutton", { name: "Quantity of French Dinner" });
  const heard = Number(await french.inputValue());
  expect(heard).toBeGreaterThan(0);
  await french.fill(String(heard + 1));
  await customer.getByLabel("Delivery address").fill("7 Teheran-ro, Gangnam-gu, Seoul");
  await customer.getByRole("button", { name: "Place this order" }).click();

  await customer.waitForURL(/\/customer\/orders\/[0-9a-f-]{36}/);
  orderIdOf(customer);
  await expect(customer.getByTestId("order-status")).toHaveText("Placed");
  const line = customer.getByRole("row", { name: /French Dinner/ });
  await expect(line.getByRole("cell").first()).toHaveText(String(heard + 1));

  // The order has a cake: the customer asks for a design and the picture arrives by itself.
  await customer.getByLabel("Describe the cake you would like").fill("a red heart with gold stars");
  await customer.getByRole("button", { name: "Create a design" }).click();
  await expect(customer.getByRole("img", { name: "Generated cake design: a red heart with gold stars" })).toBeVisible({
    timeout: 120_000,
  });
  await checkScreen(customer, "customer-order-cake-design");
});
