import { test, expect, type Page } from "@playwright/test";
import { expectNoAxeViolations, settle, signInAs, watchForErrors } from "./helpers";

// Unique per run, so the suite can run again against the same database.
const RUN = Date.now().toString(36);

async function status(page: Page) {
  return page.getByTestId("entry-status");
}

test("an RA officer adds a domain, checks an address against it, previews and removes it", async ({
  page,
}) => {
  const errors = watchForErrors(page);
  const domain = `willow-court-${RUN}.org.uk`;

  await signInAs(page, "Rachel Adeyemi");
  await expect(page).toHaveURL(/\/ra$/);
  await page.getByRole("link", { name: "Email-domain allow list" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Email-domain allow list" })).toBeVisible();
  await expectNoAxeViolations(page, "the allow list");

  await page.getByRole("link", { name: "Add a domain" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a domain to the allow list" })).toBeVisible();
  await settle(page);
  // The shared rules answer as the officer types.
  await page.getByLabel("Domain", { exact: true }).fill("nhs.uk");
  await expect(page.locator("#domain-error")).toContainText("public suffix");
  await expectNoAxeViolations(page, "the add form showing an error");
  await page.getByLabel("Domain", { exact: true }).fill(` ${domain.toUpperCase()} `);
  await expect(page.locator("#domain-error")).toHaveCount(0);
  await expect(page.getByTestId("normalised")).toHaveText(`Will be listed as ${domain}`);
  await page.getByLabel("Organisation ODS code").fill("vnc11");
  await page.getByRole("button", { name: "Add domain" }).click();

  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await expect(await status(page)).toContainText("Active");
  await expectNoAxeViolations(page, "an entry");

  await page.goto("/allow-list");
  await settle(page);
  await page.getByLabel("Check an email address").fill(`carer@${domain}`);
  await page.getByRole("button", { name: "Check address" }).click();
  await expect(page.getByTestId("check-result")).toContainText("Allowed");
  await expect(page.getByTestId("check-result")).toContainText(`${domain} is on the allow list and active`);
  await expectNoAxeViolations(page, "the allow list with a check result");

  await page.getByRole("link", { name: "See the entry" }).click();
  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await page.getByRole("link", { name: "Suspend or remove" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Suspend or remove ${domain}` })).toBeVisible();
  await expect(page.getByTestId("impact-people")).toContainText("No one the portal knows");
  await expectNoAxeViolations(page, "the impact preview");
  await page.getByLabel("Remove from the list").check();
  await page.getByLabel("Reason").fill("Willow Court closed");
  await page.getByRole("button", { name: "Confirm" }).click();

  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await expect(await status(page)).toContainText("Removed");
  await expect(page.getByTestId("entry-history")).toContainText("Removed. Reason: Willow Court closed");

  await page.goto(`/allow-list?check=${encodeURIComponent(`carer@${domain}`)}`);
  await expect(page.getByTestId("check-result")).toContainText("Not allowed");
  await expect(page.getByTestId("check-result")).toContainText("is not on the allow list");

  expect(errors, errors.join("\n")).toEqual([]);
});

test("a manager requests a domain and sees its status change as the RA works on it", async ({
  page,
  browser,
}) => {
  const errors = watchForErrors(page);
  const domain = `meadowbank-${RUN}.org.uk`;

  await signInAs(page, "Tom Bell");
  await expect(page).toHaveURL(/\/organisation$/);
  await page.getByRole("link", { name: "Request a domain for the allow list" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Request a domain for the allow list" })).toBeVisible();
  await settle(page);
  await expectNoAxeViolations(page, "the request form");
  await page.getByLabel("Domain", { exact: true }).fill(domain);
  await page.getByLabel("Why do your staff use this domain?").fill("Our carers' work addresses");
  await page.getByRole("button", { name: "Send request" }).click();

  await expect(page.getByRole("heading", { level: 1, name: domain })).toBeVisible();
  await expect(await status(page)).toContainText("Requested");
  const entryUrl = page.url();

  // The RA officer, in a browser of their own, accepts and submits it.
  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  const officerErrors = watchForErrors(officer);
  await signInAs(officer, "Rachel Adeyemi");
  await expect(officer).toHaveURL(/\/ra$/);
  await officer.goto(entryUrl);
  await settle(officer);
  await officer.getByRole("button", { name: "Accept request" }).click();
  await expect(await status(officer)).toContainText("Accepted, to submit");
  await officer.getByLabel("NHS England's reference").fill(`NHSE-${RUN}`);
  await officer.getByRole("button", { name: "Mark as submitted to NHS England" }).click();
  await expect(await status(officer)).toContainText("Submitted to NHS England");
  await expect(await status(officer)).toContainText("Waiting 0 days");
  await expectNoAxeViolations(officer, "an entry with its next steps");

  await page.reload();
  await expect(await status(page)).toContainText("Submitted to NHS England");

  await officer.getByRole("button", { name: "Mark as active on CIS2" }).click();
  await expect(await status(officer)).toContainText("Active");
  expect(officerErrors, officerErrors.join("\n")).toEqual([]);
  await officerContext.close();

  await page.goto("/organisation");
  await page.getByRole("link", { name: "Your email domains and domain requests" }).click();
  await expect(page).toHaveURL(/\/allow-list\?org=VMB01$/);
  const row = page.getByRole("row", { name: new RegExp(domain) });
  await expect(row).toContainText("Active");
  await expectNoAxeViolations(page, "the manager's own entries");

  expect(errors, errors.join("\n")).toEqual([]);
});

test("an RA officer imports domains from a CSV file after a preview", async ({ page }) => {
  const errors = watchForErrors(page);
  const domains = [1, 2, 3].map((n) => `home-${n}-${RUN}.care.org.uk`);

  await signInAs(page, "Rachel Adeyemi");
  await expect(page).toHaveURL(/\/ra$/);
  await page.goto("/allow-list/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import domains from a CSV file" })).toBeVisible();
  await expectNoAxeViolations(page, "the import form");

  // A file that is not CSV comes back with a reason.
  await page.getByLabel("CSV file").setInputFiles({
    name: "photo.csv",
    mimeType: "text/csv",
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]),
  });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("alert")).toContainText("The file is not a CSV file");
  await expectNoAxeViolations(page, "the import form with an error");

  const csv = ["domain,ods_code,covers_subdomains,note", ...domains.map((d) => `${d},VNC01,no,Rollout`)].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "homes.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check the import" })).toBeVisible();
  await expect(page.getByTestId("import-summary")).toHaveText("3 rows in homes.csv: 3 new, 0 that cannot be added.");
  await expectNoAxeViolations(page, "the import preview");
  await page.getByRole("button", { name: "Add all 3 domains" }).click();
  await expect(page.getByTestId("import-done")).toContainText("3 domains were added");

  await page.goto(`/allow-list?q=${RUN}.care.org.uk`);
  for (const d of domains) {
    await expect(page.getByRole("row", { name: new RegExp(d) })).toContainText("Active");
  }
  expect(errors, errors.join("\n")).toEqual([]);
});
