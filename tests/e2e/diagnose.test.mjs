// End to end: Diagnose mode on the release page. A generated 5,000-object
// `kubectl get pv,pvc,sc,pods,nodes -A -o yaml` dump is pasted, diagnosed, sorted and paged,
// and nothing goes over the network after the page has loaded. The timing of the work and of
// the drawn table is printed (performance marks), not asserted. Screenshots: target/e2e/diagnose*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SCREENSHOTS, accessibilityProblems, buildReleasePage, launchAt, serve } from './harness.mjs';

const SHOP = readFileSync(join(ROOT, 'tests', 'diagnose', 'shop.yaml'), 'utf8');

/** Runs pvsim (native, the same library) with these arguments and returns its standard output. */
function pvsim(args, input) {
  const run = spawnSync('cargo', ['run', '--quiet', '--bin', 'pvsim', '--', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`pvsim ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

let site;
let dump;
let expected;
before(async () => {
  site = await serve(buildReleasePage());
  dump = pvsim(['dump', '--objects', '5000', '--seed', '1']);
  // The count as the command line finds it: "N Pending claims of M claims (as the dump …)".
  expected = pvsim(['diagnose', '-'], dump).split(' (')[0];
});
after(async () => site?.close());

/** Opens the page on the Diagnose tab, by its address. */
const open = (viewport, colorScheme) =>
  launchAt(`${site.url}#diagnose`, { viewport, colorScheme, ready: '.pvp-diagnose textarea' });

/**
 * Puts `text` into the dump field, clicks Diagnose and waits for the count. Small dumps are
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
  await status.filter({ hasText: /Pending claims? of/ }).waitFor({ timeout: 180_000 });
  return (await status.textContent()).trim();
}

/** The page as the learner sees it, the result (or the problems) scrolled into the pane's view. */
async function shoot(page, name) {
  const path = join(SCREENSHOTS, `${name}.png`);
  const result = page.locator('.pvp-diagnose-table, .pvp-diagnose-problems').first();
  if ((await result.count()) > 0) await result.scrollIntoViewIfNeeded();
  await page.screenshot({ path, timeout: 120_000 });
  return path;
}

test('a 5,000-object dump: count, first page, sort, next page, and no request after load', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 800 });
  try {
    await page.waitForLoadState('load');
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));

    const status = await diagnose(page, dump);
    assert.equal(status, expected, 'the same count as pvsim finds natively');
    const [, pending] = status.match(/^(\d+) Pending/);
    const pages = Math.ceil(Number(pending) / 50);
    const table = page.locator('.pvp-diagnose-table');
    assert.equal(await table.locator('tbody tr').count(), 50, 'one page of rows is drawn');
    assert.equal(await table.locator('caption').textContent(), `Pending claims, page 1 of ${pages}`);
    assert.match(await page.locator('.pvp-diagnose').textContent(), /the simulator did not run/);
    const timing = await page.evaluate(() =>
      ['pvp:diagnose', 'pvp:diagnose-drawn'].map((n) => {
        const m = performance.getEntriesByName(n).at(-1);
        return `${n} ${m ? m.duration.toFixed(0) : '?'} ms`;
      }),
    );
    console.log(`5,000 objects (${dump.length} bytes): ${timing.join(', ')}`);

    const reason = table.getByRole('button', { name: 'Reason' });
    await reason.click();
    await assert.doesNotReject(
      table.locator('th[aria-sort="ascending"]', { hasText: 'Reason' }).waitFor(),
    );
    const reasons = await table.locator('tbody tr td:nth-child(7)').allTextContents();
    assert.deepEqual(reasons, [...reasons].sort(), 'sorted by reason');
    await reason.click();
    await table.locator('th[aria-sort="descending"]', { hasText: 'Reason' }).waitFor();
    const first = await table.locator('tbody tr td:nth-child(7)').first().textContent();
    assert.equal(first, 'WaitForPodScheduled', 'the last reason alphabetically comes first');

    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('.pvp-diagnose-pages', { hasText: `page 2 of ${pages}` }).waitFor();
    assert.equal(await table.locator('tbody tr').count(), 50);
    console.log(`screenshot: ${await shoot(page, 'diagnose')}`);

    assert.deepEqual(await accessibilityProblems(page), []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('data:')), [], 'nothing leaves the browser');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('on a 360 px wide phone the section fits and the table scrolls in its own box', async () => {
  const { page, problems, close } = await open({ width: 360, height: 740 });
  try {
    assert.equal(await diagnose(page, SHOP), '4 Pending claims of 5 claims');
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 360, `no sideways scrolling of the page (${scroll} px)`);
    console.log(`screenshot: ${await shoot(page, 'diagnose-360px')}`);
    assert.deepEqual(await accessibilityProblems(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('dark mode: the table and a broken dump stay readable', async () => {
  const { page, problems, close } = await open({ width: 1280, height: 800 }, 'dark');
  try {
    assert.equal(await diagnose(page, SHOP), '4 Pending claims of 5 claims');
    console.log(`screenshot: ${await shoot(page, 'diagnose-dark')}`);
    assert.deepEqual(await accessibilityProblems(page), []);
    await page.getByLabel('kubectl dump').fill(SHOP.replace('storageClassName: standrad', 'storageClassNam: standrad'));
    await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    const problem = page.locator('.pvp-diagnose-problems li');
    await problem.first().waitFor();
    assert.match(await problem.first().textContent(), /^line \d+, column \d+: unknown field "spec.storageClassNam"/);
    console.log(`screenshot: ${await shoot(page, 'diagnose-dark-error')}`);
    assert.deepEqual(await accessibilityProblems(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
