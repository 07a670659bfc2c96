// End to end: the documentation sites built with the real tools (dist/examples/, made by the
// build's post_build hook and scripts/build-docusaurus.sh) and the compact explainer in them:
//   - the mdBook book: fences prerendered by mdbook-pv-playground; the picture is in the HTML
//     before any script runs and the live widget's first render is the same markup in the same
//     place; knobs change the route and the why-list; nothing is downloaded for a widget far
//     below the fold until the reader scrolls near; the book's theme is followed;
//   - the Hugo site: several widgets per page with one script, the site's light/dark switch,
//     pictures put in the built pages by `pvsim prerender`;
//   - the Docusaurus site: the npm package from its tarball, <pv-playground> in MDX, pictures
//     put in the built pages by `pvsim prerender` and hydrated by React, the
//     site's colour mode, client-side navigation;
//   - the npm tarball's contents.
// Screenshots (target/e2e/site-*.png) at 1280 and 390 px, light and dark.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, accessibilityProblems, buildReleasePage, launch, screenshot, serve } from './harness.mjs';

let site;
let dist;
before(async () => {
  dist = buildReleasePage();
  site = await serve(dist);
});
after(async () => site?.close());

const WIDGET = '[data-pv-playground], pv-playground';
const DARK_BG = 'rgb(13, 17, 23)';

/** Opens `path` and records the requests made. */
async function open(path, { viewport = { width: 1280, height: 900 }, colorScheme = 'light', block } = {}) {
  const browser = await launch(viewport, colorScheme);
  const requests = [];
  browser.page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  if (block) await browser.page.route(block, (route) => route.abort());
  await browser.page.goto(new URL(path, site.url).href);
  return { ...browser, requests };
}

/** Waits until the widget matched by `selector` is live, and returns its handle's state. */
async function live(page, selector) {
  // The embed script may still be on its way (mdBook loads it after the page's own scripts).
  await page.waitForFunction(() => globalThis.pvPlayground !== undefined);
  return page.evaluate(async (s) => {
    const element = document.querySelector(s);
    const handle = await globalThis.pvPlayground.mounted(element);
    return handle.state();
  }, selector);
}

/**
 * The markup of a widget's shadow root (its `.pvp-embed`), without the line breaks after tags
 * and around it (mdBook re-serialises the HTML it is given, adding one after each block
 * element), as `pv_core::explainer::same_markup` compares them.
 */
function markup(page, selector) {
  return page.locator(selector).first().evaluate((e) =>
    e.shadowRoot.querySelector('.pvp-embed').innerHTML.trim().replaceAll('>\n', '>'));
}

const wasmRequests = (requests) => requests.filter((p) => p.endsWith('.wasm'));

test('the book: the picture is in the HTML before any script; the live widget is the same markup in the same place', async () => {
  assert.ok(existsSync(join(dist, 'examples', 'book', 'knobs.html')),
    'the build made the book (needs mdbook: bash scripts/setup.sh)');
  // No script at all: the embedding script is blocked.
  const still = await open('examples/book/knobs.html', { block: '**/pv-playground-embed.js' });
  let before;
  let box;
  try {
    const widget = still.page.locator('main [data-pv-playground]');
    assert.equal(await widget.locator('svg[role="img"] title').textContent(), 'How shop/data gets a volume');
    assert.match(await widget.locator('svg desc').textContent(), /^shop\/data → a suitable volume exists → static provisioning → pv-small\./);
    assert.equal(await widget.locator('[data-node="static"]').getAttribute('data-taken'), 'true');
    before = await markup(still.page, 'main [data-pv-playground]');
    box = await widget.boundingBox();
    assert.ok(box.height <= 490, `the explainer is ${box.height} px tall`);
    assert.equal(wasmRequests(still.requests).length, 0);
    await screenshot(still.page, 'site-book-no-script');
  } finally {
    await still.close();
  }
  const { page, problems, requests, close } = await open('examples/book/knobs.html');
  try {
    const state = await live(page, 'main [data-pv-playground]');
    assert.equal(state.claims['shop/data'].phase, 'Bound');
    assert.equal(await markup(page, 'main [data-pv-playground]'), before, 'the live widget drew the prerendered markup');
    assert.deepEqual(await page.locator('main [data-pv-playground]').boundingBox(), box, 'nothing moved');
    // The lean module only: the full playground is not downloaded for an explainer.
    assert.deepEqual(wasmRequests(requests), ['/examples/book/pv-playground/pv-explainer_bg.wasm']);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the book: an explainer with knobs changes route and why-list when a knob changes', async () => {
  const { page, problems, close } = await open('examples/book/knobs.html');
  try {
    const host = 'main [data-pv-playground]';
    await live(page, host);
    const widget = page.locator(host);
    const why = () => widget.locator('.pvp-why li').allTextContents();
    const marked = () => widget.locator('.pvp-x-manifest mark').allTextContents();
    assert.match((await why())[0], /^pv-small: bound/);
    assert.deepEqual(await marked(), ['      storage: 2Gi']);
    await screenshot(page, 'site-book-knobs');

    // Bigger than the volume, class "": Pending, blocked at the decision.
    await widget.getByLabel('request', { exact: true }).focus();
    await widget.getByLabel('request', { exact: true }).selectOption('10Gi');
    await widget.locator('[data-node="decision"][data-blocked="true"]').waitFor();
    assert.match(await widget.locator('.pvp-x-status').textContent(), /^shop\/data is blocked at /);
    assert.match((await why())[0], /^pv-small: capacity 5Gi < request 10Gi/);
    assert.equal(await widget.getByLabel('request', { exact: true }).evaluate((e) => e === e.getRootNode().activeElement), true,
      'focus stays on the knob');
    // The class provisions one instead.
    await widget.getByLabel('storageClassName', { exact: true }).selectOption('fast');
    await widget.locator('[data-node="dynamic"][data-taken="true"]').waitFor();
    const state = await live(page, host);
    assert.equal(state.claims['shop/data'].phase, 'Bound');
    assert.notEqual(state.claims['shop/data'].volume, 'pv-small');
    assert.deepEqual(await marked(), ['  storageClassName: fast']);
    await screenshot(page, 'site-book-knobs-dynamic');
    // Back to the author's claim.
    await widget.getByRole('button', { name: "Back to the author's claim" }).click();
    await widget.locator('[data-node="static"][data-taken="true"]').waitFor();
    assert.equal(await widget.getByRole('button', { name: "Back to the author's claim" }).count(), 0);
    assert.equal(await widget.locator('button:disabled, select:disabled').count(), 0, 'nothing disabled');
    // Read-only: no Delete, no Copy as Mermaid.
    assert.equal(await widget.getByRole('button', { name: /Delete|Mermaid/ }).count(), 0);
    // mdBook 0.5.4's own sidebar button carries an aria attribute axe refuses: not ours.
    const ours = (await accessibilityProblems(page)).filter((p) => !p.includes('#mdbook-'));
    assert.deepEqual(ours, []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the book: nothing is downloaded for a widget far below the fold until it nears the viewport', async () => {
  const { page, problems, requests, close } = await open('examples/book/below.html');
  try {
    await page.waitForLoadState('load');
    await page.waitForTimeout(500);
    assert.ok(requests.some((p) => p.endsWith('pv-playground-embed.js')), 'the script loaded');
    assert.deepEqual(wasmRequests(requests), [], 'no wasm before the widget nears the viewport');
    assert.equal(requests.filter((p) => p.endsWith('pv-explainer.js')).length, 0);
    // Its picture is there all along.
    assert.equal(await page.locator('main [data-pv-playground] [data-node="claim"]').count(), 1);
    await page.locator('main [data-pv-playground]').scrollIntoViewIfNeeded();
    const state = await live(page, 'main [data-pv-playground]');
    assert.equal(state.claims['team/shared-data'].phase, 'Bound');
    assert.deepEqual(wasmRequests(requests), ['/examples/book/pv-playground/pv-explainer_bg.wasm']);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`the book at ${width} px, light then coal`, async () => {
    const { page, problems, close } = await open('examples/book/knobs.html', { viewport: { width, height } });
    try {
      const host = 'main [data-pv-playground]';
      await live(page, host);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= width, `the page is ${scroll} px wide`);
      await screenshot(page, `site-book-${width}`);
      await page.locator('#mdbook-theme-toggle').click();
      await page.locator('#mdbook-theme-coal').click();
      await page.waitForFunction((s) =>
        getComputedStyle(document.querySelector(s).shadowRoot.querySelector('.pvp-embed')).backgroundColor === 'rgb(13, 17, 23)', host);
      await screenshot(page, `site-book-${width}-coal`);
      await page.locator('#mdbook-theme-light').evaluate((b) => b.click());
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}

test('Hugo: several widgets on a page with one script; they follow the site switch', async () => {
  assert.ok(existsSync(join(dist, 'examples', 'hugo', 'docs', 'binding', 'index.html')),
    'the build made the Hugo site (needs hugo: bash scripts/setup.sh)');
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    const { page, problems, requests, close } = await open('examples/hugo/docs/binding/', { viewport: { width, height } });
    try {
      assert.equal(await page.locator('script[src$="pv-playground-embed.js"]').count(), 1);
      const widgets = page.locator('pv-playground');
      assert.equal(await widgets.count(), 3);
      for (let i = 0; i < 3; i++) {
        await widgets.nth(i).scrollIntoViewIfNeeded();
        await widgets.nth(i).locator('[data-node]').first().waitFor();
      }
      // Two explainers and a cluster view, all over manifests: the lean module alone, once.
      assert.deepEqual(wasmRequests(requests), ['/examples/hugo/pv-playground/pv-explainer_bg.wasm']);
      assert.equal(await widgets.nth(1).locator('.pvp-x-manifest mark').count() > 0, true);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `site-hugo-${width}`);
      await page.getByRole('button', { name: 'Dark theme' }).click();
      await page.waitForFunction(() => [...document.querySelectorAll('pv-playground')].every((w) =>
        getComputedStyle(w.shadowRoot.querySelector('.pvp-embed')).backgroundColor === 'rgb(13, 17, 23)'));
      await screenshot(page, `site-hugo-${width}-dark`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= width, `the page is ${scroll} px wide`);
      if (width === 1280) assert.deepEqual(await accessibilityProblems(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

test('Hugo: pvsim prerender put every picture in the built pages; the live explainers (flow and cluster) draw the same markup in place', async () => {
  const path = 'examples/hugo/docs/binding/';
  const still = await open(path, { block: '**/pv-playground-embed.js' });
  const before = [];
  const boxes = [];
  try {
    const widgets = still.page.locator('pv-playground');
    assert.equal(await widgets.count(), 3);
    assert.equal(await widgets.nth(0).locator('svg[role="img"] title').textContent(), 'How shop/data gets a volume');
    assert.equal(await widgets.nth(0).locator('[data-node="static"]').getAttribute('data-taken'), 'true');
    assert.equal(await widgets.nth(1).locator('[data-node="dynamic"]').getAttribute('data-taken'), 'true');
    assert.ok(await widgets.nth(1).locator('.pvp-x-manifest mark').count() > 0, 'the deciding field is marked');
    assert.equal(await widgets.nth(2).locator('.pvp-x-cluster svg.pvp-graph-svg').count(), 1, 'the cluster view\'s picture');
    assert.match(await widgets.nth(2).locator('[data-volume="pv-a"]').textContent(), /Bound \(now\)/);
    for (let i = 0; i < 3; i++) {
      before.push(await markup(still.page, `pv-playground >> nth=${i}`));
      boxes.push(await widgets.nth(i).boundingBox());
    }
    assert.equal(wasmRequests(still.requests).length, 0);
    await screenshot(still.page, 'site-hugo-no-script');
  } finally {
    await still.close();
  }
  const { page, problems, requests, close } = await open(path);
  try {
    const widgets = page.locator('pv-playground');
    for (let i = 0; i < 3; i++) {
      await page.waitForFunction(() => globalThis.pvPlayground !== undefined);
      const state = await page.evaluate(async (n) =>
        (await globalThis.pvPlayground.mounted(document.querySelectorAll('pv-playground')[n])).state(), i);
      assert.equal(Object.values(state.claims)[0].phase, 'Bound');
      assert.equal(await markup(page, `pv-playground >> nth=${i}`), before[i], `widget ${i + 1}: the live markup is the prerendered one`);
      assert.deepEqual(await widgets.nth(i).boundingBox(), boxes[i], `widget ${i + 1}: nothing moved`);
    }
    assert.ok(wasmRequests(requests).includes('/examples/hugo/pv-playground/pv-explainer_bg.wasm'));
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('Hugo: a lesson widget plays its lesson', async () => {
  const { page, problems, close } = await open('examples/hugo/docs/reclaim/');
  try {
    await page.locator('pv-playground').getByRole('heading', { name: 'Reclaim policy: Delete or Retain' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('Docusaurus: the npm package, <pv-playground> in MDX, colour mode and client-side navigation', async () => {
  assert.ok(existsSync(join(dist, 'examples', 'docusaurus', 'index.html')),
    'the Docusaurus example was built (scripts/build-docusaurus.sh)');
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    const { page, problems, close } = await open('examples/docusaurus/', { viewport: { width, height } });
    try {
      const first = page.locator('pv-playground');
      await first.locator('[data-node]').first().waitFor();
      assert.equal((await live(page, 'pv-playground')).claims['shop/data'].phase, 'Bound');
      await first.getByLabel('request', { exact: true }).selectOption('10Gi');
      await first.locator('[data-node="decision"][data-blocked="true"]').waitFor();
      await screenshot(page, `site-docusaurus-${width}`);
      // Docusaurus' colour mode switch sets data-theme on <html> (on a phone it is in the menu).
      if (width < 997) await page.getByRole('button', { name: 'Toggle navigation bar' }).click();
      await page.getByRole('button', { name: /dark and light mode/ }).first().click();
      if (width < 997) {
        await page.getByRole('button', { name: 'Close navigation bar' }).click();
        // The menu slides away: the screenshot waits until it has (it had caught it half-way).
        await page.waitForFunction(() => !document.querySelector('.navbar-sidebar--show')
          && document.getAnimations().every((a) => a.playState !== 'running'));
      }
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
      await page.waitForFunction(() =>
        getComputedStyle(document.querySelector('pv-playground').shadowRoot.querySelector('.pvp-embed')).backgroundColor === 'rgb(13, 17, 23)');
      await screenshot(page, `site-docusaurus-${width}-dark`);
      // Client-side navigation: React swaps the page; the new page's widget starts, the old one goes.
      await page.getByRole('link', { name: 'a StorageClass makes the volume', exact: true }).click();
      const second = page.locator('[data-pv-playground]');
      await second.locator('[data-node="dynamic"][data-taken="true"]').waitFor();
      assert.equal(await page.locator('pv-playground').count(), 0);
      assert.equal(await second.evaluate((e) => getComputedStyle(e.shadowRoot.querySelector('.pvp-embed')).backgroundColor), DARK_BG);
      await page.getByRole('link', { name: 'a claim finds its volume', exact: true }).click();
      await page.locator('pv-playground [data-node="static"][data-taken="true"]').waitFor();
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= width, `the page is ${scroll} px wide`);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

test('Docusaurus: pvsim prerender put the picture in the built page; React hydrates it and the live widget draws the same markup', async () => {
  const still = await open('examples/docusaurus/', { block: '**/*.js' });
  let before;
  let box;
  try {
    const widget = still.page.locator('pv-playground');
    assert.equal(await widget.locator('svg[role="img"] title').textContent(), 'How shop/data gets a volume');
    assert.equal(await widget.locator('[data-node="static"]').getAttribute('data-taken'), 'true');
    before = await markup(still.page, 'pv-playground');
    box = await widget.boundingBox();
    assert.ok(box.height <= 490, `the explainer is ${box.height} px tall`);
    assert.equal(wasmRequests(still.requests).length, 0);
    await screenshot(still.page, 'site-docusaurus-no-script');
  } finally {
    await still.close();
  }
  const { page, problems, close } = await open('examples/docusaurus/');
  try {
    // React hydrates the page (its router then handles links) with no complaint.
    await page.waitForFunction(() => Object.keys(document.getElementById('__docusaurus')).some((k) => k.startsWith('__react')));
    const state = await live(page, 'pv-playground');
    assert.equal(state.claims['shop/data'].phase, 'Bound');
    assert.equal(await markup(page, 'pv-playground'), before, 'the live widget drew the prerendered markup');
    assert.deepEqual(await page.locator('pv-playground').boundingBox(), box, 'nothing moved');
    // A knob still works after hydration, and the second page's widget (a div) too.
    await page.locator('pv-playground').getByLabel('request', { exact: true }).selectOption('10Gi');
    await page.locator('pv-playground [data-node="decision"][data-blocked="true"]').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the npm tarball holds the script, its types, both wasm modules, the worker and the styles', () => {
  const npm = join(ROOT, 'target', 'npm');
  const tarball = readdirSync(npm).find((f) => /^pv-playground-.*\.tgz$/.test(f));
  assert.ok(tarball, 'scripts/pack-npm.sh made the tarball');
  const files = execFileSync('tar', ['-tzf', join(npm, tarball)], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(files, [
    'package/README.md',
    'package/package.json',
    'package/pv-explainer.js',
    'package/pv-explainer_bg.wasm',
    'package/pv-playground-embed.d.ts',
    'package/pv-playground-embed.js',
    'package/pv-playground.js',
    'package/pv-playground_bg.wasm',
    'package/pv-worker.js',
    'package/pv-worker_bg.wasm',
    'package/style.css',
  ]);
});
