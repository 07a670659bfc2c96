// Benchmark (BENCHMARKS.md, "First diagram: our embed, our page and Mermaid"): navigation to
// the first drawn diagram, in one Chromium run, alternating pages, each at 1× and 4× CPU
// throttling (CDP Emulation.setCPUThrottlingRate through playwright-core), a fresh browser
// context (cold cache) for every navigation. Pages, served from the release build (dist/):
//   embed, prerendered   `pvsim render`'s element (the picture is in the HTML) + the script
//   embed, live          the same widget written by hand: the lean module draws it
//   standalone page      index.html (the demo cluster's flowchart)
//   Mermaid              mermaid 12 (npm, test-only) rendering the same flowchart's source
// "Drawn" is the first animation frame in which the diagram's first node is in the document
// (an init script polls each frame), as milliseconds since navigation started.
// Usage: node scripts/bench-first-diagram.mjs [RUNS]   (after trunk build --release)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../tests/e2e/harness.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const RUNS = Number(process.argv[2] ?? 7);
const CLAIM = readFileSync(join(ROOT, 'www', 'examples', 'bench-claim.yaml'), 'utf8');

const bench = join(DIST, 'bench');
mkdirSync(bench, { recursive: true });
copyFileSync(join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js'), join(bench, 'mermaid.min.js'));
const page = (body, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">${head}</head><body style="font-family: sans-serif; max-width: 60rem; margin: 0 auto">${body}</body></html>`;
// At the end of <body>, as docs/embedding.md recommends: in <head> the module is fetched
// early and started before the first paint (PVP_SCRIPT_IN_HEAD=1 measures that placement).
const inHead = process.env.PVP_SCRIPT_IN_HEAD === '1';
const embedScript = '<script type="module" src="../pv-playground-embed.js"></script>';
const embedPage = (body) => (inHead ? page(body, embedScript) : page(body + embedScript));
const pvsim = join(ROOT, 'target', 'release', 'pvsim');
execFileSync('cargo', ['build', '--quiet', '--release', '-p', 'pvsim'], { cwd: ROOT, stdio: 'inherit' });
const prerendered = execFileSync(pvsim, ['render', '--view', 'flow', '--readonly', '-'], { input: CLAIM, encoding: 'utf8' });
writeFileSync(join(bench, 'embed-prerendered.html'), embedPage(prerendered));
writeFileSync(join(bench, 'embed-live.html'), embedPage(
  `<div data-pv-playground data-view="flow" data-readonly><script type="application/yaml">${CLAIM}</script></div>`,
));

/** Marks `first-diagram` in the first frame where a diagram node exists (in a widget's shadow root too). */
const probe = () => {
  const found = () => document.querySelector('[data-node], svg g.node')
    || [...document.querySelectorAll('[data-pv-playground], pv-playground')]
      .some((e) => e.shadowRoot?.querySelector('[data-node]'));
  const tick = () => (found() ? performance.mark('first-diagram') : requestAnimationFrame(tick));
  requestAnimationFrame(tick);
};

const site = await serve(DIST);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function firstDiagram(path, rate) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe);
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await tab.goto(new URL(path, site.url).href);
  await tab.waitForFunction(() => performance.getEntriesByName('first-diagram').length > 0, null, { timeout: 60_000 });
  const ms = await tab.evaluate(() => performance.getEntriesByName('first-diagram')[0].startTime);
  await context.close();
  return ms;
}

// The flowchart's Mermaid source, from the widget itself.
{
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(new URL('bench/embed-live.html', site.url).href);
  const source = await tab.evaluate(async () => {
    const handle = await globalThis.pvPlayground.mounted(document.querySelector('[data-pv-playground]'));
    return handle.mermaid('flowchart');
  });
  await context.close();
  const escaped = source.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  writeFileSync(join(bench, 'mermaid.html'), page(
    `<pre class="mermaid">${escaped}</pre>`,
    '<script src="mermaid.min.js"></script><script>addEventListener("DOMContentLoaded", () => { mermaid.initialize({ startOnLoad: false }); mermaid.run({ querySelector: ".mermaid" }); });</script>',
  ));
}

const pages = {
  'embed, prerendered': 'bench/embed-prerendered.html',
  'embed, live (lean module)': 'bench/embed-live.html',
  'standalone page': 'index.html',
  'Mermaid 12': 'bench/mermaid.html',
};
const results = {};
for (let run = 0; run < RUNS; run++) {
  for (const rate of [1, 4]) {
    for (const [name, path] of Object.entries(pages)) {
      const ms = await firstDiagram(path, rate);
      (results[`${name} @${rate}×`] ??= []).push(ms);
    }
  }
}
await browser.close();
await site.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| page | CPU | median (ms) | runs (ms) |\n|---|---|---|---|`);
for (const [key, values] of Object.entries(results)) {
  const [name, rate] = key.split(' @');
  console.log(`| ${name} | ${rate} | **${median(values).toFixed(0)}** | ${values.map((v) => v.toFixed(0)).join(', ')} |`);
}
const at4 = (name) => median(results[`${name} @4×`]);
console.log(`\nat 4×: Mermaid / embed (prerendered) = ${(at4('Mermaid 12') / at4('embed, prerendered')).toFixed(1)}×, Mermaid / embed (live) = ${(at4('Mermaid 12') / at4('embed, live (lean module)')).toFixed(1)}×`);
writeFileSync(join(ROOT, 'target', 'bench-first-diagram.json'), JSON.stringify(results, null, 1));
