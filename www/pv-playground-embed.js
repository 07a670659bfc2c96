// pv-playground's embedding script (an ES module; `trunk build --release` copies it into dist/
// beside the wasm modules and the style sheet). It finds every <div data-pv-playground> and
// <pv-playground> element on the page, and those added later, and makes each a live widget in
// its own shadow root when it comes near the viewport (or is touched, or asked for through
// mounted()), so nothing is downloaded for a widget far below the fold. A compact explainer
// (data-view="flow" or "cluster" over inline manifests) loads the lean module (pv-explainer.js, no Yew,
// no workload controllers; the full module draws an explainer over workloads); every other
// widget loads the full playground (pv-playground.js). A prerendered widget
// (`pvsim render`, `pvsim prerender`, the mdBook preprocessor) already shows its picture from
// the HTML, with no script: the live widget takes over the same markup in place. Removed widgets are unmounted;
// `data-theme="auto"` widgets follow the host's theme. Attributes and options are read and
// checked by the wasm (pv_core::embed): this file only moves them.

const SELECTOR = '[data-pv-playground], pv-playground';
/** How far outside the viewport a widget starts loading. */
const NEAR = '400px 0px';
const here = import.meta.url;

/** A wasm-bindgen module once its wasm is instantiated (its default export fetches it from
 * beside the module; written m['default'] because Trunk's minifier cannot read `.default`). */
async function initialised(m) {
  await m['default']();
  return m;
}

let fullModule;
let leanModule;
/** The full playground's module, initialised once. */
function full() {
  // Where the page's Web Worker files are (src/web/worker.rs), beside the module.
  globalThis.pvPlaygroundAssets ??= new URL('.', here).href;
  fullModule ??= import(new URL('pv-playground.js', here).href).then(initialised);
  return fullModule;
}
/** The lean explainer module (the full one does not draw explainers). */
function lean() {
  leanModule ??= import(new URL('pv-explainer.js', here).href).then(initialised);
  return leanModule;
}

let sheetPromise;
/** One parsed style sheet, adopted by every widget's shadow root (prerendered ones carry theirs). */
function sheet() {
  sheetPromise ??= fetch(new URL('style.css', here))
    .then((response) => {
      if (!response.ok) throw new Error(`its style sheet did not load (HTTP ${response.status})`);
      return response.text();
    })
    .then((css) => new CSSStyleSheet().replace(css));
  return sheetPromise;
}

/** element → Promise of its handle */
const widgets = new Map();

/** Whether `element` is the custom element (attributes without `data-`). */
const isCustom = (element) => element.localName === 'pv-playground';

/** The element's settings without "data-", and its inline YAML as `yaml`. */
function attributes(element) {
  const custom = isCustom(element);
  const pairs = [...element.attributes]
    .filter((a) => a.name !== 'data-pv-playground')
    .filter((a) => (custom ? !['id', 'class', 'style', 'slot', 'hidden'].includes(a.name) : a.name.startsWith('data-')))
    .map((a) => [a.name.replace(/^data-/, ''), a.value]);
  const yaml = element.querySelector(':scope > script[type="application/yaml"]');
  if (yaml) pairs.push(['yaml', yaml.textContent]);
  return pairs;
}

/** Options of the JS API as (name, value) pairs. */
function fromOptions(options) {
  return Object.entries(options)
    .filter(([, value]) => value !== undefined && value !== null && value !== false)
    .map(([key, value]) => [key, value === true ? '' : String(value)]);
}

/** A flow or cluster widget over inline manifests: the compact explainer may do (the wasm decides). */
function explainerCandidate(pairs) {
  const get = (name) => pairs.findLast(([key]) => key === name)?.[1];
  return ['flow', 'cluster'].includes(get('view')?.trim()) && get('yaml') !== undefined
    && get('lesson') === undefined && get('scenario') === undefined;
}

/** The handle the page gets, over either module's widget. */
function handleOf(element, root, widget, handlePromise) {
  let live = true;
  return {
    apply: (yaml) => widget.apply(String(yaml)),
    state: () => JSON.parse(widget.state()),
    mermaid: (what = 'flowchart') => widget.mermaid(String(what)),
    followHost: () => live && widget.followHost(),
    unmount() {
      if (!live) return;
      live = false;
      widget.unmount();
      root.replaceChildren();
      if (widgets.get(element) === handlePromise()) widgets.delete(element);
    },
  };
}

/**
 * Mounts a widget in `element` now (again, if it had one) and resolves to its handle:
 * { apply(yaml) → number of objects written (throws with every problem, nothing applied),
 *   state() → { settled, passes, claims, volumes, pods, yaml },
 *   mermaid('flowchart' | 'cluster') → Mermaid source, unmount() }.
 * Without `options`, the element's attributes and inline YAML script are read; options take
 * the same names: { lesson, scenario, yaml, view, readonly, theme, height, knobs, manifest, mermaid }.
 */
export function mount(element, options) {
  waiting.delete(element);
  observer.unobserve(element);
  const previous = widgets.get(element);
  let handle;
  handle = (async () => {
    if (previous) (await previous.catch(() => null))?.unmount();
    const pairs = options ? fromOptions(options) : attributes(element);
    const named = !options && !isCustom(element);
    const keys = pairs.map(([key]) => key);
    const values = pairs.map(([, value]) => value);
    // A prerendered explainer (`pvsim render`, `pvsim prerender`, the mdBook preprocessor): its
    // declarative shadow root already holds the styles and the markup, ids under its prefix.
    const prerendered = options
      ? undefined
      : [...(element.shadowRoot?.children ?? [])].find((e) => e.matches('.pvp-embed.pvp-compact'));
    if (explainerCandidate(pairs)) {
      // The lean module first; the full one for manifests with workloads (the lean has none).
      for (const module of [lean, full]) {
        const { mountExplainer } = await module();
        const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
        let container = prerendered;
        if (!container) {
          root.adoptedStyleSheets = [await sheet()];
          container = document.createElement('div');
          root.replaceChildren(container);
        }
        const prefix = prerendered?.querySelector(':scope > .pvp-explainer')?.dataset.prefix;
        const widget = mountExplainer(container, keys, values, named, prefix);
        if (widget) return handleOf(element, root, widget, () => handle);
      }
    }
    const { mountWidget } = await full();
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [await sheet()];
    const container = document.createElement('div');
    root.replaceChildren(container);
    const widget = mountWidget(container, keys, values, named);
    // Yew draws it in a later task: the handle works once it runs (or shows why it cannot).
    await widget.started();
    return handleOf(element, root, widget, () => handle);
  })();
  widgets.set(element, handle);
  return handle;
}

/**
 * The handle of the widget in `element` (mounted from its attributes or by mount()); a
 * widget still waiting to come near the viewport is started now.
 */
export function mounted(element) {
  if (waiting.has(element)) wake(element);
  return widgets.get(element);
}

/** A widget that could not start says why inside itself (and in the console). */
function showFailure(element, error) {
  console.error(error);
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = `pv-playground could not start: ${error?.message ?? error}`;
  root.replaceChildren(message);
}

/** Widgets found but not started: they start when near the viewport or touched. */
const waiting = new Set();
function wake(element) {
  if (!waiting.delete(element)) return;
  observer.unobserve(element);
  mount(element).catch((error) => showFailure(element, error));
}
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) if (entry.isIntersecting) wake(entry.target);
}, { rootMargin: NEAR });
const touched = (event) => {
  const element = event.composedPath().find((node) => waiting.has(node));
  if (element) wake(element);
};
for (const type of ['pointerdown', 'focusin', 'touchstart']) {
  document.addEventListener(type, touched, { capture: true, passive: true });
}

function schedule(element) {
  if (widgets.has(element) || waiting.has(element) || !element.isConnected) return;
  waiting.add(element);
  observer.observe(element);
}

function findAll(node) {
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  if (node.matches(SELECTOR)) schedule(node);
  node.querySelectorAll(SELECTOR).forEach(schedule);
}

function forgetRemoved() {
  for (const element of waiting) {
    if (!element.isConnected) {
      waiting.delete(element);
      observer.unobserve(element);
    }
  }
  for (const [element, handle] of widgets) {
    if (!element.isConnected) handle.then((h) => h.unmount(), () => widgets.delete(element));
  }
}

new MutationObserver((records) => {
  // While the page is still being parsed a widget's inline script may not be there yet:
  // DOMContentLoaded finds those.
  if (document.readyState === 'loading') return;
  for (const record of records) record.addedNodes.forEach(findAll);
  if (records.some((record) => record.removedNodes.length > 0)) forgetRemoved();
}).observe(document.documentElement, { childList: true, subtree: true });

// mdBook switches themes with <html>'s class, Docusaurus with its data-theme.
new MutationObserver(() => {
  for (const handle of widgets.values()) handle.then((h) => h.followHost(), () => {});
}).observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme'] });

// <pv-playground>: the same widget as <div data-pv-playground>, its settings as attributes
// without `data-` (view="flow", knobs="request", readonly…).
if (!customElements.get('pv-playground')) {
  customElements.define('pv-playground', class extends HTMLElement {
    connectedCallback() {
      if (document.readyState !== 'loading') schedule(this);
    }
  });
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => findAll(document.documentElement));
} else {
  findAll(document.documentElement);
}

// For classic scripts (mdBook's additional-js loads files that way): window.pvPlayground.
globalThis.pvPlayground = { mount, mounted };
