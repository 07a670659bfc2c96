//! The volume lifecycle on the page: for every volume (and every volume deleted in this
//! session) the stages Pending → Available → Bound → Released → deleted | Failed | Available
//! again, a page at a time, as `pv_core::diagram::lifecycle_list_html` writes them.

use super::pages::use_pages;
use super::ClusterIdentity;
use pv_core::diagram::{lifecycle_list_html, volume_lifecycle_count, volume_lifecycles_in};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LifecycleViewProps {
    pub cluster: ClusterIdentity,
}

#[function_component(LifecycleView)]
pub fn lifecycle_view(props: &LifecycleViewProps) -> Html {
    let heading = use_memo((), |_| super::unique_prefix("lifecycle"));
    let ClusterIdentity(cluster) = &props.cluster;
    let pages = use_pages(volume_lifecycle_count(cluster), "volumes");
    // The page shown only: a list of 10,000 volumes costs what 50 cost. The markup is
    // pv_core's, the compact cluster view's too.
    let list = use_memo(
        (props.cluster.clone(), pages.range.clone()),
        |(ClusterIdentity(c), range)| {
            let page = volume_lifecycles_in(c, range.clone());
            (!page.is_empty()).then(|| AttrValue::from(lifecycle_list_html(&page)))
        },
    );
    html! {
        <section class="pvp-lifecycle" aria-labelledby={heading.to_string()}>
            <h2 id={heading.to_string()}>{ "Volume lifecycle" }</h2>
            <p class="pvp-graph-help">{ "A volume is Available until a claim binds it; when the claim is deleted it is Released, and its reclaim policy then deletes it (Delete), keeps it (Retain) or scrubs it to be Available again (Recycle); Failed when that cannot be done." }</p>
            if let Some(list) = (*list).clone() {
                { Html::from_html_unchecked(list) }
                { pages.nav }
            } else {
                <p>{ "No volume yet." }</p>
            }
        </section>
    }
}
