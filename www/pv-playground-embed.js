// pv-playground's embedding script (an ES module; `trunk build --release` copies it into dist/
// beside the wasm and the style sheet it loads). It mounts every <div data-pv-playground> on
// the page, and those added later, each in its own shadow root with its own state; unmounts
// the ones removed; keeps `data-theme="auto"` widgets on the host's theme; and exports
// mount(element, options) for pages that drive widgets from their own script. Attributes and
// options are read and checked by the wasm (src/embed.rs): this file only moves them.
import init, { mountWidget } from './pv-playground.js';

const SELECTOR = '[data-pv-playground]';
const ready = init();
// One parsed style sheet, adopted by every widget's shadow root.
const sheet = fetch(new URL('style.css', import.meta.url))
  .then((response) => {
    if (!response.ok) throw new Error(`its style sheet did not load (HTTP ${response.status})`);
    return response.text();
  })
  .then((css) => new CSSStyleSheet().replace(css));
// Each mount awaits the sheet and shows its failure in the widget; this only keeps the
// browser from also reporting the rejection as unhandled before the first mount awaits it.
sheet.catch(() => {});
/** element → Promise of its handle */
const widgets = new Map();

/** The element's data-* attributes without "data-", and its inline YAML as `yaml`. */
function attributes(element) {
  const pairs = [...element.attributes]
    .filter((a) => a.name.startsWith('data-') && a.name !== 'data-pv-playground')
    .map((a) => [a.name.slice(5), a.value]);
  const yaml = element.querySelector(':scope > script[type="application/yaml"]');
  if (yaml) pairs.push(['yaml', yaml.textContent]);
  return pairs;
}

/**
 * Mounts a widget in `element` (again, if it had one) and resolves to its handle:
 * { apply(yaml) → number of objects written (throws with every problem, nothing applied),
 *   state() → { settled, passes, claims, volumes, pods, yaml },
 *   mermaid('flowchart' | 'cluster') → Mermaid source of the live flowchart or the cluster
 *   graph, unmount() }.
 * Without `options`, the element's data-* attributes and inline YAML script are read;
 * options take the same names: { lesson, scenario, yaml, view, readonly, theme, height }.
 */
export function mount(element, options) {
  const previous = widgets.get(element);
  const handle = (async () => {
    if (previous) (await previous.catch(() => null))?.unmount();
    const pairs = options
      ? Object.entries(options)
          .filter(([, value]) => value !== undefined && value !== null && value !== false)
          .map(([key, value]) => [key, value === true ? '' : String(value)])
      : attributes(element);
    await ready;
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [await sheet];
    const container = document.createElement('div');
    root.replaceChildren(container);
    const widget = mountWidget(
      container,
      pairs.map(([key]) => key),
      pairs.map(([, value]) => value),
      !options,
    );
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
        if (widgets.get(element) === handle) widgets.delete(element);
      },
    };
  })();
  widgets.set(element, handle);
  return handle;
}

/** The handle of the widget in `element` (mounted from its attributes or by mount()), if any. */
export function mounted(element) {
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

function mountAll(node) {
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const found = node.matches(SELECTOR) ? [node] : [];
  for (const element of [...found, ...node.querySelectorAll(SELECTOR)]) {
    if (!widgets.has(element)) mount(element).catch((error) => showFailure(element, error));
  }
}

function unmountRemoved() {
  for (const [element, handle] of widgets) {
    if (!element.isConnected) handle.then((h) => h.unmount(), () => widgets.delete(element));
  }
}

new MutationObserver((records) => {
  // While the page is still being parsed a widget's inline script may not be there yet:
  // DOMContentLoaded mounts those.
  if (document.readyState === 'loading') return;
  for (const record of records) record.addedNodes.forEach(mountAll);
  if (records.some((record) => record.removedNodes.length > 0)) unmountRemoved();
}).observe(document.documentElement, { childList: true, subtree: true });

// mdBook switches themes with <html>'s class, Docusaurus with its data-theme.
new MutationObserver(() => {
  for (const handle of widgets.values()) handle.then((h) => h.followHost(), () => {});
}).observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme'] });

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => mountAll(document.documentElement));
} else {
  mountAll(document.documentElement);
}

// For classic scripts (mdBook's additional-js loads files that way): window.pvPlayground.
globalThis.pvPlayground = { mount, mounted };
