//! `expect` steps: what a scenario asserts about claims, volumes, pods and events, and the
//! comparison that names the first mismatch as "expected … got …".

use pv_engine::cluster::Cluster;
use pv_engine::objects::{ClaimPhase, VolumePhase};
use pv_engine::quantity::Quantity;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// Distinguishes an absent key (`None`) from an explicit `null` (`Some(None)`).
fn explicit<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub claims: BTreeMap<String, ClaimExpect>,
    #[serde(default)]
    pub volumes: BTreeMap<String, VolumeExpect>,
    #[serde(default)]
    pub pods: BTreeMap<String, PodExpect>,
    #[serde(default)]
    pub events: Vec<EventExpect>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClaimExpect {
    #[serde(default)]
    pub phase: Option<ClaimPhase>,
    /// A volume name, `null` (not bound), or `dynamic` (the one provisioned for this claim).
    #[serde(default, deserialize_with = "explicit")]
    pub volume: Option<Option<String>>,
    #[serde(default)]
    pub capacity: Option<Quantity>,
    #[serde(default, deserialize_with = "explicit")]
    pub storage_class_name: Option<Option<String>>,
    #[serde(default)]
    pub deleted: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VolumeExpect {
    #[serde(default)]
    pub phase: Option<VolumePhase>,
    /// `namespace/name` of the claimRef, or `null`.
    #[serde(default, deserialize_with = "explicit")]
    pub claim: Option<Option<String>>,
    /// `spec.capacity.storage`, compared as a quantity (`1Gi` equals `1024Mi`).
    #[serde(default)]
    pub capacity: Option<Quantity>,
    #[serde(default)]
    pub reclaim_policy: Option<String>,
    #[serde(default, deserialize_with = "explicit")]
    pub storage_class_name: Option<Option<String>>,
    #[serde(default)]
    pub deleted: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PodExpect {
    #[serde(default, deserialize_with = "explicit")]
    pub node: Option<Option<String>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventExpect {
    pub object: String,
    pub reason: String,
    #[serde(default)]
    pub message: Option<String>,
    /// Our extension: the event must NOT have been recorded (e.g. no Multi-Attach error).
    #[serde(default)]
    pub absent: bool,
}

/// What earlier steps showed that later expectations may need: the uid each claim had, so
/// `dynamic:<ns>/<claim>` still names its volume after the claim is gone.
#[derive(Clone, Debug, Default)]
pub struct History {
    claim_uids: BTreeMap<String, String>,
}

impl History {
    pub fn observe(&mut self, cluster: &Cluster) {
        for claim in cluster.claims() {
            self.claim_uids
                .insert(claim.metadata.namespaced_name(), claim.metadata.uid.clone());
        }
    }

    /// The name of the volume provisioned for `namespace/claim`.
    fn dynamic_volume(&self, cluster: &Cluster, claim: &str) -> Option<String> {
        let (ns, name) = claim.split_once('/')?;
        let uid = cluster
            .claim(ns, name)
            .map(|c| c.metadata.uid.clone())
            .or_else(|| self.claim_uids.get(claim).cloned())?;
        Some(format!("pvc-{uid}"))
    }
}

fn mismatch<T: std::fmt::Debug + ?Sized, U: std::fmt::Debug + ?Sized>(
    what: &str,
    expected: &T,
    actual: &U,
) -> String {
    format!("{what}: expected {expected:?}, got {actual:?}")
}

impl Expect {
    /// The first difference between this expectation and the cluster, if any.
    pub fn check(&self, cluster: &Cluster, history: &History) -> Result<(), String> {
        for (key, want) in &self.claims {
            check_claim(cluster, history, key, want)?;
        }
        for (key, want) in &self.volumes {
            check_volume(cluster, history, key, want)?;
        }
        for (key, want) in &self.pods {
            let (ns, name) = key
                .split_once('/')
                .ok_or_else(|| format!("pods.{key}: keys are namespace/name"))?;
            let pod = cluster
                .pod(ns, name)
                .ok_or_else(|| format!("pods.{key}: no such pod"))?;
            if let Some(node) = &want.node {
                let actual =
                    (!pod.spec.node_name.is_empty()).then_some(pod.spec.node_name.as_str());
                if node.as_deref() != actual {
                    return Err(mismatch(&format!("pods.{key}.node"), node, &actual));
                }
            }
        }
        for want in &self.events {
            let matching = cluster.events().all().iter().find(|e| {
                e.object.to_string() == want.object
                    && e.reason == want.reason
                    && want
                        .message
                        .as_deref()
                        .is_none_or(|m| e.message.contains(m))
            });
            if want.absent {
                if let Some(e) = matching {
                    return Err(format!(
                        "events: expected no {} on {}, got {:?}",
                        want.reason, want.object, e.message
                    ));
                }
                continue;
            }
            if matching.is_none() {
                let seen: Vec<String> = cluster
                    .events()
                    .all()
                    .iter()
                    .filter(|e| e.object.to_string() == want.object)
                    .map(|e| format!("{} {:?}", e.reason, e.message))
                    .collect();
                let message = want
                    .message
                    .as_deref()
                    .map(|m| format!(" with message containing {m:?}"))
                    .unwrap_or_default();
                return Err(format!(
                    "events: expected {} on {}{message}; its events: [{}]",
                    want.reason,
                    want.object,
                    seen.join("; ")
                ));
            }
        }
        Ok(())
    }
}

/// One thing an `expect` step names, worded for a learner ("claim default/db is Bound,
/// bound to pv-1"), and whether the cluster shows it: the runner's own comparison, one entry
/// at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub text: String,
    /// The runner's "expected … got …" when the cluster differs.
    pub outcome: Result<(), String>,
}

impl Expect {
    /// Every entry of this expectation as a [`Check`], in the file's order by section
    /// (claims, volumes, pods, events).
    pub fn checks(&self, cluster: &Cluster, history: &History) -> Vec<Check> {
        let check = |text: String, one: Expect| Check {
            text,
            outcome: one.check(cluster, history),
        };
        let mut out = Vec::new();
        for (key, want) in &self.claims {
            let mut one = Expect::default();
            one.claims.insert(key.clone(), want.clone());
            out.push(check(describe_claim(key, want), one));
        }
        for (key, want) in &self.volumes {
            let mut one = Expect::default();
            one.volumes.insert(key.clone(), want.clone());
            out.push(check(describe_volume(key, want), one));
        }
        for (key, want) in &self.pods {
            let mut one = Expect::default();
            one.pods.insert(key.clone(), want.clone());
            let text = match &want.node {
                Some(Some(node)) => format!("pod {key} runs on {node}"),
                Some(None) => format!("pod {key} is not scheduled to a node"),
                None => format!("pod {key} exists"),
            };
            out.push(check(text, one));
        }
        for want in &self.events {
            let one = Expect {
                events: vec![want.clone()],
                ..Expect::default()
            };
            let message = want
                .message
                .as_deref()
                .map(|m| format!(": \"{m}\""))
                .unwrap_or_default();
            let no = if want.absent { "no " } else { "" };
            let text = format!("{no}event {} on {}{message}", want.reason, want.object);
            out.push(check(text, one));
        }
        out
    }
}

/// `subject is Phase, detail, detail`, or `subject is deleted`.
fn sentence(
    subject: String,
    deleted: Option<bool>,
    phase: Option<String>,
    details: Vec<String>,
) -> String {
    if deleted == Some(true) {
        return format!("{subject} is deleted");
    }
    let mut text = subject;
    match phase {
        Some(phase) => text.push_str(&format!(" is {phase}")),
        None => text.push_str(" exists"),
    }
    for detail in details {
        text.push_str(", ");
        text.push_str(&detail);
    }
    text
}

fn class_detail(class: &Option<Option<String>>) -> Option<String> {
    class.as_ref().map(|c| match c.as_deref() {
        Some("") => "class \"\" (none)".to_owned(),
        Some(name) => format!("class {name}"),
        None => "no storageClassName".to_owned(),
    })
}

fn describe_claim(key: &str, want: &ClaimExpect) -> String {
    let volume = want.volume.as_ref().map(|v| match v.as_deref() {
        Some("dynamic") => "bound to the volume provisioned for it".to_owned(),
        Some(name) => format!("bound to {name}"),
        None => "not bound to a volume".to_owned(),
    });
    let capacity = want.capacity.as_ref().map(|q| format!("capacity {q}"));
    let details = [volume, capacity, class_detail(&want.storage_class_name)];
    sentence(
        format!("claim {key}"),
        want.deleted,
        want.phase.map(|p| p.to_string()),
        details.into_iter().flatten().collect(),
    )
}

fn describe_volume(key: &str, want: &VolumeExpect) -> String {
    let subject = match key.strip_prefix("dynamic:") {
        Some(claim) => format!("the volume provisioned for {claim}"),
        None => format!("volume {key}"),
    };
    let claim = want.claim.as_ref().map(|c| match c {
        Some(claim) => format!("claimed by {claim}"),
        None => "no claim".to_owned(),
    });
    let policy = want
        .reclaim_policy
        .as_ref()
        .map(|p| format!("reclaim policy {p}"));
    let capacity = want.capacity.as_ref().map(|q| format!("capacity {q}"));
    let details = [
        claim,
        capacity,
        policy,
        class_detail(&want.storage_class_name),
    ];
    sentence(
        subject,
        want.deleted,
        want.phase.map(|p| p.to_string()),
        details.into_iter().flatten().collect(),
    )
}

fn check_claim(
    cluster: &Cluster,
    history: &History,
    key: &str,
    want: &ClaimExpect,
) -> Result<(), String> {
    let (ns, name) = key
        .split_once('/')
        .ok_or_else(|| format!("claims.{key}: keys are namespace/name"))?;
    let claim = cluster.claim(ns, name);
    let deleted = want.deleted.unwrap_or(false);
    let Some(claim) = claim else {
        return if deleted {
            Ok(())
        } else {
            Err(format!("claims.{key}: expected to exist, but it does not"))
        };
    };
    if deleted {
        return Err(format!(
            "claims.{key}: expected deleted, but it exists (phase {})",
            claim.status.phase
        ));
    }
    if let Some(phase) = want.phase {
        if claim.status.phase != phase {
            return Err(mismatch(
                &format!("claims.{key}.phase"),
                &phase,
                &claim.status.phase,
            ));
        }
    }
    if let Some(volume) = &want.volume {
        let actual = (!claim.spec.volume_name.is_empty()).then_some(claim.spec.volume_name.clone());
        let expected = match volume.as_deref() {
            Some("dynamic") => history.dynamic_volume(cluster, key),
            other => other.map(str::to_owned),
        };
        if expected != actual {
            return Err(mismatch(&format!("claims.{key}.volume"), volume, &actual));
        }
    }
    if let Some(capacity) = &want.capacity {
        let actual = claim.status.capacity.get("storage");
        if actual != Some(capacity) {
            let shown = actual.map(ToString::to_string);
            return Err(mismatch(
                &format!("claims.{key}.capacity"),
                &capacity.to_string(),
                &shown,
            ));
        }
    }
    if let Some(class) = &want.storage_class_name {
        if *class != claim.spec.storage_class_name {
            return Err(mismatch(
                &format!("claims.{key}.storageClassName"),
                class,
                &claim.spec.storage_class_name,
            ));
        }
    }
    Ok(())
}

fn check_volume(
    cluster: &Cluster,
    history: &History,
    key: &str,
    want: &VolumeExpect,
) -> Result<(), String> {
    let name = match key.strip_prefix("dynamic:") {
        Some(claim) => history
            .dynamic_volume(cluster, claim)
            .ok_or_else(|| format!("volumes.{key}: claim {claim} never existed"))?,
        None => key.to_owned(),
    };
    let deleted = want.deleted.unwrap_or(false);
    let Some(pv) = cluster.volume(&name) else {
        return if deleted {
            Ok(())
        } else {
            Err(format!("volumes.{key}: expected to exist, but it does not"))
        };
    };
    if deleted {
        return Err(format!(
            "volumes.{key}: expected deleted, but it exists (phase {})",
            pv.status.phase
        ));
    }
    if let Some(phase) = want.phase {
        if pv.status.phase != phase {
            return Err(mismatch(
                &format!("volumes.{key}.phase"),
                &phase,
                &pv.status.phase,
            ));
        }
    }
    if let Some(claim) = &want.claim {
        let actual = pv
            .spec
            .claim_ref
            .as_ref()
            .map(|r| format!("{}/{}", r.namespace, r.name));
        if *claim != actual {
            return Err(mismatch(&format!("volumes.{key}.claim"), claim, &actual));
        }
    }
    if let Some(capacity) = &want.capacity {
        let actual = pv.spec.storage();
        if actual != Some(capacity) {
            let shown = actual.map(ToString::to_string);
            return Err(mismatch(
                &format!("volumes.{key}.capacity"),
                &capacity.to_string(),
                &shown,
            ));
        }
    }
    if let Some(policy) = &want.reclaim_policy {
        if pv.spec.persistent_volume_reclaim_policy.as_ref() != Some(policy) {
            return Err(mismatch(
                &format!("volumes.{key}.reclaimPolicy"),
                policy,
                &pv.spec.persistent_volume_reclaim_policy,
            ));
        }
    }
    if let Some(class) = &want.storage_class_name {
        if *class != pv.spec.storage_class_name {
            return Err(mismatch(
                &format!("volumes.{key}.storageClassName"),
                class,
                &pv.spec.storage_class_name,
            ));
        }
    }
    Ok(())
}
