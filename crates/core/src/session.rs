//! A learner's session with the playground, as a reducer: the cluster, how many controller
//! passes have run, and whether it has settled. The view sends [`Action`]s and draws the
//! state; every transition is here, pure and natively tested.

use crate::jobs::{Progress, Stage};
pub use crate::problem::Problem;
use pv_engine::cluster::{ApiError, Finalizers};
use pv_engine::demo::demo_cluster;
use pv_engine::objects::{Kind, Object, ObjectKey};
use pv_engine::trace::PassTrace;
use pv_engine::Cluster;
use std::rc::Rc;

/// The claim the page's first screen follows: a static binding whose "why not" list tells a
/// story (one volume too small, one with the wrong labels, one provisioned for another
/// claim) and a pod that uses it.
pub const FIRST_CLAIM: &str = "shop/db-data";

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
    /// Step mode: changes wait for Step or Run to steady state. Otherwise every change is
    /// followed by the control loop running to a steady state, as in a real cluster.
    pub step_mode: bool,
    /// Earlier states, newest last, for Undo; states undone, newest last, for Redo.
    /// Clusters are shared (`Rc`), so a long history costs little.
    pub past: Vec<Snapshot>,
    pub future: Vec<Snapshot>,
    /// What each controller decided in the last Step, in the order they ran; None after any
    /// other change (the page lights the pass up on the flowchart).
    pub last_pass: Option<Rc<PassTrace>>,
}

/// What Undo restores: the cluster and the progress of the control loop (not the claim the
/// learner is looking at, which is a view choice, not a change).
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub cluster: Rc<Cluster>,
    pub passes: usize,
    pub settled: bool,
}

/// One object written by the learner (a form or a YAML document), as `kubectl apply` would:
/// created when new, replaced when it exists.
#[derive(Clone, Debug, PartialEq)]
pub struct Write {
    pub object: Object,
    /// On a replace: keep the stored finalizers, or take the object's list (a YAML document
    /// that wrote `metadata.finalizers`).
    pub finalizers: Finalizers,
}

impl Write {
    /// A form's object: finalizers are not the learner's to edit there.
    pub fn keeping_finalizers(object: Object) -> Self {
        Write {
            object,
            finalizers: Finalizers::Keep,
        }
    }
}

/// Why a write was refused: its index in the batch and the API server's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    pub index: usize,
    pub error: ApiError,
}

/// A batch the API server accepted against one state of the cluster, with the cluster it
/// made (not yet settled). Committing it to the session that still holds that state adopts
/// that cluster, so a checked batch is never checked twice; committed anywhere else its writes
/// are checked again, so stale work can never land.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    base: Rc<Cluster>,
    writes: Vec<Write>,
    after: Cluster,
}

impl Checked {
    /// The cluster the batch makes, before the controllers run.
    pub fn cluster(&self) -> &Cluster {
        &self.after
    }

    pub fn writes(&self) -> &[Write] {
        &self.writes
    }
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
    /// Start the demo again, settled, as the page opens.
    Restart,
    /// Follow another claim in the flowchart.
    Select(String),
    /// Create or replace objects, all or nothing: if the API server refuses any of them,
    /// nothing changes.
    Apply(Vec<Write>),
    /// Apply a batch [`Session::check`] (or [`Session::prepare_apply`]) accepted: what a view
    /// sends after showing the checks' answer, so the work is not done twice.
    Commit(Box<Checked>),
    /// Turn step mode on or off.
    SetStepMode(bool),
    /// Ask the API server to delete an object (finalizers may keep it, Terminating, until
    /// the controllers release it); the loop then has work to do.
    Delete(ObjectKey),
    /// Go back to the state before the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Continue from a saved session (localStorage, a shared link, an empty cluster); undoable.
    Load(Box<Session>),
    /// The saved session the page read in the background takes the place of the state it
    /// opened with: nothing to undo back to, unless the learner changed something meanwhile
    /// (then it is a [`Action::Load`], undoable).
    Restore(Box<Session>),
    /// Take a state worked out elsewhere from this session's state (the page's worker applied
    /// manifests to a copy of it): adopted, undoably, when the session still holds the state
    /// it started from; ignored when the learner changed something meanwhile.
    Adopt(Box<Adopted>),
}

/// A change worked out away from the session (see [`Action::Adopt`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Adopted {
    /// The cluster the work started from.
    pub base: Rc<Cluster>,
    pub next: Snapshot,
    /// The first claim the change created (`namespace/name`): followed once adopted, as
    /// [`Action::Commit`] follows it.
    pub created: Option<String>,
}

/// What applying a YAML text would do, worked out before anything changes: the writes, the
/// documents of kinds the simulator does not model, and every problem (all or nothing: any
/// problem means no write).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ManifestApply {
    /// The writes and the cluster they make, when nothing is wrong.
    pub checked: Option<Checked>,
    pub skipped: Vec<crate::manifest::Skipped>,
    pub problems: Vec<Problem>,
}

impl ManifestApply {
    /// The writes, when the text can be applied (none otherwise).
    pub fn writes(&self) -> &[Write] {
        self.checked
            .as_ref()
            .map_or(&[], |checked| checked.writes())
    }
}

impl Session {
    /// The demo's objects, created but not yet seen by any controller: every claim is
    /// Pending, so stepping shows the control loop at work.
    pub fn demo() -> Session {
        Session {
            cluster: Rc::new(demo_cluster()),
            ..Session::empty()
        }
    }

    /// What the standalone page opens on: the demo at its steady state, following
    /// [`FIRST_CLAIM`], nothing to undo.
    pub fn settled_demo() -> Session {
        let mut cluster = demo_cluster();
        let passes = cluster.settle();
        Session {
            cluster: Rc::new(cluster),
            passes,
            settled: true,
            selected: Some(FIRST_CLAIM.to_owned()),
            ..Session::demo()
        }
    }

    /// The demo's objects just created, in step mode: each Step runs one controller pass, to
    /// watch the control loop build the demo from the start.
    pub fn demo_stepping() -> Session {
        Session {
            step_mode: true,
            selected: Some(FIRST_CLAIM.to_owned()),
            ..Session::demo()
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Whether `other` is this very state: the same shared clusters (now and in the
    /// history), the same progress and choices. It compares pointers, never objects, so it
    /// costs the same for 10 objects or 20,000: the view compares sessions on every render
    /// (a tab switch), where `==` would walk every object of every cluster in the history.
    /// `false` for two equal copies is allowed (the view then draws again, nothing worse).
    pub fn is_same_state(&self, other: &Session) -> bool {
        fn same_snapshots(a: &[Snapshot], b: &[Snapshot]) -> bool {
            a.len() == b.len()
                && a.iter().zip(b).all(|(a, b)| {
                    Rc::ptr_eq(&a.cluster, &b.cluster)
                        && a.passes == b.passes
                        && a.settled == b.settled
                })
        }
        Rc::ptr_eq(&self.cluster, &other.cluster)
            && self.passes == other.passes
            && self.settled == other.settled
            && self.selected == other.selected
            && self.step_mode == other.step_mode
            && match (&self.last_pass, &other.last_pass) {
                (None, None) => true,
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                _ => false,
            }
            && same_snapshots(&self.past, &other.past)
            && same_snapshots(&self.future, &other.future)
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
            step_mode: self.step_mode,
            past,
            future: Vec::new(),
            last_pass: None,
        }
    }

    /// This session showing `snapshot`, with the given histories.
    fn restored(&self, snapshot: Snapshot, past: Vec<Snapshot>, future: Vec<Snapshot>) -> Session {
        Session {
            cluster: snapshot.cluster,
            passes: snapshot.passes,
            settled: snapshot.settled,
            selected: self.selected.clone(),
            step_mode: self.step_mode,
            past,
            future,
            last_pass: None,
        }
    }

    /// The claim the flowchart follows: the one chosen, or the first (`namespace/name`).
    /// Looked up by key, not by walking the claims: the view asks on every render.
    pub fn followed_claim(&self) -> Option<String> {
        let first = self.cluster.claims().next()?.metadata.namespaced_name();
        let chosen = self.selected.as_ref().filter(|c| {
            c.split_once('/')
                .and_then(|(namespace, name)| self.cluster.claim(namespace, name))
                .is_some_and(|claim| claim.metadata.namespaced_name() == **c)
        });
        Some(chosen.cloned().unwrap_or(first))
    }

    /// The first claim among `writes` that this session's cluster does not have yet
    /// (`namespace/name`).
    pub(crate) fn first_new_claim(&self, writes: &[Write]) -> Option<String> {
        writes
            .iter()
            .map(|w| w.object.key())
            .filter(|key| key.kind == Kind::PersistentVolumeClaim)
            .find(|key| self.cluster.get(key).is_none())
            .map(|key| key.to_string())
    }

    /// The live flowchart of the followed claim and the cluster graph as Mermaid source:
    /// what the page's "Copy as Mermaid" buttons copy, for an embedding's JS API.
    pub fn mermaid_sources(&self) -> crate::diagram::MermaidSources {
        crate::diagram::mermaid_sources(&self.cluster, self.followed_claim().as_deref())
    }

    /// An empty cluster, for learners who build their own (and the start of every embed's
    /// session: it does not build the demo to throw it away).
    pub fn empty() -> Session {
        Session {
            cluster: Rc::new(Cluster::new()),
            passes: 0,
            settled: false,
            selected: None,
            step_mode: false,
            past: Vec::new(),
            future: Vec::new(),
            last_pass: None,
        }
    }

    /// A session over a cluster played elsewhere (a lesson's steps, a goal's solution), with
    /// nothing to undo: settled when one more controller pass would change nothing, so the
    /// controls say what the cluster is, not that no controller has run.
    pub fn over(cluster: Cluster) -> Session {
        let settled = !cluster.clone().sync_once();
        Session {
            cluster: Rc::new(cluster),
            settled,
            ..Session::empty()
        }
    }

    /// An author's manifests applied to an empty cluster and settled, as the session an
    /// embedded widget starts from (nothing to undo), or every problem with its line.
    pub fn from_manifests(text: &str) -> Result<Session, Vec<Problem>> {
        let empty = Session::empty();
        let plan = empty.prepare_apply(text);
        match plan.checked {
            Some(checked) if plan.problems.is_empty() => Ok(Session {
                past: Vec::new(),
                ..empty.apply(Action::Commit(Box::new(checked)))
            }),
            _ => Err(plan.problems),
        }
    }

    /// Reads manifests as `kubectl apply -f` would and checks them against this session's
    /// cluster: syntax and schema errors with line and column, then the API server's refusals
    /// with the line of their document. A document that writes `metadata.finalizers` replaces
    /// the stored ones; otherwise they are kept.
    pub fn prepare_apply(&self, text: &str) -> ManifestApply {
        self.prepare_apply_reporting(text, &mut |_| {})
    }

    /// [`Session::prepare_apply`], telling `report` how far reading and checking are.
    pub fn prepare_apply_reporting(
        &self,
        text: &str,
        report: &mut dyn FnMut(Progress),
    ) -> ManifestApply {
        let total = text.len() as u64;
        let parsed = crate::manifest::parse_reporting(text, &mut |read| {
            report(Progress::new(Stage::Reading, read as u64, total))
        });
        let mut result = ManifestApply {
            skipped: parsed.skipped.clone(),
            ..ManifestApply::default()
        };
        if parsed.has_errors() {
            result.problems = parsed.errors;
            return result;
        }
        let lines: Vec<u32> = parsed.objects.iter().map(|o| o.line).collect();
        let writes: Vec<Write> = parsed
            .objects
            .into_iter()
            .map(|o| Write {
                finalizers: if o.declares_finalizers {
                    Finalizers::Replace
                } else {
                    Finalizers::Keep
                },
                object: o.object,
            })
            .collect();
        match self.check_reporting(&writes, report) {
            Ok(checked) => result.checked = Some(checked),
            Err(refusals) => {
                result.problems = refusals
                    .into_iter()
                    .map(|r| {
                        Problem::at_line(
                            lines.get(r.index).copied().unwrap_or(1),
                            r.error.to_string(),
                        )
                    })
                    .collect();
            }
        }
        result
    }

    /// The cluster after writing `writes` (at the next tick), or every refusal: a batch is
    /// all or nothing, so each write is checked against the cluster the earlier ones made.
    pub fn check(&self, writes: &[Write]) -> Result<Checked, Vec<Refusal>> {
        self.check_reporting(writes, &mut |_| {})
    }

    /// [`Session::check`], telling `report` how many writes are checked (every few hundred).
    pub fn check_reporting(
        &self,
        writes: &[Write],
        report: &mut dyn FnMut(Progress),
    ) -> Result<Checked, Vec<Refusal>> {
        let mut cluster = (*self.cluster).clone();
        cluster.tick();
        let mut refusals = Vec::new();
        let total = writes.len() as u64;
        for (index, write) in writes.iter().enumerate() {
            if index.is_multiple_of(256) {
                report(Progress::new(Stage::Checking, index as u64, total));
            }
            let object = write.object.clone();
            let result = if cluster.get(&object.key()).is_some() {
                cluster.replace(object, write.finalizers)
            } else {
                cluster.create(object).map(|_| ())
            };
            if let Err(error) = result {
                refusals.push(Refusal { index, error });
            }
        }
        if refusals.is_empty() {
            Ok(Checked {
                base: self.cluster.clone(),
                writes: writes.to_vec(),
                after: cluster,
            })
        } else {
            Err(refusals)
        }
    }

    /// This session after a change the learner made to `cluster`: settled at once unless in
    /// step mode.
    fn after_change(&self, mut cluster: Cluster, report: &mut dyn FnMut(Progress)) -> Session {
        let (passes, settled) = if self.step_mode {
            (self.passes, false)
        } else {
            let passes = cluster.settle_reporting(&mut |pass| {
                report(Progress::new(Stage::Settling, pass as u64, 0))
            });
            (self.passes + passes, true)
        };
        self.changed_to(Snapshot {
            cluster: Rc::new(cluster),
            passes,
            settled,
        })
    }

    /// The state after `action`.
    pub fn apply(&self, action: Action) -> Session {
        self.apply_reporting(action, &mut |_| {})
    }

    /// [`Session::apply`], telling `report` how far the controllers are when they run.
    pub fn apply_reporting(&self, action: Action, report: &mut dyn FnMut(Progress)) -> Session {
        match action {
            Action::Step if !self.settled => {
                let mut cluster = (*self.cluster).clone();
                let trace = cluster.sync_once_traced();
                let changed = trace.changed();
                let mut next = self.changed_to(Snapshot {
                    cluster: Rc::new(cluster),
                    passes: self.passes + usize::from(changed),
                    settled: !changed,
                });
                next.last_pass = Some(Rc::new(trace));
                next
            }
            Action::Settle if !self.settled => {
                let mut cluster = (*self.cluster).clone();
                let passes = cluster.settle_reporting(&mut |pass| {
                    report(Progress::new(Stage::Settling, pass as u64, 0))
                });
                self.changed_to(Snapshot {
                    cluster: Rc::new(cluster),
                    passes: self.passes + passes,
                    settled: true,
                })
            }
            Action::Step | Action::Settle => self.clone(),
            Action::Restart => self.changed_to(Session::settled_demo().snapshot()),
            Action::Delete(key) => {
                let mut cluster = (*self.cluster).clone();
                cluster.tick();
                match cluster.delete(&key) {
                    Ok(()) => self.after_change(cluster, report),
                    // Already gone: nothing changes.
                    Err(_) => self.clone(),
                }
            }
            Action::Apply(writes) => match self.check_reporting(&writes, report) {
                Ok(checked) => self.apply_reporting(Action::Commit(Box::new(checked)), report),
                Err(_) => self.clone(),
            },
            Action::Commit(checked) if checked.writes.is_empty() => self.clone(),
            Action::Commit(checked) if Rc::ptr_eq(&checked.base, &self.cluster) => {
                let mut next = self.after_change(checked.after, report);
                // The learner wants to see what happened to a claim they just made.
                if let Some(created) = self.first_new_claim(&checked.writes) {
                    next.selected = Some(created);
                }
                next
            }
            Action::Commit(checked) => self.apply_reporting(Action::Apply(checked.writes), report),
            Action::Adopt(adopted) if Rc::ptr_eq(&adopted.base, &self.cluster) => {
                let Adopted { next, created, .. } = *adopted;
                let mut next = self.changed_to(next);
                // As after Commit: the learner sees what happened to a claim they just made.
                if created.is_some() {
                    next.selected = created;
                }
                next
            }
            Action::Adopt(_) => self.clone(),
            Action::SetStepMode(step_mode) => Session {
                step_mode,
                ..self.clone()
            },
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
            Action::Restore(saved) if self.past.is_empty() && self.future.is_empty() => Session {
                past: Vec::new(),
                future: Vec::new(),
                last_pass: None,
                ..*saved
            },
            Action::Restore(loaded) | Action::Load(loaded) => {
                let mut next = self.changed_to(loaded.snapshot());
                next.selected = loaded.selected;
                next.step_mode = loaded.step_mode;
                next
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

    #[test]
    fn the_same_state_is_told_by_its_shared_parts() {
        let demo = Session::demo();
        assert!(demo.is_same_state(&demo.clone()));
        let settled = demo.apply(Action::Settle);
        assert!(!settled.is_same_state(&demo));
        assert!(settled.is_same_state(&settled.clone()));
        // An equal cluster that is another copy is not the same state (the view redraws).
        let copy = Session {
            cluster: Rc::new((*demo.cluster).clone()),
            ..demo.clone()
        };
        assert_eq!(copy, demo);
        assert!(!copy.is_same_state(&demo));
        // A choice or the history alone tells states apart.
        let chosen = settled.apply(Action::Select("shop/cache".into()));
        assert!(!chosen.is_same_state(&settled));
        let undone = settled.apply(Action::Undo);
        assert!(
            !undone.is_same_state(&demo),
            "the undone state is in the future list"
        );
        // Redo rebuilds the history from the same shared clusters: the same state again.
        assert!(undone.apply(Action::Redo).is_same_state(&settled));
    }

    #[test]
    fn the_mermaid_sources_follow_the_chosen_claim_or_the_first() {
        let demo = Session::demo().apply(Action::Settle);
        let claims: Vec<String> = demo
            .cluster
            .claims()
            .map(|c| {
                format!(
                    "{}/{}",
                    c.metadata.namespace.as_deref().unwrap_or("default"),
                    c.metadata.name
                )
            })
            .collect();
        assert!(claims.len() >= 2);
        assert_eq!(demo.followed_claim().as_ref(), claims.first());
        let second = demo.apply(Action::Select(claims[1].clone()));
        assert_eq!(second.followed_claim().as_ref(), claims.get(1));
        let gone = demo.apply(Action::Select("nowhere/none".into()));
        assert_eq!(gone.followed_claim().as_ref(), claims.first());
        let sources = second.mermaid_sources();
        let flowchart = sources.flowchart.expect("a claim to draw");
        let (_, name) = claims[1].split_once('/').unwrap();
        assert!(flowchart.starts_with("flowchart TD\n") && flowchart.contains(name));
        assert!(sources.cluster.starts_with("flowchart TD\n"));
        assert_eq!(Session::empty().mermaid_sources().flowchart, None);
    }

    const TWO_DOCUMENTS: &str = "\
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-new}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  hostPath: {path: /data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: claim-new, namespace: shop}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
";

    #[test]
    fn applying_manifests_creates_every_object_and_reports_skipped_kinds() {
        let start = Session::demo().apply(Action::Settle);
        let plan = start.prepare_apply(TWO_DOCUMENTS);
        assert_eq!(plan.problems, []);
        assert_eq!(plan.writes().len(), 2);
        assert_eq!(plan.skipped.len(), 1);
        assert_eq!(plan.skipped[0].kind, "Service");
        let after = start.apply(Action::Commit(Box::new(plan.checked.expect("applicable"))));
        let claim = after.cluster.claim("shop", "claim-new").unwrap();
        assert_eq!(claim.status.phase, ClaimPhase::Bound);
        assert_eq!(claim.spec.volume_name, "pv-new");
    }

    #[test]
    fn a_widget_starts_from_its_manifests_settled_with_nothing_to_undo() {
        let session = Session::from_manifests(TWO_DOCUMENTS).unwrap();
        assert!(session.settled);
        assert!(!session.can_undo());
        let claim = session.cluster.claim("shop", "claim-new").unwrap();
        assert_eq!(claim.status.phase, ClaimPhase::Bound);
        assert_eq!(session.cluster.objects().len(), 2);
        // No text: an empty cluster. A bad text: its problems, no session.
        assert_eq!(Session::from_manifests("").unwrap().cluster.objects(), []);
        let problems = Session::from_manifests("kind: [").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(1));
    }

    #[test]
    fn one_bad_document_means_no_write_and_a_problem_at_its_line_and_column() {
        let start = Session::demo();
        let text = TWO_DOCUMENTS.replace(
            "accessModes: [ReadWriteOnce]\n  storageClassName: manual\n  resources",
            "accessModes: [ReadWriteOnce\n  storageClassName: manual\n  resources",
        );
        let plan = start.prepare_apply(&text);
        assert!(plan.writes().is_empty());
        assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
        assert!(plan.problems[0].line >= Some(14), "{:?}", plan.problems);
        assert!(plan.problems[0].column.is_some());
        // The API server's refusal: an invalid size, at its document's line.
        let refused = TWO_DOCUMENTS.replace("storage: 1Gi}}", "storage: 0}}");
        let plan = start.prepare_apply(&refused);
        assert!(plan.writes().is_empty());
        assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
        assert_eq!(
            (plan.problems[0].line, plan.problems[0].column),
            (Some(10), None)
        );
        assert!(
            plan.problems[0].message.contains("claim-new"),
            "{:?}",
            plan.problems
        );
    }

    #[test]
    fn loading_a_session_is_a_change_undo_takes_back() {
        let start = Session::demo();
        let restored = start.apply(Action::Restore(Box::new(Session::empty())));
        assert_eq!(restored.cluster.objects(), []);
        assert!(
            !restored.can_undo(),
            "nothing to undo back to: the page opened with it"
        );
        let changed = start.apply(Action::Settle);
        let over_a_change = changed.apply(Action::Restore(Box::new(Session::empty())));
        assert_eq!(over_a_change.apply(Action::Undo).cluster, changed.cluster);
        let loaded = start.apply(Action::Load(Box::new(Session::empty())));
        assert_eq!(loaded.cluster.objects(), []);
        let back = loaded.apply(Action::Undo);
        assert_eq!(back.cluster, start.cluster);
    }
    use pv_engine::objects::ClaimPhase;

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
        let changed = selected.apply(Action::Delete(ObjectKey::new(
            Kind::PersistentVolumeClaim,
            Some("shop"),
            "archive",
        )));
        let again = changed.apply(Action::Restart);
        assert_eq!(
            again.cluster,
            Session::settled_demo().cluster,
            "restart returns to the first screen"
        );
        assert!(again.settled);
        assert_eq!(
            again.selected.as_deref(),
            Some("shop/cache"),
            "restart keeps the claim followed"
        );
        assert_eq!(phase(&again, "db-data"), ClaimPhase::Bound);
        assert!(again.can_undo(), "a restart is undone like any change");
    }

    #[test]
    fn the_first_screen_is_settled_and_follows_a_claim_worth_seeing() {
        use pv_engine::explain::Route;
        let first = Session::settled_demo();
        assert!(first.settled && !first.can_undo() && !first.can_redo());
        assert_eq!(first.followed_claim().as_deref(), Some(FIRST_CLAIM));
        let (ns, name) = FIRST_CLAIM.split_once('/').unwrap();
        let story = first.cluster.explain_claim(ns, name).unwrap();
        assert_eq!(story.phase, ClaimPhase::Bound);
        assert!(matches!(story.route, Route::Static { .. }));
        assert!(!story.pods.is_empty(), "a pod uses it");
        assert!(
            story.volumes.iter().filter(|v| !v.chosen).count() >= 2,
            "other volumes say why they did not fit"
        );
        // Watching the demo from the start: objects created, step mode, one pass per Step.
        let watch = Session::demo_stepping();
        assert!(watch.step_mode && !watch.settled);
        let stepped = watch.apply(Action::Step);
        assert!(stepped.step_mode);
        assert_eq!(stepped.passes, 1);
    }

    #[test]
    fn a_step_keeps_what_each_controller_decided_and_any_other_change_forgets_it() {
        use pv_engine::trace::Controller;
        let stepped = Session::demo().apply(Action::Step);
        let pass = stepped.last_pass.clone().expect("a step records its pass");
        assert_eq!(
            pass.steps.iter().map(|s| s.controller).collect::<Vec<_>>(),
            Controller::PASS
        );
        assert!(pass.changed());
        assert_eq!(stepped.apply(Action::Undo).last_pass, None);
        assert_eq!(stepped.apply(Action::Settle).last_pass, None);
        assert_eq!(
            stepped
                .apply(Action::Select("shop/cache".into()))
                .last_pass
                .as_ref(),
            Some(&pass),
            "following another claim keeps the pass to show"
        );
    }

    #[test]
    fn adding_a_claim_follows_it() {
        let start = Session::settled_demo();
        let added = start.apply(Action::Apply(vec![claim_write(
            "logs",
            "1Gi",
            Some("fast"),
        )]));
        assert_eq!(added.followed_claim().as_deref(), Some("shop/logs"));
        // Replacing an existing claim, or adding something else, keeps the claim followed.
        let mut cache = start.cluster.claim("shop", "cache").unwrap().clone();
        cache.metadata.labels.insert("tier".into(), "hot".into());
        let replaced = start.apply(Action::Apply(vec![Write::keeping_finalizers(
            Object::PersistentVolumeClaim(cache),
        )]));
        assert_eq!(replaced.followed_claim().as_deref(), Some(FIRST_CLAIM));
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
        use pv_engine::objects::VolumePhase;
        let settled = Session::demo()
            .apply(Action::SetStepMode(true))
            .apply(Action::Settle);
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

    fn claim_write(name: &str, request: &str, class: Option<&str>) -> Write {
        use pv_engine::objects::PersistentVolumeClaim;
        let mut claim = PersistentVolumeClaim::default();
        claim.metadata.name = name.into();
        claim.metadata.namespace = Some("shop".into());
        claim.spec.access_modes = vec!["ReadWriteOnce".into()];
        claim.spec.storage_class_name = class.map(str::to_owned);
        claim
            .spec
            .resources
            .requests
            .insert("storage".into(), request.parse().expect("a quantity"));
        Write::keeping_finalizers(Object::PersistentVolumeClaim(claim))
    }

    #[test]
    fn an_applied_claim_is_provisioned_at_once_unless_in_step_mode() {
        let start = Session::demo().apply(Action::Settle);
        let added = start.apply(Action::Apply(vec![claim_write(
            "logs",
            "1Gi",
            Some("fast"),
        )]));
        assert!(added.settled);
        assert_eq!(
            phase(&added, "logs"),
            ClaimPhase::Bound,
            "provisioned, then bound"
        );
        assert_eq!(
            added.apply(Action::Undo).cluster,
            start.cluster,
            "one undo takes it back"
        );

        let stepping = start.apply(Action::SetStepMode(true));
        let waiting = stepping.apply(Action::Apply(vec![claim_write(
            "logs",
            "1Gi",
            Some("fast"),
        )]));
        assert!(!waiting.settled);
        assert_eq!(phase(&waiting, "logs"), ClaimPhase::Pending);
    }

    #[test]
    fn a_checked_batch_commits_the_cluster_it_was_checked_on_and_rechecks_elsewhere() {
        let start = Session::demo().apply(Action::Settle);
        let checked = start
            .check(&[claim_write("logs", "1Gi", Some("fast"))])
            .expect("accepted");
        // On the state it was checked against: the same result as applying the writes.
        let committed = start.apply(Action::Commit(Box::new(checked.clone())));
        let applied = start.apply(Action::Apply(checked.writes().to_vec()));
        assert_eq!(committed.cluster, applied.cluster);
        assert_eq!(phase(&committed, "logs"), ClaimPhase::Bound);
        // On a state that moved on (the claim now exists with another size), the writes are
        // checked again rather than the stale cluster adopted.
        let moved = start.apply(Action::Apply(vec![claim_write(
            "logs",
            "5Gi",
            Some("fast"),
        )]));
        let recommitted = moved.apply(Action::Commit(Box::new(checked)));
        let claim = recommitted.cluster.claim("shop", "logs").expect("kept");
        assert_eq!(claim.spec.resources.requests["storage"].to_string(), "5Gi");
        assert_eq!(recommitted, moved, "shrinking a bound claim is refused");
    }

    #[test]
    fn a_batch_with_one_invalid_object_changes_nothing_and_says_which() {
        let start = Session::demo().apply(Action::Settle);
        let batch = vec![
            claim_write("logs", "1Gi", Some("fast")),
            claim_write("Bad_Name", "1Gi", None),
        ];
        let refusals = start
            .check(&batch)
            .expect_err("the second claim is invalid");
        assert_eq!(refusals.len(), 1);
        assert_eq!(refusals[0].index, 1);
        assert!(
            refusals[0]
                .error
                .to_string()
                .contains("metadata.name: Invalid value: \"Bad_Name\""),
            "{}",
            refusals[0].error
        );
        assert_eq!(start.apply(Action::Apply(batch)), start);
    }

    #[test]
    fn applying_an_existing_object_replaces_it() {
        let start = Session::demo().apply(Action::Settle);
        let mut claim = start
            .cluster
            .claim("shop", "cache")
            .expect("demo claim")
            .clone();
        claim.metadata.labels.insert("tier".into(), "hot".into());
        let replaced = start.apply(Action::Apply(vec![Write::keeping_finalizers(
            Object::PersistentVolumeClaim(claim),
        )]));
        let stored = replaced
            .cluster
            .claim("shop", "cache")
            .expect("still there");
        assert_eq!(
            stored.metadata.labels.get("tier").map(String::as_str),
            Some("hot")
        );
        assert_eq!(stored.status.phase, ClaimPhase::Bound, "status kept");
    }
}
