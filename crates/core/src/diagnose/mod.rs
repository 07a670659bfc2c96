//! Diagnose mode: a real cluster's dump (`kubectl get pv,pvc,sc,pods,nodes -A -o yaml`) read
//! as it is (imported, never settled) and, for every stuck claim, pod and volume, a
//! [`Verdict`]: Kubernetes' reason and message, the evidence, the near misses, and the fix as
//! kubectl commands ([`fix`]), which [`simulate`] checks against the simulated API server and
//! controllers. Pure; the page and `pvsim diagnose` both read it.
//!
//! - `claims.rs`: Pending, Lost and Terminating claims; `pods.rs`: pods that cannot start
//!   because of storage; `volumes.rs`: Released, Failed and unclaimed volumes.
//! - `near_miss.rs` ranks the volumes that came closest; `remedy.rs` picks the fix;
//!   `fix.rs` is the fix as data; `list.rs` sorts and pages thousands of verdicts.

mod claims;
pub mod fix;
mod list;
mod near_miss;
mod pods;
mod remedy;
pub mod simulate;
pub mod verdict;
mod volumes;

pub use crate::problem::Problem;
pub use fix::{Fix, NewObject, Patch, Step, Workload};
pub use list::{page, pages, Direction, Listing, SortBy, PAGE_SIZE};
pub use simulate::{simulate, Outcome, Simulation};
pub use verdict::{ClaimFacts, ClassRequest, Finding, Fit, Group, NearMiss, Severity, Verdict};

use crate::manifest;
use pv_engine::classes::{default_class, is_default_class};
use pv_engine::objects::{
    Kind, Node, ObjectKey, ObjectMeta, PersistentVolume, Pod, StorageClass, VolumePhase,
};
use pv_engine::sort::CompactSort;
use pv_engine::time::Timestamp;
use pv_engine::{ApiError, Cluster};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// What the text was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "input", rename_all = "camelCase")]
pub enum Input {
    /// Objects read back from a cluster (uids, status): diagnosed as they are.
    Dump,
    /// Manifests that have never been in a cluster (no uid, no status): nothing to diagnose;
    /// the playground can create them and run the controllers.
    Manifests { objects: usize },
}

/// A StorageClass as the verdicts cite it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassInfo {
    pub name: String,
    pub provisioner: String,
    pub default: bool,
    /// Whether a provisioner creates volumes for it (not `kubernetes.io/no-provisioner` or an
    /// in-tree name without a plugin).
    pub provisions: bool,
    pub wait_for_first_consumer: bool,
}

/// A dump's verdicts and what it holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    pub input: Input,
    /// Every verdict: claims, then pods, then volumes, each in namespace/name order.
    pub verdicts: Vec<Verdict>,
    /// The dump's StorageClasses, by name.
    pub classes: Vec<ClassInfo>,
    pub claims: usize,
    pub pending: usize,
    pub pods: usize,
    pub volumes: usize,
    pub nodes: usize,
    /// Objects in the dump the simulator does not model (Deployments, Events, …), left out.
    pub skipped: usize,
    /// Remarks about the dump as a whole (no Node objects, say).
    pub notes: Vec<String>,
}

/// A claim is `Stuck` in ExternalProvisioning once it has waited this long: provisioners
/// answer in seconds, and Kubernetes' own message asks to check the provisioner "if volume
/// creation is delayed". Ages count back from the newest timestamp in the dump, so they are
/// never more than the real wait.
pub const PROVISIONING_GRACE_SECONDS: i64 = 300;

/// Every unbound volume's near-miss cost for one kind of request.
pub(crate) struct Costed {
    /// (cost, index into `Context::unbound`), closest first.
    pub order: Vec<(u32, usize)>,
    /// Whether some unbound volume fits such a request outright.
    pub fits: bool,
}

/// What every verdict reads: the cluster and indexes built once.
pub(crate) struct Context<'a> {
    pub cluster: &'a Cluster,
    pub now: Timestamp,
    /// Volumes not bound to a live claim and not being deleted: where near misses come from.
    pub unbound: Vec<&'a PersistentVolume>,
    pub nodes: Vec<&'a Node>,
    pub default_class: Option<&'a StorageClass>,
    /// Every Pending claim's route as the PV controller's next pass takes it.
    pub routes: HashMap<(String, String), pv_engine::explain::PendingRoute>,
    /// Volumes that pass the route binds: volume → the claim (`namespace/name`) it goes to.
    pub promised: HashMap<String, String>,
    /// Near-miss costs per kind of request (see `near_miss::rank`): signature → (cost, index
    /// into `unbound`), in order.
    costed: RefCell<HashMap<String, Rc<Costed>>>,
    /// Unbound volumes reserved (claimRef) or promised (this pass) to a claim, by the claim's
    /// `namespace/name`: indices into `unbound`.
    owned: HashMap<String, Vec<usize>>,
    /// Volumes whose node affinity matches no node of the dump (none when it has no nodes).
    unreachable: std::collections::HashSet<&'a str>,
    /// The pods of each namespace that mount each claim: namespace → claim → pods.
    users: HashMap<&'a str, HashMap<&'a str, Vec<&'a Pod>>>,
}

impl<'a> Context<'a> {
    fn new(cluster: &'a Cluster) -> Self {
        let unbound: Vec<&PersistentVolume> = cluster
            .volumes()
            .filter(|pv| !pv.metadata.is_being_deleted() && !bound_to_live_claim(cluster, pv))
            .collect();
        let mut users: HashMap<&str, HashMap<&str, Vec<&Pod>>> = HashMap::new();
        for pod in cluster.pods() {
            let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
            for claim in pod.spec.claim_names() {
                users
                    .entry(namespace)
                    .or_default()
                    .entry(claim)
                    .or_default()
                    .push(pod);
            }
        }
        let routes: HashMap<(String, String), pv_engine::explain::PendingRoute> = cluster
            .pending_routes()
            .into_iter()
            .map(|p| ((p.namespace.clone(), p.name.clone()), p))
            .collect();
        let promised: HashMap<String, String> = routes
            .values()
            .filter_map(|p| match &p.route {
                pv_engine::explain::Route::Static { volume, .. } => {
                    Some((volume.clone(), format!("{}/{}", p.namespace, p.name)))
                }
                _ => None,
            })
            .collect();
        let nodes: Vec<&Node> = cluster.nodes().collect();
        let unreachable = if nodes.is_empty() {
            Default::default()
        } else {
            cluster
                .volumes()
                .filter(|pv| {
                    !nodes
                        .iter()
                        .any(|n| pv_engine::matching::node_affinity_matches(pv, n))
                })
                .map(|pv| pv.metadata.name.as_str())
                .collect()
        };
        let mut owned: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, pv) in unbound.iter().enumerate() {
            if let Some(r) = &pv.spec.claim_ref {
                owned
                    .entry(format!("{}/{}", r.namespace, r.name))
                    .or_default()
                    .push(i);
            }
            if let Some(claim) = promised.get(&pv.metadata.name) {
                owned.entry(claim.clone()).or_default().push(i);
            }
        }
        Context {
            cluster,
            now: cluster.now(),
            routes,
            promised,
            unreachable,
            costed: RefCell::default(),
            owned,
            unbound,
            nodes,
            default_class: default_class(cluster.classes()),
            users,
        }
    }

    /// The pods that mount a claim, by name.
    pub fn users(&self, namespace: &str, claim: &str) -> &[&'a Pod] {
        self.users
            .get(namespace)
            .and_then(|claims| claims.get(claim))
            .map_or(&[], Vec::as_slice)
    }

    /// The near-miss costs of every unbound volume for claims that ask what `view`'s asks,
    /// computed once by `compute`.
    pub fn costed(
        &self,
        view: &pv_engine::matching::ClaimView,
        allow_class_change: bool,
        compute: impl FnOnce() -> Costed,
    ) -> Rc<Costed> {
        let claim = view.claim;
        let signature = format!(
            "{}|{}|{}|{}|{}|{}|{allow_class_change}",
            view.class,
            view.modes.short_string(),
            view.request.map(ToString::to_string).unwrap_or_default(),
            view.volume_mode.as_str(),
            claim
                .spec
                .volume_attributes_class_name
                .as_deref()
                .unwrap_or(""),
            claim
                .spec
                .selector
                .as_ref()
                .map(pv_engine::explain::selector_text)
                .unwrap_or_default(),
        );
        if let Some(found) = self.costed.borrow().get(&signature) {
            return found.clone();
        }
        let computed = Rc::new(compute());
        self.costed.borrow_mut().insert(signature, computed.clone());
        computed
    }

    /// Indices (into `unbound`) of the volumes reserved or promised to `view`'s claim.
    pub fn own_volumes(&self, view: &pv_engine::matching::ClaimView) -> Vec<usize> {
        let key = format!("{}/{}", view.namespace, view.claim.metadata.name);
        self.owned.get(&key).cloned().unwrap_or_default()
    }

    /// The pods that keep a claim from going while it is being deleted: scheduled pods that
    /// mount it (pvc-protection's "in use", `Cluster::claim_holders`), found through the index.
    pub fn holders(&self, namespace: &str, claim: &str) -> Vec<&'a Pod> {
        self.users(namespace, claim)
            .iter()
            .copied()
            .filter(|pod| !pod.spec.node_name.is_empty())
            .collect()
    }

    /// Whether some node of the dump satisfies the volume's node affinity (always, without nodes).
    pub fn reachable(&self, pv: &PersistentVolume) -> bool {
        !self.unreachable.contains(pv.metadata.name.as_str())
    }

    pub fn age(&self, meta: &ObjectMeta) -> Option<i64> {
        meta.creation_timestamp
            .map(|created| created.seconds_until(self.now))
    }

    /// Classes a provisioner serves, the default first, then Immediate ones (which provision
    /// without waiting for a pod), then by name.
    pub fn provisioning_classes(&self) -> Vec<&'a StorageClass> {
        let mut classes: Vec<&StorageClass> = self
            .cluster
            .classes()
            .filter(|c| pv_engine::provisioner::serves(&c.provisioner))
            .collect();
        let default = self.default_class.map(|c| c.metadata.name.as_str());
        classes.compact_sort_by_key(|c| {
            (
                Some(c.metadata.name.as_str()) != default,
                c.is_wait_for_first_consumer(),
                c.metadata.name.clone(),
            )
        });
        classes
    }

    /// `fast, standard (default)`, or a sentence saying there is none.
    pub fn classes_sentence(&self) -> String {
        let names: Vec<String> = self
            .cluster
            .classes()
            .map(|c| {
                if is_default_class(c) {
                    format!("{} (default)", c.metadata.name)
                } else {
                    c.metadata.name.clone()
                }
            })
            .collect();
        if names.is_empty() {
            "The dump holds no StorageClass.".into()
        } else {
            let default = match self.default_class {
                Some(_) => "",
                None => "; none is the default",
            };
            format!("StorageClasses in the dump: {}{default}.", names.join(", "))
        }
    }
}

/// Whether a volume's claimRef (with a uid) names a claim that exists with that uid.
fn bound_to_live_claim(cluster: &Cluster, pv: &PersistentVolume) -> bool {
    pv.spec
        .claim_ref
        .as_ref()
        .filter(|r| !r.uid.is_empty())
        .and_then(|r| cluster.claim(&r.namespace, &r.name))
        .zip(pv.spec.claim_ref.as_ref())
        .is_some_and(|(claim, r)| claim.metadata.uid == r.uid)
}

/// Every verdict about the cluster as it is (no controller runs).
pub fn diagnose(cluster: &Cluster) -> Diagnosis {
    let ctx = Context::new(cluster);
    let mut claim_verdicts = claims::verdicts(&ctx);
    let pod_verdicts = pods::verdicts(&ctx, &claim_verdicts);
    claims::follow_pods(&mut claim_verdicts, &pod_verdicts);
    // A volume a claim's verdict already names as a near miss is explained there.
    let near_missed: std::collections::HashSet<&str> = claim_verdicts
        .iter()
        .flat_map(|v| v.near_misses.iter().map(|m| m.volume.as_str()))
        .collect();
    let volume_verdicts = volumes::verdicts(&ctx, &near_missed);
    let mut notes = Vec::new();
    if ctx.nodes.is_empty() && cluster.pods().next().is_some() {
        notes.push(
            "The dump holds pods but no Node: where pods can run was not judged (add nodes to the kubectl command)."
                .into(),
        );
    }
    let classes = cluster
        .classes()
        .map(|c| ClassInfo {
            name: c.metadata.name.clone(),
            provisioner: c.provisioner.clone(),
            default: ctx
                .default_class
                .is_some_and(|d| d.metadata.name == c.metadata.name),
            provisions: pv_engine::provisioner::serves(&c.provisioner),
            wait_for_first_consumer: c.is_wait_for_first_consumer(),
        })
        .collect();
    let mut verdicts = claim_verdicts;
    verdicts.extend(pod_verdicts);
    verdicts.extend(volume_verdicts);
    Diagnosis {
        input: Input::Dump,
        verdicts,
        classes,
        claims: cluster.claims().count(),
        pending: cluster
            .claims()
            .filter(|c| c.status.phase == pv_engine::objects::ClaimPhase::Pending)
            .count(),
        pods: cluster.pods().count(),
        volumes: cluster.volumes().count(),
        nodes: ctx.nodes.len(),
        skipped: 0,
        notes,
    }
}

/// A dump read and imported as it is, with what the reading found.
#[derive(Clone, Debug, PartialEq)]
pub struct Dump {
    pub cluster: Cluster,
    pub input: Input,
    pub skipped: usize,
}

/// Reads a dump: imported with its uids, status and finalizers, never settled. Any parse or
/// import error stops it (a claim left out would change which volume fits the others), each at
/// its line where it has one. Manifests that were never in a cluster are recognised as such.
pub fn read_dump(text: &str) -> Result<Dump, Vec<Problem>> {
    read_parsed(manifest::parse(text))
}

/// [`read_dump`] of a text already read (a large dump is read a chunk at a time by a
/// [`manifest::Stream`], never held whole).
pub fn read_parsed(parsed: manifest::Parsed) -> Result<Dump, Vec<Problem>> {
    if parsed.has_errors() {
        return Err(parsed.errors);
    }
    let skipped = parsed.skipped.len();
    let input = input_kind(parsed.objects.iter().map(|p| &p.object));
    let lines: Vec<(ObjectKey, u32)> = parsed
        .objects
        .iter()
        .map(|p| (p.object.key(), p.line))
        .collect();
    let mut cluster = Cluster::new();
    if let Err(errors) = cluster.import(parsed.into_objects()) {
        return Err(errors
            .iter()
            .map(|e| {
                let line = error_key(e)
                    .and_then(|key| lines.iter().find(|(k, _)| k == key).map(|(_, line)| *line));
                match line {
                    Some(line) => Problem::at_line(line, e.to_string()),
                    None => Problem::nowhere(e.to_string()),
                }
            })
            .collect());
    }
    Ok(Dump {
        cluster,
        input,
        skipped,
    })
}

/// A dump (objects read back from a cluster) has uids and status; manifests have neither. The
/// objects Kubernetes gives a status (volumes, claims, pods) decide: if none has a uid, or
/// there are volumes and none has a phase past the API server's default, the text was not read
/// from a cluster.
fn input_kind<'a>(objects: impl Iterator<Item = &'a pv_engine::objects::Object>) -> Input {
    use pv_engine::objects::Object;
    let (mut stateful, mut with_uid, mut volumes, mut volumes_with_phase) = (0, 0, 0, 0);
    for object in objects {
        let has_status_kind = matches!(
            object,
            Object::PersistentVolume(_) | Object::PersistentVolumeClaim(_) | Object::Pod(_)
        );
        if !has_status_kind {
            continue;
        }
        stateful += 1;
        if !object.metadata().uid.is_empty() {
            with_uid += 1;
        }
        if let Object::PersistentVolume(pv) = object {
            volumes += 1;
            if pv.status.phase != VolumePhase::Pending {
                volumes_with_phase += 1;
            }
        }
    }
    let never_in_a_cluster = with_uid == 0 || (volumes > 0 && volumes_with_phase == 0);
    if stateful > 0 && never_in_a_cluster {
        Input::Manifests { objects: stateful }
    } else {
        Input::Dump
    }
}

/// Reads a dump and diagnoses it as it is (see [`read_dump`]).
pub fn diagnose_text(text: &str) -> Result<Diagnosis, Vec<Problem>> {
    let dump = read_dump(text)?;
    Ok(diagnose_dump(&dump))
}

/// The diagnosis of a dump read by [`read_dump`]: manifests get none, only the note.
pub fn diagnose_dump(dump: &Dump) -> Diagnosis {
    let mut diagnosis = match dump.input {
        Input::Dump => diagnose(&dump.cluster),
        Input::Manifests { .. } => Diagnosis {
            verdicts: Vec::new(),
            ..diagnose(&Cluster::new())
        },
    };
    diagnosis.input = dump.input.clone();
    diagnosis.skipped = dump.skipped;
    diagnosis
}

fn error_key(error: &ApiError) -> Option<&ObjectKey> {
    match error {
        ApiError::Invalid { key, .. } | ApiError::AlreadyExists(key) | ApiError::NotFound(key) => {
            Some(key)
        }
        ApiError::Forbidden(_) => None,
    }
}

impl Diagnosis {
    /// Verdicts of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.verdicts
            .iter()
            .filter(|v| v.severity == severity)
            .count()
    }

    /// Verdicts in a group.
    pub fn in_group(&self, group: Group) -> usize {
        self.verdicts.iter().filter(|v| v.group() == group).count()
    }

    /// Whether anything needs a change (what `pvsim diagnose`'s exit status says).
    pub fn anything_stuck(&self) -> bool {
        self.verdicts.iter().any(|v| v.severity == Severity::Stuck)
    }

    /// `3 Pending claims of 5 claims`, then what else needs a look: `; 1 pod cannot start;
    /// 2 volumes need a look`.
    pub fn summary(&self) -> String {
        if let Input::Manifests { objects } = self.input {
            return format!(
                "Not a dump: {} not read from a cluster",
                plural(objects, "object")
            );
        }
        let mut text = format!(
            "{} of {}",
            plural(self.pending, "Pending claim"),
            plural(self.claims, "claim")
        );
        let pods = self.in_group(Group::Pods);
        if pods > 0 {
            text.push_str(&format!("; {} cannot start", plural(pods, "pod")));
        }
        let volumes = self.in_group(Group::Volumes);
        if volumes > 0 {
            let verb = if volumes == 1 { "needs" } else { "need" };
            text.push_str(&format!("; {} {verb} a look", plural(volumes, "volume")));
        }
        text
    }

    /// `StorageClasses: fast, standard (default).`, or that the dump holds none.
    pub fn classes_line(&self) -> String {
        if self.classes.is_empty() {
            return "StorageClasses: none in the dump.".into();
        }
        let names: Vec<String> = self
            .classes
            .iter()
            .map(|c| {
                if c.default {
                    format!("{} (default)", c.name)
                } else {
                    c.name.clone()
                }
            })
            .collect();
        format!("StorageClasses: {}.", names.join(", "))
    }

    /// `2 stuck, 1 waiting, 1 idle`: the verdicts by severity.
    pub fn severity_summary(&self) -> String {
        let parts: Vec<String> = [Severity::Stuck, Severity::Waiting, Severity::Idle]
            .into_iter()
            .map(|s| (s, self.count(s)))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{} {}", crate::jobs::thousands(n as u64), s.word()))
            .collect();
        if parts.is_empty() {
            "nothing is stuck".into()
        } else {
            parts.join(", ")
        }
    }

    /// The verdict about an object.
    pub fn verdict(&self, subject: &ObjectKey) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.subject == *subject)
    }
}

/// `1 claim`, `4,997 claims`: counted as the page's other counts are (`jobs::thousands`).
pub(crate) fn plural(n: usize, word: &str) -> String {
    let count = crate::jobs::thousands(n as u64);
    if n == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// A claim's key.
pub(crate) fn claim_key(namespace: &str, name: &str) -> ObjectKey {
    ObjectKey::new(Kind::PersistentVolumeClaim, Some(namespace), name)
}

/// A pod's key.
pub(crate) fn pod_key(namespace: &str, name: &str) -> ObjectKey {
    ObjectKey::new(Kind::Pod, Some(namespace), name)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn counts_are_written_with_thousands_separators() {
        assert_eq!(plural(1, "claim"), "1 claim");
        assert_eq!(plural(4997, "Pending claim"), "4,997 Pending claims");
        let dump = read_dump(&pv_fixtures::dump::kubectl_dump(5000, 1)).expect("reads");
        let summary = diagnose_dump(&dump).summary();
        assert!(summary.contains(" of 1,"), "{summary}");
    }

    #[test]
    fn the_holders_index_agrees_with_pvc_protection() {
        let text = pv_fixtures::dump::kubectl_dump(1500, 7);
        let dump = read_dump(&text).expect("reads");
        let ctx = Context::new(&dump.cluster);
        for claim in dump.cluster.claims() {
            let namespace = claim.metadata.namespace.as_deref().unwrap_or("default");
            let indexed: Vec<&str> = ctx
                .holders(namespace, &claim.metadata.name)
                .iter()
                .map(|p| p.metadata.name.as_str())
                .collect();
            let engine: Vec<&str> = dump
                .cluster
                .claim_holders(namespace, &claim.metadata.name)
                .collect();
            assert_eq!(indexed, engine, "{}", claim.metadata.name);
        }
    }
}
