import { test, expect } from "@playwright/test";
import { BASE_URL, settle, signInAs, watchForErrors } from "./helpers";

// Pages are rendered by the server; only the forms are islands the browser wakes up. A
// form sent before (or without) the script is a plain post: the server answers with a
// redirect back to the page carrying the error, the page shows it, and the island wakes
// up showing the same; text typed before it woke is checked as it wakes.

const RUN = Date.now().toString(36);

test("a form sent without the script shows the server's refusal, and the island wakes up with it", async ({
  page,
  browser,
}) => {
  await signInAs(page, "Rachel Adeyemi");
  await expect(page).toHaveURL(/\/ra$/);
  const signedIn = await page.context().storageState();

  const plain = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false, storageState: signedIn });
  const noScript = await plain.newPage();
  await noScript.goto("/allow-list/add");
  await noScript.getByLabel("Domain", { exact: true }).fill("nhs.uk");
  await noScript.getByLabel("Organisation ODS code").fill("VNC11");
  await noScript.getByRole("button", { name: "Add domain" }).click();

  await expect(noScript).toHaveURL(/\/allow-list\/add\?.*__err=/);
  await expect(noScript.getByRole("alert")).toContainText("There is a problem");
  await expect(noScript.locator("#domain-error")).toContainText("public suffix");

  // A second refusal adds its error to the address; the page shows the latest.
  await noScript.getByLabel("Domain", { exact: true }).fill("10.1.1.1");
  await noScript.getByLabel("Organisation ODS code").fill("VNC11");
  await noScript.getByRole("button", { name: "Add domain" }).click();
  await expect(noScript.locator("#domain-error")).toContainText("IP address");
  const refused = noScript.url();
  expect(refused.match(/__err=/g)?.length).toBe(2);

  // The same answer in a browser with the script: the island starts from the page's error.
  const errors = watchForErrors(page);
  await page.goto(refused);
  await settle(page);
  await expect(page.locator("#domain-error")).toContainText("IP address");
  await expect(page.getByRole("alert")).toContainText("There is a problem");

  // A plain post that succeeds comes back to the page it was sent from.
  const domain = `plain-post-${RUN}.org.uk`;
  await noScript.goto("/allow-list/add");
  await noScript.getByLabel("Domain", { exact: true }).fill(domain);
  await noScript.getByLabel("Organisation ODS code").fill("VNC11");
  await noScript.getByRole("button", { name: "Add domain" }).click();
  // (Leptos strips the earlier error from the address, leaving its `?`.)
  await expect(noScript).toHaveURL(/\/allow-list\/add\??$/);
  await expect(noScript.getByRole("alert")).toHaveCount(0);
  await noScript.goto(`/allow-list?q=${domain}`);
  await expect(noScript.getByRole("link", { name: domain })).toBeVisible();

  await plain.close();
  expect(errors, errors.join("\n")).toEqual([]);
});

test("text typed before the form's island wakes is checked as soon as it wakes", async ({ page }) => {
  await signInAs(page, "Rachel Adeyemi");
  await expect(page).toHaveURL(/\/ra$/);
  const errors = watchForErrors(page);

  // The browser's wasm is held back, so the page is typed into before its islands wake.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/*.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/allow-list/add", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Domain", { exact: true }).fill("10.1.1.1");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(0);
  await expect(page.locator("#domain-error")).toHaveCount(0);

  release();
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  // No keystroke since: the island took up what the input holds.
  await expect(page.locator("#domain-error")).toContainText("IP address");
  await expect(page.getByLabel("Domain", { exact: true })).toHaveValue("10.1.1.1");
  expect(errors, errors.join("\n")).toEqual([]);
});
