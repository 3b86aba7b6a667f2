import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `next dev` would otherwise add an AGENTS.md of its own to this folder.
  agentRules: false,
  experimental: {
    agentUpgrade: false,
    // src/proxy.ts forwards /api/* to the APIs. The body of a forwarded request is buffered
    // up to this size; a voice recording may be 10 MiB plus its multipart envelope, and the
    // command API itself refuses anything larger with a 413.
    proxyClientMaxBodySize: "11mb",
    // A read-your-writes read waits up to 2 s and a forget re-projects a customer's streams:
    // give the APIs more than the 30 s default before the proxy gives up.
    proxyTimeout: 120_000,
  },
};

export default config;
