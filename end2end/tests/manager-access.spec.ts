import { test, expect, type Page } from "@playwright/test";
import { allowDomain, expectNoAxeViolations, settle, signInAs, waitForMail, watchForErrors } from "./helpers";

const RUN = Date.now().toString(36);

/** The path of the sign-in link in the newest email to `to`, once it differs from `not`. */
async function signInPath(to: string, not?: string): Promise<string> {
  for (let i = 0; i < 60; i++) {
    const mail = await waitForMail(to, "sign-in link");
    const path = mail.text.match(/\/manager-access\/sign-in\/[A-Za-z0-9_-]+/)?.[0];
    if (path && path !== not) return path;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no new sign-in link for ${to}`);
}

async function askForLink(page: Page, name: string, email: string, ods: string): Promise<void> {
  await page.goto("/manager-access");
  await settle(page);
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Work email address").fill(email);
  await page.getByLabel("Your organisation's ODS code").fill(ods);
  await page.getByRole("button", { name: "Send me a sign-in link" }).click();
  await expect(page.getByTestId("link-sent")).toContainText("Check your email");
}

test("a care-home manager without a Care Identity proves their email, is approved by an RA officer and raises a request", async ({
  page,
  browser,
}) => {
  const errors = watchForErrors(page);
  const domain = `oaklodge-${RUN}.org.uk`;
  const ods = `VOK${RUN.slice(-5).toUpperCase()}`;
  const manager = `Ada Obi ${RUN}`;
  const email = `ada@${domain}`;

  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  const officerErrors = watchForErrors(officer);
  await signInAs(officer, "Rachel Adeyemi");
  await expect(officer).toHaveURL(/\/ra$/);
  await allowDomain(officer, domain, ods);

  // From the start page, without CIS2.
  await page.goto("/");
  await page.getByRole("link", { name: "Sign in with your work email" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Sign in as a manager without an NHS Care Identity" }),
  ).toBeVisible();
  await settle(page);
  await expectNoAxeViolations(page, "the request-access form");
  await page.getByRole("button", { name: "Send me a sign-in link" }).click();
  await expect(page.locator("#full_name-error")).toContainText("Enter your full name");
  await expectNoAxeViolations(page, "the request-access form with errors");
  await askForLink(page, manager, email, ods);
  await expectNoAxeViolations(page, "the link-sent panel");

  const first = await signInPath(email);
  await page.goto(first);
  await expectNoAxeViolations(page, "the sign-in link page");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("waiting-for-approval")).toBeVisible();
  await expectNoAxeViolations(page, "waiting for approval");

  // The RA officer approves, naming the organisation the portal has not met.
  await officer.goto("/ra");
  await officer.getByRole("link", { name: "Managers without a Care Identity" }).click();
  await expect(officer.getByTestId("managers")).toContainText(manager);
  await expectNoAxeViolations(officer, "the managers list");
  await officer.getByRole("link", { name: manager }).click();
  await expect(officer.getByTestId("access-status")).toContainText("Waiting for approval");
  await expectNoAxeViolations(officer, "a manager's access");
  await officer.getByRole("button", { name: "Approve as manager" }).click();
  await expect(officer.locator("#org_name-error")).toContainText("Enter the name of the organisation");
  await officer.getByLabel(`Name of the organisation ${ods}`).fill("Oak Lodge Care Home");
  await officer.getByRole("button", { name: "Approve as manager" }).click();
  await expect(officer.getByTestId("access-status")).toContainText("Approved");
  await waitForMail(email, "You can now use RA Portal");

  // A new link signs the manager in, to their one organisation.
  await askForLink(page, manager, email, ods);
  await page.goto(await signInPath(email, first));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/organisation$/);
  await page.goto("/requests/new");
  await settle(page);
  await expect(page.locator("#ods_code option")).toHaveText([`Oak Lodge Care Home (${ods})`]);
  const person = `Ben Ode ${RUN}`;
  await page.getByLabel("Full name").fill(person);
  await page.getByLabel("Work email address").fill(`ben@${domain}`);
  await page.getByLabel("Job role").fill("Carer");
  await page.getByLabel("Phone number").fill("07700 900456");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByRole("heading", { level: 1, name: person })).toBeVisible();
  await expect(page.getByTestId("request-state")).toContainText("Submitted");

  // The RA queue tells self-service requests apart.
  await officer.goto("/requests?source=self_service");
  await expect(officer.getByRole("link", { name: person })).toBeVisible();

  // The first link was spent: it cannot sign anyone in again.
  const other = await browser.newContext();
  const replay = await other.newPage();
  await replay.goto(first);
  await replay.getByRole("button", { name: "Continue" }).click();
  await expect(replay.getByTestId("sign-in-problem")).toContainText("already been used or has expired");

  // The browser logs the deliberate refusals above (422 with field messages); nothing else.
  const unexpected = (list: string[]) => list.filter((e) => !/status of 422 \(Unprocessable Entity\)/.test(e));
  expect(unexpected(errors), errors.join("\n")).toEqual([]);
  expect(unexpected(officerErrors), officerErrors.join("\n")).toEqual([]);
  await officerContext.close();
  await other.close();
});
