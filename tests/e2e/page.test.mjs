// End to end: the release page, served on 127.0.0.1 and opened in Chromium, shows the
// flowchart whole and readable and live for the demo cluster's claims, with no console error;
// screenshots go to target/e2e/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityProblems, buildReleasePage, launchAt, screenshot, serve } from './harness.mjs';

const NODES = ['claim', 'reqs', 'decision', 'static', 'dynamic', 'storageclass', 'volume'];
const EDGE_LABELS = ['Yes', 'No', 'uses', 'creates new', 'requires', 'satisfies'];
const NAME = 'How shop/archive gets a volume';

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

/** Opens the page at a viewport size (and colour scheme) and waits for the flowchart. */
const open = (viewport, colorScheme) => launchAt(site.url, { viewport, colorScheme });

test('the page draws every node of the flowchart, visible, without console errors', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 900 });
  try {
    const chart = page.getByRole('img', { name: NAME });
    await chart.waitFor();
    for (const id of NODES) {
      const node = page.locator(`[data-node="${id}"]`);
      assert.equal(await node.count(), 1, `one ${id} node`);
      assert.ok(await node.isVisible(), `${id} is visible`);
      const box = await node.boundingBox();
      assert.ok(box && box.width > 20 && box.height > 20, `${id} has a real size`);
      assert.ok(box.x >= 0 && box.x + box.width <= 1280, `${id} is inside the viewport`);
    }
    for (const label of EDGE_LABELS) {
      assert.ok(await page.locator('[data-edge]', { hasText: label }).first().isVisible(), label);
    }
    const path = await screenshot(page, 'flowchart');
    console.log(`screenshot: ${path}`);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('every label fits inside its box as Chromium really sets the text', async () => {
  const { page, close } = await open({ width: 1280, height: 900 });
  try {
    const overflows = await page.evaluate(() => {
      const out = [];
      const inside = (inner, outer) =>
        inner.x >= outer.x - 1 && inner.y >= outer.y - 1 &&
        inner.x + inner.width <= outer.x + outer.width + 1 &&
        inner.y + inner.height <= outer.y + outer.height + 1;
      for (const node of document.querySelectorAll('[data-node]')) {
        const shape = node.querySelector('.pvp-shape').getBBox();
        for (const text of node.querySelectorAll('text')) {
          if (!inside(text.getBBox(), shape)) out.push(`${node.dataset.node}: ${text.textContent}`);
        }
      }
      for (const label of document.querySelectorAll('.pvp-edge-label')) {
        const box = label.querySelector('rect').getBBox();
        const text = label.querySelector('text');
        if (!inside(text.getBBox(), box)) out.push(`edge label: ${text.textContent}`);
      }
      return out;
    });
    assert.deepEqual(overflows, []);
  } finally {
    await close();
  }
});

test('on a 360 px wide phone the whole flowchart fits the screen', async () => {
  const { page, problems, close } = await open({ width: 360, height: 740 });
  try {
    const svg = await page.locator('svg.pvp-live').boundingBox();
    assert.ok(svg.x >= 0 && svg.x + svg.width <= 360, `flowchart is ${svg.width} px wide`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 360, `no sideways scrolling (${scroll} px)`);
    await screenshot(page, 'flowchart-360px');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('choosing a claim relights the flowchart: static path, then a blocked class', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 900 });
  try {
    const taken = () =>
      page.locator('[data-node][data-taken="true"]').evaluateAll((nodes) => nodes.map((n) => n.dataset.node));
    await page.getByLabel('Claim', { exact: true }).selectOption('shop/db-data');
    await page.getByRole('img', { name: 'How shop/db-data gets a volume' }).waitFor();
    // Before any controller runs the claim is Pending; one step binds it.
    assert.match(await page.locator('.pvp-phase').textContent(), /^shop\/db-data is Pending/);
    await page.getByRole('button', { name: 'Step' }).click();
    assert.match(await page.locator('.pvp-phase').textContent(), /^shop\/db-data is Bound/);
    await page.getByRole('button', { name: 'Run to steady state' }).click();
    assert.match(await page.locator('.pvp-progress').textContent(), /^Steady state after \d+ controller pass(es)?\.$/);
    assert.deepEqual(await taken(), ['claim', 'reqs', 'decision', 'static', 'volume']);
    assert.ok(await page.getByText('pv-small: capacity 1Gi < request 5Gi').isVisible());
    await screenshot(page, 'live-static');

    await page.getByLabel('Claim', { exact: true }).selectOption('shop/reports');
    await page.getByRole('img', { name: 'How shop/reports gets a volume' }).waitFor();
    const blocked = page.locator('[data-blocked="true"]');
    assert.equal(await blocked.getAttribute('data-node'), 'storageclass');
    assert.ok(await blocked.isVisible());
    assert.equal(
      await page.getByRole('status').textContent(),
      'Blocked: storageclass.storage.k8s.io "gold" not found',
    );
    await screenshot(page, 'live-blocked');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('axe-core finds no serious or critical accessibility violation, settled or blocked', async () => {
  const { page, close } = await open({ width: 1280, height: 900 });
  try {
    assert.deepEqual(await accessibilityProblems(page), []);
    await page.getByRole('button', { name: 'Run to steady state' }).click();
    await page.getByLabel('Claim', { exact: true }).selectOption('shop/reports');
    assert.deepEqual(await accessibilityProblems(page), []);
  } finally {
    await close();
  }
});

test('dark mode follows the system and stays readable', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 900 }, 'dark');
  try {
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(13, 17, 23)');
    await page.getByRole('button', { name: 'Run to steady state' }).click();
    await page.getByLabel('Claim', { exact: true }).selectOption('shop/reports');
    assert.deepEqual(await accessibilityProblems(page), []);
    await screenshot(page, 'dark-blocked');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
