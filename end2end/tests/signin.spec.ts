import { test, expect, type Page, type ConsoleMessage } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

// Each test gets a fresh browser context (Playwright's default), so the
// sandbox CIS2 provider's SSO session never leaks from one test to the next.

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const PORTAL_ORIGIN = new URL(BASE_URL).origin;

/** Requests whose failure is not the portal's fault (web fonts on assets.nhs.uk). */
function isIgnorable(text: string, url?: string): boolean {
  return /assets\.nhs\.uk/.test(url ?? "") || /assets\.nhs\.uk/.test(text);
}

function onPortal(page: Page): boolean {
  try {
    return new URL(page.url()).origin === PORTAL_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * Collects uncaught page errors and console errors raised while the page is on the
 * portal. The sandbox CIS2 provider's own pages are not under test here.
 */
function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => {
    if (!onPortal(page)) return;
    errors.push(`pageerror on ${page.url()}: ${err.stack ?? err.message}`);
  });
  page.on("console", (msg: ConsoleMessage) => {
    if (msg.type() !== "error" || !onPortal(page)) return;
    const url = msg.location()?.url;
    if (isIgnorable(msg.text(), url)) return;
    errors.push(`console error on ${page.url()}: ${msg.text()}${url ? ` (${url})` : ""}`);
  });
  return errors;
}

/** Waits until the page has loaded and its WASM has had a chance to hydrate. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  await page.waitForLoadState("networkidle");
}

/** Runs axe-core against the current page and fails with a readable report. */
async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  await settle(page);
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const report = results.violations
    .map((v) => {
      const nodes = v.nodes
        .map(
          (n) =>
            `    - target: ${n.target.join(" ")}\n      html: ${n.html}\n      ${n.failureSummary?.replace(/\n/g, "\n      ")}`,
        )
        .join("\n");
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join("\n");
  expect(
    results.violations,
    `axe found accessibility violations on ${label} (${page.url()}):\n${report}`,
  ).toEqual([]);
}

/** From the portal's landing page, signs in through the sandbox as `user`. */
async function signInAs(page: Page, user: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("link", { name: "Sign in with CIS2" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "CIS2 sandbox: choose a demo user" }),
  ).toBeVisible();
  await page.getByRole("button", { name: `Sign in as ${user}` }).click();
}

async function chooseRole(page: Page, role: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();
  await page.getByRole("button", { name: role }).click();
}

test("an RA agent signs in, sees the home page and signs out", async ({ page }) => {
  const errors = watchForErrors(page);

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "RA Portal" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in with CIS2" })).toBeVisible();
  await expectNoAxeViolations(page, "the landing page");

  await page.getByRole("link", { name: "Sign in with CIS2" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "CIS2 sandbox: choose a demo user" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Sign in as Sam Okafor" }).click();

  await chooseRole(page, "Registration Authority Agent");

  await expect(page).toHaveURL(/\/ra$/);
  await expect(page.getByRole("heading", { level: 1, name: "RA officer home" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(
    "Signed in as Sam Okafor (RA agent, Northshire Integrated Care Board)",
  );
  await expectNoAxeViolations(page, "the RA officer home page");

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Sign out of the CIS2 sandbox" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();

  await expect(page).toHaveURL(/\/signed-out$/);
  await expect(page.getByRole("heading", { level: 1, name: "You have signed out" })).toBeVisible();
  await expectNoAxeViolations(page, "the signed-out page");

  // The portal session and the sandbox SSO session have both gone.
  await page.goto("/ra");
  await expect(
    page.getByRole("heading", { level: 1, name: "CIS2 sandbox: choose a demo user" }),
  ).toBeVisible();
  expect(new URL(page.url()).origin).not.toBe(PORTAL_ORIGIN);

  expect(errors, errors.join("\n")).toEqual([]);
});

test("a person with no role sees the no-access page", async ({ page }) => {
  const errors = watchForErrors(page);

  await signInAs(page, "Chris Doe");

  await expect(page).toHaveURL(/\/no-access$/);
  await expect(
    page.getByRole("heading", { level: 1, name: "You do not have access to RA Portal" }),
  ).toBeVisible();
  await expectNoAxeViolations(page, "the no-access page");

  expect(errors, errors.join("\n")).toEqual([]);
});

test("a manager is refused the RA pages", async ({ page }) => {
  const errors = watchForErrors(page);

  await signInAs(page, "Tom Bell");

  await expect(page).toHaveURL(/\/organisation$/);
  await expect(page.getByText("Meadowbank Care Home (VMB01)").first()).toBeVisible();
  await expectNoAxeViolations(page, "the organisation page");
  expect(errors, errors.join("\n")).toEqual([]);

  const response = await page.goto("/ra");
  expect(response?.status()).toBe(403);
  await expect(
    page.getByRole("heading", { level: 1, name: "You cannot see this page" }),
  ).toBeVisible();
  await expectNoAxeViolations(page, "the 403 page");

  // Chromium logs the 403 document load itself as a console error; that one is expected.
  const unexpected = errors.filter(
    (e) =>
      !(
        /Failed to load resource: the server responded with a status of 403/.test(e) &&
        e.includes(`(${PORTAL_ORIGIN}/ra)`)
      ),
  );
  expect(unexpected, unexpected.join("\n")).toEqual([]);
});
