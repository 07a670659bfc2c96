use super::*;
use pv_engine::objects::ClaimPhase;

/// A volume, a class and a claim that binds the volume (the knobs' and prerender's tests use it
/// too).
pub(crate) const STATIC: &str = "apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-small}
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /mnt/small}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: ebs.csi.aws.com
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: shop}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: \"\"
  resources: {requests: {storage: 2Gi}}
";

fn phase(e: &Explainer) -> ClaimPhase {
    e.picture().unwrap().explanation.phase
}

fn look() -> Look {
    Look {
        knobs: vec![Field::StorageClassName, Field::Request],
        manifest: true,
        readonly: true,
        mermaid: false,
        cluster: false,
    }
}

#[test]
fn a_cluster_view_draws_every_object_and_where_each_volume_is() {
    let e = Explainer::from_manifests(STATIC).unwrap();
    let cluster = Look {
        cluster: true,
        mermaid: true,
        ..Look::default()
    };
    let out = html(&e, &cluster, "p");
    assert!(out.starts_with("<div class=\"pvp-explainer pvp-x-cluster\" data-prefix=\"p\">"));
    assert!(
        out.contains("All 3 objects, each box with its status."),
        "{out}"
    );
    for node in ["pvc:shop/data", "pv:pv-small", "sc:fast"] {
        assert!(
            out.contains(&format!("data-node=\"{node}\"")),
            "{node} in {out}"
        );
    }
    // The volume's lifecycle, its stage in words and by aria-current.
    assert!(out.contains("<li data-volume=\"pv-small\"><strong>pv-small</strong>"));
    assert!(out.contains(
        "<li class=\"pvp-current\" aria-current=\"step\"><span class=\"pvp-stage-name\">Bound (now)"
    ));
    assert!(out.contains("claim shop/data"), "{out}");
    // Only what the view needs: no claim's route, knobs or Delete, even when not read-only.
    assert!(!out.contains("Why each volume"));
    assert!(!out.contains("data-action=\"delete\""));
    assert!(out.contains("data-action=\"mermaid\">Copy as Mermaid</button><span class=\"pvp-x-note\" role=\"status\">"));

    // After the claim is deleted, the Retain volume is Released and the picture says so.
    let deleted = e.apply(Change::DeleteClaim);
    let out = html(&deleted, &cluster, "p");
    assert!(out.contains("All 2 objects"), "{out}");
    assert!(out.contains("Released (now)"), "{out}");

    let alone = Explainer::from_manifests(STATIC.split("---").next().unwrap()).unwrap();
    assert!(html(&alone, &cluster, "p").contains(">One object, with its status.<"));

    let empty = Explainer::from_manifests("").unwrap();
    let out = html(&empty, &cluster, "p");
    assert!(out.contains("The cluster is empty: the manifests make no object."));
    assert!(out.contains("<p>There is no volume yet.</p>"));
    assert!(!out.contains("<svg"));
}

#[test]
fn copy_as_mermaid_has_a_place_to_say_whether_it_worked() {
    let e = Explainer::from_manifests(STATIC).unwrap();
    let out = html(
        &e,
        &Look {
            mermaid: true,
            ..look()
        },
        "p",
    );
    assert!(out.contains("<span class=\"pvp-x-note\" role=\"status\"></span>"));
    assert!(!html(&e, &look(), "p").contains("pvp-x-note"));
}

#[test]
fn a_knob_changes_the_route_and_reset_returns() {
    let e = Explainer::from_manifests(STATIC).unwrap();
    assert_eq!(phase(&e), ClaimPhase::Bound);
    assert!(e.picture().unwrap().path.nodes.contains("static"));
    let big = e.apply(Change::Set(Field::Request, "10Gi".into()));
    assert_eq!(phase(&big), ClaimPhase::Pending);
    assert!(big.picture().unwrap().path.blocked.is_some());
    assert!(big.changed());
    let dynamic = big.apply(Change::Set(Field::StorageClassName, "fast".into()));
    let picture = dynamic.picture().unwrap();
    assert_eq!(picture.explanation.phase, ClaimPhase::Bound);
    assert!(picture.path.nodes.contains("dynamic"), "{:?}", picture.path);
    let back = dynamic.apply(Change::Reset);
    assert_eq!(back.objects(), e.objects());
    assert!(!back.changed());
    assert_eq!(phase(&back), ClaimPhase::Bound);
}

#[test]
fn a_refused_value_keeps_the_state_and_says_why() {
    let e = Explainer::from_manifests(STATIC).unwrap();
    let after = e.apply(Change::Set(Field::VolumeMode, "Sideways".into()));
    assert_eq!(after.objects(), e.objects());
    assert_eq!(after.session.cluster, e.session.cluster);
    let why = after.refused.unwrap();
    assert!(
        why.starts_with("spec.volumeMode \"Sideways\" is refused: "),
        "{why}"
    );
    assert!(why.contains("Unsupported value"), "{why}");
}

#[test]
fn the_html_has_the_diagram_the_knobs_and_the_highlighted_field() {
    let e = Explainer::from_manifests(STATIC).unwrap();
    let out = html(&e, &look(), "p0");
    assert!(out.starts_with("<div class=\"pvp-explainer\" data-prefix=\"p0\">"));
    assert!(out.contains("<svg class=\"pvp-flowchart pvp-live\""));
    assert!(out.contains("data-knob=\"storageClassName\""));
    // A narrow column breaks the label between the field name's words.
    assert!(out.contains(">storage<wbr>Class<wbr>Name</label>"), "{out}");
    assert!(out.contains(">request</label>"));
    assert!(out.contains("<option value=\"2Gi\" selected>2Gi</option>"));
    assert!(out.contains("<mark>      storage: 2Gi</mark>"), "{out}");
    // Read-only, nothing changed: no Delete, no Reset, no Mermaid; nothing disabled.
    for absent in [
        "data-action=\"delete\"",
        "data-action=\"reset\"",
        "data-action=\"mermaid\"",
        "disabled",
    ] {
        assert!(!out.contains(absent), "{absent}");
    }
    // One claim: no picker.
    assert!(!out.contains("data-action=\"select\""));
    let changed = e.apply(Change::Set(Field::Request, "10Gi".into()));
    assert!(html(&changed, &look(), "p0").contains("data-action=\"reset\""));
    // The same state always makes the same markup.
    assert_eq!(html(&e, &look(), "p0"), html(&e, &look(), "p0"));
}

#[test]
fn manifests_without_claims_say_so() {
    let e = Explainer::from_manifests("").unwrap();
    assert!(html(&e, &look(), "p").contains("There is no claim to show"));
}

#[test]
fn markup_reserialised_with_line_breaks_is_the_same() {
    let e = Explainer::from_manifests(STATIC).unwrap();
    let drawn = html(&e, &look(), "p0");
    let reserialised = drawn
        .replace("</p>", "</p>\n")
        .replace("<section", "\n<section");
    assert!(same_markup(&drawn, &reserialised));
    let changed = html(
        &e.apply(Change::Set(Field::Request, "10Gi".into())),
        &look(),
        "p0",
    );
    assert!(!same_markup(&drawn, &changed));
}

#[test]
fn deleting_the_only_claim_says_what_became_of_its_volume_and_offers_the_way_back() {
    let e = Explainer::from_manifests(STATIC).unwrap();
    let gone = e.apply(Change::DeleteClaim);
    let out = html(&gone, &look(), "p");
    assert!(out.contains("shop/data was deleted; its volume pv-small is Released (reclaim policy Retain). There is no claim left to follow."), "{out}");
    assert!(out.contains("data-action=\"reset\">Back to the author's claim</button>"));
    let back = gone.apply(Change::Reset);
    assert_eq!(phase(&back), ClaimPhase::Bound);
    assert!(!html(&back, &look(), "p").contains("was deleted"));

    // A provisioned volume goes with its claim (the class's reclaim policy, Delete by default).
    let dynamic = e.apply(Change::Set(Field::StorageClassName, "fast".into()));
    let volume = dynamic
        .session
        .cluster
        .claims()
        .next()
        .unwrap()
        .spec
        .volume_name
        .clone();
    let out = html(&dynamic.apply(Change::DeleteClaim), &look(), "p");
    assert!(out.contains(&format!("shop/data was deleted; its volume {volume} was deleted with it (reclaim policy Delete).")), "{out}");
}

#[test]
fn the_drawings_description_tells_the_route_from_the_arrows_it_did_not_take() {
    let picture = Explainer::from_manifests(STATIC)
        .unwrap()
        .picture()
        .unwrap();
    let text = crate::diagram::markup::description(&picture.graph, Some(&picture.path));
    let (taken, not_taken) = text
        .split_once("Not taken: ")
        .expect("a static route leaves the dynamic one");
    assert!(taken.contains("→ Yes → Static Provisioning"), "{text}");
    assert!(!taken.contains("creates new"), "{text}");
    assert!(not_taken.contains("→ creates new →"), "{text}");
    assert!(!not_taken.contains("→ Yes → Static Provisioning"), "{text}");
}
