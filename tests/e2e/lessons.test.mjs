// End to end: the lesson player and the Mermaid export on the release page. A learner plays a
// lesson with its questions (wrong answer, feedback, the claim Bound), reloads and finds the
// step again, and plays at 360 px in dark mode; solves a challenge through the YAML panel and
// the flowchart's Delete button after a failed attempt that the goal explains (at 1280 and
// 390 px, light and dark); then every built-in lesson is played to its end (goals by their
// solution) and the Mermaid source of every claim's flowchart and of the cluster graph is
// rendered by the real Mermaid (the npm package, loaded into Chromium), failing on any parse
// or render error. Screenshots: target/e2e/lesson-*.png, target/e2e/challenge-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  accessibilityProblems,
  assertFlowchartInView,
  buildReleasePage,
  launch,
  openTab,
  screenshot,
  serve,
} from './harness.mjs';

const MERMAID = join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const MERMAID_VERSION = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'mermaid', 'package.json'))).version;
const LESSONS = readdirSync(join(ROOT, 'lessons'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

async function open(page) {
  await page.goto(site.url);
  await page.locator('[data-node]').first().waitFor();
}

async function playLesson(page, name) {
  await openTab(page, 'Lesson');
  await page.getByRole('combobox', { name: 'Lesson', exact: true }).selectOption(name);
  await page.getByRole('button', { name: 'Play lesson' }).click();
  await page.locator('.pvp-lesson h4').waitFor();
}

const stepHeading = (page) => page.locator('.pvp-lesson h4').textContent();

/**
 * Clicks the lesson's Next; one pane at a time the page then shows the effect (the see
 * pane), and the switch brings the lesson back.
 */
async function nextStep(page) {
  await next(page).click();
  if (!(await page.locator('.pvp-lesson h4').isVisible())) {
    await page.locator('.pvp-pane-switch').getByRole('button', { name: /^Act / }).click();
  }
}
const next = (page) => page.getByRole('button', { name: 'Next', exact: true });
const proceed = (page) => page.locator('.pvp-lesson-actions .pvp-primary');

/** The ✓/✗ sentences shown, as `✓ text` (the words said to screen readers left out). */
const checks = (page) =>
  page
    .locator('.pvp-lesson-checks li')
    .evaluateAll((items) =>
      items.map((li) => `${li.querySelector('.pvp-check-mark').textContent} ${li.lastChild.textContent}`),
    );

/** A goal's way out for a test that only wants the lesson's end: the hints, then the solution. */
async function solveWithTheSolution(page) {
  for (let guard = 0; guard < 10; guard++) {
    const hint = page.getByRole('button', { name: /^Hint \(/ });
    if ((await hint.count()) === 0) break;
    await hint.click();
  }
  await page.getByRole('button', { name: 'Show the solution' }).click();
  await page.getByRole('button', { name: 'Apply the solution' }).click();
  await page.locator('.pvp-goal-done').waitFor();
}

/** Answers the question shown with the `choice`th answer and checks it. */
async function answer(page, choice) {
  const question = page.locator('.pvp-lesson fieldset');
  await question.getByRole('radio').nth(choice).check();
  await question.getByRole('button', { name: 'Check answer' }).click();
  await page.locator('.pvp-lesson-feedback').waitFor();
}

/**
 * Plays the lesson shown to its end, answering each question with its first choice;
 * `afterStep` runs after every step.
 */
async function playToTheEnd(page, afterStep = async () => {}) {
  for (let guard = 0; guard < 50; guard++) {
    if ((await stepHeading(page)) === 'Lesson complete') return;
    const unanswered = page.locator('.pvp-lesson fieldset input[type=radio]:not([disabled])');
    if ((await unanswered.count()) > 0) await answer(page, 0);
    if ((await page.locator('.pvp-goal:not(.pvp-goal-done)').count()) > 0) await solveWithTheSolution(page);
    await proceed(page).click();
    await afterStep();
  }
  throw new Error('the lesson did not end');
}

/** The flowchart of the claim followed now, through the page's export button. */
async function flowchartSource(page) {
  await page.getByRole('button', { name: 'Copy as Mermaid (the flowchart)' }).click();
  return page.getByRole('textbox', { name: 'Mermaid source of the flowchart' }).inputValue();
}

test('a lesson plays step by step: a question first, feedback, then the claim binds', async () => {
  const browser = await launch({ width: 1280, height: 800 });
  const { page, problems } = browser;
  try {
    await open(page);
    await playLesson(page, 'static-provisioning');
    assert.equal(await stepHeading(page), 'Step 1 of 6');
    assert.match(await page.locator('.pvp-lesson').textContent(), /In static provisioning an administrator/);
    assert.equal(await page.locator('.pvp-picker option').count(), 0, 'the lesson starts empty');
    // The lesson is the guide: the page's own hint ("…or follow a lesson") would contradict it.
    assert.equal(await page.locator('.pvp-hint').count(), 0, 'no Try next line while a lesson plays');
    await screenshot(page, 'lesson-start');
    assert.deepEqual(await accessibilityProblems(page), []);

    await next(page).click();
    await next(page).click();
    assert.equal(await stepHeading(page), 'Step 3 of 6');
    assert.equal(await next(page).isDisabled(), true, 'Next waits for an answer');
    await answer(page, 0);
    const feedback = await page.locator('.pvp-lesson-feedback').textContent();
    assert.match(feedback, /^Not quite\. The answer is: The claim binds pv-reports and gets all 10Gi\./);
    // The feedback and Next are both on screen, without scrolling: Next stays at the pane's
    // bottom however long the step grows.
    const inView = (locator) => locator.evaluate((e) => {
      const r = e.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + Math.min(r.height / 2, 10);
      return r.top >= 0 && r.bottom <= innerHeight && (document.elementFromPoint(x, y) === e || e.contains(document.elementFromPoint(x, y)));
    });
    assert.equal(await inView(next(page)), true, 'Next is in view and not covered');
    assert.equal(await inView(page.locator('.pvp-lesson-feedback strong').first()), true, 'the verdict is in view');
    await screenshot(page, 'lesson-feedback');
    assert.deepEqual(await accessibilityProblems(page), []);

    await next(page).click();
    assert.equal(await stepHeading(page), 'Step 4 of 6');
    assert.match(await page.locator('.pvp-phase').textContent(), /^default\/reports is Bound/);
    // The lesson acts on the right, the effect shows on the left.
    await assertFlowchartInView(page, 'the lesson\'s step');
    assert.deepEqual(await checks(page), [
      '✓ claim default/reports is Bound to pv-reports, with capacity 10Gi',
      '✓ volume pv-reports is Bound to default/reports',
    ]);
    assert.match(await page.locator('.pvp-lesson-recap').textContent(), /status\.capacity/, 'the explanation stays');
    await screenshot(page, 'lesson-bound');

    // Progress and the cluster survive a reload.
    await page.reload();
    await page.locator('.pvp-lesson h4').waitFor();
    assert.equal(await stepHeading(page), 'Step 4 of 6');
    assert.match(await page.locator('.pvp-phase').textContent(), /^default\/reports is Bound/);
    await next(page).click();
    await next(page).click();
    assert.equal(await stepHeading(page), 'Step 6 of 6');
    await solveWithTheSolution(page);
    await proceed(page).click();
    assert.equal(await stepHeading(page), 'Lesson complete');
    assert.match(await page.locator('.pvp-lesson').textContent(), /You answered 0 of 1 question right\./);
    assert.equal(await next(page).count(), 0, 'no dead Next at the end');
    assert.match(await proceed(page).textContent(), /^Next lesson: Dynamic provisioning/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('at 360 px in dark mode the lesson fits, from the keyboard alone', async () => {
  const browser = await launch({ width: 360, height: 800 }, 'dark');
  const { page, problems } = browser;
  try {
    await open(page);
    await playLesson(page, 'access-readwriteonce');
    // Keyboard: Tab reaches Next; Enter plays the step. One pane at a time, the effect shows
    // first; the switch brings the lesson back at its next step.
    await next(page).focus();
    await page.keyboard.press('Enter');
    const shown = () => page.locator('.pvp-pane-switch button[aria-pressed="true"]').textContent();
    if ((await page.locator('.pvp-lesson h4').isVisible()) === false) {
      assert.match(await shown(), /^See /);
      await page.locator('.pvp-pane-switch').getByRole('button', { name: /^Act / }).click();
    }
    assert.match(await stepHeading(page), /^Step 2 of \d+$/);
    for (let i = 0; i < 10 && (await page.locator('.pvp-lesson fieldset').count()) === 0; i++) {
      await next(page).click();
      if (!(await page.locator('.pvp-lesson h4').isVisible())) {
        await page.locator('.pvp-pane-switch').getByRole('button', { name: /^Act / }).click();
      }
    }
    const radios = page.locator('.pvp-lesson fieldset').getByRole('radio');
    await radios.first().focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await radios.nth(1).isChecked(), true, 'arrow keys move through the choices');
    await page.getByRole('button', { name: 'Check answer' }).press('Enter');
    await page.locator('.pvp-lesson-feedback').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page is ${width} px wide at 360 px`);
    await page.locator('.pvp-lessons').screenshot({ path: join(ROOT, 'target', 'e2e', 'lesson-360px-dark.png') });
    await screenshot(page, 'lesson-360px-dark-page');
    assert.deepEqual(await accessibilityProblems(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

const CLAIM_WITH_STANDARD = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: reports, namespace: default}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Gi}}
  storageClassName: standard
`;

for (const [width, height, scheme] of [
  [1280, 900, 'light'],
  [390, 844, 'dark'],
  [1280, 900, 'dark'],
  [390, 844, 'light'],
]) {
  test(`a challenge is failed with its explanation, then solved through the YAML panel (${width} px, ${scheme})`, async () => {
    const browser = await launch({ width, height }, scheme);
    const { page, problems } = browser;
    const shot = (name) =>
      page.locator('.pvp-lessons').screenshot({ path: join(ROOT, 'target', 'e2e', `challenge-${name}-${width}-${scheme}.png`) });
    try {
      await open(page);
      await playLesson(page, 'challenge-missing-class');
      await answer(page, 2);
      await nextStep(page);
      await nextStep(page);
      const goal = page.locator('.pvp-goal');
      assert.match(await goal.textContent(), /Get report-gen Running with a claim reports provisioned from the class standard\./);
      assert.equal(await proceed(page).isDisabled(), true, 'Continue waits for the goal');
      assert.match(await page.locator('.pvp-lesson-actions').textContent(), /Reach the goal to go on/);
      // The claim's class, marked in its manifest.
      assert.deepEqual(await page.locator('.pvp-lesson-manifest mark').allTextContents(), ['  storageClassName: fast']);
      // The line after the marked one starts a line of its own, under it (not beside it).
      const [marked, after] = await page.locator('.pvp-lesson-manifest .pvp-marked').evaluate((line) => {
        const next = line.nextElementSibling;
        return [line.getBoundingClientRect(), next.getBoundingClientRect()].map((r) => ({ left: r.left, top: r.top }));
      });
      assert.ok(Math.abs(after.left - marked.left) < 1 && after.top > marked.top, JSON.stringify({ marked, after }));

      // A first attempt: change the class in place (the YAML tab, beside the lesson's). The API
      // server refuses it, and the goal says why the claim still waits, in the engine's words.
      const yaml = page.getByLabel('Manifests');
      await openTab(page, 'YAML');
      await yaml.fill(CLAIM_WITH_STANDARD);
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await page.locator('.pvp-yaml').getByRole('alert').waitFor();
      assert.match(await page.locator('.pvp-yaml').getByRole('alert').textContent(), /Forbidden: spec is immutable/);
      const failed = await checks(page);
      assert.equal(failed.length, 2);
      assert.match(failed[0], /^✗ claim default\/reports is Pending: it asks for class fast; storageclass\.storage\.k8s\.io "fast" not found/);
      assert.match(failed[1], /^✗ pod default\/report-gen is not scheduled: 0\/1 nodes are available: pod has unbound immediate PersistentVolumeClaims\./);
      assert.ok(!failed.join(' ').includes('expected'), 'sentences, not test output');
      await openTab(page, 'Lesson');
      await page.getByRole('button', { name: 'Hint (1 of 3)' }).click();
      assert.match(await page.locator('.pvp-goal-hints').textContent(), /cannot be changed once it is set/);
      await page.locator('.pvp-lessons').scrollIntoViewIfNeeded();
      await shot('failed');
      assert.deepEqual(await accessibilityProblems(page), []);

      // Solved: delete the claim (the flowchart's button), then create it again in YAML.
      await openTab(page, 'Flowchart');
      await page.getByLabel('Claim', { exact: true }).selectOption('default/reports');
      await page.getByRole('button', { name: 'Delete claim default/reports' }).click();
      await openTab(page, 'YAML');
      await yaml.fill(CLAIM_WITH_STANDARD);
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      // One pane at a time the effect shows first; the goal is reached all the same.
      await page.locator('.pvp-goal-done').waitFor({ state: 'attached' });
      await openTab(page, 'Lesson');
      assert.deepEqual(await checks(page), [
        '✓ claim default/reports is Bound to the volume provisioned for it, with class standard',
        '✓ pod default/report-gen mounts claim reports and is Running',
      ]);
      assert.equal(await proceed(page).isDisabled(), false);
      const widthNow = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(widthNow <= width, `the page is ${widthNow} px wide at ${width} px`);
      await page.locator('.pvp-lessons').scrollIntoViewIfNeeded();
      await shot('solved');
      await proceed(page).click();
      assert.equal(await stepHeading(page), 'Lesson complete');
      assert.match(await page.locator('.pvp-lesson').textContent(), /You reached 1 of 1 goal yourself\./);
      await shot('complete');
      assert.deepEqual(await accessibilityProblems(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
}

test('real Mermaid renders every lesson end state: each claim flowchart and the cluster graph', async () => {
  const browser = await launch();
  const { page, problems } = browser;
  const sources = [];
  try {
    await open(page);
    for (const lesson of LESSONS) {
      await playLesson(page, lesson);
      // Along the way (claims Pending, blocked, Terminating), the claim the flowchart follows.
      let step = 0;
      await playToTheEnd(page, async () => {
        step += 1;
        if ((await page.locator('.pvp-picker option').count()) === 0) return;
        sources.push({ what: `${lesson} after step ${step}: flowchart`, text: await flowchartSource(page) });
      });
      // At the end, every claim (some lessons delete theirs).
      const claims = await page.locator('.pvp-picker option').evaluateAll((os) => os.map((o) => o.value));
      for (const claim of claims) {
        await page.getByLabel('Claim', { exact: true }).selectOption(claim);
        const text = await flowchartSource(page);
        assert.match(text, new RegExp(claim.split('/')[1]), `${lesson}: the flowchart of ${claim}`);
        sources.push({ what: `${lesson}: flowchart of ${claim}`, text });
      }
      await openTab(page, 'Cluster graph');
      await page.getByRole('button', { name: 'Copy as Mermaid (the cluster graph)' }).click();
      const graph = await page.getByRole('textbox', { name: 'Mermaid source of the cluster graph' }).inputValue();
      sources.push({ what: `${lesson}: cluster graph`, text: graph });
      await openTab(page, 'Flowchart');
    }
    assert.deepEqual(problems, []);

    // The real Mermaid, as an author's page would load it.
    await page.setContent('<!doctype html><html lang="en"><head><title>Mermaid</title></head><body></body></html>');
    await page.addScriptTag({ path: MERMAID });
    const results = await page.evaluate(async (all) => {
      const mermaid = globalThis.mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const out = [];
      for (const [i, { what, text }] of all.entries()) {
        try {
          await mermaid.parse(text);
          const { svg } = await mermaid.render(`export-${i}`, text);
          const nodes = (svg.match(/class="node[ "]/g) ?? []).length;
          // Mermaid draws a parse failure as an "error" diagram instead of throwing, sometimes.
          const kind = svg.match(/aria-roledescription="([^"]*)"/)?.[1];
          out.push({ what, nodes, error: kind === 'flowchart-v2' ? null : `Mermaid drew a ${kind} diagram` });
        } catch (e) {
          out.push({ what, nodes: 0, error: String(e?.message ?? e) });
        }
      }
      return out;
    }, sources);
    const failures = results.filter((r) => r.error || r.nodes === 0);
    const flowcharts = results.filter((r) => r.what.includes('flowchart')).length;
    console.log(
      `Mermaid ${MERMAID_VERSION}: rendered ${results.length - failures.length} of ${results.length} sources ` +
        `(${flowcharts} claim flowcharts, ${results.length - flowcharts} cluster graphs) from ${LESSONS.length} lessons`,
    );
    assert.equal(LESSONS.length, 19);
    assert.ok(flowcharts > LESSONS.length, `${flowcharts} flowcharts`);
    assert.deepEqual(failures, [], 'every exported source parses and renders');
  } finally {
    await browser.close();
  }
});
