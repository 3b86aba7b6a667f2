// Names for the generated API types the screens use. command.ts and query.ts are generated
// from the APIs' OpenAPI documents (`npm run api`); a change of contract shows up here as a
// type error, and `npm run api:check` fails until they are regenerated.
import type { components as CommandComponents } from "@/lib/api/command";
import type { components as QueryComponents } from "@/lib/api/query";

type C = CommandComponents["schemas"];
type Q = QueryComponents["schemas"];

export type MenuItemView = Q["MenuItemView"];
export type MenuView = Q["MenuView"];
export type OrderView = Q["OrderView"];
export type OrderDetail = Q["OrderDetail"];
export type OrderPage = Q["OrderPage"];
export type KitchenQueue = Q["KitchenQueue"];
export type KitchenTicket = Q["KitchenTicket"];
export type VoiceOrderView = Q["VoiceOrderView"];
export type SalesReport = Q["SalesReport"];
export type SalesDay = Q["SalesDay"];
export type SalesItem = Q["SalesItem"];
export type HistoryPage = Q["HistoryPage"];
export type StreamPage = Q["StreamPage"];
export type RecordedEvent = Q["RecordedEvent"];
export type OrderAsOf = Q["OrderAsOf"];
export type Verification = Q["Verification"];

export type PlaceOrderIn = C["PlaceOrderIn"];
export type OrderAccepted = C["OrderAccepted"];
export type OrderQuote = C["OrderQuote"];
export type PayIn = C["PayIn"];
export type AddMenuItemIn = C["AddMenuItemIn"];
export type ChangeMenuItemIn = C["ChangeMenuItemIn"];
export type MenuItemWritten = C["MenuItemWritten"];
export type VoiceOrderReceived = C["VoiceOrderReceived"];
export type CustomerForgotten = C["CustomerForgotten"];
export type Accepted = C["Accepted"];

export type DeadLetterQueues = Q["DeadLetterQueues"];
export type DeadLetterQueue = Q["DeadLetterQueue"];
export type DeadLetterPage = Q["DeadLetterPage"];
export type Replayed = C["Replayed"];
