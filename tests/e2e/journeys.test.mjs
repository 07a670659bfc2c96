// End to end: a learner's journeys through the Objects forms, clicking and typing as a user
// does, in the release page in Chromium: dynamic provisioning, static binding, a retained
// volume released, and a ReadWriteOncePod claim that keeps a second pod off another node.
// Each journey's end state, and the forms at 360 px, are saved to target/e2e/journey-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS, accessibilityProblems, buildReleasePage, launchAt, screenshot, serve } from './harness.mjs';

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

async function open(viewport, colorScheme) {
  const browser = await launchAt(site.url, { viewport, colorScheme });
  const objects = browser.page.getByRole('region', { name: 'Objects' });
  return { ...browser, objects };
}

/** Fills a kind's form, field by field as labelled on the page, and presses its Add button. */
async function add(objects, kind, noun, fields = {}, modes = {}) {
  await objects.getByLabel('Kind', { exact: true }).selectOption(kind);
  for (const [label, value] of Object.entries(fields)) {
    const control = objects.getByLabel(label, { exact: true });
    if (typeof value === 'boolean') await control.setChecked(value);
    else await control.fill(value);
  }
  for (const [mode, on] of Object.entries(modes)) {
    await objects.getByRole('checkbox', { name: new RegExp(`^${mode} `) }).setChecked(on);
  }
  await objects.getByRole('button', { name: `Add ${noun}`, exact: true }).click();
  await objects.getByText(new RegExp(`^Added ${kind} `)).waitFor();
}

/** The cells of a kubectl table's row whose NAME column is `name`. */
async function row(page, command, name) {
  const table = page.locator('table.pvp-kubectl', { hasText: command });
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
  );
  const nameColumn = command.includes('-A') ? 1 : 0;
  return rows.find((cells) => cells[nameColumn] === name);
}

/** Saves a screenshot of one element as target/e2e/NAME.png. */
async function shoot(locator, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await locator.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

async function follow(page, claim) {
  await page.getByLabel('Claim', { exact: true }).selectOption(claim);
  await page.getByRole('img', { name: `How ${claim} gets a volume` }).waitFor();
}

test('journey: a StorageClass and a claim, provisioned dynamically', async () => {
  const { page, objects, problems, close } = await open();
  try {
    await add(objects, 'StorageClass', 'class', { Name: 'standard', 'Default class': true });
    // The claim as the form offers it: no class typed, so the new default class applies.
    await add(objects, 'PersistentVolumeClaim', 'claim');
    const claim = await row(page, 'kubectl get pvc -A', 'claim-1');
    assert.equal(claim[2], 'Bound');
    assert.match(claim[3], /^pvc-[0-9a-f-]{36}$/);
    assert.equal(claim[6], 'standard', 'STORAGECLASS column');
    await follow(page, 'default/claim-1');
    assert.equal(await page.locator('[data-node="dynamic"]').getAttribute('data-taken'), 'true');
    assert.equal(await page.locator('[data-node="static"]').getAttribute('data-taken'), 'false');
    await screenshot(page, 'journey-dynamic');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

/** Journey (b)'s steps: a 3Gi class-less volume, then a claim that asks for it. */
async function addVolumeAndClaim(page, objects) {
  await add(objects, 'PersistentVolume', 'volume', { Name: 'pv-lab', Capacity: '3Gi' });
  await add(objects, 'PersistentVolumeClaim', 'claim', {
    Name: 'lab',
    Request: '3Gi',
    'Storage class': '""',
  });
  assert.deepEqual((await row(page, 'kubectl get pv', 'pv-lab')).slice(3, 6), ['Retain', 'Bound', 'default/lab']);
}

test('journey: a volume and a claim, bound statically', async () => {
  const { page, objects, problems, close } = await open();
  try {
    await addVolumeAndClaim(page, objects);
    await follow(page, 'default/lab');
    assert.equal(await page.locator('[data-node="static"]').getAttribute('data-taken'), 'true');
    assert.match(await page.locator('.pvp-phase').textContent(), /^default\/lab is Bound/);
    await screenshot(page, 'journey-static');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('journey: deleting the claim of a Retain volume leaves the volume Released', async () => {
  const { page, objects, problems, close } = await open();
  try {
    await addVolumeAndClaim(page, objects);
    await objects.getByLabel('Kind', { exact: true }).selectOption('PersistentVolumeClaim');
    await objects.getByRole('button', { name: 'Delete PersistentVolumeClaim default/lab' }).click();
    await objects.getByText('Deletion asked for PersistentVolumeClaim default/lab.').waitFor();
    const volume = await row(page, 'kubectl get pv', 'pv-lab');
    assert.deepEqual(volume.slice(3, 6), ['Retain', 'Released', 'default/lab'], 'RECLAIM POLICY, STATUS, CLAIM');
    assert.equal(await row(page, 'kubectl get pvc -A', 'lab'), undefined, 'the claim is gone');
    await screenshot(page, 'journey-released');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('journey: a ReadWriteOncePod claim keeps a second pod on another node unschedulable', async () => {
  const { page, objects, problems, close } = await open();
  try {
    await add(
      objects,
      'PersistentVolumeClaim',
      'claim',
      { 'Storage class': 'fast' },
      { ReadWriteOnce: false, ReadWriteOncePod: true },
    );
    await add(objects, 'Pod', 'pod', { Claims: 'claim-1' });
    await add(objects, 'Node', 'node', { Name: 'node-b' });
    await add(objects, 'Pod', 'pod', { Claims: 'claim-1', 'Node selector': 'kubernetes.io/hostname=node-b' });
    await follow(page, 'default/claim-1');
    const pods = page.locator('.pvp-pod');
    assert.equal(await pods.nth(0).textContent(), 'Used by pod default/pod-1 on node-aDelete pod');
    const message =
      '0/2 nodes are available: node has pod using PersistentVolumeClaim with the same name and ' +
      'ReadWriteOncePod access mode. preemption: 0/2 nodes are available: 2 Preemption is not ' +
      'helpful for scheduling.';
    assert.equal(await pods.nth(1).textContent(), `Used by pod default/pod-2: ${message}Delete pod`);
    const event = page.locator('tr[data-reason="FailedScheduling"]', { hasText: 'default/pod-2' });
    assert.ok((await event.textContent()).endsWith(message), 'the scheduler\'s event says it too');
    await screenshot(page, 'journey-rwop');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the forms at 360 px: refused input stays, messages at the field, nothing overflows', async () => {
  const { page, objects, problems, close } = await open({ width: 360, height: 740 });
  try {
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
  const { page, objects, close } = await open({ width: 1280, height: 900 }, 'dark');
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
  } finally {
    await close();
  }
});
