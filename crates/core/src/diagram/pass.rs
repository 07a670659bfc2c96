//! A controller pass on the live flowchart: for the claim followed, what each controller of
//! the last pass decided about it, its volume and its pods, the events each reported about
//! them, and which boxes of the flowchart that touched, in the order the pass ran. The page
//! lights the boxes up in that order; the order and the decisions are the engine's trace
//! (`pv_engine::trace`), the boxes a pure mapping from what changed to the seed's steps.

use super::flowchart::ids::*;
use pv_engine::annotations as ann;
use pv_engine::events::Event;
use pv_engine::explain::{ClaimExplanation, Route};
use pv_engine::objects::{Kind, ObjectKey};
use pv_engine::sort::CompactSort;
use pv_engine::trace::{Change, Controller, PassTrace};

/// The Pod group's id on the flowchart: a pod's decisions light the box the claim sits in.
pub const POD_GROUP: &str = "pod";

/// One controller's part of the pass, for the claim followed.
#[derive(Clone, Debug, PartialEq)]
pub struct PassStep {
    pub controller: Controller,
    /// What it changed in the claim, its volume or its pods, in words.
    pub decisions: Vec<String>,
    /// The events it reported about them.
    pub events: Vec<Event>,
    /// The flowchart boxes (node ids, or [`POD_GROUP`]) those touched, in flowchart order.
    pub boxes: Vec<&'static str>,
    /// How many changes it made to other objects.
    pub elsewhere: usize,
}

/// The pass as the flowchart shows it: every controller in the order it ran.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PassOnFlowchart {
    pub steps: Vec<PassStep>,
}

impl PassOnFlowchart {
    /// The step (0-based) that first touched each box, for the drawing's marks.
    pub fn first_touch(&self) -> Vec<(&'static str, usize)> {
        let mut out: Vec<(&'static str, usize)> = Vec::new();
        for (i, step) in self.steps.iter().enumerate() {
            for b in &step.boxes {
                if !out.iter().any(|(seen, _)| seen == b) {
                    out.push((b, i));
                }
            }
        }
        out
    }
}

/// The flowchart order of the boxes, so a step lists them as the eye reads the chart.
const ORDER: [&str; 8] = [
    POD_GROUP,
    CLAIM,
    REQUIREMENTS,
    DECISION,
    STATIC,
    DYNAMIC,
    STORAGE_CLASS,
    VOLUME,
];

/// The last pass, for the claim `explanation` explains.
pub fn pass_on_flowchart(trace: &PassTrace, explanation: &ClaimExplanation) -> PassOnFlowchart {
    let (namespace, name) = explanation
        .claim
        .split_once('/')
        .unwrap_or(("default", &explanation.claim));
    let claim = ObjectKey::new(Kind::PersistentVolumeClaim, Some(namespace), name);
    let volume = match &explanation.route {
        Route::Static { volume, .. } | Route::Lost { volume, .. } => Some(volume.as_str()),
        Route::Dynamic { volume, .. } => volume.as_deref(),
        Route::Blocked { .. } => None,
    }
    .map(|v| ObjectKey::new(Kind::PersistentVolume, None, v));
    let is_pod = |key: &ObjectKey| explanation.pods.iter().any(|p| p.key == *key);
    let relevant = |key: &ObjectKey| *key == claim || Some(key) == volume.as_ref() || is_pod(key);
    let dynamic = matches!(
        explanation.route,
        Route::Dynamic { .. }
            | Route::Lost {
                provisioned_from: Some(_),
                ..
            }
    );
    let steps = trace
        .steps
        .iter()
        .filter(|step| shown_in_every_pass(step.controller) || acted(step))
        .map(|step| {
            let mut boxes: Vec<&'static str> = Vec::new();
            let mut decisions = Vec::new();
            let mut elsewhere = 0;
            for decision in &step.decisions {
                if !relevant(&decision.object) {
                    elsewhere += 1;
                    continue;
                }
                decisions.push(decision.to_string());
                boxes.extend(decision_boxes(
                    decision.object.kind,
                    &decision.change,
                    dynamic,
                ));
            }
            let events: Vec<Event> = step
                .events
                .iter()
                .filter(|e| relevant(&e.object))
                .cloned()
                .collect();
            boxes.extend(
                events
                    .iter()
                    .flat_map(|e| event_boxes(e.object.kind, &e.reason)),
            );
            boxes.compact_sort_by_key(|b| ORDER.iter().position(|o| o == b));
            boxes.dedup();
            PassStep {
                controller: step.controller,
                decisions,
                events,
                boxes,
                elsewhere,
            }
        })
        .collect();
    PassOnFlowchart { steps }
}

/// The storage controllers of the seed's story show in every pass, acting or not; the
/// collector, the workload controllers and expansion only in a pass where they acted, so a
/// pass of storage alone reads as those five steps.
fn shown_in_every_pass(controller: Controller) -> bool {
    matches!(
        controller,
        Controller::Protection
            | Controller::PvController
            | Controller::Provisioner
            | Controller::Scheduler
            | Controller::AttachDetach
    )
}

/// Whether a controller changed anything or reported an event in the pass, about any object.
fn acted(step: &pv_engine::trace::ControllerStep) -> bool {
    !step.decisions.is_empty() || !step.events.is_empty()
}

/// The boxes a change touches: the claim handed to a provisioner went "No → Dynamic", a
/// binding reached the volume (through "Yes → Static" when the claim took a volume that
/// existed), a provisioned volume came from the StorageClass.
fn decision_boxes(kind: Kind, change: &Change, dynamic: bool) -> Vec<&'static str> {
    match (kind, change) {
        (Kind::PersistentVolumeClaim, Change::Annotated { key, .. })
            if key == ann::STORAGE_PROVISIONER =>
        {
            vec![DECISION, DYNAMIC]
        }
        (Kind::PersistentVolumeClaim, Change::Annotated { .. }) => vec![DYNAMIC],
        (Kind::PersistentVolumeClaim, Change::ClassSet { .. }) => vec![REQUIREMENTS],
        (Kind::PersistentVolumeClaim, Change::BoundTo { .. }) if dynamic => vec![VOLUME],
        (Kind::PersistentVolumeClaim, Change::BoundTo { .. }) => vec![DECISION, STATIC, VOLUME],
        (Kind::PersistentVolumeClaim, _) => vec![CLAIM],
        (Kind::PersistentVolume, Change::Created { .. }) => vec![STORAGE_CLASS, VOLUME],
        (Kind::PersistentVolume, _) => vec![VOLUME],
        (Kind::Pod, _) => vec![POD_GROUP],
        _ => Vec::new(),
    }
}

/// The boxes an event is about, by Kubernetes' reason (rule book §14).
fn event_boxes(kind: Kind, reason: &str) -> Vec<&'static str> {
    match (kind, reason) {
        (Kind::Pod, _) => vec![POD_GROUP],
        (Kind::PersistentVolume, _) => vec![VOLUME],
        (_, "ExternalProvisioning" | "Provisioning") => vec![DYNAMIC, STORAGE_CLASS],
        (_, "ProvisioningSucceeded") => vec![STORAGE_CLASS, VOLUME],
        (_, "ProvisioningFailed") => vec![STORAGE_CLASS],
        (_, "FailedBinding") => vec![DECISION],
        (_, "WaitForFirstConsumer" | "WaitForPodScheduled") => vec![DYNAMIC],
        (_, "VolumeMismatch") => vec![STATIC],
        (_, "ClaimLost" | "ClaimMisbound") => vec![VOLUME],
        _ => vec![CLAIM],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Action, Session};

    fn boxes(session: &Session, claim: &str) -> Vec<(Controller, Vec<&'static str>)> {
        let (ns, name) = claim.split_once('/').unwrap();
        let e = session.cluster.explain_claim(ns, name).unwrap();
        let trace = session.last_pass.as_ref().expect("a step");
        pass_on_flowchart(trace, &e)
            .steps
            .into_iter()
            .map(|s| (s.controller, s.boxes))
            .collect()
    }

    #[test]
    fn a_dynamic_claim_lights_no_then_the_class_then_its_volume_never_static() {
        let first = Session::demo().apply(Action::Step);
        assert_eq!(
            boxes(&first, "shop/cache"),
            [
                (Controller::Protection, vec![]),
                (
                    Controller::PvController,
                    vec![DECISION, DYNAMIC, STORAGE_CLASS]
                ),
                (
                    Controller::Provisioner,
                    vec![DYNAMIC, STORAGE_CLASS, VOLUME]
                ),
                (Controller::Scheduler, vec![]),
                (Controller::AttachDetach, vec![]),
            ]
        );
        let second = first.apply(Action::Step);
        let lit: Vec<&str> = boxes(&second, "shop/cache")
            .into_iter()
            .flat_map(|(_, b)| b)
            .collect();
        assert!(lit.contains(&VOLUME), "{lit:?}");
        assert!(!lit.contains(&STATIC), "{lit:?}");
    }

    #[test]
    fn a_static_claim_lights_yes_its_volume_and_its_pod() {
        let first = Session::demo().apply(Action::Step);
        let steps = boxes(&first, "shop/db-data");
        assert_eq!(steps[1].1, [CLAIM, DECISION, STATIC, VOLUME]);
        assert_eq!(steps[3].1, [POD_GROUP], "the scheduler placed its pod");
        let (ns, name) = ("shop", "db-data");
        let e = first.cluster.explain_claim(ns, name).unwrap();
        let pass = pass_on_flowchart(first.last_pass.as_ref().unwrap(), &e);
        assert_eq!(
            pass.first_touch(),
            [
                (CLAIM, 1),
                (DECISION, 1),
                (STATIC, 1),
                (VOLUME, 1),
                (POD_GROUP, 3)
            ]
        );
        assert!(pass.steps[1]
            .decisions
            .contains(&"claim shop/db-data: Pending → Bound".to_owned()));
        assert!(pass.steps[1].elsewhere > 0, "other claims changed too");
    }

    #[test]
    fn a_statefulset_s_claim_is_made_by_its_controller_in_the_pass() {
        let text = format!(
            "{}{}",
            pv_fixtures::manifests::FAST_CLASS_AND_NODE,
            pv_fixtures::manifests::web_stateful_set("default", 1, "{}", Some("fast"))
        );
        let stepping = Session::empty().apply(Action::SetStepMode(true));
        let plan = stepping.prepare_apply(&text);
        let checked = plan.checked.expect("valid");
        let session = stepping
            .apply(Action::Commit(Box::new(checked)))
            .apply(Action::Step);
        let steps = boxes(&session, "default/www-web-0");
        let controllers: Vec<Controller> = steps.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            controllers,
            [
                Controller::Protection,
                Controller::StatefulSet,
                Controller::PvController,
                Controller::Provisioner,
                Controller::Scheduler,
                Controller::AttachDetach,
            ],
            "the set acted; the collector, Deployments, ReplicaSets and expansion did not"
        );
        assert_eq!(
            steps[1].1,
            [POD_GROUP, CLAIM],
            "it made the pod and the claim"
        );
    }
}
