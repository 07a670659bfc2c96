//! A learner's session with the playground, as a reducer: the cluster, how many controller
//! passes have run, and whether it has settled. The view sends [`Action`]s and draws the
//! state; every transition is here, pure and natively tested.

use crate::engine::demo::demo_objects;
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
    /// The claim (`namespace/name`) the flowchart follows.
    pub selected: Option<String>,
}

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
}

impl Session {
    /// The demo's objects, created but not yet seen by any controller: every claim is
    /// Pending, so stepping shows the control loop at work.
    pub fn demo() -> Session {
        let mut cluster = Cluster::new();
        cluster.tick();
        for object in demo_objects() {
            // Valid by construction (engine::demo's test holds it to that).
            let _ = cluster.create(object);
        }
        let selected = cluster.claims().next().map(|c| {
            format!(
                "{}/{}",
                c.metadata.namespace.as_deref().unwrap_or("default"),
                c.metadata.name
            )
        });
        Session {
            cluster: Rc::new(cluster),
            passes: 0,
            settled: false,
            selected,
        }
    }

    /// The state after `action`.
    pub fn apply(&self, action: Action) -> Session {
        match action {
            Action::Step if !self.settled => {
                let mut cluster = (*self.cluster).clone();
                let changed = cluster.sync_once();
                Session {
                    cluster: Rc::new(cluster),
                    passes: self.passes + usize::from(changed),
                    settled: !changed,
                    selected: self.selected.clone(),
                }
            }
            Action::Settle if !self.settled => {
                let mut cluster = (*self.cluster).clone();
                let passes = cluster.settle();
                Session {
                    cluster: Rc::new(cluster),
                    passes: self.passes + passes,
                    settled: true,
                    selected: self.selected.clone(),
                }
            }
            Action::Step | Action::Settle => self.clone(),
            Action::Restart => Session {
                selected: self.selected.clone(),
                ..Session::demo()
            },
            Action::Select(claim) => Session {
                selected: Some(claim),
                ..self.clone()
            },
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
}
