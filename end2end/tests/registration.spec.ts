import { test, expect } from "@playwright/test";
import { allowDomain, expectNoAxeViolations, settle, signInAs, totp, waitForMail, watchForErrors } from "./helpers";

const RUN = Date.now().toString(36);

test("a manager raises a request; the RA checks identity and sends the link; the person enrols with a real TOTP code", async ({
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
  await allowDomain(officer, domain, "VMB01");

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
  // A month ahead, in UTC, as the field takes it (YYYY-MM-DDTHH:MM).
  const meeting = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 14) + "00";
  await officer.getByLabel("Date and time (UTC)").fill(meeting);
  await officer.getByRole("button", { name: "Book meeting" }).click();
  await expect(officer.getByTestId("request-state")).toContainText("Meeting booked");
  await expectNoAxeViolations(officer, "a request with the identity check form");
  await officer.getByLabel("Document 1").selectOption("passport");
  await officer.getByLabel("Document 2").selectOption("utility_bill");
  await officer.getByLabel("Document 3").selectOption("birth_certificate");
  await officer.getByRole("button", { name: "Record identity check" }).click();
  await expect(officer.getByTestId("request-state")).toContainText("Identity verified");
  await expect(officer.getByTestId("request-timeline")).toContainText("Documents: Passport, Utility bill (last 3 months), Birth certificate");
  await officer.getByRole("button", { name: "Send enrolment link" }).click();
  await expect(officer.getByTestId("request-state")).toContainText("Enrolment link sent");
  expect(officerErrors, officerErrors.join("\n")).toEqual([]);
  await officerContext.close();

  // The person, in a browser of their own, opens the link from the email.
  const personContext = await browser.newContext();
  const me = await personContext.newPage();
  const personErrors = watchForErrors(me);
  const linkMail = await waitForMail(`amira@${domain}`, "Set up Microsoft Authenticator");
  const link = linkMail.text.match(/https?:\/\/\S+\/enrol\/\S+/)![0];
  await me.goto(link);
  await expect(me.getByRole("heading", { level: 1, name: "Set up Microsoft Authenticator" })).toBeVisible();
  await settle(me);
  await expectNoAxeViolations(me, "the enrolment page");
  await me.getByRole("button", { name: "Email me a security code" }).click();
  const codeMail = await waitForMail(`amira@${domain}`, "security code");
  const emailed = codeMail.text.match(/security code is (\d{6})/)![1];
  await me.getByLabel("Security code").fill(emailed);
  await me.getByRole("button", { name: "Continue" }).click();
  const secret = (await me.getByTestId("totp-secret").textContent())!.trim();
  await expect(me.getByRole("img", { name: "QR code for Microsoft Authenticator" })).toBeVisible();
  await expectNoAxeViolations(me, "the QR code step");
  await me.getByLabel("Enter the 6-digit code the app shows").fill(totp(secret));
  await me.getByRole("button", { name: "Finish set-up" }).click();
  await expect(me.getByTestId("enrolled")).toContainText("You are set up");
  expect(personErrors, personErrors.join("\n")).toEqual([]);
  await personContext.close();

  await page.goto(requestUrl);
  await expect(page.getByTestId("request-state")).toContainText("Enrolled");
  await expect(page.getByTestId("devices")).toContainText("Microsoft Authenticator, registered");
  await page.goto("/requests");
  await expect(page.getByRole("row", { name: new RegExp(person) })).toContainText("Enrolled");
  await expectNoAxeViolations(page, "the manager's requests");
  expect(errors, errors.join("\n")).toEqual([]);
});

test("a bulk upload shows its progress, then every row's verdict, and raises all the requests", async ({
  page,
  browser,
}) => {
  const errors = watchForErrors(page);
  const domain = `meadowbank-rollout-${RUN}.org.uk`;
  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  await signInAs(officer, "Rachel Adeyemi");
  await expect(officer).toHaveURL(/\/ra$/);
  await allowDomain(officer, domain, "VMB01");
  await officerContext.close();

  await signInAs(page, "Tom Bell");
  await expect(page).toHaveURL(/\/organisation$/);
  await page.goto("/requests/bulk");
  await settle(page);
  await expectNoAxeViolations(page, "the bulk upload form");
  let csv = "full_name,email,job_role,ods_code,phone,phone_kind\n";
  for (let i = 0; i < 300; i++) {
    csv += `Carer ${i} ${RUN},carer${i}@${domain},Carer,VMB01,0770090${String(i).padStart(4, "0")},personal\n`;
  }
  // Hold the server's answer to the upload until the progress has been seen: the script
  // opens the preview as soon as it is answered, and a page that is navigating away
  // cannot be asserted on.
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  const upload = "**/requests/bulk/upload";
  await page.route(upload, async (route) => {
    await held;
    await route.continue();
  });
  await page.getByLabel("CSV file").setInputFiles({ name: "rollout.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  // Which stage it is caught at depends on how fast the browser hands the file over.
  await expect(page.getByTestId("upload-progress")).toContainText(/Uploading the file|Checking every row/);
  await expect(page.getByRole("button", { name: "Upload and preview" })).toBeDisabled();
  release();
  await expect(page.getByRole("heading", { level: 1, name: "Check the requests" })).toBeVisible();
  await expect(page.getByTestId("import-summary")).toHaveText("300 people in rollout.csv: 300 new, 0 that cannot be requested.");
  await page.unroute(upload);
  await settle(page);
  await page.getByRole("button", { name: "Request all 300" }).click();
  await expect(page.getByTestId("import-done")).toContainText("Sent: 300 registration requests were raised.");
  expect(errors, errors.join("\n")).toEqual([]);
});
