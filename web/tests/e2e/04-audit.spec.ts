// (4) An auditor opens an order "as of" its first revision and sees the chain verified.
import { expect, test } from "@playwright/test";

import { Api, auditor, checkScreen, newPage, short, signIn, staff } from "./support";

test("an auditor rebuilds an order as of its first revision, with the chain verified", async ({ browser, request }) => {
  const customer = await Api.signUp(request);
  const { order_id: orderId } = await customer.paidOrder();
  const kitchen = await Api.signIn(request, staff());
  await kitchen.post(`/api/orders/${orderId}/confirm`);

  const office = await newPage(browser);
  await signIn(office, "admin", auditor());
  await expect(office).toHaveURL(/\/admin\/audit$/);
  await expect(office.getByRole("heading", { name: "Event history", level: 1 })).toBeVisible();
  // The log reads from the oldest event; the auditor narrows it to the kind they are after.
  await office.getByLabel("Event types").fill("OrderConfirmed");
  await office.getByRole("button", { name: "Search" }).click();
  await expect(office.getByRole("row", { name: new RegExp(`OrderConfirmed order-${orderId}`) })).toBeVisible();
  await checkScreen(office, "admin-audit-log");

  await office.getByLabel("Order id").fill(orderId);
  await office.getByRole("button", { name: "Open", exact: true }).click();
  await expect(office.getByRole("heading", { name: `Order ${short(orderId)} through time` })).toBeVisible();
  await expect(office.getByRole("heading", { name: /State at revision 0/ })).toBeVisible();
  await expect(office.getByTestId("as-of-status")).toHaveText("Placed");
  await expect(office.getByTestId("chain-verified")).toContainText("Chain verified: 3 events, every hash matches.");
  // The second point defaults to the newest revision: what happened since the first.
  const changes = office.getByRole("region", { name: "What changed from revision 0 to 2" });
  await expect(changes.getByRole("row", { name: /^status placed confirmed$/ })).toBeVisible();
  await expect(changes.getByRole("row", { name: /^paid_amount null/ })).toBeVisible();
  await checkScreen(office, "admin-audit-order-as-of");

  await office.goto(`/admin/audit/streams/order-${orderId}`);
  await expect(office.getByRole("heading", { name: `Stream order-${orderId}` })).toBeVisible();
  await expect(office.getByTestId("chain-verified")).toBeVisible();
  await expect(office.getByText("#2 OrderConfirmed")).toBeVisible();
  await checkScreen(office, "admin-audit-stream");
});
