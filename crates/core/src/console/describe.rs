//! `kubectl describe pv|pvc|sc|pod|node`: kubectl's describers (`pkg/describe/describe.go`)
//! ported line by line over the simulator's objects: the same sections, labels, `<none>`s,
//! Go `%v` renderings, the events table sorted by last time seen, and the layout of Go's
//! tabwriter. Ages count from the simulated clock.

use super::api::events_of;
use super::tabwriter::TabWriter;
use super::values::{go_list, rfc1123z, ValueExt};
use crate::manifest::tables::human_duration;
use pv_engine::classes::{claim_class_or_empty, volume_class};
use pv_engine::events::{Event, EventType};
use pv_engine::objects::*;
use pv_engine::quantity::Quantity;
use pv_engine::sort::CompactSort;
use pv_engine::time::Timestamp;
use pv_engine::value::Value;
use pv_engine::Cluster;
use std::collections::BTreeMap;

/// The describer's writer: levels of two spaces, terminal-unsafe characters escaped
/// (`printers.WriteEscaped`), laid out by Go's tabwriter.
struct Writer {
    tab: TabWriter,
}

impl Writer {
    fn new() -> Self {
        Writer {
            tab: TabWriter::new(),
        }
    }

    fn write(&mut self, level: usize, text: &str) {
        let mut line = "  ".repeat(level);
        line.push_str(text);
        let escaped = line.replace('\u{1b}', "^[").replace('\r', "\\r");
        self.tab.write(&escaped);
    }

    fn finish(self) -> String {
        self.tab.finish()
    }
}

/// The age kubectl prints for a time (`translateTimestampSince`).
fn since(time: Option<Timestamp>, now: Timestamp) -> String {
    match time {
        Some(t) => human_duration(t.seconds_until(now)),
        None => "<unknown>".to_owned(),
    }
}

/// `printLabelsMultiline`.
fn labels(w: &mut Writer, title: &str, labels: &BTreeMap<String, String>) {
    w.write(0, &format!("{title}:\t"));
    if labels.is_empty() {
        w.write(0, "<none>\n");
        return;
    }
    for (i, (key, value)) in labels.iter().enumerate() {
        if i > 0 {
            w.write(0, "\t");
        }
        w.write(0, &format!("{key}={value}\n"));
    }
}

const MAX_ANNOTATION_LEN: usize = 140;
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

fn shorten(s: &str, max: usize) -> String {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}...", &s[..cut])
    } else {
        s.to_owned()
    }
}

/// `printAnnotationsMultiline`: the last-applied configuration left out, long or multi-line
/// values on lines of their own.
fn annotations(w: &mut Writer, title: &str, annotations: &BTreeMap<String, String>) {
    w.write(0, &format!("{title}:\t"));
    let keys: Vec<&String> = annotations.keys().filter(|k| *k != LAST_APPLIED).collect();
    if keys.is_empty() {
        w.write(0, "<none>\n");
        return;
    }
    for (i, key) in keys.into_iter().enumerate() {
        if i > 0 {
            w.write(0, "\t");
        }
        let value = annotations[key]
            .strip_suffix('\n')
            .unwrap_or(&annotations[key]);
        if value.len() + key.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.write(0, &format!("{key}:\n"));
            for line in value.split('\n') {
                w.write(
                    0,
                    &format!("\t  {}\n", shorten(line, MAX_ANNOTATION_LEN - 2)),
                );
            }
        } else {
            w.write(0, &format!("{key}: {value}\n"));
        }
    }
}

/// `labels.FormatLabels`: `k=v,k2=v2`, or `<none>`.
fn format_labels(map: &BTreeMap<String, String>) -> String {
    if map.is_empty() {
        return "<none>".to_owned();
    }
    map.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `storageutil.GetAccessModesAsString`.
fn access_modes(modes: &[String]) -> String {
    AccessModes::from_strings(modes).short_string()
}

/// `DescribeEvents`.
fn events(w: &mut Writer, events: Vec<&Event>, now: Timestamp) {
    if events.is_empty() {
        w.write(0, "Events:\t<none>\n");
        return;
    }
    w.tab.flush();
    let mut events = events;
    // Go's sort.Sort by last time seen; for short lists (as here) an insertion sort, stable.
    events.compact_sort_by_key(|e| e.last_timestamp);
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.write(1, "----\t------\t----\t----\t-------\n");
    for e in events {
        let first = since(Some(e.first_timestamp), now);
        let interval = if e.count > 1 {
            format!(
                "{} (x{} over {first})",
                since(Some(e.last_timestamp), now),
                e.count
            )
        } else {
            first
        };
        let kind = match e.type_ {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        };
        w.write(
            1,
            &format!(
                "{kind}\t{}\t{interval}\t{}\t{}\n",
                e.reason,
                e.source,
                e.message.trim()
            ),
        );
    }
}

fn status_line(w: &mut Writer, meta: &ObjectMeta, phase: &str, now: Timestamp) {
    match meta.deletion_timestamp {
        Some(deleted) => w.write(
            0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                since(Some(deleted), now)
            ),
        ),
        None => w.write(0, &format!("Status:\t{phase}\n")),
    }
}

/// `describePersistentVolume`.
pub fn persistent_volume(cluster: &Cluster, pv: &PersistentVolume, show_events: bool) -> String {
    let now = cluster.now();
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", pv.metadata.name));
    labels(&mut w, "Labels", &pv.metadata.labels);
    annotations(&mut w, "Annotations", &pv.metadata.annotations);
    w.write(
        0,
        &format!("Finalizers:\t{}\n", go_list(&pv.metadata.finalizers)),
    );
    w.write(0, &format!("StorageClass:\t{}\n", volume_class(pv)));
    status_line(&mut w, &pv.metadata, &pv.status.phase.to_string(), now);
    let claim = pv
        .spec
        .claim_ref
        .as_ref()
        .map(|r| format!("{}/{}", r.namespace, r.name))
        .unwrap_or_default();
    w.write(0, &format!("Claim:\t{claim}\n"));
    w.write(
        0,
        &format!(
            "Reclaim Policy:\t{}\n",
            pv.spec
                .persistent_volume_reclaim_policy
                .as_deref()
                .unwrap_or("")
        ),
    );
    w.write(
        0,
        &format!("Access Modes:\t{}\n", access_modes(&pv.spec.access_modes)),
    );
    if let Some(mode) = &pv.spec.volume_mode {
        w.write(0, &format!("VolumeMode:\t{mode}\n"));
    }
    let capacity = pv.spec.storage().cloned().unwrap_or_default();
    w.write(0, &format!("Capacity:\t{capacity}\n"));
    node_affinity(&mut w, pv.spec.node_affinity.as_ref());
    w.write(
        0,
        &format!("Message:\t{}\n", pv.status.message.as_deref().unwrap_or("")),
    );
    w.write(0, "Source:\n");
    volume_source(&mut w, &pv.spec);
    let object = Object::PersistentVolume(pv.clone());
    if show_events {
        events(&mut w, events_of(cluster, &object), now);
    }
    w.finish()
}

/// `printVolumeNodeAffinity`.
fn node_affinity(w: &mut Writer, affinity: Option<&VolumeNodeAffinity>) {
    w.write(0, "Node Affinity:\t");
    let Some(required) = affinity.and_then(|a| a.required.as_ref()) else {
        w.write(0, "<none>\n");
        return;
    };
    w.write(0, "\n");
    w.write(1, "Required Terms:\t");
    if required.node_selector_terms.is_empty() {
        w.write(0, "<none>\n");
        return;
    }
    w.write(0, "\n");
    for (i, term) in required.node_selector_terms.iter().enumerate() {
        w.write(2, &format!("Term {i}:\t"));
        if term.match_expressions.is_empty() {
            w.write(0, "<none>\n");
            continue;
        }
        for (j, requirement) in term.match_expressions.iter().enumerate() {
            if j > 0 {
                w.write(2, "\t");
            }
            let mut expression = format!(
                "{} {}",
                requirement.key,
                requirement.operator.to_ascii_lowercase()
            );
            if !requirement.values.is_empty() {
                expression.push_str(&format!(" [{}]", requirement.values.join(", ")));
            }
            w.write(0, &format!("{expression}\n"));
        }
    }
}

fn bool_text(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// The `Source:` section of a volume, by the first source set, in kubectl's order.
fn volume_source(w: &mut Writer, spec: &PersistentVolumeSpec) {
    if let Some(host_path) = &spec.host_path {
        w.write(
            2,
            &format!(
                "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
                host_path.path,
                host_path.type_.as_deref().unwrap_or("<none>")
            ),
        );
    } else if let Some(gce) = &spec.gce_persistent_disk {
        w.write(
            2,
            &format!(
                "Type:\tGCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)\n    PDName:\t{}\n    FSType:\t{}\n    Partition:\t{}\n    ReadOnly:\t{}\n",
                gce.text("pdName"),
                gce.text("fsType"),
                gce.int("partition"),
                bool_text(gce.boolean("readOnly"))
            ),
        );
    } else if let Some(aws) = &spec.aws_elastic_block_store {
        w.write(
            2,
            &format!(
                "Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n    VolumeID:\t{}\n    FSType:\t{}\n    Partition:\t{}\n    ReadOnly:\t{}\n",
                aws.text("volumeID"),
                aws.text("fsType"),
                aws.int("partition"),
                bool_text(aws.boolean("readOnly"))
            ),
        );
    } else if let Some(nfs) = &spec.nfs {
        w.write(
            2,
            &format!(
                "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n",
                nfs.server,
                nfs.path,
                bool_text(nfs.read_only)
            ),
        );
    } else if let Some(local) = &spec.local {
        w.write(
            2,
            &format!(
                "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{}\n",
                local.path
            ),
        );
    } else if let Some(csi) = &spec.csi {
        w.write(
            2,
            &format!(
                "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    VolumeHandle:\t{}\n    ReadOnly:\t{}\n",
                csi.driver,
                csi.fs_type.as_deref().unwrap_or(""),
                csi.volume_handle,
                bool_text(csi.read_only)
            ),
        );
        w.write(2, "VolumeAttributes:\t");
        if csi.volume_attributes.is_empty() {
            w.write(0, "<none>\n");
        } else {
            for (i, (key, value)) in csi.volume_attributes.iter().enumerate() {
                if i > 0 {
                    w.write(2, "\t");
                }
                let line = format!("{key}={value}");
                w.write(2, &format!("{}\n", shorten_plain(&line)));
            }
        }
    } else if let Some((field, _)) = spec.sources().first() {
        // Other in-tree sources: the simulator keeps their fields but does not lay them out.
        w.write(2, &format!("Type:\t{}\n", source_title(field)));
    } else {
        w.write(1, "<unknown>\n");
    }
}

fn shorten_plain(line: &str) -> String {
    if line.len() > MAX_ANNOTATION_LEN {
        let mut cut = MAX_ANNOTATION_LEN;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}...", &line[..cut])
    } else {
        line.to_owned()
    }
}

/// The `Type:` line kubectl gives the other in-tree sources.
fn source_title(field: &str) -> String {
    let title = match field {
        "iscsi" => "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)",
        "glusterfs" => "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)",
        "rbd" => "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)",
        "quobyte" => "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)",
        "vsphereVolume" => "vSphereVolume (a Persistent Disk resource in vSphere)",
        "cinder" => "Cinder (a Persistent Disk resource in OpenStack)",
        "azureDisk" => "AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)",
        "photonPersistentDisk" => "PhotonPersistentDisk (a Persistent Disk resource in photon platform)",
        "portworxVolume" => "PortworxVolume (a Portworx Volume resource)",
        "scaleIO" => "ScaleIO (a persistent volume backed by a block device in ScaleIO)",
        "cephfs" => "CephFS (a CephFS mount on the host that shares a pod's lifetime)",
        "storageos" => "StorageOS (a StorageOS Persistent Disk resource)",
        "fc" => "FC (a Fibre Channel disk)",
        "azureFile" => "AzureFile (an Azure File Service mount on the host and bind mount to the pod)",
        "flexVolume" => "FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)",
        "flocker" => "Flocker (a Flocker volume mounted by the Flocker agent)",
        other => other,
    };
    title.to_owned()
}

/// The pods kubectl lists under `Used By`: the namespace's pods whose volumes name the claim
/// (once per such volume, as kubectl appends them), sorted by name.
fn pods_using<'a>(cluster: &'a Cluster, claim: &PersistentVolumeClaim) -> Vec<&'a Pod> {
    let namespace = claim.metadata.namespace.as_deref().unwrap_or("default");
    let mut pods: Vec<&Pod> = Vec::new();
    for pod in cluster.pods() {
        if pod.metadata.namespace.as_deref().unwrap_or("default") != namespace {
            continue;
        }
        for name in pod.spec.claim_names() {
            if name == claim.metadata.name {
                pods.push(pod);
            }
        }
    }
    pods.compact_sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    pods
}

/// `describePersistentVolumeClaim`.
pub fn persistent_volume_claim(
    cluster: &Cluster,
    pvc: &PersistentVolumeClaim,
    show_events: bool,
) -> String {
    let now = cluster.now();
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", pvc.metadata.name));
    w.write(
        0,
        &format!(
            "Namespace:\t{}\n",
            pvc.metadata.namespace.as_deref().unwrap_or("default")
        ),
    );
    w.write(
        0,
        &format!("StorageClass:\t{}\n", claim_class_or_empty(pvc)),
    );
    status_line(&mut w, &pvc.metadata, &pvc.status.phase.to_string(), now);
    w.write(0, &format!("Volume:\t{}\n", pvc.spec.volume_name));
    labels(&mut w, "Labels", &pvc.metadata.labels);
    annotations(&mut w, "Annotations", &pvc.metadata.annotations);
    w.write(
        0,
        &format!("Finalizers:\t{}\n", go_list(&pvc.metadata.finalizers)),
    );
    let (capacity, modes) = if pvc.spec.volume_name.is_empty() {
        (String::new(), String::new())
    } else {
        (
            pvc.status
                .capacity
                .get(STORAGE)
                .cloned()
                .unwrap_or_default()
                .to_string(),
            access_modes(&pvc.status.access_modes),
        )
    };
    w.write(0, &format!("Capacity:\t{capacity}\n"));
    w.write(0, &format!("Access Modes:\t{modes}\n"));
    if let Some(mode) = &pvc.spec.volume_mode {
        w.write(0, &format!("VolumeMode:\t{mode}\n"));
    }
    if let Some(source) = &pvc.spec.data_source {
        w.write(0, "DataSource:\n");
        if let Some(group) = source.get("apiGroup").and_then(Value::as_text) {
            w.write(1, &format!("APIGroup:\t{group}\n"));
        }
        w.write(1, &format!("Kind:\t{}\n", source.text("kind")));
        w.write(1, &format!("Name:\t{}\n", source.text("name")));
    }
    let pods = pods_using(cluster, pvc);
    w.write(0, "Used By:\t");
    if pods.is_empty() {
        w.write(0, "<none>\n");
    }
    for (i, pod) in pods.iter().enumerate() {
        if i > 0 {
            w.write(0, "\t");
        }
        w.write(0, &format!("{}\n", pod.metadata.name));
    }
    if !pvc.status.conditions.is_empty() {
        w.write(0, "Conditions:\n");
        w.write(
            1,
            "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.write(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for c in &pvc.status.conditions {
            w.write(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    c.type_,
                    c.status,
                    go_time(c.last_probe_time),
                    go_time(c.last_transition_time),
                    c.reason,
                    c.message
                ),
            );
        }
    }
    let object = Object::PersistentVolumeClaim(pvc.clone());
    if show_events {
        events(&mut w, events_of(cluster, &object), now);
    }
    w.finish()
}

/// `describeStorageClass`.
pub fn storage_class(cluster: &Cluster, sc: &StorageClass, show_events: bool) -> String {
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", sc.metadata.name));
    let default = [
        "storageclass.kubernetes.io/is-default-class",
        "storageclass.beta.kubernetes.io/is-default-class",
    ]
    .iter()
    .any(|key| sc.metadata.annotation(key) == Some("true"));
    w.write(
        0,
        &format!("IsDefaultClass:\t{}\n", if default { "Yes" } else { "No" }),
    );
    w.write(
        0,
        &format!(
            "Annotations:\t{}\n",
            format_labels(&sc.metadata.annotations)
        ),
    );
    w.write(0, &format!("Provisioner:\t{}\n", sc.provisioner));
    w.write(
        0,
        &format!("Parameters:\t{}\n", format_labels(&sc.parameters)),
    );
    let expansion = match sc.allow_volume_expansion {
        None => "<unset>",
        Some(true) => "True",
        Some(false) => "False",
    };
    w.write(0, &format!("AllowVolumeExpansion:\t{expansion}\n"));
    if sc.mount_options.is_empty() {
        w.write(0, "MountOptions:\t<none>\n");
    } else {
        w.write(0, "MountOptions:\n");
        for option in &sc.mount_options {
            w.write(1, &format!("{option}\n"));
        }
    }
    if let Some(policy) = &sc.reclaim_policy {
        w.write(0, &format!("ReclaimPolicy:\t{policy}\n"));
    }
    if let Some(mode) = &sc.volume_binding_mode {
        w.write(0, &format!("VolumeBindingMode:\t{mode}\n"));
    }
    if !sc.allowed_topologies.is_empty() {
        w.write(0, "AllowedTopologies:\t\n");
        for (i, term) in sc.allowed_topologies.iter().enumerate() {
            w.write(1, &format!("Term {i}:\t"));
            if term.match_label_expressions.is_empty() {
                w.write(0, "<none>\n");
                continue;
            }
            for (j, requirement) in term.match_label_expressions.iter().enumerate() {
                if j > 0 {
                    w.write(1, "\t");
                }
                let mut expression = format!("{} in", requirement.key);
                if !requirement.values.is_empty() {
                    expression.push_str(&format!(" [{}]", requirement.values.join(", ")));
                }
                w.write(0, &format!("{expression}\n"));
            }
        }
    }
    let object = Object::StorageClass(sc.clone());
    if show_events {
        events(&mut w, events_of(cluster, &object), cluster.now());
    }
    w.finish()
}

/// `describePod`, for the fields a simulated pod has.
pub fn pod(cluster: &Cluster, pod: &Pod, show_events: bool) -> String {
    let now = cluster.now();
    let mut w = Writer::new();
    w.write(0, &format!("Name:\t{}\n", pod.metadata.name));
    w.write(
        0,
        &format!(
            "Namespace:\t{}\n",
            pod.metadata.namespace.as_deref().unwrap_or("default")
        ),
    );
    if pod.spec.node_name.is_empty() {
        w.write(0, "Node:\t<none>\n");
    } else {
        w.write(0, &format!("Node:\t{}/\n", pod.spec.node_name));
    }
    labels(&mut w, "Labels", &pod.metadata.labels);
    annotations(&mut w, "Annotations", &pod.metadata.annotations);
    let phase = pod.status.phase.as_deref().unwrap_or("");
    if pod.metadata.deletion_timestamp.is_some() && !pod.is_terminated() {
        w.write(
            0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                since(pod.metadata.deletion_timestamp, now)
            ),
        );
        w.write(0, "Termination Grace Period:\t0s\n");
    } else {
        w.write(0, &format!("Status:\t{phase}\n"));
    }
    w.write(0, "IP:\t\n");
    w.write(0, "IPs:\t<none>\n");
    controlled_by(&mut w, &pod.metadata);
    containers(&mut w, "", &pod.spec.containers);
    if !pod.status.conditions.is_empty() {
        w.write(0, "Conditions:\n  Type\tStatus\n");
        for c in &pod.status.conditions {
            w.write(1, &format!("{} \t{} \n", c.type_, c.status));
        }
    }
    pod_volumes(&mut w, "", &pod.spec.volumes);
    w.write(
        0,
        &format!("QoS Class:\t{}\n", qos_class(&pod.spec.containers)),
    );
    labels(&mut w, "Node-Selectors", &pod.spec.node_selector);
    w.write(0, "Tolerations:\t<none>\n");
    let object = Object::Pod(pod.clone());
    if show_events {
        events(&mut w, events_of(cluster, &object), now);
    }
    w.finish()
}

/// `describeContainers` over the containers the simulator keeps as written; `space` is the
/// pod template's indentation (`"  "`), which also moves each name one column right.
fn containers(w: &mut Writer, space: &str, containers: &[Value]) {
    if containers.is_empty() {
        w.write(0, &format!("{space}Containers: <none>\n"));
        return;
    }
    w.write(0, &format!("{space}Containers:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for container in containers {
        w.write(1, &format!("{name_indent}{}:\n", container.text("name")));
        w.write(2, &format!("Image:\t{}\n", container.text("image")));
        let ports = container.list("ports");
        let port = |field: &str| {
            ports
                .iter()
                .map(|p| {
                    let protocol = p.get("protocol").and_then(Value::as_text).unwrap_or("");
                    format!("{}/{protocol}", p.int(field))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (container_ports, host_ports) = (port("containerPort"), port("hostPort"));
        if container_ports.contains(',') {
            w.write(2, &format!("Ports:\t{container_ports}\n"));
        } else {
            w.write(2, &format!("Port:\t{}\n", or_none(&container_ports)));
        }
        if host_ports.contains(',') {
            w.write(2, &format!("Host Ports:\t{host_ports}\n"));
        } else {
            w.write(2, &format!("Host Port:\t{}\n", or_none(&host_ports)));
        }
        for (field, title) in [("command", "Command"), ("args", "Args")] {
            let items = container.list(field);
            if !items.is_empty() {
                w.write(2, &format!("{title}:\n"));
                for item in items {
                    for line in item.as_text().unwrap_or("").split('\n') {
                        w.write(3, &format!("{line}\n"));
                    }
                }
            }
        }
        let resources = container.get("resources");
        for (field, title) in [("limits", "Limits"), ("requests", "Requests")] {
            let Some(Value::Map(list)) = resources.and_then(|r| r.get(field)) else {
                continue;
            };
            if !list.is_empty() {
                w.write(2, &format!("{title}:\n"));
            }
            for (name, quantity) in list {
                w.write(3, &format!("{name}:\t{}\n", quantity_text(quantity)));
            }
        }
        let env = container.list("env");
        if env.is_empty() {
            w.write(2, "Environment:\t<none>\n");
        } else {
            w.write(2, "Environment:\n");
        }
        for variable in env {
            let name = variable.text("name");
            match variable.get("valueFrom") {
                None => {
                    for (i, line) in variable.text("value").split('\n').enumerate() {
                        if i == 0 {
                            w.write(3, &format!("{name}:\t{line}\n"));
                        } else {
                            w.write(3, &format!("\t{line}\n"));
                        }
                    }
                }
                Some(from) => {
                    if let Some(secret) = from.get("secretKeyRef") {
                        w.write(
                            3,
                            &format!(
                                "{name}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                                secret.text("key"),
                                secret.text("name"),
                                secret.boolean("optional")
                            ),
                        );
                    } else if let Some(map) = from.get("configMapKeyRef") {
                        w.write(
                            3,
                            &format!(
                                "{name}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                                map.text("key"),
                                map.text("name"),
                                map.boolean("optional")
                            ),
                        );
                    }
                }
            }
        }
        let mut mounts = container.list("volumeMounts").to_vec();
        if mounts.is_empty() {
            w.write(2, "Mounts:\t<none>\n");
        } else {
            w.write(2, "Mounts:\n");
        }
        mounts.compact_sort_by_key(|m| m.text("mountPath"));
        for mount in &mounts {
            let mut flags = vec![if mount.boolean("readOnly") {
                "ro".to_owned()
            } else {
                "rw".to_owned()
            }];
            let sub_path = mount.text("subPath");
            if !sub_path.is_empty() {
                flags.push(format!(
                    "path={}",
                    pv_engine::apimachinery::quote_go_string(&sub_path)
                ));
            }
            w.write(
                3,
                &format!(
                    "{} from {} ({})\n",
                    mount.text("mountPath"),
                    mount.text("name"),
                    flags.join(",")
                ),
            );
        }
    }
}

fn or_none(text: &str) -> &str {
    if text.is_empty() {
        "<none>"
    } else {
        text
    }
}

/// A quantity as `Quantity.String()` prints it (the text as given when it does not parse).
fn quantity_text(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        _ => String::new(),
    };
    Quantity::parse(&text)
        .map(|q| q.to_string())
        .unwrap_or(text)
}

/// `describeVolumes` for the sources a simulated pod carries; `space` as for [`containers`].
fn pod_volumes(w: &mut Writer, space: &str, volumes: &[PodVolume]) {
    if volumes.is_empty() {
        w.write(0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.write(0, &format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for volume in volumes {
        w.write(1, &format!("{name_indent}{}:\n", volume.name));
        if let Some(host_path) = &volume.host_path {
            w.write(2, &format!(
                "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
                host_path.text("path"),
                host_path.get("type").and_then(Value::as_text).unwrap_or("<none>")
            ));
        } else if let Some(empty_dir) = &volume.empty_dir {
            let size = empty_dir
                .get("sizeLimit")
                .map(quantity_text)
                .filter(|s| !s.is_empty() && s != "0")
                .unwrap_or_else(|| "<unset>".to_owned());
            w.write(2, &format!(
                "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{size}\n",
                empty_dir.text("medium")
            ));
        } else if let Some(secret) = &volume.secret {
            w.write(2, &format!(
                "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
                secret.text("secretName"),
                secret.boolean("optional")
            ));
        } else if let Some(config_map) = &volume.config_map {
            w.write(2, &format!(
                "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
                config_map.text("name"),
                config_map.boolean("optional")
            ));
        } else if let Some(claim) = &volume.persistent_volume_claim {
            w.write(2, &format!(
                "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n",
                claim.claim_name,
                claim.read_only
            ));
        } else if volume.projected.is_some() {
            w.write(
                2,
                "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
            );
        } else {
            w.write(2, "<unknown>\n");
        }
    }
}

/// The pod's QoS class from its containers' cpu and memory requests and limits
/// (`qos.GetPodQOS`).
fn qos_class(containers: &[Value]) -> &'static str {
    let mut requests: BTreeMap<String, i128> = BTreeMap::new();
    let mut limits: BTreeMap<String, i128> = BTreeMap::new();
    let mut guaranteed = true;
    for container in containers {
        let resources = container.get("resources");
        let list = |field: &str| match resources.and_then(|r| r.get(field)) {
            Some(Value::Map(m)) => m.clone(),
            _ => BTreeMap::new(),
        };
        for (name, quantity) in list("requests") {
            if let Some(nanos) = nanos_of(&quantity).filter(|n| *n > 0) {
                if name == "cpu" || name == "memory" {
                    *requests.entry(name).or_default() += nanos;
                }
            }
        }
        let mut found = Vec::new();
        for (name, quantity) in list("limits") {
            if let Some(nanos) = nanos_of(&quantity).filter(|n| *n > 0) {
                if name == "cpu" || name == "memory" {
                    found.push(name.clone());
                    *limits.entry(name).or_default() += nanos;
                }
            }
        }
        if !(found.iter().any(|n| n == "cpu") && found.iter().any(|n| n == "memory")) {
            guaranteed = false;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    if guaranteed
        && requests
            .iter()
            .any(|(name, req)| limits.get(name) != Some(req))
    {
        guaranteed = false;
    }
    if guaranteed && requests.len() == limits.len() {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

/// A quantity in billionths, for sums and comparisons.
pub(crate) fn nanos_of(value: &Value) -> Option<i128> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        _ => return None,
    };
    let q = Quantity::parse(&text).ok()?;
    super::values::nanos(&q)
}

/// `describeNode`, for a simulated node (labels and annotations; no status).
pub fn node(cluster: &Cluster, node: &Node, show_events: bool) -> String {
    let now = cluster.now();
    let mut w = Writer::new();
    let name = &node.metadata.name;
    w.write(0, &format!("Name:\t{name}\n"));
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
    let roles = if roles.is_empty() {
        "<none>".to_owned()
    } else {
        roles.join(",")
    };
    w.write(0, &format!("Roles:\t{roles}\n"));
    labels(&mut w, "Labels", &node.metadata.labels);
    annotations(&mut w, "Annotations", &node.metadata.annotations);
    let created = node
        .metadata
        .creation_timestamp
        .map(rfc1123z)
        .unwrap_or_else(|| "Mon, 01 Jan 0001 00:00:00 +0000".to_owned());
    w.write(0, &format!("CreationTimestamp:\t{created}\n"));
    w.write(0, "Taints:\t<none>\n");
    w.write(0, "Unschedulable:\tfalse\n");
    w.write(
        0,
        &format!("Lease:\tFailed to get lease: leases.coordination.k8s.io \"{name}\" not found\n"),
    );
    w.write(0, "Addresses:\n");
    w.write(0, "System Info:\n");
    for field in [
        "Machine ID",
        "System UUID",
        "Boot ID",
        "Kernel Version",
        "OS Image",
        "Operating System",
        "Architecture",
        "Container Runtime Version",
        "Kubelet Version",
        "Kube-Proxy Version",
    ] {
        w.write(0, &format!("  {field}:\t\n"));
    }
    let pods: Vec<&Pod> = cluster
        .pods()
        .filter(|p| p.spec.node_name == *name && !p.is_terminated())
        .collect();
    w.write(
        0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.write(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.write(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    // A simulated node has no allocatable resources: Go's division by zero gives NaN (or
    // infinity), which int64() turns into its minimum on the machines kubectl runs on.
    const NAN_PERCENT: &str = "-9223372036854775808";
    let mut total: BTreeMap<(&str, &str), i128> = BTreeMap::new();
    for pod in &pods {
        let sums = pod_requests_and_limits(pod);
        let cell = |key: (&str, &str)| {
            format!(
                "{} ({NAN_PERCENT}%)",
                sum_text(sums.get(&key).copied().unwrap_or(0), key.0)
            )
        };
        w.write(
            1,
            &format!(
                "{}\t{}\t\t{}\t{}\t{}\t{}\t{}\n",
                pod.metadata.namespace.as_deref().unwrap_or("default"),
                pod.metadata.name,
                cell(("cpu", "requests")),
                cell(("cpu", "limits")),
                cell(("memory", "requests")),
                cell(("memory", "limits")),
                since(pod.metadata.creation_timestamp, now)
            ),
        );
        for (key, value) in sums {
            *total.entry(key).or_default() += value;
        }
    }
    w.write(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.write(1, "Resource\tRequests\tLimits\n");
    w.write(1, "--------\t--------\t------\n");
    for resource in ["cpu", "memory", "ephemeral-storage"] {
        let get = |which: &str| total.get(&(resource, which)).copied().unwrap_or(0);
        w.write(
            1,
            &format!(
                "{resource}\t{} (0%)\t{} (0%)\n",
                sum_text(get("requests"), resource),
                sum_text(get("limits"), resource)
            ),
        );
    }
    let object = Object::Node(node.clone());
    if show_events {
        events(&mut w, events_of(cluster, &object), now);
    }
    w.finish()
}

/// Per resource and kind (`requests`, `limits`), the sum over a pod's containers, in
/// billionths.
fn pod_requests_and_limits(pod: &Pod) -> BTreeMap<(&'static str, &'static str), i128> {
    let mut sums = BTreeMap::new();
    for container in &pod.spec.containers {
        for which in ["requests", "limits"] {
            let Some(Value::Map(list)) = container.get("resources").and_then(|r| r.get(which))
            else {
                continue;
            };
            for resource in ["cpu", "memory", "ephemeral-storage"] {
                if let Some(n) = list.get(resource).and_then(nanos_of) {
                    *sums.entry((resource, which)).or_default() += n;
                }
            }
        }
    }
    sums
}

/// A sum as `Quantity.String()` prints it: cpu in decimal units, memory and storage in
/// binary ones when whole.
fn sum_text(nanos: i128, resource: &str) -> String {
    if nanos == 0 {
        return "0".to_owned();
    }
    if resource != "cpu" && nanos % 1_000_000_000 == 0 {
        if let Ok(bytes) = i64::try_from(nanos / 1_000_000_000) {
            return Quantity::from_bytes(bytes).to_string();
        }
    }
    Quantity::parse(&format!("{nanos}n"))
        .map(|q| q.canonical_string())
        .unwrap_or_default()
}

/// Go's `Time.Format(time.RFC1123Z)`, the zero time for an unset one.
fn go_time(time: Option<Timestamp>) -> String {
    time.map(rfc1123z)
        .unwrap_or_else(|| "Mon, 01 Jan 0001 00:00:00 +0000".to_owned())
}

/// `Controlled By:  Kind/name` when the object has a controller (`printController`).
fn controlled_by(w: &mut Writer, meta: &ObjectMeta) {
    if let Some(owner) = meta.controller() {
        w.write(
            0,
            &format!("Controlled By:\t{}/{}\n", owner.kind, owner.name),
        );
    }
}

/// `DescribePodTemplate`.
fn pod_template(w: &mut Writer, template: &PodTemplateSpec) {
    w.write(0, "Pod Template:\n");
    labels(w, "  Labels", &template.metadata.labels);
    if !template.metadata.annotations.is_empty() {
        annotations(w, "  Annotations", &template.metadata.annotations);
    }
    containers(w, "  ", &template.spec.containers);
    pod_volumes(w, "  ", &template.spec.volumes);
    labels(w, "  Node-Selectors", &template.spec.node_selector);
    w.write(0, "  Tolerations:\t<none>\n");
}

/// The pods a workload controls, by phase (`getPodStatusForController`): Running, Pending,
/// Succeeded, Failed.
fn pod_phases(
    cluster: &Cluster,
    meta: &ObjectMeta,
    selector: Option<&LabelSelector>,
) -> (usize, usize, usize, usize) {
    let namespace = meta.namespace.as_deref().unwrap_or("default");
    let mut counts = (0, 0, 0, 0);
    for pod in cluster.pods() {
        let controlled = pod.metadata.namespace.as_deref().unwrap_or("default") == namespace
            && pv_engine::validation::workload_selector_matches(selector, &pod.metadata.labels)
            && pod.metadata.controller().is_some_and(|r| r.uid == meta.uid);
        if !controlled {
            continue;
        }
        match pod.status.phase.as_deref() {
            Some("Running") => counts.0 += 1,
            Some("Pending") => counts.1 += 1,
            Some("Succeeded") => counts.2 += 1,
            Some("Failed") => counts.3 += 1,
            _ => {}
        }
    }
    counts
}

fn pods_status(
    w: &mut Writer,
    (running, waiting, succeeded, failed): (usize, usize, usize, usize),
) {
    w.write(
        0,
        &format!(
            "Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n"
        ),
    );
}

/// `labels.Selector.String()` of a workload's selector.
fn selector_text(selector: Option<&LabelSelector>) -> String {
    crate::manifest::tables::label_selector_string(selector)
}

fn namespace_of(meta: &ObjectMeta) -> &str {
    meta.namespace.as_deref().unwrap_or("default")
}

fn creation(meta: &ObjectMeta) -> String {
    go_time(meta.creation_timestamp)
}

fn int_or_string(value: &IntOrString) -> String {
    match value {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

/// `describeStatefulSet`.
pub fn stateful_set(cluster: &Cluster, set: &StatefulSet, show_events: bool) -> String {
    let now = cluster.now();
    let mut w = Writer::new();
    let meta = &set.metadata;
    w.write(0, &format!("Name:\t{}\n", meta.name));
    w.write(0, &format!("Namespace:\t{}\n", namespace_of(meta)));
    w.write(0, &format!("CreationTimestamp:\t{}\n", creation(meta)));
    w.write(
        0,
        &format!("Selector:\t{}\n", selector_text(set.spec.selector.as_ref())),
    );
    labels(&mut w, "Labels", &meta.labels);
    annotations(&mut w, "Annotations", &meta.annotations);
    w.write(
        0,
        &format!(
            "Replicas:\t{} desired | {} total\n",
            set.spec.replica_count(),
            set.status.replicas
        ),
    );
    w.write(
        0,
        &format!("Update Strategy:\t{}\n", set.spec.update_strategy.type_),
    );
    if let Some(rolling) = &set.spec.update_strategy.rolling_update {
        if let Some(partition) = rolling.partition {
            w.write(1, &format!("Partition:\t{partition}\n"));
            if let Some(max) = &rolling.max_unavailable {
                w.write(1, &format!("MaxUnavailable:\t{}\n", int_or_string(max)));
            }
        }
    }
    pods_status(
        &mut w,
        pod_phases(cluster, meta, set.spec.selector.as_ref()),
    );
    pod_template(&mut w, &set.spec.template);
    if set.spec.volume_claim_templates.is_empty() {
        w.write(0, "Volume Claims:\t<none>\n");
    } else {
        w.write(0, "Volume Claims:\n");
    }
    for template in &set.spec.volume_claim_templates {
        w.write(1, &format!("Name:\t{}\n", template.metadata.name));
        // `GetPersistentVolumeClaimClass`: the beta annotation first.
        let class = template
            .metadata
            .annotation("volume.beta.kubernetes.io/storage-class")
            .or(template.spec.storage_class_name.as_deref());
        w.write(1, &format!("StorageClass:\t{}\n", class.unwrap_or("")));
        indented_labels(&mut w, "Labels", &template.metadata.labels);
        indented_labels(&mut w, "Annotations", &template.metadata.annotations);
        match template.spec.resources.requests.get(STORAGE) {
            Some(capacity) => w.write(1, &format!("Capacity:\t{capacity}\n")),
            None => w.write(1, "Capacity:\t<default>\n"),
        }
        w.write(
            1,
            &format!("Access Modes:\t{}\n", go_list(&template.spec.access_modes)),
        );
    }
    if show_events {
        let object = Object::StatefulSet(set.clone());
        events(&mut w, events_of(cluster, &object), now);
    }
    w.finish()
}

/// `printLabelsMultilineWithIndent(w, "  ", title, "\t", …)`: a claim template's labels or
/// annotations, `key=value` each.
fn indented_labels(w: &mut Writer, title: &str, map: &BTreeMap<String, String>) {
    w.write(0, &format!("  {title}:\t"));
    if map.is_empty() {
        w.write(0, "<none>\n");
        return;
    }
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 {
            w.write(0, "  \t");
        }
        w.write(0, &format!("{key}={value}\n"));
    }
}

/// A Deployment's ReplicaSets as kubectl's describer finds them
/// (`GetAllReplicaSetsInChunks`): those it controls that its selector matches; the new one
/// is the oldest whose template is the Deployment's (the `pod-template-hash` label aside),
/// the old ones are the rest, by name.
fn deployment_sets<'a>(
    cluster: &'a Cluster,
    deployment: &Deployment,
) -> (Option<&'a ReplicaSet>, Vec<&'a ReplicaSet>) {
    let without_hash = |template: &PodTemplateSpec| {
        let mut template = template.clone();
        template.metadata.labels.remove("pod-template-hash");
        template
    };
    let namespace = namespace_of(&deployment.metadata);
    let mut owned: Vec<&ReplicaSet> = cluster
        .replica_sets()
        .filter(|rs| {
            namespace_of(&rs.metadata) == namespace
                && pv_engine::validation::workload_selector_matches(
                    deployment.spec.selector.as_ref(),
                    &rs.metadata.labels,
                )
                && rs
                    .metadata
                    .controller()
                    .is_some_and(|r| r.uid == deployment.metadata.uid)
        })
        .collect();
    owned.compact_sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    let wanted = without_hash(&deployment.spec.template);
    let mut by_age = owned.clone();
    by_age.compact_sort_by(|a, b| {
        a.metadata
            .creation_timestamp
            .cmp(&b.metadata.creation_timestamp)
            .then_with(|| a.metadata.name.cmp(&b.metadata.name))
    });
    let new = by_age
        .into_iter()
        .find(|rs| without_hash(&rs.spec.template) == wanted);
    let old = owned
        .into_iter()
        .filter(|rs| new.is_none_or(|n| n.metadata.uid != rs.metadata.uid))
        .collect();
    (new, old)
}

/// `printReplicaSetsByLabels`.
fn replica_sets_text(sets: &[&ReplicaSet]) -> String {
    if sets.is_empty() {
        return "<none>".to_owned();
    }
    sets.iter()
        .map(|rs| {
            format!(
                "{} ({}/{} replicas created)",
                rs.metadata.name,
                rs.status.replicas,
                rs.spec.replica_count()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `describeDeployment`.
pub fn deployment(cluster: &Cluster, deployment: &Deployment, show_events: bool) -> String {
    let now = cluster.now();
    let mut w = Writer::new();
    let meta = &deployment.metadata;
    let (spec, status) = (&deployment.spec, &deployment.status);
    w.write(0, &format!("Name:\t{}\n", meta.name));
    w.write(0, &format!("Namespace:\t{}\n", namespace_of(meta)));
    w.write(0, &format!("CreationTimestamp:\t{}\n", creation(meta)));
    labels(&mut w, "Labels", &meta.labels);
    annotations(&mut w, "Annotations", &meta.annotations);
    w.write(
        0,
        &format!("Selector:\t{}\n", selector_text(spec.selector.as_ref())),
    );
    w.write(
        0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            spec.replica_count(),
            status.updated_replicas,
            status.replicas,
            status.available_replicas,
            status.unavailable_replicas
        ),
    );
    w.write(0, &format!("StrategyType:\t{}\n", spec.strategy.type_));
    w.write(
        0,
        &format!("MinReadySeconds:\t{}\n", spec.min_ready_seconds),
    );
    if let Some(rolling) = &spec.strategy.rolling_update {
        let text =
            |v: &Option<IntOrString>| v.as_ref().map(int_or_string).unwrap_or_else(|| "0".into());
        w.write(
            0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                text(&rolling.max_unavailable),
                text(&rolling.max_surge)
            ),
        );
    }
    pod_template(&mut w, &spec.template);
    let (new, old) = deployment_sets(cluster, deployment);
    if new.is_some() || !old.is_empty() {
        w.write(
            0,
            &format!("OldReplicaSets:\t{}\n", replica_sets_text(&old)),
        );
        let new: Vec<&ReplicaSet> = new.into_iter().collect();
        w.write(0, &format!("NewReplicaSet:\t{}\n", replica_sets_text(&new)));
    }
    if show_events {
        let object = Object::Deployment(deployment.clone());
        events(&mut w, events_of(cluster, &object), now);
    }
    w.finish()
}

/// `describeReplicaSet`.
pub fn replica_set(cluster: &Cluster, set: &ReplicaSet, show_events: bool) -> String {
    let now = cluster.now();
    let mut w = Writer::new();
    let meta = &set.metadata;
    w.write(0, &format!("Name:\t{}\n", meta.name));
    w.write(0, &format!("Namespace:\t{}\n", namespace_of(meta)));
    let selector = selector_text(set.spec.selector.as_ref());
    w.write(
        0,
        &format!(
            "Selector:\t{}\n",
            if selector.is_empty() {
                "<none>"
            } else {
                &selector
            }
        ),
    );
    labels(&mut w, "Labels", &meta.labels);
    annotations(&mut w, "Annotations", &meta.annotations);
    controlled_by(&mut w, meta);
    w.write(
        0,
        &format!(
            "Replicas:\t{} current / {} desired\n",
            set.status.replicas,
            set.spec.replica_count()
        ),
    );
    pods_status(
        &mut w,
        pod_phases(cluster, meta, set.spec.selector.as_ref()),
    );
    pod_template(&mut w, &set.spec.template);
    if show_events {
        let object = Object::ReplicaSet(set.clone());
        events(&mut w, events_of(cluster, &object), now);
    }
    w.finish()
}
