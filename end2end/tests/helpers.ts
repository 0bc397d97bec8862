// Shared by the end-to-end specs.
import { expect, type Page, type ConsoleMessage } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createHmac } from "node:crypto";

// Each test gets a fresh browser context (Playwright's default), so the
// sandbox CIS2 provider's SSO session never leaks from one test to the next.

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
export const PORTAL_ORIGIN = new URL(BASE_URL).origin;

/**
 * Requests whose failure is not the portal's fault: the NHS web fonts on assets.nhs.uk,
 * which this machine cannot reach. A Content-Security-Policy refusal is never ignored.
 */
function isIgnorable(text: string, url?: string): boolean {
  if (/Content Security Policy|Refused to/i.test(text)) return false;
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
  // Every CSP violation is reported as an error, whatever the browser logs itself.
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
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

/** As the RA officer already signed in on `officer`, puts `domain` on the allow list for `ods`. */
export async function allowDomain(officer: Page, domain: string, ods: string): Promise<void> {
  await officer.goto("/allow-list/add");
  await settle(officer);
  await officer.getByLabel("Domain", { exact: true }).fill(domain);
  await officer.getByLabel("Organisation ODS code").fill(ods);
  await officer.getByRole("button", { name: "Add domain" }).click();
  await expect(officer.getByRole("heading", { level: 1, name: domain })).toBeVisible();
}

export async function chooseRole(page: Page, role: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();
  await page.getByRole("button", { name: role }).click();
}


export const MAILDEV_URL = process.env.MAILDEV_URL ?? "http://127.0.0.1:1081";

/** Waits for the newest email to `to` whose subject contains `subject`, in the SMTP catcher. */
export async function waitForMail(to: string, subject: string): Promise<{ text: string; subject: string }> {
  for (let i = 0; i < 60; i++) {
    const res = await fetch(`${MAILDEV_URL}/api/email`);
    const all = (await res.json()) as Array<{ to: Array<{ address: string }>; subject: string; text: string }>;
    const found = all.filter((m) => m.to?.[0]?.address === to && m.subject.includes(subject)).pop();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no email to ${to} about "${subject}" within 30 s`);
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as Microsoft Authenticator computes it. */
export function totp(base32: string, now = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of base32.replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const hmac = createHmac("sha1", key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, "0");
}
