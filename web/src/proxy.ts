// The Next server forwards the API paths exactly as deploy/Caddyfile does, so the browser
// talks to one origin in development and under `make run`: writes (any method but GET, HEAD
// and OPTIONS) to the command API, reads and WebSockets to the query API. A rewrite to
// another origin is proxied by `next start` itself, WebSocket upgrades included, so no
// custom server is needed. Behind Caddy these paths never reach this server.
//
// COMMAND_API_URL and QUERY_API_URL are read at request time (this runs in Node.js), so one
// build serves any deployment.
import { NextResponse, type NextRequest } from "next/server";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

export function upstream(method: string, pathname: string): string {
  const command = process.env.COMMAND_API_URL ?? "http://127.0.0.1:8000";
  const query = process.env.QUERY_API_URL ?? "http://127.0.0.1:8002";
  if (pathname.startsWith("/api/") && !READS.has(method.toUpperCase())) return command;
  return query;
}

export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const target = new URL(pathname + search, upstream(request.method, pathname));
  return NextResponse.rewrite(target);
}

export const config = {
  // /media/*: generated cake designs, which the query API serves.
  matcher: ["/api/:path*", "/ws/:path*", "/media/:path*"],
};
