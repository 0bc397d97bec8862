import { test, expect } from "@playwright/test";
import { expectNoAxeViolations, settle, signInAs, watchForErrors } from "./helpers";

test("a manager gives their home's headcount with the NHS date input", async ({ page }) => {
  const errors = watchForErrors(page);
  await signInAs(page, "Tom Bell");
  await expect(page).toHaveURL(/\/organisation$/);
  await page.getByRole("link", { name: /headcount/i }).first().click();
  await expect(page).toHaveURL(/\/organisation\/VMB01\/headcount$/);
  await expect(page.getByRole("heading", { level: 1, name: "Headcount of Meadowbank Care Home (VMB01)" })).toBeVisible();
  await settle(page);
  await expectNoAxeViolations(page, "the headcount form");

  // Nothing typed: the error summary links to each box's message.
  await page.getByRole("button", { name: "Save headcount" }).click();
  const summary = page.locator(".nhsuk-error-summary");
  await expect(summary).toContainText("Enter the number of staff");
  await expect(summary).toContainText("Enter the date the headcount was true");
  await expect(page.locator("#as_of-error")).toContainText("Enter the date the headcount was true");
  // Each summary link points at its box: the date's at the day box.
  await expect(summary.getByRole("link", { name: "Enter the date the headcount was true" })).toHaveAttribute("href", "#as_of");
  await expect(page.locator("#as_of")).toHaveAttribute("name", "as_of_day");
  await expect(summary.getByRole("link", { name: "Enter the number of staff" })).toHaveAttribute("href", "#headcount");
  await expect(page.locator("#headcount")).toHaveAttribute("name", "headcount");
  await expectNoAxeViolations(page, "the headcount form with errors");

  await page.getByLabel("Number of staff").fill("40");
  const date = page.getByRole("group", { name: "Date this number was true" });
  await date.getByLabel("Day").fill("1");
  await date.getByLabel("Month").fill("11");
  await date.getByLabel("Year").fill("2026");
  await page.getByRole("button", { name: "Save headcount" }).click();
  await expect(page.getByRole("status")).toContainText("Headcount saved.");
  await expect(page.getByText("The portal knows of 40 staff on 1 November 2026, as a manager gave it.")).toBeVisible();
  await expectNoAxeViolations(page, "the saved headcount");

  await page.goto("/organisation");
  await expect(
    page.getByRole("link", { name: /^Headcount: 40 staff on 1 November 2026 \(change\s*for Meadowbank Care Home\s*\)$/ }),
  ).toBeVisible();
  // The browser logs the deliberate refusal above (422 with field messages); nothing else.
  const unexpected = errors.filter((e) => !/status of 422 \(Unprocessable Entity\)/.test(e));
  expect(unexpected, unexpected.join("\n")).toEqual([]);
});
