//! The compact explainer (`data-view="flow"` or `"cluster"` over an author's manifests):
//! pv_core's explainer HTML (`pv_core::explainer::html`, the markup `pvsim render` prerenders)
//! set into the widget, and the reader's changes (a knob, another claim, Reset, Delete, Copy
//! as Mermaid) read from the controls' `data-knob` / `data-action` and sent to the explainer's
//! reducer. No Yew: this is all the lean widget build (`pv-explainer`) carries besides the
//! core, so an embedded flow widget downloads a fraction of the full playground
//! (BENCHMARKS.md).

use pv_core::embed::{mermaid_source, scheme, state_json, Initial, Settings, Source, Theme};
use pv_core::explainer::{html, same_markup, Change, Explainer, Look};
use pv_core::knobs::Field;
use pv_core::session::Action;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlSelectElement};

/// A DOM event listener kept alive by the widget.
type Listener = Closure<dyn FnMut(Event)>;

/// What one mounted explainer holds.
struct Inner {
    container: Element,
    look: Look,
    theme: Cell<Theme>,
    prefix: String,
    state: RefCell<Explainer>,
    /// The listeners, dropped (and so removed from JS) with the widget.
    listeners: RefCell<Vec<Listener>>,
}

// One mounted explainer, as the embedding script hands it to the page (the same handle
// methods as the full widget's: apply, state, mermaid, followHost, unmount).
#[wasm_bindgen]
pub struct ExplainerWidget {
    inner: Rc<Inner>,
}

// Mounts the explainer into `container` from option names and values (as `mountWidget`
// takes them), reusing `prefix` for its ids (a prerendered explainer's, so the live markup
// equals what the page already shows). Returns undefined when the settings ask for more than
// the explainer (a lesson, a scenario, another view), or, in the lean build, when the
// manifests hold workloads: the script then loads the full playground. Bad settings or
// manifests show their message in the widget.
//
// Both modules export it: the script loads the lean one for explainers, and the full one
// only for an explainer whose manifests hold workloads (the lean build has none).
#[wasm_bindgen(js_name = mountExplainer)]
pub fn mount_explainer(
    container: Element,
    keys: Vec<String>,
    values: Vec<String>,
    from_attributes: bool,
    prefix: Option<String>,
) -> Option<ExplainerWidget> {
    let options: Vec<(String, String)> = keys.into_iter().zip(values).collect();
    let settings = match Settings::read(&options, if from_attributes { "data-" } else { "" }) {
        Ok(settings) if !settings.is_explainer() => return None,
        Ok(settings) => settings,
        Err(problems) => {
            follow_host(&container, Theme::Auto);
            show_problems(&container, &problems);
            return Some(ExplainerWidget::inert(container));
        }
    };
    container.set_class_name("pvp-embed pvp-compact");
    follow_host(&container, settings.theme);
    if let Some(height) = &settings.height {
        // A validated CSS length: it cannot add declarations.
        let _ = container.set_attribute("style", &format!("--pvp-height:{height}"));
    }
    let Source::Ready(Initial::Manifests(text)) = &settings.source else {
        return None;
    };
    if pv_core::explainer::needs_workloads(text) {
        // The lean build's engine has no workload controllers: the full module draws it.
        return None;
    }
    let state = match Explainer::from_manifests(text) {
        Ok(state) => state,
        Err(problems) => {
            let mut lines = vec!["The manifests could not be applied:".to_owned()];
            lines.extend(problems.iter().map(|p| p.to_string()));
            show_problems(&container, &lines);
            return Some(ExplainerWidget::inert(container));
        }
    };
    let inner = Rc::new(Inner {
        container,
        look: settings.look,
        theme: Cell::new(settings.theme),
        prefix: prefix.unwrap_or_else(|| super::unique_prefix("x")),
        state: RefCell::new(state),
        listeners: RefCell::default(),
    });
    inner.render();
    for event in ["change", "click"] {
        let weak = Rc::downgrade(&inner);
        let listener = Listener::new(move |e: Event| {
            if let Some(inner) = weak.upgrade() {
                inner.on_event(&e);
            }
        });
        let _ = inner
            .container
            .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        inner.listeners.borrow_mut().push(listener);
    }
    Some(ExplainerWidget { inner })
}

impl Inner {
    /// Draws the state; markup the container already shows (a prerendered explainer) is left
    /// alone, and focus returns to the control that had it.
    fn render(&self) {
        let markup = html(&self.state.borrow(), &self.look, &self.prefix);
        // Compared as the browser serialises both (`selected=""`, quotes in text…).
        let parsed = self
            .container
            .owner_document()
            .and_then(|d| d.create_element("template").ok())
            .map(|template| {
                template.set_inner_html(&markup);
                template.inner_html()
            });
        if parsed.is_some_and(|p| same_markup(&self.container.inner_html(), &p)) {
            return;
        }
        let focused = self
            .container
            .get_root_node()
            .dyn_into::<web_sys::ShadowRoot>()
            .ok()
            .and_then(|root| root.active_element())
            .map(|e| e.id())
            .filter(|id| !id.is_empty());
        self.container.set_inner_html(&markup);
        if let Some(id) = focused {
            let element = self
                .container
                .query_selector(&format!("#{id}"))
                .ok()
                .flatten();
            if let Some(element) = element.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                let _ = element.focus();
            }
        }
    }

    fn change(&self, change: Change) {
        let next = self.state.borrow().apply(change);
        self.state.replace(next);
        self.render();
    }

    fn on_event(&self, event: &Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        if event.type_() == "change" {
            let Some(select) = target.dyn_ref::<HtmlSelectElement>() else {
                return;
            };
            if let Some(knob) = select.get_attribute("data-knob") {
                if let Some(field) = Field::knob(&knob) {
                    self.change(Change::Set(field, select.value()));
                }
            } else if select.get_attribute("data-action").as_deref() == Some("select") {
                self.change(Change::Select(select.value()));
            }
            return;
        }
        let action = target
            .closest("button[data-action]")
            .ok()
            .flatten()
            .and_then(|b| b.get_attribute("data-action"));
        match action.as_deref() {
            Some("reset") => self.change(Change::Reset),
            Some("delete") => self.change(Change::DeleteClaim),
            Some("mermaid") => self.copy_mermaid(),
            _ => {}
        }
    }

    /// Copies the followed claim's flowchart (the cluster graph in a cluster view) as Mermaid
    /// source and says what happened.
    fn copy_mermaid(&self) {
        let what = if self.look.cluster {
            "cluster"
        } else {
            "flowchart"
        };
        let source = mermaid_source(&self.state.borrow().session, what).ok();
        let (Some(source), Some(window)) = (source, web_sys::window()) else {
            return;
        };
        let note = self.container.query_selector(".pvp-x-note").ok().flatten();
        let promise = window.navigator().clipboard().write_text(&source);
        wasm_bindgen_futures::spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            if let Some(note) = note {
                note.set_text_content(Some(if copied {
                    "Mermaid source copied to the clipboard."
                } else {
                    "The browser refused the clipboard: select the diagram's text or use the playground's page."
                }));
            }
        });
    }
}

impl ExplainerWidget {
    /// A widget that shows a message and does nothing else.
    fn inert(container: Element) -> ExplainerWidget {
        ExplainerWidget {
            inner: Rc::new(Inner {
                container,
                look: Look::default(),
                theme: Cell::new(Theme::Auto),
                prefix: String::new(),
                state: RefCell::new(
                    Explainer::from_manifests("")
                        .unwrap_or_else(|_| unreachable!("empty text applies")),
                ),
                listeners: RefCell::default(),
            }),
        }
    }
}

// Plain comments on exported items: wasm-bindgen copies doc comments into the page's JS.
#[wasm_bindgen]
impl ExplainerWidget {
    // Applies manifests to the widget's cluster (all or nothing, as the full widget does);
    // "Back to the author's claim" returns to the author's objects.
    pub fn apply(&self, yaml: &str) -> Result<usize, JsError> {
        let state = self.inner.state.borrow().clone();
        let plan = state.session.prepare_apply(yaml);
        if !plan.problems.is_empty() {
            let lines: Vec<String> = plan.problems.iter().map(|p| p.to_string()).collect();
            return Err(JsError::new(&lines.join("\n")));
        }
        let written = plan.writes().len();
        if let Some(checked) = plan.checked.filter(|_| written > 0) {
            let session = state.session.apply(Action::Commit(Box::new(checked)));
            self.inner.state.replace(state.with_session(session));
            self.inner.render();
        }
        Ok(written)
    }

    // The state as JSON text (`pv_core::embed::state_json`).
    pub fn state(&self) -> String {
        state_json(&self.inner.state.borrow().session)
    }

    // Mermaid source: "flowchart" (the followed claim's, its route styled) or "cluster".
    pub fn mermaid(&self, what: &str) -> Result<String, JsError> {
        mermaid_source(&self.inner.state.borrow().session, what).map_err(|why| JsError::new(&why))
    }

    // Takes the host page's theme again (an `auto` widget only changes).
    #[wasm_bindgen(js_name = followHost)]
    pub fn follow_host(&self) {
        follow_host(&self.inner.container, self.inner.theme.get());
    }

    // Removes the listeners and empties the container.
    pub fn unmount(self) {
        for listener in self.inner.listeners.take() {
            for event in ["change", "click"] {
                let _ = self
                    .inner
                    .container
                    .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
        }
        self.inner.container.set_text_content(None);
    }
}

/// Sets the container's `data-scheme` from the host page's theme (`theme` auto) or the
/// widget's own; without a signal the style sheet follows the system.
pub(crate) fn follow_host(container: &Element, theme: Theme) {
    let html = container
        .owner_document()
        .and_then(|d| d.document_element());
    let (class, data_theme) = html.map_or((String::new(), None), |h| {
        (h.class_name(), h.get_attribute("data-theme"))
    });
    let _ = match scheme(theme, &class, data_theme.as_deref()) {
        Some(Theme::Dark) => container.set_attribute("data-scheme", "dark"),
        Some(_) => container.set_attribute("data-scheme", "light"),
        None => container.remove_attribute("data-scheme"),
    };
}

/// The widget's message instead of the playground.
pub(crate) fn show_problems(container: &Element, problems: &[String]) {
    let Some(document) = container.owner_document() else {
        return;
    };
    container.set_text_content(None);
    let Ok(alert) = document.create_element("div") else {
        return;
    };
    alert.set_class_name("pvp-embed-error");
    let _ = alert.set_attribute("role", "alert");
    for problem in problems {
        if let Ok(line) = document.create_element("p") {
            line.set_text_content(Some(problem));
            let _ = alert.append_child(&line);
        }
    }
    let _ = container.append_child(&alert);
}
