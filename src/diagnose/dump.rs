//! A realistic `kubectl get pv,pvc,sc,pods,nodes -A -o yaml` dump of any size, seeded, as test
//! data for Diagnose mode: one `kind: List` with uids, resourceVersions, creationTimestamps,
//! managedFields, the controllers' annotations and status, mostly Bound claims with their pods
//! and volumes, and Pending claims for each reason Kubernetes gives.

use crate::engine::generate::Rng;
use crate::engine::time::Timestamp;
use std::fmt::Write;

/// The storage classes every dump holds: a default CSI class that waits for the first consumer,
/// an immediate CSI class, local volumes, and a legacy in-tree class no plugin serves.
const CLASSES: &str = r#"- apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata:
    annotations:
      storageclass.kubernetes.io/is-default-class: "true"
    creationTimestamp: "2025-11-02T10:00:00Z"
    name: gp3
    resourceVersion: "310"
    uid: 5c0e1a52-3f7b-4c2e-9a51-0d6f2b7e8a01
  parameters:
    type: gp3
  provisioner: ebs.csi.aws.com
  reclaimPolicy: Delete
  volumeBindingMode: WaitForFirstConsumer
  allowVolumeExpansion: true
- apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata:
    creationTimestamp: "2025-11-02T10:00:00Z"
    name: fast
    resourceVersion: "311"
    uid: 5c0e1a52-3f7b-4c2e-9a51-0d6f2b7e8a02
  parameters:
    type: io2
  provisioner: fast.csi.example.com
  reclaimPolicy: Delete
  volumeBindingMode: Immediate
- apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata:
    creationTimestamp: "2025-11-02T10:00:00Z"
    name: local-storage
    resourceVersion: "312"
    uid: 5c0e1a52-3f7b-4c2e-9a51-0d6f2b7e8a03
  provisioner: kubernetes.io/no-provisioner
  reclaimPolicy: Retain
  volumeBindingMode: WaitForFirstConsumer
- apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata:
    creationTimestamp: "2025-11-02T10:00:00Z"
    name: legacy-ebs
    resourceVersion: "313"
    uid: 5c0e1a52-3f7b-4c2e-9a51-0d6f2b7e8a04
  provisioner: kubernetes.io/aws-ebs
  reclaimPolicy: Delete
  volumeBindingMode: Immediate
"#;
const CLASS_COUNT: usize = 4;

const NAMESPACES: [&str; 8] = [
    "shop",
    "payments",
    "search",
    "analytics",
    "monitoring",
    "auth",
    "media",
    "batch",
];
const APPS: [&str; 6] = [
    "postgres",
    "redis",
    "kafka",
    "elastic",
    "minio",
    "prometheus",
];
const SIZES: [&str; 7] = ["1Gi", "5Gi", "10Gi", "20Gi", "50Gi", "100Gi", "200Gi"];

/// What one generated claim is, and the objects it brings.
#[derive(Clone, Copy)]
enum Story {
    /// Provisioned by the CSI driver, bound, mounted by a running pod (claim, volume, pod).
    Provisioned,
    /// A local volume bound through the scheduler (claim, volume, pod).
    LocalBound,
    /// An unclaimed local volume (volume).
    LocalFree,
    /// A volume whose claim was deleted, kept by Retain (volume).
    Released,
    /// Local class, no pod yet: WaitForFirstConsumer (claim).
    WaitsForPod,
    /// Default class, its pod not scheduled yet: WaitForPodScheduled (claim, pod).
    PodUnscheduled,
    /// Class "", no volume fits: FailedBinding (claim).
    NoClass,
    /// A class that does not exist: ProvisioningFailed (claim, pod).
    ClassTypo,
    /// An in-tree class no plugin serves: ProvisioningFailed (claim).
    NoPlugin,
    /// Immediate CSI class whose provisioner never answered: ExternalProvisioning (claim).
    ProvisionerDown,
    /// A selector on a provisioned class: ProvisioningFailed (claim).
    Selector,
    /// `volumeName` of a volume that does not exist (claim).
    MissingVolume,
    /// `volumeName` of a volume too small for it: VolumeMismatch (volume, claim).
    TooSmallVolume,
    /// A hand-made NFS volume that fits, created just before the dump (volume, claim).
    FitsNow,
}

/// Stories with their weights out of 100.
const STORIES: [(Story, u64); 14] = [
    (Story::Provisioned, 58),
    (Story::LocalBound, 8),
    (Story::LocalFree, 6),
    (Story::Released, 4),
    (Story::WaitsForPod, 3),
    (Story::PodUnscheduled, 3),
    (Story::NoClass, 3),
    (Story::ClassTypo, 3),
    (Story::NoPlugin, 2),
    (Story::ProvisionerDown, 3),
    (Story::Selector, 2),
    (Story::MissingVolume, 2),
    (Story::TooSmallVolume, 2),
    (Story::FitsNow, 1),
];

/// The newest timestamp a dump holds is at most this one (creation times count back from it).
const NEWEST: i64 = 1_767_949_200; // 2026-01-09T09:00:00Z

/// A dump of exactly `objects` objects (at least the classes and three nodes).
pub fn kubectl_dump(objects: usize, seed: u64) -> String {
    let mut g = Gen {
        rng: Rng::new(seed),
        version: 1000,
        nodes: (objects / 100).max(3),
        volumes: Vec::new(),
        claims: Vec::new(),
        pods: Vec::new(),
    };
    let nodes = g.nodes;
    let mut left = objects.saturating_sub(nodes + CLASS_COUNT);
    let mut i = 0;
    while left > 0 {
        let story = g.story();
        let needs = story_size(story);
        // The last few objects: free volumes fill the count exactly.
        let story = if needs > left {
            Story::LocalFree
        } else {
            story
        };
        g.tell(story, i);
        left -= story_size(story);
        i += 1;
    }
    let mut out = String::with_capacity(objects * 1400);
    out.push_str("apiVersion: v1\nitems:\n");
    for (_, item) in [&mut g.volumes, &mut g.claims].into_iter().flat_map(|v| {
        v.sort();
        v.drain(..)
    }) {
        out.push_str(&item);
    }
    out.push_str(CLASSES);
    g.pods.sort();
    for (_, item) in g.pods.drain(..) {
        out.push_str(&item);
    }
    for n in 0..nodes {
        let uid = g.uid();
        let rv = g.resource_version();
        out.push_str(&node(n, &uid, &rv));
    }
    out.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    out
}

fn story_size(story: Story) -> usize {
    match story {
        Story::Provisioned | Story::LocalBound => 3,
        Story::PodUnscheduled | Story::ClassTypo | Story::TooSmallVolume | Story::FitsNow => 2,
        _ => 1,
    }
}

/// Objects generated so far, each with its sort key (namespace/name, as kubectl lists them).
struct Gen {
    rng: Rng,
    nodes: usize,
    version: u64,
    volumes: Vec<(String, String)>,
    claims: Vec<(String, String)>,
    pods: Vec<(String, String)>,
}

/// A claim about to be written.
struct Claim<'a> {
    namespace: &'a str,
    name: &'a str,
    uid: &'a str,
    created: &'a str,
    size: &'a str,
    modes: &'a [&'a str],
    class: &'a str,
    annotations: Vec<(&'a str, String)>,
    selector: Option<&'a str>,
    volume: Option<&'a str>,
    /// `(volume's capacity)` once bound.
    bound: Option<&'a str>,
}

/// A volume about to be written.
struct Volume<'a> {
    name: &'a str,
    uid: &'a str,
    created: &'a str,
    size: &'a str,
    modes: &'a [&'a str],
    class: &'a str,
    reclaim: &'a str,
    provisioned_by: Option<&'a str>,
    /// (namespace, name, uid) of the claim it is bound or was bound to.
    claim_ref: Option<(&'a str, &'a str, &'a str)>,
    /// `source` YAML lines under `spec`, indented by four.
    source: String,
    node: Option<String>,
    phase: &'a str,
}

impl Gen {
    fn story(&mut self) -> Story {
        let mut roll = self.rng.next_u64() % 100;
        for (story, weight) in STORIES {
            if roll < weight {
                return story;
            }
            roll -= weight;
        }
        Story::Provisioned
    }

    fn uid(&mut self) -> String {
        let (a, b) = (self.rng.next_u64(), self.rng.next_u64());
        crate::engine::cluster::uuid_v4_text(a, b)
    }

    fn resource_version(&mut self) -> String {
        self.version += 1 + self.rng.below(40) as u64;
        self.version.to_string()
    }

    /// A time up to about 60 days before the newest, and one a little after it.
    fn times(&mut self) -> (Timestamp, String, String) {
        let created = Timestamp(NEWEST - 3600 - self.rng.below(60 * 86_400) as i64);
        let later = created.plus_seconds(2 + self.rng.below(30) as i64);
        (created, created.to_string(), later.to_string())
    }

    fn tell(&mut self, story: Story, i: usize) {
        let nodes = self.nodes;
        let namespace = *self.rng.pick(&NAMESPACES);
        let app = *self.rng.pick(&APPS);
        let name = format!("data-{app}-{i}");
        let uid = self.uid();
        let (_, created, later) = self.times();
        let size = *self.rng.pick(&SIZES);
        let node_name = node_name_of(self.rng.below(nodes));
        let rwo: &[&str] = &["ReadWriteOnce"];
        let mut claim = Claim {
            namespace,
            name: &name,
            uid: &uid,
            created: &created,
            size,
            modes: rwo,
            class: "gp3",
            annotations: Vec::new(),
            selector: None,
            volume: None,
            bound: None,
        };
        let csi_provisioner = "ebs.csi.aws.com";
        match story {
            Story::Provisioned => {
                let pv_name = format!("pvc-{uid}");
                let pv_uid = self.uid();
                claim.class = if self.rng.chance(20) { "fast" } else { "gp3" };
                let provisioner = if claim.class == "fast" {
                    "fast.csi.example.com"
                } else {
                    csi_provisioner
                };
                claim.annotations = bound_annotations(provisioner);
                if claim.class == "gp3" {
                    claim
                        .annotations
                        .push(("volume.kubernetes.io/selected-node", node_name.clone()));
                }
                claim.volume = Some(&pv_name);
                claim.bound = Some(size);
                let handle = format!("vol-0{:016x}", self.rng.next_u64() >> 4);
                let volume = Volume {
                    name: &pv_name,
                    uid: &pv_uid,
                    created: &later,
                    size,
                    modes: rwo,
                    class: claim.class,
                    reclaim: "Delete",
                    provisioned_by: Some(provisioner),
                    claim_ref: Some((namespace, &name, &uid)),
                    source: format!(
                        "    csi:\n      driver: {provisioner}\n      fsType: ext4\n      volumeAttributes:\n        storage.kubernetes.io/csiProvisionerIdentity: 1762077600000-8081-{provisioner}\n      volumeHandle: {handle}\n"
                    ),
                    node: (claim.class == "gp3").then(|| zone_of(&node_name)),
                    phase: "Bound",
                };
                self.push_volume(&volume);
                self.push_claim(&claim);
                self.push_pod(namespace, app, i, &name, Some(&node_name), &created);
            }
            Story::LocalBound | Story::LocalFree => {
                let pv_name = format!("local-pv-{:08x}", self.rng.next_u64() >> 32);
                let pv_uid = self.uid();
                let bound = matches!(story, Story::LocalBound);
                claim.class = "local-storage";
                claim.annotations = bound_annotations("kubernetes.io/no-provisioner");
                claim
                    .annotations
                    .push(("volume.kubernetes.io/selected-node", node_name.clone()));
                claim.volume = Some(&pv_name);
                claim.bound = Some(size);
                let volume = Volume {
                    name: &pv_name,
                    uid: &pv_uid,
                    created: &created,
                    size,
                    modes: rwo,
                    class: "local-storage",
                    reclaim: "Retain",
                    provisioned_by: Some("local-volume-provisioner-node"),
                    claim_ref: bound.then_some((namespace, name.as_str(), uid.as_str())),
                    source: format!(
                        "    local:\n      path: /mnt/disks/ssd{}\n",
                        self.rng.below(4)
                    ),
                    node: Some(node_name.clone()),
                    phase: if bound { "Bound" } else { "Available" },
                };
                self.push_volume(&volume);
                if bound {
                    self.push_claim(&claim);
                    self.push_pod(namespace, app, i, &name, Some(&node_name), &later);
                }
            }
            Story::Released => {
                let pv_name = format!("pvc-{uid}");
                let pv_uid = self.uid();
                let volume = Volume {
                    name: &pv_name,
                    uid: &pv_uid,
                    created: &later,
                    size,
                    modes: rwo,
                    class: "gp3",
                    reclaim: "Retain",
                    provisioned_by: Some(csi_provisioner),
                    claim_ref: Some((namespace, &name, &uid)),
                    source: format!(
                        "    csi:\n      driver: {csi_provisioner}\n      fsType: ext4\n      volumeHandle: vol-0{:016x}\n",
                        self.rng.next_u64() >> 4
                    ),
                    node: Some(zone_of(&node_name)),
                    phase: "Released",
                };
                self.push_volume(&volume);
            }
            Story::WaitsForPod => {
                claim.class = "local-storage";
                self.push_claim(&claim);
            }
            Story::PodUnscheduled => {
                self.push_claim(&claim);
                self.push_pod(namespace, app, i, &name, None, &later);
            }
            Story::NoClass => {
                claim.class = "";
                claim.modes = &["ReadWriteMany"];
                self.push_claim(&claim);
            }
            Story::ClassTypo => {
                claim.class = "standrad";
                self.push_claim(&claim);
                self.push_pod(namespace, app, i, &name, None, &later);
            }
            Story::NoPlugin => {
                claim.class = "legacy-ebs";
                self.push_claim(&claim);
            }
            Story::ProvisionerDown | Story::Selector => {
                claim.class = "fast";
                let provisioner = "fast.csi.example.com".to_owned();
                claim.annotations = vec![
                    (
                        "volume.beta.kubernetes.io/storage-provisioner",
                        provisioner.clone(),
                    ),
                    ("volume.kubernetes.io/storage-provisioner", provisioner),
                ];
                if matches!(story, Story::Selector) {
                    claim.selector = Some("      matchLabels:\n        tier: gold\n");
                }
                self.push_claim(&claim);
            }
            Story::MissingVolume => {
                claim.class = "";
                let missing = format!("restored-{app}-{i}");
                claim.volume = Some(&missing);
                self.push_claim(&claim);
            }
            Story::TooSmallVolume | Story::FitsNow => {
                let pv_name = format!("nfs-{app}-{i}");
                let pv_uid = self.uid();
                let fits = matches!(story, Story::FitsNow);
                claim.class = "";
                claim.modes = &["ReadWriteMany"];
                claim.size = "10Gi";
                if !fits {
                    claim.volume = Some(&pv_name);
                }
                let volume = Volume {
                    name: &pv_name,
                    uid: &pv_uid,
                    created: &created,
                    size: if fits { "20Gi" } else { "1Gi" },
                    modes: &["ReadWriteMany"],
                    class: "",
                    reclaim: "Retain",
                    provisioned_by: None,
                    claim_ref: None,
                    source: format!(
                        "    nfs:\n      path: /exports/{app}\n      server: nfs.{namespace}.svc.cluster.local\n"
                    ),
                    node: None,
                    phase: "Available",
                };
                self.push_volume(&volume);
                self.push_claim(&claim);
            }
        }
    }

    fn push_volume(&mut self, v: &Volume) {
        let rv = self.resource_version();
        let mut s = String::with_capacity(1600);
        s.push_str("- apiVersion: v1\n  kind: PersistentVolume\n  metadata:\n");
        if let Some(by) = v.provisioned_by {
            let _ = write!(
                s,
                "    annotations:\n      pv.kubernetes.io/provisioned-by: {by}\n"
            );
            if by.contains("csi") {
                s.push_str("      volume.kubernetes.io/provisioner-deletion-secret-name: \"\"\n      volume.kubernetes.io/provisioner-deletion-secret-namespace: \"\"\n");
            }
        }
        let _ = write!(
            s,
            "    creationTimestamp: \"{}\"\n    finalizers:\n    - kubernetes.io/pv-protection\n",
            v.created
        );
        if v.provisioned_by.is_some_and(|p| p.contains("csi")) {
            s.push_str("    - external-provisioner.volume.kubernetes.io/finalizer\n");
        }
        let manager = match v.provisioned_by {
            Some(p) if p.contains("csi") => "csi-provisioner",
            Some(_) => "local-volume-provisioner",
            None => "kubectl-client-side-apply",
        };
        let _ = write!(
            s,
            "    managedFields:\n    - apiVersion: v1\n      fieldsType: FieldsV1\n      fieldsV1:\n        f:metadata:\n          f:annotations:\n            .: {{}}\n        f:spec:\n          f:accessModes: {{}}\n          f:capacity:\n            .: {{}}\n            f:storage: {{}}\n          f:persistentVolumeReclaimPolicy: {{}}\n          f:storageClassName: {{}}\n          f:volumeMode: {{}}\n      manager: {manager}\n      operation: Update\n      time: \"{created}\"\n",
            created = v.created
        );
        if v.claim_ref.is_some() {
            let _ = write!(
                s,
                "    - apiVersion: v1\n      fieldsType: FieldsV1\n      fieldsV1:\n        f:status:\n          f:phase: {{}}\n      manager: kube-controller-manager\n      operation: Update\n      subresource: status\n      time: \"{}\"\n",
                v.created
            );
        }
        let _ = write!(
            s,
            "    name: {}\n    resourceVersion: \"{rv}\"\n    uid: {}\n  spec:\n    accessModes:\n",
            v.name, v.uid
        );
        for m in v.modes {
            let _ = writeln!(s, "    - {m}");
        }
        let _ = writeln!(s, "    capacity:\n      storage: {}", v.size);
        if let Some((ns, name, uid)) = v.claim_ref {
            let _ = write!(
                s,
                "    claimRef:\n      apiVersion: v1\n      kind: PersistentVolumeClaim\n      name: {name}\n      namespace: {ns}\n      resourceVersion: \"{}\"\n      uid: {uid}\n",
                self.version.saturating_sub(7)
            );
        }
        s.push_str(&v.source);
        if let Some(node) = &v.node {
            let key = if node.starts_with("us-") {
                "topology.ebs.csi.aws.com/zone"
            } else {
                "kubernetes.io/hostname"
            };
            let _ = write!(
                s,
                "    nodeAffinity:\n      required:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - key: {key}\n            operator: In\n            values:\n            - {node}\n"
            );
        }
        let _ = write!(
            s,
            "    persistentVolumeReclaimPolicy: {}\n    storageClassName: {}\n    volumeMode: Filesystem\n  status:\n    lastPhaseTransitionTime: \"{}\"\n    phase: {}\n",
            v.reclaim,
            quoted(v.class),
            v.created,
            v.phase
        );
        self.volumes.push((v.name.to_owned(), s));
    }

    fn push_claim(&mut self, c: &Claim) {
        let rv = self.resource_version();
        let mut s = String::with_capacity(1600);
        s.push_str("- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata:\n");
        let mut annotations = c.annotations.clone();
        annotations.push((
            "kubectl.kubernetes.io/last-applied-configuration",
            format!(
                "'{{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{{\"annotations\":{{}},\"name\":\"{}\",\"namespace\":\"{}\"}},\"spec\":{{\"accessModes\":[\"{}\"],\"resources\":{{\"requests\":{{\"storage\":\"{}\"}}}},\"storageClassName\":\"{}\"}}}}\n\n        '",
                c.name,
                c.namespace,
                c.modes.first().unwrap_or(&"ReadWriteOnce"),
                c.size,
                c.class
            ),
        ));
        annotations.sort();
        s.push_str("    annotations:\n");
        for (k, v) in &annotations {
            let _ = writeln!(s, "      {k}: {}", quoted(v));
        }
        let _ = write!(
            s,
            "    creationTimestamp: \"{}\"\n    finalizers:\n    - kubernetes.io/pvc-protection\n    labels:\n      app.kubernetes.io/part-of: {}\n",
            c.created, c.namespace
        );
        let _ = write!(
            s,
            "    managedFields:\n    - apiVersion: v1\n      fieldsType: FieldsV1\n      fieldsV1:\n        f:metadata:\n          f:annotations:\n            .: {{}}\n            f:kubectl.kubernetes.io/last-applied-configuration: {{}}\n        f:spec:\n          f:accessModes: {{}}\n          f:resources:\n            f:requests:\n              .: {{}}\n              f:storage: {{}}\n          f:storageClassName: {{}}\n          f:volumeMode: {{}}\n      manager: kubectl-client-side-apply\n      operation: Update\n      time: \"{}\"\n",
            c.created
        );
        if !c.annotations.is_empty() {
            let _ = write!(
                s,
                "    - apiVersion: v1\n      fieldsType: FieldsV1\n      fieldsV1:\n        f:metadata:\n          f:annotations:\n            f:pv.kubernetes.io/bind-completed: {{}}\n            f:volume.kubernetes.io/storage-provisioner: {{}}\n        f:spec:\n          f:volumeName: {{}}\n      manager: kube-controller-manager\n      operation: Update\n      time: \"{}\"\n",
                c.created
            );
        }
        let _ = write!(
            s,
            "    name: {}\n    namespace: {}\n    resourceVersion: \"{rv}\"\n    uid: {}\n  spec:\n    accessModes:\n",
            c.name, c.namespace, c.uid
        );
        for m in c.modes {
            let _ = writeln!(s, "    - {m}");
        }
        let _ = writeln!(
            s,
            "    resources:\n      requests:\n        storage: {}",
            c.size
        );
        if let Some(selector) = c.selector {
            s.push_str("    selector:\n");
            s.push_str(selector);
        }
        let _ = writeln!(
            s,
            "    storageClassName: {}\n    volumeMode: Filesystem",
            quoted(c.class)
        );
        if let Some(volume) = c.volume {
            let _ = writeln!(s, "    volumeName: {volume}");
        }
        match c.bound {
            Some(capacity) => {
                s.push_str("  status:\n    accessModes:\n");
                for m in c.modes {
                    let _ = writeln!(s, "    - {m}");
                }
                let _ = writeln!(
                    s,
                    "    capacity:\n      storage: {capacity}\n    phase: Bound"
                );
            }
            None => s.push_str("  status:\n    phase: Pending\n"),
        }
        self.claims.push((format!("{}/{}", c.namespace, c.name), s));
    }

    fn push_pod(
        &mut self,
        namespace: &str,
        app: &str,
        i: usize,
        claim: &str,
        node: Option<&str>,
        created: &str,
    ) {
        let uid = self.uid();
        let rv = self.resource_version();
        let hash = format!("{:010x}", self.rng.next_u64() >> 24);
        let name = format!("{app}-{i}-{}", &hash[..5]);
        let mut s = String::with_capacity(1800);
        let _ = write!(
            s,
            "- apiVersion: v1\n  kind: Pod\n  metadata:\n    creationTimestamp: \"{created}\"\n    generateName: {app}-{i}-\n    labels:\n      app: {app}\n      pod-template-hash: {quoted_hash}\n    name: {name}\n    namespace: {namespace}\n    ownerReferences:\n    - apiVersion: apps/v1\n      blockOwnerDeletion: true\n      controller: true\n      kind: ReplicaSet\n      name: {app}-{i}-{hash}\n      uid: {uid}\n    resourceVersion: \"{rv}\"\n    uid: {uid}\n  spec:\n    containers:\n    - image: registry.example.com/{app}:1.{minor}.2\n      imagePullPolicy: IfNotPresent\n      name: {app}\n      resources:\n        requests:\n          cpu: 250m\n          memory: 512Mi\n      volumeMounts:\n      - mountPath: /var/lib/{app}\n        name: data\n      - mountPath: /var/run/secrets/kubernetes.io/serviceaccount\n        name: kube-api-access-{short}\n        readOnly: true\n",
            minor = i % 9,
            quoted_hash = quoted(&hash),
            short = &hash[5..10],
        );
        if let Some(node) = node {
            let _ = writeln!(s, "    nodeName: {node}");
        }
        let _ = write!(
            s,
            "    restartPolicy: Always\n    schedulerName: default-scheduler\n    serviceAccountName: default\n    volumes:\n    - name: data\n      persistentVolumeClaim:\n        claimName: {claim}\n    - name: kube-api-access-{short}\n      projected:\n        defaultMode: 420\n        sources:\n        - serviceAccountToken:\n            expirationSeconds: 3607\n            path: token\n",
            short = &hash[5..10],
        );
        match node {
            Some(_) => {
                let _ = write!(
                    s,
                    "  status:\n    conditions:\n    - lastProbeTime: null\n      lastTransitionTime: \"{created}\"\n      status: \"True\"\n      type: Ready\n    phase: Running\n    qosClass: Burstable\n    startTime: \"{created}\"\n"
                );
            }
            None => {
                let nodes = self.nodes;
                let _ = write!(
                    s,
                    "  status:\n    conditions:\n    - lastProbeTime: null\n      lastTransitionTime: \"{created}\"\n      message: '0/{nodes} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/{nodes} nodes are available: {nodes} Preemption is not helpful for scheduling.'\n      reason: Unschedulable\n      status: \"False\"\n      type: PodScheduled\n    phase: Pending\n    qosClass: Burstable\n"
                );
            }
        }
        self.pods.push((format!("{namespace}/{name}"), s));
    }
}

/// The annotations the PV controller leaves on a claim it bound.
fn bound_annotations(provisioner: &str) -> Vec<(&'static str, String)> {
    vec![
        ("pv.kubernetes.io/bind-completed", "yes".into()),
        ("pv.kubernetes.io/bound-by-controller", "yes".into()),
        (
            "volume.beta.kubernetes.io/storage-provisioner",
            provisioner.into(),
        ),
        (
            "volume.kubernetes.io/storage-provisioner",
            provisioner.into(),
        ),
    ]
}

/// Node `n`'s name (`ip-10-0-1-23.ec2.internal`).
fn node_name_of(n: usize) -> String {
    format!("ip-10-0-{}-{}.ec2.internal", n / 250, n % 250 + 4)
}

/// The zone a node is in (nodes are spread over three).
fn zone_of(node: &str) -> String {
    let n: usize = node.bytes().map(usize::from).sum();
    format!("us-east-1{}", ["a", "b", "c"][n % 3])
}

/// A scalar as kubectl writes it: quoted when YAML would read it as something else.
fn quoted(text: &str) -> String {
    let number = text.bytes().all(|b| b.is_ascii_digit() || b == b'e');
    if text.is_empty() || text == "yes" || text == "true" || number {
        format!("\"{text}\"")
    } else {
        text.to_owned()
    }
}

fn node(n: usize, uid: &str, rv: &str) -> String {
    let name = node_name_of(n);
    let zone = zone_of(&name);
    format!(
        "- apiVersion: v1\n  kind: Node\n  metadata:\n    annotations:\n      csi.volume.kubernetes.io/nodeid: '{{\"ebs.csi.aws.com\":\"i-0{n:016x}\"}}'\n      node.alpha.kubernetes.io/ttl: \"0\"\n    creationTimestamp: \"2025-11-02T10:05:00Z\"\n    labels:\n      kubernetes.io/arch: amd64\n      kubernetes.io/hostname: {name}\n      kubernetes.io/os: linux\n      node.kubernetes.io/instance-type: m6i.2xlarge\n      topology.ebs.csi.aws.com/zone: {zone}\n      topology.kubernetes.io/zone: {zone}\n    name: {name}\n    resourceVersion: \"{rv}\"\n    uid: {uid}\n  spec:\n    providerID: aws:///{zone}/i-0{n:016x}\n  status:\n    allocatable:\n      cpu: 7910m\n      memory: 31482Mi\n      pods: \"58\"\n    capacity:\n      cpu: \"8\"\n      memory: 32386Mi\n      pods: \"58\"\n    conditions:\n    - lastHeartbeatTime: \"2026-01-09T08:59:00Z\"\n      lastTransitionTime: \"2025-11-02T10:06:00Z\"\n      message: kubelet is posting ready status\n      reason: KubeletReady\n      status: \"True\"\n      type: Ready\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest;

    #[test]
    fn a_dump_has_exactly_the_objects_asked_for_and_parses_cleanly() {
        for objects in [10, 137, 1000] {
            let text = kubectl_dump(objects, 7);
            let parsed = manifest::parse(&text);
            assert!(parsed.errors.is_empty(), "{:?}", parsed.errors.first());
            assert_eq!(parsed.objects.len(), objects);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_dump_and_another_seed_another() {
        assert_eq!(kubectl_dump(300, 1), kubectl_dump(300, 1));
        assert_ne!(kubectl_dump(300, 1), kubectl_dump(300, 2));
    }
}
