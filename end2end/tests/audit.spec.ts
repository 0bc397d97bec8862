import { test, expect, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { allowDomain, expectNoAxeViolations, settle, signInAs, watchForErrors } from "./helpers";

const RUN = Date.now().toString(36);

/** RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else if (c !== "\r") {
      cell += c;
    }
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The cells of every row of the entries table on the page. */
async function tableRows(page: Page): Promise<string[][]> {
  return page
    .getByTestId("entries")
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent!.trim())));
}

test("an auditor searches the trail, follows a request's history, exports what the page shows, and verifies the chain", async ({
  page,
  browser,
}) => {
  const errors = watchForErrors(page);
  const domain = `meadowbank-audit-${RUN}.org.uk`;
  const person = `Ines Audit ${RUN}`;

  // Something to find: Rachel lists a domain, Tom raises a request, Rachel reviews it.
  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  await signInAs(officer, "Rachel Adeyemi");
  await expect(officer).toHaveURL(/\/ra$/);
  await allowDomain(officer, domain, "VMB01");
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signInAs(manager, "Tom Bell");
  await expect(manager).toHaveURL(/\/organisation$/);
  await manager.goto("/requests/new");
  await settle(manager);
  await manager.getByLabel("Full name").fill(person);
  await manager.getByLabel("Work email address").fill(`ines@${domain}`);
  await manager.getByLabel("Job role").fill("Carer");
  await manager.getByLabel("Phone number").fill("07700 900123");
  await manager.getByRole("button", { name: "Send request" }).click();
  await expect(manager.getByRole("heading", { level: 1, name: person })).toBeVisible();
  const requestId = new URL(manager.url()).pathname.split("/").pop()!;
  await managerContext.close();
  await officer.goto(`/requests/${requestId}`);
  await settle(officer);
  await officer.getByRole("button", { name: "Start review" }).click();
  await expect(officer.getByTestId("request-state")).toContainText("In review");
  await officerContext.close();

  // Grace Lin, the Privacy Officer, lands on the trail.
  await signInAs(page, "Grace Lin");
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole("heading", { level: 1, name: "Audit trail" })).toBeVisible();
  await expectNoAxeViolations(page, "the audit trail");

  // Requests raised at Meadowbank today, with the NHS date inputs.
  const now = new Date();
  const [day, month, year] = [now.getUTCDate(), now.getUTCMonth() + 1, now.getUTCFullYear()].map(String);
  await page.getByLabel("What happened").selectOption({ label: "Request raised" });
  await page.getByLabel("Organisation", { exact: true }).fill("VMB01");
  for (const legend of ["From", "To"]) {
    const group = page.getByRole("group", { name: legend });
    await group.getByLabel("Day", { exact: true }).fill(day);
    await group.getByLabel("Month", { exact: true }).fill(month);
    await group.getByLabel("Year", { exact: true }).fill(year);
  }
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/action=registration\.submitted/);
  await expect(page).toHaveURL(/org=VMB01/);
  await expect(page).toHaveURL(new RegExp(`from_day=${day}&from_month=${month}&from_year=${year}`));
  await settle(page);
  const rows = await tableRows(page);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r[3]).toBe("Request raised");
    expect(r[5]).toBe("VMB01");
  }
  // Newest first: Tom's request heads the list.
  expect(rows[0][2]).toBe("Tom Bell (Organisation manager at VMB01)");
  expect(rows[0][4]).toBe(`registration request ${requestId}`);
  await expect(page.getByRole("link", { name: "Older entries" })).toHaveCount(0);
  await expectNoAxeViolations(page, "a search of the trail");
  const searchUrl = page.url();

  // The CSV holds exactly the rows the page shows, in the same order.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download every matching entry as CSV/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("audit-trail.csv");
  const csv = parseCsv(await readFile((await download.path())!, "utf8"));
  const header = csv[0];
  expect(header.slice(0, 3)).toEqual(["position", "occurred_at", "actor"]);
  const blank = csv.findIndex((r) => r.length === 1 && r[0] === "");
  const data = csv.slice(1, blank === -1 ? undefined : blank);
  const col = (name: string) => header.indexOf(name);
  expect(
    data.map((r) => [r[col("position")], r[col("occurred_at")], r[col("what")], r[col("target")], r[col("organisation")]]),
  ).toEqual(rows.map((r) => [r[0], r[1], r[3], r[4], r[5]]));
  expect(data[0][col("actor")]).toBe("Tom Bell");
  expect(data[0][col("details")]).toContain(person);
  // After the blank line, the checkpoint a copy can be checked against.
  if (blank !== -1) expect(csv[blank + 1][0]).toBe("checkpoint_position");

  // The whole entry, then the request's history from it.
  await page.getByRole("link", { name: rows[0][0], exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Audit entry ${rows[0][0]}` })).toBeVisible();
  const entry = page.getByTestId("entry");
  await expect(entry).toContainText("Tom Bell");
  await expect(entry).toContainText("Organisation manager at VMB01");
  await expect(entry).toContainText("Request raised (registration.submitted)");
  await expect(page.getByTestId("details")).toContainText(person);
  await expectNoAxeViolations(page, "an audit entry");
  await page.getByRole("link", { name: "The request's whole history" }).click();
  await expect(page).toHaveURL(new RegExp(`/audit/requests/${requestId}$`));
  await expect(page.getByTestId("timeline-title")).toBeVisible();
  const history = await tableRows(page);
  expect(history.map((r) => r[3])).toEqual(["Request raised", "Review started"]);
  expect(history[1][2]).toMatch(/^Rachel Adeyemi \(RA manager at RX1/);
  await expectNoAxeViolations(page, "a request's history");

  // The device report.
  await page.goto(searchUrl);
  await page.getByRole("link", { name: /^Device report/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Device report" })).toBeVisible();
  await expectNoAxeViolations(page, "the device report");

  // Verification: the key and checkpoint to keep, then the whole chain checked.
  await page.goto("/audit");
  await page.getByRole("link", { name: "Verify the audit trail and its signed checkpoints" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Verify the audit trail" })).toBeVisible();
  await expect(page.getByTestId("seal")).toContainText("Audit key (Ed25519, base64)");
  await expectNoAxeViolations(page, "the verification page");
  await page.getByRole("button", { name: "Verify the whole trail now" }).click();
  await expect(page).toHaveURL(/\/audit\/verify\?run=1$/);
  const result = page.getByTestId("verify-result");
  await expect(result).toContainText("The trail verifies");
  await expect(result).toContainText(/All \d+ entries verify/);
  await expectNoAxeViolations(page, "the verification result");

  // A person's whole registration history, found by their address.
  await page.goto("/audit/people");
  await page.getByLabel("Email address").fill(`ines@${domain}`);
  await page.getByRole("button", { name: "Show history" }).click();
  await expect(page.getByTestId("timeline-title")).toContainText(`ines@${domain}`);
  await expect(page.getByTestId("requests")).toContainText(person);
  await expectNoAxeViolations(page, "a person's history");

  // Access reviews: auditors read them and every decision, and cannot start one.
  await page.goto("/access-review");
  await expect(page.getByRole("heading", { level: 1, name: "Access review" })).toBeVisible();
  await expect(page.getByTestId(/^review-(status|overdue)$/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Start the review" })).toHaveCount(0);
  await expectNoAxeViolations(page, "the access review");
  expect(errors, errors.join("\n")).toEqual([]);
});

test("an RA manager opens the access review from the RA home", async ({ page }) => {
  const errors = watchForErrors(page);
  await signInAs(page, "Rachel Adeyemi");
  await expect(page).toHaveURL(/\/ra$/);
  await page.getByRole("link", { name: /^Access review/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Access review" })).toBeVisible();
  await expect(page.getByTestId(/^review-(status|overdue)$/)).toBeVisible();
  await expectNoAxeViolations(page, "the access review as an RA manager");
  expect(errors, errors.join("\n")).toEqual([]);
});
