// End to end: the YAML panel and saved sessions on the release page. Paste manifests and
// apply them, see the claim bind; reload and find the state again (localStorage); share a link
// and open it in a fresh browser; a tampered link gives a message and a working page.
// Screenshots: target/e2e/yaml-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityProblems, buildReleasePage, launch, openTab, screenshot, serve } from './harness.mjs';

const MANIFESTS = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-pasted
spec:
  capacity: {storage: 3Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  hostPath: {path: /data/pasted}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: pasted
  namespace: default
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources:
    requests: {storage: 2Gi}
`;

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

async function open(browser, url = site.url) {
  await browser.page.goto(url);
  await browser.page.locator('[data-node]').first().waitFor();
}

/** The phase line of a claim, after choosing it in the picker. */
async function phaseOf(page, claim) {
  await page.getByLabel('Claim', { exact: true }).selectOption(claim);
  return page.locator('.pvp-phase').textContent();
}

async function applyPasted(page) {
  await openTab(page, 'YAML');
  await page.getByLabel('Manifests').fill(MANIFESTS);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('Applied 2 objects.').waitFor();
}

test('pasted manifests apply, the claim binds, and a reload restores the state', async () => {
  const browser = await launch();
  const { page, problems } = browser;
  try {
    await open(browser);
    await applyPasted(page);
    assert.match(await phaseOf(page, 'default/pasted'), /default\/pasted is Bound/);
    await openTab(page, 'YAML');
    await page.getByRole('button', { name: 'Show the state as YAML' }).click();
    const state = await page.getByLabel('Current state as YAML').inputValue();
    assert.match(state, /name: pasted\n/);
    assert.match(state, /volumeName: pv-pasted/);
    await screenshot(page, 'yaml-applied');
    assert.deepEqual(await accessibilityProblems(page), []);

    await page.reload();
    await page.locator('[data-node]').first().waitFor();
    await page.getByText('Restored your last saved session').waitFor();
    assert.match(await phaseOf(page, 'default/pasted'), /default\/pasted is Bound/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('an invalid document stops the whole paste and shows its line and column', async () => {
  const browser = await launch({ width: 360, height: 800 }, 'dark');
  const { page, problems } = browser;
  try {
    await open(browser);
    await openTab(page, 'YAML');
    const broken = MANIFESTS.replace('accessModes: [ReadWriteOnce]\n  storageClassName: manual\n  resources', 'accessModes: [ReadWriteOnce\n  storageClassName: manual\n  resources');
    await page.getByLabel('Manifests').fill(broken);
    await page.getByRole('button', { name: 'Apply' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /Nothing was applied:.*line \d+, column \d+/);
    assert.equal(await page.getByLabel('Manifests').inputValue(), broken, 'the typed text stays');
    // Nothing changed, so the act pane stays in view with the message.
    await page.getByRole('button', { name: 'Show the state as YAML' }).click();
    const state = await page.getByLabel('Current state as YAML').inputValue();
    assert.doesNotMatch(state, /pv-pasted/, 'the valid document was not applied either');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
    await page.getByLabel('Manifests').scrollIntoViewIfNeeded();
    await screenshot(page, 'yaml-errors-360px-dark');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('Share puts the state in the link, and the link opens it in a fresh browser', async () => {
  const first = await launch();
  let link;
  try {
    await open(first);
    await applyPasted(first.page);
    await openTab(first.page, 'YAML');
    await first.page.getByRole('button', { name: 'Share' }).click();
    await first.page.locator('.pvp-yaml-notice').waitFor();
    link = first.page.url();
    assert.match(link, /#state=[A-Za-z0-9_-]+$/);
    assert.deepEqual(first.problems, []);
  } finally {
    await first.close();
  }
  const second = await launch();
  try {
    await open(second, link);
    await second.page.getByText('Opened the shared state').waitFor();
    assert.match(await phaseOf(second.page, 'default/pasted'), /default\/pasted is Bound/);
    await screenshot(second.page, 'yaml-shared');
    assert.deepEqual(second.problems, []);
  } finally {
    await second.close();
  }
});

test('a tampered link gives a message and a working demo, never a crash', async () => {
  for (const fragment of ['%%%not-base64', 'AAAA', 'S0lNTAQA']) {
    const browser = await launch();
    const { page, problems } = browser;
    try {
      await open(browser, `${site.url}#state=${fragment}`);
      await page.getByText('The shared link could not be opened').waitFor();
      // The demo works: another claim can be followed, a claim added.
      assert.match(await phaseOf(page, 'shop/cache'), /^shop\/cache is Bound/);
      await page.getByRole('button', { name: 'Add claim', exact: true }).click();
      await page.getByText(/^Added PersistentVolumeClaim default\/claim-1/).waitFor();
      if (fragment === 'AAAA') await screenshot(page, 'yaml-tampered-link');
      assert.deepEqual(problems, [], fragment);
    } finally {
      await browser.close();
    }
  }
});
