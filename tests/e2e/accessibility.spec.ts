import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

// WCAG 2 A and AA, as axe checks them. Serious and critical findings fail
// the test; moderate and minor ones are printed for the record.

const DEMO_PASSWORD = "demo-password";
type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>;
type Violation = AxeResults["violations"][number];

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

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  const lesser = results.violations.filter((violation) => !serious.includes(violation));
  if (lesser.length > 0) console.log(`${what}: moderate or minor findings\n${describe(lesser)}`);
  expect(serious, `${what}: serious or critical accessibility violations\n${describe(serious)}`).toEqual([]);
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/caseload$/);
}

test("the sign-in page, empty and with an error", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectNoSeriousViolations(page, "sign-in");

  await page.getByLabel("Email").fill("emily@bewellbaby.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoSeriousViolations(page, "sign-in with an error");
});

test("the caseload", async ({ page }) => {
  await signIn(page, "emily@bewellbaby.test");
  await expect(page.getByTestId("caseload-row").first()).toBeVisible();
  await expectNoSeriousViolations(page, "caseload");
});

test("the client review page, in both axis modes and with the weekly table open", async ({ page }) => {
  await signIn(page, "emily@bewellbaby.test");
  await page.getByTestId("caseload-row").first().locator(".client-link").click();
  await expect(page.getByTestId("episode-row").first()).toBeVisible();
  await expect(page.getByTestId("intervention-row").first()).toBeVisible();
  await expect(page.getByTestId("epds-row").first()).toBeVisible();
  await expect(page.locator("svg.recharts-surface")).toBeVisible();
  await expectNoSeriousViolations(page, "client review");

  await page.getByRole("radio", { name: "Weeks postpartum" }).check();
  await page.getByText("Weekly means as a table", { exact: false }).click();
  await expect(page.getByRole("table", { name: /Weekly mean intensity/ })).toBeVisible();
  await expectNoSeriousViolations(page, "client review, weeks postpartum");
});
