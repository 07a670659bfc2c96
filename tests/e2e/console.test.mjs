// End to end: a learner's session in the kubectl console of the release page, typed as a
// user types it: list the claims, describe one, delete the pod and the claim, see the volume
// Released, patch its claimRef away and see it Available again; Tab completion and ↑ on the
// way. Screenshots of the console at 1280 and 390 px, light and dark, go to
// target/e2e/console-*.png; axe-core must find nothing serious or critical.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS, accessibilityProblems, assertFlowchartInView, buildReleasePage, enterCommand, launchAt, serve } from './harness.mjs';

let site;
before(async () => {
  site = await serve(buildReleasePage());
});
after(async () => site?.close());

/** Opens the page on the act pane's Console tab, by its address. */
async function open(viewport, colorScheme) {
  // At 390 px the act pane shows alone: the console, not the flowchart, is what to wait for.
  const browser = await launchAt(`${site.url}#console`, { viewport, colorScheme, ready: '.pvp-console textarea' });
  const console_ = browser.page.getByRole('region', { name: 'kubectl console' });
  const prompt = console_.getByLabel('kubectl command', { exact: true });
  const log = console_.getByRole('log', { name: 'Console output' });
  return { ...browser, console_, prompt, log };
}

/** Types a command at the prompt and enters it; resolves to the text that entry printed. */
const enter = (c, command) => enterCommand(c.page, command);

/** The page as the learner sees it, the console scrolled into its pane's view. */
async function shoot(locator, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await locator.scrollIntoViewIfNeeded();
  await locator.page().screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

test('a console session: get, describe, delete a claim, patch a Released volume back to Available', async () => {
  const c = await open({ width: 1280, height: 800 }, 'light');
  try {
    // The page opens settled; the console is a tab of the act pane, beside the flowchart.
    let out = await enter(c, 'kubectl get pvc -n shop');
    assert.match(out, /NAME {6}STATUS {4}VOLUME/);
    assert.match(out, /db-data {3}Bound {5}pv-db/);

    // Tab completes the verb; ↑ brings back the last command.
    await c.prompt.fill('kubectl desc');
    await c.prompt.press('Tab');
    assert.equal(await c.prompt.inputValue(), 'kubectl describe ');
    await c.prompt.fill('');
    await c.prompt.press('ArrowUp');
    assert.equal(await c.prompt.inputValue(), 'kubectl get pvc -n shop');

    out = await enter(c, 'kubectl describe pvc db-data -n shop');
    assert.match(out, /Used By: {7}web-0/);
    assert.match(out, /Normal {2}ProvisioningSucceeded|Events:/);

    out = await enter(c, 'kubectl delete pvc db-data -n shop');
    assert.match(out, /persistentvolumeclaim "db-data" deleted/);
    assert.match(out, /Terminating/, 'the console says why the claim stays');
    out = await enter(c, 'kubectl delete pod web-0 -n shop');
    assert.match(out, /pod "web-0" deleted/);
    out = await enter(c, 'kubectl get pv pv-db');
    assert.match(out, /Released {3}shop\/db-data/);
    // The console acts; the flowchart beside it shows the effect, in view.
    await assertFlowchartInView(c.page, 'deleting the claim in the console');

    out = await enter(c, `kubectl patch pv pv-db -p '{"spec":{"claimRef":null}}'`);
    assert.match(out, /persistentvolume\/pv-db patched/);
    out = await enter(c, 'kubectl get pv pv-db');
    assert.match(out, /Retain {11}Available/);

    out = await enter(c, 'kubectl get pvc nope -n shop');
    assert.match(out, /Error from server \(NotFound\): persistentvolumeclaims "nope" not found/);
    await assert.doesNotReject(c.console_.locator('.pvp-console-err').first().waitFor());

    assert.deepEqual(await accessibilityProblems(c.page), []);
    assert.deepEqual(c.problems, []);
    await shoot(c.console_, 'console-1280-light');
  } finally {
    await c.close();
  }
});

for (const [width, height, scheme] of [[1280, 800, 'dark'], [390, 844, 'light'], [390, 844, 'dark']]) {
  test(`the console at ${width} px, ${scheme}`, async () => {
    const c = await open({ width, height }, scheme);
    try {
      await enter(c, 'kubectl get pv');
      await enter(c, 'kubectl describe pvc cache -n shop');
      await enter(c, 'kubectl get pvc nope -n shop');
      await c.prompt.fill('kubectl get pvc -n shop ');
      await c.prompt.press('Tab');
      await c.console_.locator('.pvp-console-candidates li').first().waitFor();
      // The screen scrolls sideways inside itself; the page does not get wider.
      const overflow = await c.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the window`);
      assert.deepEqual(await accessibilityProblems(c.page), []);
      assert.deepEqual(c.problems, []);
      await shoot(c.console_, `console-${width}-${scheme}`);
    } finally {
      await c.close();
    }
  });
}
