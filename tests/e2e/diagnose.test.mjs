// End to end: Diagnose on the release page. A generated 5,000-object
// `kubectl get pv,pvc,sc,pods,nodes -A -o yaml` dump is pasted, diagnosed, grouped, sorted and
// paged, with nothing going over the network after the page has loaded; a verdict's fix is
// simulated into the playground; a phone (390 px) and dark mode. The timing of the work and of
// the drawn cards is printed (performance marks), not asserted. Screenshots:
// target/e2e/diagnose*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SCREENSHOTS, accessibilityProblems, assertFlowchartInView, buildReleasePage, launchAt, serve } from './harness.mjs';

const fixture = (name) => readFileSync(join(ROOT, 'tests', 'diagnose', name), 'utf8');
const SHOP = fixture('shop.yaml');
const PODS = fixture('pods.yaml');

/**
 * Runs pvsim (native, the same library) with these arguments and returns its standard output;
 * `diagnose` exits 1 when something is stuck, which is not a failure here.
 */
function pvsim(args, input) {
  const run = spawnSync('cargo', ['run', '--quiet', '--bin', 'pvsim', '--', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`pvsim ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

let site;
let dump;
let expected;
before(async () => {
  site = await serve(buildReleasePage());
  dump = pvsim(['dump', '--objects', '5000', '--seed', '1']);
  // The count as the command line finds it: "N Pending claims of M claims; … (as the dump …)".
  expected = pvsim(['diagnose', '-'], dump).split(' (as the dump')[0];
});
after(async () => site?.close());

/** Opens the page on the Diagnose tab, by its address. */
const open = (viewport, colorScheme) =>
  launchAt(`${site.url}#diagnose`, { viewport, colorScheme, ready: '.pvp-diagnose textarea' });

/**
 * Puts `text` into the dump field, clicks Diagnose and waits for the summary. Small dumps are
 * typed in with page.fill; a multi-megabyte one is set as a paste leaves it (the value, then
 * an input event), because page.fill's text insertion did not finish within 180 s for 9 MB.
 */
async function diagnose(page, text) {
  const field = page.getByLabel('kubectl dump');
  if (text.length < 1_000_000) {
    await field.fill(text);
  } else {
    await field.evaluate((el, value) => {
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
  }
  await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
  const status = page.locator('.pvp-diagnose-status');
  await status.filter({ hasText: /Pending claims? of|Not a dump|could not be read/ }).waitFor({ timeout: 180_000 });
  return (await status.textContent()).trim();
}

async function shoot(locator, name) {
  const path = join(SCREENSHOTS, `${name}.png`);
  await locator.screenshot({ path, timeout: 120_000 });
  return path;
}

test('a 5,000-object dump: summary, one page of cards, groups, sort, next page, and no request after load', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 900 });
  try {
    await page.waitForLoadState('load');
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));

    const status = await diagnose(page, dump);
    assert.equal(status, expected, 'the same summary as pvsim finds natively');
    const cards = page.locator('.pvp-verdict');
    assert.equal(await cards.count(), 20, 'one page of cards is drawn');
    assert.match(await page.locator('.pvp-diagnose').textContent(), /the simulator did not run/);
    const timing = await page.evaluate(() =>
      ['pvp:diagnose', 'pvp:diagnose-drawn'].map((n) => {
        const m = performance.getEntriesByName(n).at(-1);
        return `${n} ${m ? m.duration.toFixed(0) : '?'} ms`;
      }),
    );
    console.log(`5,000 objects (${dump.length} bytes): ${timing.join(', ')}`);

    // Stuck first by default.
    assert.match(await cards.first().locator('.pvp-verdict-severity').textContent(), /stuck/);
    const claims = page.getByRole('button', { name: /^Claims \(\d+\)$/ });
    await claims.click();
    await page.locator('.pvp-diagnose-groups button[aria-pressed="true"]', { hasText: 'Claims' }).waitFor();
    const heads = await cards.locator('h3').allTextContents();
    assert.ok(heads.every((h) => h.startsWith('PVC ')), 'claims only');

    await page.getByLabel('Sort by').selectOption('reason');
    const reasons = await cards.locator('.pvp-verdict-message strong').allTextContents();
    assert.deepEqual(reasons, [...reasons].sort(), 'sorted by reason');
    await page.getByRole('button', { name: 'Order: ascending' }).click();
    await page.getByRole('button', { name: 'Order: descending' }).waitFor();
    const first = await cards.first().locator('.pvp-verdict-message strong').textContent();
    assert.equal(first, 'WaitForPodScheduled', 'the last reason alphabetically comes first');

    const pageLabel = page.locator('.pvp-diagnose-pages span');
    const total = Number((await pageLabel.textContent()).match(/of (\d+)/)[1]);
    assert.ok(total > 1);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('.pvp-diagnose-pages', { hasText: `page 2 of ${total}` }).waitFor();
    assert.equal(await cards.count(), 20);
    console.log(`screenshot: ${await shoot(page.locator('.pvp-diagnose'), 'diagnose')}`);

    assert.deepEqual(await accessibilityProblems(page), []);
    // A dump this large is read by the page's worker, which loads its own script and wasm from
    // the page's address; nothing else is asked for, and nothing is sent.
    const own = (u) => u.startsWith('data:') || u.startsWith('blob:') || /\/pv-worker(\.js|_bg\.wasm)$/.test(u);
    assert.deepEqual(requests.filter((u) => !own(u)), [], 'nothing leaves the browser');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('Simulate the fix: the dump with the fix applied lands in the playground, following the claim', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 900 });
  try {
    assert.equal(await diagnose(page, SHOP), '4 Pending claims of 5 claims');
    const typo = page.locator('.pvp-verdict', { has: page.locator('h3', { hasText: 'PVC shop/typo' }) });
    await typo.scrollIntoViewIfNeeded();
    console.log(`screenshot: ${await shoot(typo, 'diagnose-card')}`);
    await typo.getByRole('button', { name: 'Simulate the fix for PVC shop/typo' }).click();
    await page.locator('.pvp-notice', { hasText: 'Loaded from Diagnose' }).waitFor();
    assert.equal(await page.locator('.pvp-picker select').inputValue(), 'shop/typo');
    // The see pane shows the playground following the fixed claim, its flowchart in view.
    await assertFlowchartInView(page, 'Simulate the fix');
    console.log(`screenshot: ${await shoot(page, 'diagnose-simulated')}`);
    await typo.scrollIntoViewIfNeeded();
    assert.match(await typo.locator('.pvp-fix-outcome').textContent(), /✓ Resolved in the simulator/);
    assert.deepEqual(await accessibilityProblems(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('on a 390 px wide phone the cards fit: nothing off-screen, commands scroll in their own box', async () => {
  const { page, problems, close } = await open({ width: 390, height: 844 });
  try {
    assert.match(await diagnose(page, PODS), /^1 Pending claim of 7 claims; 6 pods cannot start/);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 390, `no sideways scrolling of the page (${scroll} px)`);
    // Every card's right edge is on screen.
    const rights = await page.locator('.pvp-verdict').evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().right));
    assert.ok(rights.every((r) => r <= 390), `cards within the screen: ${rights}`);
    const card = page.locator('.pvp-verdict').first();
    await card.scrollIntoViewIfNeeded();
    console.log(`screenshot: ${await shoot(card, 'diagnose-390px')}`);
    console.log(`screenshot: ${await shoot(page.locator('.pvp-diagnose'), 'diagnose-390px-section')}`);
    assert.deepEqual(await accessibilityProblems(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('dark mode: the cards, a broken dump and manifests stay readable', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 900 }, 'dark');
  try {
    assert.match(await diagnose(page, PODS), /6 pods cannot start/);
    console.log(`screenshot: ${await shoot(page.locator('.pvp-diagnose'), 'diagnose-dark')}`);
    const zk = page.locator('.pvp-verdict', { has: page.locator('h3', { hasText: 'Pod coord/zk-2' }) });
    await zk.getByRole('button', { name: 'Simulate the fix for Pod coord/zk-2' }).click();
    await zk.locator('.pvp-fix-outcome').waitFor();
    await zk.scrollIntoViewIfNeeded();
    console.log(`screenshot: ${await shoot(zk, 'diagnose-dark-card')}`);
    assert.deepEqual(await accessibilityProblems(page), []);
    await page.getByLabel('kubectl dump').fill(SHOP.replace('storageClassName: standrad', 'storageClassNam: standrad'));
    await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    const problem = page.locator('.pvp-diagnose-problems li');
    await problem.first().waitFor();
    assert.match(await problem.first().textContent(), /^line \d+, column \d+: unknown field "spec.storageClassNam"/);
    console.log(`screenshot: ${await shoot(page.locator('.pvp-diagnose'), 'diagnose-dark-error')}`);
    assert.equal(await diagnose(page, fixture('manifests.yaml')), 'Not a dump: 3 objects not read from a cluster');
    await page.getByRole('button', { name: 'Open in the playground' }).waitFor();
    console.log(`screenshot: ${await shoot(page.locator('.pvp-diagnose'), 'diagnose-dark-manifests')}`);
    assert.deepEqual(await accessibilityProblems(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
