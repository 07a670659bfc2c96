// Shared by the end-to-end tests: builds the release page with Trunk, serves a directory on
// 127.0.0.1, and starts Debian's Chromium through playwright-core (which never downloads a
// browser). Screenshots go to target/e2e/.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'target', 'e2e');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Builds the page as users get it (`trunk build --release`) into dist/, unless the test
 * command already did (PVP_PREBUILT=1), so several test files share one build.
 */
export function buildReleasePage() {
  if (process.env.PVP_PREBUILT === '1') return join(ROOT, 'dist');
  const env = { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}` };
  const run = spawnSync('trunk', ['build', '--release'], { cwd: ROOT, env, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`trunk build --release failed (exit ${run.status})`);
  return join(ROOT, 'dist');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Serves `dir` on 127.0.0.1 at a free port; resolves to { url, close }. */
export async function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    try {
      if (!file.startsWith(dir) || !statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/**
 * Starts headless Chromium with a fresh profile. The flags keep it off the network it cannot
 * reach here (background services would otherwise keep trying).
 */
export async function launch(viewport = { width: 1280, height: 900 }, colorScheme = 'light') {
  const profile = mkdtempSync(join(tmpdir(), 'pvp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    colorScheme,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
  // A request the page itself abandoned (a navigation away, a worker stopped mid-load) is
  // not a failure the reader sees; any other is.
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    if (why !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${why})`);
  });
  return {
    page,
    problems,
    profile,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Starts Chromium (as `launch`), opens `url` and waits until `ready` (a selector) is on the
 * page: the first drawn diagram box by default.
 */
export async function launchAt(url, { viewport, colorScheme, ready = '[data-node]' } = {}) {
  const browser = await launch(viewport, colorScheme);
  try {
    await browser.page.goto(url);
    await browser.page.locator(ready).first().waitFor();
  } catch (error) {
    // The caller never gets the browser to close: an open Chromium would keep the test
    // file's process alive after its tests end.
    await browser.close();
    throw error;
  }
  return browser;
}

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * Runs axe-core (from npm) on the page and returns its serious and critical violations as
 * "rule: target" lines, so a failing test names what to fix.
 */
export async function accessibilityProblems(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.targets.map((t) => `${v.id} (${v.impact}): ${t}`));
}

/** Saves a full-page screenshot as target/e2e/NAME.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * The workspace's tab with this name (the see pane's or the act pane's), clicked; below
 * 1024 px its pane is shown first through the pane switch.
 */
const SEE_TABS = ['Flowchart', 'Cluster graph', 'Volume lifecycle', 'kubectl get', 'Events'];

export async function openTab(page, name) {
  const tab = page.getByRole('tab', { name, exact: true });
  if (!(await tab.isVisible())) {
    // A pane not shown may not be drawn at all, so its tabs are known by name.
    const pane = SEE_TABS.includes(name) ? 'See' : 'Act';
    await page.locator('.pvp-pane-switch').getByRole('button', { name: new RegExp(`^${pane} `) }).click();
  }
  await tab.click();
}

/**
 * Types `command` at the kubectl console's prompt and enters it, as a user does; resolves to
 * the text that entry printed.
 */
export async function enterCommand(page, command) {
  const console_ = page.getByRole('region', { name: 'kubectl console' });
  const before = await console_.locator('.pvp-console-entry').count();
  const prompt = console_.getByLabel('kubectl command', { exact: true });
  await prompt.fill(command);
  await prompt.press('Enter');
  const entry = console_.locator('.pvp-console-entry').nth(before);
  await entry.waitFor();
  return entry.innerText();
}

/** Where the followed claim's flowchart is, and whether all of it is inside the viewport. */
export async function flowchartPlace(page) {
  return page.locator('svg.pvp-live').evaluate((svg) => {
    const r = svg.getBoundingClientRect();
    const inside = r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 &&
      r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
    return { inside, top: Math.round(r.top), bottom: Math.round(r.bottom), height: Math.round(r.height), viewport: innerHeight };
  });
}

/** Fails unless the followed claim's flowchart is wholly in view, naming `after`. */
export async function assertFlowchartInView(page, after) {
  const place = await flowchartPlace(page);
  if (!place.inside) throw new Error(`after ${after}: the flowchart is not in view (${JSON.stringify(place)})`);
}

/** Whether the page itself scrolls (its panes may). */
export function pageScrolls(page) {
  return page.evaluate(() => document.scrollingElement.scrollHeight > innerHeight);
}

/**
 * The highest peak resident memory (VmHWM, bytes) of the renderer processes of the Chromium
 * launched with `profile` (Linux /proc): a page's, with its Web Workers, which run inside it.
 */
export function peakRendererMemory(profile) {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((pid) => {
    try {
      // Chromium's children rewrite their title: arguments may be joined by spaces, not NULs.
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const field = (name) => status.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm'))?.[1];
      return { pid, cmdline, parent: field('PPid'), peakKb: Number(field('VmHWM') ?? 0) };
    } catch {
      return null;
    }
  }).filter(Boolean);
  const browser = procs.find((p) => p.cmdline.includes(`--user-data-dir=${profile} `) && !p.cmdline.includes('--type='));
  if (!browser) return null;
  const family = new Set([browser.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!family.has(p.pid) && family.has(p.parent)) { family.add(p.pid); grew = true; }
  }
  const renderers = procs.filter((p) => family.has(p.pid) && p.cmdline.includes('--type=renderer'));
  return renderers.length ? Math.max(...renderers.map((p) => p.peakKb)) * 1024 : null;
}
