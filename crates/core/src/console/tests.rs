//! The console against the demo cluster: each command's output, errors and actions.

use super::*;
use crate::session::Session;
use pv_engine::objects::{ClaimPhase, Kind, VolumePhase};

fn demo() -> Session {
    Session::demo().apply(Action::Settle)
}

/// Runs a text and moves the session past the actions, as the view does.
fn run_on(session: &Session, input: &str) -> (Outcome, Session) {
    let outcome = run(input, session, "");
    let mut next = session.clone();
    for action in &outcome.actions {
        next = next.apply(action.clone());
    }
    (outcome, next)
}

#[test]
fn get_prints_kubectls_tables_and_errors() {
    let session = demo();
    let (out, _) = run_on(&session, "kubectl get pvc -n shop");
    assert!(out.success, "{}", out.text());
    let text = out.stream(Stream::Out);
    assert!(text.starts_with("NAME      STATUS    VOLUME"), "{text}");
    assert!(text.contains("db-data"), "{text}");
    let (out, _) = run_on(&session, "kubectl get pvc nope -n shop");
    assert!(!out.success);
    assert_eq!(
        out.stream(Stream::Err),
        "Error from server (NotFound): persistentvolumeclaims \"nope\" not found\n"
    );
    let (out, _) = run_on(&session, "kubectl get foo");
    assert_eq!(
        out.stream(Stream::Err),
        "error: the server doesn't have a resource type \"foo\"\n"
    );
    let (out, _) = run_on(&session, "kubectl get pv --bogus");
    assert_eq!(
        out.stream(Stream::Err),
        "Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"
    );
    let (out, _) = run_on(&session, "kubectl get pvc -n nowhere");
    assert_eq!(
        out.stream(Stream::Err),
        "No resources found in nowhere namespace.\n"
    );
    let (out, _) = run_on(&session, "kubectl get pv -o name");
    assert!(out.stream(Stream::Out).contains("persistentvolume/pv-db\n"));
    let (out, _) = run_on(&session, "k get sc fast -o yaml");
    assert!(
        out.stream(Stream::Out)
            .starts_with("apiVersion: storage.k8s.io/v1\nkind: StorageClass\n"),
        "{}",
        out.text()
    );
}

#[test]
fn get_events_lists_the_log_in_printers_columns() {
    let (out, _) = run_on(&demo(), "kubectl get events -n shop");
    let text = out.stream(Stream::Out);
    assert!(text.starts_with("LAST SEEN   TYPE      REASON"), "{text}");
    assert!(text.contains("persistentvolumeclaim/reports"), "{text}");
    assert!(text.contains("ProvisioningFailed"), "{text}");
}

#[test]
fn describe_prints_sections_and_events() {
    let session = demo();
    let (out, _) = run_on(&session, "kubectl describe pvc db-data -n shop");
    let text = out.stream(Stream::Out);
    assert!(
        text.starts_with("Name:          db-data\nNamespace:     shop\n"),
        "{text}"
    );
    assert!(text.contains("Used By:       web-0\n"), "{text}");
    let (out, _) = run_on(&session, "kubectl describe pvc cach -n shop");
    assert!(
        out.stream(Stream::Out).starts_with("Name:"),
        "a name prefix describes: {}",
        out.text()
    );
    for kind in ["pv pv-db", "sc fast", "pod web-0 -n shop", "node node-a"] {
        let (out, _) = run_on(&session, &format!("kubectl describe {kind}"));
        assert!(out.success, "{kind}: {}", out.text());
    }
}

#[test]
fn deleting_a_claim_in_use_leaves_it_terminating_and_says_so() {
    let session = demo();
    let (out, after) = run_on(&session, "kubectl delete pvc db-data -n shop");
    assert_eq!(
        out.stream(Stream::Out),
        "persistentvolumeclaim \"db-data\" deleted\n"
    );
    assert!(
        out.stream(Stream::Note).contains("Terminating"),
        "{}",
        out.text()
    );
    let claim = after
        .cluster
        .claim("shop", "db-data")
        .expect("held by pvc-protection");
    assert!(claim.metadata.is_being_deleted());
}

#[test]
fn a_released_volume_is_made_available_again_by_a_patch() {
    let session = demo();
    let (_, after) = run_on(
        &session,
        "kubectl delete pod web-0 -n shop && kubectl delete pvc db-data -n shop",
    );
    assert_eq!(
        after.cluster.volume("pv-db").unwrap().status.phase,
        VolumePhase::Released
    );
    let (out, after) = run_on(
        &after,
        r#"kubectl patch pv pv-db -p '{"spec":{"claimRef":null}}'"#,
    );
    assert_eq!(
        out.stream(Stream::Out),
        "persistentvolume/pv-db patched\n",
        "{}",
        out.text()
    );
    assert_eq!(
        after.cluster.volume("pv-db").unwrap().status.phase,
        VolumePhase::Available
    );
    let (out, _) = run_on(
        &after,
        r#"kubectl patch pv pv-db -p '{"spec":{"claimRef":null}}'"#,
    );
    assert_eq!(
        out.stream(Stream::Out),
        "persistentvolume/pv-db patched (no change)\n"
    );
    let (out, _) = run_on(
        &after,
        r#"kubectl patch pv pv-db --type json -p '[{"op":"replace","path":"/spec/persistentVolumeReclaimPolicy","value":"Delete"}]'"#,
    );
    assert_eq!(
        out.stream(Stream::Out),
        "persistentvolume/pv-db patched\n",
        "{}",
        out.text()
    );
}

#[test]
fn apply_creates_configures_and_leaves_unchanged() {
    let session = demo();
    let manifest = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: logs\n  namespace: shop\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: fast\n  resources:\n    requests:\n      storage: 1Gi\n";
    let (out, after) = run_on(
        &session,
        &format!("kubectl apply -f - <<EOF\n{manifest}EOF\n"),
    );
    assert_eq!(
        out.stream(Stream::Out),
        "persistentvolumeclaim/logs created\n",
        "{}",
        out.text()
    );
    assert_eq!(
        after.cluster.claim("shop", "logs").unwrap().status.phase,
        ClaimPhase::Bound
    );
    let (out, after) = run_on(&after, "kubectl apply -f -");
    assert!(!out.success, "an empty editor: {}", out.text());
    let outcome = run("kubectl apply -f -", &after, manifest);
    assert_eq!(
        outcome.stream(Stream::Out),
        "persistentvolumeclaim/logs unchanged\n",
        "{}",
        outcome.text()
    );
    let labelled = manifest.replace(
        "  namespace: shop\n",
        "  namespace: shop\n  labels: {tier: logs}\n",
    );
    let outcome = run(
        &format!("cat <<EOF | kubectl apply -f -\n{labelled}EOF"),
        &after,
        "",
    );
    assert_eq!(
        outcome.stream(Stream::Out),
        "persistentvolumeclaim/logs configured\n",
        "{}",
        outcome.text()
    );
    let outcome = run("kubectl create -f -", &after, manifest);
    assert_eq!(
        outcome.stream(Stream::Err),
        "Error from server (AlreadyExists): error when creating \"STDIN\": persistentvolumeclaims \"logs\" already exists\n"
    );
}

#[test]
fn refused_writes_print_the_api_servers_answer() {
    let session = demo();
    let (out, _) = run_on(
        &session,
        r#"kubectl patch pvc db-data -n shop -p '{"spec":{"resources":{"requests":{"storage":"1Gi"}}}}'"#,
    );
    assert!(
        out.stream(Stream::Err)
            .starts_with("The PersistentVolumeClaim \"db-data\" is invalid: "),
        "{}",
        out.text()
    );
    let (out, _) = run_on(&session, "kubectl label pv pv-db app=other");
    assert_eq!(
        out.stream(Stream::Err),
        "error: 'app' already has a value (db), and --overwrite is false\n"
    );
    let (out, after) = run_on(&session, "kubectl label pv pv-db app=other --overwrite");
    assert_eq!(out.stream(Stream::Out), "persistentvolume/pv-db labeled\n");
    assert_eq!(
        after.cluster.volume("pv-db").unwrap().metadata.labels["app"],
        "other"
    );
}

#[test]
fn edit_asks_the_view_to_open_the_object() {
    let (out, _) = run_on(&demo(), "kubectl edit pvc cache -n shop");
    assert_eq!(
        out.intents,
        [Intent::Edit(pv_engine::objects::ObjectKey::new(
            Kind::PersistentVolumeClaim,
            Some("shop"),
            "cache"
        ))]
    );
}

#[test]
fn completion_offers_verbs_types_names_and_flags() {
    let session = demo();
    let c = complete("kubectl des", 11, &session);
    assert_eq!(c.candidates, ["describe"]);
    let c = complete("kubectl get p", 13, &session);
    assert!(c.candidates.contains(&"pv".to_owned()) && c.candidates.contains(&"pvc".to_owned()));
    let c = complete("kubectl get pvc -n shop c", 25, &session);
    assert_eq!(c.candidates, ["cache"]);
    let c = complete("kubectl get pvc c", 17, &session);
    assert!(c.candidates.is_empty(), "nothing named c in default: {c:?}");
    let c = complete("kubectl get pv --sh", 19, &session);
    assert!(c.candidates.contains(&"--show-labels".to_owned()));
    let c = complete("kubectl get pvc -n ", 19, &session);
    assert!(c.candidates.contains(&"shop".to_owned()));
}

#[test]
fn nothing_typed_panics() {
    let session = demo();
    for input in [
        "",
        " ",
        "kubectl",
        "kubectl -n",
        "kubectl get",
        "kubectl get pv/",
        "kubectl get /x",
        "kubectl patch pv pv-db -p '{'",
        "kubectl patch pv pv-db -p '[1]' --type json",
        "kubectl patch pv pv-db -p 'spec: [' ",
        "kubectl label pv pv-db =",
        "kubectl label pv pv-db a=b=c",
        "kubectl delete",
        "kubectl apply -f x.yaml",
        "kubectl scale sts web --replicas=2",
        "kubectl gt pv",
        "ls",
        "kubectl get pv | grep x",
        "echo hi | kubectl apply -f -",
        "kubectl apply -f - <<EOF\nkind: [\nEOF",
        "kubectl describe pvc -A",
        "kubectl get pv,pvc,sc,po,no -A -o wide --show-labels",
        "kubectl get pv -o jsonpath='{.items}'",
        "kubectl patch pvc db-data -n shop --type merge -p '{\"metadata\":{\"name\":\"x\"}}'",
        "kubectl delete pv --all",
        "kubectl label pvc -n shop --all x=y",
    ] {
        let _ = run(input, &session, "kind: Foo");
        for cursor in 0..=input.len() {
            let _ = complete(input, cursor, &session);
        }
    }
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    /// Words a learner might type besides the commands themselves.
    const TOKENS: &[&str] = &[
        "kubectl",
        "k",
        "clear",
        "cat",
        "echo",
        "pv",
        "pvc",
        "sc",
        "po",
        "no",
        "pods",
        "nodes",
        "pv/pv-db",
        "pvc/cache",
        "db-data",
        "cache",
        "pv-db",
        "-n",
        "shop",
        "-A",
        "-o",
        "yaml",
        "json",
        "name",
        "wide",
        "-l",
        "app=db",
        "-p",
        "--type",
        "merge",
        "strategic",
        "'{\"spec\":{\"claimRef\":null}}'",
        "'[{\"op\":\"remove\",\"path\":\"/spec/claimRef\"}]'",
        "--overwrite",
        "a=b",
        "a-",
        "--replicas=2",
        "-f",
        "-",
        "<<EOF",
        "EOF",
        "\n",
        "|",
        ";",
        "&&",
        "'",
        "\"",
        "\\",
        "#",
        "--dry-run=client",
        "--bogus",
        "=",
        "/",
        ",",
        "kind: Foo",
        "apiVersion: v1",
        "--all",
        "-h",
        "--show-events=false",
        "é",
        "\t",
    ];

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::collection::vec(
                proptest::sample::select(
                    TOKENS
                        .iter()
                        .chain(super::super::help::SUPPORTED)
                        .copied()
                        .collect::<Vec<_>>()
                ),
                0..12
            )
            .prop_map(|t| t.join(" ")),
            ".{0,40}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn any_line_runs_and_completes_without_panicking(input in line(), at in 0usize..80) {
            let session = demo();
            let outcome = run(&input, &session, "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: x}\n");
            for action in outcome.actions {
                let _ = session.apply(action);
            }
            let _ = complete(&input, at, &session);
        }
    }
}

/// `kubectl scale` writes `spec.replicas` and the controllers follow: a StatefulSet scaled down
/// deletes its highest pod and keeps the claim; `get` and `describe` show the set.
#[test]
fn scale_changes_replicas_and_the_set_follows() {
    let manifests = format!(
        "{}{}",
        pv_fixtures::manifests::FAST_CLASS_AND_NODE,
        pv_fixtures::manifests::web_stateful_set("shop", 2, "{}", Some("fast"))
    );
    let session = Session::from_manifests(&manifests)
        .expect("valid")
        .apply(Action::Settle);
    assert!(session.cluster.pod("shop", "web-1").is_some());
    let (out, next) = run_on(&session, "kubectl scale sts web --replicas=1 -n shop");
    assert!(out.success, "{}", out.text());
    assert_eq!(out.stream(Stream::Out), "statefulset.apps/web scaled\n");
    let next = next.apply(Action::Settle);
    assert!(next.cluster.pod("shop", "web-1").is_none());
    assert!(next.cluster.claim("shop", "www-web-1").is_some());
    let (out, _) = run_on(&next, "kubectl get sts -n shop");
    assert!(
        out.stream(Stream::Out).contains("web    1/1"),
        "{}",
        out.text()
    );
    let (out, _) = run_on(&next, "kubectl describe sts web -n shop");
    assert!(
        out.stream(Stream::Out)
            .contains("Replicas:           1 desired | 1 total"),
        "{}",
        out.text()
    );
    let (out, _) = run_on(
        &next,
        "kubectl scale sts web --replicas=3 --current-replicas=2 -n shop",
    );
    assert_eq!(
        out.stream(Stream::Err),
        "error: Expected replicas to be 2, was 1\n"
    );
    let (out, _) = run_on(&next, "kubectl scale pvc www-web-0 --replicas=1 -n shop");
    assert!(!out.success);
}
