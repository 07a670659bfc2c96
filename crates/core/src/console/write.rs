//! The commands that write: `apply -f -` and `create -f -` (a here-document, a pipe, or the
//! YAML editor), `delete`, `patch`, `label`, `edit` and `scale`. Each write is checked by the
//! session as the API server would (`Session::check`) and committed with one
//! [`Action::Commit`]; what kubectl prints comes from the checked result.

use super::flags::{self, flag, Flag, FlagKind};
use super::read::{namespace, not_found};
use super::resources::Resource;
use super::targets::{get as get_object, list, targets, Selector};
use super::{api, help, json, patch, Ctx, Intent, Status};
use crate::manifest::{self, Node, NodeKind};
use crate::session::{Action, Refusal, Write};
use pv_engine::apimachinery::FieldError;
use pv_engine::cluster::{ApiError, Finalizers};
use pv_engine::objects::{Object, ObjectKey};
use pv_engine::sort::CompactSort;
use pv_engine::Cluster;

pub(crate) const APPLY_FLAGS: &[Flag] = &[
    flag(
        "filename",
        Some('f'),
        FlagKind::Text,
        "The manifests: `-f -` reads a here-document, a pipe, or the YAML editor",
    ),
    flag(
        "dry-run",
        None,
        FlagKind::Text,
        "none, client or server: show what would happen without changing anything",
    ),
    flag(
        "validate",
        None,
        FlagKind::Text,
        "strict (the default), warn, ignore",
    ),
    flag(
        "save-config",
        None,
        FlagKind::Bool,
        "(create) record the manifest as kubectl apply does",
    ),
];

pub(crate) const DELETE_FLAGS: &[Flag] = &[
    flag(
        "filename",
        Some('f'),
        FlagKind::Text,
        "Delete the objects of these manifests (`-f -`)",
    ),
    flag(
        "selector",
        Some('l'),
        FlagKind::Text,
        "Delete the objects these labels select",
    ),
    flag(
        "all",
        None,
        FlagKind::Bool,
        "Delete every object of the type in the namespace",
    ),
    flag(
        "all-namespaces",
        Some('A'),
        FlagKind::Bool,
        "With --all or -l, in every namespace",
    ),
    flag(
        "wait",
        None,
        FlagKind::Bool,
        "Wait until the objects are gone (the console never waits)",
    ),
    flag("dry-run", None, FlagKind::Text, "none, client or server"),
    flag(
        "ignore-not-found",
        None,
        FlagKind::Bool,
        "Treat \"resource not found\" as a successful delete",
    ),
    flag(
        "now",
        None,
        FlagKind::Bool,
        "Signal the resources for immediate shutdown",
    ),
    flag("force", None, FlagKind::Bool, "Delete at once"),
    flag(
        "grace-period",
        None,
        FlagKind::Int,
        "Seconds given to the resource to terminate gracefully",
    ),
    flag(
        "timeout",
        None,
        FlagKind::Text,
        "How long to wait before giving up",
    ),
    flag(
        "cascade",
        None,
        FlagKind::Text,
        "background, orphan or foreground",
    ),
];

pub(crate) const PATCH_FLAGS: &[Flag] = &[
    flag(
        "patch",
        Some('p'),
        FlagKind::Text,
        "The patch, as JSON or YAML",
    ),
    flag(
        "type",
        None,
        FlagKind::Text,
        "strategic (the default), merge or json",
    ),
    flag("dry-run", None, FlagKind::Text, "none, client or server"),
    flag(
        "patch-file",
        None,
        FlagKind::Text,
        "A file with the patch (not available here)",
    ),
];

pub(crate) const LABEL_FLAGS: &[Flag] = &[
    flag(
        "overwrite",
        None,
        FlagKind::Bool,
        "Allow labels to replace existing values",
    ),
    flag("dry-run", None, FlagKind::Text, "none, client or server"),
    flag(
        "selector",
        Some('l'),
        FlagKind::Text,
        "Label the objects these labels select",
    ),
    flag(
        "all",
        None,
        FlagKind::Bool,
        "Label every object of the type in the namespace",
    ),
];

pub(crate) const SCALE_FLAGS: &[Flag] = &[
    flag(
        "replicas",
        None,
        FlagKind::Int,
        "The new number of replicas",
    ),
    flag(
        "current-replicas",
        None,
        FlagKind::Int,
        "Only scale if the current number of replicas is this",
    ),
    flag(
        "selector",
        Some('l'),
        FlagKind::Text,
        "Scale the objects these labels select",
    ),
    flag(
        "all",
        None,
        FlagKind::Bool,
        "Scale every object of the type in the namespace",
    ),
    flag("dry-run", None, FlagKind::Text, "none, client or server"),
];

pub(crate) const EDIT_FLAGS: &[Flag] = &[];

const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// `--dry-run`: none, client or server; kubectl's error for anything else.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DryRun {
    None,
    Client,
    Server,
}

impl DryRun {
    fn of(args: &flags::Args) -> Result<DryRun, String> {
        match args.text("dry-run") {
            None | Some("none") | Some("false") => Ok(DryRun::None),
            Some("client") | Some("true") => Ok(DryRun::Client),
            Some("server") => Ok(DryRun::Server),
            Some(other) => Err(format!(
                "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\".\n"
            )),
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// How kubectl prints an error the API server returned. `source` is the file a write came from
/// (`STDIN`), with the verb (`creating`), as kubectl adds it to the message.
pub(crate) fn api_error(error: &ApiError, source: Option<(&str, &str)>) -> String {
    let context = source
        .map(|(verb, file)| format!("error when {verb} \"{file}\": "))
        .unwrap_or_default();
    match error {
        ApiError::Invalid { key, errors } => invalid(key.kind.as_str(), &key.name, errors),
        ApiError::AlreadyExists(key) => format!(
            "Error from server (AlreadyExists): {context}{} \"{}\" already exists\n",
            Resource::of(key.kind).qualified(),
            key.name
        ),
        ApiError::NotFound(key) => format!(
            "Error from server (NotFound): {context}{} \"{}\" not found\n",
            Resource::of(key.kind).qualified(),
            key.name
        ),
        ApiError::Forbidden(denial) => {
            format!("Error from server (Forbidden): {context}{denial}\n")
        }
    }
}

/// kubectl's rendering of an Invalid status: `The Kind "name" is invalid: field: detail`, one
/// cause per line after `* ` when there are several.
fn invalid(kind: &str, name: &str, errors: &[FieldError]) -> String {
    let mut causes: Vec<String> = Vec::new();
    for error in errors {
        let cause = format!("{}: {}", error.field, error.body());
        if !causes.contains(&cause) {
            causes.push(cause);
        }
    }
    let head = format!("The {kind} \"{name}\" is invalid: ");
    match causes.as_slice() {
        [] => format!("The {kind} \"{name}\" is invalid\n"),
        [one] => format!("{head}{one}\n"),
        many => {
            let mut text = format!("{head}\n");
            for cause in many {
                text.push_str(&format!("* {cause}\n"));
            }
            text
        }
    }
}

/// `persistentvolumeclaim/data`, as kubectl names an object in its lines.
fn object_name(key: &ObjectKey) -> String {
    format!("{}/{}", Resource::of(key.kind).name_prefix(), key.name)
}

/// What `-f -` reads: the here-document or pipe, else the YAML editor (said in a note).
fn standard_input(ctx: &mut Ctx, stdin: Option<String>) -> String {
    match stdin {
        Some(text) => text,
        None => {
            if ctx.editor_yaml.trim().is_empty() {
                ctx.note(
                    "(`-f -` reads the YAML editor when no here-document is given; it is empty.)\n",
                );
            } else {
                ctx.note("(`-f -` read the manifests in the YAML editor.)\n");
            }
            ctx.editor_yaml.to_owned()
        }
    }
}

/// Reads manifests as kubectl does from a file named `STDIN`: the objects, in order, with their
/// namespace settled; or the error text.
fn manifests(ctx: &mut Ctx, text: &str, args: &flags::Args) -> Result<Vec<(Object, Node)>, String> {
    let parsed = manifest::parse(text);
    if let Some(problem) = parsed.errors.first() {
        if problem.message.starts_with("Object 'Kind' is missing") {
            return Err("error: error validating \"STDIN\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n".to_owned());
        }
        return Err(format!("error: error parsing STDIN: {problem}\n"));
    }
    for skipped in &parsed.skipped {
        ctx.note(&format!(
            "{} {} was not applied: the simulator models PersistentVolumes, PersistentVolumeClaims, StorageClasses, Pods and Nodes only.\n",
            skipped.kind,
            if skipped.name.is_empty() { "(no name)" } else { &skipped.name }
        ));
    }
    let explicit = args.text("namespace");
    let mut objects = Vec::new();
    for parsed in parsed.objects {
        let written = manifest::written_tree(text, parsed.document, parsed.item);
        let mut object = parsed.object;
        let kind = object.kind();
        let meta = object.metadata_mut();
        if kind.is_namespaced() {
            match (&meta.namespace, explicit) {
                (Some(own), Some(flag)) if !own.is_empty() && own != flag => {
                    return Err(format!(
                        "error: the namespace from the provided object \"{own}\" does not match the namespace \"{flag}\". You must pass '--namespace={own}' to perform this operation.\n"
                    ));
                }
                (Some(own), _) if !own.is_empty() => {}
                _ => meta.namespace = Some(explicit.unwrap_or("default").to_owned()),
            }
        } else {
            meta.namespace = None;
        }
        // The object as written, with the namespace kubectl's builder sets on it.
        let mut tree = written.unwrap_or_else(|| manifest_tree(&object));
        if let Some(namespace) = &object.metadata().namespace {
            tree = patch::merge_patch(
                &tree,
                &api::map(vec![(
                    "metadata",
                    api::map(vec![("namespace", api::text(namespace))]),
                )]),
            );
        }
        objects.push((object, tree));
    }
    if objects.is_empty() && parsed.skipped.is_empty() {
        return Err("error: no objects passed to apply\n".to_owned());
    }
    Ok(objects)
}

/// The object's tree as a manifest says it: without `status`, which the API server owns (an
/// object read from YAML always has one).
fn manifest_tree(object: &Object) -> Node {
    let mut tree = manifest::object_node(object);
    if let NodeKind::Map(entries) = &mut tree.kind {
        entries.retain(|e| e.key != "status");
    }
    tree
}

/// What kubectl stores as the last applied configuration (`GetModifiedConfiguration`): the
/// manifest as written, its annotations without this one (an empty map when there are none),
/// as compact JSON with a final new line.
fn last_applied(tree: &Node) -> String {
    let annotations = tree
        .get("metadata")
        .and_then(|m| m.get("annotations"))
        .cloned()
        .unwrap_or(api::map(vec![]));
    let annotations = patch::merge_patch(
        &annotations,
        &api::map(vec![(LAST_APPLIED, Node::new(NodeKind::Null))]),
    );
    let tree = patch::merge_patch(
        tree,
        &api::map(vec![(
            "metadata",
            api::map(vec![("annotations", annotations)]),
        )]),
    );
    format!("{}\n", json::to_compact(&tree))
}

fn with_annotation(tree: &Node, value: &str) -> Node {
    let mut tree = tree.clone();
    let metadata = match &tree.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .find(|e| e.key == "metadata")
            .map(|e| e.value.clone())
            .unwrap_or(api::map(vec![])),
        _ => api::map(vec![]),
    };
    let mut annotations = metadata
        .get("annotations")
        .cloned()
        .unwrap_or(api::map(vec![]));
    annotations = patch::merge_patch(
        &annotations,
        &api::map(vec![(LAST_APPLIED, api::text(value))]),
    );
    let metadata = patch::merge_patch(&metadata, &api::map(vec![("annotations", annotations)]));
    tree = patch::merge_patch(&tree, &api::map(vec![("metadata", metadata)]));
    tree
}

/// An object from a tree built here (a patched or merged object), or why it cannot be one.
fn object_from(tree: &Node) -> Result<Object, String> {
    manifest::object_from_node(tree).map_err(|problems| {
        problems
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// Checks writes as one batch, dropping the refused ones until the rest is accepted: kubectl
/// sends each object on its own, so one refusal does not stop the others.
fn check_each(
    ctx: &Ctx,
    mut writes: Vec<(usize, Write)>,
) -> (Option<crate::session::Checked>, Vec<(usize, ApiError)>) {
    let mut refused = Vec::new();
    loop {
        if writes.is_empty() {
            return (None, refused);
        }
        let batch: Vec<Write> = writes.iter().map(|(_, w)| w.clone()).collect();
        match ctx.session.check(&batch) {
            Ok(checked) => return (Some(checked), refused),
            Err(refusals) => {
                let mut drop: Vec<usize> = refusals.iter().map(|r: &Refusal| r.index).collect();
                drop.compact_sort();
                for (offset, Refusal { index, error }) in refusals.into_iter().enumerate() {
                    let _ = offset;
                    refused.push((writes[index].0, error));
                }
                for index in drop.into_iter().rev() {
                    writes.remove(index);
                }
            }
        }
    }
}

/// What `apply` or `create` does with one object.
enum Plan {
    Create(Object),
    Update { object: Object, warn: bool },
    Unchanged,
    Exists,
}

pub(crate) fn apply(
    ctx: &mut Ctx,
    words: &[String],
    stdin: Option<String>,
    create: bool,
) -> Status {
    let verb = if create { "create" } else { "apply" };
    let args = match flags::parse(verb, words, APPLY_FLAGS) {
        Ok(args) => args,
        Err(error) => return ctx.fail(&error),
    };
    if args.bool("help") {
        ctx.out(&help::verb_help(Some(verb)));
        return Ok(());
    }
    let dry_run = match DryRun::of(&args) {
        Ok(d) => d,
        Err(error) => return ctx.fail(&error),
    };
    let files = args.all("filename");
    if files.is_empty() {
        if create && !args.positional.is_empty() {
            ctx.note("`kubectl create <kind> …` generators are not available here; write the object as YAML and run `kubectl create -f -`.\n");
            return Err(());
        }
        return ctx.fail("error: must specify one of -f and -k\n");
    }
    if files.iter().any(|f| f != "-") {
        ctx.note("The console has no files: use `-f -` with a here-document (`kubectl apply -f - <<EOF`), or put the manifests in the YAML editor and run `kubectl apply -f -`.\n");
        return Err(());
    }
    let text = standard_input(ctx, stdin);
    let objects = match manifests(ctx, &text, &args) {
        Ok(objects) => objects,
        Err(error) => return ctx.fail(&error),
    };
    let cluster = ctx.session.cluster.clone();
    let save_config = !create || args.bool("save-config");
    let mut plans = Vec::new();
    for (object, written) in objects {
        let key = object.key();
        let mut tree = written;
        if save_config {
            let annotation = last_applied(&tree);
            tree = with_annotation(&tree, &annotation);
        }
        let plan = match cluster.get(&key) {
            None => object_from(&tree).map(Plan::Create),
            Some(_) if create => Ok(Plan::Exists),
            Some(current) => {
                let current_tree = api::object_tree(&current);
                let original = current
                    .metadata()
                    .annotation(LAST_APPLIED)
                    .and_then(|text| json::parse(text).ok());
                let merged = patch::three_way_merge(original.as_ref(), &tree, &current_tree);
                if patch::same(&merged, &current_tree) {
                    Ok(Plan::Unchanged)
                } else {
                    object_from(&merged).map(|object| Plan::Update {
                        object,
                        warn: original.is_none(),
                    })
                }
            }
        };
        plans.push((key, plan));
    }
    let mut writes = Vec::new();
    for (index, (_, plan)) in plans.iter().enumerate() {
        if let Ok(Plan::Create(object) | Plan::Update { object, .. }) = plan {
            writes.push((
                index,
                Write {
                    object: object.clone(),
                    finalizers: Finalizers::Replace,
                },
            ));
        }
    }
    let (checked, refused) = if dry_run == DryRun::Client {
        (None, Vec::new())
    } else {
        check_each(ctx, writes)
    };
    let mut errors = String::new();
    for (index, (key, plan)) in plans.iter().enumerate() {
        let name = object_name(key);
        if let Some((_, error)) = refused.iter().find(|(i, _)| *i == index) {
            let verb = match plan {
                Ok(Plan::Create(_)) => "creating",
                _ => "patching",
            };
            errors.push_str(&api_error(error, Some((verb, "STDIN"))));
            continue;
        }
        match plan {
            Err(message) => errors.push_str(&format!(
                "Error from server (BadRequest): error when creating \"STDIN\": {} in version \"{}\" cannot be handled as a {}: {message}\n",
                key.kind, key.kind.api_version(), key.kind
            )),
            Ok(Plan::Exists) => errors.push_str(&api_error(&ApiError::AlreadyExists(key.clone()), Some(("creating", "STDIN")))),
            Ok(Plan::Create(_)) => ctx.out(&format!("{name} created{}\n", dry_run.suffix())),
            Ok(Plan::Unchanged) => ctx.out(&format!("{name} unchanged{}\n", dry_run.suffix())),
            Ok(Plan::Update { warn, .. }) => {
                if *warn && dry_run == DryRun::None {
                    ctx.err(&format!(
                        "Warning: resource {}/{} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n",
                        Resource::of(key.kind).qualified(),
                        key.name
                    ));
                }
                ctx.out(&format!("{name} configured{}\n", dry_run.suffix()));
            }
        }
    }
    if let (Some(checked), DryRun::None) = (checked, dry_run) {
        ctx.act(Action::Commit(Box::new(checked)));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        ctx.fail(&errors)
    }
}

/// The error kubectl gives a command that names no object.
const NO_RESOURCES: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";
const NO_NAME: &str = "error: resource(s) were provided, but no name was specified\n";

/// Objects found, and the names not found (with their resource).
type Named = (Vec<Object>, Vec<(&'static Resource, String)>);

/// The objects a `delete`, `label` or `patch` names: `TYPE NAME…`, `TYPE/NAME…`, or with `-l` or
/// `--all` every matching object of the type; with the names that were not found.
fn named_objects(ctx: &Ctx, args: &flags::Args) -> Result<Named, String> {
    if args.positional.is_empty() {
        return Err(NO_RESOURCES.to_owned());
    }
    let targets = targets(&args.positional)?;
    let namespace = namespace(args);
    let all_namespaces = args.bool("all-namespaces");
    let selector = match args.text("selector") {
        Some(text) => Some(Selector::parse(text).map_err(|e| format!("error: {e}\n"))?),
        None => None,
    };
    let cluster = &ctx.session.cluster;
    let mut objects = Vec::new();
    let mut missing = Vec::new();
    for target in &targets {
        if target.names.is_empty() {
            if selector.is_none() && !args.bool("all") {
                return Err(NO_NAME.to_owned());
            }
            let scope = (!all_namespaces).then_some(namespace.as_str());
            objects.extend(
                list(cluster, target.resource.kind, scope)
                    .into_iter()
                    .filter(|o| selector.as_ref().is_none_or(|s| s.matches(o))),
            );
            continue;
        }
        for name in &target.names {
            match get_object(cluster, target.resource.kind, &namespace, name) {
                Some(object) => objects.push(object),
                None => missing.push((target.resource, name.clone())),
            }
        }
    }
    Ok((objects, missing))
}

fn still_there(cluster: &Cluster, key: &ObjectKey) -> Option<Object> {
    cluster.get(key)
}

pub(crate) fn delete(ctx: &mut Ctx, words: &[String], stdin: Option<String>) -> Status {
    let args = match flags::parse("delete", words, DELETE_FLAGS) {
        Ok(args) => args,
        Err(error) => return ctx.fail(&error),
    };
    if args.bool("help") {
        ctx.out(&help::verb_help(Some("delete")));
        return Ok(());
    }
    let dry_run = match DryRun::of(&args) {
        Ok(d) => d,
        Err(error) => return ctx.fail(&error),
    };
    let (objects, missing) = if !args.all("filename").is_empty() {
        if args.all("filename").iter().any(|f| f != "-") {
            ctx.note(
                "The console has no files: use `-f -` with a here-document, or the YAML editor.\n",
            );
            return Err(());
        }
        let text = standard_input(ctx, stdin);
        let listed = match manifests(ctx, &text, &args) {
            Ok(objects) => objects,
            Err(error) => return ctx.fail(&error),
        };
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for (object, _) in listed {
            match ctx.session.cluster.get(&object.key()) {
                Some(current) => found.push(current),
                None => missing.push((Resource::of(object.kind()), object.metadata().name.clone())),
            }
        }
        (found, missing)
    } else {
        match named_objects(ctx, &args) {
            Ok(found) => found,
            Err(error) => return ctx.fail(&error),
        }
    };
    for object in &objects {
        let key = object.key();
        ctx.out(&format!(
            "{} \"{}\" deleted{}\n",
            Resource::of(key.kind).name_prefix(),
            key.name,
            dry_run.suffix()
        ));
        if dry_run != DryRun::None {
            continue;
        }
        ctx.act(Action::Delete(key.clone()));
        if let Some(left) = still_there(&ctx.session.cluster, &key) {
            if left.metadata().is_being_deleted() {
                let when = if ctx.session.step_mode {
                    "until the controllers run (step mode: Step) and release it"
                } else {
                    "until the controllers release it"
                };
                ctx.note(&format!(
                    "{} is Terminating: its finalizers {} hold it {when}. kubectl would wait here (unless --wait=false); the console returns at once.\n",
                    object_name(&key),
                    super::values::go_list(&left.metadata().finalizers)
                ));
            }
        }
    }
    let mut errors = String::new();
    if !args.bool("ignore-not-found") {
        for (resource, name) in missing {
            errors.push_str(&not_found(resource, &name));
        }
    }
    if objects.is_empty()
        && errors.is_empty()
        && !args.bool("ignore-not-found")
        && args.all("filename").is_empty()
    {
        ctx.err("No resources found\n");
    }
    if errors.is_empty() {
        Ok(())
    } else {
        ctx.fail(&errors)
    }
}

/// The patch text as kubectl sends it: JSON as written, or YAML turned into JSON.
fn patch_document(text: &str) -> Result<Node, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return json::parse(text);
    }
    manifest::read_single_document(text).map_err(|p| format!("error: {}\n", p.message))
}

pub(crate) fn patch(ctx: &mut Ctx, words: &[String]) -> Status {
    let args = match flags::parse("patch", words, PATCH_FLAGS) {
        Ok(args) => args,
        Err(error) => return ctx.fail(&error),
    };
    if args.bool("help") {
        ctx.out(&help::verb_help(Some("patch")));
        return Ok(());
    }
    let dry_run = match DryRun::of(&args) {
        Ok(d) => d,
        Err(error) => return ctx.fail(&error),
    };
    if args.given("patch-file") {
        ctx.note("The console has no files: give the patch with -p.\n");
        return Err(());
    }
    let Some(text) = args.text("patch") else {
        return ctx.fail(
            "error: must specify --patch or --patch-file containing the contents of the patch\n",
        );
    };
    let kind = args.text("type").unwrap_or("strategic");
    if !matches!(kind, "json" | "merge" | "strategic") {
        return ctx.fail(&format!(
            "error: --type must be one of [json merge strategic], not \"{kind}\"\n"
        ));
    }
    let (objects, missing) = match named_objects(ctx, &args) {
        Ok(found) => found,
        Err(error) => return ctx.fail(&error),
    };
    let document = match patch_document(text) {
        Ok(document) => Some(document),
        Err(error) if error.starts_with("error:") => return ctx.fail(&error),
        Err(syntax) => {
            // The API server decodes the body and refuses it in Go's words.
            let prefix = if kind == "strategic" {
                ""
            } else {
                "error decoding patch: "
            };
            for _ in &objects {
                ctx.err(&format!(
                    "Error from server (BadRequest): {prefix}{syntax}\n"
                ));
            }
            None
        }
    };
    let mut failed = document.is_none() && !objects.is_empty();
    if let Some(document) = document {
        for object in &objects {
            match patch_one(ctx, object, &document, kind, dry_run) {
                Ok(()) => {}
                Err(error) => {
                    failed = true;
                    ctx.err(&error);
                }
            }
        }
    }
    for (resource, name) in missing {
        failed = true;
        ctx.err(&not_found(resource, &name));
    }
    if failed {
        Err(())
    } else {
        Ok(())
    }
}

fn patch_one(
    ctx: &mut Ctx,
    object: &Object,
    document: &Node,
    kind: &str,
    dry_run: DryRun,
) -> Result<(), String> {
    let key = object.key();
    let current = api::object_tree(object);
    let decode_error = |found: &str, into: &str| {
        let prefix = if kind == "strategic" {
            ""
        } else {
            "error decoding patch: "
        };
        format!("Error from server (BadRequest): {prefix}json: cannot unmarshal {found} into Go value of type {into}\n")
    };
    let patched = match kind {
        "json" => {
            match &document.kind {
                NodeKind::Seq(items) => {
                    if let Some(bad) = items
                        .iter()
                        .find(|i| !matches!(i.kind, NodeKind::Map(_) | NodeKind::Null))
                    {
                        return Err(decode_error(bad.json_type(), "handlers.jsonPatchOp"));
                    }
                }
                NodeKind::Null => {}
                _ => return Err(decode_error(document.json_type(), "[]handlers.jsonPatchOp")),
            }
            patch::json_patch(&current, document).map_err(|_| {
                "The request is invalid: the server rejected our request due to an error in our request\n".to_owned()
            })?
        }
        _ => {
            if !matches!(document.kind, NodeKind::Map(_) | NodeKind::Null) {
                return Err(decode_error(
                    document.json_type(),
                    "map[string]interface {}",
                ));
            }
            if kind == "merge" {
                patch::merge_patch(&current, document)
            } else {
                patch::strategic_merge_patch(&current, document).unwrap_or(current.clone())
            }
        }
    };
    // The API server keeps what identifies the object, whatever the patch says.
    let mut patched = patched;
    for field in ["apiVersion", "kind"] {
        if let Some(value) = current.get(field) {
            patched = patch::merge_patch(&patched, &api::map(vec![(field, value.clone())]));
        }
    }
    let identity = api::map(vec![(
        "metadata",
        api::map(
            [
                "name",
                "namespace",
                "uid",
                "creationTimestamp",
                "deletionTimestamp",
            ]
            .into_iter()
            .map(|f| {
                (
                    f,
                    current
                        .get("metadata")
                        .and_then(|m| m.get(f))
                        .cloned()
                        .unwrap_or(Node::new(NodeKind::Null)),
                )
            })
            .collect(),
        ),
    )]);
    patched = patch::merge_patch(&patched, &identity);
    let new_object = object_from(&patched).map_err(|message| {
        format!(
            "Error from server (BadRequest): {} in version \"{}\" cannot be handled as a {}: {message}\n",
            key.kind, key.kind.api_version(), key.kind
        )
    })?;
    let name = object_name(&key);
    let write = Write {
        object: new_object,
        finalizers: Finalizers::Replace,
    };
    if dry_run == DryRun::Client {
        ctx.out(&format!("{name} patched{}\n", dry_run.suffix()));
        return Ok(());
    }
    let checked = ctx
        .session
        .check(std::slice::from_ref(&write))
        .map_err(|refusals| {
            refusals
                .iter()
                .map(|r| api_error(&r.error, None))
                .collect::<String>()
        })?;
    let unchanged = checked.cluster().get(&key) == ctx.session.cluster.get(&key);
    if unchanged {
        ctx.out(&format!("{name} patched (no change){}\n", dry_run.suffix()));
        return Ok(());
    }
    ctx.out(&format!("{name} patched{}\n", dry_run.suffix()));
    if dry_run == DryRun::None {
        ctx.act(Action::Commit(Box::new(checked)));
    }
    Ok(())
}

pub(crate) fn label(ctx: &mut Ctx, words: &[String]) -> Status {
    let args = match flags::parse("label", words, LABEL_FLAGS) {
        Ok(args) => args,
        Err(error) => return ctx.fail(&error),
    };
    if args.bool("help") {
        ctx.out(&help::verb_help(Some("label")));
        return Ok(());
    }
    let dry_run = match DryRun::of(&args) {
        Ok(d) => d,
        Err(error) => return ctx.fail(&error),
    };
    // `GetResourcesAndPairs`: resources first, then `key=value` and `key-`.
    let mut resources = Vec::new();
    let mut pairs = Vec::new();
    for word in &args.positional {
        let is_pair =
            (word.contains('=') && !word.starts_with('=')) || (word.ends_with('-') && word != "-");
        if is_pair {
            pairs.push(word.clone());
        } else if !pairs.is_empty() {
            return ctx.fail(&format!(
                "error: all resources must be specified before label changes: {word}\n"
            ));
        } else {
            resources.push(word.clone());
        }
    }
    let mut set: Vec<(String, String)> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    for pair in &pairs {
        if pair.contains('=') {
            let parts: Vec<&str> = pair.split('=').collect();
            if parts.len() != 2 {
                return ctx.fail(&format!("error: invalid label spec: {pair}\n"));
            }
            let problems = pv_engine::apimachinery::is_valid_label_value(parts[1]);
            if !problems.is_empty() {
                return ctx.fail(&format!(
                    "error: invalid label value: \"{pair}\": {}\n",
                    problems.join(";")
                ));
            }
            set.retain(|(k, _)| k != parts[0]);
            set.push((parts[0].to_owned(), parts[1].to_owned()));
        } else {
            remove.push(pair[..pair.len() - 1].to_owned());
        }
    }
    if remove.iter().any(|r| set.iter().any(|(k, _)| k == r)) {
        return ctx.fail("error: can not both modify and remove a label in the same command\n");
    }
    if set.is_empty() && remove.is_empty() {
        return ctx.fail("error: at least one label update is required\n");
    }
    let mut target_args = args.clone();
    target_args.positional = resources;
    let (objects, missing) = match named_objects(ctx, &target_args) {
        Ok(found) => found,
        Err(error) => return ctx.fail(&error),
    };
    let overwrite = args.bool("overwrite");
    let mut failed = false;
    for object in &objects {
        let labels = &object.metadata().labels;
        if !overwrite {
            if let Some((key, current)) = set.iter().find_map(|(k, v)| {
                labels
                    .get(k)
                    .filter(|current| *current != v)
                    .map(|c| (k, c))
            }) {
                failed = true;
                ctx.err(&format!(
                    "error: '{key}' already has a value ({current}), and --overwrite is false\n"
                ));
                continue;
            }
        }
        let mut changed = object.clone();
        let meta = changed.metadata_mut();
        for (k, v) in &set {
            meta.labels.insert(k.clone(), v.clone());
        }
        for k in &remove {
            if meta.labels.remove(k).is_none() {
                ctx.out(&format!("label \"{k}\" not found.\n"));
            }
        }
        let name = object_name(&object.key());
        let (old_len, new_len) = (
            json::to_compact(&api::object_tree(object)).len(),
            json::to_compact(&api::object_tree(&changed)).len(),
        );
        if changed == *object {
            ctx.out(&format!("{name} not labeled{}\n", dry_run.suffix()));
            continue;
        }
        let word = if !overwrite && new_len < old_len {
            "unlabeled"
        } else {
            "labeled"
        };
        if dry_run == DryRun::Client {
            ctx.out(&format!("{name} {word}{}\n", dry_run.suffix()));
            continue;
        }
        let write = Write {
            object: changed,
            finalizers: Finalizers::Keep,
        };
        match ctx.session.check(std::slice::from_ref(&write)) {
            Ok(checked) => {
                ctx.out(&format!("{name} {word}{}\n", dry_run.suffix()));
                if dry_run == DryRun::None {
                    ctx.act(Action::Commit(Box::new(checked)));
                }
            }
            Err(refusals) => {
                failed = true;
                for r in refusals {
                    ctx.err(&api_error(&r.error, None));
                }
            }
        }
    }
    for (resource, name) in missing {
        failed = true;
        ctx.err(&not_found(resource, &name));
    }
    if failed {
        Err(())
    } else {
        Ok(())
    }
}

pub(crate) fn edit(ctx: &mut Ctx, words: &[String]) -> Status {
    let args = match flags::parse("edit", words, EDIT_FLAGS) {
        Ok(args) => args,
        Err(error) => return ctx.fail(&error),
    };
    if args.bool("help") {
        ctx.out(&help::verb_help(Some("edit")));
        return Ok(());
    }
    let (objects, missing) = match named_objects(ctx, &args) {
        Ok(found) => found,
        Err(error) => return ctx.fail(&error),
    };
    if let Some((resource, name)) = missing.first() {
        return ctx.fail(&not_found(resource, name));
    }
    let Some(object) = objects.first() else {
        return ctx.fail(NO_NAME);
    };
    let key = object.key();
    ctx.note(&format!(
        "Opening {} in the editor: change it there and save; that is the console's `kubectl edit`.\n",
        object_name(&key)
    ));
    ctx.outcome.intents.push(Intent::Edit(key));
    Ok(())
}

pub(crate) fn scale(ctx: &mut Ctx, words: &[String]) -> Status {
    let args = match flags::parse("scale", words, SCALE_FLAGS) {
        Ok(args) => args,
        Err(error) => return ctx.fail(&error),
    };
    if args.bool("help") {
        ctx.out(&help::verb_help(Some("scale")));
        return Ok(());
    }
    if !args.given("replicas") {
        return ctx.fail("error: required flag(s) \"replicas\" not set\n");
    }
    let replicas = args.int("replicas").unwrap_or(-1);
    if replicas < 0 {
        return ctx.fail(
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n",
        );
    }
    let dry_run = match DryRun::of(&args) {
        Ok(d) => d,
        Err(error) => return ctx.fail(&error),
    };
    let (objects, missing) = match named_objects(ctx, &args) {
        Ok(found) => found,
        Err(error) => return ctx.fail(&error),
    };
    let missing_text = |(resource, name): &(&Resource, String)| {
        format!("{} \"{name}\" not found", resource.qualified())
    };
    if objects.is_empty() {
        if missing.is_empty() {
            return ctx.fail(NO_NAME);
        }
        // kubectl's aggregate of the NotFound errors: one as it is, several in brackets.
        let errors: Vec<String> = missing.iter().map(missing_text).collect();
        let text = if errors.len() == 1 {
            errors[0].clone()
        } else {
            format!("[{}]", errors.join(", "))
        };
        return ctx.fail(&format!("error: no objects passed to scale {text}\n"));
    }
    // `--replicas` through the scale subresource: `spec.replicas` of a StatefulSet, a
    // Deployment or a ReplicaSet; other kinds have no such subresource.
    let current_wanted = args.int("current-replicas").filter(|n| *n >= 0);
    // Beyond an int32 the API server's range check refuses it (the simulator's own limit first).
    let replicas = i32::try_from(replicas).unwrap_or(i32::MAX);
    for object in &objects {
        let name = object_name(&object.key());
        let mut scaled = object.clone();
        let current = match &mut scaled {
            Object::StatefulSet(set) => {
                let current = set.spec.replica_count();
                set.spec.replicas = Some(replicas);
                current
            }
            Object::Deployment(d) => {
                let current = d.spec.replica_count();
                d.spec.replicas = Some(replicas);
                current
            }
            Object::ReplicaSet(set) => {
                let current = set.spec.replica_count();
                set.spec.replicas = Some(replicas);
                current
            }
            _ => return ctx.fail(
                "Error from server (NotFound): the server could not find the requested resource\n",
            ),
        };
        if dry_run == DryRun::Client {
            ctx.out(&format!("{name} scaled{}\n", dry_run.suffix()));
            continue;
        }
        if let Some(expected) = current_wanted {
            if expected != i64::from(current) {
                return ctx.fail(&format!(
                    "error: Expected replicas to be {expected}, was {current}\n"
                ));
            }
        }
        let write = Write {
            object: scaled,
            finalizers: Finalizers::Keep,
        };
        match ctx.session.check(std::slice::from_ref(&write)) {
            Ok(checked) => {
                ctx.out(&format!("{name} scaled{}\n", dry_run.suffix()));
                if dry_run == DryRun::None {
                    ctx.act(Action::Commit(Box::new(checked)));
                }
            }
            Err(refusals) => {
                for r in refusals {
                    ctx.err(&api_error(&r.error, None));
                }
                return Err(());
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        for (resource, name) in &missing {
            ctx.err(&not_found(resource, name));
        }
        Err(())
    }
}
