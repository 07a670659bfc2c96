// Types of pv-playground's embedding script (pv-playground-embed.js): the JS API and the
// <pv-playground> custom element. See docs/embedding.md.

/** A widget's settings: the `data-*` attributes' names without `data-`. */
export interface Options {
  /** Manifests (one or more documents) or a scenario (a top-level `steps:` key). */
  yaml?: string;
  /** A built-in lesson's name (`lessons/*.yaml`, e.g. `reclaim-policy`). */
  lesson?: string;
  /** URL of a scenario file, relative to the page. */
  scenario?: string;
  /** Which parts show; `flow` over manifests is the compact explainer. Default `full`. */
  view?: 'flow' | 'cluster' | 'tables' | 'full';
  /** The reader cannot change objects (no forms, no Delete). */
  readonly?: boolean;
  /** Colours: fixed, or following the host page (default `auto`). */
  theme?: 'light' | 'dark' | 'auto';
  /** A CSS length (`600px`, `40rem`, `80vh`, `100%`): the widget's height. */
  height?: string;
  /** The explainer's knobs: fields of the claim readers may flip, comma-separated. */
  knobs?: string;
  /** Show the claim's spec (YAML) beside the explainer's diagram, its deciding field marked. */
  manifest?: boolean;
  /** Offer "Copy as Mermaid" in the explainer. */
  mermaid?: boolean;
}

/** A claim's phase and the volume it is bound to. */
export interface ClaimState {
  phase: 'Pending' | 'Bound' | 'Lost';
  volume: string | null;
}

/** A volume's phase and the claim it is bound to (`namespace/name`). */
export interface VolumeState {
  phase: 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';
  claim: string | null;
}

/** A pod's phase and node. */
export interface PodState {
  phase: string | null;
  node: string | null;
}

/** What `state()` returns. */
export interface State {
  /** The control loop has reached a steady state. */
  settled: boolean;
  /** Controller passes run. */
  passes: number;
  /** Keyed `namespace/name`. */
  claims: Record<string, ClaimState>;
  /** Keyed by name. */
  volumes: Record<string, VolumeState>;
  /** Keyed `namespace/name`. */
  pods: Record<string, PodState>;
  /** Every object as YAML, readable by `apply`. */
  yaml: string;
}

/** A mounted widget. */
export interface Widget {
  /**
   * Applies manifests, all or nothing; returns how many objects were written. Throws an Error
   * whose message lists every problem ("line 3, column 7: …") and changes nothing.
   */
  apply(yaml: string): number;
  /** The widget's cluster now. */
  state(): State;
  /** Mermaid source of the followed claim's live flowchart, or of the cluster graph. */
  mermaid(what?: 'flowchart' | 'cluster'): string;
  /** Destroys the widget and empties its shadow root. */
  unmount(): void;
}

/**
 * Mounts a widget in `element` now (replacing one it had). Without `options` the element's
 * attributes and inline `<script type="application/yaml">` are read. Resolves once the widget
 * runs, or shows why it cannot, so the handle's methods work at once.
 */
export function mount(element: Element, options?: Options): Promise<Widget>;

/**
 * The widget the script mounted in `element` (starting it now if it was waiting to come
 * near the viewport), or undefined if the element is no widget.
 */
export function mounted(element: Element): Promise<Widget> | undefined;

/** `<pv-playground view="flow" knobs="request" readonly>` … `</pv-playground>`. */
export interface PvPlaygroundElement extends HTMLElement {}

declare global {
  interface HTMLElementTagNameMap {
    'pv-playground': PvPlaygroundElement;
  }
  // Classic scripts (mdBook's additional-js) find the same functions here.
  // eslint-disable-next-line no-var
  var pvPlayground: { mount: typeof mount; mounted: typeof mounted } | undefined;
}
