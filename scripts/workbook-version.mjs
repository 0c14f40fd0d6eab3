// Names the build of the workbook worker in the page: run by trunk after
// every build (Trunk.toml, post_build hook, with TRUNK_STAGING_DIR).
//
// trunk does not hash a worker's file names, and the page's own hashed name
// does not change when only the worker does (the Excel writer is not in the
// page). So this writes a hash of the worker's files into index.html, as
// <meta name="sightline-workbook" content="…">, and the page asks for the
// worker with it (`?v=…`, src/ui/workbook.rs): a browser never pairs a
// cached worker file of one build with the page of another.
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const stage = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? "dist";
const hash = createHash("sha256");
for (const name of ["workbook_loader.js", "sightline-workbook.js", "sightline-workbook_bg.wasm"]) {
  hash.update(await readFile(join(stage, name)));
}
const version = hash.digest("hex").slice(0, 16);
const page = join(stage, "index.html");
const html = await readFile(page, "utf8");
if (!html.includes("</head>")) throw new Error(`${page}: no </head> to write the workbook version before`);
await writeFile(page, html.replace("</head>", `<meta name="sightline-workbook" content="${version}">\n</head>`));
console.log(`workbook worker version ${version}`);
