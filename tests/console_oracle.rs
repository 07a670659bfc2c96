//! The console against the real kubectl: for clusters the simulator made (the demo in several
//! states, clusters left by a sample of the conformance scenarios, objects written through the
//! console itself), the objects and their events are served by the loopback fake API server
//! (`tests/kubectl/`) to `/usr/bin/kubectl` 1.32, and what the console prints for the same
//! command must be the same bytes: `describe` of every kind, `get -o yaml|json|name`, and
//! kubectl's own errors and result lines. Ages are exact on both sides (the oracle runs kubectl
//! with its clock at the simulated cluster's `now`). `get` tables are not compared: a real API
//! server computes them (`printers.go`), and the fake one does not.
//!
//! Needs `node` and kubectl; without them this test fails, it does not skip.
#![allow(clippy::disallowed_methods)] // tests sort with the standard library; the page's size rule is not theirs
#![cfg(not(target_arch = "wasm32"))]

use pv_core::console::{self, api, Stream};
use pv_core::scenario::player::scenario_session;
use pv_core::session::{Action, Session};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Case {
    session: usize,
    args: Vec<String>,
    stdin: Option<String>,
}

struct Sessions {
    list: Vec<(String, Session)>,
}

impl Sessions {
    fn add(&mut self, name: &str, session: Session) -> usize {
        self.list.push((name.to_owned(), session));
        self.list.len() - 1
    }
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// A shell line for the console that gives kubectl exactly these arguments.
fn shell_line(args: &[String]) -> String {
    let quoted: Vec<String> = args
        .iter()
        .map(|a| {
            if !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=,:@%+".contains(c))
            {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect();
    format!("kubectl {}", quoted.join(" "))
}

fn run_console(session: &Session, case: &Case) -> (String, String, bool) {
    let line = shell_line(&case.args);
    let outcome = console::run(&line, session, case.stdin.as_deref().unwrap_or(""));
    (
        outcome.stream(Stream::Out),
        outcome.stream(Stream::Err),
        outcome.success,
    )
}

/// Applies console commands to a session, as the page does.
fn after(session: &Session, input: &str, editor: &str) -> Session {
    let outcome = console::run(input, session, editor);
    assert!(outcome.success, "{input}: {}", outcome.text());
    outcome
        .actions
        .into_iter()
        .fold(session.clone(), |s, a| s.apply(a))
}

const NEW_CLAIM: &str = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: invoices\n  namespace: shop\nspec:\n  accessModes:\n  - ReadWriteOnce\n  resources:\n    requests:\n      storage: 5Gi\n  storageClassName: fast\n";

/// Objects with the fields the describers lay out: container ports, commands, resources,
/// env and mounts; every pod volume source the simulator keeps; node roles; CSI attributes,
/// node affinity and block mode; a class with parameters, mount options and topologies.
const RICH: &str = r#"apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: zonal
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: ebs.csi.aws.com
parameters: {type: gp3, csi.storage.k8s.io/fstype: ext4}
reclaimPolicy: Retain
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: true
mountOptions: [noatime, nodiratime]
allowedTopologies:
- matchLabelExpressions:
  - key: topology.kubernetes.io/zone
    values: [eu-west-1a, eu-west-1b]
---
apiVersion: v1
kind: Node
metadata:
  name: worker-1
  labels:
    node-role.kubernetes.io/worker: ""
    node-role.kubernetes.io/storage: ""
    topology.kubernetes.io/zone: eu-west-1a
  annotations:
    node.alpha.kubernetes.io/ttl: "0"
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-csi-block
  labels: {tier: fast}
  annotations: {note: "a volume described with every field its source has"}
spec:
  capacity: {storage: 16Gi}
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  volumeMode: Block
  persistentVolumeReclaimPolicy: Retain
  storageClassName: zonal
  csi:
    driver: ebs.csi.aws.com
    volumeHandle: vol-0123456789abcdef0
    fsType: ext4
    volumeAttributes: {storage.kubernetes.io/csiProvisionerIdentity: 1716105600000-8081-ebs.csi.aws.com, partition: "1"}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: topology.kubernetes.io/zone, operator: In, values: [eu-west-1a]}
        - {key: kubernetes.io/os, operator: Exists}
      - matchExpressions:
        - {key: topology.kubernetes.io/zone, operator: NotIn, values: [eu-west-1c]}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-local}
spec:
  capacity: {storage: 100Gi}
  accessModes: [ReadWriteOncePod]
  storageClassName: ""
  local: {path: /mnt/disks/ssd1}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: kubernetes.io/hostname, operator: In, values: [worker-1]}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: restored
  namespace: data
  labels: {app: db, tier: fast}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: zonal
  volumeMode: Block
  resources: {requests: {storage: 8Gi}}
  dataSource: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: nightly}
---
apiVersion: v1
kind: Pod
metadata:
  name: db
  namespace: data
  labels: {app: db}
spec:
  nodeSelector: {topology.kubernetes.io/zone: eu-west-1a}
  containers:
  - name: postgres
    image: postgres:16
    command: [docker-entrypoint.sh]
    args: [postgres, -c, "shared_buffers=256MB"]
    ports:
    - {containerPort: 5432, protocol: TCP}
    - {containerPort: 9187, hostPort: 9187, protocol: TCP}
    env:
    - {name: PGDATA, value: /var/lib/postgresql/data/pgdata}
    - name: POSTGRES_PASSWORD
      valueFrom: {secretKeyRef: {name: db-secret, key: password}}
    resources:
      requests: {cpu: 250m, memory: 256Mi}
      limits: {cpu: "1", memory: 1Gi}
    volumeMounts:
    - {name: data, mountPath: /var/lib/postgresql/data}
    - {name: config, mountPath: /etc/postgresql, readOnly: true}
    - {name: scratch, mountPath: /tmp, subPath: pg}
  - name: exporter
    image: prometheuscommunity/postgres-exporter:v0.15.0
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: restored}
  - name: config
    configMap: {name: pg-config}
  - name: scratch
    emptyDir: {sizeLimit: 1Gi}
  - name: secret
    secret: {secretName: db-secret, optional: true}
  - name: host
    hostPath: {path: /var/log, type: Directory}
"#;

fn sessions_and_cases() -> (Sessions, Vec<Case>) {
    let mut sessions = Sessions { list: Vec::new() };
    let mut cases = Vec::new();
    let settled = Session::demo().apply(Action::Settle);
    let demo = sessions.add("demo, settled", settled.clone());
    let terminating = sessions.add(
        "demo, a claim in use deleted",
        after(&settled, "kubectl delete pvc db-data -n shop", ""),
    );
    let released = sessions.add(
        "demo, pod and claim deleted",
        after(
            &settled,
            "kubectl delete pod web-0 -n shop && kubectl delete pvc db-data -n shop",
            "",
        ),
    );
    let written = sessions.add(
        "demo, written through the console",
        after(
            &settled,
            "kubectl apply -f - && kubectl label pv pv-small tier=cold && kubectl patch pv pv-shared -p '{\"spec\":{\"persistentVolumeReclaimPolicy\":\"Delete\"}}'",
            NEW_CLAIM,
        ),
    );
    let rich = sessions.add(
        "rich objects, applied",
        after(&Session::empty(), "kubectl apply -f -", RICH),
    );
    let stepping = sessions.add(
        "demo, one controller pass",
        Session::demo().apply(Action::Step),
    );
    // A sample across the conformance suite: every seventh scenario by name.
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios"))
            .expect("tests/scenarios")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
    files.sort();
    let mut sampled = Vec::new();
    for file in files.iter().step_by(7) {
        let text = std::fs::read_to_string(file).expect("scenario");
        if let Ok(session) = scenario_session(&text) {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            sampled.push(sessions.add(&name, session));
        }
    }
    // Every object of every kind, described and printed, in each session.
    let everything = [demo, terminating, released, written, rich, stepping]
        .into_iter()
        .chain(sampled);
    for session in everything {
        cases.push(Case {
            session,
            args: words("describe pv,pvc,sc,pod,node -A"),
            stdin: None,
        });
        cases.push(Case {
            session,
            args: words("get pv,pvc,sc,pod,node -A -o yaml"),
            stdin: None,
        });
        cases.push(Case {
            session,
            args: words("get pv,pvc,sc -A -o json"),
            stdin: None,
        });
    }
    // One object by name, and `-o name`.
    for text in [
        "describe pv",
        "describe pvc -n shop",
        "describe sc",
        "describe pod -A",
        "describe node",
        "describe pvc db-data -n shop",
        "describe pvc ca -n shop",
        "describe pv pv-db",
        "get pvc cache -n shop -o yaml",
        "get pv pv-db -o json",
        "get pv,pvc,sc,pod,node -A -o name",
        "get pv -l app=db -o name",
        "get pvc cache nope -n shop -o name",
        "describe pod web-0 -n shop --show-events=false",
        "get events -A -o yaml",
        "get events -n shop -o name",
        "get ev -o json",
        "get events -n empty",
    ] {
        cases.push(Case {
            session: demo,
            args: words(text),
            stdin: None,
        });
    }
    // kubectl's errors.
    for text in [
        "get pvc nope -n shop",
        "get pv nope",
        "get sc nope",
        "get pod nope -n shop",
        "get node nope",
        "describe pvc nope -n shop",
        "describe pv nope",
        "describe sc nope",
        "describe pod nope",
        "describe node nope",
        "get foo",
        "get pv --bogus",
        "get pv -x",
        "get pv -n",
        "get",
        "describe",
        "get pv -o foo",
        "delete pvc nope -n shop",
        "delete pvc",
        "patch pv pv-db",
        "patch pvc nope -n shop -p {}",
        "label pv pv-db app=web",
        "label pv pv-db",
        "label pv pv-db a=b a-",
        "get pvc -n empty",
        "describe pvc -n empty",
        "gt pv",
        "xyzzy",
        "get pv pvc/cache",
        "edit",
    ] {
        cases.push(Case {
            session: demo,
            args: words(text),
            stdin: None,
        });
    }
    // Writes: what kubectl prints for each.
    for (session, text, stdin) in [
        (demo, "delete pvc cache -n shop", None),
        (demo, "delete pv pv-small pv-nope", None),
        (demo, "delete pvc archive -n shop --dry-run=client", None),
        (released, "patch pv pv-db -p {\"spec\":{\"claimRef\":null}}", None),
        (demo, "patch pv pv-small -p {\"spec\":{\"claimRef\":null}}", None),
        (demo, "patch pv pv-small --type merge -p {\"spec\":{\"persistentVolumeReclaimPolicy\":\"Delete\"}}", None),
        (demo, "patch pv pv-small --type json -p [{\"op\":\"replace\",\"path\":\"/spec/persistentVolumeReclaimPolicy\",\"value\":\"Delete\"}]", None),
        (demo, "patch pv pv-small -p {\"spec\":{\"claimRef\":null}", None),
        (demo, "patch pv pv-small --type merge -p {\"spec\":", None),
        (demo, "label pv pv-small tier=cold", None),
        (demo, "label pv pv-small app=db --overwrite", None),
        (demo, "label pv pv-small app-", None),
        (demo, "label pvc cache -n shop owner=web", None),
        (demo, "apply -f -", Some(NEW_CLAIM)),
        (written, "apply -f -", Some(NEW_CLAIM)),
        (written, "apply -f -", Some(&*NEW_CLAIM.replace("  namespace: shop\n", "  namespace: shop\n  labels:\n    team: billing\n"))),
        (demo, "create -f -", Some(NEW_CLAIM)),
        (written, "create -f -", Some(NEW_CLAIM)),
        (demo, "create -f - -n other", Some(NEW_CLAIM)),
    ] {
        cases.push(Case {
            session,
            args: words(text),
            stdin: stdin.map(str::to_owned),
        });
    }
    // Workloads: StatefulSets with claim templates (scaled down, claims kept), a Deployment
    // and its ReplicaSets in a rolling update, claims with resize conditions.
    let scenario = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/scenarios")
            .join(name);
        let text = std::fs::read_to_string(&path).expect("scenario");
        scenario_session(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    for name in [
        "sts-scale-down-keeps-claims.yaml",
        "sts-when-scaled-delete.yaml",
        "deploy-rolling-update-stuck-on-rwop.yaml",
        "deploy-scale-and-delete.yaml",
        "expand-offline-waits-for-pod.yaml",
        "expand-online-running-pod.yaml",
    ] {
        let session = sessions.add(name, scenario(name));
        for text in [
            "describe sts,deploy,rs,pod,pvc -A",
            "get sts,deploy,rs -A -o yaml",
            "get sts,deploy,rs,pod -A -o name",
        ] {
            cases.push(Case {
                session,
                args: words(text),
                stdin: None,
            });
        }
    }
    let sets = sessions.add(
        "statefulset and deployment, written through the console",
        after(&Session::empty(), "kubectl apply -f -", WORKLOADS),
    );
    for text in [
        "get sts nope",
        "describe deploy nope -n shop",
        "get rs -n shop -o name",
        "scale sts web --replicas=1 -n shop",
        "scale deploy/api sts/web --replicas=3 -n shop",
        "scale sts web nope --replicas=1 -n shop",
        "scale sts nope nope2 --replicas=1 -n shop",
        "scale sts web --replicas=1 --current-replicas=5 -n shop",
        "scale sts web --replicas=1 --current-replicas=2 -n shop",
        "scale sts web --replicas=2 -n shop --dry-run=client",
        "scale sts -l app=web --replicas=2 -n shop",
        "scale sts --replicas=2 -n shop",
        "scale pvc www-web-0 --replicas=1 -n shop",
        "scale sts web --replicas=-1 -n shop",
    ] {
        cases.push(Case {
            session: sets,
            args: words(text),
            stdin: None,
        });
    }
    (sessions, cases)
}

/// A StatefulSet and a Deployment with a claim of its own, for the workload commands.
const WORKLOADS: &str = r#"apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: ebs.csi.aws.com
allowVolumeExpansion: true
---
apiVersion: v1
kind: Node
metadata: {name: worker-1}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  replicas: 2
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80, protocol: TCP}]
        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: www, labels: {tier: web}}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: fast
      resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: uploads, namespace: shop}
spec:
  accessModes: [ReadWriteMany]
  storageClassName: fast
  resources: {requests: {storage: 5Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop, labels: {app: api}}
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
    matchExpressions: [{key: tier, operator: In, values: [web, backend]}]
  template:
    metadata: {labels: {app: api, tier: backend}}
    spec:
      containers:
      - name: api
        image: registry.example.com/shop/api:2.4.1
        args: [--uploads=/srv/uploads]
        volumeMounts: [{name: uploads, mountPath: /srv/uploads}]
      volumes:
      - name: uploads
        persistentVolumeClaim: {claimName: uploads}
"#;

fn first_difference(expected: &str, actual: &str) -> String {
    for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            return format!(
                "line {}:\n      kubectl: {e:?}\n      console: {a:?}",
                i + 1
            );
        }
    }
    format!(
        "lengths differ ({} vs {} lines); kubectl ends {:?}, console ends {:?}",
        expected.lines().count(),
        actual.lines().count(),
        expected.lines().last(),
        actual.lines().last()
    )
}

#[test]
fn the_console_prints_what_kubectl_prints() {
    let (sessions, mut cases) = sessions_and_cases();
    // While working on one printer: CONSOLE_ORACLE_ONLY=<text in the session name or command>.
    if let Ok(only) = std::env::var("CONSOLE_ORACLE_ONLY") {
        cases.retain(|c| {
            shell_line(&c.args).contains(&only) || sessions.list[c.session].0.contains(&only)
        });
    }
    let dir = std::env::temp_dir().join(format!("console-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let mut objects_files = Vec::new();
    for (i, (_, session)) in sessions.list.iter().enumerate() {
        let path = dir.join(format!("objects-{i}.json"));
        std::fs::write(&path, api::served_json(&session.cluster)).expect("objects file");
        objects_files.push(path);
    }
    let batch: Vec<serde_json::Value> = cases
        .iter()
        .map(|c| {
            serde_json::json!({
                "objects": objects_files[c.session],
                "now": sessions.list[c.session].1.cluster.now().to_string(),
                "args": c.args,
                "stdin": c.stdin,
            })
        })
        .collect();
    let input = dir.join("cases.json");
    std::fs::write(&input, serde_json::json!({ "cases": batch }).to_string()).expect("cases file");
    let kubectl = std::env::var("KUBECTL").unwrap_or_else(|_| "/usr/bin/kubectl".to_owned());
    assert!(
        Path::new(&kubectl).exists(),
        "kubectl is needed at {kubectl} (or $KUBECTL): the console is compared with the real program"
    );
    let output = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kubectl/batch.mjs"))
        .arg(&input)
        .output()
        .expect("node is needed to run the kubectl oracle (tests/kubectl/batch.mjs)");
    assert!(
        output.status.success(),
        "the kubectl oracle failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("the oracle's JSON");
    assert_eq!(results.len(), cases.len());
    let mut failures = Vec::new();
    for (case, result) in cases.iter().zip(&results) {
        let (name, session) = &sessions.list[case.session];
        let (out, err, ok) = run_console(session, case);
        let expected_out = result["stdout"].as_str().unwrap_or_default();
        let expected_err = result["stderr"].as_str().unwrap_or_default();
        let expected_ok = result["status"].as_i64() == Some(0);
        let mut problems = Vec::new();
        if out != expected_out {
            problems.push(format!("stdout, {}", first_difference(expected_out, &out)));
        }
        if err != expected_err {
            problems.push(format!("stderr, {}", first_difference(expected_err, &err)));
        }
        if ok != expected_ok {
            problems.push(format!(
                "exit status: kubectl {}, console {}",
                result["status"],
                if ok { 0 } else { 1 }
            ));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "[{name}] {}\n    {}",
                shell_line(&case.args),
                problems.join("\n    ")
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "{} of {} commands print differently from kubectl:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
