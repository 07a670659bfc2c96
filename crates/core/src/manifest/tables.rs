//! kubectl's tables for `get pv`, `get pvc`, `get sc`, `get pods` and `get nodes`, with their
//! `-o wide` columns, and the workloads (`get statefulsets`, `get deployments`,
//! `get replicasets`).
//!
//! Columns and cells follow kubectl's printers (`pkg/printers/internalversion/printers.go`), the
//! layout its tabwriter.

use pv_engine::classes::{claim_class_or_empty, is_default_class, volume_class};
use pv_engine::objects::{
    AccessModes, Deployment, LabelSelector, Node, ObjectMeta, PersistentVolume,
    PersistentVolumeClaim, Pod, PodTemplateSpec, ReplicaSet, StatefulSet, StorageClass, STORAGE,
};
use pv_engine::sort::CompactSort;
use pv_engine::time::Timestamp;

/// A table as kubectl prints it: headers and rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// A table as the page shows it: kubectl's command (or a title) as the caption, a class for
/// the style sheet, and optionally a `data-` attribute on each row holding one of its cells
/// (the event log marks each row with its reason).
pub struct HtmlTable<'a> {
    pub class: &'a str,
    pub caption: &'a str,
    pub table: &'a Table,
    /// The attribute's name and the column whose cell it holds.
    pub row_attribute: Option<(&'a str, usize)>,
}

/// The table as one piece of HTML, every text escaped. The page sets it in one go: a table of
/// 50 rows is about 500 elements, and made one by one through the DOM it held the main thread
/// for over 50 ms once the cluster had 20,000 objects.
pub fn html(t: &HtmlTable) -> String {
    use crate::diagram::markup::{attr, escape_text};
    let mut out = String::new();
    out.push_str("<table");
    attr(&mut out, "class", t.class);
    out.push_str("><caption><code>");
    escape_text(&mut out, t.caption);
    out.push_str("</code></caption><thead><tr>");
    for header in &t.table.headers {
        out.push_str("<th scope=\"col\">");
        escape_text(&mut out, header);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.table.rows {
        out.push_str("<tr");
        if let Some((name, cell)) = t
            .row_attribute
            .and_then(|(name, column)| Some((name, row.get(column)?)))
        {
            attr(&mut out, name, cell);
        }
        out.push('>');
        for cell in row {
            out.push_str("<td>");
            escape_text(&mut out, cell);
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// kubectl's tabwriter settings (`printers.GetNewTabWriter`): cells padded by 3 spaces, columns
/// at least 6 wide.
const PADDING: usize = 3;
const MIN_WIDTH: usize = 6;

/// The table as kubectl prints it: left-aligned columns, each as wide as its widest cell plus
/// three spaces (at least six), the last column unpadded, no trailing spaces, one line per row
/// after the header line. (With no rows kubectl prints "No resources found" instead; that choice
/// is the caller's.)
pub fn render(table: &Table) -> String {
    let columns = table
        .rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(table.headers.len()))
        .max()
        .unwrap_or(0);
    let mut widths = vec![0usize; columns];
    let header_cells = table
        .headers
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>();
    for row in std::iter::once(&header_cells).chain(&table.rows) {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header_cells).chain(&table.rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let width = (widths[i] + PADDING).max(MIN_WIDTH);
                line.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
            }
        }
        out.push_str(line.trim_end_matches(' '));
        out.push('\n');
    }
    out
}

/// `kubectl get pv`.
pub fn persistent_volumes<'a>(
    volumes: impl IntoIterator<Item = &'a PersistentVolume>,
    now: Timestamp,
) -> Table {
    let rows = volumes
        .into_iter()
        .map(|pv| {
            let status = volume_status(pv);
            // Shown for bound, reserved (no uid yet) and released volumes alike.
            let claim = pv
                .spec
                .claim_ref
                .as_ref()
                .map(|r| format!("{}/{}", r.namespace, r.name))
                .unwrap_or_default();
            vec![
                pv.metadata.name.clone(),
                pv.spec
                    .capacity
                    .get(STORAGE)
                    .cloned()
                    .unwrap_or_default()
                    .to_string(),
                AccessModes::from_strings(&pv.spec.access_modes).short_string(),
                pv.spec
                    .persistent_volume_reclaim_policy
                    .clone()
                    .unwrap_or_default(),
                status,
                claim,
                volume_class(pv).to_owned(),
                attributes_class(pv.spec.volume_attributes_class_name.as_deref()),
                pv.status.reason.clone().unwrap_or_default(),
                age(&pv.metadata, now),
            ]
        })
        .collect();
    Table {
        headers: vec![
            "NAME",
            "CAPACITY",
            "ACCESS MODES",
            "RECLAIM POLICY",
            "STATUS",
            "CLAIM",
            "STORAGECLASS",
            "VOLUMEATTRIBUTESCLASS",
            "REASON",
            "AGE",
        ],
        rows,
    }
}

/// `kubectl get pvc`, or `kubectl get pvc -A` (a NAMESPACE column first) when
/// `all_namespaces`.
pub fn persistent_volume_claims<'a>(
    claims: impl IntoIterator<Item = &'a PersistentVolumeClaim>,
    now: Timestamp,
    all_namespaces: bool,
) -> Table {
    let rows = claims
        .into_iter()
        .map(|pvc| {
            let status = claim_status(pvc);
            // Until the claim names its volume kubectl leaves these empty; then it shows the
            // claim's status, which holds the volume's size and modes, not the request.
            let (capacity, access_modes) = if pvc.spec.volume_name.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    pvc.status
                        .capacity
                        .get(STORAGE)
                        .cloned()
                        .unwrap_or_default()
                        .to_string(),
                    AccessModes::from_strings(&pvc.status.access_modes).short_string(),
                )
            };
            let mut row = Vec::with_capacity(9);
            if all_namespaces {
                row.push(namespace(&pvc.metadata));
            }
            row.extend([
                pvc.metadata.name.clone(),
                status,
                pvc.spec.volume_name.clone(),
                capacity,
                access_modes,
                claim_class_or_empty(pvc).to_owned(),
                attributes_class(pvc.spec.volume_attributes_class_name.as_deref()),
                age(&pvc.metadata, now),
            ]);
            row
        })
        .collect();
    let mut headers = Vec::with_capacity(9);
    if all_namespaces {
        headers.push("NAMESPACE");
    }
    headers.extend([
        "NAME",
        "STATUS",
        "VOLUME",
        "CAPACITY",
        "ACCESS MODES",
        "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS",
        "AGE",
    ]);
    Table { headers, rows }
}

/// `kubectl get sc`.
pub fn storage_classes<'a>(
    classes: impl IntoIterator<Item = &'a StorageClass>,
    now: Timestamp,
) -> Table {
    let rows = classes
        .into_iter()
        .map(|sc| {
            let mut name = sc.metadata.name.clone();
            if is_default_class(sc) {
                name.push_str(" (default)");
            }
            vec![
                name,
                sc.provisioner.clone(),
                sc.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()),
                sc.volume_binding_mode
                    .clone()
                    .unwrap_or_else(|| "Immediate".into()),
                sc.allow_volume_expansion.unwrap_or(false).to_string(),
                age(&sc.metadata, now),
            ]
        })
        .collect();
    Table {
        headers: vec![
            "NAME",
            "PROVISIONER",
            "RECLAIMPOLICY",
            "VOLUMEBINDINGMODE",
            "ALLOWVOLUMEEXPANSION",
            "AGE",
        ],
        rows,
    }
}

/// `kubectl get pods` (`printPod`): NAME, READY, STATUS, RESTARTS, AGE, and with `-o wide`
/// IP, NODE, NOMINATED NODE, READINESS GATES (NAMESPACE first when `all_namespaces`).
/// Containers are not run, so STATUS is what a pod in that state shows ([`pod_status`]),
/// READY counts every container ready once the pod runs, and no pod restarts or has an IP.
pub fn pods<'a>(
    pods: impl IntoIterator<Item = &'a Pod>,
    now: Timestamp,
    all_namespaces: bool,
    wide: bool,
) -> Table {
    let rows = pods
        .into_iter()
        .map(|pod| {
            let mut row = Vec::with_capacity(10);
            if all_namespaces {
                row.push(namespace(&pod.metadata));
            }
            let status = pod_status(pod);
            let total = pod.spec.containers.len();
            let ready = if status == "Running" { total } else { 0 };
            row.extend([
                pod.metadata.name.clone(),
                format!("{ready}/{total}"),
                status,
                "0".to_owned(),
                age(&pod.metadata, now),
            ]);
            if wide {
                row.extend([
                    "<none>".to_owned(),
                    if pod.spec.node_name.is_empty() {
                        "<none>".to_owned()
                    } else {
                        pod.spec.node_name.clone()
                    },
                    "<none>".to_owned(),
                    "<none>".to_owned(),
                ]);
            }
            row
        })
        .collect();
    let mut headers = Vec::with_capacity(10);
    if all_namespaces {
        headers.push("NAMESPACE");
    }
    headers.extend(["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    if wide {
        headers.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    }
    Table { headers, rows }
}

/// A table of namespaced objects: NAMESPACE first when `all_namespaces`, then NAME, the
/// kind's cells, AGE.
fn namespaced_table<'a, T: 'a>(
    objects: impl IntoIterator<Item = &'a T>,
    all_namespaces: bool,
    headers: &[&'static str],
    meta: impl Fn(&T) -> &ObjectMeta,
    cells: impl Fn(&T) -> Vec<String>,
    now: Timestamp,
) -> Table {
    let rows = objects
        .into_iter()
        .map(|object| {
            let meta = meta(object);
            let mut row = Vec::with_capacity(headers.len() + 3);
            if all_namespaces {
                row.push(namespace(meta));
            }
            row.push(meta.name.clone());
            row.extend(cells(object));
            row.push(age(meta, now));
            row
        })
        .collect();
    let mut all = Vec::with_capacity(headers.len() + 3);
    if all_namespaces {
        all.push("NAMESPACE");
    }
    all.push("NAME");
    all.extend_from_slice(headers);
    all.push("AGE");
    Table { headers: all, rows }
}

/// `kubectl get statefulsets`: READY is ready replicas over `spec.replicas`
/// (`printStatefulSet`).
pub fn stateful_sets<'a>(
    sets: impl IntoIterator<Item = &'a StatefulSet>,
    now: Timestamp,
    all_namespaces: bool,
) -> Table {
    namespaced_table(
        sets,
        all_namespaces,
        &["READY"],
        |s| &s.metadata,
        |s| {
            vec![format!(
                "{}/{}",
                s.status.ready_replicas,
                s.spec.replica_count()
            )]
        },
        now,
    )
}

/// `kubectl get deployments`: READY, UP-TO-DATE, AVAILABLE (`printDeployment`).
pub fn deployments<'a>(
    deployments: impl IntoIterator<Item = &'a Deployment>,
    now: Timestamp,
    all_namespaces: bool,
) -> Table {
    namespaced_table(
        deployments,
        all_namespaces,
        &["READY", "UP-TO-DATE", "AVAILABLE"],
        |d| &d.metadata,
        |d| {
            vec![
                format!("{}/{}", d.status.ready_replicas, d.spec.replica_count()),
                d.status.updated_replicas.to_string(),
                d.status.available_replicas.to_string(),
            ]
        },
        now,
    )
}

/// `kubectl get replicasets`: DESIRED, CURRENT, READY (`printReplicaSet`).
pub fn replica_sets<'a>(
    sets: impl IntoIterator<Item = &'a ReplicaSet>,
    now: Timestamp,
    all_namespaces: bool,
) -> Table {
    namespaced_table(
        sets,
        all_namespaces,
        &["DESIRED", "CURRENT", "READY"],
        |s| &s.metadata,
        |s| {
            vec![
                s.spec.replica_count().to_string(),
                s.status.replicas.to_string(),
                s.status.ready_replicas.to_string(),
            ]
        },
        now,
    )
}

/// `kubectl get nodes` (`printNode`): NAME, STATUS, ROLES, AGE, VERSION, and with `-o wide`
/// INTERNAL-IP, EXTERNAL-IP, OS-IMAGE, KERNEL-VERSION, CONTAINER-RUNTIME. A simulated node
/// is Ready (the scheduler places pods on it) and runs no kubelet, so VERSION is empty and the
/// machine columns are kubectl's `<none>` / `<unknown>`.
pub fn nodes<'a>(nodes: impl IntoIterator<Item = &'a Node>, now: Timestamp, wide: bool) -> Table {
    let rows = nodes
        .into_iter()
        .map(|node| {
            let mut roles: Vec<&str> = node
                .metadata
                .labels
                .iter()
                .filter_map(|(k, v)| match k.strip_prefix("node-role.kubernetes.io/") {
                    Some(role) if !role.is_empty() => Some(role),
                    _ if k == "kubernetes.io/role" && !v.is_empty() => Some(v.as_str()),
                    _ => None,
                })
                .collect();
            roles.compact_sort();
            roles.dedup();
            let mut row = vec![
                node.metadata.name.clone(),
                "Ready".to_owned(),
                if roles.is_empty() {
                    "<none>".to_owned()
                } else {
                    roles.join(",")
                },
                age(&node.metadata, now),
                String::new(),
            ];
            if wide {
                row.extend(
                    ["<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"].map(str::to_owned),
                );
            }
            row
        })
        .collect();
    let mut headers = vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"];
    if wide {
        headers.extend([
            "INTERNAL-IP",
            "EXTERNAL-IP",
            "OS-IMAGE",
            "KERNEL-VERSION",
            "CONTAINER-RUNTIME",
        ]);
    }
    Table { headers, rows }
}

/// `-o wide` for volumes and claims: a VOLUMEMODE column, `<unset>` when the field is.
pub fn add_volume_mode<'a>(table: &mut Table, modes: impl IntoIterator<Item = Option<&'a str>>) {
    table.headers.push("VOLUMEMODE");
    for (row, mode) in table.rows.iter_mut().zip(modes) {
        row.push(mode.unwrap_or("<unset>").to_owned());
    }
}

/// `kubectl get pv`'s STATUS: the phase, or Terminating once deletion was asked for.
pub fn volume_status(pv: &PersistentVolume) -> String {
    if pv.metadata.is_being_deleted() {
        "Terminating".to_owned()
    } else {
        pv.status.phase.to_string()
    }
}

/// `kubectl get pvc`'s STATUS: the phase, or Terminating once deletion was asked for.
pub fn claim_status(pvc: &PersistentVolumeClaim) -> String {
    if pvc.metadata.is_being_deleted() {
        "Terminating".to_owned()
    } else {
        pvc.status.phase.to_string()
    }
}

/// `kubectl get pods`' STATUS.
pub fn pod_status(pod: &Pod) -> String {
    if pod.metadata.is_being_deleted() {
        return "Terminating".to_owned();
    }
    if pod.spec.node_name.is_empty() {
        return "Pending".to_owned();
    }
    match pod.status.phase.as_deref() {
        None | Some("Running") => "Running".to_owned(),
        Some("Pending") => "ContainerCreating".to_owned(),
        Some("Succeeded") => "Completed".to_owned(),
        Some("Failed") => "Error".to_owned(),
        Some(other) => other.to_owned(),
    }
}

fn namespace(meta: &ObjectMeta) -> String {
    meta.namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".to_owned())
}

fn attributes_class(name: Option<&str>) -> String {
    name.filter(|n| !n.is_empty())
        .unwrap_or("<unset>")
        .to_owned()
}

/// The AGE cell: `<unknown>` without a creation time (kubectl's `translateTimestampSince`).
fn age(meta: &ObjectMeta, now: Timestamp) -> String {
    match meta.creation_timestamp {
        Some(created) => human_duration(created.seconds_until(now)),
        None => "<unknown>".to_owned(),
    }
}

/// apimachinery's `duration.HumanDuration` for whole seconds: exact below two minutes, then
/// coarser units with at most two parts, `<invalid>` for clocks more than a second behind.
pub fn human_duration(seconds: i64) -> String {
    if seconds < -1 {
        return "<invalid>".to_owned();
    }
    if seconds < 0 {
        return "0s".to_owned();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let days = (hours / 24) % 365;
        return if days == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{days}d", hours / 24 / 365)
        };
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use pv_engine::annotations as ann;
    use pv_engine::objects::{
        ClaimPhase, ObjectReference, PersistentVolumeClaimSpec, PersistentVolumeClaimStatus,
        PersistentVolumeSpec, PersistentVolumeStatus, PodSpec, PodStatus, VolumePhase,
    };
    use pv_engine::quantity::Quantity;
    use std::collections::BTreeMap;

    const DAY: i64 = 86_400;

    fn now() -> Timestamp {
        Timestamp::EPOCH.plus_seconds(3 * DAY)
    }

    #[test]
    fn the_html_table_escapes_every_text_and_marks_each_row() {
        let table = Table {
            headers: vec!["NAME", "MESSAGE"],
            rows: vec![
                vec![
                    "Fail\"ed".into(),
                    "<script>alert(1)</script> & \"x\"".into(),
                ],
                vec!["Bound".into(), String::new()],
            ],
        };
        let markup = html(&HtmlTable {
            class: "pvp-kubectl",
            caption: "$ kubectl get <pv>",
            table: &table,
            row_attribute: Some(("data-reason", 0)),
        });
        assert_eq!(
            markup,
            "<table class=\"pvp-kubectl\"><caption><code>$ kubectl get &lt;pv&gt;</code></caption>\
             <thead><tr><th scope=\"col\">NAME</th><th scope=\"col\">MESSAGE</th></tr></thead>\
             <tbody><tr data-reason=\"Fail&quot;ed\"><td>Fail&quot;ed</td>\
             <td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</td></tr>\
             <tr data-reason=\"Bound\"><td>Bound</td><td></td></tr></tbody></table>"
        );
    }

    fn meta(name: &str, created: Option<i64>) -> ObjectMeta {
        ObjectMeta {
            name: name.into(),
            creation_timestamp: created.map(|s| Timestamp::EPOCH.plus_seconds(s)),
            ..Default::default()
        }
    }

    fn storage(text: &str) -> BTreeMap<String, Quantity> {
        BTreeMap::from([(STORAGE.to_owned(), Quantity::parse(text).unwrap())])
    }

    fn claim_ref(namespace: &str, name: &str, uid: &str) -> Option<ObjectReference> {
        Some(ObjectReference {
            namespace: namespace.into(),
            name: name.into(),
            uid: uid.into(),
            ..Default::default()
        })
    }

    #[test]
    fn human_duration_follows_apimachinery() {
        let cases = [
            (-2, "<invalid>"),
            (-1, "0s"),
            (0, "0s"),
            (119, "119s"),
            (120, "2m"),
            (150, "2m30s"),
            (599, "9m59s"),
            (600, "10m"),
            (3 * 3600 - 1, "179m"),
            (3 * 3600, "3h"),
            (3 * 3600 + 120, "3h2m"),
            (8 * 3600 + 59 * 60, "8h"),
            (47 * 3600, "47h"),
            (2 * DAY, "2d"),
            (2 * DAY + 5 * 3600, "2d5h"),
            (8 * DAY, "8d"),
            (729 * DAY, "729d"),
            (730 * DAY, "2y"),
            (731 * DAY, "2y1d"),
            (8 * 365 * DAY, "8y"),
        ];
        for (seconds, text) in cases {
            assert_eq!(human_duration(seconds), text, "{seconds}");
        }
    }

    #[test]
    fn pv_table_matches_kubectl() {
        let bound = PersistentVolume {
            metadata: meta("pv-a", Some(0)),
            spec: PersistentVolumeSpec {
                capacity: storage("10Gi"),
                access_modes: vec!["ReadWriteOnce".into()],
                claim_ref: claim_ref("default", "data", "u1"),
                persistent_volume_reclaim_policy: Some("Retain".into()),
                storage_class_name: Some("fast".into()),
                ..Default::default()
            },
            status: PersistentVolumeStatus {
                phase: VolumePhase::Bound,
                ..Default::default()
            },
        };
        // Available but reserved for a claim by name: the CLAIM column shows the reservation.
        let reserved = PersistentVolume {
            metadata: meta("pv-b", Some(3 * DAY - 90)),
            spec: PersistentVolumeSpec {
                capacity: storage("1.5Gi"),
                access_modes: vec!["ReadOnlyMany".into(), "ReadWriteOnce".into()],
                claim_ref: claim_ref("apps", "reserved", ""),
                persistent_volume_reclaim_policy: Some("Delete".into()),
                ..Default::default()
            },
            status: PersistentVolumeStatus {
                phase: VolumePhase::Available,
                ..Default::default()
            },
        };
        let mut released = PersistentVolume {
            metadata: meta("pv-c", None),
            spec: PersistentVolumeSpec {
                capacity: storage("5G"),
                access_modes: vec!["ReadWriteMany".into()],
                claim_ref: claim_ref("default", "old", "u0"),
                persistent_volume_reclaim_policy: Some("Retain".into()),
                storage_class_name: Some("fast".into()),
                volume_attributes_class_name: Some("gold".into()),
                ..Default::default()
            },
            status: PersistentVolumeStatus {
                phase: VolumePhase::Failed,
                reason: Some("VolumeFailedDelete".into()),
                ..Default::default()
            },
        };
        released
            .metadata
            .annotations
            .insert(ann::BETA_STORAGE_CLASS.into(), "slow".into());
        released.metadata.deletion_timestamp = Some(Timestamp::EPOCH);
        let table = persistent_volumes([&bound, &reserved, &released], now());
        let expected = "\
NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS        CLAIM           STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON               AGE
pv-a   10Gi       RWO            Retain           Bound         default/data    fast           <unset>                                      3d
pv-b   1536Mi     RWO,ROX        Delete           Available     apps/reserved                  <unset>                                      90s
pv-c   5G         RWX            Retain           Terminating   default/old     slow           gold                    VolumeFailedDelete   <unknown>
";
        assert_eq!(render(&table), expected);
    }

    #[test]
    fn pvc_table_shows_the_volumes_size_only_once_bound() {
        let pending = PersistentVolumeClaim {
            metadata: ObjectMeta {
                namespace: Some("shop".into()),
                ..meta("web-data", Some(3 * DAY - 30))
            },
            spec: PersistentVolumeClaimSpec {
                resources: pv_engine::objects::ResourceRequirements {
                    requests: storage("1Gi"),
                    ..Default::default()
                },
                storage_class_name: Some("standard".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let bound = PersistentVolumeClaim {
            metadata: meta("data", Some(DAY)),
            spec: PersistentVolumeClaimSpec {
                resources: pv_engine::objects::ResourceRequirements {
                    requests: storage("1Gi"),
                    ..Default::default()
                },
                volume_name: "pv-a".into(),
                storage_class_name: Some(String::new()),
                ..Default::default()
            },
            status: PersistentVolumeClaimStatus {
                phase: ClaimPhase::Bound,
                access_modes: vec!["ReadWriteOnce".into()],
                capacity: storage("10Gi"),
                ..Default::default()
            },
        };
        let expected = "\
NAMESPACE   NAME       STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
shop        web-data   Pending                                      standard       <unset>                 30s
default     data       Bound     pv-a     10Gi       RWO                           <unset>                 2d
";
        assert_eq!(
            render(&persistent_volume_claims([&pending, &bound], now(), true)),
            expected
        );
        let narrow = render(&persistent_volume_claims([&bound], now(), false));
        assert!(
            narrow.starts_with("NAME   STATUS   VOLUME   CAPACITY"),
            "{narrow}"
        );
    }

    #[test]
    fn sc_table_marks_the_default_and_fills_defaults() {
        let mut standard = StorageClass {
            metadata: meta("standard", Some(0)),
            provisioner: "rancher.io/local-path".into(),
            volume_binding_mode: Some("WaitForFirstConsumer".into()),
            ..Default::default()
        };
        standard
            .metadata
            .annotations
            .insert(ann::DEFAULT_CLASS.into(), "true".into());
        let mut beta = StorageClass {
            metadata: meta("old", Some(0)),
            provisioner: "kubernetes.io/no-provisioner".into(),
            reclaim_policy: Some("Retain".into()),
            allow_volume_expansion: Some(true),
            ..Default::default()
        };
        beta.metadata
            .annotations
            .insert(ann::BETA_DEFAULT_CLASS.into(), "true".into());
        let mut not_default = StorageClass {
            metadata: meta("fast", Some(0)),
            provisioner: "example.com/fast".into(),
            ..Default::default()
        };
        not_default
            .metadata
            .annotations
            .insert(ann::DEFAULT_CLASS.into(), "True".into());
        let expected = "\
NAME                 PROVISIONER                    RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE
standard (default)   rancher.io/local-path          Delete          WaitForFirstConsumer   false                  3d
old (default)        kubernetes.io/no-provisioner   Retain          Immediate              true                   3d
fast                 example.com/fast               Delete          Immediate              false                  3d
";
        assert_eq!(
            render(&storage_classes([&standard, &beta, &not_default], now())),
            expected
        );
    }

    #[test]
    fn pod_table_says_where_pods_run() {
        let unscheduled = Pod {
            metadata: meta("a", None),
            ..Default::default()
        };
        let container = pv_engine::value::Value::Map(Default::default());
        let waiting = Pod {
            metadata: meta("b", Some(3 * DAY - 40)),
            spec: PodSpec {
                node_name: "node-1".into(),
                containers: vec![container.clone()],
                ..Default::default()
            },
            status: PodStatus {
                phase: Some("Pending".into()),
                ..Default::default()
            },
        };
        let running = Pod {
            metadata: meta("c", Some(0)),
            spec: PodSpec {
                node_name: "node-2".into(),
                containers: vec![container.clone(), container],
                ..Default::default()
            },
            ..Default::default()
        };
        let expected = "\
NAMESPACE   NAME   READY   STATUS              RESTARTS   AGE         IP       NODE     NOMINATED NODE   READINESS GATES
default     a      0/0     Pending             0          <unknown>   <none>   <none>   <none>           <none>
default     b      0/1     ContainerCreating   0          40s         <none>   node-1   <none>           <none>
default     c      2/2     Running             0          3d          <none>   node-2   <none>           <none>
";
        assert_eq!(
            render(&pods([&unscheduled, &waiting, &running], now(), true, true)),
            expected
        );
    }

    #[test]
    fn node_table_has_printers_columns_and_roles_from_labels() {
        let mut labelled = Node {
            metadata: meta("node-a", Some(0)),
        };
        labelled
            .metadata
            .labels
            .insert("node-role.kubernetes.io/worker".into(), String::new());
        labelled
            .metadata
            .labels
            .insert("kubernetes.io/role".into(), "storage".into());
        let plain = Node {
            metadata: meta("node-b", Some(3 * DAY - 60)),
        };
        let expected = "\
NAME     STATUS   ROLES            AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE    KERNEL-VERSION   CONTAINER-RUNTIME
node-a   Ready    storage,worker   3d              <none>        <none>        <unknown>   <unknown>        <unknown>
node-b   Ready    <none>           60s             <none>        <none>        <unknown>   <unknown>        <unknown>
";
        assert_eq!(render(&nodes([&labelled, &plain], now(), true)), expected);
        assert!(render(&nodes([&plain], now(), false))
            .starts_with("NAME     STATUS   ROLES    AGE   VERSION\n"));
    }

    #[test]
    fn wide_volume_tables_add_the_volume_mode() {
        let mut table = Table {
            headers: vec!["NAME"],
            rows: vec![vec!["a".into()], vec!["b".into()]],
        };
        add_volume_mode(&mut table, [Some("Block"), None]);
        assert_eq!(
            render(&table),
            "NAME   VOLUMEMODE\na      Block\nb      <unset>\n"
        );
    }

    #[test]
    fn render_pads_narrow_columns_to_six_and_trims_line_ends() {
        let table = Table {
            headers: vec!["A", "B", "C"],
            rows: vec![vec!["x".into(), String::new(), String::new()]],
        };
        assert_eq!(render(&table), "A     B     C\nx\n");
    }

    #[test]
    fn classes_follow_the_beta_annotation_first() {
        let mut claim = PersistentVolumeClaim::default();
        assert_eq!(claim_class_or_empty(&claim), "");
        claim.spec.storage_class_name = Some("fast".into());
        assert_eq!(claim_class_or_empty(&claim), "fast");
        claim
            .metadata
            .annotations
            .insert(ann::BETA_STORAGE_CLASS.into(), String::new());
        assert_eq!(claim_class_or_empty(&claim), "");
    }

    /// kubectl 1.32's `get statefulsets,deployments,replicasets` layout for one of each
    /// (`printers.go` `printStatefulSet`, `printDeployment`, `printReplicaSet`).
    #[test]
    fn workloads_print_their_ready_counts_over_the_desired_replicas() {
        use pv_engine::objects::{
            Deployment, DeploymentSpec, DeploymentStatus, ReplicaSet, ReplicaSetSpec,
            ReplicaSetStatus, StatefulSet, StatefulSetSpec, StatefulSetStatus,
        };
        let now = Timestamp::EPOCH.plus_seconds(3600);
        let in_shop = |name: &str| ObjectMeta {
            namespace: Some("shop".into()),
            ..meta(name, Some(0))
        };
        let set = StatefulSet {
            metadata: in_shop("web"),
            spec: StatefulSetSpec {
                replicas: Some(3),
                ..Default::default()
            },
            status: StatefulSetStatus {
                ready_replicas: 2,
                ..Default::default()
            },
        };
        assert_eq!(
            render(&stateful_sets([&set], now, false)),
            "NAME   READY   AGE\nweb    2/3     60m\n"
        );
        let deployment = Deployment {
            metadata: in_shop("app"),
            spec: DeploymentSpec {
                replicas: Some(2),
                ..Default::default()
            },
            status: DeploymentStatus {
                ready_replicas: 1,
                updated_replicas: 2,
                available_replicas: 1,
                ..Default::default()
            },
        };
        assert_eq!(
            render(&deployments([&deployment], now, true)),
            "NAMESPACE   NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nshop        app    1/2     2            1           60m\n"
        );
        let replicas = ReplicaSet {
            metadata: in_shop("app-7c5ddbdf54"),
            spec: ReplicaSetSpec {
                replicas: Some(2),
                ..Default::default()
            },
            status: ReplicaSetStatus {
                replicas: 2,
                ready_replicas: 1,
                ..Default::default()
            },
        };
        assert_eq!(
            render(&replica_sets([&replicas], now, false)),
            "NAME             DESIRED   CURRENT   READY   AGE\napp-7c5ddbdf54   2         2         1       60m\n"
        );
    }
}

/// `labels.Selector.String()` of a `LabelSelectorAsSelector`: the requirements sorted by key,
/// `k=v` for a `matchLabels` entry, `k in (a,b)` and `k notin (a,b)` with sorted values, `k`
/// and `!k`; empty for no selector.
pub fn label_selector_string(selector: Option<&LabelSelector>) -> String {
    let Some(selector) = selector else {
        return String::new();
    };
    let mut requirements: Vec<(&str, String)> = selector
        .match_labels
        .iter()
        .map(|(k, v)| (k.as_str(), format!("{k}={v}")))
        .collect();
    for e in &selector.match_expressions {
        let mut values = e.values.clone();
        values.compact_sort();
        values.dedup();
        let text = match e.operator.as_str() {
            "In" => format!("{} in ({})", e.key, values.join(",")),
            "NotIn" => format!("{} notin ({})", e.key, values.join(",")),
            "Exists" => e.key.clone(),
            "DoesNotExist" => format!("!{}", e.key),
            other => format!("{} {other} ({})", e.key, values.join(",")),
        };
        requirements.push((e.key.as_str(), text));
    }
    requirements.compact_sort_by(|a, b| a.0.cmp(b.0));
    requirements
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join(",")
}

/// `layoutContainerCells`: the template's container names and images, comma-separated.
fn container_cells(template: &PodTemplateSpec) -> (String, String) {
    use pv_engine::value::Value;
    let text = |c: &Value, field: &str| match c {
        Value::Map(map) => match map.get(field) {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        },
        _ => String::new(),
    };
    let names: Vec<String> = template
        .spec
        .containers
        .iter()
        .map(|c| text(c, "name"))
        .collect();
    let images: Vec<String> = template
        .spec
        .containers
        .iter()
        .map(|c| text(c, "image"))
        .collect();
    (names.join(","), images.join(","))
}

/// `-o wide` for the workloads: CONTAINERS and IMAGES from each row's pod template, and
/// SELECTOR where `selectors` gives one per row (Deployments: `selector.String()`;
/// ReplicaSets: `FormatLabelSelector`, `<none>` when empty).
pub fn add_template_columns<'a>(
    table: &mut Table,
    templates: impl IntoIterator<Item = &'a PodTemplateSpec>,
    selectors: Option<Vec<String>>,
) {
    table.headers.extend(["CONTAINERS", "IMAGES"]);
    for (row, template) in table.rows.iter_mut().zip(templates) {
        let (names, images) = container_cells(template);
        row.extend([names, images]);
    }
    if let Some(selectors) = selectors {
        table.headers.push("SELECTOR");
        for (row, selector) in table.rows.iter_mut().zip(selectors) {
            row.push(selector);
        }
    }
}
