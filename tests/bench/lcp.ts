import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { SESSION_COOKIE } from "@wave/server/testing";
import { percentile } from "./stats.js";

export type LcpResult =
  | { status: "measured"; medianMs: number; loadsMs: number[]; page: string }
  | { status: "skipped"; reason: string };

/**
 * Reads the largest-contentful-paint entries the page has recorded
 * (buffered: those before the observer count too) and answers the last one.
 * A string: it runs in the page, whose DOM types this package does not load.
 */
const READ_LCP = `new Promise((resolve) => {
  let latest = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) latest = Math.max(latest, entry.startTime);
  }).observe({ type: "largest-contentful-paint", buffered: true });
  // Buffered entries are delivered asynchronously.
  setTimeout(() => resolve(latest), 100);
})`;

/**
 * The caseload page's Largest Contentful Paint: `loads` cold loads (a fresh
 * browser context each, so no cache), signed in by the session cookie, in
 * headless Chromium; the median. Skipped, with the reason, without Chromium.
 */
export async function measureCaseloadLcp(options: { baseUrl: string; cookie: string; chromiumPath: string; loads: number }): Promise<LcpResult> {
  if (!existsSync(options.chromiumPath)) return { status: "skipped", reason: `${options.chromiumPath} is absent` };
  const browser = await chromium.launch({
    executablePath: options.chromiumPath,
    args: ["--no-sandbox", "--disable-background-networking"],
  });
  const page = "/caseload";
  try {
    const loadsMs: number[] = [];
    for (let load = 0; load < options.loads; load++) {
      const context = await browser.newContext();
      const value = options.cookie.slice(options.cookie.indexOf("=") + 1);
      await context.addCookies([{ name: SESSION_COOKIE, value, url: options.baseUrl, httpOnly: true, sameSite: "Lax" }]);
      const tab = await context.newPage();
      await tab.goto(`${options.baseUrl}${page}`, { waitUntil: "networkidle" });
      // The page is done when the caseload's rows are on screen; LCP is final before any input.
      await tab.getByRole("table").first().waitFor({ state: "visible", timeout: 30_000 });
      const lcp = Number(await tab.evaluate(READ_LCP));
      if (!(lcp > 0)) throw new Error("the caseload page recorded no largest-contentful-paint entry");
      loadsMs.push(Math.round(lcp));
      await context.close();
    }
    const sorted = [...loadsMs].sort((a, b) => a - b);
    return { status: "measured", medianMs: percentile(sorted, 0.5), loadsMs, page };
  } finally {
    await browser.close();
  }
}
