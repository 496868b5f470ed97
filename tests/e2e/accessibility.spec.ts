import { expect, test } from "./fixtures";
import { expectAccessible } from "./page-checks";

// WCAG 2 A and AA, as axe checks them. Serious and critical findings fail
// the test; moderate and minor ones are printed for the record.

test("the sign-in page, empty and with an error", async ({ page, practice }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page, "sign-in");

  await page.getByLabel("Email").fill(practice.emily.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectAccessible(page, "sign-in with an error");
});

test("the caseload", async ({ page, practice, login }) => {
  await login(page, practice.emily);
  await page.goto("/caseload");
  await expect(page.getByTestId("caseload-row").first()).toBeVisible();
  await expectAccessible(page, "caseload");
});

test("the client review page, in both axis modes and with the weekly table open", async ({ page, practice, login }) => {
  await login(page, practice.emily);
  await page.goto("/caseload");
  await page.getByTestId("caseload-row").first().locator(".client-link").click();
  await expect(page.getByTestId("episode-row").first()).toBeVisible();
  await expect(page.getByTestId("intervention-row").first()).toBeVisible();
  await expect(page.getByTestId("epds-row").first()).toBeVisible();
  await expect(page.locator("svg.recharts-surface")).toBeVisible();
  await expectAccessible(page, "client review");

  await page.getByRole("radio", { name: "Weeks postpartum" }).check();
  await page.getByText("Weekly means as a table", { exact: false }).click();
  await expect(page.getByRole("table", { name: /Weekly mean intensity/ })).toBeVisible();
  await expectAccessible(page, "client review, weeks postpartum");
});
