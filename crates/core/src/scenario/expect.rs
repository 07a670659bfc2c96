//! `expect` steps: what a scenario asserts about claims, volumes, pods and events, and the
//! comparison that names the first mismatch as "expected … got …" (for scenario authors; a
//! learner reads [`super::Verdict`]s instead).

use pv_engine::cluster::Cluster;
use pv_engine::objects::{ClaimPhase, VolumePhase};
use pv_engine::quantity::Quantity;
use pv_engine::sort::CompactSort;
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
    /// `status.phase`: `Running` once scheduled with every volume attached, `Pending` before.
    #[serde(default)]
    pub phase: Option<String>,
    /// The claims the pod mounts (`spec.volumes[].persistentVolumeClaim.claimName`), in
    /// any order.
    #[serde(default)]
    pub claims: Option<Vec<String>>,
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

/// One entry of an expectation.
#[derive(Clone, Copy, Debug)]
pub(super) enum Entry<'a> {
    Claim(&'a str, &'a ClaimExpect),
    Volume(&'a str, &'a VolumeExpect),
    Pod(&'a str, &'a PodExpect),
    Event(&'a EventExpect),
}

/// What earlier steps showed that later expectations may need: the uid each claim had, so
/// `dynamic:<ns>/<claim>` still names its volume after the claim is gone.
#[derive(Clone, Debug, Default)]
pub struct History {
    claim_uids: BTreeMap<String, String>,
}

impl History {
    /// Notes the uid of every claim in `cluster`; true when that taught it something new.
    pub fn observe(&mut self, cluster: &Cluster) -> bool {
        let mut learnt = false;
        for claim in cluster.claims() {
            let uid = &claim.metadata.uid;
            let key = claim.metadata.namespaced_name();
            if self.claim_uids.get(&key) != Some(uid) {
                self.claim_uids.insert(key, uid.clone());
                learnt = true;
            }
        }
        learnt
    }

    /// The name of the volume provisioned for `namespace/claim`.
    pub(super) fn dynamic_volume(&self, cluster: &Cluster, claim: &str) -> Option<String> {
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
    /// Whether it names nothing at all.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
            && self.volumes.is_empty()
            && self.pods.is_empty()
            && self.events.is_empty()
    }

    /// This expectation cut into one expectation per entry, in the file's order by section
    /// (claims, volumes, pods, events): each checked on its own.
    pub(super) fn entries(&self) -> Vec<(Entry<'_>, Expect)> {
        let mut out = Vec::new();
        for (key, want) in &self.claims {
            let mut one = Expect::default();
            one.claims.insert(key.clone(), want.clone());
            out.push((Entry::Claim(key, want), one));
        }
        for (key, want) in &self.volumes {
            let mut one = Expect::default();
            one.volumes.insert(key.clone(), want.clone());
            out.push((Entry::Volume(key, want), one));
        }
        for (key, want) in &self.pods {
            let mut one = Expect::default();
            one.pods.insert(key.clone(), want.clone());
            out.push((Entry::Pod(key, want), one));
        }
        for want in &self.events {
            let one = Expect {
                events: vec![want.clone()],
                ..Expect::default()
            };
            out.push((Entry::Event(want), one));
        }
        out
    }

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
            if let Some(claims) = &want.claims {
                let mut actual: Vec<&str> = pod.spec.claim_names().collect();
                let mut wanted: Vec<&str> = claims.iter().map(String::as_str).collect();
                actual.compact_sort();
                wanted.compact_sort();
                if actual != wanted {
                    return Err(mismatch(&format!("pods.{key}.claims"), &wanted, &actual));
                }
            }
            if let Some(phase) = &want.phase {
                let actual = pod.status.phase.as_deref().unwrap_or("Pending");
                if phase != actual {
                    return Err(mismatch(&format!("pods.{key}.phase"), phase, actual));
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
