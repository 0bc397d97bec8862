import { test, expect } from "@playwright/test";
import {
  PORTAL_ORIGIN,
  chooseRole,
  expectNoAxeViolations,
  signInAs,
  watchForErrors,
} from "./helpers";

// Each test gets a fresh browser context (Playwright's default), so the
// sandbox CIS2 provider's SSO session never leaks from one test to the next.

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
  // What waits, counted, each count a link to the list that holds it.
  const work = page.getByTestId("ra-work");
  await expect(work.getByRole("listitem")).toHaveCount(7);
  await expect(
    work.getByRole("link", {
      name: /^(No access review overdue|\d+ manager access(es)? to certify: the access review is overdue)$/,
    }),
  ).toHaveAttribute("href", "/access-review");
  await expect(work.getByRole("link", { name: /^\d+ requests? waiting for review$/ })).toHaveAttribute(
    "href",
    "/requests?state=submitted&sort=oldest",
  );
  await expect(work.getByRole("link", { name: /^\d+ domains? overdue at NHS England$/ })).toHaveAttribute(
    "href",
    "/allow-list?overdue=yes",
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

test("CIS2 ends the session from its side: the portal tab's next page is the start page, saying so", async ({ page, context }) => {
  const errors = watchForErrors(page);
  await signInAs(page, "Sam Okafor");
  await chooseRole(page, "Registration Authority Agent");
  await expect(page).toHaveURL(/\/ra$/);

  // In another tab, the person signs out at CIS2 (the sandbox) itself: it sends the
  // portal a back-channel logout.
  const sandbox = process.env.SANDBOX_URL ?? "http://127.0.0.1:4400";
  const issuer = "/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare";
  const discovery = await (await fetch(`${sandbox}${issuer}/.well-known/openid-configuration`)).json();
  const cis2 = await context.newPage();
  await cis2.goto(discovery.end_session_endpoint);
  await expect(cis2.getByRole("heading", { level: 1, name: "Sign out of the CIS2 sandbox" })).toBeVisible();
  await cis2.getByRole("button", { name: "Sign out" }).click();
  // The provider answers once its back-channel logouts are delivered: wait for that
  // page, so the portal has heard before its tab moves on.
  await expect(
    cis2.getByRole("heading", { level: 1, name: "You have signed out of the CIS2 sandbox" }),
  ).toBeVisible();
  await cis2.close();

  await page.goto("/requests");
  await expect(page).toHaveURL(/\/\?signed_out=cis2$/);
  await expect(page.getByTestId("signed-out-by-cis2")).toContainText("You were signed out by CIS2");
  await expect(page.getByRole("link", { name: "Sign in with CIS2" })).toBeVisible();
  await expectNoAxeViolations(page, "the start page after a CIS2 logout");
  expect(errors, errors.join("\n")).toEqual([]);
});
