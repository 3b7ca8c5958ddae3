// Drive a liangxin network.html step by step in headless Chromium, offline, from disk; print what each step returned as JSON.
//
// usage: node drive_page.mjs PAGE.html STEPS.json
//
// STEPS.json is a list of steps, each an object with one of:
//   {"eval": "JS expression"}          the expression's value (window.liangxin.search("…"), …)
//   {"click": "NODE_ID"}               a real mouse click on a drawn node (centred first)
//   {"clickSelector": "CSS"}           a real click on an element
//   {"fill": ["CSS", "text"]}          type into an input (the page's own events run)
//   {"press": ["CSS", "Enter"]}        a key press in an element
//   {"select": ["CSS", "value"]}       choose an option of a <select>
//   {"download": "CSS"}                click the element; the downloaded file: its name, text, first 3 bytes (hex)
//   {"screenshot": "FILE.png"}         the page as it looks now
//   {"wait": MS}
//   {"init": "JS"}                     run before the page's scripts (not a step of its own: no result)
// $LX_TIMEOUT_MS bounds opening and settling (default 120000).
// Uses the system chromium (/usr/bin/chromium, or $CHROMIUM) through playwright-core; it never downloads a browser.
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function nodePoint(page, id) {
  await page.evaluate((nodeId) => window.liangxin.network.focus(nodeId, { scale: 1.5, animation: false }), id);
  return page.evaluate((nodeId) => {
    const network = window.liangxin.network;
    const dom = network.canvasToDOM(network.getPositions([nodeId])[nodeId]);
    const box = document.getElementById("lx-network").getBoundingClientRect();
    return { x: box.left + dom.x, y: box.top + dom.y };
  }, id);
}

async function run(page, step) {
  if ("eval" in step) return page.evaluate(step.eval);
  if ("click" in step) {
    const point = await nodePoint(page, step.click);
    await page.mouse.click(point.x, point.y);
    return page.evaluate(() => window.liangxin.state.selected);
  }
  if ("clickSelector" in step) return page.click(step.clickSelector);
  if ("fill" in step) return page.fill(step.fill[0], step.fill[1]);
  if ("press" in step) return page.press(step.press[0], step.press[1]);
  if ("select" in step) return page.selectOption(step.select[0], step.select[1]);
  if ("download" in step) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(step.download)]);
    const path = await download.path();
    return { name: download.suggestedFilename(), text: readFileSync(path).toString("utf-8"),
      bom: readFileSync(path).subarray(0, 3).toString("hex") };
  }
  if ("screenshot" in step) { await page.screenshot({ path: step.screenshot }); return step.screenshot; }
  if ("wait" in step) return page.waitForTimeout(step.wait);
  throw new Error(`unknown step ${JSON.stringify(step)}`);
}

async function main() {
  const [pagePath, stepsPath] = process.argv.slice(2);
  const steps = JSON.parse(readFileSync(stepsPath, "utf-8"));
  const url = pathToFileURL(resolve(pagePath)).href;
  const profile = mkdtempSync(join(tmpdir(), "liangxin-chromium-"));
  const report = { url, foreignRequests: [], dialogs: [], consoleErrors: [], pageErrors: [], results: [] };
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, chromiumSandbox: false,
      args: FLAGS, viewport: { width: 1600, height: 900 }, offline: true, acceptDownloads: true,
    });
    context.on("request", (request) => {
      if (!/^(file|data|blob|about):/.test(request.url())) report.foreignRequests.push(request.url());
    });
    const page = context.pages()[0] || (await context.newPage());
    page.on("dialog", async (dialog) => { report.dialogs.push(dialog.message()); await dialog.dismiss(); });
    page.on("console", (message) => { if (message.type() === "error") report.consoleErrors.push(message.text()); });
    page.on("pageerror", (error) => report.pageErrors.push(String(error)));
    // {"init": "JS"} steps run before the page's own scripts (e.g. to take a browser feature away).
    for (const step of steps.filter((s) => "init" in s)) await page.addInitScript(step.init);
    const started = Date.now();
    const timeout = Number(process.env.LX_TIMEOUT_MS || 120000);
    await page.goto(url, { waitUntil: "load", timeout });
    report.loadWallMs = Date.now() - started;
    await page.waitForFunction(() => window.liangxin && window.liangxin.state.settled, null, { timeout, polling: 50 });
    report.settleWallMs = Date.now() - started;
    report.settleMs = await page.evaluate(() => window.liangxin.state.settleMs);
    for (const step of steps.filter((s) => !("init" in s))) report.results.push(await run(page, step) ?? null);
    report.pwned = await page.evaluate(() => window.__pwned === true);
  } finally {
    if (context) await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(report));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
