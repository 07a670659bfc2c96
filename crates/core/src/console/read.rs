//! The commands that read: `get` (kubectl's tables, `-o wide|yaml|json|name`), `describe`, and
//! `api-resources`.

use super::flags::{self, flag, Flag, FlagKind};
use super::resources::{Resource, RESOURCES};
use super::targets::{get as get_object, list, targets, Selector, Target};
use super::{api, describe as describer, help, json, yaml, Ctx, Status};
use crate::manifest::tables::{self, human_duration, Table};
use crate::manifest::Node;
use pv_engine::objects::{Kind, Object};
use pv_engine::sort::CompactSort;
use pv_engine::Cluster;

pub(crate) const GET_FLAGS: &[Flag] = &[
    flag(
        "output",
        Some('o'),
        FlagKind::Text,
        "Output format: wide, yaml, json or name",
    ),
    flag(
        "all-namespaces",
        Some('A'),
        FlagKind::Bool,
        "List the requested object(s) across all namespaces",
    ),
    flag(
        "selector",
        Some('l'),
        FlagKind::Text,
        "Selector (label query) to filter on, e.g. -l app=db",
    ),
    flag(
        "show-labels",
        None,
        FlagKind::Bool,
        "Show all labels as the last column",
    ),
    flag("no-headers", None, FlagKind::Bool, "Don't print headers"),
    flag(
        "watch",
        Some('w'),
        FlagKind::Bool,
        "Watch for changes (not available here)",
    ),
    flag(
        "show-managed-fields",
        None,
        FlagKind::Bool,
        "Keep managedFields in yaml or json output",
    ),
    flag(
        "ignore-not-found",
        None,
        FlagKind::Bool,
        "Treat \"resource not found\" as a successful retrieval",
    ),
];

pub(crate) const DESCRIBE_FLAGS: &[Flag] = &[
    flag(
        "all-namespaces",
        Some('A'),
        FlagKind::Bool,
        "Describe the requested object(s) across all namespaces",
    ),
    flag(
        "selector",
        Some('l'),
        FlagKind::Text,
        "Selector (label query) to filter on",
    ),
    flag(
        "show-events",
        None,
        FlagKind::Bool,
        "Show the events of the described objects (default true)",
    ),
    flag(
        "chunk-size",
        None,
        FlagKind::Int,
        "Return large lists in chunks",
    ),
];

/// kubectl's formats the console does not print.
const OTHER_FORMATS: &[&str] = &[
    "custom-columns",
    "custom-columns-file",
    "go-template",
    "go-template-file",
    "jsonpath",
    "jsonpath-as-json",
    "jsonpath-file",
    "template",
    "templatefile",
];

const ALLOWED_FORMATS: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Wide,
    Yaml,
    Json,
    Name,
}

/// The NotFound error the API server returns, as kubectl prints it.
pub(crate) fn not_found(resource: &Resource, name: &str) -> String {
    format!(
        "Error from server (NotFound): {} \"{name}\" not found\n",
        resource.qualified()
    )
}

/// The namespace a command works in.
pub(crate) fn namespace(args: &flags::Args) -> String {
    args.text("namespace").unwrap_or("default").to_owned()
}

/// What a target finds: the objects, and the names that were not found.
struct Found {
    objects: Vec<Object>,
    missing: Vec<String>,
}

fn find(cluster: &Cluster, target: &Target, namespace: Option<&str>, selector: &Selector) -> Found {
    let kind = target.resource.kind;
    if target.names.is_empty() {
        let objects = list(cluster, kind, namespace)
            .into_iter()
            .filter(|o| selector.matches(o))
            .collect();
        return Found {
            objects,
            missing: Vec::new(),
        };
    }
    let mut found = Found {
        objects: Vec::new(),
        missing: Vec::new(),
    };
    for name in &target.names {
        match get_object(cluster, kind, namespace.unwrap_or("default"), name) {
            Some(object) => found.objects.push(object),
            None => found.missing.push(name.clone()),
        }
    }
    found
}

pub(crate) fn get(ctx: &mut Ctx, words: &[String]) -> Status {
    let args = match flags::parse("get", words, GET_FLAGS) {
        Ok(args) => args,
        Err(error) => return ctx.fail(&error),
    };
    if args.bool("help") {
        ctx.out(&help::verb_help(Some("get")));
        return Ok(());
    }
    let format = match args.text("output").unwrap_or("") {
        "" => Format::Table,
        "wide" => Format::Wide,
        "yaml" => Format::Yaml,
        "json" => Format::Json,
        "name" => Format::Name,
        other => {
            let base = other.split('=').next().unwrap_or(other);
            if OTHER_FORMATS.contains(&base) {
                ctx.note(&format!(
                    "-o {base} is a real kubectl output format, but this console prints only wide, yaml, json and name.\n"
                ));
                return Err(());
            }
            return ctx.fail(&format!(
                "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: {ALLOWED_FORMATS}\n"
            ));
        }
    };
    if args.bool("show-labels") && format == Format::Name {
        return ctx.fail("error: --show-labels option cannot be used with name printer\n");
    }
    if args.bool("watch") {
        ctx.note("--watch is not available in the console: the simulated cluster changes only when you act. Run the command again after a change, or Step the control loop.\n");
        return Err(());
    }
    if args.positional.is_empty() {
        return ctx.fail("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n");
    }
    if is_events(&args.positional[0]) {
        return get_events(ctx, &args, format);
    }
    let targets = match targets(&args.positional) {
        Ok(t) => t,
        Err(error) => return ctx.fail(&error),
    };
    let selector = match args.text("selector").map(Selector::parse).transpose() {
        Ok(s) => s.unwrap_or_default(),
        Err(error) => return ctx.fail(&format!("error: {error}\n")),
    };
    if args.given("selector") && targets.iter().any(|t| !t.names.is_empty()) {
        return ctx.fail("error: name cannot be provided when a selector is specified\n");
    }
    let all = args.bool("all-namespaces");
    let namespace = namespace(&args);
    let scope = (!all).then_some(namespace.as_str());
    let cluster = ctx.session.cluster.clone();
    let mut groups: Vec<(&'static Resource, Vec<Object>)> = Vec::new();
    let mut errors = String::new();
    for target in &targets {
        let found = find(&cluster, target, scope, &selector);
        if !args.bool("ignore-not-found") {
            for name in found.missing {
                errors.push_str(&not_found(target.resource, &name));
            }
        }
        groups.push((target.resource, found.objects));
    }
    let single = targets.len() == 1 && targets[0].names.len() == 1;
    let count: usize = groups.iter().map(|(_, o)| o.len()).sum();
    match format {
        Format::Name => {
            for (resource, objects) in &groups {
                for object in objects {
                    ctx.out(&format!(
                        "{}/{}\n",
                        resource.name_prefix(),
                        object.metadata().name
                    ));
                }
            }
        }
        Format::Yaml | Format::Json => {
            let trees: Vec<Node> = groups
                .iter()
                .flat_map(|(_, objects)| objects.iter().map(api::object_tree))
                .collect();
            let document = if single {
                trees.into_iter().next()
            } else {
                Some(api::list_tree(trees))
            };
            if let Some(document) = document {
                let text = if format == Format::Yaml {
                    yaml::to_yaml(&document)
                } else {
                    json::to_indented(&document)
                };
                ctx.out(&text);
            }
        }
        Format::Table | Format::Wide => {
            let kinds = groups.iter().filter(|(_, o)| !o.is_empty()).count();
            let mut first = true;
            for (resource, objects) in &groups {
                if objects.is_empty() {
                    continue;
                }
                let mut table = table_of(
                    &cluster,
                    resource.kind,
                    objects,
                    all,
                    format == Format::Wide,
                );
                if kinds > 1 {
                    let column = usize::from(all && resource.namespaced());
                    for row in &mut table.rows {
                        if let Some(cell) = row.get_mut(column) {
                            *cell = format!("{}/{cell}", resource.name_prefix());
                        }
                    }
                }
                if args.bool("show-labels") {
                    table.headers.push("LABELS");
                    for (row, object) in table.rows.iter_mut().zip(objects) {
                        row.push(label_text(object));
                    }
                }
                let mut text = tables::render(&table);
                if args.bool("no-headers") {
                    text = text
                        .split_once('\n')
                        .map(|(_, rest)| rest.to_owned())
                        .unwrap_or_default();
                }
                if !first {
                    ctx.out("\n");
                }
                first = false;
                ctx.out(&text);
            }
            if count == 0 && errors.is_empty() && !args.bool("ignore-not-found") {
                if all {
                    ctx.err("No resources found\n");
                } else {
                    ctx.err(&format!("No resources found in {namespace} namespace.\n"));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        ctx.fail(&errors)
    }
}

/// Whether a type argument names core/v1 Events (served beside the kinds, from the event log).
pub(crate) fn is_events(argument: &str) -> bool {
    matches!(
        argument.to_ascii_lowercase().as_str(),
        "events" | "event" | "ev"
    )
}

/// `kubectl get events`: the event log as the API server lists it (by namespace and name), in
/// `printEvent`'s columns.
fn get_events(ctx: &mut Ctx, args: &flags::Args, format: Format) -> Status {
    let all = args.bool("all-namespaces");
    let namespace = namespace(args);
    let names = &args.positional[1..];
    let cluster = ctx.session.cluster.clone();
    let now = cluster.now();
    let mut stored: Vec<api::StoredEvent> = api::stored_events(&cluster)
        .into_iter()
        .filter(|e| all || e.namespace == namespace)
        .collect();
    stored.compact_sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    let mut errors = String::new();
    if !names.is_empty() {
        for name in names {
            if !stored.iter().any(|e| &e.name == name) {
                errors.push_str(&format!(
                    "Error from server (NotFound): events \"{name}\" not found\n"
                ));
            }
        }
        stored.retain(|e| names.contains(&e.name));
    }
    let age = |t| human_duration(pv_engine::time::Timestamp::seconds_until(t, now));
    match format {
        Format::Name => {
            for e in &stored {
                ctx.out(&format!("event/{}\n", e.name));
            }
        }
        Format::Yaml | Format::Json => {
            let mut trees: Vec<Node> = stored.iter().map(api::event_tree).collect();
            let document = if names.len() == 1 {
                trees.pop()
            } else {
                Some(api::list_tree(trees))
            };
            if let Some(document) = document {
                ctx.out(&if format == Format::Yaml {
                    yaml::to_yaml(&document)
                } else {
                    json::to_indented(&document)
                });
            }
        }
        Format::Table | Format::Wide => {
            let wide = format == Format::Wide;
            let mut table = Table::default();
            if all {
                table.headers.push("NAMESPACE");
            }
            table.headers.extend(if wide {
                vec![
                    "LAST SEEN",
                    "TYPE",
                    "REASON",
                    "OBJECT",
                    "SUBOBJECT",
                    "SOURCE",
                    "MESSAGE",
                    "FIRST SEEN",
                    "COUNT",
                    "NAME",
                ]
            } else {
                vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
            });
            for e in &stored {
                let event = e.event;
                let object = format!(
                    "{}/{}",
                    event.object.kind.as_str().to_ascii_lowercase(),
                    event.object.name
                );
                let kind = format!("{:?}", event.type_);
                let mut row = Vec::new();
                if all {
                    row.push(e.namespace.clone());
                }
                row.extend([
                    age(event.last_timestamp),
                    kind,
                    event.reason.clone(),
                    object,
                ]);
                if wide {
                    row.extend([String::new(), event.source.to_string()]);
                }
                row.push(event.message.trim().to_owned());
                if wide {
                    row.extend([
                        age(event.first_timestamp),
                        event.count.to_string(),
                        e.name.clone(),
                    ]);
                }
                table.rows.push(row);
            }
            if !stored.is_empty() {
                ctx.out(&tables::render(&table));
            } else if errors.is_empty() {
                ctx.err(&if all {
                    "No resources found\n".to_owned()
                } else {
                    format!("No resources found in {namespace} namespace.\n")
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        ctx.fail(&errors)
    }
}

fn label_text(object: &Object) -> String {
    let labels = &object.metadata().labels;
    if labels.is_empty() {
        "<none>".to_owned()
    } else {
        labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The table `kubectl get` prints for objects of one kind (the API server's printers).
fn table_of(cluster: &Cluster, kind: Kind, objects: &[Object], all: bool, wide: bool) -> Table {
    let now = cluster.now();
    match kind {
        Kind::PersistentVolume => {
            let volumes: Vec<_> = objects
                .iter()
                .filter_map(|o| match o {
                    Object::PersistentVolume(v) => Some(v),
                    _ => None,
                })
                .collect();
            let mut table = tables::persistent_volumes(volumes.iter().copied(), now);
            if wide {
                tables::add_volume_mode(
                    &mut table,
                    volumes.iter().map(|v| v.spec.volume_mode.as_deref()),
                );
            }
            table
        }
        Kind::PersistentVolumeClaim => {
            let claims: Vec<_> = objects
                .iter()
                .filter_map(|o| match o {
                    Object::PersistentVolumeClaim(c) => Some(c),
                    _ => None,
                })
                .collect();
            let mut table = tables::persistent_volume_claims(claims.iter().copied(), now, all);
            if wide {
                tables::add_volume_mode(
                    &mut table,
                    claims.iter().map(|c| c.spec.volume_mode.as_deref()),
                );
            }
            table
        }
        Kind::StorageClass => tables::storage_classes(
            objects.iter().filter_map(|o| match o {
                Object::StorageClass(c) => Some(c),
                _ => None,
            }),
            now,
        ),
        Kind::Pod => tables::pods(
            objects.iter().filter_map(|o| match o {
                Object::Pod(p) => Some(p),
                _ => None,
            }),
            now,
            all,
            wide,
        ),
        Kind::Node => tables::nodes(
            objects.iter().filter_map(|o| match o {
                Object::Node(n) => Some(n),
                _ => None,
            }),
            now,
            wide,
        ),
        Kind::StatefulSet => {
            let sets: Vec<_> = objects
                .iter()
                .filter_map(|o| match o {
                    Object::StatefulSet(s) => Some(s),
                    _ => None,
                })
                .collect();
            let mut table = tables::stateful_sets(sets.iter().copied(), now, all);
            if wide {
                tables::add_template_columns(
                    &mut table,
                    sets.iter().map(|s| &s.spec.template),
                    None,
                );
            }
            table
        }
        Kind::Deployment => {
            let deployments: Vec<_> = objects
                .iter()
                .filter_map(|o| match o {
                    Object::Deployment(d) => Some(d),
                    _ => None,
                })
                .collect();
            let mut table = tables::deployments(deployments.iter().copied(), now, all);
            if wide {
                let selectors = deployments
                    .iter()
                    .map(|d| tables::label_selector_string(d.spec.selector.as_ref()))
                    .collect();
                tables::add_template_columns(
                    &mut table,
                    deployments.iter().map(|d| &d.spec.template),
                    Some(selectors),
                );
            }
            table
        }
        Kind::ReplicaSet => {
            let sets: Vec<_> = objects
                .iter()
                .filter_map(|o| match o {
                    Object::ReplicaSet(s) => Some(s),
                    _ => None,
                })
                .collect();
            let mut table = tables::replica_sets(sets.iter().copied(), now, all);
            if wide {
                let selectors = sets
                    .iter()
                    .map(|s| {
                        let text = tables::label_selector_string(s.spec.selector.as_ref());
                        if text.is_empty() {
                            "<none>".to_owned()
                        } else {
                            text
                        }
                    })
                    .collect();
                tables::add_template_columns(
                    &mut table,
                    sets.iter().map(|s| &s.spec.template),
                    Some(selectors),
                );
            }
            table
        }
    }
}

/// One object described, as kubectl's describer for its kind writes it.
pub(crate) fn describe_object(cluster: &Cluster, object: &Object, events: bool) -> String {
    match object {
        Object::PersistentVolume(pv) => describer::persistent_volume(cluster, pv, events),
        Object::PersistentVolumeClaim(pvc) => {
            describer::persistent_volume_claim(cluster, pvc, events)
        }
        Object::StorageClass(sc) => describer::storage_class(cluster, sc, events),
        Object::Pod(pod) => describer::pod(cluster, pod, events),
        Object::Node(node) => describer::node(cluster, node, events),
        Object::StatefulSet(set) => describer::stateful_set(cluster, set, events),
        Object::Deployment(d) => describer::deployment(cluster, d, events),
        Object::ReplicaSet(set) => describer::replica_set(cluster, set, events),
    }
}

pub(crate) fn describe(ctx: &mut Ctx, words: &[String]) -> Status {
    let args = match flags::parse("describe", words, DESCRIBE_FLAGS) {
        Ok(args) => args,
        Err(error) => return ctx.fail(&error),
    };
    if args.bool("help") {
        ctx.out(&help::verb_help(Some("describe")));
        return Ok(());
    }
    if args.positional.is_empty() {
        return ctx.fail("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n");
    }
    let targets = match targets(&args.positional) {
        Ok(t) => t,
        Err(error) => return ctx.fail(&error),
    };
    let selector = match args.text("selector").map(Selector::parse).transpose() {
        Ok(s) => s.unwrap_or_default(),
        Err(error) => return ctx.fail(&format!("error: {error}\n")),
    };
    let all = args.bool("all-namespaces");
    let namespace = namespace(&args);
    let scope = (!all).then_some(namespace.as_str());
    let events = args
        .text("show-events")
        .is_none_or(|v| flags::parse_bool(v) != Some(false));
    let cluster = ctx.session.cluster.clone();
    let mut described: Vec<Object> = Vec::new();
    let mut errors = String::new();
    for target in &targets {
        let found = find(&cluster, target, scope, &selector);
        described.extend(found.objects);
        for name in found.missing {
            errors.push_str(&not_found(target.resource, &name));
        }
    }
    // `describe TYPE NAME` for a name that does not exist describes every object whose name
    // starts with it, each followed by a new line (`DescribeMatchingResources`).
    if !errors.is_empty() && args.positional.len() == 2 {
        if let [target] = targets.as_slice() {
            let prefix = &target.names[0];
            let matching: Vec<Object> = list(&cluster, target.resource.kind, scope)
                .into_iter()
                .filter(|o| o.metadata().name.starts_with(prefix.as_str()))
                .collect();
            if !matching.is_empty() {
                for object in &matching {
                    ctx.out(&describe_object(&cluster, object, events));
                    ctx.out("\n");
                }
                return Ok(());
            }
        }
    }
    for (i, object) in described.iter().enumerate() {
        if i > 0 {
            ctx.out("\n\n");
        }
        ctx.out(&describe_object(&cluster, object, events));
    }
    if described.is_empty() && errors.is_empty() {
        if all {
            ctx.err("No resources found\n");
        } else {
            ctx.err(&format!("No resources found in {namespace} namespace.\n"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        ctx.fail(&errors)
    }
}

pub(crate) fn api_resources(ctx: &mut Ctx, words: &[String]) -> Status {
    if let Err(error) = flags::parse("api-resources", words, &[]) {
        return ctx.fail(&error);
    }
    let mut table = Table {
        headers: vec!["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"],
        rows: Vec::new(),
    };
    for r in RESOURCES {
        let version = if r.group.is_empty() {
            r.version.to_owned()
        } else {
            format!("{}/{}", r.group, r.version)
        };
        table.rows.push(vec![
            r.plural.to_owned(),
            r.short_names.join(","),
            version,
            r.namespaced().to_string(),
            r.kind.as_str().to_owned(),
        ]);
    }
    ctx.out(&tables::render(&table));
    ctx.note("These are the resource types the simulated API server serves.\n");
    Ok(())
}
