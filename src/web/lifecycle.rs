//! The volume lifecycle on the page: for every volume (and every volume deleted in this
//! session) the stages Pending → Available → Bound → Released → deleted | Failed | Available
//! again, with the current one marked in words and by `aria-current`, not by colour alone.

use super::pages::use_pages;
use super::ClusterIdentity;
use pv_core::diagram::{volume_lifecycle_count, volume_lifecycles_in, Stage};
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
    // The page shown only: a list of 10,000 volumes costs what 50 cost.
    let lifecycles = use_memo(
        (props.cluster.clone(), pages.range.clone()),
        |(ClusterIdentity(c), range)| volume_lifecycles_in(c, range.clone()),
    );
    let rows = lifecycles.iter().map(|volume| {
        let stages = Stage::ALL.iter().map(|&stage| {
            let current = stage == volume.current;
            html! {
                <li class={classes!(stage.is_outcome().then_some("pvp-outcome"), current.then_some("pvp-current"))}
                    aria-current={current.then_some("step")}>
                    // The box goes round the name only, not the arrow drawn before it.
                    <span class="pvp-stage-name">
                        { stage.name() }
                        if current { { " (now)" } }
                    </span>
                </li>
            }
        });
        html! {
            <li data-volume={volume.volume.clone()}>
                <strong>{ &volume.volume }</strong>
                <ol class="pvp-stages" aria-label={format!("Lifecycle of {}", volume.volume)}>{ for stages }</ol>
                <span class="pvp-stage-detail">{ &volume.detail }</span>
            </li>
        }
    });
    html! {
        <section class="pvp-lifecycle" aria-labelledby={heading.to_string()}>
            <h2 id={heading.to_string()}>{ "Volume lifecycle" }</h2>
            <p class="pvp-graph-help">{ "A volume is Available until a claim binds it; when the claim is deleted it is Released, and its reclaim policy then deletes it (Delete), keeps it (Retain) or scrubs it to be Available again (Recycle); Failed when that cannot be done." }</p>
            if lifecycles.is_empty() {
                <p>{ "No volume yet." }</p>
            } else {
                // Focusable: with hundreds of volumes the list scrolls inside its frame.
                <ul class="pvp-lifecycle-list" tabindex="0" aria-label="Where each volume is">{ for rows }</ul>
                { pages.nav }
            }
        </section>
    }
}
