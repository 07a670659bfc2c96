//! Which objects a command names, as kubectl's resource builder reads its arguments: `TYPE
//! [NAME...]`, `TYPE1,TYPE2`, `TYPE/NAME...`, in the namespace of `-n` (or `default`), in all
//! namespaces with `-A`, filtered by a `-l` label selector; and the listing the API server
//! gives (ordered by namespace, then name).

use super::resources::{resolve, Resource};
use pv_engine::apimachinery::{selector_matches, LabelSelectorRequirement};
use pv_engine::objects::{Kind, Object, ObjectKey};
use pv_engine::sort::CompactSort;
use pv_engine::Cluster;
use std::collections::BTreeMap;

/// A resource type and the names asked for (none: every object of the type).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub resource: &'static Resource,
    pub names: Vec<String>,
}

/// The error kubectl gives for mixing `TYPE NAME` with `TYPE/NAME`.
const MIXED: &str = "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n";

/// Reads the positional arguments into targets, or kubectl's error text.
pub fn targets(positional: &[String]) -> Result<Vec<Target>, String> {
    let no_match = |e: super::resources::NoMatch| format!("error: {e}\n");
    if positional.iter().any(|a| a.contains('/')) {
        let mut out: Vec<Target> = Vec::new();
        for argument in positional {
            let Some((kind, name)) = argument.split_once('/') else {
                return Err(MIXED.to_owned());
            };
            if name.is_empty() || kind.is_empty() {
                return Err(
                    "error: arguments in resource/name form must have a single resource and name
"
                    .to_owned(),
                );
            }
            let resource = resolve(kind).map_err(no_match)?;
            match out.iter_mut().find(|t| t.resource == resource) {
                Some(target) => target.names.push(name.to_owned()),
                None => out.push(Target {
                    resource,
                    names: vec![name.to_owned()],
                }),
            }
        }
        return Ok(out);
    }
    let Some((types, names)) = positional.split_first() else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Target> = Vec::new();
    for kind in types.split(',').filter(|t| !t.is_empty()) {
        // The `all` category, in discovery order: of the kinds served here, pods, then the
        // apps group's deployments, replicasets and statefulsets.
        let kinds: &[&str] = if kind.eq_ignore_ascii_case("all") {
            &[
                "pods",
                "deployments.apps",
                "replicasets.apps",
                "statefulsets.apps",
            ]
        } else {
            &[kind]
        };
        for kind in kinds {
            let resource = resolve(kind).map_err(no_match)?;
            if out.iter().all(|t| t.resource != resource) {
                out.push(Target {
                    resource,
                    names: names.to_vec(),
                });
            }
        }
    }
    Ok(out)
}

/// Every object of a kind the API server lists: in `namespace`, or all when `None`; in key
/// order (namespace, then name).
pub fn list(cluster: &Cluster, kind: Kind, namespace: Option<&str>) -> Vec<Object> {
    let mut objects: Vec<Object> = match kind {
        Kind::PersistentVolume => cluster
            .volumes()
            .cloned()
            .map(Object::PersistentVolume)
            .collect(),
        Kind::PersistentVolumeClaim => cluster
            .claims()
            .cloned()
            .map(Object::PersistentVolumeClaim)
            .collect(),
        Kind::StorageClass => cluster
            .classes()
            .cloned()
            .map(Object::StorageClass)
            .collect(),
        Kind::Pod => cluster.pods().cloned().map(Object::Pod).collect(),
        Kind::Node => cluster.nodes().cloned().map(Object::Node).collect(),
        Kind::StatefulSet => cluster
            .stateful_sets()
            .cloned()
            .map(Object::StatefulSet)
            .collect(),
        Kind::Deployment => cluster
            .deployments()
            .cloned()
            .map(Object::Deployment)
            .collect(),
        Kind::ReplicaSet => cluster
            .replica_sets()
            .cloned()
            .map(Object::ReplicaSet)
            .collect(),
    };
    if let Some(namespace) = namespace.filter(|_| kind.is_namespaced()) {
        objects.retain(|o| o.key().namespace == namespace);
    }
    objects.compact_sort_by(|a, b| {
        let (a, b) = (a.key(), b.key());
        (a.namespace, a.name).cmp(&(b.namespace, b.name))
    });
    objects
}

/// One object by name.
pub fn get(cluster: &Cluster, kind: Kind, namespace: &str, name: &str) -> Option<Object> {
    cluster.get(&ObjectKey::new(kind, Some(namespace), name))
}

/// A `-l` selector: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by
/// commas (all must hold).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    equal: BTreeMap<String, String>,
    expressions: Vec<LabelSelectorRequirement>,
}

impl Selector {
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut selector = Selector::default();
        let mut depth = 0;
        let mut parts = vec![String::new()];
        for c in text.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(String::new());
                    continue;
                }
                _ => {}
            }
            parts.last_mut().expect("one part").push(c);
        }
        for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            let requirement =
                |key: &str, operator: &str, values: Vec<String>| LabelSelectorRequirement {
                    key: key.trim().to_owned(),
                    operator: operator.to_owned(),
                    values,
                };
            if let Some((key, value)) = part.split_once("!=") {
                selector
                    .expressions
                    .push(requirement(key, "NotIn", vec![value.trim().to_owned()]));
            } else if let Some((key, value)) =
                part.split_once("==").or_else(|| part.split_once('='))
            {
                selector
                    .equal
                    .insert(key.trim().to_owned(), value.trim().to_owned());
            } else if let Some(key) = part.strip_prefix('!') {
                selector
                    .expressions
                    .push(requirement(key, "DoesNotExist", Vec::new()));
            } else if let Some((key, rest)) = part.split_once(char::is_whitespace) {
                let rest = rest.trim();
                let (operator, list) = if let Some(list) = rest.strip_prefix("notin") {
                    ("NotIn", list)
                } else if let Some(list) = rest.strip_prefix("in") {
                    ("In", list)
                } else {
                    return Err(format!("unable to parse requirement: found '{rest}', expected: in, notin, =, ==, !=, gt, lt"));
                };
                let Some(list) = list
                    .trim()
                    .strip_prefix('(')
                    .and_then(|l| l.strip_suffix(')'))
                else {
                    return Err(format!(
                        "unable to parse requirement: found '{list}', expected: '('"
                    ));
                };
                let values = list.split(',').map(|v| v.trim().to_owned()).collect();
                selector
                    .expressions
                    .push(requirement(key, operator, values));
            } else {
                selector
                    .expressions
                    .push(requirement(part, "Exists", Vec::new()));
            }
        }
        Ok(selector)
    }

    pub fn matches(&self, object: &Object) -> bool {
        selector_matches(
            self.equal.iter(),
            &self.expressions,
            &object.metadata().labels,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn arguments_name_types_and_objects_as_kubectl_reads_them() {
        let t = targets(&words("pv,pvc a b")).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].resource.kind, Kind::PersistentVolumeClaim);
        assert_eq!(t[1].names, ["a", "b"]);
        let t = targets(&words("pv/a pvc/b pv/c")).unwrap();
        assert_eq!(t[0].names, ["a", "c"]);
        assert_eq!(targets(&words("pv pvc/b")).unwrap_err(), MIXED);
        assert_eq!(
            targets(&words("foo")).unwrap_err(),
            "error: the server doesn't have a resource type \"foo\"\n"
        );
    }

    #[test]
    fn selectors_read_kubectls_syntax() {
        let mut labels = BTreeMap::new();
        labels.insert("app".to_owned(), "db".to_owned());
        let pv = Object::PersistentVolume(pv_engine::objects::PersistentVolume {
            metadata: pv_engine::objects::ObjectMeta {
                labels,
                ..Default::default()
            },
            ..Default::default()
        });
        for (text, expected) in [
            ("app=db", true),
            ("app==db", true),
            ("app!=db", false),
            ("app in (db,web)", true),
            ("app notin (db)", false),
            ("app", true),
            ("!app", false),
            ("app=db,tier", false),
        ] {
            assert_eq!(
                Selector::parse(text).unwrap().matches(&pv),
                expected,
                "{text}"
            );
        }
    }
}
