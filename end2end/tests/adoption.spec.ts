import { test, expect } from "@playwright/test";
import { chooseRole, expectNoAxeViolations, settle, signInAs, watchForErrors } from "./helpers";

test("an RA officer filters the adoption overview, opens the Canterbury group, follows a funnel tile and exports CSV", async ({ page }) => {
  const errors = watchForErrors(page);
  await signInAs(page, "Sam Okafor");
  await chooseRole(page, "Registration Authority Agent");
  await page.getByRole("link", { name: "Adoption by organisation" }).click();
  await expect(page).toHaveURL(/\/adoption$/);
  await expect(page.getByRole("heading", { level: 1, name: "Adoption of Microsoft Authenticator" })).toBeVisible();

  await page.getByLabel("Name or code").fill("Canterbury");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/adoption\?q=Canterbury/);
  await expect(page.getByTestId("matched")).toContainText("4 rows match");
  const table = page.getByTestId("adoption-table");
  const names = await table.locator("tbody tr td:first-child a").allTextContents();
  expect(names).toEqual(["Canterbury Care Homes", "Canterbury Court", "Canterbury House", "Canterbury Lodge"]);
  await settle(page);
  await expectNoAxeViolations(page, "the adoption overview");

  // The CSV carries the same rows, with the filters applied.
  const href = await page.getByRole("link", { name: "Download these rows as CSV" }).getAttribute("href");
  expect(href).toBe("/api/adoption/export.csv?q=Canterbury");
  const csv = await (await page.request.get(href!)).text();
  const csvNames = csv.trim().split("\n").slice(1).map((l) => l.split(",")[1]);
  expect(csvNames).toEqual(names);

  // Sorting by a column is a link too.
  await table.getByRole("link", { name: "Registered", exact: true }).click();
  await expect(page).toHaveURL(/sort=registered/);
  await expect(page.getByRole("columnheader", { name: "Registered", exact: true })).toHaveAttribute("aria-sort", "ascending");

  await page.getByRole("link", { name: "Canterbury Care Homes" }).click();
  await expect(page).toHaveURL(/\/adoption\/VNC01$/);
  await expect(page.getByRole("heading", { level: 1, name: "Canterbury Care Homes" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Sites side by side" })).toBeVisible();
  await expect(page.getByTestId("adoption-table").locator("tbody tr")).toHaveCount(3);
  await settle(page);
  await expectNoAxeViolations(page, "the Canterbury group's rollout");

  await page.getByRole("link", { name: /people requested/ }).click();
  await expect(page).toHaveURL(/\/requests\?org=VNC01$/);
  expect(errors, errors.join("\n")).toEqual([]);
});

test("a manager follows their home's rollout from their home page", async ({ page }) => {
  const errors = watchForErrors(page);
  await signInAs(page, "Tom Bell");
  await expect(page).toHaveURL(/\/organisation$/);
  await page.getByRole("link", { name: "Your rollout at Meadowbank Care Home" }).click();
  await expect(page).toHaveURL(/\/adoption\/VMB01$/);
  await expect(page.getByRole("heading", { level: 1, name: "Meadowbank Care Home" })).toBeVisible();
  await expect(page.getByTestId("rollout-summary")).toContainText("Headcount");
  await settle(page);
  await expectNoAxeViolations(page, "a manager's rollout page");

  expect(errors, errors.join("\n")).toEqual([]);
});
