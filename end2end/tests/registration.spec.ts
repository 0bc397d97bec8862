import { test, expect } from "@playwright/test";
import { expectNoAxeViolations, settle, signInAs, watchForErrors } from "./helpers";

const RUN = Date.now().toString(36);

test("a manager raises a request; an RA officer reviews, approves, books the meeting and records the identity check", async ({
  page,
  browser,
}) => {
  const errors = watchForErrors(page);
  const domain = `meadowbank-staff-${RUN}.org.uk`;
  const person = `Amira Khan ${RUN}`;

  // The RA officer puts the home's domain on the allow list first.
  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  const officerErrors = watchForErrors(officer);
  await signInAs(officer, "Rachel Adeyemi");
  await expect(officer).toHaveURL(/\/ra$/);
  await officer.goto("/allow-list/add");
  await settle(officer);
  await officer.getByLabel("Domain", { exact: true }).fill(domain);
  await officer.getByLabel("Organisation ODS code").fill("VMB01");
  await officer.getByRole("button", { name: "Add domain" }).click();
  await expect(officer.getByRole("heading", { level: 1, name: domain })).toBeVisible();

  await signInAs(page, "Tom Bell");
  await expect(page).toHaveURL(/\/organisation$/);
  await page.getByRole("link", { name: "Authenticator registration requests" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Authenticator registration requests" })).toBeVisible();
  await page.getByRole("link", { name: "Request a registration" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Request a Microsoft Authenticator registration" })).toBeVisible();
  await settle(page);
  await expectNoAxeViolations(page, "the request form");

  await page.getByLabel("Full name").fill(person);
  // An address outside the allow list is flagged when the field is left.
  await page.getByLabel("Work email address").fill("amira@gmail.com");
  await page.getByLabel("Job role").focus();
  await expect(page.locator("#email-error")).toContainText("gmail.com is not on the allow list");
  await page.getByLabel("Work email address").fill(`amira@${domain}`);
  await page.getByLabel("Job role").fill("Senior carer");
  await expect(page.locator("#email-error")).toHaveCount(0);
  await page.getByLabel("Phone number").fill("07700 900123");
  await page.getByRole("button", { name: "Send request" }).click();

  await expect(page.getByRole("heading", { level: 1, name: person })).toBeVisible();
  await expect(page.getByTestId("request-state")).toContainText("Submitted");
  await expectNoAxeViolations(page, "a request");
  const requestUrl = page.url();

  await officer.goto("/requests?state=submitted");
  await officer.getByRole("link", { name: person }).click();
  await settle(officer);
  await officer.getByRole("button", { name: "Start review" }).click();
  await expect(officer.getByTestId("request-state")).toContainText("In review");
  await officer.getByRole("button", { name: "Approve" }).click();
  await expect(officer.getByTestId("request-state")).toContainText("Approved");
  await officer.getByLabel("Date and time (UTC)").fill("2030-06-03T10:00");
  await officer.getByRole("button", { name: "Book meeting" }).click();
  await expect(officer.getByTestId("request-state")).toContainText("Meeting booked");
  await expectNoAxeViolations(officer, "a request with the identity check form");
  await officer.getByLabel("Document 1").selectOption("passport");
  await officer.getByLabel("Document 2").selectOption("utility_bill");
  await officer.getByLabel("Document 3").selectOption("birth_certificate");
  await officer.getByRole("button", { name: "Record identity check" }).click();
  await expect(officer.getByTestId("request-state")).toContainText("Identity verified");
  await expect(officer.getByTestId("request-timeline")).toContainText("Documents: Passport, Utility bill (last 3 months), Birth certificate");
  expect(officerErrors, officerErrors.join("\n")).toEqual([]);
  await officerContext.close();

  await page.goto(requestUrl);
  await expect(page.getByTestId("request-state")).toContainText("Identity verified");
  await page.goto("/requests");
  await expect(page.getByRole("row", { name: new RegExp(person) })).toContainText("Identity verified");
  await expectNoAxeViolations(page, "the manager's requests");
  expect(errors, errors.join("\n")).toEqual([]);
});
