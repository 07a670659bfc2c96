//! The resource types the simulated API server serves, as discovery lists them (plural,
//! singular, short names, group, kind), and how kubectl resolves what the learner typed (`pv`,
//! `PersistentVolumeClaims`, `sc.storage.k8s.io`, `pvc/data`) to one of them. Adding a kind to the
//! console is one entry in [`RESOURCES`] (its `get` and `describe` printers are matched on the
//! kind in `get.rs` and `describe/`).

use pv_engine::objects::Kind;

/// One resource type, as `kubectl api-resources` lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resource {
    pub kind: Kind,
    /// `persistentvolumeclaims`: the name in URLs and in the API server's messages.
    pub plural: &'static str,
    pub singular: &'static str,
    pub short_names: &'static [&'static str],
    /// Empty for the core group.
    pub group: &'static str,
    pub version: &'static str,
}

/// What the simulated API server serves, in `kubectl api-resources` order.
pub const RESOURCES: &[Resource] = &[
    Resource {
        kind: Kind::Node,
        plural: "nodes",
        singular: "node",
        short_names: &["no"],
        group: "",
        version: "v1",
    },
    Resource {
        kind: Kind::PersistentVolumeClaim,
        plural: "persistentvolumeclaims",
        singular: "persistentvolumeclaim",
        short_names: &["pvc"],
        group: "",
        version: "v1",
    },
    Resource {
        kind: Kind::PersistentVolume,
        plural: "persistentvolumes",
        singular: "persistentvolume",
        short_names: &["pv"],
        group: "",
        version: "v1",
    },
    Resource {
        kind: Kind::Pod,
        plural: "pods",
        singular: "pod",
        short_names: &["po"],
        group: "",
        version: "v1",
    },
    Resource {
        kind: Kind::Deployment,
        plural: "deployments",
        singular: "deployment",
        short_names: &["deploy"],
        group: "apps",
        version: "v1",
    },
    Resource {
        kind: Kind::ReplicaSet,
        plural: "replicasets",
        singular: "replicaset",
        short_names: &["rs"],
        group: "apps",
        version: "v1",
    },
    Resource {
        kind: Kind::StatefulSet,
        plural: "statefulsets",
        singular: "statefulset",
        short_names: &["sts"],
        group: "apps",
        version: "v1",
    },
    Resource {
        kind: Kind::StorageClass,
        plural: "storageclasses",
        singular: "storageclass",
        short_names: &["sc"],
        group: "storage.k8s.io",
        version: "v1",
    },
];

impl Resource {
    /// The resource of a kind.
    pub fn of(kind: Kind) -> &'static Resource {
        RESOURCES
            .iter()
            .find(|r| r.kind == kind)
            .expect("every kind has a resource entry")
    }

    pub fn namespaced(&self) -> bool {
        self.kind.is_namespaced()
    }

    /// `persistentvolumeclaims` or `storageclasses.storage.k8s.io`: how the API server names
    /// the resource in its messages (`… "x" not found`).
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_owned()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// `persistentvolumeclaim` or `storageclass.storage.k8s.io`: how kubectl names an object
    /// in `-o name` and in `… created` lines.
    pub fn name_prefix(&self) -> String {
        let kind = self.kind.as_str().to_ascii_lowercase();
        if self.group.is_empty() {
            kind
        } else {
            format!("{kind}.{}", self.group)
        }
    }

    /// Every way kubectl accepts to name this resource, for completion.
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        [self.plural, self.singular]
            .into_iter()
            .chain(self.short_names.iter().copied())
    }
}

/// Why a type argument names no served resource: kubectl's `NoResourceMatchError` text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoMatch {
    pub resource: String,
    pub group: Option<String>,
}

impl std::fmt::Display for NoMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.group {
            Some(group) => write!(
                f,
                "the server doesn't have a resource type \"{}\" in group \"{group}\"",
                self.resource
            ),
            None => write!(
                f,
                "the server doesn't have a resource type \"{}\"",
                self.resource
            ),
        }
    }
}

/// Resolves a type argument as kubectl's REST mapper does: case-insensitive plural, singular or
/// short name, optionally followed by `.group` or `.version.group`, or a kind name.
pub fn resolve(argument: &str) -> Result<&'static Resource, NoMatch> {
    let lower = argument.to_ascii_lowercase();
    let (name, qualifier) = match lower.split_once('.') {
        Some((name, rest)) => (name, Some(rest)),
        None => (lower.as_str(), None),
    };
    let group_matches = |r: &Resource, qualifier: Option<&str>| match qualifier {
        None => true,
        Some(q) => {
            q == r.group
                || q == format!("{}.{}", r.version, r.group)
                || (r.group.is_empty() && (q == r.version || q == format!("{}.", r.version)))
        }
    };
    let found = RESOURCES.iter().find(|r| {
        (r.spellings().any(|s| s == name) || r.kind.as_str().eq_ignore_ascii_case(name))
            && group_matches(r, qualifier)
    });
    found.ok_or_else(|| NoMatch {
        resource: name.to_owned(),
        group: qualifier.map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_kubectl_accepts_resolves() {
        for (typed, kind) in [
            ("pv", Kind::PersistentVolume),
            ("PV", Kind::PersistentVolume),
            ("persistentvolumes", Kind::PersistentVolume),
            ("PersistentVolume", Kind::PersistentVolume),
            ("pvc", Kind::PersistentVolumeClaim),
            ("persistentvolumeclaims", Kind::PersistentVolumeClaim),
            ("sc", Kind::StorageClass),
            ("storageclasses.storage.k8s.io", Kind::StorageClass),
            ("sc.v1.storage.k8s.io", Kind::StorageClass),
            ("po", Kind::Pod),
            ("pods", Kind::Pod),
            ("no", Kind::Node),
            ("nodes", Kind::Node),
            ("sts", Kind::StatefulSet),
            ("statefulsets.apps", Kind::StatefulSet),
            ("StatefulSet", Kind::StatefulSet),
            ("deploy", Kind::Deployment),
            ("deployments.v1.apps", Kind::Deployment),
            ("rs", Kind::ReplicaSet),
            ("replicaset", Kind::ReplicaSet),
        ] {
            assert_eq!(resolve(typed).map(|r| r.kind), Ok(kind), "{typed}");
        }
        assert_eq!(
            resolve("foo").unwrap_err().to_string(),
            "the server doesn't have a resource type \"foo\""
        );
        assert!(resolve("pv.storage.k8s.io").is_err());
    }

    #[test]
    fn names_are_kubectls() {
        let sc = Resource::of(Kind::StorageClass);
        assert_eq!(sc.qualified(), "storageclasses.storage.k8s.io");
        assert_eq!(sc.name_prefix(), "storageclass.storage.k8s.io");
        let pvc = Resource::of(Kind::PersistentVolumeClaim);
        assert_eq!(pvc.name_prefix(), "persistentvolumeclaim");
        let sts = Resource::of(Kind::StatefulSet);
        assert_eq!(sts.qualified(), "statefulsets.apps");
        assert_eq!(sts.name_prefix(), "statefulset.apps");
    }
}
