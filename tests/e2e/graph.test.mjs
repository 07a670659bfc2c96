// End to end: the cluster graph and the volume lifecycle on the release page, used from the
// keyboard alone (Tab to the graph, arrows, Enter follows a claim), clean under axe-core in
// light and dark mode, readable at 1280 and 360 px and with 200 more objects.
// Screenshots: target/e2e/graph-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityProblems, buildReleasePage, launchAt, screenshot, serve } from './harness.mjs';

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

const open = (viewport, colorScheme) =>
  launchAt(site.url, { viewport, colorScheme, ready: '.pvp-cluster-graph [data-node]' });

const graphFrame = (page) => page.getByRole('group', { name: /^Cluster graph: \d+ objects \(diagram\)$/ });
const spoken = (page) => page.locator('.pvp-graph .pvp-walk-status').textContent();

test('keyboard only: Tab to the graph, arrows through the objects, Enter follows a claim', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 900 });
  try {
    // Settle the demo from the keyboard: Tab to the button, Enter.
    const run = page.getByRole('button', { name: 'Run to steady state' });
    for (let i = 0; i < 20 && !(await run.evaluate((b) => b === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.locator('.pvp-progress', { hasText: 'Steady state' }).waitFor();
    const frame = graphFrame(page);
    let tabs = 0;
    while (!(await frame.evaluate((f) => f === document.activeElement)) && tabs < 40) {
      await page.keyboard.press('Tab');
      tabs++;
    }
    assert.ok(tabs < 40, 'the graph is reachable with Tab');
    assert.equal(await spoken(page), 'Pod shop/web-0 · Running (1 of 11).');
    const ring = page.locator('.pvp-graph .pvp-focus-ring');
    assert.ok(await ring.isVisible(), 'the focus ring shows');
    const outline = await frame.evaluate((f) => getComputedStyle(f).outlineStyle);
    assert.equal(outline, 'solid', 'the focused frame is outlined');
    // Walk down until the live region names shop/reports, then choose it.
    let heard = '';
    for (let i = 0; i < 11 && !heard.startsWith('PVC shop/reports'); i++) {
      await page.keyboard.press('ArrowDown');
      heard = await spoken(page);
    }
    assert.match(heard, /^PVC shop\/reports · Pending \(\d+ of 11\)\. Press Enter to follow this claim/);
    await page.keyboard.press('Enter');
    await page.getByRole('img', { name: 'How shop/reports gets a volume' }).waitFor();
    assert.equal(await page.getByLabel('Claim', { exact: true }).inputValue(), 'shop/reports');
    assert.equal(await page.locator('[data-chosen="true"]').getAttribute('data-node'), 'pvc:shop/reports');
    // The arrow keys moved the ring, not the page.
    assert.equal(await frame.evaluate((f) => f === document.activeElement), true);
    await screenshot(page, 'graph-keyboard');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the live flowchart is walked from the keyboard too and says the path', async () => {
  const { page, close } = await open({ width: 1280, height: 900 });
  try {
    await page.getByRole('button', { name: 'Run to steady state' }).click();
    await page.getByLabel('Claim', { exact: true }).selectOption('shop/reports');
    const frame = page.getByRole('group', { name: 'How shop/reports gets a volume (diagram)' });
    await frame.focus();
    const status = page.locator('.pvp-figure .pvp-walk-status');
    assert.equal(await status.textContent(), 'Claim shop/reports · Pending (1 of 7): on the path taken.');
    const heard = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('ArrowRight');
      heard.push(await status.textContent());
    }
    assert.ok(heard.some((h) => h.includes('blocked here')), heard.join('\n'));
  } finally {
    await close();
  }
});

test('axe-core finds no serious or critical violation in the graph and lifecycle, light and dark', async () => {
  for (const scheme of ['light', 'dark']) {
    const { page, close } = await open({ width: 1280, height: 900 }, scheme);
    try {
      await page.getByRole('button', { name: 'Run to steady state' }).click();
      await graphFrame(page).focus();
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await accessibilityProblems(page), [], scheme);
      await page.getByRole('button', { name: 'Add a generated workload (200 objects)' }).click();
      await page.locator('[data-node^="pod:team-"]').first().waitFor();
      assert.deepEqual(await accessibilityProblems(page), [], `${scheme}, 200 objects`);
      if (scheme === 'dark') {
        await page.locator('.pvp-graph').scrollIntoViewIfNeeded();
        await page.locator('.pvp-graph').screenshot({ path: 'target/e2e/graph-dark.png' });
      }
    } finally {
      await close();
    }
  }
});

test('the lifecycle marks Bound, then Released when a Retain volume loses its claim', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 900 });
  try {
    await page.getByRole('button', { name: 'Run to steady state' }).click();
    const now = () => page.locator('.pvp-lifecycle [data-volume="pv-db"] [aria-current="step"]').textContent();
    assert.equal(await now(), 'Bound (now)');
    await page.getByLabel('Claim', { exact: true }).selectOption('shop/db-data');
    await page.getByRole('button', { name: 'Delete pod shop/web-0' }).click();
    await page.getByRole('button', { name: 'Delete claim shop/db-data' }).click();
    assert.equal(await now(), 'Released (now)');
    await page.locator('.pvp-lifecycle').screenshot({ path: 'target/e2e/graph-lifecycle.png' });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('at 1280 and 360 px the graph is readable and the page never scrolls sideways', async () => {
  for (const width of [1280, 360]) {
    const { page, problems, close } = await open({ width, height: 900 });
    try {
      await page.getByRole('button', { name: 'Run to steady state' }).click();
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= width, `no sideways page scroll at ${width} px (${scroll})`);
      // Labels keep their 15 px: the graph is never shrunk to fit, its frame scrolls instead.
      const fontSize = await page
        .locator('.pvp-cluster-graph [data-node="pvc:shop/db-data"] text')
        .evaluate((t) => t.getBoundingClientRect().height);
      assert.ok(fontSize >= 14, `label height ${fontSize}`);
      const frame = await page.locator('.pvp-graph-frame').boundingBox();
      assert.ok(frame.x >= 0 && frame.x + frame.width <= width, 'the frame fits the screen');
      await screenshot(page, `graph-${width}`);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

test('with 200 more objects every one is drawn with its status and the frame scrolls', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 900 });
  try {
    await page.getByRole('button', { name: 'Add a generated workload (200 objects)' }).click();
    await page.locator('[data-node^="pod:team-"]').first().waitFor();
    const labels = await page.locator('.pvp-cluster-graph [data-node]').allTextContents();
    assert.ok(labels.length >= 211, `${labels.length} objects`);
    assert.ok(labels.every((l) => l.includes(' · ')), 'each says its status');
    const frame = page.locator('.pvp-graph-frame');
    const { scroll, client } = await frame.evaluate((f) => ({ scroll: f.scrollHeight, client: f.clientHeight }));
    assert.ok(scroll > 3 * client, `the frame scrolls (${scroll} in ${client})`);
    await page.locator('.pvp-graph').scrollIntoViewIfNeeded();
    await page.locator('.pvp-graph').screenshot({ path: 'target/e2e/graph-200.png' });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
