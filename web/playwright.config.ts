// Browser tests against the real system. Nothing here starts it: tests/web/test_browser.py
// (what `make test` runs) does, and passes where it is through the environment; so does
// `python -m tests.web.stack` for working on the tests by hand. The browser is the
// machine's Chromium (Debian's `chromium`): Playwright's own download site is not reachable.
import { defineConfig, devices } from "@playwright/test";

export default defineConfig({
  testDir: "tests/e2e",
  // One worker: the tests share the two cores with the whole system under test.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  outputDir: "test-results/playwright",
  use: {
    baseURL: process.env.BASE_URL ?? "http://localhost:3000",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "en-GB",
    timezoneId: "Asia/Seoul",
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } }],
});
