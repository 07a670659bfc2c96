//! The embedding API's wasm side: `mountWidget` renders one widget (an [`App`] with the
//! settings `pv_core::embed` read from its attributes or options) into a container the
//! embedding script (`www/pv-playground-embed.js`) made inside the element's shadow root, and
//! returns a [`Widget`] handle: `apply`, `state`, `followHost`, `unmount`. A bad setting or
//! scenario shows its message inside that widget only.

use super::SessionState;
use super::{App, AppProps};
use super::explainer::{follow_host, show_problems};
use pv_core::embed::{mermaid_source, state_json, Initial, Settings, Source, Theme};
use pv_core::problem::quoted;
use pv_core::session::Action;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Element, RequestInit, Response};
use yew::prelude::*;
use yew::AppHandle;

/// The embedded app's session, for the handle: the app connects it when it renders. A
/// reducer handle reads the current state even between renders, so `state()` right after
/// `apply()` already shows the applied objects.
#[derive(Default)]
pub struct Bridge {
    session: RefCell<Option<UseReducerHandle<SessionState>>>,
    /// Set once the widget runs or shows why it cannot; `waiting` then are resolved.
    settled: Cell<bool>,
    waiting: RefCell<Vec<js_sys::Function>>,
}

impl Bridge {
    pub(super) fn connect(&self, session: &UseReducerHandle<SessionState>) {
        self.session.replace(Some(session.clone()));
        self.settle();
    }

    /// The widget runs, or shows why it does not: `mount()`'s promise may resolve. Yew draws
    /// an app in a later task than the one that mounted it (after a neighbour's pending
    /// render, for one), so a handle resolved earlier would not yet have a session.
    fn settle(&self) {
        self.settled.set(true);
        for resolve in self.waiting.take() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    }

    fn session(&self) -> Result<UseReducerHandle<SessionState>, JsError> {
        self.session
            .borrow()
            .clone()
            .ok_or_else(|| JsError::new("this widget did not start (see the message it shows)"))
    }
}

/// What the handle's methods say once the widget is unmounted.
const UNMOUNTED: &str = "this widget was unmounted; mount it again (pvPlayground.mount) to use it";

/// How long a `data-scenario` URL may take to answer.
const FETCH_TIMEOUT_MS: i32 = 10_000;

impl Widget {
    /// The widget's session, or why there is none (unmounted, or it never started).
    fn session(&self) -> Result<UseReducerHandle<SessionState>, JsError> {
        if !self.alive.get() {
            return Err(JsError::new(UNMOUNTED));
        }
        self.bridge.session()
    }
}

impl PartialEq for Bridge {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

// One mounted widget, as the embedding script's `mount()` hands it to the page.
#[wasm_bindgen]
pub struct Widget {
    container: Element,
    theme: Theme,
    bridge: Rc<Bridge>,
    app: Rc<RefCell<Option<AppHandle<App>>>>,
    /// False once unmounted, so a scenario fetched late is not drawn into a removed widget.
    alive: Rc<Cell<bool>>,
}

// Renders a widget into `container` from option names and values (`keys[i]` = `values[i]`):
// the element's `data-*` attributes without `data-` and its inline YAML as `yaml` when
// `from_attributes`, else the JS API's options.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    container: Element,
    keys: Vec<String>,
    values: Vec<String>,
    from_attributes: bool,
) -> Widget {
    let options: Vec<(String, String)> = keys.into_iter().zip(values).collect();
    container.set_class_name("pvp-embed");
    let mut widget = Widget {
        container,
        theme: Theme::Auto,
        bridge: Rc::default(),
        app: Rc::default(),
        alive: Rc::new(Cell::new(true)),
    };
    widget.follow_host();
    let settings = match Settings::read(&options, if from_attributes { "data-" } else { "" }) {
        Ok(settings) => settings,
        Err(problems) => {
            show_problems(&widget.container, &problems);
            widget.bridge.settle();
            return widget;
        }
    };
    widget.theme = settings.theme;
    widget.follow_host();
    if let Some(height) = settings.playground_height() {
        // A validated CSS length (or the default): it cannot add declarations.
        let _ = widget
            .container
            .set_attribute("style", &format!("height:{height};overflow:auto"));
    }
    let (container, app, bridge) = (
        widget.container.clone(),
        widget.app.clone(),
        widget.bridge.clone(),
    );
    let render = move |initial: Initial| {
        let props = AppProps {
            persist: false,
            initial,
            view: settings.view,
            readonly: settings.readonly,
            embedded: true,
            bridge: Some(bridge),
        };
        app.replace(Some(
            yew::Renderer::<App>::with_root_and_props(container, props).render(),
        ));
    };
    match settings.source {
        Source::Ready(initial) => render(initial),
        Source::Fetch(url) => {
            let (container, alive) = (widget.container.clone(), widget.alive.clone());
            let failed = widget.bridge.clone();
            container.set_text_content(Some("Loading the scenario…"));
            wasm_bindgen_futures::spawn_local(async move {
                let fetched = fetch_text(&url).await;
                if !alive.get() {
                    return;
                }
                container.set_text_content(None);
                match fetched {
                    Ok(text) => render(Initial::Scenario(text)),
                    Err(why) => {
                        show_problems(
                            &container,
                            &[format!(
                                "The scenario {} could not be loaded: {why}.",
                                quoted(&url)
                            )],
                        );
                        failed.settle();
                    }
                }
            });
        }
    }
    widget
}

// Plain comments on exported items: wasm-bindgen copies doc comments into the page's JS.
#[wasm_bindgen]
impl Widget {
    // Applies manifests as the YAML panel does (all or nothing; a read-only widget too: the
    // page's script is the author's). Returns how many objects were written; throws with
    // every problem, line and column first, when nothing was applied.
    pub fn apply(&self, yaml: &str) -> Result<usize, JsError> {
        let session = self.session()?;
        let plan = session.prepare_apply(yaml);
        if !plan.problems.is_empty() {
            let lines: Vec<String> = plan.problems.iter().map(|p| p.to_string()).collect();
            return Err(JsError::new(&lines.join("\n")));
        }
        let written = plan.writes().len();
        if let Some(checked) = plan.checked.filter(|_| written > 0) {
            session.dispatch(Action::Commit(Box::new(checked)));
        }
        Ok(written)
    }

    // Resolves once the widget runs (its first render) or shows why it cannot (a refused
    // setting, a scenario that did not load), or is unmounted: `mount()` waits for it.
    pub fn started(&self) -> js_sys::Promise {
        if self.bridge.settled.get() {
            return js_sys::Promise::resolve(&JsValue::UNDEFINED);
        }
        let bridge = self.bridge.clone();
        js_sys::Promise::new(&mut |resolve, _| bridge.waiting.borrow_mut().push(resolve))
    }

    // The state as JSON text (`pv_core::embed::state_json`); the script parses it.
    pub fn state(&self) -> Result<String, JsError> {
        Ok(state_json(&*self.session()?))
    }

    // Mermaid flowchart source of what the widget shows: `what` is "flowchart" (the live
    // flowchart of the claim it follows, its route styled) or "cluster" (the cluster graph).
    // Throws on another `what`, or for a flowchart when the cluster has no claim.
    pub fn mermaid(&self, what: &str) -> Result<String, JsError> {
        mermaid_source(&self.session()?.session, what).map_err(|why| JsError::new(&why))
    }

    // Takes the host page's theme again (the script calls it when `<html>`'s `class` or
    // `data-theme` changes); only an `auto` widget changes.
    #[wasm_bindgen(js_name = followHost)]
    pub fn follow_host(&self) {
        if self.alive.get() {
            follow_host(&self.container, self.theme);
        }
    }

    // Destroys the app (its listeners and state go with it) and empties the container; the
    // handle stays usable and its methods then say the widget was unmounted.
    pub fn unmount(&self) {
        if !self.alive.replace(false) {
            return;
        }
        self.bridge.session.replace(None);
        self.bridge.settle();
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.container.set_text_content(None);
    }
}

/// A file's text, fetched relative to the host page; a server that has not answered (and
/// sent the whole text) within [`FETCH_TIMEOUT_MS`] is given up.
async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let controller = AbortController::new().map_err(|_| "no AbortController".to_owned())?;
    let init = RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    let abort = {
        let controller = controller.clone();
        Closure::once_into_js(move || controller.abort())
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            abort.unchecked_ref(),
            FETCH_TIMEOUT_MS,
        )
        .ok();
    let timed_out = {
        let signal = controller.signal();
        move || signal.aborted()
    };
    let late = || {
        format!(
            "it did not answer within {} s (check the URL and that its server is up)",
            FETCH_TIMEOUT_MS / 1000
        )
    };
    let text = async {
        let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .map_err(|_| {
                if timed_out() {
                    late()
                } else {
                    "the request failed".to_owned()
                }
            })?
            .unchecked_into();
        if !response.ok() {
            return Err(format!("HTTP {}", response.status()));
        }
        let text = response.text().map_err(|_| "no text".to_owned())?;
        JsFuture::from(text)
            .await
            .map_err(|_| {
                if timed_out() {
                    late()
                } else {
                    "the response was cut off".to_owned()
                }
            })?
            .as_string()
            .ok_or_else(|| "the response is not text".to_owned())
    }
    .await;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    text
}
