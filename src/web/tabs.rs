//! A tab list as WAI-ARIA's Tabs pattern has it (automatic activation): the list is one tab
//! stop, the selected tab; Left and Right (or Up and Down) move to the previous or next tab
//! and show it, Home and End to the first and last. Each tab controls the panel whose
//! attributes [`panel_attrs`] gives; the panels themselves are the caller's.

use std::rc::Rc;
use yew::prelude::*;

/// One tab: its stable id (its address, the stem of its element ids) and its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TabSpec {
    pub id: &'static str,
    pub label: &'static str,
}

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    /// The list's accessible name ("See", "Act").
    pub label: AttrValue,
    /// Prefix of the tabs' and panels' element ids (unique per widget).
    pub prefix: AttrValue,
    pub tabs: Rc<Vec<TabSpec>>,
    pub selected: &'static str,
    pub on_select: Callback<&'static str>,
}

pub fn tab_element_id(prefix: &str, id: &str) -> String {
    format!("{prefix}-tab-{id}")
}

pub fn panel_element_id(prefix: &str, id: &str) -> String {
    format!("{prefix}-panel-{id}")
}

#[function_component(Tabs)]
pub fn tabs(props: &TabsProps) -> Html {
    let list = use_node_ref();
    // The tab the keyboard moved to: focused after the render that shows it.
    let focus = use_mut_ref(|| None::<&'static str>);
    {
        let (list, focus) = (list.clone(), focus.clone());
        use_effect(move || {
            if let Some(id) = focus.borrow_mut().take() {
                let tab = list.cast::<web_sys::Element>().and_then(|l| {
                    l.query_selector(&format!("[data-tab='{id}']"))
                        .ok()
                        .flatten()
                });
                if let Some(tab) =
                    tab.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
                {
                    let _ = tab.focus();
                }
            }
        });
    }
    let on_key = {
        let (tabs, selected, on_select, focus) = (
            props.tabs.clone(),
            props.selected,
            props.on_select.clone(),
            focus.clone(),
        );
        Callback::from(move |event: KeyboardEvent| {
            let last = tabs.len().saturating_sub(1);
            let at = tabs.iter().position(|t| t.id == selected).unwrap_or(0);
            let next = match event.key().as_str() {
                "ArrowRight" | "ArrowDown" => {
                    if at == last {
                        0
                    } else {
                        at + 1
                    }
                }
                "ArrowLeft" | "ArrowUp" => {
                    if at == 0 {
                        last
                    } else {
                        at - 1
                    }
                }
                "Home" => 0,
                "End" => last,
                _ => return,
            };
            event.prevent_default();
            if let Some(tab) = tabs.get(next) {
                *focus.borrow_mut() = Some(tab.id);
                on_select.emit(tab.id);
            }
        })
    };
    html! {
        <div class="pvp-tablist" role="tablist" aria-label={props.label.clone()} ref={list} onkeydown={on_key}>
            { for props.tabs.iter().map(|tab| {
                let selected = tab.id == props.selected;
                let on_click = {
                    let (on_select, id) = (props.on_select.clone(), tab.id);
                    Callback::from(move |_: MouseEvent| on_select.emit(id))
                };
                html! {
                    <button type="button" role="tab" class="pvp-tab" data-tab={tab.id}
                            id={tab_element_id(&props.prefix, tab.id)}
                            aria-selected={selected.to_string()}
                            aria-controls={panel_element_id(&props.prefix, tab.id)}
                            tabindex={if selected { "0" } else { "-1" }}
                            onclick={on_click}>
                        { tab.label }
                    </button>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TabPanelProps {
    pub prefix: AttrValue,
    pub id: &'static str,
    /// Kept in the page but not shown (its state lives on while another tab is shown).
    #[prop_or(false)]
    pub hidden: bool,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// The panel a tab controls: named by its tab, one tab stop (it scrolls, and keyboard users
/// must reach what it holds).
#[function_component(TabPanel)]
pub fn tab_panel(props: &TabPanelProps) -> Html {
    html! {
        <div role="tabpanel" class={classes!("pvp-tabpanel", props.class.clone())}
             id={panel_element_id(&props.prefix, props.id)}
             aria-labelledby={tab_element_id(&props.prefix, props.id)}
             tabindex="0" hidden={props.hidden} data-panel={props.id}>
            { props.children.clone() }
        </div>
    }
}
