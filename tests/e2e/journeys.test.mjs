// End to end: a learner's journeys through the workspace, clicking and typing as a user does,
// in the release page in Chromium: a dynamic binding and a static one each in a few actions
// without knowing any name beforehand, a retained volume Released (and explained as kept for
// the deleted claim), a ReadWriteOncePod claim that keeps a second pod off another node, and
// watching the control loop pass by pass. After every action the followed claim's flowchart
// is wholly in view. Screenshots: target/e2e/journey-*.png, step-pass-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  SCREENSHOTS,
  accessibilityProblems,
  assertFlowchartInView,
  buildReleasePage,
  launchAt,
  openTab,
  pageScrolls,
  screenshot,
  serve,
} from './harness.mjs';

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

async function open(viewport = { width: 1280, height: 800 }, colorScheme) {
  const browser = await launchAt(site.url, { viewport, colorScheme });
  const objects = browser.page.getByRole('region', { name: 'Objects' });
  // Every action the learner takes, counted, and the flowchart checked after it.
  let actions = 0;
  const act = async (what, doIt) => {
    await doIt();
    actions += 1;
    await assertFlowchartInView(browser.page, what);
  };
  return { ...browser, objects, act, actions: () => actions };
}

/** Fills a kind's form, field by field as labelled on the page, and presses its Add button. */
async function add(objects, act, kind, noun, fields = {}, modes = {}) {
  await objects.getByLabel('Kind', { exact: true }).selectOption(kind);
  for (const [label, value] of Object.entries(fields)) {
    const control = objects.getByLabel(label, { exact: true });
    if (typeof value === 'boolean') await control.setChecked(value);
    else if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
  for (const [mode, on] of Object.entries(modes)) {
    await objects.getByRole('checkbox', { name: new RegExp(`^${mode} `) }).setChecked(on);
  }
  await act(`adding a ${noun}`, () => objects.getByRole('button', { name: `Add ${noun}`, exact: true }).click());
  await objects.getByText(new RegExp(`^Added ${kind} `)).waitFor();
}

/** The cells of a kubectl table's row whose NAME column is `name` (on the kubectl tab). */
async function row(page, command, name) {
  await openTab(page, 'kubectl get');
  const table = page.locator('table.pvp-kubectl', { hasText: command });
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
  );
  await openTab(page, 'Flowchart');
  const nameColumn = command.includes('-A') ? 1 : 0;
  return rows.find((cells) => cells[nameColumn] === name);
}

/** Saves a screenshot of one element as target/e2e/NAME.png. */
async function shoot(locator, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await locator.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

const taken = (page) =>
  page.locator('svg.pvp-live [data-node][data-taken="true"]').evaluateAll((nodes) => nodes.map((n) => n.dataset.node));

test('journey: a newcomer provisions a volume dynamically by picking the class the list offers', async () => {
  const { page, objects, act, actions, problems, close } = await open();
  try {
    // No name known beforehand: the class list says which class provisions.
    const picker = objects.getByLabel('Storage class', { exact: true });
    const offered = await picker.locator('option').allTextContents();
    const provisions = offered.find((o) => o.includes('provisions with'));
    assert.ok(provisions, `a class that provisions is offered: ${offered}`);
    await act('choosing the class', () => picker.selectOption({ label: provisions }));
    await act('adding the claim', () => objects.getByRole('button', { name: 'Add claim', exact: true }).click());
    assert.ok(actions() <= 3, `${actions()} actions`);
    console.log(`actions to the first dynamic binding: ${actions()}`);
    // The page follows the claim just added: its flowchart shows the dynamic route.
    assert.match(await page.locator('.pvp-phase').textContent(), /^default\/claim-1 is Bound/);
    assert.deepEqual(await taken(page), ['claim', 'reqs', 'decision', 'dynamic', 'storageclass', 'volume']);
    await screenshot(page, 'journey-dynamic');
    const claim = await row(page, 'kubectl get pvc -A', 'claim-1');
    assert.equal(claim[2], 'Bound');
    assert.match(claim[3], /^pvc-[0-9a-f-]{36}$/);
    assert.equal(claim[6], 'fast', 'STORAGECLASS column');
    assert.equal(await pageScrolls(page), false);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('journey: a newcomer binds an existing volume statically by picking "no class"', async () => {
  const { page, objects, act, actions, problems, close } = await open();
  try {
    const picker = objects.getByLabel('Storage class', { exact: true });
    const offered = await picker.locator('option').allTextContents();
    const none = offered.find((o) => o.includes('static binding only'));
    await act('choosing no class', () => picker.selectOption({ label: none }));
    await act('adding the claim', () => objects.getByRole('button', { name: 'Add claim', exact: true }).click());
    assert.ok(actions() <= 3, `${actions()} actions`);
    console.log(`actions to the first static binding: ${actions()}`);
    assert.match(await page.locator('.pvp-phase').textContent(), /^default\/claim-1 is Bound/);
    assert.deepEqual(await taken(page), ['claim', 'reqs', 'decision', 'static', 'volume']);
    assert.match(await page.locator('.pvp-why .pvp-chosen').textContent(), /^pv-small: bound: the smallest fitting volume/);
    await screenshot(page, 'journey-static');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

/** A 3Gi class-less volume, then a claim that asks for it. */
async function addVolumeAndClaim(page, objects, act) {
  await add(objects, act, 'PersistentVolume', 'volume', { Name: 'pv-lab', Capacity: '3Gi' });
  await add(objects, act, 'PersistentVolumeClaim', 'claim', {
    Name: 'lab',
    Request: '3Gi',
    'Storage class': '""',
  });
  assert.deepEqual((await row(page, 'kubectl get pv', 'pv-lab')).slice(3, 6), ['Retain', 'Bound', 'default/lab']);
}

test('journey: deleting the claim of a Retain volume leaves it Released, kept for that claim', async () => {
  const { page, objects, act, problems, close } = await open();
  try {
    await addVolumeAndClaim(page, objects, act);
    assert.match(await page.locator('.pvp-phase').textContent(), /^default\/lab is Bound/);
    await act('deleting the claim', () => page.getByRole('button', { name: 'Delete claim default/lab' }).click());
    const volume = await row(page, 'kubectl get pv', 'pv-lab');
    assert.deepEqual(volume.slice(3, 6), ['Retain', 'Released', 'default/lab'], 'RECLAIM POLICY, STATUS, CLAIM');
    assert.equal(await row(page, 'kubectl get pvc -A', 'lab'), undefined, 'the claim is gone');
    // The claim followed now is another; its why-list says what pv-lab is: Released, kept
    // for the deleted claim until an admin clears its claimRef — never "bound to".
    const why = await page.locator('.pvp-why li[data-volume="pv-lab"]').textContent();
    assert.equal(
      why,
      'pv-lab: Released: its claimRef still names the deleted claim default/lab; reclaim policy Retain keeps it (and its data) until an admin removes the claimRef or deletes the volume',
    );
    await assertFlowchartInView(page, 'reading the why-list');
    await screenshot(page, 'journey-released');
    await openTab(page, 'Volume lifecycle');
    assert.equal(
      await page.locator('.pvp-lifecycle [data-volume="pv-lab"] [aria-current="step"]').textContent(),
      'Released (now)',
    );
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('journey: a ReadWriteOncePod claim keeps a second pod on another node unschedulable', async () => {
  const { page, objects, act, problems, close } = await open();
  try {
    await add(objects, act, 'PersistentVolumeClaim', 'claim', { 'Storage class': 'fast' }, { ReadWriteOnce: false, ReadWriteOncePod: true });
    await add(objects, act, 'Pod', 'pod', { Claims: 'claim-1' });
    await add(objects, act, 'Node', 'node', { Name: 'node-b' });
    await add(objects, act, 'Pod', 'pod', { Claims: 'claim-1', 'Node selector': 'kubernetes.io/hostname=node-b' });
    assert.equal(await page.getByLabel('Claim', { exact: true }).inputValue(), 'default/claim-1');
    const pods = page.locator('.pvp-pod');
    assert.equal(await pods.nth(0).textContent(), 'Used by pod default/pod-1 on node-aDelete pod');
    const message =
      '0/2 nodes are available: node has pod using PersistentVolumeClaim with the same name and ' +
      'ReadWriteOncePod access mode. preemption: 0/2 nodes are available: 2 Preemption is not ' +
      'helpful for scheduling.';
    assert.equal(await pods.nth(1).textContent(), `Used by pod default/pod-2: ${message}Delete pod`);
    await screenshot(page, 'journey-rwop');
    await openTab(page, 'Events');
    const event = page.locator('tr[data-reason="FailedScheduling"]', { hasText: 'default/pod-2' });
    assert.ok((await event.textContent()).endsWith(message), "the scheduler's event says it too");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('journey: watching the control loop, a dynamic claim shows only the dynamic route at every pass', async () => {
  const { page, act, problems, close } = await open();
  try {
    await page.getByText('Start over', { exact: true }).click();
    await act('starting the demo from scratch', () =>
      page.getByRole('button', { name: 'Watch the demo being built, pass by pass' }).click());
    await page.getByLabel('Claim', { exact: true }).selectOption('shop/cache');
    assert.match(await page.locator('.pvp-progress').textContent(), /no controller has run yet/);
    const step = page.locator('.pvp-controls').getByRole('button', { name: 'Step', exact: true });
    for (let pass = 1; !(await step.isDisabled()); pass++) {
      const route = await taken(page);
      assert.ok(route.includes('dynamic') && !route.includes('static'), `before pass ${pass}: ${route}`);
      await act(`pass ${pass}`, () => step.click());
      const after = await taken(page);
      assert.ok(after.includes('dynamic') && !after.includes('static'), `after pass ${pass}: ${after}`);
      if (pass === 1) {
        // The pass, controller by controller: PV controller first, then the provisioner.
        const lit = await page.locator('svg.pvp-live [data-pass-step]').evaluateAll((nodes) =>
          nodes.map((n) => `${n.dataset.passStep}:${n.dataset.node}`));
        assert.deepEqual(lit, ['1:decision', '1:dynamic', '1:storageclass', '2:volume']);
        const steps = await page.locator('.pvp-pass-step:not(.pvp-idle) > strong').allTextContents();
        assert.deepEqual(steps, ['persistentvolume-controller', 'external-provisioner']);
        assert.match(await page.locator('.pvp-pass').textContent(), /ProvisioningSucceeded/);
        // The lighting moves unless the reader asked for less motion.
        const animation = await page.locator('svg.pvp-live [data-node="volume"] .pvp-shape')
          .evaluate((s) => getComputedStyle(s).animationName);
        assert.equal(animation, 'pvp-light');
      }
      // The lighting has played (four controllers at most, 0.8 s apart).
      await page.waitForTimeout(3500);
      await screenshot(page, `step-pass-${pass}`);
      assert.ok(pass < 10, 'the loop settles');
    }
    assert.match(await page.locator('.pvp-phase').textContent(), /^shop\/cache is Bound/);
    // Back to before the pass that bound it, and that pass again with reduced motion.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const undo = page.locator('.pvp-controls').getByRole('button', { name: 'Undo', exact: true });
    while (!/^After 1 controller pass/.test(await page.locator('.pvp-progress').textContent())) {
      await undo.click();
    }
    await step.click();
    const still = await page.locator('svg.pvp-live [data-pass-step] .pvp-shape').first()
      .evaluate((s) => getComputedStyle(s).animationName);
    assert.equal(still, 'none', 'reduced motion: the pass is marked, not animated');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('on a phone the effect of an action is shown first: the see pane, the flowchart in view', async () => {
  const { page, objects, problems, close } = await open({ width: 390, height: 844 });
  try {
    await openTab(page, 'Objects');
    await objects.getByLabel('Storage class', { exact: true }).selectOption('fast');
    await objects.getByRole('button', { name: 'Add claim', exact: true }).click();
    assert.equal(await page.locator('.pvp-pane-switch button[aria-pressed="true"]').textContent(), 'See Flowchart');
    await assertFlowchartInView(page, 'adding a claim on a phone');
    assert.match(await page.locator('.pvp-phase').textContent(), /^default\/claim-1 is Bound/);
    await screenshot(page, 'journey-phone-after-add');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the forms at 360 px: refused input stays, messages at the field, nothing overflows', async () => {
  const { page, objects, problems, close } = await open({ width: 360, height: 740 });
  try {
    await openTab(page, 'Objects');
    await objects.getByLabel('Request', { exact: true }).fill('lots');
    await objects.getByLabel('Name', { exact: true }).fill('My Claim');
    await objects.getByRole('button', { name: 'Add claim', exact: true }).click();
    const sizeError = objects.locator('[data-field="size"] .pvp-field-error');
    assert.match(await sizeError.textContent(), /^quantities must match the regular expression/);
    assert.equal(await objects.getByLabel('Request', { exact: true }).inputValue(), 'lots');
    await objects.getByLabel('Request', { exact: true }).fill('1Gi');
    await objects.getByRole('button', { name: 'Add claim', exact: true }).click();
    const nameError = objects.locator('[data-field="name"] .pvp-field-error');
    assert.match(await nameError.textContent(), /^metadata\.name: Invalid value: "My Claim": a lowercase RFC 1123 subdomain/);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 360, `no sideways scrolling (${scroll} px)`);
    assert.deepEqual(await accessibilityProblems(page), []);
    await objects.scrollIntoViewIfNeeded();
    await shoot(objects, 'journey-form-360px');
    await objects.getByLabel('Kind', { exact: true }).selectOption('PersistentVolume');
    await shoot(objects, 'journey-volume-form-360px');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the forms in dark mode pass axe-core', async () => {
  const { page, objects, close } = await open({ width: 1280, height: 800 }, 'dark');
  try {
    await objects.getByLabel('Kind', { exact: true }).selectOption('StorageClass');
    await objects.getByRole('button', { name: 'Edit StorageClass fast' }).click();
    await objects.getByLabel('Provisioner', { exact: true }).fill('');
    await objects.getByRole('button', { name: 'Save class', exact: true }).click();
    assert.match(
      await objects.locator('[data-field="provisioner"] .pvp-field-error').textContent(),
      /^provisioner: Required value/,
    );
    assert.deepEqual(await accessibilityProblems(page), []);
    await shoot(objects, 'journey-form-dark');
    await screenshot(page, 'journey-form-dark-page');
  } finally {
    await close();
  }
});
