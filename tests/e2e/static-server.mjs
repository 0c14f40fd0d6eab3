// A minimal static host for the built app, serving dist/ under a sub-path, the way
// a company intranet or GitHub Pages would. It knows nothing of the app: if the
// app works here from /tools/sightline/, it works from any static host.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { extname, join, normalize } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/** The headers of a Netlify-style `_headers` file (one `/*` block). */
export function parseHeaders(text) {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => /^\s+\S/.test(line))
      .map((line) => line.trim().split(/:\s*(.*)/s).slice(0, 2)),
  );
}

/** Serves `dist` at `basePath` (e.g. "/tools/sightline/") on 127.0.0.1, with
 * the headers of its `_headers` file, as a static host that reads it does.
 * With `{ gzip: true }`, answers a browser that accepts it with gzip, as most
 * static hosts do (the first-render benchmark measures what a user downloads). */
export async function serveDist(dist, basePath, { gzip = false } = {}) {
  const compressed = new Map();
  const requests = [];
  const headers = parseHeaders(await readFile(join(dist, "_headers"), "utf8").catch(() => ""));
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    requests.push(path);
    if (!path.startsWith(basePath)) {
      response.writeHead(404).end("not found");
      return;
    }
    const relative = path.slice(basePath.length) || "index.html";
    const file = normalize(join(dist, relative));
    if (!file.startsWith(normalize(dist))) {
      response.writeHead(403).end("forbidden");
      return;
    }
    try {
      let body = await readFile(file);
      const type = TYPES[extname(file)] ?? "application/octet-stream";
      const encoding = {};
      if (gzip && /\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) {
        if (!compressed.has(file)) compressed.set(file, gzipSync(body, { level: 9 }));
        body = compressed.get(file);
        encoding["content-encoding"] = "gzip";
      }
      response.writeHead(200, { ...headers, ...encoding, "content-type": type });
      response.end(body);
    } catch {
      response.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
