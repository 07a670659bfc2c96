//! What the browser tests share: mounting the app or a drawing in its own element, finding
//! elements, and acting as a user would (clicks, picks, key presses).

use pv_core::diagram::{layout, seed_flowchart, LayoutOptions};
use pv_playground::web::{App, DiagramView, DiagramViewProps};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlSelectElement, Node};

pub fn fresh_root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Mounts the seed flowchart, as the foundation draws it, in its own element.
pub async fn mount_seed() -> Element {
    let root = fresh_root();
    let graph = seed_flowchart();
    let placed = layout(&graph, &LayoutOptions::default());
    let props = yew::props!(DiagramViewProps {
        graph: Rc::new(graph),
        layout: Rc::new(placed),
        title: "How a claim gets a volume: static or dynamic provisioning",
    });
    yew::Renderer::<DiagramView>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

/// Mounts the app as the page opens: the demo at its steady state.
pub async fn mount_app() -> Element {
    let root = fresh_root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// Mounts the app and starts the demo again from freshly created objects in step mode (the
/// "Start over" menu's "Watch the demo being built"), so each Step runs one pass.
pub async fn mount_fresh_app() -> Element {
    let root = mount_app().await;
    click(&root, "Watch the demo being built, pass by pass").await;
    root
}

/// Shows the tab with this name (the see pane's or the act pane's), as a click on it does.
pub async fn open_tab(root: &Element, name: &str) {
    let tab = all(root, "[role='tab']")
        .into_iter()
        .find(|t| text(t) == name)
        .unwrap_or_else(|| panic!("a tab {name:?}"));
    tab.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

/// Clicks the button with this text.
pub async fn click(root: &Element, label: &str) {
    let button = all(root, "button")
        .into_iter()
        .find(|b| text(b) == label)
        .unwrap_or_else(|| panic!("a button {label:?}"));
    button.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

/// Chooses a claim in the app's picker, as a user would.
pub async fn pick_claim(root: &Element, claim: &str) {
    let select: HtmlSelectElement = one(root, ".pvp-picker select").dyn_into().unwrap();
    select.set_value(claim);
    let event = web_sys::Event::new("change").unwrap();
    select.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// The ids of the marked nodes (or edges) in document order.
pub fn marked(root: &Element, attr: &str, value: &str) -> Vec<String> {
    attribute_values(root, &format!("[{attr}][data-taken='{value}']"), attr)
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n: Node| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
        .collect()
}

pub fn one(root: &Element, selector: &str) -> Element {
    let found = all(root, selector);
    assert_eq!(found.len(), 1, "exactly one {selector}");
    found.into_iter().next().unwrap()
}

/// The values of `attr` on every element matching `selector`, in document order.
pub fn attribute_values(root: &Element, selector: &str, attr: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .filter_map(|e| e.get_attribute(attr))
        .collect()
}

pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// Presses a key with Ctrl (and Shift) on `target`, as a keyboard user would.
pub async fn press_ctrl(target: &Element, key: &str, shift: bool) {
    press_key(target, key, true, shift).await
}

/// Presses a key (no modifier) on `target`.
pub async fn press(target: &Element, key: &str) {
    press_key(target, key, false, false).await
}

async fn press_key(target: &Element, key: &str, ctrl: bool, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// Clicks the button with this accessible name (its aria-label).
pub async fn click_labelled(root: &Element, label: &str) {
    let button = one(root, &format!("button[aria-label='{label}']"));
    button.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}
