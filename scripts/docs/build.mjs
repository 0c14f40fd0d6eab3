// Turns the user documentation (docs/*.md) into the help pages the app's Help
// links open: docs/<name>.html beside the app, with a contents page. trunk runs
// this after every build (Trunk.toml, post_build hook) with TRUNK_STAGING_DIR
// set; by hand: `node scripts/docs/build.mjs OUT_DIR`.
//
// The Markdown is the repository's own (not user text), so marked's HTML is
// written as it is. Links between the docs (`matching.md#the-review-queue`)
// point to the pages (`matching.html#the-review-queue`); headings get the
// ids GitHub gives them, so the same anchors work in both places.

import { readFile, readdir, mkdir, writeFile, copyFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Marked } from "marked";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? "dist", "docs");

/** A heading's id as GitHub makes it: lower case, punctuation dropped, spaces as `-`. */
export function slug(text) {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <meta name="referrer" content="no-referrer">
  <title>${escapeHtml(title)} · Sightline help</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="docs.css">
</head>
<body>
  <nav aria-label="Help"><a href="../">Sightline</a> · <a href="index.html">Help contents</a></nav>
  <main>
${body}
  </main>
</body>
</html>
`;
}

function renderer() {
  const marked = new Marked();
  marked.use({
    walkTokens(token) {
      if (token.type === "link") {
        token.href = token.href.replace(/^([\w-]+)\.md(#|$)/, "$1.html$2");
      }
    },
    renderer: {
      heading({ tokens, depth, text }) {
        return `<h${depth} id="${slug(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
    },
  });
  return marked;
}

const marked = renderer();
await mkdir(out, { recursive: true });
// Getting started first, then the rest by name.
const names = (await readdir(join(root, "docs")))
  .filter((name) => name.endsWith(".md"))
  .sort((a, b) => (a === "getting-started.md" ? -1 : b === "getting-started.md" ? 1 : a.localeCompare(b)));
const contents = [];
const pages = new Map();
for (const name of names) {
  const markdown = await readFile(join(root, "docs", name), "utf8");
  const title = (markdown.match(/^# (.+)$/m)?.[1] ?? name).replace(/`/g, "");
  const file = name.replace(/\.md$/, ".html");
  pages.set(file, marked.parse(markdown));
  await writeFile(join(out, file), page(title, pages.get(file)));
  contents.push(`<li><a href="${file}">${escapeHtml(title)}</a></li>`);
}
// A link to a page or a heading that is not there fails the build: a Help
// link never lands nowhere.
const broken = [];
for (const [file, html] of pages) {
  for (const [, target, anchor] of html.matchAll(/href="([\w-]+\.html)?(?:#([^"]+))?"/g)) {
    const into = pages.get(target ?? file);
    if ((target && !into) || (anchor && into && !into.includes(`id="${anchor}"`))) {
      broken.push(`${file}: ${target ?? ""}#${anchor ?? ""}`);
    }
  }
}
if (broken.length > 0) {
  console.error(`broken links in docs/:\n${broken.join("\n")}`);
  process.exit(1);
}
await writeFile(join(out, "index.html"), page("Help contents", `<h1>Sightline help</h1>\n<ul class="contents">\n${contents.join("\n")}\n</ul>`));
await copyFile(join(root, "scripts/docs/docs.css"), join(out, "docs.css"));
console.log(`help pages: ${names.length} in ${out}`);
