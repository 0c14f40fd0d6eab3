// A small W3C WebDriver client (the classic HTTP protocol), enough to drive
// Firefox through geckodriver and WebKit through WebKitWebDriver as a person
// would: open a page, find a control by what it says, click it, type, pick a
// file. Playwright drives Chromium (app.test.mjs); it cannot drive Debian's
// own Firefox and WebKit, which only speak WebDriver.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";

const ELEMENT = "element-6066-11e4-a07c-4f1d8a6cd0ff";

/** An element reference's id (WebKit's driver names the key its own way). */
const elementId = (reference) => reference[ELEMENT] ?? Object.values(reference)[0];

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** WebKitGTK's own browser, wherever this Debian release puts it. */
function miniBrowser() {
  const roots = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/libexec"];
  for (const root of roots) {
    for (const version of ["webkit2gtk-4.1", "webkitgtk-6.0", "webkit2gtk-4.0"]) {
      const path = `${root}/${version}/MiniBrowser`;
      if (existsSync(path)) return path;
    }
  }
  return "MiniBrowser";
}

/** The browsers this walk runs in: their driver and the capabilities asked for. */
export const BROWSERS = {
  firefox: {
    driver: process.env.GECKODRIVER ?? "geckodriver",
    args: (port) => ["--port", String(port), "--host", "127.0.0.1"],
    capabilities: {
      browserName: "firefox",
      "moz:firefoxOptions": {
        binary: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
        args: ["-headless"],
        prefs: { "browser.download.folderList": 2 },
      },
    },
  },
  webkit: {
    // WebKitGTK's MiniBrowser needs a display: the test runs under xvfb-run.
    driver: process.env.WEBKIT_WEBDRIVER ?? "WebKitWebDriver",
    args: (port) => [`--port=${port}`],
    capabilities: {
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": {
        binary: process.env.MINIBROWSER ?? miniBrowser(),
        args: ["--automation"],
      },
    },
  },
};

/** Starts a browser's driver and a session in it. */
export async function openSession(browser) {
  const { driver, args, capabilities } = BROWSERS[browser];
  const port = await freePort();
  const process_ = spawn(driver, args(port), { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  process_.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => process_.on("exit", resolve));
  const base = `http://127.0.0.1:${port}`;
  // The driver listens a moment after it starts.
  for (let attempt = 0; ; attempt++) {
    try {
      await fetch(`${base}/status`);
      break;
    } catch (error) {
      if (attempt > 100 || process_.exitCode !== null) {
        throw new Error(`${driver} did not start: ${stderr || error.message}`);
      }
      await sleep(100);
    }
  }
  const call = async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (json.value?.error) throw new Error(`${method} ${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  const created = await call("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
  return new Session(call, created.sessionId, created.capabilities, async () => {
    await call("DELETE", `/session/${created.sessionId}`).catch(() => {});
    process_.kill();
    await exited;
  });
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class Session {
  constructor(call, id, capabilities, close) {
    this.call = call;
    this.id = id;
    this.capabilities = capabilities;
    this.close = close;
  }

  #path(path) {
    return `/session/${this.id}${path}`;
  }

  goto(url) {
    return this.call("POST", this.#path("/url"), { url });
  }

  /** Runs `script` in the page (its `arguments` are `args`). */
  run(script, ...args) {
    return this.call("POST", this.#path("/execute/sync"), { script, args });
  }

  text() {
    return this.run("return document.body.innerText");
  }

  /** Waits until `check()` gives something truthy, for up to `ms`. */
  async waitFor(what, check, ms = 30_000) {
    const until = Date.now() + ms;
    for (;;) {
      const found = await check();
      if (found) return found;
      if (Date.now() > until) {
        throw new Error(`timed out waiting for ${what}; the page says:\n${(await this.text()).slice(0, 2000)}`);
      }
      await sleep(200);
    }
  }

  waitForText(text, ms) {
    return this.waitFor(`"${text}"`, async () => (await this.text()).includes(text), ms);
  }

  /** The control (button, link) named `label` (its text or its aria-label), once it shows. */
  async control(label) {
    const found = await this.waitFor(`a control "${label}"`, () =>
      this.run(
        `return [...document.querySelectorAll("button, a, [role=tab]")]
           .find((element) => (element.innerText.trim() === arguments[0] || element.getAttribute("aria-label") === arguments[0])
             && element.offsetParent !== null) ?? null`,
        label,
      ),
    );
    return elementId(found);
  }

  async click(label) {
    const element = await this.control(label);
    await this.call("POST", this.#path(`/element/${element}/click`), {});
  }

  /** Gives a file input a file from disk, as choosing it in the dialog does. */
  async chooseFile(selector, path) {
    const input = await this.waitFor(`the file input ${selector}`, () =>
      this.run("return document.querySelector(arguments[0])", selector),
    );
    await this.call("POST", this.#path(`/element/${elementId(input)}/value`), { text: path });
  }
}
