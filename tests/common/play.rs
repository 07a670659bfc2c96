//! Clusters for tests, built as a user would: each string is one `apply` step of manifests,
//! played by the scenario runner (so every step settles).

use pv_core::scenario::{run, Scenario};
use pv_engine::Cluster;

/// The cluster after applying each of `steps` in turn; panics if a step is refused.
pub fn play(steps: &[&str]) -> Cluster {
    let mut text = String::from("name: t\nsteps:\n");
    for step in steps {
        text.push_str("  - apply: |\n");
        for line in step.lines() {
            text.push_str("      ");
            text.push_str(line);
            text.push('\n');
        }
    }
    let scenario = Scenario::parse(&text).expect("test scenario parses");
    let (cluster, outcome) = run(&scenario);
    outcome.expect("steps apply");
    cluster
}

/// The cluster with `manifests`' objects created through the API server and no controller
/// run yet (as the page's step mode leaves them); panics if one is refused.
pub fn created(manifests: &str) -> Cluster {
    let mut cluster = Cluster::new();
    cluster.tick();
    add(&mut cluster, manifests);
    cluster
}

/// Creates (or, when it exists, replaces) `manifests`' objects at the next tick, without
/// running any controller.
pub fn add(cluster: &mut Cluster, manifests: &str) {
    let parsed = pv_core::manifest::parse(manifests);
    assert!(!parsed.has_errors(), "{:?}", parsed.errors);
    cluster.tick();
    for object in parsed.into_objects() {
        let result = if cluster.get(&object.key()).is_some() {
            cluster.replace(object, pv_engine::cluster::Finalizers::Replace)
        } else {
            cluster.create(object).map(|_| ())
        };
        result.expect("the API server accepts the test's objects");
    }
}

/// Deletes a volume past its finalizers (as if pv-protection were off) and settles: a claim
/// bound to it is then Lost.
pub fn remove_volume(cluster: &mut Cluster, name: &str) {
    let mut volume = cluster.volume(name).expect("volume exists").clone();
    volume.metadata.finalizers.clear();
    cluster
        .replace(
            pv_engine::objects::Object::PersistentVolume(volume),
            pv_engine::cluster::Finalizers::Replace,
        )
        .expect("the finalizers may be cleared");
    cluster
        .delete(&pv_engine::objects::ObjectKey::new(
            pv_engine::objects::Kind::PersistentVolume,
            None,
            name,
        ))
        .expect("the volume exists");
    cluster.settle();
}
