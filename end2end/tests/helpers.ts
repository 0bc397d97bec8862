// Shared by the end-to-end specs.
import { expect, type Page, type ConsoleMessage } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

// Each test gets a fresh browser context (Playwright's default), so the
// sandbox CIS2 provider's SSO session never leaks from one test to the next.

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
export const PORTAL_ORIGIN = new URL(BASE_URL).origin;

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
export function watchForErrors(page: Page): string[] {
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

/**
 * Waits until the page has loaded and, on the portal, hydrated: the app marks
 * `<html data-hydrated>` once its WASM has taken over, so forms run as the app's.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  if (onPortal(page)) {
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  }
  await page.waitForLoadState("networkidle");
}

/** Runs axe-core against the current page and fails with a readable report. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
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
export async function signInAs(page: Page, user: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("link", { name: "Sign in with CIS2" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "CIS2 sandbox: choose a demo user" }),
  ).toBeVisible();
  await page.getByRole("button", { name: `Sign in as ${user}` }).click();
}

export async function chooseRole(page: Page, role: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();
  await page.getByRole("button", { name: role }).click();
}

