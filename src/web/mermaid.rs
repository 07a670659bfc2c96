//! "Copy as Mermaid" under a diagram: the diagram's Mermaid source (`diagram::to_mermaid`,
//! with the live path when there is one) copied to the clipboard and shown in a read-only
//! text area, so an author can paste it into docs even where the clipboard is refused.

use super::persistence;
use pv_core::diagram::{to_mermaid, Graph, Path};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MermaidExportProps {
    /// What is exported, for the button's and the text area's names ("flowchart").
    pub what: AttrValue,
    pub graph: Rc<Graph>,
    #[prop_or_default]
    pub path: Option<Rc<Path>>,
}

#[function_component(MermaidExport)]
pub fn mermaid_export(props: &MermaidExportProps) -> Html {
    let id = use_memo((), |_| super::unique_prefix("mermaid"));
    let shown = use_state(|| false);
    let notice = use_state(|| None::<String>);
    // Written only while shown: a 200-object cluster graph is not worth writing on every change.
    let source = use_memo(
        (props.graph.clone(), props.path.clone(), *shown),
        |(graph, path, shown)| shown.then(|| to_mermaid(graph, path.as_deref())),
    );
    let on_copy = {
        let (graph, path) = (props.graph.clone(), props.path.clone());
        let (shown, notice) = (shown.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            let text = to_mermaid(&graph, path.as_deref());
            shown.set(true);
            let notice = notice.clone();
            wasm_bindgen_futures::spawn_local(async move {
                notice.set(Some(match persistence::copy_text(&text).await {
                    Ok(()) => "Mermaid source copied to the clipboard.".to_owned(),
                    Err(why) => format!("Could not copy: {why}. Select the text and copy it."),
                }));
            });
        })
    };
    let on_hide = {
        let (shown, notice) = (shown.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            shown.set(false);
            notice.set(None);
        })
    };
    let what = &props.what;
    html! {
        <div class="pvp-mermaid">
            <p class="pvp-mermaid-actions">
                // Each name starts with the visible text (WCAG 2.5.3: voice users say what they see).
                <button type="button" onclick={on_copy} aria-label={format!("Copy as Mermaid (the {what})")}>
                    { "Copy as Mermaid" }
                </button>
                if *shown {
                    <button type="button" onclick={on_hide} aria-controls={id.to_string()}
                            aria-label={format!("Hide Mermaid (the {what})")}>{ "Hide Mermaid" }</button>
                }
            </p>
            if let Some(text) = source.as_ref() {
                <label for={id.to_string()}>{ format!("Mermaid source of the {what}") }</label>
                <textarea id={id.to_string()} class="pvp-mermaid-source" rows="8" readonly=true
                          spellcheck="false" autocomplete="off" value={text.clone()} />
            }
            if let Some(message) = &*notice {
                <p class="pvp-mermaid-notice" role="status">{ message.clone() }</p>
            }
        </div>
    }
}
