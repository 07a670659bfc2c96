//! The volume lifecycle (rule book §10): Pending → Available → Bound → Released, then
//! deleted, Failed or Available again by the reclaim policy; where each volume of a cluster
//! is on it, including the volumes its reclaim policy (or a user) already deleted. Pure.

use pv_engine::objects::{Kind, PersistentVolume, VolumePhase};
use pv_engine::Cluster;
use std::collections::HashSet;
use std::ops::Range;

use super::markup::{attr, escape_text};

/// A stage of a volume's life, in the order a volume can pass them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Created, not yet seen by the PV controller.
    Pending,
    /// Free for a claim.
    Available,
    Bound,
    /// Its claim was deleted; the reclaim policy decides what comes next.
    Released,
    /// Gone from the API (policy Delete, or deleted by hand).
    Deleted,
    /// The reclaim policy could not be carried out.
    Failed,
    /// Scrubbed by the Recycle policy and free again.
    AvailableAgain,
}

impl Stage {
    /// Every stage, in the order the view lists them.
    pub const ALL: [Stage; 7] = [
        Stage::Pending,
        Stage::Available,
        Stage::Bound,
        Stage::Released,
        Stage::Deleted,
        Stage::Failed,
        Stage::AvailableAgain,
    ];

    /// The stage's name: the phase as kubectl prints it, or the outcome in words.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Pending => "Pending",
            Stage::Available => "Available",
            Stage::Bound => "Bound",
            Stage::Released => "Released",
            Stage::Deleted => "deleted",
            Stage::Failed => "Failed",
            Stage::AvailableAgain => "Available again",
        }
    }

    /// The three ends a released volume can come to (drawn as alternatives).
    pub fn is_outcome(self) -> bool {
        matches!(self, Stage::Deleted | Stage::Failed | Stage::AvailableAgain)
    }
}

/// Where one volume is.
#[derive(Clone, Debug, PartialEq)]
pub struct VolumeLifecycle {
    pub volume: String,
    pub current: Stage,
    /// What else explains the stage: reclaim policy, claim, Terminating, the failure message.
    pub detail: String,
}

/// Every volume of `cluster` by name, then the deleted ones, oldest deletion first.
pub fn volume_lifecycles(cluster: &Cluster) -> Vec<VolumeLifecycle> {
    volume_lifecycles_in(cluster, 0..usize::MAX)
}

/// How many lifecycles [`volume_lifecycles`] lists: live volumes, then deleted ones.
pub fn volume_lifecycle_count(cluster: &Cluster) -> usize {
    cluster.count_of(Kind::PersistentVolume) + cluster.deleted_volumes().len()
}

/// The lifecycles of [`volume_lifecycles`] in `range` only: a page of a long list costs its
/// rows and one walk through the events.
pub fn volume_lifecycles_in(cluster: &Cluster, range: Range<usize>) -> Vec<VolumeLifecycle> {
    // One walk through the events, not one per volume (10,000 volumes and as many events
    // made that a hundred million comparisons).
    let recycled: HashSet<&str> = cluster
        .events()
        .all()
        .iter()
        .filter(|e| e.reason == "VolumeRecycled" && e.object.kind == Kind::PersistentVolume)
        .map(|e| e.object.name.as_str())
        .collect();
    let count = range.end.saturating_sub(range.start);
    // Skipped before anything is worked out for them.
    let mut page: Vec<VolumeLifecycle> = cluster
        .volumes()
        .skip(range.start)
        .take(count)
        .map(|pv| live(pv, recycled.contains(pv.metadata.name.as_str())))
        .collect();
    let volumes = cluster.count_of(Kind::PersistentVolume);
    let deleted = cluster
        .deleted_volumes()
        .iter()
        .skip(range.start.saturating_sub(volumes))
        .take(count - page.len())
        .map(|gone| VolumeLifecycle {
            volume: gone.name.clone(),
            current: Stage::Deleted,
            detail: format!("deleted while {}", gone.phase),
        });
    page.extend(deleted);
    page
}

/// Lifecycles as the list both views draw (the playground's Volume lifecycle tab and the
/// compact cluster view): each volume's name, its stages with the current one marked in words
/// ("(now)") and by `aria-current`, not by colour alone, and what else explains it. Focusable:
/// the list scrolls inside its box, and the keyboard must reach what is hidden.
pub fn lifecycle_list_html(lifecycles: &[VolumeLifecycle]) -> String {
    let mut out = String::from(
        "<ul class=\"pvp-lifecycle-list\" tabindex=\"0\" aria-label=\"Where each volume is\">",
    );
    for volume in lifecycles {
        out.push_str("<li");
        attr(&mut out, "data-volume", &volume.volume);
        out.push_str("><strong>");
        escape_text(&mut out, &volume.volume);
        out.push_str("</strong><ol class=\"pvp-stages\"");
        attr(
            &mut out,
            "aria-label",
            &format!("Lifecycle of {}", volume.volume),
        );
        out.push('>');
        for stage in Stage::ALL {
            let now = stage == volume.current;
            let class = match (stage.is_outcome(), now) {
                (true, true) => "pvp-outcome pvp-current",
                (true, false) => "pvp-outcome",
                (false, true) => "pvp-current",
                (false, false) => "",
            };
            out.push_str("<li");
            if !class.is_empty() {
                attr(&mut out, "class", class);
            }
            if now {
                out.push_str(" aria-current=\"step\"");
            }
            // The box goes round the name only, not the arrow drawn before it.
            out.push_str("><span class=\"pvp-stage-name\">");
            escape_text(&mut out, stage.name());
            if now {
                out.push_str(" (now)");
            }
            out.push_str("</span></li>");
        }
        out.push_str("</ol><span class=\"pvp-stage-detail\">");
        escape_text(&mut out, &volume.detail);
        out.push_str("</span></li>");
    }
    out.push_str("</ul>");
    out
}

fn live(pv: &PersistentVolume, recycled: bool) -> VolumeLifecycle {
    let name = &pv.metadata.name;
    let current = match pv.status.phase {
        VolumePhase::Pending => Stage::Pending,
        VolumePhase::Available if recycled => Stage::AvailableAgain,
        VolumePhase::Available => Stage::Available,
        VolumePhase::Bound => Stage::Bound,
        VolumePhase::Released => Stage::Released,
        VolumePhase::Failed => Stage::Failed,
    };
    let policy = pv.spec.reclaim_policy();
    let mut detail = vec![format!("reclaim policy {policy}")];
    if let Some(claim) = &pv.spec.claim_ref {
        let was = if current == Stage::Released {
            "was claimed by"
        } else {
            "claim"
        };
        detail.push(format!("{was} {}/{}", claim.namespace, claim.name));
    }
    if pv.metadata.is_being_deleted() {
        detail.push("Terminating".into());
    }
    if let Some(message) = pv
        .status
        .message
        .as_deref()
        .filter(|_| current == Stage::Failed)
    {
        detail.push(message.to_owned());
    }
    VolumeLifecycle {
        volume: name.clone(),
        current,
        detail: detail.join(" · "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pv_engine::demo::demo_cluster;
    use pv_engine::objects::Kind;
    use pv_engine::objects::ObjectKey;

    fn stage_of(cluster: &Cluster, volume: &str) -> Option<(Stage, String)> {
        volume_lifecycles(cluster)
            .into_iter()
            .find(|l| l.volume == volume)
            .map(|l| (l.current, l.detail))
    }

    #[test]
    fn a_page_of_lifecycles_is_that_part_of_the_list() {
        let mut cluster = pv_engine::generate::workload_cluster(120, 2);
        let first = cluster
            .volumes()
            .find(|v| v.spec.claim_ref.is_none())
            .expect("a free volume")
            .metadata
            .name
            .clone();
        cluster.tick();
        cluster
            .delete(&ObjectKey::new(Kind::PersistentVolume, None, &first))
            .unwrap();
        cluster.settle();
        let all = volume_lifecycles(&cluster);
        assert_eq!(all.len(), volume_lifecycle_count(&cluster));
        assert!(all.iter().any(|l| l.current == Stage::Deleted));
        for start in [0, 5, all.len() - 3, all.len(), all.len() + 4] {
            let page = volume_lifecycles_in(&cluster, start..start + 7);
            let end = (start + 7).min(all.len());
            assert_eq!(page, all[start.min(end)..end], "from {start}");
        }
    }

    #[test]
    fn demo_volumes_start_pending_then_bind_or_stay_available() {
        let mut cluster = demo_cluster();
        assert_eq!(stage_of(&cluster, "pv-db").unwrap().0, Stage::Pending);
        cluster.settle();
        assert_eq!(
            stage_of(&cluster, "pv-db"),
            Some((
                Stage::Bound,
                "reclaim policy Retain · claim shop/db-data".to_owned()
            ))
        );
        assert_eq!(stage_of(&cluster, "pv-small").unwrap().0, Stage::Available);
    }

    #[test]
    fn a_retained_volume_is_released_when_its_claim_goes() {
        let mut cluster = demo_cluster();
        cluster.settle();
        cluster
            .delete(&ObjectKey::new(Kind::Pod, Some("shop"), "web-0"))
            .unwrap();
        cluster.settle();
        cluster
            .delete(&ObjectKey::new(
                Kind::PersistentVolumeClaim,
                Some("shop"),
                "db-data",
            ))
            .unwrap();
        cluster.settle();
        assert_eq!(
            stage_of(&cluster, "pv-db"),
            Some((
                Stage::Released,
                "reclaim policy Retain · was claimed by shop/db-data".to_owned()
            ))
        );
    }

    #[test]
    fn a_provisioned_volume_with_policy_delete_ends_deleted() {
        let mut cluster = demo_cluster();
        cluster.settle();
        let provisioned = cluster
            .volumes()
            .find(|v| v.metadata.name.starts_with("pvc-"))
            .map(|v| v.metadata.name.clone())
            .unwrap();
        cluster
            .delete(&ObjectKey::new(
                Kind::PersistentVolumeClaim,
                Some("shop"),
                "cache",
            ))
            .unwrap();
        cluster.settle();
        assert!(
            cluster.volume(&provisioned).is_none(),
            "policy Delete removed it"
        );
        assert_eq!(
            stage_of(&cluster, &provisioned),
            Some((Stage::Deleted, "deleted while Released".to_owned()))
        );
        // Listed after the live volumes.
        assert_eq!(
            volume_lifecycles(&cluster).last().unwrap().volume,
            provisioned
        );
    }

    #[test]
    fn outcomes_are_the_three_ends() {
        let outcomes: Vec<&str> = Stage::ALL
            .iter()
            .filter(|s| s.is_outcome())
            .map(|s| s.name())
            .collect();
        assert_eq!(outcomes, ["deleted", "Failed", "Available again"]);
    }
}
