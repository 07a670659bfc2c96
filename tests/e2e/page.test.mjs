// End to end: the release page, served on 127.0.0.1 and opened in Chromium. The first screen
// (1280×800 and 390×844, light and dark): a settled cluster following a claim worth seeing,
// one line saying what to try next, the page itself not scrolling at 1280×800; the flowchart
// whole, readable and live; the tabs from the keyboard and by address (#diagnose); no console
// error, nothing serious for axe-core. Screenshots go to target/e2e/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessibilityProblems,
  assertFlowchartInView,
  buildReleasePage,
  launchAt,
  openTab,
  pageScrolls,
  screenshot,
  serve,
} from './harness.mjs';

const NODES = ['claim', 'reqs', 'decision', 'static', 'dynamic', 'storageclass', 'volume'];
const EDGE_LABELS = ['Yes', 'No', 'uses', 'creates new', 'requires', 'satisfies'];

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

/** Opens the page at a viewport size (and colour scheme) and waits for the flowchart. */
const open = (viewport, colorScheme, path = '') =>
  launchAt(site.url + path, { viewport, colorScheme });

for (const [width, height] of [[1280, 800], [390, 844]]) {
  for (const scheme of ['light', 'dark']) {
    test(`the first screen at ${width}×${height}, ${scheme}: settled, a story worth seeing, what to try next`, async () => {
      const { page, problems, close } = await open({ width, height }, scheme);
      try {
        assert.match(await page.locator('.pvp-progress').textContent(), /^Steady state after \d+ controller passes\.$/);
        assert.equal(await page.getByLabel('Claim', { exact: true }).inputValue(), 'shop/db-data');
        assert.match(await page.locator('.pvp-phase').textContent(), /^shop\/db-data is Bound/);
        const hint = page.locator('.pvp-hint');
        assert.match(await hint.textContent(), /^Try next/);
        assert.ok(await hint.getByRole('button', { name: 'Add a claim' }).isVisible());
        assert.ok(await hint.getByRole('button', { name: 'Start the first lesson' }).isVisible());
        // Nothing disabled without a reason shown.
        for (const button of await page.locator('button:disabled').all()) {
          assert.ok(await button.getAttribute('title'), `${await button.textContent()} says why it is disabled`);
        }
        if (width >= 1024) {
          await assertFlowchartInView(page, 'opening the page');
          assert.equal(await pageScrolls(page), false, 'the page itself does not scroll; its panes do');
          // Both panes are in view: the see pane's flowchart and the act pane's claim form.
          assert.ok(await page.getByRole('button', { name: 'Add claim', exact: true }).isVisible());
        } else {
          const visible = await page.locator('svg.pvp-live').evaluate((svg) => {
            const r = svg.getBoundingClientRect();
            return r.top < innerHeight && r.bottom > 0;
          });
          assert.ok(visible, 'the flowchart starts on the first screen');
          assert.ok(await page.locator('.pvp-pane-switch').isVisible(), 'one pane at a time, with a switch');
          const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(scroll <= width, `no sideways scrolling (${scroll} px)`);
        }
        assert.deepEqual(await accessibilityProblems(page), []);
        const path = await screenshot(page, `first-${width}${scheme === 'dark' ? '-dark' : ''}`);
        console.log(`screenshot: ${path}`);
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });
  }
}

test('the page draws every node of the flowchart, visible', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 800 });
  try {
    await page.getByRole('img', { name: 'How shop/db-data gets a volume' }).waitFor();
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
    await screenshot(page, 'flowchart');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('every label fits inside its box as Chromium really sets the text', async () => {
  const { page, close } = await open({ width: 1280, height: 800 });
  try {
    for (const claim of ['shop/db-data', 'shop/archive', 'shop/cache']) {
      await page.getByLabel('Claim', { exact: true }).selectOption(claim);
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
      assert.deepEqual(overflows, [], claim);
    }
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

test('choosing a claim relights the flowchart: the static path, then a blocked class', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 800 });
  try {
    const taken = () =>
      page.locator('[data-node][data-taken="true"]').evaluateAll((nodes) => nodes.map((n) => n.dataset.node));
    assert.deepEqual(await taken(), ['claim', 'reqs', 'decision', 'static', 'volume']);
    assert.ok(await page.getByText('pv-small: capacity 1Gi < request 5Gi').isVisible());
    // Met requirements leave their box neutral.
    assert.equal(await page.locator('[data-node="reqs"]').getAttribute('data-unmet'), null);
    await screenshot(page, 'live-static');

    await page.getByLabel('Claim', { exact: true }).selectOption('shop/reports');
    await page.getByRole('img', { name: 'How shop/reports gets a volume' }).waitFor();
    const blocked = page.locator('[data-blocked="true"]');
    assert.equal(await blocked.getAttribute('data-node'), 'storageclass');
    assert.ok(await blocked.isVisible());
    assert.equal(
      await page.locator('.pvp-blocked-reason').textContent(),
      'Blocked: storageclass.storage.k8s.io "gold" not found',
    );
    await screenshot(page, 'live-blocked');

    // A claim no volume is big enough for: the requirement that failed is marked, in words.
    await page.getByLabel('Claim', { exact: true }).selectOption('shop/archive');
    const reqs = page.locator('[data-node="reqs"]');
    assert.equal(await reqs.getAttribute('data-unmet'), 'true');
    assert.match(await reqs.textContent(), /✗ \(storage\) size: 50Gi/);
    await screenshot(page, 'live-unmet');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('axe-core finds no serious or critical violation, light and dark, blocked and on every tab', async () => {
  for (const scheme of ['light', 'dark']) {
    const { page, close } = await open({ width: 1280, height: 800 }, scheme);
    try {
      await page.getByLabel('Claim', { exact: true }).selectOption('shop/reports');
      assert.deepEqual(await accessibilityProblems(page), [], `${scheme}, blocked`);
      for (const [see, act] of [['Cluster graph', 'YAML'], ['Volume lifecycle', 'Diagnose'], ['kubectl get', 'Lesson'], ['Events', 'Objects']]) {
        await page.getByRole('tab', { name: see, exact: true }).click();
        await page.getByRole('tab', { name: act, exact: true }).click();
        assert.deepEqual(await accessibilityProblems(page), [], `${scheme}: ${see} and ${act}`);
      }
      if (scheme === 'dark') await screenshot(page, 'dark-tabs');
    } finally {
      await close();
    }
  }
});

test('Diagnose is reachable at #diagnose, and a tab chosen puts its address in the page', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 800 }, 'light', '#diagnose');
  try {
    const diagnose = page.getByRole('tab', { name: 'Diagnose', exact: true });
    assert.equal(await diagnose.getAttribute('aria-selected'), 'true');
    assert.ok(await page.getByLabel('kubectl dump').isVisible());
    await page.getByRole('tab', { name: 'YAML', exact: true }).click();
    assert.equal(new URL(page.url()).hash, '#yaml');
    await page.getByRole('tab', { name: 'Cluster graph', exact: true }).click();
    assert.equal(new URL(page.url()).hash, '#graph');
    // Changing the address changes the tab.
    await page.evaluate(() => { location.hash = '#diagnose'; });
    await page.getByLabel('kubectl dump').waitFor();
    assert.equal(await diagnose.getAttribute('aria-selected'), 'true');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('tabs from the keyboard: one tab stop, arrows move and show, the panel follows', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 800 });
  try {
    const flowchartTab = page.getByRole('tab', { name: 'Flowchart', exact: true });
    await flowchartTab.focus();
    await page.keyboard.press('ArrowRight');
    const graphTab = page.getByRole('tab', { name: 'Cluster graph', exact: true });
    assert.equal(await graphTab.getAttribute('aria-selected'), 'true');
    assert.equal(await graphTab.evaluate((t) => t === document.activeElement), true, 'focus moved with it');
    assert.ok(await page.locator('svg.pvp-cluster-graph').isVisible());
    await page.keyboard.press('Home');
    assert.equal(await flowchartTab.getAttribute('aria-selected'), 'true');
    assert.equal(await flowchartTab.getAttribute('tabindex'), '0');
    assert.equal(await graphTab.getAttribute('tabindex'), '-1');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('dark mode follows the system and stays readable', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 800 }, 'dark');
  try {
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(13, 17, 23)');
    await page.getByLabel('Claim', { exact: true }).selectOption('shop/reports');
    assert.deepEqual(await accessibilityProblems(page), []);
    await screenshot(page, 'dark-blocked');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

for (const [width, height] of [[1280, 800], [390, 844]]) {
  test(`the Events tab at ${width} px: every event's message is read in full, none cut off at the pane's edge`, async () => {
    const { page, problems, close } = await open({ width, height });
    try {
      await openTab(page, 'Events');
      const table = page.locator('table.pvp-events');
      await table.waitFor();
      const overflow = await table.evaluate((t) => {
        const pane = t.closest('.pvp-see').getBoundingClientRect();
        return [...t.querySelectorAll('tbody tr')].map((row) => {
          const message = row.lastElementChild.getBoundingClientRect();
          return { text: row.lastElementChild.textContent, past: Math.round(message.right - pane.right) };
        }).filter((m) => m.past > 0);
      });
      assert.deepEqual(overflow, [], 'messages reaching past the pane');
      assert.ok((await table.locator('tbody tr').count()) > 0, 'the demo has events');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}
