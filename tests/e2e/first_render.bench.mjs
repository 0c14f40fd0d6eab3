// Benchmark (not a test): the page's size and its first render from a cold
// cache. Serves dist/ gzipped on loopback, opens the app in a fresh browser
// context each time (an empty cache, an empty IndexedDB) and prints, per run and
// as the median, the time from navigation to the welcome page's heading.
//
//   trunk build --release && cd tests/e2e && node first_render.bench.mjs
import { readdir, readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { serveDist } from "./static-server.mjs";

const DIST = resolve(process.env.SIGHTLINE_DIST ?? "../../dist");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const RUNS = Number(process.env.RUNS ?? 7);

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(3)} MB`;
for (const name of await readdir(DIST)) {
  if (/\.(wasm|js|css)$/.test(name)) {
    const bytes = await readFile(join(DIST, name));
    console.log(`${name}: ${megabytes(bytes.length)} raw, ${megabytes(gzipSync(bytes, { level: 9 }).length)} gzip (level 9)`);
  }
}

const host = await serveDist(DIST, "/tools/sightline/", { gzip: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const times = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(host.url, { waitUntil: "commit" });
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    // Navigation start is the page's time origin.
    const ms = await page.evaluate(() => performance.now());
    times.push(ms);
    console.log(`run ${run + 1}: first render ${Math.round(ms)} ms`);
    await context.close();
  }
} finally {
  await browser.close();
  await host.close();
}
times.sort((a, b) => a - b);
console.log(`first render of the welcome page, cold cache, loopback: median ${Math.round(times[Math.floor(times.length / 2)])} ms over ${RUNS} runs`);
