import { test, expect, type Page } from "@playwright/test";
import { chooseRole, expectNoAxeViolations, settle, signInAs, watchForErrors } from "./helpers";

const RUN = Date.now().toString(36);

/** The refusals these journeys make on purpose (422 with field messages); nothing else. */
function unexpected(errors: string[]): string[] {
  return errors.filter((e) => !/status of 422 \(Unprocessable Entity\)/.test(e));
}

/** Adds an organisation on the form already open, and returns the code the page gives it. */
async function addOrganisation(page: Page, name: string, kind: string, country?: string): Promise<string> {
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Kind").selectOption({ label: kind });
  if (country) await page.getByLabel("Country (optional)").selectOption({ label: country });
  await page.getByRole("button", { name: "Add organisation" }).click();
  const added = page.getByTestId("added");
  await expect(added).toContainText(`${name} (LOC-`);
  const text = (await added.textContent()) ?? "";
  return /\((LOC-\d{5}), portal code\)/.exec(text)![1];
}

test("an RA officer defines groups, records a Scottish home with a portal code and moves it between groups", async ({ page }) => {
  const errors = watchForErrors(page);
  await signInAs(page, "Sam Okafor");
  await chooseRole(page, "Registration Authority Agent");
  await page.getByRole("link", { name: "Define a group or record a site, with or without an ODS code" }).click();
  await expect(page).toHaveURL(/\/organisations\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "Define a group or record a site" })).toBeVisible();
  await expectNoAxeViolations(page, "the form that adds an organisation");

  // Nothing chosen: each problem is in the summary, linked to its field.
  await page.getByRole("button", { name: "Add organisation" }).click();
  const summary = page.locator(".nhsuk-error-summary");
  await expect(summary.getByRole("link", { name: "Enter the organisation's name" })).toHaveAttribute("href", "#name");
  await expect(summary.getByRole("link", { name: "Choose what kind of organisation it is" })).toHaveAttribute("href", "#kind");
  await expectNoAxeViolations(page, "the form with errors");

  // A group ODS does not list, then a Scottish home in it: both get portal codes.
  const first = await addOrganisation(page, `Highland Care Group ${RUN}`, "Care provider", "Scotland");
  await expect(page.getByTestId("added")).toContainText("Its code is the portal's own, not an ODS code.");
  await expectNoAxeViolations(page, "an added group");
  await page.getByRole("link", { name: `Add a site to Highland Care Group ${RUN}` }).click();
  await expect(page).toHaveURL(new RegExp(`/organisations/new\\?group=${first}$`));
  await expect(page.getByLabel("Group it is a site of (optional)")).toHaveValue(first);
  const home = await addOrganisation(page, `Glen Court ${RUN}`, "Care home site", "Scotland");
  await expect(page.getByTestId("added")).toContainText(`was added to Highland Care Group ${RUN} (${first}, portal code)`);

  await page.goto("/organisations/new");
  const second = await addOrganisation(page, `Islands Care Group ${RUN}`, "Care provider");

  // The home's rollout page says its code is the portal's, and offers the move.
  await page.goto(`/adoption/${home}`);
  await expect(page.getByRole("heading", { level: 1, name: `Glen Court ${RUN}` })).toBeVisible();
  await expect(page.getByText("Portal code, not ODS")).toBeVisible();
  await expect(page.getByTestId("group")).toHaveText(`A site of Highland Care Group ${RUN} (${first}, portal code).`);
  await page.getByRole("link", { name: `Move Glen Court ${RUN} to another group` }).click();
  await expect(page).toHaveURL(new RegExp(`/organisation/${home}/group$`));
  await expect(page.getByTestId("current-group")).toContainText(`is a site of Highland Care Group ${RUN}`);
  await expectNoAxeViolations(page, "the move form");

  // Not into itself: told on the field.
  await page.getByLabel("New group").fill(home);
  await page.getByRole("button", { name: "Move site" }).click();
  await expect(page.locator("#group-error")).toContainText("cannot be its own group");
  await page.getByLabel("New group").fill(second.toLowerCase());
  await page.getByRole("button", { name: "Move site" }).click();
  await expect(page.getByRole("status")).toContainText("Moved.");
  await expect(page.getByTestId("current-group")).toContainText(`is a site of Islands Care Group ${RUN} (${second}, portal code)`);
  await expectNoAxeViolations(page, "a moved site");

  // The overview by group counts the home under its new group, marked as a portal code.
  await page.goto(`/adoption?view=groups&group=${second}`);
  const table = page.getByTestId("adoption-table");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator("tbody tr")).toContainText(`Islands Care Group ${RUN}`);
  await expect(table.locator("tbody tr")).toContainText("2 organisations");
  await expect(table.locator("tbody tr")).toContainText("Portal code");
  await expectNoAxeViolations(page, "the overview by group");
  expect(unexpected(errors), unexpected(errors).join("\n")).toEqual([]);
});

test("an RA officer narrows the overview and the queue to days with the NHS date input", async ({ page }) => {
  const errors = watchForErrors(page);
  await signInAs(page, "Sam Okafor");
  await chooseRole(page, "Registration Authority Agent");
  // Signed in once the RA home is there: a page opened sooner races the sign-in's redirects.
  await expect(page).toHaveURL(/\/ra$/);
  await page.goto("/adoption");
  await settle(page);

  // A date that does not exist is told on its day box, in the NHS's words.
  const from = page.getByRole("group", { name: "Requests raised from" });
  await from.getByLabel("Day").fill("31");
  await from.getByLabel("Month").fill("2");
  await from.getByLabel("Year").fill("2026");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/from_day=31&from_month=2&from_year=2026/);
  const summary = page.locator(".nhsuk-error-summary");
  await expect(summary.getByRole("link", { name: "Start date must be a real date" })).toHaveAttribute("href", "#from");
  await expect(page.locator("#from-error")).toContainText("Start date must be a real date");
  await expect(page.locator("#from")).toHaveAttribute("name", "from_day");
  await expect(page.locator("#from")).toHaveValue("31");
  await expectNoAxeViolations(page, "the overview with a bad date");

  // A real range: the figures say which requests they count.
  const today = new Date();
  await page.locator("#from").fill("1");
  await from.getByLabel("Month").fill("1");
  const to = page.getByRole("group", { name: "Requests raised to" });
  await to.getByLabel("Day").fill(String(today.getUTCDate()));
  await to.getByLabel("Month").fill(String(today.getUTCMonth() + 1));
  await to.getByLabel("Year").fill(String(today.getUTCFullYear()));
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/from_day=1&from_month=1&from_year=2026&to_day=/);
  await expect(page.getByTestId("dates")).toContainText("The figures count only requests raised from 1 January 2026 to");
  await expect(page.getByTestId("rollout-summary")).toContainText("Not given for dates");
  const href = await page.getByRole("link", { name: "Download these rows as CSV" }).getAttribute("href");
  expect(href).toContain("from_day=1&from_month=1&from_year=2026");
  await expectNoAxeViolations(page, "the overview for a date range");

  // The queue takes the same boxes, not the browser's date picker.
  await page.goto("/requests");
  await settle(page);
  await expect(page.locator('input[type="date"]')).toHaveCount(0);
  const requested = page.getByRole("group", { name: "Requested from" });
  await requested.getByLabel("Day").fill("1");
  await requested.getByLabel("Month").fill("1");
  await requested.getByLabel("Year").fill("26");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.locator("#from-error")).toContainText("Start date must include a year with 4 numbers");
  await expectNoAxeViolations(page, "the queue with a bad date");
  await page.locator("#from_year").fill("2026");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/requests\?.*from_day=1&from_month=1&from_year=2026/);
  await expect(page.locator(".nhsuk-error-summary")).toHaveCount(0);
  await expect(page.locator("#from")).toHaveValue("1");
  await expectNoAxeViolations(page, "the queue for a date range");
  expect(unexpected(errors), unexpected(errors).join("\n")).toEqual([]);
});
