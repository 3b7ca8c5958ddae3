// Open a liangxin network.html from disk in headless Chromium, offline, and report what happened as JSON.
//
// usage: node check_page.mjs PAGE.html [--search TEXT] [--street NAME] [--hover NODE_ID] [--click NODE_ID]
//                              [--screenshot FILE.png] [--timeout MS]
//
// Uses the system chromium (/usr/bin/chromium, or $CHROMIUM) through playwright-core; it never downloads a browser.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

function parseArgs(argv) {
  const options = { page: null, search: null, street: null, hover: null, click: null, screenshot: null, timeout: 60000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith("--")) {
      const key = arg.slice(2);
      if (!(key in options)) throw new Error(`unknown option ${arg}`);
      options[key] = argv[++i];
    } else {
      options.page = arg;
    }
  }
  if (!options.page) throw new Error("usage: node check_page.mjs PAGE.html [options]");
  options.timeout = Number(options.timeout);
  return options;
}

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const url = pathToFileURL(resolve(options.page)).href;
  const profile = mkdtempSync(join(tmpdir(), "liangxin-chromium-"));
  const report = { url, requests: [], foreignRequests: [], dialogs: [], consoleErrors: [], pageErrors: [] };
  let context;
  try {
    // A persistent context is how playwright takes a --user-data-dir: a fresh, empty one each run.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      headless: true,
      chromiumSandbox: false,
      args: FLAGS,
      viewport: { width: 1400, height: 900 },
      offline: true,
    });
    context.on("request", (request) => {
      const requested = request.url();
      report.requests.push(requested);
      if (!/^(file|data|blob|about):/.test(requested)) report.foreignRequests.push(requested);
    });
    const page = context.pages()[0] || (await context.newPage());
    page.on("dialog", async (dialog) => {
      report.dialogs.push({ type: dialog.type(), message: dialog.message() });
      await dialog.dismiss();
    });
    page.on("console", (message) => { if (message.type() === "error") report.consoleErrors.push(message.text()); });
    page.on("pageerror", (error) => report.pageErrors.push(String(error)));

    const started = Date.now();
    await page.goto(url, { waitUntil: "load", timeout: options.timeout });
    report.loadMs = Date.now() - started;
    await page.waitForFunction(() => window.liangxin && window.liangxin.state.settled, null,
      { timeout: options.timeout, polling: 50 });
    report.settleWallMs = Date.now() - started;
    Object.assign(report, await page.evaluate(() => {
      const lx = window.liangxin;
      return {
        settleMs: lx.state.settleMs,
        drawn: lx.drawn,
        datasetNodes: lx.nodes.length,
        renderedNodes: Object.keys(lx.network.body.nodes).length,
        renderedEdges: Object.keys(lx.network.body.edges).length,
        visible: lx.visibleIds().length,
        streets: Array.from(document.querySelectorAll("#lx-street option")).map((o) => o.value).filter(Boolean),
        legend: Array.from(document.querySelectorAll("#lx-legend li[data-kind]")).map((li) => li.textContent),
        notes: Array.from(document.querySelectorAll("#lx-notes li")).map((li) => li.textContent),
        title: document.title,
        injectedImages: document.querySelectorAll("img").length,
        pwned: window.__pwned === true,
      };
    }));

    if (options.hover) {
      const point = await nodePoint(page, options.hover);
      await page.mouse.move(point.x, point.y);
      await page.waitForFunction(() => {
        const tip = document.querySelector("div.vis-tooltip");
        return tip && tip.style.visibility !== "hidden" && tip.textContent.length > 0;
      }, null, { timeout: 5000 }).catch(() => {});
      report.hover = await page.evaluate(() => {
        const tip = document.querySelector("div.vis-tooltip");
        return tip ? { text: tip.textContent, name: (tip.querySelector(".lx-tip-name") || {}).textContent || null,
          html: tip.innerHTML, images: tip.querySelectorAll("img").length } : null;
      });
      report.injectedImagesAfterHover = await page.evaluate(() => document.querySelectorAll("img").length);
      await page.mouse.move(1, 1);
    }
    if (options.search !== null) {
      await page.fill("#lx-search", options.search);
      await page.waitForFunction((query) => window.liangxin.state.query === query, options.search, { timeout: 5000 });
      report.search = await page.evaluate(() => ({
        visible: window.liangxin.visibleIds(), status: document.getElementById("lx-status").textContent,
        results: Array.from(document.querySelectorAll("#lx-results button")).map((b) => b.firstChild.textContent),
      }));
      await page.fill("#lx-search", "");
      await page.waitForFunction(() => window.liangxin.state.query === "", null, { timeout: 5000 });
      report.afterSearchCleared = await page.evaluate(() => window.liangxin.visibleIds().length);
    }
    if (options.street !== null) {
      await page.selectOption("#lx-street", options.street);
      report.street = await page.evaluate(() => ({
        visible: window.liangxin.visibleIds(), hidden: window.liangxin.hiddenIds().length,
        status: document.getElementById("lx-status").textContent,
      }));
      await page.selectOption("#lx-street", "");
      report.afterStreetCleared = await page.evaluate(() => window.liangxin.visibleIds().length);
    }
    if (options.click) {
      const point = await nodePoint(page, options.click);
      await page.mouse.click(point.x, point.y);
      report.click = await page.evaluate(() => ({
        selected: window.liangxin.network.getSelectedNodes(),
        chain: window.liangxin.state.focus ? Array.from(window.liangxin.state.focus) : null,
        status: document.getElementById("lx-status").textContent,
      }));
    }
    if (options.screenshot) {
      await page.screenshot({ path: options.screenshot });
    }
    report.dialogsAtEnd = report.dialogs.length;
    report.pwnedAtEnd = await page.evaluate(() => window.__pwned === true);
  } finally {
    if (context) await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(report));
}

// Where a node is on the screen: centre it first so it is inside the viewport.
async function nodePoint(page, id) {
  await page.evaluate((nodeId) => {
    const network = window.liangxin.network;
    network.focus(nodeId, { scale: 1.5, animation: false });
  }, id);
  const point = await page.evaluate((nodeId) => {
    const network = window.liangxin.network;
    const dom = network.canvasToDOM(network.getPositions([nodeId])[nodeId]);
    const box = document.getElementById("lx-network").getBoundingClientRect();
    return { x: box.left + dom.x, y: box.top + dom.y };
  }, id);
  return point;
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
