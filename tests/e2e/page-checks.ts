import { AxeBuilder } from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// Checks several specs make of a page as a user meets it. The tests compile
// without the DOM library; the functions passed to page.evaluate run in the
// page, where globalThis is the window.
interface WidthGlobals {
  innerWidth: number;
  document: { documentElement: { scrollWidth: number } };
}

/** The page's width against the screen's: equal when nothing scrolls sideways. */
export async function pageWidths(page: Page): Promise<{ scroll: number; viewport: number }> {
  return page.evaluate(() => {
    const browserWindow = globalThis as unknown as WidthGlobals;
    return { scroll: browserWindow.document.documentElement.scrollWidth, viewport: browserWindow.innerWidth };
  });
}

/** WCAG 2 A and AA as axe checks them: no serious or critical finding. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect(serious, `${what}: serious or critical accessibility violations`).toEqual([]);
}
