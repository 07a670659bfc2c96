// End to end: the release page, served on 127.0.0.1 and opened in Chromium, shows the seed
// flowchart whole and readable, with no console error; screenshots go to target/e2e/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReleasePage, launch, screenshot, serve } from './harness.mjs';

const NODES = ['claim', 'reqs', 'decision', 'static', 'dynamic', 'storageclass', 'volume'];
const EDGE_LABELS = ['Yes', 'No', 'uses', 'creates new', 'requires', 'satisfies'];
const NAME = 'How a claim gets a volume: static or dynamic provisioning';

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

/** Opens the page at a viewport size and waits for the flowchart. */
async function open(viewport) {
  const browser = await launch(viewport);
  await browser.page.goto(site.url);
  await browser.page.locator('[data-node]').first().waitFor();
  return browser;
}

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
    const svg = await page.locator('svg.pvp-flowchart').boundingBox();
    assert.ok(svg.x >= 0 && svg.x + svg.width <= 360, `flowchart is ${svg.width} px wide`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 360, `no sideways scrolling (${scroll} px)`);
    await screenshot(page, 'flowchart-360px');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
