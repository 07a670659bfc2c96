// End to end: stored sessions are never destroyed. A stored session the page cannot read is
// moved aside unchanged, the page says so and offers it back (Download gives the exact text),
// at 1280 and 390 px, light and dark; it is still offered after a reload, until deleted. A
// refused share link names what the page shows: the user's saved session, not "the demo".
// Screenshots: target/e2e/saved-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { accessibilityProblems, buildReleasePage, launch, screenshot, serve } from './harness.mjs';

const KEY = 'pv-playground:v1';
// A session cut short: its end line and most objects are missing.
const DAMAGED = `# pv-playground state
version: 1
clock: 2026-01-01T00:00:30Z
sequence: 13
passes: 4
settled: true
stepMode: false
objects: 12
---
apiVersion: v1
kind: Node
metadata:
  name: node-a
`;

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

/** Opens the page with `text` stored as the saved session. */
async function openWithStored(browser, text) {
  await browser.page.goto(site.url);
  await browser.page.locator('[data-node]').first().waitFor();
  // The page saves its first state after it is painted: wait for that save, or it could land
  // after ours and replace the text under test.
  await browser.page.waitForFunction((key) => localStorage.getItem(key) !== null, KEY);
  await browser.page.evaluate(([key, value]) => {
    localStorage.clear();
    localStorage.setItem(key, value);
  }, [KEY, text]);
  await browser.page.reload();
  await browser.page.locator('[data-node]').first().waitFor();
}

function stored(page) {
  return page.evaluate(() => Object.fromEntries(
    Object.keys(localStorage).filter((k) => k.startsWith('pv-playground:v1')).map((k) => [k, localStorage.getItem(k)]),
  ));
}

for (const [width, scheme] of [[1280, 'light'], [390, 'light'], [1280, 'dark'], [390, 'dark']]) {
  test(`an unreadable saved session is kept aside and offered back (${width} px, ${scheme})`, async () => {
    const browser = await launch({ width, height: 900 }, scheme);
    const { page, problems } = browser;
    try {
      await openWithStored(browser, DAMAGED);
      const notice = await page.locator('.pvp-notice').textContent();
      assert.match(notice, /^Your saved session could not be restored: it is cut short \(its last line is missing\)\. It is kept in this browser as it was \(under "pv-playground:v1:unreadable:[^"]+"\): download or copy it below, or paste its objects in Manifests\. The page shows the demo\.$/);
      const items = await stored(page);
      const kept = Object.keys(items).filter((k) => k.startsWith(`${KEY}:unreadable:`));
      assert.equal(kept.length, 1, JSON.stringify(Object.keys(items)));
      assert.equal(items[kept[0]], DAMAGED, 'kept byte for byte');
      assert.ok(notice.includes(kept[0]));
      assert.match(items[KEY], /^# pv-playground state\nversion: 1\n/, 'the page saves its own session again');
      const entry = page.locator('.pvp-kept li');
      assert.match(await entry.locator('.pvp-kept-title').textContent(), /^A saved session that could not be restored \(kept \d{4}-\d\d-\d\d \d\d:\d\d UTC, 181 bytes\)$/);
      assert.deepEqual(await entry.getByRole('button').allTextContents(),
        ['Download it', 'Copy it', 'Download its objects as YAML', 'Delete it']);
      const name = `saved-unreadable-${width}${scheme === 'dark' ? '-dark' : ''}`;
      await screenshot(page, name);
      // What the user sees on opening, without scrolling.
      await page.screenshot({ path: (await screenshot(page, `${name}-view`)), fullPage: false });
      // The notice and its actions are in view without scrolling.
      assert.ok(await entry.getByRole('button', { name: 'Download it', exact: true }).isVisible());
      const box = await entry.boundingBox();
      assert.ok(box.y + box.height <= 900, `the kept session is in view (${box.y + box.height})`);
      if (width === 1280 && scheme === 'light') {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          entry.getByRole('button', { name: 'Download it', exact: true }).click(),
        ]);
        assert.match(download.suggestedFilename(), /^pv-playground-session-.+\.txt$/);
        assert.equal(readFileSync(await download.path(), 'utf8'), DAMAGED);
        assert.deepEqual(await accessibilityProblems(page), []);
        // After a reload the message is gone, the kept session is still offered, until deleted.
        await page.reload();
        await page.locator('[data-node]').first().waitFor();
        assert.equal(await page.locator('.pvp-kept li').count(), 1);
        await page.locator('.pvp-kept li').getByRole('button', { name: 'Delete it' }).click();
        await page.getByText(/^Deleted the session kept under "pv-playground:v1:unreadable:/).waitFor();
        assert.equal(await page.locator('.pvp-kept li').count(), 0);
        assert.deepEqual(Object.keys(await stored(page)), [KEY]);
      }
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
}

test('a refused share link says the page shows the saved session, and keeps it', async () => {
  const browser = await launch();
  const { page, problems } = browser;
  try {
    await page.goto(site.url);
    await page.locator('[data-node]').first().waitFor();
    await page.evaluate(() => localStorage.clear());
    await page.getByText('Start over', { exact: true }).click();
    await page.getByRole('button', { name: 'Start empty' }).click();
    const saved = (await stored(page))[KEY];
    assert.match(saved, /\nobjects: 0\n/);
    await page.goto(`${site.url}#state=AAAA`);
    await page.reload();
    await page.getByText('The shared link could not be opened').waitFor();
    assert.match(await page.locator('.pvp-notice').textContent(),
      /^The shared link could not be opened: .+\. The page shows your last saved session\.$/);
    assert.equal(await page.getByText(/^No claim to show/).count(), 1, 'the empty saved session is shown');
    assert.equal((await stored(page))[KEY], saved);
    await screenshot(page, 'saved-refused-link');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
