// The page's timing figures for BENCHMARKS.md, read from the performance marks the page sets
// (src/web/perf.rs) in headless Chromium: navigation to the first drawn diagram, the redraw
// after one edit with 20 and with 200 objects in the cluster (the workspace as it opens: the
// flowchart's tab shown, the act pane's Objects form beside it), and the page's height at 1280
// and 390 px. The figures are printed and written to target/e2e/perf.json; they are
// measurements, not pass/fail thresholds (a timed test would fail on a busy machine and pass
// on a fast one for the wrong reasons).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS, buildReleasePage, launch, openTab, screenshot, serve } from './harness.mjs';

/** The demo cluster the page starts with holds this many objects. */
const DEMO_OBJECTS = 11;
const RUNS = 5;

let site;
const figures = {};
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => {
  await site?.close();
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, 'perf.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`figures: ${JSON.stringify(figures)}`);
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

/**
 * Manifests that bring the cluster from the demo's objects to `total`: in namespace `perf`,
 * triples of a volume, a claim that binds to it and a pod that mounts the claim, then volumes
 * alone for the remainder.
 */
function manifests(total) {
  const extra = total - DEMO_OBJECTS;
  const triples = Math.floor(extra / 3);
  const docs = [];
  for (let i = 0; i < triples; i += 1) {
    docs.push(`apiVersion: v1
kind: PersistentVolume
metadata: {name: perf-pv-${i}, labels: {app: perf-${i}}}
spec:
  capacity: {storage: ${1 + (i % 9)}Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  hostPath: {path: /data/perf-${i}}`);
    docs.push(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: claim-${i}, namespace: perf}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  selector: {matchLabels: {app: perf-${i}}}
  resources: {requests: {storage: 1Gi}}`);
    docs.push(`apiVersion: v1
kind: Pod
metadata: {name: pod-${i}, namespace: perf}
spec:
  containers: [{name: app, image: nginx}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: claim-${i}}}]`);
  }
  for (let i = 0; i < extra - 3 * triples; i += 1) {
    docs.push(`apiVersion: v1
kind: PersistentVolume
metadata: {name: perf-spare-${i}}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /data/spare-${i}}`);
  }
  return docs.join('\n---\n');
}

test("the page's height at 1280×800 and 390×844", async () => {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const { page, problems, close } = await launch({ width, height });
    try {
      await page.goto(site.url);
      await page.locator('[data-node]').first().waitFor();
      const scrollHeight = await page.evaluate(() => document.scrollingElement.scrollHeight);
      figures[`pageHeight${width}`] = { scrollHeight, viewport: height };
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

test('navigation to the first drawn diagram', async () => {
  const { page, problems, close } = await launch();
  try {
    const times = [];
    for (let run = 0; run < RUNS; run += 1) {
      await page.goto(`${site.url}?run=${run}`);
      await page.locator('[data-node]').first().waitFor();
      const first = await page.evaluate(
        () => performance.getEntriesByName('pvp:first-diagram')[0]?.startTime,
      );
      assert.equal(typeof first, 'number', 'the page marks its first diagram');
      times.push(first);
    }
    figures.firstDiagramMs = { median: round(median(times)), runs: times.map(round) };
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

for (const total of [20, 200]) {
  test(`redraw after one edit with ${total} objects`, async () => {
    const { page, problems, close } = await launch();
    try {
      await page.goto(site.url);
      await page.locator('[data-node]').first().waitFor();
      await openTab(page, 'YAML');
      await page.getByLabel('Manifests').fill(manifests(total));
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      const picker = page.getByLabel('Claim', { exact: true });
      await picker.locator('option[value="perf/claim-0"]').waitFor({ state: 'attached' });
      await openTab(page, 'kubectl get');
      const objects = await page.locator('.pvp-cluster table tbody tr').count();
      await openTab(page, 'Flowchart');
      const times = [];
      // One edit per pod the manifests added (three with 20 objects), at most RUNS.
      const runs = Math.min(RUNS, Math.floor((total - DEMO_OBJECTS) / 3));
      for (let i = 0; i < runs; i += 1) {
        await picker.selectOption(`perf/claim-${i}`);
        await page.getByRole('img', { name: `How perf/claim-${i} gets a volume` }).waitFor();
        assert.match(await page.locator('.pvp-phase').textContent(), new RegExp(`^perf/claim-${i} is Bound`));
        await page.evaluate(() => performance.clearMeasures('pvp:redraw'));
        // The edit: delete the pod that mounts the claim, as a learner would.
        await page.getByRole('button', { name: `Delete pod perf/pod-${i}` }).click();
        await page.getByRole('button', { name: `Delete pod perf/pod-${i}` }).waitFor({ state: 'detached' });
        const redraw = await page.evaluate(
          () => performance.getEntriesByName('pvp:redraw').at(-1)?.duration,
        );
        assert.equal(typeof redraw, 'number', 'the page measures the redraw');
        times.push(redraw);
      }
      figures[`redraw${total}Ms`] = { median: round(median(times)), max: round(Math.max(...times)), runs: times.map(round), tableRows: objects };
      await screenshot(page, `perf-${total}`);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}
