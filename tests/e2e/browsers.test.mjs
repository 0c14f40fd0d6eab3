// The walk a new user takes, in Firefox and in WebKit (Safari's engine), the
// built app served from a sub-path: the demo loads and is stored, every page
// opens, a real export is added, and all of it survives a reload. Chromium
// takes the longer walks of app.test.mjs. Run under xvfb-run: WebKitGTK's
// browser needs a display.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { serveDist } from "./static-server.mjs";
import { openSession } from "./webdriver.mjs";

const DIST = resolve(process.env.SIGHTLINE_DIST ?? "../../dist");
const CORPUS = resolve(process.env.SIGHTLINE_CORPUS ?? "../../../shared/corpus");
const BASE_PATH = "/tools/sightline/";

let host;

before(async () => {
  host = await serveDist(DIST, BASE_PATH);
});

after(async () => {
  await host?.close();
});

/** The page's first heading, once there is one. */
const heading = (session) => session.run("return document.querySelector('h1')?.innerText ?? ''");

/** A message of the store failing, if the page shows one. */
const storageError = (session) =>
  session.run(
    `return [...document.querySelectorAll("[role=alert], .notice.error, .callout.error")]
       .map((element) => element.innerText).find((text) => /storage|store/i.test(text)) ?? null`,
  );

for (const browser of ["firefox", "webkit"]) {
  test(`${browser}: the demo is stored, every page opens, an export is added, all survive a reload`, async () => {
    const session = await openSession(browser);
    try {
      await session.goto(host.url);
      await session.waitForText("Welcome to Sightline");

      await session.click("Load demo workspace");
      await session.waitForText("Loaded the demo workspace: 7 datasets.", 90_000);
      assert.equal(await storageError(session), null);

      // Every page of the workspace, from the main navigation.
      for (const [link, title] of [
        ["Matching", "Matching"],
        ["Personas", "Personas"],
        ["Accounts", "Accounts"],
        ["Lens", "Account lens"],
        ["Usage", "Usage"],
        ["Sources", "Sources"],
      ]) {
        // Once, under load, WebKitGTK's driver dropped a click on a link
        // (the page stayed as it was for 30 s): a person would click again.
        await session.click(link);
        const shown = async () => (await heading(session)) === title;
        try {
          await session.waitFor(`the ${title} page`, shown, 15_000);
        } catch {
          await session.click(link);
          await session.waitFor(`the ${title} page`, shown);
        }
      }

      // An Excel download: its workbook worker loads and writes it (the page
      // says when it cannot, and the bar goes once the file is offered).
      // (Each browser's own fetch: the server heard none of it before.)
      const workerFetches = () => host.requests.filter((path) => path === `${BASE_PATH}sightline-workbook_bg.wasm`).length;
      const before = workerFetches();
      await session.click("Usage");
      await session.click("Download the usage report (Excel)");
      await session.waitFor("the workbook worker", async () => workerFetches() > before);
      await session.waitFor("the workbook written", async () => !(await session.text()).includes("Writing usage"));
      assert.equal(await session.run(`return document.querySelector(".notice.error")?.innerText ?? null`), null);

      // A real export of one's own: a Dynamics 365 accounts view.
      await session.click("Sources");
      await session.chooseFile('input[type="file"][multiple]', `${CORPUS}/exports/d365_demo_accounts.csv`);
      await session.click("Add d365_demo_accounts.csv");
      await session.waitForText("Added d365_demo_accounts.csv as CRM accounts", 60_000);

      // Everything is still there after a reload, read back from the store.
      await session.waitForText("Saved in this browser");
      const url = await session.run("return location.href");
      await session.goto(url);
      await session.waitForText("d365_demo_accounts.csv");
      await session.waitForText("Salesforce_Accounts_report.csv");
      const rows = await session.run("return document.querySelectorAll('table.data-table tbody tr').length");
      assert.equal(rows, 8);
      assert.equal(await storageError(session), null);
    } finally {
      await session.close();
    }
  });
}
