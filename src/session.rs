//! A learner's session with the playground, as a reducer: the cluster, how many controller
//! passes have run, and whether it has settled. The view sends [`Action`]s and draws the
//! state; every transition is here, pure and natively tested.

use crate::engine::demo::demo_cluster;
use crate::engine::objects::ObjectKey;
use crate::engine::Cluster;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// Shared with the view so re-renders do not copy the cluster.
    pub cluster: Rc<Cluster>,
    /// Controller passes run since the objects were created.
    pub passes: usize,
    /// True once a pass changed nothing: the control loop is at a steady state.
    pub settled: bool,
    /// The claim (`namespace/name`) the flowchart follows; None: the view shows the first.
    pub selected: Option<String>,
    /// Earlier states, newest last, for Undo; states undone, newest last, for Redo.
    /// Clusters are shared (`Rc`), so a long history costs little.
    pub past: Vec<Snapshot>,
    pub future: Vec<Snapshot>,
}

/// What Undo restores: the cluster and the progress of the control loop (not the claim the
/// learner is looking at, which is a view choice, not a change).
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub cluster: Rc<Cluster>,
    pub passes: usize,
    pub settled: bool,
}

/// How many states Undo can go back.
pub const HISTORY: usize = 100;

/// What the learner can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Run one pass of every controller (step mode).
    Step,
    /// Run passes until nothing changes.
    Settle,
    /// Start the demo again from freshly created objects.
    Restart,
    /// Follow another claim in the flowchart.
    Select(String),
    /// Ask the API server to delete an object (finalizers may keep it, Terminating, until
    /// the controllers release it); the loop then has work to do.
    Delete(ObjectKey),
    /// Go back to the state before the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
}

impl Session {
    /// The demo's objects, created but not yet seen by any controller: every claim is
    /// Pending, so stepping shows the control loop at work.
    pub fn demo() -> Session {
        let cluster = demo_cluster();
        Session {
            cluster: Rc::new(cluster),
            passes: 0,
            settled: false,
            selected: None,
            past: Vec::new(),
            future: Vec::new(),
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            cluster: self.cluster.clone(),
            passes: self.passes,
            settled: self.settled,
        }
    }

    /// This session moved to `next`'s cluster and progress, remembering where it was; a new
    /// change forgets what was undone.
    fn changed_to(&self, next: Snapshot) -> Session {
        let mut past = self.past.clone();
        past.push(self.snapshot());
        if past.len() > HISTORY {
            past.remove(0);
        }
        Session {
            cluster: next.cluster,
            passes: next.passes,
            settled: next.settled,
            selected: self.selected.clone(),
            past,
            future: Vec::new(),
        }
    }

    /// This session showing `snapshot`, with the given histories.
    fn restored(&self, snapshot: Snapshot, past: Vec<Snapshot>, future: Vec<Snapshot>) -> Session {
        Session {
            cluster: snapshot.cluster,
            passes: snapshot.passes,
            settled: snapshot.settled,
            selected: self.selected.clone(),
            past,
            future,
        }
    }

    /// The state after `action`.
    pub fn apply(&self, action: Action) -> Session {
        match action {
            Action::Step if !self.settled => {
                let mut cluster = (*self.cluster).clone();
                let changed = cluster.sync_once();
                self.changed_to(Snapshot {
                    cluster: Rc::new(cluster),
                    passes: self.passes + usize::from(changed),
                    settled: !changed,
                })
            }
            Action::Settle if !self.settled => {
                let mut cluster = (*self.cluster).clone();
                let passes = cluster.settle();
                self.changed_to(Snapshot {
                    cluster: Rc::new(cluster),
                    passes: self.passes + passes,
                    settled: true,
                })
            }
            Action::Step | Action::Settle => self.clone(),
            Action::Restart => self.changed_to(Session::demo().snapshot()),
            Action::Delete(key) => {
                let mut cluster = (*self.cluster).clone();
                cluster.tick();
                match cluster.delete(&key) {
                    Ok(()) => self.changed_to(Snapshot {
                        cluster: Rc::new(cluster),
                        passes: self.passes,
                        settled: false,
                    }),
                    // Already gone: nothing changes.
                    Err(_) => self.clone(),
                }
            }
            Action::Select(claim) => Session {
                selected: Some(claim),
                ..self.clone()
            },
            Action::Undo => {
                let mut past = self.past.clone();
                let Some(previous) = past.pop() else {
                    return self.clone();
                };
                let mut future = self.future.clone();
                future.push(self.snapshot());
                self.restored(previous, past, future)
            }
            Action::Redo => {
                let mut future = self.future.clone();
                let Some(next) = future.pop() else {
                    return self.clone();
                };
                let mut past = self.past.clone();
                past.push(self.snapshot());
                self.restored(next, past, future)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::objects::ClaimPhase;

    fn phase(session: &Session, name: &str) -> ClaimPhase {
        session
            .cluster
            .claim("shop", name)
            .map(|c| c.status.phase)
            .unwrap_or_default()
    }

    #[test]
    fn stepping_shows_pending_turn_bound_one_pass_at_a_time() {
        let start = Session::demo();
        assert_eq!((start.passes, start.settled), (0, false));
        assert_eq!(phase(&start, "db-data"), ClaimPhase::Pending);
        let first = start.apply(Action::Step);
        assert_eq!(first.passes, 1);
        assert_eq!(
            phase(&first, "db-data"),
            ClaimPhase::Bound,
            "the static claim binds in the first pass"
        );
        // The provisioned volume appears in the first pass; the claim binds to it in a later one.
        assert_eq!(phase(&first, "cache"), ClaimPhase::Pending);
        let mut session = first;
        while !session.settled {
            session = session.apply(Action::Step);
        }
        assert_eq!(phase(&session, "cache"), ClaimPhase::Bound);
        assert_eq!(
            session.cluster,
            Session::demo().apply(Action::Settle).cluster,
            "stepping ends where settling does"
        );
    }

    #[test]
    fn a_settled_session_does_not_change_and_restart_starts_over() {
        let settled = Session::demo().apply(Action::Settle);
        assert!(settled.settled && settled.passes > 0);
        assert_eq!(settled.apply(Action::Step), settled);
        assert_eq!(settled.apply(Action::Settle), settled);
        let selected = settled.apply(Action::Select("shop/cache".into()));
        assert_eq!(selected.selected.as_deref(), Some("shop/cache"));
        let again = selected.apply(Action::Restart);
        assert_eq!((again.passes, again.settled), (0, false));
        assert_eq!(
            again.selected.as_deref(),
            Some("shop/cache"),
            "restart keeps the claim followed"
        );
        assert_eq!(phase(&again, "db-data"), ClaimPhase::Pending);
    }

    #[test]
    fn undo_and_redo_walk_the_changes_but_not_the_selection() {
        let start = Session::demo();
        assert!(!start.can_undo() && !start.can_redo());
        let stepped = start
            .apply(Action::Step)
            .apply(Action::Select("shop/cache".into()));
        let settled = stepped.apply(Action::Settle);
        let back = settled.apply(Action::Undo);
        assert_eq!(back.cluster, stepped.cluster);
        assert_eq!((back.passes, back.settled), (1, false));
        assert_eq!(
            back.selected.as_deref(),
            Some("shop/cache"),
            "the view's choice is not undone"
        );
        let first = back.apply(Action::Undo);
        assert_eq!(first.cluster, start.cluster);
        assert!(!first.can_undo() && first.can_redo());
        assert_eq!(first.apply(Action::Undo), first, "nothing more to undo");
        let again = first.apply(Action::Redo).apply(Action::Redo);
        assert_eq!(again.cluster, settled.cluster);
        assert_eq!((again.passes, again.settled), (settled.passes, true));
        assert!(!again.can_redo());
        // A new change after an undo forgets the undone future.
        let branched = settled.apply(Action::Undo).apply(Action::Restart);
        assert!(!branched.can_redo());
    }

    #[test]
    fn history_is_bounded() {
        let mut session = Session::demo();
        for _ in 0..HISTORY + 20 {
            session = session.apply(Action::Restart);
        }
        assert_eq!(session.past.len(), HISTORY);
    }

    #[test]
    fn deleting_a_claim_in_use_leaves_it_terminating_until_its_pod_goes() {
        use crate::engine::objects::{Kind, VolumePhase};
        let settled = Session::demo().apply(Action::Settle);
        let claim = ObjectKey::new(Kind::PersistentVolumeClaim, Some("shop"), "db-data");
        let deleted = settled.apply(Action::Delete(claim.clone()));
        assert!(!deleted.settled, "the loop has work to do");
        let after = deleted.apply(Action::Settle);
        let held = after
            .cluster
            .claim("shop", "db-data")
            .expect("pvc-protection keeps it");
        assert!(held.metadata.is_being_deleted());
        let pod = ObjectKey::new(Kind::Pod, Some("shop"), "web-0");
        let released = after.apply(Action::Delete(pod)).apply(Action::Settle);
        assert!(released.cluster.claim("shop", "db-data").is_none());
        let volume = released
            .cluster
            .volume("pv-db")
            .expect("a hand-made volume is retained");
        assert_eq!(volume.status.phase, VolumePhase::Released);
        assert_eq!(
            released.apply(Action::Delete(claim)),
            released,
            "deleting a missing object changes nothing"
        );
        // Two changes (delete the pod, settle) take two undos.
        let undone = released.apply(Action::Undo).apply(Action::Undo);
        assert!(
            undone.cluster == after.cluster,
            "undo restores the Terminating claim"
        );
    }
}
