//! Names controllers give the objects they make: a template's hash (a ReplicaSet's
//! `<deployment>-<hash>`, a StatefulSet's revision `<set>-<hash>`) and the five characters the
//! API server appends to a `generateName` (`docs/kubernetes-rules.md` §18.1).
//!
//! Upstream hashes the template's Go value (FNV-32a over a `spew` dump) and draws the suffix at
//! random; the simulator hashes its own rendering of the template with FNV-32a and draws the
//! suffix from a counter, so names have upstream's shape and alphabet and every run gives the
//! same ones, but the values differ from a real cluster's.

use super::cluster::splitmix64;
use super::objects::PodTemplateSpec;
use std::fmt::Write as _;

/// The text a template's hash is computed over: its labels, annotations and the modelled
/// fields of its pod spec, each named, so the names stay the same however the object model
/// grows elsewhere.
pub fn render_template(template: &PodTemplateSpec) -> String {
    let (meta, spec) = (&template.metadata, &template.spec);
    let mut out = String::new();
    let _ = write!(
        out,
        "labels={:?};annotations={:?};finalizers={:?};nodeName={:?};hostname={:?};subdomain={:?};restartPolicy={:?};nodeSelector={:?};",
        meta.labels,
        meta.annotations,
        meta.finalizers,
        spec.node_name,
        spec.hostname,
        spec.subdomain,
        spec.restart_policy,
        spec.node_selector
    );
    for volume in &spec.volumes {
        let _ = write!(out, "volume={volume:?};");
    }
    for container in &spec.containers {
        let _ = write!(out, "container={container:?};");
    }
    out
}

/// `k8s.io/apimachinery/pkg/util/rand`'s alphabet: no vowels, no confusable characters.
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// FNV-1a, 32 bits (`hash/fnv` `New32a`).
fn fnv32a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(*byte)).wrapping_mul(0x0100_0193)
    })
}

/// `rand.SafeEncodeString`: each byte mapped into the alphabet.
fn safe_encode(text: &str) -> String {
    text.bytes()
        .map(|b| char::from(ALPHANUMS[usize::from(b) % ALPHANUMS.len()]))
        .collect()
}

/// `controller.ComputeHash`'s shape: the hash of `rendered` (and the collision count, when
/// set, as its four little-endian bytes) in decimal, safely encoded: `7c5ddbdf54`.
pub fn template_hash(rendered: &str, collision_count: Option<i32>) -> String {
    let mut bytes = rendered.as_bytes().to_vec();
    if let Some(count) = collision_count {
        bytes.extend_from_slice(&count.to_le_bytes());
    }
    safe_encode(&fnv32a(&bytes).to_string())
}

/// Five characters of the alphabet drawn from `seed` (`utilrand.String(5)`).
pub fn suffix(seed: u64) -> String {
    let mut state = seed;
    (0..5)
        .map(|_| {
            state = splitmix64(state);
            char::from(ALPHANUMS[(state % ALPHANUMS.len() as u64) as usize])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_suffixes_have_upstreams_shape() {
        let hash = template_hash("spec", None);
        assert!(!hash.is_empty() && hash.len() <= 10);
        assert!(hash.bytes().all(|b| ALPHANUMS.contains(&b)));
        assert_ne!(hash, template_hash("spec", Some(1)));
        assert_eq!(hash, template_hash("spec", None));
        let five = suffix(7);
        assert_eq!(five.len(), 5);
        assert!(five.bytes().all(|b| ALPHANUMS.contains(&b)));
        assert_ne!(five, suffix(8));
        // The FNV-1a reference value of "a".
        assert_eq!(fnv32a(b"a"), 0xe40c_292c);
    }
}
