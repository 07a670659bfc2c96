use super::*;
use crate::explainer::Explainer;

use crate::explainer::tests::STATIC as CLUSTER;

fn explainer() -> Explainer {
    Explainer::from_manifests(CLUSTER).expect("the manifests apply")
}

#[test]
fn knob_lists_are_read_and_bad_names_reported() {
    assert_eq!(
        parse_knobs("storageClassName, accessModes request"),
        Ok(vec![
            Field::StorageClassName,
            Field::AccessModes,
            Field::Request
        ])
    );
    let problems = parse_knobs("storageClass,request,request,selector").unwrap_err();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("got \"storageClass\""));
    assert!(problems[1].contains("request twice"));
    assert!(problems[2].contains("\"selector\""));
    assert_eq!(parse_knobs(""), Ok(vec![]));
}

#[test]
fn offers_come_from_the_authors_objects() {
    let e = explainer();
    let claim = e.authored_claim().unwrap();
    let values = |f| -> Vec<String> {
        offers(f, e.objects(), claim)
            .into_iter()
            .map(|o| o.value)
            .collect()
    };
    assert_eq!(values(Field::StorageClassName), ["(unset)", "", "fast"]);
    assert_eq!(
        values(Field::AccessModes),
        [
            "ReadWriteOnce",
            "ReadOnlyMany",
            "ReadWriteMany",
            "ReadWriteOncePod"
        ]
    );
    // The claim's own size, the volume's, and one larger than any volume.
    assert_eq!(values(Field::Request), ["2Gi", "5Gi", "10Gi"]);
    assert_eq!(values(Field::VolumeName), ["(unset)", "pv-small"]);
    assert_eq!(current(Field::StorageClassName, claim), "");
    assert_eq!(current(Field::Request, claim), "2Gi");
}

#[test]
fn a_rewritten_claim_keeps_everything_else() {
    let e = explainer();
    let objects = rewrite(e.objects(), "shop/data", Field::Request, "10Gi").unwrap();
    assert_eq!(objects.len(), e.objects().len());
    let Object::PersistentVolumeClaim(claim) = &objects[2] else {
        panic!("the claim stays in its place");
    };
    assert_eq!(claim.spec.request().unwrap().to_string(), "10Gi");
    assert_eq!(claim.spec.storage_class_name.as_deref(), Some(""));
    assert_eq!(objects[..2], e.objects()[..2]);
    assert!(rewrite(e.objects(), "shop/none", Field::Request, "1Gi")
        .unwrap_err()
        .contains("no claim shop/none"));
    assert!(rewrite(e.objects(), "shop/data", Field::Request, "lots")
        .unwrap_err()
        .starts_with("spec.resources.requests.storage \"lots\""));
    let unset = rewrite(e.objects(), "shop/data", Field::StorageClassName, UNSET).unwrap();
    let Object::PersistentVolumeClaim(claim) = &unset[2] else {
        panic!()
    };
    assert_eq!(claim.spec.storage_class_name, None);
}

#[test]
fn the_deciding_field_follows_the_route() {
    let e = explainer();
    let decides = |e: &Explainer| e.picture().unwrap().deciding;
    // Bound statically with class "": the size narrowed the choice.
    assert_eq!(decides(&e), Some(Field::Request));
    // Too big for the volume, no class: the size the volume failed.
    let big = e.apply(crate::explainer::Change::Set(Field::Request, "10Gi".into()));
    assert_eq!(decides(&big), Some(Field::Request));
    // Access mode the volume lacks.
    let rwx = e.apply(crate::explainer::Change::Set(
        Field::AccessModes,
        "ReadWriteMany".into(),
    ));
    assert_eq!(decides(&rwx), Some(Field::AccessModes));
    // Provisioned by the class.
    let dynamic = big.apply(crate::explainer::Change::Set(
        Field::StorageClassName,
        "fast".into(),
    ));
    assert_eq!(decides(&dynamic), Some(Field::StorageClassName));
}

#[test]
fn field_lines_find_the_key_and_what_is_under_it() {
    let yaml = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes:\n  - ReadWriteOnce\n  - ReadOnlyMany\n  resources:\n    requests:\n      storage: 2Gi\n  storageClassName: \"\"\n";
    assert_eq!(field_lines(yaml, Field::AccessModes), [5, 6, 7]);
    assert_eq!(field_lines(yaml, Field::Request), [10]);
    assert_eq!(field_lines(yaml, Field::StorageClassName), [11]);
    assert_eq!(field_lines(yaml, Field::VolumeName), Vec::<usize>::new());
}

#[test]
fn leaving_the_class_out_says_which_default_class_it_gets_or_that_there_is_none() {
    let unset_label = |manifests: &str| {
        let e = Explainer::from_manifests(manifests).expect("the manifests apply");
        let claim = e.authored_claim().unwrap();
        offers(Field::StorageClassName, e.objects(), claim)[0]
            .label
            .clone()
    };
    assert_eq!(unset_label(CLUSTER), "(unset: no default class here)");
    let with_default = CLUSTER.replace(
        "metadata: {name: fast}",
        "metadata:\n  name: fast\n  annotations: {storageclass.kubernetes.io/is-default-class: \"true\"}",
    );
    assert_ne!(with_default, CLUSTER);
    assert_eq!(
        unset_label(&with_default),
        "(unset: the default class, fast)"
    );
}

/// A class no StorageClass object provisions for, with a volume of that class: what kept the
/// volume from fitting decides, not the class name (a reader flipped that knob).
#[test]
fn a_class_without_a_provisioner_blames_what_kept_its_volume_from_fitting() {
    let manual = "apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-manual}
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  hostPath: {path: /mnt/a}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: shop}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources: {requests: {storage: 2Gi}}
";
    let e = Explainer::from_manifests(manual).expect("the manifests apply");
    let deciding = |e: &Explainer| e.picture().unwrap().deciding;
    assert_eq!(
        deciding(&e),
        Some(Field::StorageClassName),
        "bound through its class"
    );
    let modes = e.apply(crate::explainer::Change::Set(
        Field::AccessModes,
        "ReadOnlyMany".into(),
    ));
    assert_eq!(deciding(&modes), Some(Field::AccessModes));
    let big = e.apply(crate::explainer::Change::Set(Field::Request, "10Gi".into()));
    assert_eq!(deciding(&big), Some(Field::Request));
    let other = e.apply(crate::explainer::Change::Set(
        Field::StorageClassName,
        "slow".into(),
    ));
    assert_eq!(
        deciding(&other),
        Some(Field::StorageClassName),
        "no volume of class slow"
    );
}
