//! A learner's reading of a goal or an `expect` step: each thing it names as one sentence, ✓
//! when the cluster shows it, ✗ with why not in the engine's own explanations
//! (`pv_engine::explain`: the claim's route and why it is blocked, each volume's first failed
//! rule, a volume's phase and `claimRef`, a pod's FailedScheduling or FailedAttachVolume
//! message), never "expected X, got Y". Whether an entry holds is the runner's comparison
//! ([`Expect::check`]) on that entry alone, so the page and `pvsim run` cannot disagree.

use super::expect::{Entry, History};
use super::{ClaimExpect, EventExpect, Expect, PodExpect, VolumeExpect};
use pv_engine::cluster::Cluster;
use pv_engine::explain::{Blocked, ClaimExplanation, Route};
use pv_engine::objects::{ClaimPhase, Kind, ObjectKey, PersistentVolume, VolumePhase};
use pv_engine::sort::CompactSort;

/// One thing a goal or an `expect` step names, as a sentence for a learner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub holds: bool,
    /// What holds ("claim default/web is Bound to the volume provisioned for it"), or what
    /// the cluster shows instead and why ("volume pv-old is Released: its claimRef still names
    /// the deleted claim default/old").
    pub text: String,
}

/// How many other volumes a failed claim check names with their first failed rule.
const VOLUMES_NAMED: usize = 3;

impl Expect {
    /// Every entry of this expectation as a [`Verdict`], in the file's order by section
    /// (claims, volumes, pods, events).
    pub fn verdicts(&self, cluster: &Cluster, history: &History) -> Vec<Verdict> {
        self.entries()
            .into_iter()
            .map(|(entry, one)| {
                let holds = one.check(cluster, history).is_ok();
                let text = if holds {
                    describe(entry)
                } else {
                    why_not(entry, cluster, history)
                };
                Verdict { holds, text }
            })
            .collect()
    }
}

/// The entry as a sentence that holds.
fn describe(entry: Entry) -> String {
    match entry {
        Entry::Claim(key, want) => describe_claim(key, want),
        Entry::Volume(key, want) => describe_volume(key, want),
        Entry::Pod(key, want) => describe_pod(key, want),
        Entry::Event(want) => describe_event(want),
    }
}

fn why_not(entry: Entry, cluster: &Cluster, history: &History) -> String {
    match entry {
        Entry::Claim(key, want) => why_not_claim(cluster, history, key, want),
        Entry::Volume(key, want) => why_not_volume(cluster, history, key, want),
        Entry::Pod(key, want) => why_not_pod(cluster, key, want),
        Entry::Event(want) => why_not_event(cluster, want),
    }
}

/// `subject: reason; reason`, or the subject alone.
fn with_reasons(subject: String, reasons: Vec<String>) -> String {
    if reasons.is_empty() {
        subject
    } else {
        format!("{subject}: {}", reasons.join("; "))
    }
}

/// A sentence of the engine's as a clause among others: lower-case start, no final stop.
fn as_clause(sentence: &str) -> String {
    let trimmed = sentence.trim_end_matches('.');
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn class_words(class: Option<&str>) -> String {
    match class {
        Some("") => "storageClassName \"\" (no class)".to_owned(),
        Some(name) => format!("class {name}"),
        None => "no storageClassName".to_owned(),
    }
}

fn describe_claim(key: &str, want: &ClaimExpect) -> String {
    if want.deleted == Some(true) {
        return format!("claim {key} does not exist");
    }
    let volume = want.volume.as_ref().map(|v| match v.as_deref() {
        Some("dynamic") => Some("the volume provisioned for it".to_owned()),
        Some(name) => Some(name.to_owned()),
        None => None,
    });
    let mut text = format!("claim {key}");
    match (want.phase, volume) {
        (Some(ClaimPhase::Bound), Some(Some(v))) => text.push_str(&format!(" is Bound to {v}")),
        (Some(phase), Some(Some(v))) => text.push_str(&format!(" is {phase}, bound to {v}")),
        (Some(phase), Some(None)) => text.push_str(&format!(" is {phase}, bound to no volume")),
        (Some(phase), None) => text.push_str(&format!(" is {phase}")),
        (None, Some(Some(v))) => text.push_str(&format!(" is bound to {v}")),
        (None, Some(None)) => text.push_str(" is bound to no volume"),
        (None, None) => text.push_str(" exists"),
    }
    if let Some(capacity) = &want.capacity {
        text.push_str(&format!(", with capacity {capacity}"));
    }
    if let Some(class) = &want.storage_class_name {
        text.push_str(&format!(", with {}", class_words(class.as_deref())));
    }
    text
}

fn volume_subject(key: &str) -> String {
    match key.strip_prefix("dynamic:") {
        Some(claim) => format!("the volume provisioned for {claim}"),
        None => format!("volume {key}"),
    }
}

fn describe_volume(key: &str, want: &VolumeExpect) -> String {
    if want.deleted == Some(true) {
        return match key.strip_prefix("dynamic:") {
            Some(claim) => format!("no volume provisioned for {claim} exists"),
            None => format!("volume {key} does not exist"),
        };
    }
    let mut text = volume_subject(key);
    match (want.phase, &want.claim) {
        (Some(VolumePhase::Bound), Some(Some(claim))) => {
            text.push_str(&format!(" is Bound to {claim}"))
        }
        (Some(phase), Some(Some(claim))) => {
            text.push_str(&format!(" is {phase}, its claimRef naming {claim}"))
        }
        (Some(phase), Some(None)) => text.push_str(&format!(" is {phase}, with no claimRef")),
        (Some(phase), None) => text.push_str(&format!(" is {phase}")),
        (None, Some(Some(claim))) => text.push_str(&format!(" has a claimRef naming {claim}")),
        (None, Some(None)) => text.push_str(" has no claimRef"),
        (None, None) => text.push_str(" exists"),
    }
    if let Some(capacity) = &want.capacity {
        text.push_str(&format!(", with capacity {capacity}"));
    }
    if let Some(policy) = &want.reclaim_policy {
        text.push_str(&format!(", reclaim policy {policy}"));
    }
    if let Some(class) = &want.storage_class_name {
        text.push_str(&format!(", with {}", class_words(class.as_deref())));
    }
    text
}

fn describe_pod(key: &str, want: &PodExpect) -> String {
    let mut parts = Vec::new();
    match &want.node {
        Some(Some(node)) => parts.push(format!("runs on {node}")),
        Some(None) => parts.push("is not scheduled to a node".to_owned()),
        None => {}
    }
    if let Some(claims) = &want.claims {
        parts.push(match claims.as_slice() {
            [] => "mounts no claim".to_owned(),
            [one] => format!("mounts claim {one}"),
            many => format!("mounts claims {}", many.join(", ")),
        });
    }
    if let Some(phase) = &want.phase {
        parts.push(format!("is {phase}"));
    }
    if parts.is_empty() {
        parts.push("exists".to_owned());
    }
    format!("pod {key} {}", parts.join(" and "))
}

fn describe_event(want: &EventExpect) -> String {
    let message = want
        .message
        .as_deref()
        .map(|m| format!(" (\"{m}\")"))
        .unwrap_or_default();
    if want.absent {
        format!("{} has no {} event{message}", want.object, want.reason)
    } else {
        format!("{} has the event {}{message}", want.object, want.reason)
    }
}

/// The claim's explanation, if `key` names one (`namespace/name`).
fn explanation(cluster: &Cluster, key: &str) -> Option<ClaimExplanation> {
    let (namespace, name) = key.split_once('/')?;
    cluster.explain_claim(namespace, name)
}

/// The engine's verdict on one volume for a claim.
fn verdict_on(explanation: &ClaimExplanation, volume: &str) -> Option<String> {
    explanation
        .volumes
        .iter()
        .find(|v| v.volume == volume)
        .map(|v| v.reason.clone())
}

/// Why an unbound claim is where it is: its route in the engine's words, then (where no
/// volume was chosen and none is being provisioned) the other volumes' first failed rules.
/// Volumes bound to other live claims are counted, not listed; a volume still kept for a
/// deleted claim is described by its phase and claimRef.
fn route_reasons(cluster: &Cluster, explanation: &ClaimExplanation) -> Vec<String> {
    let mut reasons = vec![explanation.route.message()];
    if !matches!(explanation.route, Route::Blocked { .. }) {
        return reasons;
    }
    let mut taken = 0;
    let mut refused = Vec::new();
    for verdict in explanation.volumes.iter().filter(|v| !v.chosen) {
        let Some(pv) = cluster.volume(&verdict.volume) else {
            continue;
        };
        match holder(cluster, pv) {
            Holder::Live(claim) if claim != explanation.claim => taken += 1,
            stale @ Holder::Deleted { .. } => refused.push(format!(
                "{}: {}, {}",
                verdict.volume,
                pv.status.phase,
                claim_ref_words(&stale)
            )),
            _ => refused.push(format!("{}: {}", verdict.volume, verdict.reason)),
        }
    }
    let more = refused.len().saturating_sub(VOLUMES_NAMED);
    reasons.extend(refused.into_iter().take(VOLUMES_NAMED));
    if more > 0 {
        reasons.push(format!(
            "{more} more volume{} fit{} neither",
            if more == 1 { "" } else { "s" },
            if more == 1 { "s" } else { "" }
        ));
    }
    if taken > 0 {
        reasons.push(format!(
            "{taken} volume{} bound to other claims",
            if taken == 1 { " is" } else { "s are" }
        ));
    }
    reasons
}

/// The problems of the pods that mount the claim (not scheduled, cannot attach).
fn pod_reasons(explanation: &ClaimExplanation) -> Vec<String> {
    explanation
        .pods
        .iter()
        .filter_map(|p| Some(format!("pod {}: {}", p.pod, p.problem.as_ref()?)))
        .collect()
}

/// Which pods that run on a node keep a claim from going (pvc-protection).
fn holders(cluster: &Cluster, namespace: &str, claim: &str) -> Vec<String> {
    cluster
        .pods()
        .filter(|p| {
            p.metadata.namespace.as_deref().unwrap_or("default") == namespace
                && !p.spec.node_name.is_empty()
                && p.spec.claim_names().any(|c| c == claim)
        })
        .map(|p| p.metadata.namespaced_name())
        .collect()
}

fn why_not_claim(cluster: &Cluster, history: &History, key: &str, want: &ClaimExpect) -> String {
    let Some((namespace, name)) = key.split_once('/') else {
        return format!("claim {key}: a claim is named namespace/name");
    };
    let Some(claim) = cluster.claim(namespace, name) else {
        return format!("claim {key} does not exist");
    };
    let terminating = claim.metadata.is_being_deleted();
    if want.deleted == Some(true) {
        let subject = format!("claim {key} still exists");
        if !terminating {
            return subject;
        }
        let pods = holders(cluster, namespace, name);
        return with_reasons(
            format!("{subject}, Terminating"),
            vec![format!(
                "pvc-protection keeps it while pod{} {} use{} it",
                if pods.len() == 1 { "" } else { "s" },
                pods.join(", "),
                if pods.len() == 1 { "s" } else { "" }
            )],
        );
    }
    let Some(explained) = cluster.explain_claim(namespace, name) else {
        return format!("claim {key} does not exist");
    };
    let bound_to = (!claim.spec.volume_name.is_empty()).then_some(claim.spec.volume_name.as_str());
    let mut subject = format!("claim {key} is {}", claim.status.phase);
    if terminating {
        subject.push_str(" (Terminating)");
    }
    if let (ClaimPhase::Bound, Some(volume)) = (claim.status.phase, bound_to) {
        subject.push_str(&format!(" to {volume}"));
    }
    let mut reasons = Vec::new();
    if let Some(class) = &want.storage_class_name {
        if *class != claim.spec.storage_class_name {
            reasons.push(format!(
                "it asks for {}",
                class_words(claim.spec.storage_class_name.as_deref())
            ));
        }
    }
    if let Some(capacity) = &want.capacity {
        match claim.status.capacity.get("storage") {
            Some(actual) if actual != capacity => reasons.push(format!("its capacity is {actual}")),
            None if claim.status.phase == ClaimPhase::Bound => {
                reasons.push("it shows no capacity".to_owned())
            }
            _ => {}
        }
        // Where a resize stands (the expand controller, the resizer, the kubelet).
        if claim.status.capacity.get("storage") != Some(capacity) {
            reasons.extend(
                explained
                    .notes
                    .iter()
                    .filter(|n| {
                        matches!(
                            n,
                            pv_engine::claim_notes::Note::ResizeStuck { .. }
                                | pv_engine::claim_notes::Note::Resizing { .. }
                                | pv_engine::claim_notes::Note::ResizeWaitsForPod { .. }
                        )
                    })
                    .map(|n| as_clause(&n.text())),
            );
        }
    }
    if let (Some(Some(wanted)), ClaimPhase::Bound, Some(actual)) =
        (&want.volume, claim.status.phase, bound_to)
    {
        let expected = match wanted.as_str() {
            "dynamic" => history.dynamic_volume(cluster, key),
            name => Some(name.to_owned()),
        };
        if expected.as_deref() != Some(actual) {
            let chosen = verdict_on(&explained, actual).unwrap_or_default();
            match (wanted.as_str(), expected) {
                ("dynamic", _) => {
                    reasons.push(format!("{actual} was not provisioned for it ({chosen})"))
                }
                (_, Some(other)) => match verdict_on(&explained, &other) {
                    Some(reason) => reasons.push(format!("{other}: {reason}")),
                    None => reasons.push(format!("volume {other} does not exist")),
                },
                _ => {}
            }
        }
    }
    if claim.status.phase != ClaimPhase::Bound {
        reasons.extend(route_reasons(cluster, &explained));
    }
    // The pods' troubles explain a claim that waits for its pod, or a bound one they cannot
    // use; for a claim blocked on its own they are only a consequence.
    let waits_for_pod = matches!(
        explained.route,
        Route::Blocked {
            reason: Blocked::WaitForPodScheduled,
            ..
        }
    );
    if waits_for_pod || claim.status.phase == ClaimPhase::Bound {
        reasons.extend(pod_reasons(&explained));
    }
    with_reasons(subject, reasons)
}

/// Whom a volume's `claimRef` names, as the cluster stands.
enum Holder {
    /// No `claimRef`.
    Nobody,
    /// Reserved for a claim by namespace/name (no uid).
    Reserved(String),
    /// The live claim with that uid.
    Live(String),
    /// A claim that was deleted; `recreated` when a new claim of that name exists.
    Deleted { claim: String, recreated: bool },
}

fn holder(cluster: &Cluster, pv: &PersistentVolume) -> Holder {
    let Some(reference) = &pv.spec.claim_ref else {
        return Holder::Nobody;
    };
    let namespace = if reference.namespace.is_empty() {
        "default"
    } else {
        reference.namespace.as_str()
    };
    let claim = format!("{namespace}/{}", reference.name);
    if reference.uid.is_empty() {
        return Holder::Reserved(claim);
    }
    match cluster.claim(namespace, &reference.name) {
        Some(live) if live.metadata.uid == reference.uid => Holder::Live(claim),
        other => Holder::Deleted {
            claim,
            recreated: other.is_some(),
        },
    }
}

/// What a volume's `claimRef` says, for a learner: whom it is bound or reserved for, or that
/// it still names a claim that was deleted (rule book §5, §10).
fn claim_ref_words(holder: &Holder) -> String {
    match holder {
        Holder::Nobody => "it has no claimRef".to_owned(),
        Holder::Reserved(claim) => format!("its claimRef reserves it for {claim} by name"),
        Holder::Live(claim) => format!("its claimRef names {claim}"),
        Holder::Deleted {
            claim,
            recreated: false,
        } => format!("its claimRef still names the deleted claim {claim}"),
        Holder::Deleted {
            claim,
            recreated: true,
        } => format!(
            "its claimRef still names the deleted claim {claim} by its uid, not the new claim of that name"
        ),
    }
}

/// The subject of a sentence about a volume as it stands: `volume pv-1 is Bound to ns/c`,
/// `volume pv-1 is Released`; and whether its claimRef is already said.
fn volume_state(subject: &str, pv: &PersistentVolume, holder: &Holder) -> (String, bool) {
    let terminating = if pv.metadata.is_being_deleted() {
        " (Terminating)"
    } else {
        ""
    };
    match (pv.status.phase, holder) {
        (VolumePhase::Bound, Holder::Live(claim)) => {
            (format!("{subject} is Bound to {claim}{terminating}"), true)
        }
        (phase, _) => (format!("{subject} is {phase}{terminating}"), false),
    }
}

fn why_not_volume(cluster: &Cluster, history: &History, key: &str, want: &VolumeExpect) -> String {
    let subject = volume_subject(key);
    let name = match key.strip_prefix("dynamic:") {
        Some(claim) => match history.dynamic_volume(cluster, claim) {
            Some(name) => name,
            None => {
                return format!(
                    "no volume was provisioned for {claim}: that claim was never created"
                )
            }
        },
        None => key.to_owned(),
    };
    let Some(pv) = cluster.volume(&name) else {
        if let Some(claim) = key.strip_prefix("dynamic:") {
            let reasons = explanation(cluster, claim)
                .map(|e| vec![e.route.message()])
                .unwrap_or_default();
            return with_reasons(
                format!("no volume has been provisioned for {claim}"),
                reasons,
            );
        }
        let gone = cluster.deleted_volumes().iter().any(|d| d.name == name);
        return format!(
            "{subject} does not exist{}",
            if gone { " (it was deleted)" } else { "" }
        );
    };
    let holder = holder(cluster, pv);
    let (state, said) = volume_state(&subject, pv, &holder);
    let policy = pv.spec.reclaim_policy();
    let mut reasons = Vec::new();
    if !said {
        reasons.push(claim_ref_words(&holder));
    }
    if want.deleted == Some(true) {
        if pv.metadata.is_being_deleted() && pv.status.phase == VolumePhase::Bound {
            reasons.push("pv-protection keeps it while it is Bound".to_owned());
        }
        reasons.push(format!("reclaim policy {policy}"));
        if let Some(message) = pv.status.message.as_ref().filter(|m| !m.is_empty()) {
            reasons.push(message.clone());
        }
        return with_reasons(state.replacen(" is ", " still exists, ", 1), reasons);
    }
    if let Some(message) = pv.status.message.as_ref().filter(|m| !m.is_empty()) {
        reasons.push(message.clone());
    }
    if let Some(capacity) = &want.capacity {
        match pv.spec.storage() {
            Some(actual) if actual == capacity => {}
            Some(actual) => reasons.push(format!("its capacity is {actual}")),
            None => reasons.push("it has no capacity".to_owned()),
        }
    }
    if want.reclaim_policy.as_ref().is_some_and(|p| *p != policy) {
        reasons.push(format!("its reclaim policy is {policy}"));
    }
    if let Some(class) = &want.storage_class_name {
        if *class != pv.spec.storage_class_name {
            reasons.push(format!(
                "it has {}",
                class_words(pv.spec.storage_class_name.as_deref())
            ));
        }
    }
    // Free, yet not taken by the claim it should be bound to: that claim's verdict on it.
    if let (Some(Some(claim)), None) = (&want.claim, &pv.spec.claim_ref) {
        match explanation(cluster, claim) {
            Some(e) => {
                if let Some(reason) = verdict_on(&e, &name) {
                    reasons.push(format!("for {claim}: {reason}"));
                }
            }
            None => reasons.push(format!("claim {claim} does not exist")),
        }
    }
    with_reasons(state, reasons)
}

/// Why a pod is not where it should be: the scheduler's message for an unscheduled pod, the
/// attach/detach controller's for one that cannot start, as the explanation of its claims
/// gives them (the last such event otherwise).
fn pod_problem(cluster: &Cluster, namespace: &str, name: &str) -> Option<String> {
    let pod = cluster.pod(namespace, name)?;
    let wanted = format!("{namespace}/{name}");
    let from_claims = pod.spec.claim_names().find_map(|claim| {
        cluster
            .explain_claim(namespace, claim)?
            .pods
            .into_iter()
            .find(|p| p.pod == wanted)?
            .problem
    });
    from_claims.or_else(|| {
        let key = ObjectKey::new(Kind::Pod, Some(namespace), name);
        cluster
            .events()
            .of(&key)
            .filter(|e| e.reason == "FailedScheduling" || e.reason == "FailedAttachVolume")
            .last()
            .map(|e| e.message.clone())
    })
}

fn why_not_pod(cluster: &Cluster, key: &str, want: &PodExpect) -> String {
    let Some((namespace, name)) = key.split_once('/') else {
        return format!("pod {key}: a pod is named namespace/name");
    };
    let Some(pod) = cluster.pod(namespace, name) else {
        return format!("pod {key} does not exist");
    };
    let node = pod.spec.node_name.as_str();
    let phase = pod.status.phase.as_deref().unwrap_or("Pending");
    let mut reasons = Vec::new();
    if let Some(claims) = &want.claims {
        let mounted: Vec<&str> = pod.spec.claim_names().collect();
        let mut wanted: Vec<&str> = claims.iter().map(String::as_str).collect();
        let mut has = mounted.clone();
        wanted.compact_sort();
        has.compact_sort();
        if wanted != has {
            reasons.push(match mounted.as_slice() {
                [] => "it mounts no claim".to_owned(),
                some => format!("it mounts {}", some.join(", ")),
            });
            reasons.push("a pod's volumes cannot change: delete it and create it again".to_owned());
        }
    }
    let subject = if node.is_empty() {
        reasons.extend(pod_problem(cluster, namespace, name));
        format!("pod {key} is not scheduled")
    } else {
        if let Some(Some(wanted)) = &want.node {
            if wanted != node {
                reasons.push(format!(
                    "a scheduled pod never moves: delete it and create it again to place it on {wanted}"
                ));
            }
        }
        if phase != "Running" {
            reasons.extend(pod_problem(cluster, namespace, name));
        }
        format!("pod {key} runs on {node} and is {phase}")
    };
    with_reasons(subject, reasons)
}

fn why_not_event(cluster: &Cluster, want: &EventExpect) -> String {
    let recorded = cluster.events().all().iter().find(|e| {
        e.object.to_string() == want.object
            && e.reason == want.reason
            && want
                .message
                .as_deref()
                .is_none_or(|m| e.message.contains(m))
    });
    if want.absent {
        let message = recorded.map(|e| e.message.as_str()).unwrap_or_default();
        return format!("{} has the event {}: {message}", want.object, want.reason);
    }
    let reasons = explanation(cluster, &want.object)
        .filter(|e| e.phase != ClaimPhase::Bound)
        .map(|e| vec![e.route.message()])
        .unwrap_or_default();
    with_reasons(
        format!("{} has no {} event yet", want.object, want.reason),
        reasons,
    )
}
