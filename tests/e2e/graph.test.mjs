// End to end: the cluster graph and the volume lifecycle, tabs of the see pane on the release
// page, used from the keyboard alone (Tab to the tabs, arrows to the graph's tab, Tab into the
// graph, arrows, Enter follows a claim), clean under axe-core in light and dark mode, readable
// at 1280 and 360 px and with 200 more objects. Screenshots: target/e2e/graph-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityProblems, buildReleasePage, launchAt, openTab, screenshot, serve } from './harness.mjs';

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

/** Opens the page on the graph's tab (from its address). */
const open = (viewport, colorScheme) =>
  launchAt(`${site.url}#graph`, { viewport, colorScheme, ready: '.pvp-cluster-graph [data-node]' });

const graphFrame = (page) => page.getByRole('group', { name: /^Cluster graph: \d+ objects \(diagram\)$/ });
const spoken = (page) => page.locator('.pvp-graph .pvp-walk-status').textContent();

test('keyboard only: Tab to the graph, arrows through the objects, Enter follows a claim', async () => {
  const { page, problems, close } = await launchAt(site.url, { viewport: { width: 1280, height: 800 } });
  try {
    // From the top of the page: Tab to the see pane's tabs, then the arrow to the graph's.
    const flowchartTab = page.getByRole('tab', { name: 'Flowchart', exact: true });
    for (let i = 0; i < 30 && !(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'tab')); i++) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await flowchartTab.evaluate((t) => t === document.activeElement), true, 'the see pane\'s tabs come first');
    await page.keyboard.press('ArrowRight');
    await page.locator('.pvp-cluster-graph [data-node]').first().waitFor();
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
    // Before choosing: the ring is on the claim, the page did not move.
    assert.equal(await page.evaluate(() => document.scrollingElement.scrollTop), 0);
    await screenshot(page, 'graph-keyboard');
    await page.keyboard.press('Enter');
    // Following a claim shows its story: the flowchart's tab.
    await page.getByRole('img', { name: 'How shop/reports gets a volume' }).waitFor();
    assert.equal(await page.getByLabel('Claim', { exact: true }).inputValue(), 'shop/reports');
    await openTab(page, 'Cluster graph');
    assert.equal(await page.locator('[data-chosen="true"]').getAttribute('data-node'), 'pvc:shop/reports');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the live flowchart is walked from the keyboard too and says the path', async () => {
  const { page, close } = await open({ width: 1280, height: 800 });
  try {
    await openTab(page, 'Flowchart');
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
    const { page, close } = await open({ width: 1280, height: 800 }, scheme);
    try {
      await graphFrame(page).focus();
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await accessibilityProblems(page), [], scheme);
      await page.getByRole('button', { name: 'Add a generated workload (200 objects)' }).click();
      await page.locator('[data-node^="pod:team-"]').first().waitFor();
      assert.deepEqual(await accessibilityProblems(page), [], `${scheme}, 200 objects`);
      await openTab(page, 'Volume lifecycle');
      assert.deepEqual(await accessibilityProblems(page), [], `${scheme}, the lifecycle of 200 objects`);
      if (scheme === 'dark') {
        await openTab(page, 'Cluster graph');
        await screenshot(page, 'graph-dark');
      }
    } finally {
      await close();
    }
  }
});

test('the lifecycle marks Bound, then Released when a Retain volume loses its claim', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 800 });
  try {
    const now = () => page.locator('.pvp-lifecycle [data-volume="pv-db"] [aria-current="step"]').textContent();
    await openTab(page, 'Volume lifecycle');
    assert.equal(await now(), 'Bound (now)');
    await openTab(page, 'Flowchart');
    await page.getByLabel('Claim', { exact: true }).selectOption('shop/db-data');
    await page.getByRole('button', { name: 'Delete pod shop/web-0' }).click();
    await page.getByRole('button', { name: 'Delete claim shop/db-data' }).click();
    await openTab(page, 'Volume lifecycle');
    assert.equal(await now(), 'Released (now)');
    await screenshot(page, 'graph-lifecycle');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('at 1280 and 360 px the graph is readable and the page never scrolls sideways', async () => {
  for (const width of [1280, 360]) {
    const { page, problems, close } = await open({ width, height: 800 });
    try {
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
  const { page, problems, close } = await open({ width: 1280, height: 800 });
  try {
    await page.getByRole('button', { name: 'Add a generated workload (200 objects)' }).click();
    await page.locator('[data-node^="pod:team-"]').first().waitFor();
    const labels = await page.locator('.pvp-cluster-graph [data-node]').allTextContents();
    assert.ok(labels.length >= 211, `${labels.length} objects`);
    assert.ok(labels.every((l) => l.includes(' · ')), 'each says its status');
    const frame = page.locator('.pvp-graph-frame');
    const { scroll, client } = await frame.evaluate((f) => ({ scroll: f.scrollHeight, client: f.clientHeight }));
    assert.ok(scroll > 3 * client, `the frame scrolls (${scroll} in ${client})`);
    await screenshot(page, 'graph-200');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
