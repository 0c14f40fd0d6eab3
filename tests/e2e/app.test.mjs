// The built app (dist/, from `trunk build --release`) in a real headless Chromium,
// served from a sub-path as a static host would: the shell renders, the demo loads,
// a file is added, everything survives a reload, and a backup restores in a fresh
// browser profile. Every request stays on the page's own origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { parseHeaders, serveDist } from "./static-server.mjs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

const DIST = resolve(process.env.SIGHTLINE_DIST ?? "../../dist");
const BASE_PATH = "/tools/sightline/";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const SCREENSHOTS = resolve(process.env.SIGHTLINE_SCREENSHOTS ?? "../../docs/screenshots");

let host;
let browser;

before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  host = await serveDist(DIST, BASE_PATH);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
  });
});

after(async () => {
  await browser?.close();
  await host?.close();
});

/** A fresh browser profile (its own IndexedDB) with watchers on what the page does. */
async function openPage({ locale } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, locale });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(host.origin) && !url.startsWith("blob:") && !url.startsWith("data:")) {
      problems.push(`request to another origin: ${url}`);
    }
  });
  await page.goto(host.url);
  await page.getByRole("link", { name: "Sightline" }).waitFor();
  return { context, page, problems };
}

// A reload aborts a write still in flight, as closing the tab would: the header
// says when every change is kept.
const reloadWhenSaved = async (page) => {
  await page.locator(".save-status").getByText("Saved in this browser").waitFor();
  await page.reload();
};

const datasetRows = (page) => page.locator("table.data-table tbody tr");

/** A screenshot of the page as it is, for the README (`docs/screenshots/`):
 * made from the release build at every run, so it never goes stale. */
async function screenshot(page, name) {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Clicks every CSV and Excel download of `scope` (a table's two buttons),
 * but those named in `skip`, and checks each file: named for its format, not
 * empty, a workbook a zip file. Returns how many were downloaded. */
async function downloadsEveryTable(page, scope, skip = []) {
  const names = await scope.getByRole("button", { name: /^Download .+ \((CSV|Excel)\)$/ }).evaluateAll((buttons) =>
    [...new Set(buttons.map((button) => button.getAttribute("aria-label") ?? button.textContent.trim()))]);
  let downloaded = 0;
  for (const name of names.filter((name) => !skip.includes(name))) {
    const promise = page.waitForEvent("download");
    await scope.getByRole("button", { name, exact: true }).first().click();
    const download = await promise;
    const bytes = await readFile(await download.path());
    const excel = name.endsWith("(Excel)");
    assert.match(download.suggestedFilename(), excel ? /\.xlsx$/ : /\.csv$/, name);
    assert.ok(bytes.length > 0, `${name}: an empty file`);
    if (excel) assert.equal(bytes.subarray(0, 2).toString(), "PK", `${name}: a workbook is a zip file`);
    downloaded += 1;
  }
  return downloaded;
}

/** The cells of a CSV line (RFC 4180 quoting; no line break inside a cell). */
function csvCells(line) {
  const cells = [];
  let cell = "";
  let quoted = false;
  for (let at = 0; at < line.length; at += 1) {
    const character = line[at];
    if (quoted && character === '"' && line[at + 1] === '"') {
      cell += '"';
      at += 1;
    } else if (character === '"') {
      quoted = !quoted;
    } else if (character === "," && !quoted) {
      cells.push(cell);
      cell = "";
    } else {
      cell += character;
    }
  }
  cells.push(cell);
  return cells;
}

/** What a page shows reads as words and percentages: no export name
 * (`inmail_acceptance_rate`) in a heading or a table header, no rate as a bare
 * fraction (`0.9250`) in a cell, and nothing that looks like Rust source. */
async function assertReadable(page, where) {
  const headings = await page.locator("main :is(h1, h2, h3, th, caption, legend, label)").allInnerTexts();
  const exportNames = headings.filter((text) => /\b[a-z]+_[a-z0-9_]+\b/.test(text));
  assert.deepEqual(exportNames, [], `${where}: export names in headings`);
  const cells = await page.locator("main td").allInnerTexts();
  const fractions = cells.filter((text) => /^0\.\d{3,}$/.test(text.trim()));
  assert.deepEqual(fractions.slice(0, 5), [], `${where}: rates as bare fractions`);
  const body = await page.locator("main").innerText();
  const source = body.match(/move \|\s*_?\s*\||=> \{|\.update\(|on\s*:\s*click/);
  assert.equal(source, null, `${where}: text that looks like Rust source`);
}

test("the host's headers forbid framing and sniffing, as the page's own policy and scripts/serve.sh say", async () => {
  const response = await fetch(host.url);
  const policy = response.headers.get("content-security-policy");
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  const html = await response.text();
  const meta = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  assert.equal(policy, `${meta}; frame-ancestors 'none'`);
  // `scripts/serve.sh` (trunk serve) sends the headers static hosts read.
  const trunk = await readFile(resolve("../../Trunk.toml"), "utf8");
  const served = Object.fromEntries(
    [...trunk.split("[serve.headers]")[1].matchAll(/^"([^"]+)" = "([^"]*)"$/gm)].map((found) => [found[1], found[2]]),
  );
  assert.deepEqual(served, parseHeaders(await readFile(join(DIST, "_headers"), "utf8")));
  // Another page cannot frame Sightline: the browser refuses.
  const context = await browser.newContext();
  const page = await context.newPage();
  const refused = page.waitForEvent("console", (message) => /frame-ancestors/.test(message.text()));
  await page.setContent(`<iframe src="${host.url}"></iframe>`);
  await refused;
  await context.close();
});

test("the shell renders, the demo loads, a file is added and all survive a reload", async () => {
  const { context, page, problems } = await openPage();

  // A new user lands on the welcome page with the demo one click away.
  await page.getByRole("heading", { name: "Welcome to Sightline" }).waitFor();
  await page.getByRole("button", { name: "Load demo workspace" }).click();
  await page.waitForURL(/#\/w\/[^/]+\/sources$/);
  await page.getByText("Loaded the demo workspace: 7 datasets.").waitFor();
  assert.equal(await datasetRows(page).count(), 7);
  // Once files are stored, the page asks the browser to keep them, and says what it answered.
  // (What the browser answered, read from the page: the line must say it.)
  const kept = await page.evaluate(() => navigator.storage.persisted());
  await page.locator(".storage-kept").getByText(kept ? /^This browser keeps these files/ : /^This browser may clear these files/).waitFor();
  const accounts = datasetRows(page).filter({ hasText: "Salesforce_Accounts_report.csv" });
  // 301 rows accepted, 2 quarantined (a row without a name, a duplicate id).
  assert.match(await accounts.innerText(), /CRM accounts\s+301\s+2\s+Download\s+0\s/);
  const quarantinePromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the quarantined rows of Salesforce_Accounts_report.csv" }).click();
  const quarantine = await quarantinePromise;
  assert.equal(quarantine.suggestedFilename(), "Salesforce_Accounts_report-quarantined.csv");
  const quarantined = await readFile(await quarantine.path(), "utf8");
  assert.match(quarantined, /^Account ID,Account Name,.*,reason\r\n/);
  assert.match(quarantined, /line 8: missing name\r\n/);
  assert.match(quarantined, /line 9: duplicate id\r\n$/);
  assert.equal(await page.getByLabel("Workspace").inputValue(), page.url().split("/w/")[1].split("/")[0]);

  // Add a file of one's own; its kind is guessed from the name and confirmed.
  await page.locator('input[type="file"][multiple]').setInputFiles({
    name: "hubspot-companies.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Company ID,Company Name,Website\n1,Acme Inc,acme.com\n2,\"Globex, Ltd\",globex.co.uk\n"),
  });
  const kind = page.getByLabel("Kind");
  assert.equal(await kind.inputValue(), "companies");
  await page.getByRole("button", { name: "Add hubspot-companies.csv" }).click();
  await page.getByText("Added hubspot-companies.csv as Company database: 2 rows.").waitFor();
  assert.equal(await datasetRows(page).count(), 8);

  // A newer export replaces it: the summary says what changed, the mapping carries over.
  await page.getByLabel("Replace hubspot-companies.csv with a newer export").setInputFiles({
    name: "hubspot-companies-2.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Company ID,Company Name,Website\n1,Acme Inc,acme.com\n2,\"Globex, Ltd\",globex.de\n3,New Co,newco.io\n"),
  });
  await page.getByText("Replaced hubspot-companies.csv with hubspot-companies-2.csv: 1 added, 1 changed, 0 removed. The mapping carried over.").waitFor();
  assert.equal(await datasetRows(page).count(), 8);

  // Long reads can be cancelled, and then nothing is added.
  const many = ["Company ID,Company Name"];
  for (let i = 0; i < 1_500_000; i++) many.push(`${i},Company number ${i}`);
  await page.locator('input[type="file"][multiple]').setInputFiles({ name: "big-companies.csv", mimeType: "text/csv", buffer: Buffer.from(many.join("\n")) });
  await page.getByRole("button", { name: "Add big-companies.csv" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByText("big-companies.csv: reading was cancelled. Nothing was added.").waitFor();
  assert.equal(await datasetRows(page).count(), 8);

  // The original bytes come back untouched.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download hubspot-companies-2.csv" }).click();
  const download = await downloadPromise;
  const original = await readFile(await download.path(), "utf8");
  assert.match(original, /"Globex, Ltd",globex\.de\n3,New Co,newco\.io\n$/);

  // A reload on this deep route, under the sub-path, brings everything back.
  const here = page.url();
  await reloadWhenSaved(page);
  await page.getByRole("heading", { name: "Sources" }).waitFor();
  assert.equal(page.url(), here);
  await datasetRows(page).nth(7).waitFor();
  assert.equal(await datasetRows(page).count(), 8);

  // Rename the workspace; the header's switcher follows.
  await page.getByRole("link", { name: "Workspaces" }).click();
  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("New name").fill("EMEA demo");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Renamed to “EMEA demo”.").waitFor();
  await reloadWhenSaved(page);
  await page.getByRole("link", { name: "EMEA demo" }).waitFor();
  // The page loads without the workbook writer: it is fetched (by the
  // workbook worker) only when someone downloads a workbook.
  assert.ok(!host.requests.some((path) => path.includes("workbook")), host.requests.join(", "));

  assert.deepEqual(problems, []);
  await context.close();
});

test("a dataset shows how it read, remaps, sorts, filters and scrolls", async () => {
  const { context, page, problems } = await openPage();
  await page.getByRole("button", { name: "Load demo workspace" }).click();
  await page.getByText("Loaded the demo workspace: 7 datasets.").waitFor();
  await page.getByRole("link", { name: "Salesforce_Accounts_report.csv" }).click();
  await page.waitForURL(/#\/w\/[^/]+\/sources\/[^/]+$/);
  await page.getByText("Rows accepted").waitFor();
  assert.match(await page.locator(".facts").innerText(), /Rows accepted\s+301\s+Quarantined\s+2\s+Warnings\s+0\s+Encoding\s+UTF-8 \(with BOM\)/);
  assert.match(await page.getByText("Slash dates read as").innerText(), /last_activity: month first/);

  // Sorting keeps missing values last, in both directions.
  const rows = page.locator(".rows-table tbody tr:not(.spacer)");
  await rows.first().waitFor();
  assert.ok((await rows.count()) < 60, "only the rows in view are in the page");
  const employees = page.getByRole("button", { name: "employees" });
  await employees.click();
  await employees.click();
  const topTwo = await rows.evaluateAll((trs) => trs.slice(0, 2).map((tr) => Number(tr.children[10].textContent)));
  assert.ok(topTwo[0] >= topTwo[1] && topTwo[1] > 0, `descending employees: ${topTwo}`);

  // Filter by a column.
  await page.getByLabel("Filter").selectOption({ label: "name" });
  await page.getByLabel("contains").fill("HYPERLINK");
  await page.getByText("1 of 301 rows").waitFor();
  // What is shown downloads as shown, under the file's own headers, formulas neutralised.
  const rowsPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download these rows (CSV)" }).click();
  const rowsFile = await readFile(await (await rowsPromise).path(), "utf8");
  const [header, only, end] = rowsFile.split("\r\n");
  assert.match(header, /^Account ID,Account Name,Website,/);
  assert.match(only, /^0015g[0-9A-F]+AAQ,"'=HYPERLINK\(""http:\/\/example\.com"",""Click me""\)",/);
  assert.equal(end, "");
  await page.getByLabel("contains").fill("");
  await page.getByText("301 of 301 rows").waitFor();
  // Every table of the page downloads as CSV and as Excel: these rows, the quarantined ones.
  assert.equal(await downloadsEveryTable(page, page.locator("main")), 4);

  // Scrolling far down renders the rows there, with the rows above replaced by
  // a spacer of their height.
  await page.locator(".rows-scroller").evaluate((scroller) => { scroller.scrollTop = 6000; });
  await page.waitForFunction(() => parseInt(document.querySelector(".rows-table tr.spacer").style.height, 10) > 5000);
  assert.ok((await rows.count()) < 60);

  // The delimiter can be set by hand: a wrong one leaves the file unusable, with
  // the reason; back to automatic, it reads again.
  await page.getByLabel("Delimiter").selectOption(";");
  await page.getByText("This file cannot be used yet").waitFor();
  assert.match(await page.getByRole("alert").first().innerText(), /no column is mapped to the required field name \(/);
  await page.getByLabel("Delimiter").selectOption("");
  await page.getByText("Rows accepted").waitFor();

  // Remapping re-reads the file and is kept after a reload.
  await page.getByLabel("Website").selectOption("");
  await page.getByText("Mapping saved; the file was read again.").waitFor();
  await reloadWhenSaved(page);
  await page.getByText("Rows accepted").waitFor();
  assert.equal(await page.getByLabel("Website").inputValue(), "");

  // A deals file's page says where its deals are: the demo's, at their accounts by id.
  await page.getByRole("link", { name: "Sources", exact: true }).click();
  await page.getByRole("link", { name: "opportunities.csv" }).click();
  await page.getByText(/^Deals placed at their accounts: 150 by id, .*; 0 unplaced\.$/).waitFor();
  // A HubSpot deals export names the company: a name no account has is
  // unplaced, listed with its reason and downloadable.
  await page.getByRole("link", { name: "Sources", exact: true }).click();
  await page.locator('input[type="file"][multiple]').setInputFiles({
    name: "hubspot-deals.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Deal Name,Associated Company,Deal owner,Amount,Deal Stage,Close Date\nUpsell,Nowhere Holdings,Rep,500,Closed Won,2026-10-01\n"),
  });
  await page.getByLabel("Kind").selectOption("opportunities");
  await page.getByRole("button", { name: "Add hubspot-deals.csv" }).click();
  await page.getByText(/^Added hubspot-deals\.csv as /).waitFor();
  await page.getByRole("link", { name: "hubspot-deals.csv" }).click();
  await page.getByText(/^Deals placed at their accounts: .*; 1 unplaced\.$/).waitFor();
  const unplacedPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download unplaced deals (CSV)" }).click();
  const unplaced = await unplacedPromise;
  assert.equal(unplaced.suggestedFilename(), "unplaced_deals.csv");
  assert.match(await readFile(await unplaced.path(), "utf8"), /Nowhere Holdings/);
  assert.equal(await downloadsEveryTable(page, page.locator(".placement")), 2);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a backup restores the same workspace in a fresh browser profile", async () => {
  const first = await openPage();
  await first.page.getByRole("button", { name: "Load demo workspace" }).click();
  await first.page.getByText("Loaded the demo workspace: 7 datasets.").waitFor();
  const sourcesUrl = first.page.url();
  await first.page.getByRole("link", { name: "Workspaces" }).click();
  const downloadPromise = first.page.waitForEvent("download");
  await first.page.getByRole("button", { name: "Download backup" }).click();
  const download = await downloadPromise;
  assert.match(download.suggestedFilename(), /^sightline-demo-workspace-\d{4}-\d{2}-\d{2}\.sightline$/);
  const backupPath = join(await mkdtemp(join(tmpdir(), "sightline-")), download.suggestedFilename());
  await download.saveAs(backupPath);
  const firstRows = await (async () => {
    await first.page.goto(sourcesUrl);
    await datasetRows(first.page).nth(6).waitFor();
    return datasetRows(first.page).allInnerTexts();
  })();
  await first.context.close();

  const second = await openPage();
  await second.page.getByRole("heading", { name: "Welcome to Sightline" }).waitFor();
  await second.page.getByLabel("Choose a backup file…").setInputFiles(backupPath);
  await second.page.getByText("Restored “Demo workspace”.").waitFor();
  assert.equal(second.page.url(), sourcesUrl, "the same workspace id and URL");
  await datasetRows(second.page).nth(6).waitFor();
  assert.deepEqual(await datasetRows(second.page).allInnerTexts(), firstRows);

  // A file that is not a backup is refused with a clear message, nothing changes.
  await second.page.getByRole("link", { name: "Workspaces" }).click();
  // By its label: until the click re-renders the page, the sources view's
  // file inputs are still on it (any `input[type=file]` raced the render).
  await second.page.getByLabel("Choose a backup file…").setInputFiles({
    name: "not-a-backup.sightline",
    mimeType: "application/octet-stream",
    buffer: Buffer.from("Account ID,Name\n1,Acme\n"),
  });
  await second.page.getByText("Cannot restore: this file is not a Sightline workspace backup.").waitFor();
  assert.equal(await second.page.locator("table.data-table tbody tr").count(), 1);

  assert.deepEqual(second.problems, []);
  await second.context.close();
});

test("help: the guide and every page's Help link open their part of the documentation, beside the app", async () => {
  const { context, page, problems } = await openPage();
  /** Follows a link that opens a new tab, and returns that tab once loaded. */
  const follow = async (link) => {
    const opened = context.waitForEvent("page");
    await link.click();
    const help = await opened;
    await help.waitForLoadState();
    return help;
  };
  const guide = await follow(page.getByRole("link", { name: "Read the getting-started guide" }));
  assert.ok(guide.url().startsWith(new URL("docs/getting-started.html", host.url).href), guide.url());
  await guide.getByRole("heading", { level: 1 }).waitFor();
  // The contents list every part, and links between parts land on their sections.
  await guide.getByRole("link", { name: "Help contents" }).click();
  assert.equal(await guide.locator("ul.contents li").count(), 7);
  await guide.close();

  await page.getByRole("button", { name: "Load demo workspace" }).click();
  await page.getByText("Loaded the demo workspace: 7 datasets.").waitFor();
  const pages = [
    ["Sources", "inputs.html", null],
    ["Matching", "matching.html", null],
    ["Personas", "accounts.html", "personas"],
    ["Accounts", "accounts.html", null],
    ["Lens", "accounts.html", "size-of-prize-and-temperature"],
    ["Usage", "usage.html", null],
    ["Workspaces", "getting-started.html", null],
  ];
  for (const [name, file, section] of pages) {
    await page.locator("nav.main-nav").getByRole("link", { name, exact: false }).first().click();
    const help = await follow(page.getByRole("link", { name: /^Help: .+ \(opens in a new tab\)$/ }));
    const url = new URL(help.url());
    assert.ok(url.pathname.endsWith(`/docs/${file}`), `${name}: ${help.url()}`);
    assert.equal(url.hash, section ? `#${section}` : "", name);
    await help.getByRole("heading", { level: 1 }).waitFor();
    if (section) {
      assert.equal(await help.locator(`[id="${section}"]`).count(), 1, `${name}: its section`);
    }
    await help.close();
  }
  // A dataset's page: how files are read.
  await page.locator("nav.main-nav").getByRole("link", { name: "Sources" }).click();
  await page.getByRole("link", { name: "Salesforce_Accounts_report.csv" }).click();
  const reading = await follow(page.getByRole("link", { name: /^Help: Salesforce_Accounts_report\.csv/ }));
  assert.ok(reading.url().endsWith("/docs/inputs.html#reading-a-file"), reading.url());
  assert.equal(await reading.locator('[id="reading-a-file"]').count(), 1);
  await reading.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test("locale: a German browser reads numbers and dates the German way; the downloads stay as they are", async () => {
  const { context, page, problems } = await openPage({ locale: "de-DE" });
  await page.getByRole("button", { name: "Load demo workspace" }).click();
  await page.getByText("Loaded the demo workspace: 7 datasets.").waitFor();
  await page.getByRole("link", { name: "Usage" }).click();
  await page.getByText(/^Data current as of \d{2}\.\d{2}\.\d{4}\. Showing \d{2}\.\d{2}\.\d{4} – \d{2}\.\d{2}\.\d{4}/).waitFor();
  // Rates with a decimal comma, never a decimal point.
  const rates = await page.getByRole("region", { name: "This period" }).locator(".figure-value").allInnerTexts();
  assert.ok(rates.some((text) => /^\d+,\d%$/.test(text)), `a rate with a decimal comma: ${rates.join(" | ")}`);
  assert.ok(!rates.some((text) => /\d\.\d+%$/.test(text)), rates.join(" | "));
  // Thousands with a point: the demo's 301 accounts have companies of thousands of employees.
  await page.getByRole("link", { name: "Accounts" }).click();
  await page.locator("table.report-table tbody tr:not(.spacer)").first().waitFor();
  const cells = await page.locator("table.report-table tbody td.numeric").allInnerTexts();
  assert.ok(cells.some((text) => /^\d{1,3}(\.\d{3})+$/.test(text)), cells.slice(0, 20).join(" | "));
  assert.ok(!cells.some((text) => /^\d{1,3}(,\d{3})+$/.test(text)), "no English thousands");
  // The download keeps its plain numbers.
  const promise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download account report (CSV)" }).click();
  const report = (await readFile(await (await promise).path(), "utf8")).split("\r\n");
  assert.ok(report.slice(1, 50).some((line) => /,\d{4,},/.test(line)), "plain numbers in the file");
  assert.deepEqual(problems, []);
  await context.close();
});

test("unknown routes say so and offer the way back", async () => {
  const { context, page, problems } = await openPage();
  // A fresh profile has no workspace: `#/` settles on the list first.
  await page.waitForURL(/#\/workspaces$/);
  await page.goto(`${host.url}#/nowhere`);
  await page.getByRole("heading", { name: "Page not found" }).waitFor();
  await page.getByRole("link", { name: "Go to your workspaces" }).click();
  await page.waitForURL(/#\/workspaces$/);
  assert.deepEqual(problems, []);
  assert.ok(host.requests.every((path) => path.startsWith(BASE_PATH)), host.requests.join(", "));
  await context.close();
});

test("matching: ten doubtful matches reviewed with the keyboard, downloaded, and kept after a reload", async () => {
  const { context, page, problems } = await openPage();
  await page.getByRole("button", { name: "Load demo workspace" }).click();
  await page.waitForURL(/#\/w\/[^/]+\/sources$/);
  await page.getByText("Loaded the demo workspace: 7 datasets.").waitFor();
  await page.getByRole("link", { name: "Matching" }).click();
  await page.waitForURL(/#\/w\/[^/]+\/matching$/);

  const figure = (label) => page.locator(".figure").filter({ has: page.getByText(label, { exact: true }) });
  const review = page.getByRole("region", { name: "Review" });
  const position = review.getByText(/^Review \d+ of \d+$/);
  await position.waitFor();
  // A short queue: the review floor leaves accounts whose best candidate
  // scores 1 unmatched, and at most 5 % of the accounts wait.
  const waiting = Number((await position.innerText()).match(/of (\d+)/)[1]);
  assert.ok(waiting >= 1 && waiting <= 15, `${waiting} accounts in review`);
  assert.match(await figure("accounts").innerText(), /^301\s/);
  // The headline says what to do next: the queue first.
  await page.getByText(new RegExp(`^Next: decide the ${waiting} accounts? in review below`)).waitFor();
  await assertReadable(page, "matching");
  await screenshot(page, "matching");

  // The review floor is the person's: at 1, the accounts whose candidate
  // scores 1 wait too; back at 2, they are unmatched again.
  await page.getByLabel("Review those scoring at least").selectOption("1");
  await page.waitForFunction(
    (short) => Number(document.querySelector(".figures").innerText.match(/(\d+)\s*to review/)?.[1]) > short,
    waiting,
  );
  await page.getByLabel("Review those scoring at least").selectOption("2");
  await figure("to review").getByText(String(waiting), { exact: true }).waitFor();

  // The account and its candidate side by side, one graded row per field.
  assert.equal(await review.locator("table.side-by-side tbody tr").count(), 7);

  // Ten decisions with the keyboard: confirm, reject, confirm, … — the whole
  // queue, then unmatched accounts whose candidate is shown on their row.
  await review.focus();
  for (let i = 0; i < waiting; i++) await page.keyboard.press(i % 2 === 0 ? "c" : "r");
  await figure("to review").getByText("0", { exact: true }).waitFor();
  await page.getByLabel("Show").selectOption("unmatched");
  const withCandidate = page
    .locator("section.match-accounts table tbody tr")
    .filter({ has: page.locator("td:nth-child(2):not(:empty)") });
  const decisionsShown = async (made) => {
    await figure("confirmed").getByText(String(Math.ceil(made / 2)), { exact: true }).waitFor();
    await figure("rejected").getByText(String(Math.floor(made / 2)), { exact: true }).waitFor();
  };
  await decisionsShown(waiting);
  for (let i = waiting; i < 10; i++) {
    await withCandidate.first().getByRole("button").click();
    await review.focus();
    await page.keyboard.press(i % 2 === 0 ? "c" : "r");
    await decisionsShown(i + 1);
  }
  await figure("confirmed").getByText("5", { exact: true }).waitFor();
  await figure("rejected").getByText("5", { exact: true }).waitFor();
  // The decisions against the scores: ten decided, the confirmed ones right.
  const decided = page.getByRole("region", { name: "Your decisions against the scores" });
  await decided.getByText("10 decided").waitFor();
  const rights = (await decided.locator("tbody tr td:nth-child(4)").allInnerTexts())
    .map((text) => Number(text.split(" ")[0]) || 0);
  assert.equal(rights.reduce((sum, right) => sum + right, 0), 5);
  // The weights this run learnt, beside those it started from.
  await page.getByText("Weights learnt on this data").click();
  const learnt = page.locator("details.learnt-weights");
  const streetSame = learnt.locator("tbody tr", { hasText: "street" }).first();
  await streetSame.waitFor();
  const [, , startedAt, learntHere] = await streetSame.locator("td").allInnerTexts();
  assert.match(startedAt, /^[+-]\d+\.\d$/);
  assert.match(learntHere, /^[+-]\d+\.\d$/);
  assert.equal(
    await learnt.locator("tbody tr").count(),
    28,
    "the bias, 24 levels and 3 term frequencies",
  );
  // A city's term frequency is Fellegi–Sunter's slope, started and learnt.
  const cityFrequency = learnt.locator("tbody tr", { hasText: "against a typical city" });
  assert.deepEqual(
    (await cityFrequency.locator("td").allInnerTexts()).slice(2),
    ["-1.0 a doubling", "-1.0 a doubling"],
  );
  // Learnt on this data: some weights moved from where they started.
  const moved = [];
  for (const row of await learnt.locator("tbody tr").all()) {
    const cells = await row.locator("td").allInnerTexts();
    if (cells[2] !== cells[3]) moved.push(cells[1]);
  }
  assert.ok(moved.length >= 5, `weights that moved: ${moved.join(", ")}`);

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download matches (CSV)" }).click();
  const download = await downloadPromise;
  assert.equal(download.suggestedFilename(), "matches.csv");
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trimEnd().split("\r\n");
  assert.equal(lines[0], "Account ID,company_id,company_name,match_score,confidence,match_grade,status");
  assert.equal(lines.length, 302);
  assert.equal(lines.filter((line) => line.endsWith(",5,1.00,") || /,5,1\.00,[ABFZ]{7},confirmed$/.test(line)).length, 5);
  assert.equal(lines.filter((line) => /^[^,]+,,,0,,,rejected$/.test(line)).length, 5);
  // The same table as an Excel workbook, and the unmatched on their own.
  const excelPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download matches (Excel)" }).click();
  const excel = await excelPromise;
  assert.equal(excel.suggestedFilename(), "matches.xlsx");
  assert.equal((await readFile(await excel.path())).subarray(0, 2).toString(), "PK", "a workbook is a zip file");
  const unmatchedPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download unmatched (CSV)" }).click();
  const unmatched = await unmatchedPromise;
  assert.equal(unmatched.suggestedFilename(), "unmatched_accounts.csv");
  const unmatchedLines = (await readFile(await unmatched.path(), "utf8")).trimEnd().split("\r\n");
  assert.ok(unmatchedLines.slice(1).every((line) => /,(unmatched|rejected)$/.test(line)), unmatchedLines.join("\n"));
  assert.equal(await downloadsEveryTable(page, page.locator(".matching-toolbar").first()), 4);

  // The accounts table scrolls through every account, only those in view in the page.
  await page.getByLabel("Show").selectOption("all");
  const list = page.getByLabel("Accounts and their matches");
  const listRows = list.locator("tbody tr:not(.spacer)");
  await listRows.first().waitFor();
  assert.ok((await listRows.count()) < 60, "only the rows in view are in the page");
  const firstAccount = await listRows.first().locator("td").first().innerText();
  await list.evaluate((element) => { element.scrollTop = element.scrollHeight; });
  await page.waitForFunction(
    (first) => document.querySelector("section.match-accounts tbody tr:not(.spacer) td")?.innerText !== first,
    firstAccount,
  );
  const lastRow = listRows.last();
  await lastRow.locator("button").click();
  const lastName = await lastRow.locator("td").first().innerText();
  assert.ok(lastName.length > 0);
  // The status filter narrows the list to what it names, from the top.
  await page.getByLabel("Show").selectOption("rejected");
  await page.locator("section.match-accounts").getByText(/^5 account\(s\)$/).waitFor();
  assert.equal(await listRows.count(), 5);
  assert.ok((await listRows.locator("td:last-child").allInnerTexts()).every((text) => text.startsWith("rejected")));
  await page.getByLabel("Show").selectOption("all");

  // Every decision is still there after a reload.
  await reloadWhenSaved(page);
  await figure("confirmed").getByText("5", { exact: true }).waitFor();
  await figure("rejected").getByText("5", { exact: true }).waitFor();
  // Run again: the matches are recomputed, the decisions kept.
  await page.getByRole("button", { name: "Run again", disabled: false }).click();
  await page.getByRole("button", { name: "Run again", disabled: false }).waitFor();
  assert.match(await figure("accounts").innerText(), /^301\s/);
  await figure("confirmed").getByText("5", { exact: true }).waitFor();
  await figure("rejected").getByText("5", { exact: true }).waitFor();

  assert.deepEqual(problems, []);
  await context.close();
});

test("personas: a new user builds a developers persona, sees it per account and downloads the report and whitespace", async () => {
  const { context, page, problems } = await openPage();
  await page.getByRole("button", { name: "Load demo workspace" }).click();
  await page.getByText("Loaded the demo workspace: 7 datasets.").waitFor();
  await page.getByRole("link", { name: "Personas" }).click();
  await page.waitForURL(/#\/w\/[^/]+\/personas$/);
  await page.getByText("Engineering & IT (by function)").waitFor();

  await page.getByRole("button", { name: "New persona" }).click();
  await page.getByLabel("Name").fill("Software developers (by title)");
  await page.getByLabel("Name").press("Tab");
  await page.getByLabel("Title includes").fill("software engineer, developer, swe");
  await page.getByLabel("Title includes").press("Tab");
  await page.getByLabel("Title excludes").fill("sales");
  await page.getByLabel("Title excludes").press("Tab");
  const live = page.locator(".persona-preview");
  await live.getByText(/people match\./).waitFor();
  const matching = Number((await live.getByText(/people match\./).innerText()).replace(/[^0-9]/g, ""));
  assert.ok(matching > 0, `${matching} developers`);
  assert.ok(!(await live.locator("ul").first().innerText()).match(/Sales/), "no sales title among the matching ones");

  await page.getByRole("link", { name: "Accounts" }).click();
  await page.waitForURL(/#\/w\/[^/]+\/accounts$/);
  await page.getByLabel("Sizing persona").selectOption("Software developers (by title)");
  // A refused price is said, not silently dropped; a good one clears it.
  await page.getByLabel("Price per user per year").fill("-5");
  await page.getByLabel("Price per user per year").press("Tab");
  await page.getByRole("alert").filter({ hasText: "Not saved: the price must be an amount of zero or more, not '-5'." }).waitFor();
  await page.getByLabel("Price per user per year").fill("120");
  await page.getByLabel("Price per user per year").press("Tab");
  await page.getByText("Not saved:").waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Sort by Software developers (by title)" }).waitFor();
  await page.getByRole("img", { name: /Accounts by Software developers \(by title\)/ }).waitFor();
  await assertReadable(page, "accounts");
  // The headline: matched accounts, developers, LAM in the accounts and the
  // whitespace, and the ten largest accounts by LAM, largest first.
  const headline = page.getByRole("region", { name: "Headline" });
  const figureOf = async (label) => (await headline.locator(".figure").filter({ hasText: label }).locator(".figure-value").innerText());
  assert.match(await figureOf("accounts matched to a company"), /^\d+ of 301$/);
  const lamTotal = Number((await figureOf("LAM in your accounts")).replace(/,/g, ""));
  assert.ok(lamTotal > 0, `LAM ${lamTotal}`);
  assert.ok(Number((await figureOf("LAM in the whitespace")).replace(/,/g, "")) > 0);
  const topLams = (await headline.locator("ol.top-accounts li .muted").allInnerTexts()).map((text) => Number(text.replace(/,/g, "")));
  assert.equal(topLams.length, 10);
  assert.deepEqual(topLams, [...topLams].sort((a, b) => b - a), "largest first");
  await screenshot(page, "accounts");

  const download = async (label) => {
    const promise = page.waitForEvent("download");
    await page.getByRole("button", { name: label }).click();
    return readFile(await (await promise).path(), "utf8");
  };
  const report = await download("Download account report (CSV)");
  // The demo's six personas, then the one this user made.
  assert.match(report.split("\r\n")[0], /^Account ID,account_name,company_id,.*,connectivity,Engineering & IT \(by function\),Software developers,Data & analytics,Engineering leaders,Sales,Security,Software developers \(by title\),people_coverage,potential_users,lam$/);
  assert.equal(report.trimEnd().split("\r\n").length, 302);
  // People coverage: the accounts under 30 % are counted in the headline and flagged in the table.
  const reportRows = report.trimEnd().split("\r\n").map(csvCells);
  const coverageAt = reportRows[0].indexOf("people_coverage");
  const coverages = reportRows.slice(1).map((row) => row[coverageAt]).filter((value) => value !== "").map(Number);
  assert.ok(coverages.length > 200, `coverage known for the matched accounts: ${coverages.length}`);
  // (The demo's people data is a sample: every matched account is under 30 %.)
  const low = coverages.filter((value) => value < 0.3).length;
  assert.ok(low > 200, `low coverage: ${low}`);
  await headline.getByText(new RegExp(`^${low.toLocaleString("en-US")} account\\(s\\) have few profiles in the people data \\(under 30% of their employees\\)`)).waitFor();
  await page.getByRole("button", { name: "Sort by People coverage" }).click();
  const flagged = page.locator("table.report-table td.flagged", { hasText: "few profiles" }).first();
  assert.match(await flagged.innerText(), /^\d+(\.\d)?% · few profiles: the count may be low$/);
  // The same account's persona counts say so on hover.
  const flaggedRow = page.locator("table.report-table tbody tr").filter({ has: page.locator("td.flagged", { hasText: "few profiles" }) }).first();
  assert.ok((await flaggedRow.locator('td.flagged[title="few profiles: the count may be low"]').count()) >= 7, "its coverage and its seven persona counts");
  const insert = await download("Download whitespace as Salesforce insert (CSV)");
  assert.match(insert, /^Name,Website,BillingStreet,BillingCity,BillingState,BillingPostalCode,BillingCountry,Industry,NumberOfEmployees,Engineering & IT \(by function\),Software developers,Data & analytics,Engineering leaders,Sales,Security,Software developers \(by title\)\r\n/);

  // The report is virtualised: a few dozen rows in the page, the last ones after a scroll.
  const scroller = page.getByRole("region", { name: "Rows of the report" }).or(page.locator('[aria-label="Rows of the report"]'));
  const rendered = page.locator("table.report-table tbody tr:not(.spacer)");
  assert.ok((await rendered.count()) < 60, "only the rows in view are rendered");
  await scroller.first().evaluate((element) => { element.scrollTop = element.scrollHeight; });
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll("table.report-table tbody tr:not(.spacer)")];
    return rows.length > 0 && rows.length < 60 && document.querySelector("table.report-table tbody tr.spacer").style.height !== "0px";
  });
  await scroller.first().evaluate((element) => { element.scrollTop = 0; });

  // The best-connected account opens with its people, warm paths in first.
  await page.getByRole("button", { name: "Sort by Connectivity" }).click();
  await page.getByRole("button", { name: "Sort by Connectivity" }).click();
  await page.getByRole("button", { name: /^Open account / }).first().click();
  const detail = page.getByRole("region", { name: /.+/ }).filter({ has: page.getByText(/connected to us \(warm paths in, listed first\)/) });
  await detail.getByText(/connected to us \(warm paths in, listed first\)/).waitFor();
  const connected = await detail.locator("tbody tr td:last-child").allInnerTexts();
  const numbers = connected.map(Number);
  assert.ok(numbers.length > 0 && numbers[0] >= 1, `a warm path first: ${numbers}`);
  assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), "most connected first");
  // Only the persona's people: fewer, and every one of them a developer by title.
  const everyone = Number((await detail.getByText(/^\d+ people, /).innerText()).match(/^\d+/)[0]);
  await detail.getByLabel("People").selectOption({ label: "Software developers (by title)" });
  await page.waitForFunction((all) => {
    const status = [...document.querySelectorAll(".account-detail span[role=status]")][0];
    return status && Number(status.textContent.match(/^\d+/)[0]) < all;
  }, everyone);
  const titles = await detail.locator("tbody tr td:first-child").allInnerTexts();
  assert.ok(titles.every((title) => /develop|engineer|program|\bswe\b/i.test(title)), titles.join(" | "));
  await detail.getByLabel("People").selectOption({ label: "everyone" });
  await detail.getByText(new RegExp(`^${everyone} people, `)).waitFor();
  await detail.getByRole("button", { name: "Close" }).click();

  // Whitespace: the companies no account is matched to.
  await page.getByLabel("Show").selectOption("whitespace");
  await page.getByRole("button", { name: "Sort by Company ID" }).waitFor();
  const rowCount = async () => Number((await page.getByText(/^[\d,]+ row\(s\)$/).innerText()).replace(/[^0-9]/g, ""));
  const allWhitespace = await rowCount();
  assert.ok(allWhitespace > 2000, `${allWhitespace} whitespace companies`);
  await page.getByLabel("Range of").selectOption({ label: "Employee count" });
  await page.getByLabel("from").fill("1000");
  await page.waitForFunction((all) => {
    const status = [...document.querySelectorAll("span[role=status]")].find((span) => /row\(s\)$/.test(span.textContent));
    return status && Number(status.textContent.replace(/[^0-9]/g, "")) < all;
  }, allWhitespace);
  const employees = await page.locator("table.report-table tbody tr td:nth-child(7)").allInnerTexts();
  assert.ok(employees.length > 0 && employees.every((value) => Number(value.replace(/,/g, "")) >= 1000), employees.join(" "));
  await page.getByLabel("Show").selectOption("report");

  // A Salesforce update with the developer count; the ledger lists both files.
  await page.getByLabel("Report column of field 1").selectOption("Software developers (by title)");
  const update = await download("Download CRM update (CSV)");
  const updateLines = update.trimEnd().split("\r\n");
  assert.equal(updateLines[0], "Id,LinkedIn_Developer_Count__c,LinkedIn_Employee_Count__c");
  assert.ok(updateLines.length > 250, `${updateLines.length} rows`);
  const ledger = page.locator("table.ledger");
  await ledger.getByText("Salesforce update", { exact: true }).waitFor();
  await ledger.getByText("Salesforce insert", { exact: true }).waitFor();
  // Nothing changed since: a changes-only file is just its header.
  const changes = await download("Download changes only (CSV)");
  assert.equal(changes, "Id,LinkedIn_Developer_Count__c,LinkedIn_Employee_Count__c\r\n");
  // HubSpot instead: its own preset; a field added and named, another removed.
  await page.getByLabel("Format").selectOption("hubspot");
  assert.equal(await page.getByLabel("Record id column").inputValue(), "Record ID");
  await page.getByRole("button", { name: "Add a field" }).click();
  await page.getByLabel("Report column of field 2").selectOption("employee_count");
  await page.getByLabel("CRM name of field 2").fill("numberofemployees");
  await page.getByLabel("CRM name of field 2").press("Tab");
  await page.getByRole("button", { name: "Remove field 1" }).click();
  await page.getByLabel("CRM name of field 2").waitFor({ state: "detached" });
  const hubspot = await download("Download CRM update (CSV)");
  // HubSpot matches a record by its id, name and domain: those come first.
  assert.equal(hubspot.split("\r\n")[0], "Record ID,Company name,Company Domain Name,numberofemployees");
  await ledger.getByText("HubSpot import", { exact: true }).waitFor();
  await page.getByLabel("Format").selectOption("salesforce");
  assert.equal(await page.getByLabel("Record id column").inputValue(), "Id");
  // Cells as they are, for a CRM import: the page says what that means.
  const asTheyAre = page.getByLabel("Write cells exactly as they are (for a CRM import)");
  await asTheyAre.check();
  await page.getByRole("note").filter({ hasText: "do not open this file in a spreadsheet" }).waitFor();
  await asTheyAre.uncheck();
  await page.getByRole("note").filter({ hasText: "do not open this file in a spreadsheet" }).waitFor({ state: "detached" });

  // The personas, the report's settings and the ledger are kept.
  await reloadWhenSaved(page);
  await page.locator("table.ledger").getByText("Salesforce update (changes only)").waitFor();
  await page.getByRole("button", { name: "Sort by Software developers (by title)" }).waitFor();
  assert.equal(await page.getByLabel("Sizing persona").inputValue(), "Software developers (by title)");
  assert.equal(await page.getByLabel("Price per user per year").inputValue(), "120");

  // Every other table of the page downloads as CSV and as Excel (the CRM
  // update, a CRM import file, is CSV only and tested above).
  const others = await downloadsEveryTable(page, page.locator("main"), ["Download CRM update (CSV)", "Download changes only (CSV)"]);
  assert.ok(others >= 5, `the account report, the whitespace and the report table: ${others}`);

  assert.deepEqual(problems, []);
  await context.close();
});

test("lens: the grid spreads the demo's accounts, the hot and big cell lists them, and the top one says why", async () => {
  const { context, page, problems } = await openPage();
  await page.getByRole("button", { name: "Load demo workspace" }).click();
  await page.getByText("Loaded the demo workspace: 7 datasets.").waitFor();
  await page.getByRole("link", { name: "Lens" }).click();
  await page.waitForURL(/#\/w\/[^/]+\/lens$/);
  const cells = page.locator("table.grid button.cell");
  await cells.first().waitFor();
  assert.equal(await cells.count(), 9);
  const counts = (await cells.allInnerTexts()).map((text) => Number(text.replace(/[^0-9]/g, "")));
  assert.equal(counts.reduce((a, b) => a + b, 0), 301, "every account in one cell");
  assert.ok(counts.filter((count) => count > 0).length >= 5, `a believable spread: ${counts}`);
  // The headline counts the hot accounts, as the grid does.
  const hotLine = await page.getByText(/^\d+ hot account\(s\) \(high Temperature\), \d+ of them with a high Size of Prize/).innerText();
  const [hot, hotAndBig] = hotLine.match(/\d+/g).map(Number);
  const highHigh = await page.getByRole("button", { name: /^High prize, High temperature: \d+ accounts$/ }).getAttribute("aria-label");
  assert.ok(hot >= hotAndBig && hotAndBig === Number(highHigh.match(/(\d+) accounts$/)[1]), `${hotLine} / ${highHigh}`);
  await assertReadable(page, "lens");
  await screenshot(page, "lens");

  await page.getByRole("button", { name: /^High prize, High temperature: \d+ accounts$/ }).click();
  const ranked = page.locator("ol.ranked li");
  await ranked.first().waitFor();
  await ranked.first().getByRole("button").click();
  await page.getByRole("heading", { name: /^Why .+ is at \d+$/ }).waitFor();

  // Does the Temperature work? The demo's won deals were engaged before their scoring day.
  const auc = page.locator(".backtest-auc");
  await auc.waitFor();
  const aucOf = async () => Number((await auc.innerText()).match(/\(AUC (\d\.\d\d);/)[1]);
  const aucBefore = await aucOf();
  assert.ok(aucBefore > 0.65, await auc.innerText());
  await page.getByRole("img", { name: /^Won rate by Temperature tier, 90 days before the close \(deals\): Low \(\d+\): \d+(\.\d)?%, Medium \(\d+\): \d+(\.\d)?%, High \(\d+\): \d+(\.\d)?%$/ }).waitFor();

  // A weight is a setting: without engagement, the account's engagement adds nothing.
  assert.equal(await page.getByText("engagement: 0.0 points").count(), 0);
  await page.getByText("Scoring and alert settings", { exact: true }).click();
  await page.getByLabel("Weight: engagement").fill("0");
  await page.getByLabel("Weight: engagement").press("Enter");
  await page.getByText("engagement: 0.0 points").waitFor();
  // ...and the backtest follows at once: without engagement, it tells less.
  await page.waitForFunction((before) => !document.querySelector(".backtest-auc").innerText.includes(`(AUC ${before.toFixed(2)};`), aucBefore);
  assert.ok((await aucOf()) < aucBefore, await auc.innerText());

  // Size of Prize learned from the won deals: it errs less than LAM on accounts held out,
  // sizes every matched account, splits them in three tiers, and says why.
  const prizeNote = page.locator("section.prize-model p[role=status]");
  await prizeNote.getByText(/^Learned from the won deals of \d+ accounts/).waitFor();
  const [learnedError, lamError] = [...(await prizeNote.innerText()).matchAll(/×(\d+(\.\d+)?)/g)].map((found) => Number(found[1]));
  assert.ok(learnedError < lamError, await prizeNote.innerText());
  const lamGrid = await page.locator("table.grid button.cell").evaluateAll((cells) => cells.map((cell) => cell.getAttribute("aria-label")).join("|"));
  await page.getByLabel("Size of Prize is").selectOption("learned");
  // The grid is the learned model's once its cells change.
  await page.waitForFunction((before) =>
    [...document.querySelectorAll("table.grid button.cell")].map((cell) => cell.getAttribute("aria-label")).join("|") !== before, lamGrid);
  const rowTotals = await page.locator("table.grid tbody tr").evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll("button.cell")].reduce((sum, cell) => sum + Number(cell.textContent.replace(/[^0-9]/g, "")), 0)));
  assert.equal(rowTotals.length, 3);
  assert.ok(rowTotals.every((total) => total > 0), `three non-empty prize tiers: ${rowTotals}`);
  await page.getByRole("button", { name: /^High prize, High temperature: \d+ accounts$/ }).click();
  await ranked.first().getByRole("button").click();
  await page.getByRole("heading", { name: "Its Size of Prize, learned from won deals" }).waitFor();
  assert.match(await page.locator("#why").innerText(), /a year: an average account's [\d,.]+, .*(Employees|Industry: .+) ×\d/);
  // The whitespace it sizes largest, largest first, each with why.
  const whitespacePrizes = page.locator("ol.whitespace-prizes li");
  await whitespacePrizes.nth(9).waitFor();
  const prizes = (await whitespacePrizes.allInnerTexts()).map((text) => {
    assert.match(text, /^.+: [\d,]+ a year \(.+ ×\d/);
    return Number(text.match(/: ([\d,]+) a year/)[1].replace(/,/g, ""));
  });
  assert.deepEqual(prizes, [...prizes].sort((a, b) => b - a), "largest first");
  await page.getByLabel("Size of Prize is").selectOption("lam");

  // The grid, the ranked accounts and the alerts download, as CSV and as Excel.
  const lensDownload = async (name) => {
    const promise = page.waitForEvent("download");
    await page.getByRole("button", { name }).click();
    const download = await promise;
    return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
  };
  const grid = await lensDownload("Download the grid (CSV)");
  assert.equal(grid.name, "size_of_prize_by_temperature.csv");
  const gridLines = grid.bytes.toString("utf8").trimEnd().split("\r\n");
  assert.equal(gridLines[0], "size_of_prize/temperature,High,Medium,Low");
  const gridTotal = gridLines.slice(1).flatMap((line) => line.split(",").slice(1).map(Number)).reduce((a, b) => a + b, 0);
  assert.equal(gridTotal, 301, "the grid's file holds every account");
  const gridWorkbook = await lensDownload("Download the grid (Excel)");
  assert.equal(gridWorkbook.name, "size_of_prize_by_temperature.xlsx");
  assert.equal(gridWorkbook.bytes.subarray(0, 2).toString(), "PK");
  const rankedFile = await lensDownload("Download the ranked accounts (Excel)");
  assert.match(rankedFile.name, /^accounts_by_(size_of_prize|temperature)\.xlsx$/);
  const rankedCsv = await lensDownload("Download the ranked accounts (CSV)");
  assert.equal(rankedCsv.bytes.toString("utf8").trimEnd().split("\r\n").length, 302, "a row per account");

  // Every alert is new until the feed is opened; the Lens link counts them.
  await page.getByRole("link", { name: /^Lens\s*[\d,]+ new alerts$/ }).waitFor();
  await page.getByText(/^Alerts \([\d,]+; [\d,]+ new\)$/).click();
  await page.getByRole("link", { name: "Lens", exact: true }).waitFor();
  const feed = page.locator("ul.feed li");
  await feed.first().waitFor();
  await page.getByLabel("Type").selectOption("renewal_due");
  const types = await page.locator("ul.feed li .tag").allInnerTexts();
  assert.ok(types.length > 0 && types.every((type) => type === "renewal_due"), types.join(" "));
  // Grouped by account, with a count each.
  await page.locator("ul.feed > li > h3").first().getByText(/\(\d+\)/).waitFor();
  const alertsFile = await lensDownload("Download alerts (CSV)");
  const alertLines = alertsFile.bytes.toString("utf8").trimEnd().split("\r\n");
  assert.equal(alertLines[0], "date,account_id,account_name,owner,alert_type,person,sentence");
  assert.ok(alertLines.length > 1 && alertLines.slice(1).every((line) => line.includes(",renewal_due,")), "the alerts shown, as shown");
  assert.equal((await lensDownload("Download alerts (Excel)")).name, "alerts.xlsx");

  // Seen stays seen, and the weight stays set, after a reload.
  await reloadWhenSaved(page);
  await page.getByRole("link", { name: "Lens", exact: true }).waitFor();
  await page.getByText(/^Alerts \([\d,]+; 0 new\)$/).waitFor();
  assert.equal(await page.getByLabel("Weight: engagement").inputValue(), "0");

  assert.deepEqual(problems, []);
  await context.close();
});

test("usage: the demo team's report, filters, and a download byte-identical to `sightline usage`", async () => {
  const { context, page, problems } = await openPage();
  await page.getByRole("button", { name: "Load demo workspace" }).click();
  await page.getByText("Loaded the demo workspace: 7 datasets.").waitFor();

  // The seats and the activity log as the page holds them, for the command line.
  const files = {};
  for (const name of ["sales_navigator_seats.csv", "sales_navigator_activity.csv"]) {
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("button", { name: `Download ${name}` }).click();
    files[name] = await (await downloadPromise).path();
  }

  await page.getByRole("link", { name: "Usage" }).click();
  await page.waitForURL(/#\/w\/[^/]+\/usage$/);
  // Dates as the browser's language writes them (American English here).
  const status = page.getByText(/^Data current as of \d{2}\/\d{2}\/\d{4}\. Showing/);
  await status.waitFor();
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  // 40 seats in the small demo; the coach chart describes every level.
  await page.getByRole("term").filter({ hasText: "Purchased seats" }).waitFor();
  const chart = page.getByRole("img", { name: /^Activated users by coach level: Beginner: \d+, Intermediate: \d+, Proficient: \d+, Advanced: \d+, Expert: \d+$/ });
  await chart.waitFor();
  // The range week by week: a point per week (the last 30 days: four weeks and two days).
  const weekly = page.getByRole("img", { name: /^Active users per week: \d{2}\/\d{2}\/\d{4}: [\d,]+/ });
  await weekly.waitFor();
  assert.equal((await weekly.getAttribute("aria-label")).split(", ").length, 5);
  await page.getByRole("img", { name: /^InMail acceptance rate per week: \d{2}\/\d{2}\/\d{4}: (\d+(\.\d)?%|no value)/ }).waitFor();
  const trend = page.locator("figure.trend").first();
  await trend.getByText("The figures as a table").click();
  assert.equal(await trend.locator("tbody tr").count(), 5);
  await assertReadable(page, "usage: Overview");
  await screenshot(page, "usage");
  // Every tab, by click and by the arrow keys, reads as words and percentages.
  const tabs = page.getByRole("tablist", { name: "Usage report" }).getByRole("tab");
  assert.deepEqual(await tabs.allInnerTexts(), ["Overview", "Usage and effectiveness", "Best practices", "SSI", "ROI"]);
  // Each tab: its headline cards, each with its change on the 30 days before, and its charts.
  const cardChanges = () => page.getByRole("region", { name: "This period" }).locator(".figure-change").allInnerTexts();
  const change = /^(\+\d+%|−\d+%|no change|new) on the previous 30 days$|^no figure for the previous 30 days$/;
  let tableDownloads = 0;
  for (const [name, heading, cards, charts] of [
    ["Overview", "Overview", 4, [/^Activated users by coach level: /]],
    ["Usage and effectiveness", "Usage and effectiveness", 4, [/^Active users by group: \w+: \d+/, /^InMail acceptance rate by group: \w+: \d+(\.\d)?%/]],
    ["Best practices", "Best practices", 3, [/^Activated users meeting each practice: Book of business: \d+(\.\d)?%/]],
    ["SSI", "Social Selling Index", 5, [/^Team average of each SSI pillar \(out of 25\): Brand: [\d.]+, Find: /]],
    ["ROI", "ROI", 3, [/^Share of won revenue influenced, per owner: .+: \d+(\.\d)?%/]],
  ]) {
    await page.getByRole("tab", { name, exact: true }).click();
    await page.getByRole("tabpanel").getByRole("heading", { name: new RegExp(`^${heading}`) }).first().waitFor();
    const changes = await cardChanges();
    assert.equal(changes.length, cards, `${name}: ${changes.join(" | ")}`);
    assert.ok(changes.every((text) => change.test(text)), changes.join(" | "));
    for (const chart of charts) {
      await page.getByRole("img", { name: chart }).waitFor();
    }
    // Each of the tab's tables downloads as CSV and as Excel.
    tableDownloads += await downloadsEveryTable(page, page.getByRole("tabpanel"));
    await assertReadable(page, `usage: ${name}`);
  }
  // Users, groups, feature adoption, best practices, SSI and deals per owner: two files each.
  assert.equal(tableDownloads, 12);
  // The daily chart has a scale, dates under it, and its figures as a table.
  await page.getByRole("tab", { name: "Usage and effectiveness" }).click();
  const daily = page.locator("figure.daily");
  const dates = await daily.locator("svg text.axis").allTextContents();
  assert.ok(dates.filter((text) => /^\d{2}\/\d{2}\/\d{4}$/.test(text)).length >= 2, dates.join(" | "));
  await daily.getByText("The figures as a table").click();
  assert.equal(await daily.locator("tbody tr").count(), 30, "one row per day of the last 30 days");
  await page.getByRole("tab", { name: "ROI" }).click();
  await page.getByRole("tab", { name: "ROI" }).press("ArrowRight");
  await page.getByRole("tab", { name: "Overview", selected: true }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Overview");
  await page.getByRole("tab", { name: "Overview" }).press("ArrowLeft");
  await page.getByRole("tab", { name: "ROI", selected: true }).waitFor();
  await page.getByRole("tab", { name: "Overview" }).click();

  // last-90 is widened to whole weeks, and says so.
  await page.getByLabel("Date range").selectOption("last-90");
  await page.getByText(/widened to whole weeks/).waitFor();

  // The download is the command line's export, byte for byte.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the usage report (CSV)" }).click();
  const download = await downloadPromise;
  const fromPage = await readFile(await download.path());
  const header = fromPage.toString("utf8").split("\r\n")[0];
  assert.ok(header.startsWith("seat_id,user_id,name,email,groups,"), header);
  assert.equal(fromPage.toString("utf8").split("\r\n").length - 2, 40, "one row per seat");
  const cli = resolve("../../target/debug/sightline");
  const out = join(await mkdtemp(join(tmpdir(), "usage-")), "usage.csv");
  await execFileAsync(cli, [
    "usage", "--seats", files["sales_navigator_seats.csv"], "--activity", files["sales_navigator_activity.csv"],
    "--range", "last-90", "--out", out,
  ]);
  assert.ok(fromPage.equals(await readFile(out)), "the page's download equals `sightline usage --range last-90`");
  // And its workbook is the command line's workbook, byte for byte.
  const workbookPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the usage report (Excel)" }).click();
  const workbook = await workbookPromise;
  assert.match(workbook.suggestedFilename(), /\.xlsx$/);
  const outWorkbook = join(dirname(out), "usage.xlsx");
  await execFileAsync(cli, [
    "usage", "--seats", files["sales_navigator_seats.csv"], "--activity", files["sales_navigator_activity.csv"],
    "--range", "last-90", "--out", outWorkbook,
  ]);
  assert.ok((await readFile(await workbook.path())).equals(await readFile(outWorkbook)), "the page's workbook equals `sightline usage --out usage.xlsx`");
  // Written by the workbook worker, fetched beside the page, of the version
  // the build wrote into the page.
  assert.ok(host.requests.includes(`${BASE_PATH}sightline-workbook_bg.wasm`), host.requests.join(", "));
  assert.match(await page.locator('meta[name="sightline-workbook"]').getAttribute("content"), /^[0-9a-f]{16}$/);

  // A group filter changes every figure, seat counts included, and survives a reload.
  await page.getByText(/^Filters: 0 group\(s\), 0 user\(s\)$/).click();
  await page.getByRole("checkbox", { name: "APAC" }).check();
  await page.getByText("Filters: 1 group(s), 0 user(s)").waitFor();
  const purchased = async () => Number(await page.locator("dl.figures dd").first().innerText());
  const filtered = await purchased();
  assert.ok(filtered > 0 && filtered < 40, `APAC seats: ${filtered}`);
  await page.waitForTimeout(1000);
  await reloadWhenSaved(page);
  await page.getByText("Filters: 1 group(s), 0 user(s)").waitFor();
  await page.getByText(/widened to whole weeks/).waitFor();
  assert.equal(await purchased(), filtered);

  // Each practice's definition is one click away, on its tab.
  await page.getByRole("tab", { name: "Best practices" }).click();
  await page.locator("details summary").filter({ hasText: /^Book of business$/ }).click();
  await page.getByText("Accounts saved in the last two years.").waitFor();
  await page.getByText("Met at 25.").first().waitFor();

  assert.deepEqual(problems, []);
  await context.close();
});

test("exports as they come: accounts and contacts alone size accounts, then a company database moves the people to companies", async () => {
  const { context, page, problems } = await openPage();
  const corpus = (file) => resolve("../../../shared/corpus/exports", file);

  // An empty workspace of one's own.
  await page.getByRole("link", { name: "Workspaces" }).click();
  await page.getByLabel("Name").fill("Exports as they come");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(/#\/w\/[^/]+\/sources$/);

  // A Dynamics accounts view (no id column) and its contacts (no ids, the
  // company by name): each kind guessed and shown for confirmation.
  await page.locator('input[type="file"][multiple]').setInputFiles([
    corpus("d365_demo_accounts.csv"),
    corpus("d365_demo_contacts.csv"),
  ]);
  await page.getByLabel("Kind").nth(1).waitFor();
  const kinds = await page.getByLabel("Kind").evaluateAll((selects) => selects.map((select) => select.value));
  assert.deepEqual(kinds.sort(), ["accounts", "people"]);
  await page.getByRole("button", { name: "Add all" }).click();
  await page.waitForFunction(() => document.querySelectorAll("table.data-table tbody tr").length === 2);
  assert.match(await datasetRows(page).filter({ hasText: "d365_demo_accounts.csv" }).innerText(), /CRM accounts\s+33\s+0\s/);
  assert.match(await datasetRows(page).filter({ hasText: "d365_demo_contacts.csv" }).innerText(), /People \(employee profiles\)\s+199\s+0\s/);

  // A persona by title: the contacts carry titles, not functions.
  await page.getByRole("link", { name: "Personas", exact: true }).click();
  await page.getByRole("button", { name: "New persona" }).click();
  await page.getByLabel("Name").fill("Sales (by title)");
  await page.getByLabel("Name").press("Tab");
  await page.getByLabel("Title includes").fill("sales");
  await page.getByLabel("Title includes").press("Tab");
  await page.locator(".persona-preview").getByText(/people match\./).waitFor();

  // No company database: the contacts are placed at the accounts, by name.
  await page.getByRole("link", { name: "Accounts", exact: true }).click();
  await page.waitForURL(/#\/w\/[^/]+\/accounts$/);
  await page.getByText("People placed at the accounts (there is no company database: add one for company data, match scores and whitespace): 0 by id, 0 by LinkedIn page, 0 by domain, 192 by name; 7 unplaced.").waitFor();
  await page.getByLabel("Sizing persona").selectOption("Sales (by title)");
  await page.getByRole("button", { name: "Sort by Sales (by title)" }).waitFor();
  const download = async (label) => {
    const promise = page.waitForEvent("download");
    await page.getByRole("button", { name: label }).click();
    const file = await promise;
    return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
  };
  const unplaced = await download("Download unplaced people (CSV)");
  assert.equal(unplaced.name, "unplaced_people.csv");
  const unplacedLines = unplaced.text.trimEnd().split("\r\n");
  assert.match(unplacedLines[0], /^Email,Company Name,.*,reason$/);
  assert.equal(unplacedLines.length, 8, "seven unplaced contacts");
  assert.ok(unplacedLines.slice(1).every((line) => line.endsWith('"no company with this id, page, name or domain"')));
  const report = (await download("Download account report (CSV)")).text.trimEnd().split("\r\n");
  const header = report[0].split(",");
  const sales = header.indexOf("Sales (by title)");
  assert.ok(sales > 0, header.join(","));
  assert.equal(report.length, 34, "one row per account");
  const total = report.slice(1).map((line) => Number(line.split(",")[sales])).reduce((a, b) => a + b, 0);
  assert.equal(total, 47, "every contact with sales in their title, counted at their account");

  // The contacts' own page shows the same links, and the same download.
  await page.getByRole("link", { name: "Sources", exact: true }).click();
  await page.getByRole("link", { name: "d365_demo_contacts.csv" }).click();
  await page.getByText("Record ids made from each record's e-mail (the file has no id column).").waitFor();
  await page.getByText(/^People placed at the accounts .*192 by name; 7 unplaced\.$/).waitFor();
  const unplacedHere = await download("Download unplaced people (CSV)");
  assert.equal(unplacedHere.text, unplaced.text);

  // A company database arrives: the people move to the companies, and the
  // companies no account matches are whitespace.
  await page.getByRole("link", { name: "Sources", exact: true }).click();
  await page.locator('input[type="file"][multiple]').setInputFiles({
    name: "company_database.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      "Company ID,Company Name,Website,Employees\n" +
      "C1,Contoso Ltd.,contoso.com,5000\nC2,Trey Research,treyresearch.net,300\n" +
      "C3,Northwind Traders,northwindtraders.com,120\nC4,Fabrikam Inc.,fabrikam.com,900\n" +
      "C5,Wingtip Toys,wingtiptoys.com,50\nC6,Litware Inc.,litware.com,75\n",
    ),
  });
  await page.getByRole("button", { name: "Add company_database.csv" }).click();
  await page.getByText("Added company_database.csv as Company database: 6 rows.").waitFor();
  await page.getByRole("link", { name: "Accounts", exact: true }).click();
  const placedAtCompanies = page.getByText(/^People placed at their companies: /);
  await placedAtCompanies.waitFor();
  const placedText = await placedAtCompanies.innerText();
  const count = (rule) => Number(placedText.match(new RegExp(`(\\d+) ${rule}`))[1]);
  // The contacts carry their company's website: most are placed by domain,
  // the rest of those at the six companies by name; the others stay unplaced.
  assert.ok(count("by domain") + count("by name") >= 60, placedText);
  assert.equal(count("by domain") + count("by name") + count("unplaced"), 199, placedText);
  const headline = page.getByRole("region", { name: "Headline" });
  const whitespace = Number((await headline.locator(".figure").filter({ hasText: "whitespace companies" }).locator(".figure-value").innerText()).replace(/[^0-9]/g, ""));
  assert.ok(whitespace >= 1, `${whitespace} whitespace companies`);
  await page.getByLabel("Show").selectOption("whitespace");
  await page.getByRole("button", { name: "Sort by Company ID" }).waitFor();
  await reloadWhenSaved(page);
  await page.getByText(/^People placed at their companies/).waitFor();
  // The contacts' page follows: their links now go to the companies.
  await page.getByRole("link", { name: "Sources", exact: true }).click();
  await page.getByRole("link", { name: "d365_demo_contacts.csv" }).click();
  await page.getByText(/^People placed at their companies: /).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
