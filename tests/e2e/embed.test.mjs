// End to end: widgets embedded in other pages (dist/examples/, built by `trunk build`). The
// plain HTML page's two widgets are independent; the JS API mounts, applies, reads and
// unmounts; widgets added or removed later are mounted and unmounted; the host's theme (a
// class, Docusaurus' data-theme, the system's) is followed without a reload; the host's CSS
// does not reach in and the widget's does not leak out; bad attributes and scenarios give a
// message inside their widget only; the mdBook book's widget follows the book's theme.
// Screenshots: target/e2e/embed-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, accessibilityProblems, buildReleasePage, launch, screenshot, serve } from './harness.mjs';
import { webStatefulSet } from './manifests.mjs';

const CLAIM = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: logs, namespace: web}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: fast-ssd
  resources: {requests: {storage: 5Gi}}
`;
const DARK_BG = 'rgb(13, 17, 23)';
const LIGHT_BG = 'rgb(255, 255, 255)';

let site;
let dist;
before(async () => {
  dist = buildReleasePage();
  site = await serve(dist);
});
after(async () => site?.close());

/** Opens an example page and waits until every widget on it drew. */
async function open(path, { viewport = { width: 1280, height: 900 }, colorScheme = 'light', widgets = 2 } = {}) {
  const browser = await launch(viewport, colorScheme);
  await browser.page.goto(new URL(path, site.url).href);
  await browser.page.waitForFunction(
    (n) => [...document.querySelectorAll('[data-pv-playground]')]
      .filter((e) => e.shadowRoot?.querySelector('[data-node]')).length === n,
    widgets,
  );
  return browser;
}

/** Shows a widget's tab, through its pane switch when it shows one pane at a time. */
async function openTabIn(page, widget, name) {
  const tab = page.locator(widget).getByRole('tab', { name, exact: true });
  if (!(await tab.isVisible())) {
    await page.locator(`${widget} .pvp-pane-switch`).getByRole('button', { name: /^Act / }).click();
  }
  await tab.click();
}

/** The claims a widget's cluster holds (through the JS API: explainers have no picker for one claim). */
function claims(page, selector) {
  return page.evaluate(async (s) => {
    const { mounted } = await import('/pv-playground-embed.js');
    return Object.keys((await mounted(document.querySelector(s))).state().claims);
  }, selector);
}

/** The widget's background colour (its container inside the shadow root). */
function background(page, selector) {
  return page.locator(`${selector} .pvp-embed`).evaluate((e) => getComputedStyle(e).backgroundColor);
}

test('two widgets on a plain page: each its own cluster, an apply in one leaves the other alone', async () => {
  const { page, problems, close } = await open('examples/two-widgets.html');
  try {
    assert.deepEqual(await claims(page, '#static'), ['shop/db-data']);
    assert.deepEqual(await claims(page, '#dynamic'), ['web/uploads']);
    // data-view="flow": the flowchart and the why list, not the tables, graph or forms.
    assert.equal(await page.locator('#static [data-node]').count(), 7);
    assert.equal(await page.locator('#static .pvp-why').count(), 1);
    for (const part of ['.pvp-graph', '.pvp-cluster', '.pvp-yaml', '.pvp-objects-section', '[role="tab"]']) {
      assert.equal(await page.locator(`#static ${part}`).count(), 0, `flow view has no ${part}`);
    }
    // The full view is the workspace: every part a tab away.
    const tabs = await page.locator('#dynamic [role="tab"]').allTextContents();
    assert.deepEqual(tabs, ['Flowchart', 'Cluster graph', 'Volume lifecycle', 'kubectl get', 'Events', 'Console', 'Objects', 'YAML', 'Diagnose']);
    assert.equal(await page.locator('#dynamic .pvp-objects-section').count(), 1, 'the forms are its first act tab');
    // No page header inside a widget (the page has its own headings).
    assert.equal(await page.locator('[data-pv-playground] h1').count(), 0);
    await screenshot(page, 'embed-two-widgets');

    // The learner applies a claim in the second widget, through its YAML panel (one pane at a
    // time in a widget this narrow: the act pane first).
    await openTabIn(page, '#dynamic', 'YAML');
    await page.locator('#dynamic').getByLabel('Manifests').fill(CLAIM);
    await page.locator('#dynamic').getByRole('button', { name: 'Apply' }).click();
    // Applied: the widget shows the effect first (its see pane), the message stays in YAML.
    await page.locator('#dynamic .pvp-yaml-result', { hasText: 'Applied 1 object.' }).waitFor({ state: 'attached' });
    assert.deepEqual(await claims(page, '#dynamic'), ['web/logs', 'web/uploads']);
    assert.deepEqual(await claims(page, '#static'), ['shop/db-data']);
    const states = await page.evaluate(async () => {
      const { mounted } = await import('/pv-playground-embed.js');
      const state = async (id) => (await mounted(document.getElementById(id))).state();
      return { fixed: await state('static'), changed: await state('dynamic') };
    });
    assert.deepEqual(Object.keys(states.fixed.claims), ['shop/db-data']);
    assert.equal(states.fixed.claims['shop/db-data'].volume, 'pv-small');
    assert.equal(states.changed.claims['web/logs'].phase, 'Bound');
    // Undo in one widget (Ctrl+Z on it) undoes there only.
    await page.locator('#dynamic').getByRole('button', { name: 'Undo' }).click();
    assert.deepEqual(await claims(page, '#dynamic'), ['web/uploads']);
    assert.deepEqual(await claims(page, '#static'), ['shop/db-data']);
    assert.deepEqual(await accessibilityProblems(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('mount() resolves to a handle that works at once: a compact explainer from options, and widgets mounted one after another', async () => {
  const { page, problems, close } = await open('examples/two-widgets.html');
  try {
    const result = await page.evaluate(async (claim) => {
      const { mount } = await import('/pv-playground-embed.js');
      const place = () => document.body.appendChild(document.createElement('div'));
      const pv = 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: p1}\nspec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /x}}';
      // The JS API's own example: a compact explainer from options.
      const explainer = place();
      const handle = await mount(explainer, { yaml: claim, view: 'flow', knobs: 'request', readonly: true });
      const drawn = explainer.shadowRoot.querySelector('.pvp-explainer [data-node="claim"]') !== null;
      const explained = handle.state().claims;
      // Cluster views mounted back to back, each used the moment its promise resolves.
      const states = [];
      for (let i = 0; i < 3; i++) {
        const widget = await mount(place(), { yaml: pv, view: 'cluster' });
        states.push(widget.state().volumes.p1.phase);
        widget.apply(claim.replace('storageClassName: fast-ssd', 'storageClassName: ""').replace('5Gi', '1Gi'));
      }
      return { drawn, explained, states };
    }, CLAIM);
    assert.equal(result.drawn, true);
    assert.deepEqual(Object.keys(result.explained), ['web/logs']);
    assert.deepEqual(result.states, ['Available', 'Available', 'Available']);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a cluster view over manifests is compact: the graph and the lifecycles, no app controls, Copy as Mermaid says what it did', async () => {
  for (const [width, height, scheme] of [[1280, 900, 'light'], [390, 844, 'dark']]) {
    const { page, problems, close } = await open('examples/two-widgets.html', { viewport: { width, height }, colorScheme: scheme });
    try {
      await page.evaluate(async (claim) => {
        const { mount } = await import('/pv-playground-embed.js');
        const element = document.createElement('div');
        element.id = 'cluster-view';
        document.querySelector('h1').after(element);
        const pv = 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: p1}\nspec: {capacity: {storage: 5Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /x}}\n---\n';
        await mount(element, { yaml: pv + claim.replace('fast-ssd', '""'), view: 'cluster', mermaid: true });
      }, CLAIM);
      const widget = page.locator('#cluster-view');
      await widget.locator('.pvp-embed.pvp-compact .pvp-x-cluster').waitFor();
      assert.equal(await widget.locator('.pvp-x-status').textContent(), 'All 2 objects, each box with its status.');
      assert.equal(await widget.locator('[data-node="pvc:web/logs"]').count(), 1);
      assert.match(await widget.locator('[data-volume="p1"]').textContent(), /Bound \(now\).*claim web\/logs/);
      // Only what the view needs: no Step, Run, Undo or Redo, nothing disabled.
      assert.deepEqual(await widget.getByRole('button').allTextContents(), ['Copy as Mermaid']);
      assert.equal(await widget.locator('[disabled]').count(), 0);
      await widget.getByRole('button', { name: 'Copy as Mermaid' }).click();
      await page.waitForFunction(() =>
        document.getElementById('cluster-view').shadowRoot.querySelector('.pvp-x-note').textContent !== '');
      assert.match(await widget.locator('.pvp-x-note').textContent(), /^(Mermaid source copied to the clipboard\.|The browser refused the clipboard)/);
      // The page's script changes the cluster: the picture follows.
      await page.evaluate(async () => {
        const { mounted } = await import('/pv-playground-embed.js');
        (await mounted(document.getElementById('cluster-view'))).apply(
          'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: p2}\nspec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /y}}');
      });
      await widget.locator('[data-volume="p2"]').waitFor();
      assert.match(await widget.locator('[data-volume="p2"]').textContent(), /Available \(now\)/);
      assert.equal(await widget.locator('.pvp-x-status').textContent(), 'All 3 objects, each box with its status.');
      const box = await widget.boundingBox();
      assert.ok(box.width <= width, `the widget is ${box.width} px wide`);
      await widget.scrollIntoViewIfNeeded();
      await screenshot(page, `embed-cluster-${width}-${scheme}`);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

/** `pvsim render` (native, the same library) with these arguments; its standard output. */
function render(args, input = '') {
  const run = spawnSync('cargo', ['run', '--quiet', '--bin', 'pvsim', '--', 'render', ...args], {
    cwd: ROOT, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`pvsim render ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

test('a prerendered widget looks the same with the inlined sections of the style sheet as with all of it', async () => {
  const whole = readFileSync(join(ROOT, 'www', 'style.css'), 'utf8');
  const claim = readFileSync(join(ROOT, 'www', 'examples', 'bench-claim.yaml'), 'utf8');
  const blocked = claim.replace('{storage: 2Gi}', '{storage: 900Gi}');
  assert.notEqual(blocked, claim);
  const widgets = {
    'flow, knobs, manifest, Delete, Copy as Mermaid': render(['--view', 'flow', '--knobs', 'storageClassName,accessModes,request', '--manifest', '--mermaid', '-'], claim),
    'flow, a blocked claim': render(['--view', 'flow', '--manifest', '--readonly', '-'], blocked),
    'cluster': render(['--view', 'cluster', '--mermaid', '-'], claim),
    'a scenario\'s still picture': render(['-'], readFileSync(join(ROOT, 'www', 'examples', 'scenario.yaml'), 'utf8')),
    'a lesson\'s still picture': render(['--lesson', 'reclaim-policy']),
  };
  for (const [width, height, scheme] of [[1280, 900, 'light'], [390, 844, 'dark']]) {
    const { page, problems, close } = await launch({ width, height }, scheme);
    try {
      for (const [name, markup] of Object.entries(widgets)) {
        const inlined = markup.match(/<style>([\s\S]*?)<\/style>/)[1];
        assert.ok(inlined.length < whole.length / 3, `${name}: ${inlined.length} bytes of CSS inlined`);
        const withWhole = markup.replace(`<style>${inlined}</style>`, () => `<style>${whole}</style>`);
        // Each alone at the same place: pixels at another offset round differently.
        const shot = async (html, path) => {
          await page.setContent(`<!doctype html><html lang="en"><body style="margin: 0">${html}</body></html>`);
          return page.locator('[data-pv-playground]').screenshot({ path });
        };
        const file = join(ROOT, 'target', 'e2e', `embed-inlined-${name.replace(/\W+/g, '-')}-${width}-${scheme}.png`);
        const [a, b] = [await shot(markup, file), await shot(withWhole)];
        assert.ok(a.equals(b), `${name} at ${width} px, ${scheme}: the inlined sections draw it otherwise`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});

test('a prerendered lesson or scenario keeps its place when the playground starts, with or without data-height: nothing below moves', async () => {
  const cases = [
    ['a lesson with data-height', ['--lesson', 'reclaim-policy', '--height', '640px'], '.pvp-lesson'],
    ['a lesson without data-height', ['--lesson', 'reclaim-policy'], '.pvp-lesson'],
    ['a scenario without data-height', [join(ROOT, 'www', 'examples', 'scenario.yaml')], '.pvp-panes'],
  ];
  for (const [name, args, playground] of cases) {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lesson</title></head>
      <body style="margin: 0 1em"><p>Above.</p>${render(args)}
      <p id="below">Below.</p><script type="module" src="../pv-playground-embed.js"></script></body></html>`;
    const below = async (block) => {
      const { page, problems, close } = await launch();
      try {
        await page.route('**/examples/lesson-height.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
        if (block) await page.route('**/pv-playground-embed.js', (route) => route.abort());
        await page.goto(new URL('examples/lesson-height.html', site.url).href);
        // The playground (its root is .pvp; the still picture has none).
        if (!block) await page.locator(`[data-pv-playground] .pvp ${playground}`).first().waitFor();
        const box = await page.locator('#below').boundingBox();
        if (!block) assert.deepEqual(problems, []);
        return box.y;
      } finally {
        await close();
      }
    };
    const still = await below(true);
    const live = await below(false);
    assert.equal(live, still, `${name}: the text below the widget moved from ${still} to ${live} px`);
  }
});

test('an explainer over a StatefulSet is drawn by the full module, since the lean one has no workload controllers', async () => {
  const { page, problems, close } = await open('examples/two-widgets.html');
  try {
    const set = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: ebs.csi.aws.com
---
apiVersion: v1
kind: Node
metadata: {name: node-a}
---
${webStatefulSet({ namespace: 'shop', replicas: 2, className: 'fast' })}`;
    const state = await page.evaluate(async (yaml) => {
      const { mount } = await import('/pv-playground-embed.js');
      const element = document.body.appendChild(document.createElement('div'));
      const handle = await mount(element, { yaml, view: 'flow', readonly: true });
      // The lean module itself declines it (its engine has no StatefulSet controller).
      const lean = await import('/pv-explainer.js');
      await lean.default();
      const declined = lean.mountExplainer(document.createElement('div'), ['yaml', 'view'], [yaml, 'flow'], false, undefined);
      return {
        compact: element.shadowRoot.querySelector('.pvp-embed.pvp-compact .pvp-explainer [data-node="claim"]') !== null,
        claims: handle.state().claims,
        leanDeclined: declined === undefined,
      };
    }, set);
    assert.equal(state.compact, true, 'the compact explainer, not the full flow view');
    assert.deepEqual(Object.keys(state.claims).sort(), ['shop/www-web-0', 'shop/www-web-1']);
    assert.equal(state.claims['shop/www-web-0'].phase, 'Bound');
    assert.equal(state.leanDeclined, true);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the JS API mounts, applies, reads the state and unmounts; added and removed elements follow', async () => {
  const { page, problems, close } = await open('examples/two-widgets.html');
  try {
    const result = await page.evaluate(async (claim) => {
      const { mount, mounted } = await import('/pv-playground-embed.js');
      const element = document.createElement('div');
      element.id = 'api';
      document.body.append(element);
      const handle = await mount(element, { view: 'tables', readonly: true, yaml: '' });
      const empty = handle.state();
      const written = handle.apply(
        claim.replace('storageClassName: fast-ssd', 'storageClassName: ""'),
      );
      const after = handle.state();
      const mermaid = { flowchart: handle.mermaid(), cluster: handle.mermaid('cluster') };
      let refused = '';
      try {
        handle.apply('kind: PersistentVolumeClaim\nmetadata: {name: [}\n');
      } catch (error) {
        refused = error.message;
      }
      const tables = element.shadowRoot.querySelectorAll('.pvp-kubectl').length;
      // state() is current at once; the drawing follows on the next render.
      const drawn = () => element.shadowRoot.querySelector('.pvp-cluster')?.textContent ?? '';
      for (let i = 0; i < 50 && !drawn().includes('logs'); i++) {
        await new Promise((ok) => setTimeout(ok, 20));
      }
      const rows = drawn();
      handle.unmount();
      handle.unmount(); // twice is harmless
      // After unmount the handle says so, whatever is called.
      const gone = [];
      for (const call of [() => handle.apply(claim), () => handle.state(), () => handle.mermaid()]) {
        try {
          call();
          gone.push('no error');
        } catch (error) {
          gone.push(error.message);
        }
      }
      return {
        empty, written, after, mermaid, refused, tables, rows, gone,
        leftover: element.shadowRoot.childNodes.length,
        known: mounted(element) === undefined,
      };
    }, CLAIM);
    assert.deepEqual(result.empty.claims, {});
    assert.equal(result.written, 1);
    assert.equal(result.after.claims['web/logs'].phase, 'Pending');
    assert.match(result.after.yaml, /name: logs/);
    assert.match(result.refused, /^line 2, column \d+: /);
    assert.match(result.mermaid.flowchart, /^flowchart TD\n/);
    assert.match(result.mermaid.flowchart, /web\/logs/, 'the flowchart of the widget\'s claim');
    assert.match(result.mermaid.cluster, /^flowchart /);
    assert.equal(result.tables, 3, 'kubectl get pv, get pvc and the events');
    assert.match(result.rows, /logs/);
    assert.equal(result.leftover, 0, 'nothing left in the element after unmount');
    assert.deepEqual(result.gone, Array(3).fill(
      'this widget was unmounted; mount it again (pvPlayground.mount) to use it'));
    assert.ok(result.known, 'the script forgot the unmounted widget');

    // An element added later is mounted; removed, it is unmounted.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend',
        '<section id="late"><div data-pv-playground data-view="cluster" id="later"></div></section>');
    });
    // Below the fold it starts when the reader scrolls near.
    await page.locator('#later').scrollIntoViewIfNeeded();
    await page.locator('#later .pvp-graph [data-node]').first().waitFor();
    const removed = await page.evaluate(async () => {
      const element = document.getElementById('later');
      document.getElementById('late').remove();
      await new Promise((ok) => setTimeout(ok, 100));
      return element.shadowRoot.childNodes.length;
    });
    assert.equal(removed, 0);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('auto follows the host: a class on <html>, Docusaurus data-theme, then the system', async () => {
  const { page, problems, close } = await open('examples/two-widgets.html');
  try {
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend',
      '<div data-pv-playground data-theme="light" data-view="tables" id="fixed"></div>'));
    await page.locator('#fixed').scrollIntoViewIfNeeded();
    await page.locator('#fixed .pvp-kubectl').first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    assert.equal(await background(page, '#static'), LIGHT_BG);
    await page.getByRole('button', { name: 'Dark page' }).click(); // <html class="dark">
    await page.waitForFunction(() =>
      getComputedStyle(document.querySelector('#static').shadowRoot.firstChild).backgroundColor === 'rgb(13, 17, 23)');
    assert.equal(await background(page, '#dynamic'), DARK_BG);
    assert.equal(await background(page, '#fixed'), LIGHT_BG, 'data-theme="light" stays light');
    // The flowchart's lines turn light with the page.
    const edge = await page.locator('#static [data-edge="claim-decision"] path').first()
      .evaluate((e) => getComputedStyle(e).stroke);
    assert.notEqual(edge, 'rgb(51, 51, 51)');
    await screenshot(page, 'embed-dark');

    // Docusaurus: data-theme on <html> wins over a class.
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
    await page.waitForFunction(() =>
      getComputedStyle(document.querySelector('#static').shadowRoot.firstChild).backgroundColor === 'rgb(255, 255, 255)');
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await page.waitForFunction(() =>
      getComputedStyle(document.querySelector('#dynamic').shadowRoot.firstChild).backgroundColor === 'rgb(13, 17, 23)');

    // No signal from the host: the system's preference, as it changes.
    await page.evaluate(() => {
      document.documentElement.removeAttribute('data-theme');
      document.documentElement.className = '';
    });
    assert.equal(await background(page, '#static'), LIGHT_BG);
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await background(page, '#static'), DARK_BG);
    assert.equal(await background(page, '#fixed'), LIGHT_BG);
    assert.deepEqual(await accessibilityProblems(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the host's CSS does not reach into a widget, and the widget's does not leak out", async () => {
  const { page, problems, close } = await open('examples/two-widgets.html');
  try {
    await page.addStyleTag({
      content: `* { color: red !important; font-size: 30px !important; background: yellow !important; }
        body { letter-spacing: 4px; text-transform: uppercase; line-height: 3; font-family: serif; }
        button, select, label { border: 5px dashed red !important; }`,
    });
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend',
      '<p class="pvp-notice pvp-why" id="host-notice">A host paragraph with the widget\'s class names.</p>'));
    const inside = await page.locator('#dynamic .pvp-picker label').evaluate((e) => {
      const s = getComputedStyle(e);
      return [s.color, s.fontSize, s.letterSpacing, s.textTransform, s.borderTopStyle, s.fontFamily];
    });
    // The widget's own type scale (a label is 0.875 of its 16 px), whatever the host says.
    assert.deepEqual(inside.slice(0, 5), ['rgb(31, 35, 40)', '14px', 'normal', 'none', 'none']);
    assert.match(inside[5], /Arial/);
    assert.equal(await background(page, '#dynamic'), LIGHT_BG);
    // The compact explainer takes the host's font on purpose (it sits in prose); the host's
    // rules still do not reach its parts.
    const explainer = await page.locator('#static .pvp-x-status').evaluate((e) => {
      const s = getComputedStyle(e);
      return [s.color, s.backgroundColor, s.textTransform];
    });
    assert.deepEqual(explainer, ['rgb(31, 35, 40)', 'rgba(0, 0, 0, 0)', 'none']);
    const outside = await page.locator('#host-notice').evaluate((e) => getComputedStyle(e).borderLeftStyle);
    assert.equal(outside, 'none', "the widget's .pvp-notice rule stays in its shadow root");
    await screenshot(page, 'embed-hostile-css');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a bad attribute, manifests or scenario shows a message in that widget only', async () => {
  const { page, problems, close } = await open('examples/two-widgets.html');
  try {
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', `
      <div data-pv-playground data-view="bogus" data-height="lots" id="bad-attributes"></div>
      <div data-pv-playground id="bad-yaml"><script type="application/yaml">
        kind: PersistentVolumeClaim
        metadata: {name: [}
      </script></div>
      <div data-pv-playground data-lesson="no-such-lesson" id="lesson"></div>
      <div data-pv-playground id="failing"><script type="application/yaml">
        name: failing
        steps:
          - expect:
              claims: {default/nothing: {phase: Bound}}
      </script></div>
      <div data-pv-playground data-scenario="missing.yaml" id="missing"></div>`));
    // Far below the fold they would wait for the reader: start them now.
    await page.evaluate(() => ['bad-attributes', 'bad-yaml', 'lesson', 'failing', 'missing']
      .forEach((id) => globalThis.pvPlayground.mounted(document.getElementById(id))?.catch(() => {})));
    const message = async (id) => {
      const alert = page.locator(`#${id} [role="alert"]`);
      await alert.waitFor();
      return alert.textContent();
    };
    assert.equal(await message('bad-attributes'),
      'data-view must be one of flow, cluster, tables, full; got "bogus"'
      + 'data-height must be a CSS length such as 600px, 40rem or 80vh; got "lots"');
    assert.match(await message('bad-yaml'), /^The manifests could not be applied:line 3, column \d+: /);
    assert.match(await message('lesson'), /^There is no built-in lesson called "no-such-lesson"; the lessons are: static-provisioning, /);
    assert.match(await message('failing'), /^The scenario fails at /);
    assert.match(await message('missing'), /The scenario "missing.yaml" could not be loaded: HTTP 404/);
    // The page's two widgets are untouched.
    assert.deepEqual(await claims(page, '#static'), ['shop/db-data']);
    assert.equal(await page.locator('#dynamic [data-node]').count() > 0, true);
    await page.locator('#bad-attributes').scrollIntoViewIfNeeded();
    await screenshot(page, 'embed-errors');
    assert.deepEqual(problems.filter((p) => !p.includes('missing.yaml') && !p.includes('404')), []);
  } finally {
    await close();
  }
});

test('a scenario URL that never answers says so after 10 s; a long attribute value is shortened', async () => {
  const { page, problems, close } = await open('examples/two-widgets.html');
  try {
    // A server that takes the request and never answers.
    await page.route('**/never-answers.yaml', () => {});
    const long = 'x'.repeat(1_000_000);
    await page.evaluate((view) => document.body.insertAdjacentHTML('beforeend', `
      <div data-pv-playground data-scenario="never-answers.yaml" id="silent"></div>
      <div data-pv-playground data-view="${view}" id="long"></div>`), long);
    // Widgets start when they come near the viewport.
    await page.locator('#long').scrollIntoViewIfNeeded();
    const long_alert = page.locator('#long [role="alert"]');
    await long_alert.waitFor();
    assert.equal(await long_alert.textContent(),
      `data-view must be one of flow, cluster, tables, full; got "${'x'.repeat(80)}"… (1000000 characters)`);
    assert.equal(await page.locator('#silent .pvp-embed').textContent(), 'Loading the scenario…');
    const started = Date.now();
    const silent = page.locator('#silent [role="alert"]');
    await silent.waitFor({ timeout: 20_000 });
    const waited = Date.now() - started;
    assert.equal(await silent.textContent(),
      'The scenario "never-answers.yaml" could not be loaded: it did not answer within 10 s (check the URL and that its server is up).');
    assert.ok(waited > 8_000, `it waited ${waited} ms`);
    assert.deepEqual(problems.filter((p) => !p.includes('never-answers')), []);
  } finally {
    await close();
  }
});

test('a data-lesson widget plays its lesson; a data-scenario widget shows where the scenario ends', async () => {
  const { page, problems, close } = await open('examples/two-widgets.html');
  try {
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', `
      <div data-pv-playground data-lesson="reclaim-policy" id="lesson"></div>
      <div data-pv-playground data-scenario="scenario.yaml" data-view="tables" id="scenario"></div>`));
    await page.evaluate(() => ['lesson', 'scenario']
      .forEach((id) => globalThis.pvPlayground.mounted(document.getElementById(id))));
    const lesson = page.locator('#lesson');
    await lesson.getByRole('heading', { name: 'Reclaim policy: Delete or Retain' }).waitFor();
    assert.match(await lesson.locator('.pvp-lesson h4').textContent(), /^Step 1 of \d+$/);
    await lesson.getByRole('button', { name: 'Next' }).click();
    assert.match(await lesson.locator('.pvp-lesson h4').textContent(), /^Step 2 of \d+$/);
    // The scenario's last step released the volume: its kubectl table says so.
    const pv = page.locator('#scenario table').first();
    await pv.waitFor();
    assert.match(await pv.textContent(), /pv-small.*Released/s);
    await lesson.scrollIntoViewIfNeeded();
    await screenshot(page, 'embed-lesson');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a widget that cannot start (its style sheet missing) says so inside itself', async () => {
  const { page, problems, close } = await launch();
  try {
    await page.route('**/style.css', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(new URL('examples/two-widgets.html', site.url).href);
    const alert = page.locator('#static [role="alert"]');
    await alert.waitFor();
    assert.equal(
      await alert.textContent(),
      'pv-playground could not start: its style sheet did not load (HTTP 404)',
    );
    // The failed load is reported (404, the failed request, the console), and nothing else.
    assert.ok(problems.length > 0, 'the failure is visible in the console');
    assert.deepEqual(problems.filter((p) => !/404|style sheet|style\.css/.test(p)), []);
  } finally {
    await close();
  }
});

test('at 360 px the page and its widgets fit the screen', async () => {
  const { page, problems, close } = await open('examples/two-widgets.html', { viewport: { width: 360, height: 740 } });
  try {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width} px wide`);
    await screenshot(page, 'embed-360px');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the mdBook book loads the script through additional-js and its widget follows the book's theme", async () => {
  assert.ok(existsSync(join(dist, 'examples', 'book', 'binding.html')),
    'the build made the book (needs mdbook: bash scripts/setup.sh)');
  const { page, problems, close } = await open('examples/book/binding.html', { widgets: 1 });
  try {
    const widget = 'main [data-pv-playground]';
    assert.deepEqual(await claims(page, widget), ['default/cache']);
    // data-readonly: nothing that changes objects.
    assert.equal(await page.locator(`${widget} button`, { hasText: 'Delete' }).count(), 0);
    // The explainer writes in the book's font, at the size of the chapter's text.
    const [inside, prose] = await Promise.all([
      page.locator(`${widget} .pvp-why li`).first().evaluate((e) => [getComputedStyle(e).fontSize, getComputedStyle(e).fontFamily]),
      page.locator('main p').first().evaluate((e) => [getComputedStyle(e).fontSize, getComputedStyle(e).fontFamily]),
    ]);
    assert.deepEqual(inside, prose);
    assert.equal(await background(page, widget), LIGHT_BG);
    await screenshot(page, 'embed-book');
    await page.locator('#mdbook-theme-toggle').click();
    await page.locator('#mdbook-theme-coal').click();
    await page.waitForFunction(() =>
      getComputedStyle(document.querySelector('main [data-pv-playground]').shadowRoot.querySelector('.pvp-embed')).backgroundColor === 'rgb(13, 17, 23)');
    await screenshot(page, 'embed-book-coal');
    // Back to a light theme (the menu's own button, clicked from script: the menu has closed).
    await page.locator('#mdbook-theme-rust').evaluate((button) => button.click());
    await page.waitForFunction(() =>
      getComputedStyle(document.querySelector('main [data-pv-playground]').shadowRoot.querySelector('.pvp-embed')).backgroundColor === 'rgb(255, 255, 255)');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
