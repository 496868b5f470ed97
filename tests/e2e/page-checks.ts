import { AxeBuilder } from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

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

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

function describe(violations: readonly Violation[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .slice(0, 5)
        .map((node) => `    at ${node.target.join(" ")}\n      ${(node.failureSummary ?? "").replace(/\n/g, "\n      ")}`)
        .join("\n");
      const more = violation.nodes.length > 5 ? `\n    …and ${violation.nodes.length - 5} more` : "";
      return `[${violation.impact ?? "unknown"}] ${violation.id}: ${violation.help}\n  ${violation.helpUrl}\n${nodes}${more}`;
    })
    .join("\n\n");
}

/** WCAG 2 A and AA as axe checks them: no serious or critical finding; moderate and minor ones are printed for the record. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  const lesser = results.violations.filter((violation) => !serious.includes(violation));
  if (lesser.length > 0) console.log(`${what}: moderate or minor findings\n${describe(lesser)}`);
  expect(serious, `${what}: serious or critical accessibility violations\n${describe(serious)}`).toEqual([]);
}

interface LineGlobals {
  document: { createRange(): { selectNodeContents(node: unknown): void; getClientRects(): ArrayLike<{ top: number; height: number }> } };
}

/** How many lines an element's text takes on screen: 1 when its label does not break. */
export async function textLines(element: Locator): Promise<number> {
  return element.evaluate((node) => {
    const range = (globalThis as unknown as LineGlobals).document.createRange();
    range.selectNodeContents(node);
    const tops = Array.from(range.getClientRects())
      .filter((rect) => rect.height > 0)
      .map((rect) => Math.round(rect.top));
    return new Set(tops).size;
  });
}
