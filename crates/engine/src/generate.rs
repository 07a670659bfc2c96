//! Seeded random clusters for benchmarks and `pvsim bench`: a realistic mix of sizes, classes,
//! access modes, labels and selectors, with some volumes reserved for claims. Deterministic:
//! the same sizes and seed give the same objects.

use super::cluster::Cluster;
use super::objects::*;
use super::quantity::Quantity;
use std::collections::BTreeMap;

/// A small, fast, seedable generator (xorshift64*), enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SIZES: [&str; 8] = ["1Gi", "2Gi", "5Gi", "8Gi", "10Gi", "20Gi", "50Gi", "100Gi"];
const MODES: [&[&str]; 4] = [
    &["ReadWriteOnce"],
    &["ReadWriteOnce", "ReadOnlyMany"],
    &["ReadWriteMany"],
    &["ReadOnlyMany"],
];
const CLASSES: [&str; 3] = ["", "standard", "fast"];
const APPS: [&str; 4] = ["db", "web", "cache", "queue"];

/// The objects of a random cluster: `volumes` hand-made PVs and `claims` PVCs in a few
/// namespaces; no StorageClass objects, so unmatched claims stay Pending (the benchmark
/// measures matching, not provisioning). About 5% of volumes are reserved for a claim by
/// claimRef and 3% of claims name a volume.
pub fn random_objects(volumes: usize, claims: usize, seed: u64) -> Vec<Object> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(volumes + claims);
    let claim_name = |i: usize| (format!("ns-{}", i % 10), format!("claim-{i}"));
    for i in 0..volumes {
        let mut metadata = ObjectMeta {
            name: format!("pv-{i:05}"),
            ..Default::default()
        };
        metadata
            .labels
            .insert("app".into(), rng.pick(&APPS).to_string());
        let claim_ref = (claims > 0 && rng.chance(5)).then(|| {
            let (namespace, name) = claim_name(rng.below(claims));
            ObjectReference {
                namespace,
                name,
                ..Default::default()
            }
        });
        let spec = PersistentVolumeSpec {
            capacity: BTreeMap::from([(
                STORAGE.to_owned(),
                quantity(SIZES[rng.below(SIZES.len())]),
            )]),
            access_modes: rng.pick(&MODES).iter().map(|m| m.to_string()).collect(),
            storage_class_name: Some(rng.pick(&CLASSES).to_string()),
            claim_ref,
            nfs: Some(NfsVolumeSource {
                server: "nfs.example.com".into(),
                path: format!("/exports/{i}"),
                read_only: false,
            }),
            ..Default::default()
        };
        out.push(Object::PersistentVolume(PersistentVolume {
            metadata,
            spec,
            ..Default::default()
        }));
    }
    for i in 0..claims {
        let (namespace, name) = claim_name(i);
        let selector = rng.chance(20).then(|| LabelSelector {
            match_labels: BTreeMap::from([("app".to_owned(), rng.pick(&APPS).to_string())]),
            ..Default::default()
        });
        let volume_name = if volumes > 0 && rng.chance(3) {
            format!("pv-{:05}", rng.below(volumes))
        } else {
            String::new()
        };
        let spec = PersistentVolumeClaimSpec {
            access_modes: vec![rng.pick(&MODES)[0].to_string()],
            resources: ResourceRequirements {
                requests: BTreeMap::from([(
                    STORAGE.to_owned(),
                    quantity(SIZES[rng.below(SIZES.len())]),
                )]),
                ..Default::default()
            },
            storage_class_name: Some(rng.pick(&CLASSES).to_string()),
            selector,
            volume_name,
            ..Default::default()
        };
        let metadata = ObjectMeta {
            name,
            namespace: Some(namespace),
            ..Default::default()
        };
        out.push(Object::PersistentVolumeClaim(PersistentVolumeClaim {
            metadata,
            spec,
            ..Default::default()
        }));
    }
    out
}

fn quantity(text: &str) -> Quantity {
    Quantity::parse(text).unwrap_or_default()
}

/// A cluster holding [`random_objects`], created through the API but not settled yet.
pub fn random_cluster(volumes: usize, claims: usize, seed: u64) -> Cluster {
    let mut cluster = Cluster::new();
    cluster.tick();
    for object in random_objects(volumes, claims, seed) {
        // Generated objects are valid by construction; a refusal would be a generator bug
        // that the benchmark's bound count would show.
        let _ = cluster.create(object);
    }
    cluster
}

/// The objects of a busy application cluster of about `objects` objects, for the cluster
/// graph at scale: a few Nodes, a dynamic StorageClass ("standard", Delete) and a class that
/// never provisions ("manual"), then namespaces of pods that each mount their own claim;
/// about half the claims are provisioned, the rest wait for or bind a hand-made volume, and
/// some volumes stay free. Names do not clash with the demo's (`team-N` namespaces).
pub fn random_workload(objects: usize, seed: u64) -> Vec<Object> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(objects);
    for n in 0..3 {
        let name = format!("worker-{n}");
        out.push(Object::Node(Node {
            metadata: ObjectMeta {
                labels: BTreeMap::from([("kubernetes.io/hostname".to_owned(), name.clone())]),
                name,
                ..Default::default()
            },
        }));
    }
    for (name, provisioner) in [("standard", "ebs.csi.aws.com"), ("manual", NO_PROVISIONER)] {
        out.push(Object::StorageClass(StorageClass {
            metadata: ObjectMeta {
                name: name.into(),
                ..Default::default()
            },
            provisioner: provisioner.into(),
            ..Default::default()
        }));
    }
    // Each app brings a pod, its claim and, for manual claims, a volume: about 3.5 objects.
    let mut i = 0;
    while out.len() + 3 <= objects {
        let namespace = format!("team-{}", i % 6);
        let app = format!("{}-{i}", rng.pick(&APPS));
        let manual = rng.chance(50);
        let size = SIZES[rng.below(4)];
        if manual && rng.chance(80) {
            out.push(workload_volume(&format!("pv-{app}"), size, &mut rng));
        }
        out.push(Object::PersistentVolumeClaim(PersistentVolumeClaim {
            metadata: ObjectMeta {
                name: format!("{app}-data"),
                namespace: Some(namespace.clone()),
                ..Default::default()
            },
            spec: PersistentVolumeClaimSpec {
                access_modes: vec!["ReadWriteOnce".into()],
                resources: ResourceRequirements {
                    requests: BTreeMap::from([(STORAGE.to_owned(), quantity(size))]),
                    ..Default::default()
                },
                storage_class_name: Some(if manual { "manual" } else { "standard" }.into()),
                ..Default::default()
            },
            ..Default::default()
        }));
        out.push(Object::Pod(Pod {
            metadata: ObjectMeta {
                name: format!("{app}-0"),
                namespace: Some(namespace),
                ..Default::default()
            },
            spec: PodSpec {
                volumes: vec![PodVolume {
                    name: "data".into(),
                    persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                        claim_name: format!("{app}-data"),
                        read_only: false,
                    }),
                    ..Default::default()
                }],
                containers: vec![super::value::Value::Map(BTreeMap::from([
                    ("name".to_owned(), super::value::Value::String("app".into())),
                    (
                        "image".to_owned(),
                        super::value::Value::String("nginx".into()),
                    ),
                ]))],
                ..Default::default()
            },
            ..Default::default()
        }));
        // Now and then a spare volume nobody claims (Available).
        if rng.chance(15) && out.len() < objects {
            out.push(workload_volume(&format!("pv-spare-{i}"), "100Gi", &mut rng));
        }
        i += 1;
    }
    out
}

/// The provisioner name of classes that never provision (local volumes, manual PVs).
const NO_PROVISIONER: &str = "kubernetes.io/no-provisioner";

fn workload_volume(name: &str, size: &str, rng: &mut Rng) -> Object {
    let policy = if rng.chance(50) { "Retain" } else { "Delete" };
    Object::PersistentVolume(PersistentVolume {
        metadata: ObjectMeta {
            name: name.into(),
            ..Default::default()
        },
        spec: PersistentVolumeSpec {
            capacity: BTreeMap::from([(STORAGE.to_owned(), quantity(size))]),
            access_modes: vec!["ReadWriteOnce".into()],
            storage_class_name: Some("manual".into()),
            persistent_volume_reclaim_policy: Some(policy.into()),
            nfs: Some(NfsVolumeSource {
                server: "nfs.example.com".into(),
                path: format!("/exports/{name}"),
                read_only: false,
            }),
            ..Default::default()
        },
        ..Default::default()
    })
}

/// A cluster holding [`random_workload`], created through the API and settled.
pub fn workload_cluster(objects: usize, seed: u64) -> Cluster {
    let mut cluster = Cluster::new();
    cluster.tick();
    for object in random_workload(objects, seed) {
        // Valid by construction; the tests count what the graph shows.
        let _ = cluster.create(object);
    }
    cluster.settle();
    cluster
}
