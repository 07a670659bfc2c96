//! A small cluster that shows every route of the flowchart at once — a static binding, a
//! dynamic provisioning, and claims blocked for different reasons — built from values (no
//! YAML parser needed) and settled through the API like any other cluster.

use super::cluster::Cluster;
use super::objects::*;
use super::quantity::Quantity;
use super::value::Value;
use std::collections::BTreeMap;

fn meta(name: &str, namespace: Option<&str>, labels: &[(&str, &str)]) -> ObjectMeta {
    ObjectMeta {
        name: name.to_owned(),
        namespace: namespace.map(str::to_owned),
        labels: labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Default::default()
    }
}

fn storage(size: &str) -> ResourceList {
    BTreeMap::from([(
        STORAGE.to_owned(),
        Quantity::parse(size).unwrap_or_default(),
    )])
}

fn modes(list: &[&str]) -> Vec<String> {
    list.iter().map(|m| m.to_string()).collect()
}

fn volume(name: &str, size: &str, access: &[&str], class: &str, labels: &[(&str, &str)]) -> Object {
    Object::PersistentVolume(PersistentVolume {
        metadata: meta(name, None, labels),
        spec: PersistentVolumeSpec {
            capacity: storage(size),
            access_modes: modes(access),
            storage_class_name: Some(class.to_owned()),
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

fn claim(
    name: &str,
    size: &str,
    access: &[&str],
    class: Option<&str>,
    selector: &[(&str, &str)],
) -> Object {
    Object::PersistentVolumeClaim(PersistentVolumeClaim {
        metadata: meta(name, Some("shop"), &[]),
        spec: PersistentVolumeClaimSpec {
            access_modes: modes(access),
            resources: ResourceRequirements {
                requests: storage(size),
                ..Default::default()
            },
            storage_class_name: class.map(str::to_owned),
            selector: (!selector.is_empty()).then(|| LabelSelector {
                match_labels: selector
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                ..Default::default()
            }),
            ..Default::default()
        },
        ..Default::default()
    })
}

/// The demo's objects, in the order they are created.
pub fn demo_objects() -> Vec<Object> {
    let fast = Object::StorageClass(StorageClass {
        metadata: meta("fast", None, &[]),
        provisioner: "ebs.csi.aws.com".into(),
        ..Default::default()
    });
    let pod = Object::Pod(Pod {
        metadata: meta("web-0", Some("shop"), &[]),
        spec: PodSpec {
            volumes: vec![PodVolume {
                name: "data".into(),
                persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                    claim_name: "db-data".into(),
                    read_only: false,
                }),
                ..Default::default()
            }],
            containers: vec![Value::Map(BTreeMap::from([
                ("name".to_owned(), Value::String("web".into())),
                ("image".to_owned(), Value::String("nginx".into())),
            ]))],
            ..Default::default()
        },
        ..Default::default()
    });
    vec![
        Object::Node(Node {
            metadata: meta("node-a", None, &[("kubernetes.io/hostname", "node-a")]),
        }),
        fast,
        volume("pv-small", "1Gi", &["ReadWriteOnce"], "", &[("app", "db")]),
        volume("pv-db", "10Gi", &["ReadWriteOnce"], "", &[("app", "db")]),
        volume(
            "pv-shared",
            "20Gi",
            &["ReadWriteOnce", "ReadWriteMany"],
            "",
            &[("app", "files")],
        ),
        // Static: the smallest volume that fits its size and selector.
        claim(
            "db-data",
            "5Gi",
            &["ReadWriteOnce"],
            Some(""),
            &[("app", "db")],
        ),
        // Dynamic: no volume of class "fast", so the class's provisioner makes one.
        claim("cache", "2Gi", &["ReadWriteOnce"], Some("fast"), &[]),
        // Blocked: class "" never provisions, and no class-less volume is big enough.
        claim("archive", "50Gi", &["ReadWriteOnce"], Some(""), &[]),
        // Blocked: the class names no StorageClass object.
        claim("reports", "1Gi", &["ReadWriteOnce"], Some("gold"), &[]),
        pod,
    ]
}

/// The demo cluster with its objects created through the API and no controller run yet
/// (every claim Pending), so a learner can watch the control loop from the start.
pub fn demo_cluster() -> Cluster {
    let mut cluster = Cluster::new();
    cluster.tick();
    for object in demo_objects() {
        // The demo's objects are valid by construction; the test below holds it to that.
        let _ = cluster.create(object);
    }
    cluster
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::{Blocked, Route};

    #[test]
    fn every_demo_object_is_accepted_and_each_route_appears() {
        let mut checked = Cluster::new();
        for object in demo_objects() {
            checked.create(object).expect("demo objects are valid");
        }
        let mut cluster = demo_cluster();
        assert!(cluster
            .claims()
            .all(|c| c.status.phase == crate::objects::ClaimPhase::Pending));
        cluster.settle();
        let route = |name: &str| cluster.explain_claim("shop", name).map(|e| e.route);
        assert_eq!(
            route("db-data"),
            Some(Route::Static {
                volume: "pv-db".into(),
                pending: false
            })
        );
        assert!(matches!(
            route("cache"),
            Some(Route::Dynamic {
                volume: Some(_),
                ..
            })
        ));
        assert!(matches!(
            route("archive"),
            Some(Route::Blocked {
                reason: Blocked::NoClass,
                ..
            })
        ));
        assert!(matches!(
            route("reports"),
            Some(Route::Blocked {
                reason: Blocked::NoSuchClass,
                ..
            })
        ));
        assert_eq!(
            cluster
                .pod("shop", "web-0")
                .map(|p| p.spec.node_name.as_str()),
            Some("node-a")
        );
    }
}
