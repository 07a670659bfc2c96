//! The console's help: what `help`, `kubectl help [command]` and `kubectl <command> --help`
//! print. kubectl's own help is long and about a real cluster; this says what this console
//! runs, with which flags, and where it differs from kubectl.

use super::flags::{Flag, GLOBAL};
use super::read::{DESCRIBE_FLAGS, GET_FLAGS};
use super::resources::RESOURCES;
use super::write::{APPLY_FLAGS, DELETE_FLAGS, EDIT_FLAGS, LABEL_FLAGS, PATCH_FLAGS, SCALE_FLAGS};

/// The kubectl commands this console runs.
pub const SUPPORTED: &[&str] = &[
    "get",
    "describe",
    "apply",
    "create",
    "delete",
    "patch",
    "label",
    "edit",
    "scale",
    "api-resources",
    "version",
    "help",
];

struct Command {
    name: &'static str,
    usage: &'static str,
    about: &'static str,
    flags: &'static [Flag],
    examples: &'static [&'static str],
}

const COMMANDS: &[Command] = &[
    Command {
        name: "get",
        usage: "kubectl get TYPE[,TYPE…] [NAME…] | TYPE/NAME… [flags]",
        about: "Print kubectl's table of objects (the API server's columns), or the objects as YAML, JSON or names.",
        flags: GET_FLAGS,
        examples: &["kubectl get pvc -n shop", "kubectl get pv -o wide", "kubectl get pvc db-data -n shop -o yaml", "kubectl get pv,pvc -A", "kubectl get events -n shop"],
    },
    Command {
        name: "describe",
        usage: "kubectl describe TYPE [NAME_PREFIX] | TYPE/NAME [flags]",
        about: "Show an object in detail, with its events, as kubectl's describers print it.",
        flags: DESCRIBE_FLAGS,
        examples: &["kubectl describe pvc db-data -n shop", "kubectl describe pv", "kubectl describe sc fast"],
    },
    Command {
        name: "apply",
        usage: "kubectl apply -f - [<<EOF … EOF]",
        about: "Create objects or change them to match the manifests (a here-document, a pipe, or the YAML editor when neither is given). Prints `created`, `configured` or `unchanged` per object.",
        flags: APPLY_FLAGS,
        examples: &["kubectl apply -f - <<EOF\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: logs\n  namespace: shop\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\nEOF", "kubectl apply -f -   # reads the YAML editor"],
    },
    Command {
        name: "create",
        usage: "kubectl create -f -",
        about: "Create objects from manifests; an object that exists is an error (AlreadyExists).",
        flags: APPLY_FLAGS,
        examples: &["kubectl create -f -"],
    },
    Command {
        name: "delete",
        usage: "kubectl delete TYPE NAME… | TYPE/NAME… | TYPE -l SELECTOR | TYPE --all | -f -",
        about: "Ask the API server to delete objects. A claim a pod still uses stays Terminating (pvc-protection), a bound volume too (pv-protection): kubectl would wait for it to go, this console prints what `--wait=false` prints and returns at once.",
        flags: DELETE_FLAGS,
        examples: &["kubectl delete pvc db-data -n shop", "kubectl delete pod web-0 -n shop"],
    },
    Command {
        name: "patch",
        usage: "kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]",
        about: "Change fields of an object. The default strategic merge patch and `--type merge` set what the patch says (`null` removes a field); `--type json` takes RFC 6902 operations.",
        flags: PATCH_FLAGS,
        examples: &["kubectl patch pv pv-db -p '{\"spec\":{\"claimRef\":null}}'   # a Released volume becomes Available", "kubectl patch pvc cache -n shop -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"4Gi\"}}}}'", "kubectl patch pv pv-db --type json -p '[{\"op\":\"remove\",\"path\":\"/spec/claimRef\"}]'"],
    },
    Command {
        name: "label",
        usage: "kubectl label TYPE NAME KEY=VALUE… KEY-… [--overwrite]",
        about: "Add, change (with --overwrite) or remove (KEY-) labels.",
        flags: LABEL_FLAGS,
        examples: &["kubectl label pv pv-small app=db --overwrite", "kubectl label pv pv-small app-"],
    },
    Command {
        name: "edit",
        usage: "kubectl edit TYPE NAME",
        about: "Open the object in the editor of this page (kubectl opens $EDITOR).",
        flags: EDIT_FLAGS,
        examples: &["kubectl edit pvc db-data -n shop"],
    },
    Command {
        name: "scale",
        usage: "kubectl scale TYPE NAME --replicas=N",
        about: "Set the number of replicas of a StatefulSet, Deployment or ReplicaSet (spec.replicas, through the scale subresource).",
        flags: SCALE_FLAGS,
        examples: &["kubectl scale statefulset web --replicas=3"],
    },
];

fn flags_text(flags: &[Flag]) -> String {
    let mut text = String::new();
    for flag in flags.iter().chain(GLOBAL) {
        let short = flag
            .short
            .map(|c| format!("-{c}, "))
            .unwrap_or_else(|| "    ".to_owned());
        text.push_str(&format!("    {short}--{}: {}\n", flag.long, flag.about));
    }
    text
}

fn types() -> String {
    RESOURCES
        .iter()
        .map(|r| {
            let mut names = vec![r.plural];
            names.extend(r.short_names);
            names.join(" (") + if r.short_names.is_empty() { "" } else { ")" }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `help` prints.
pub fn console_help() -> String {
    let mut text = String::from(
        "This console runs kubectl against the simulated cluster and prints what kubectl prints.\n\nCommands:\n",
    );
    for command in COMMANDS {
        text.push_str(&format!("  {:<9} {}\n", command.name, command.about));
    }
    text.push_str(&format!(
        "\nResource types: {}, and events (ev) for `get`.\nFlags anywhere: -n NAMESPACE (default: default), -A for all namespaces. `kubectl help COMMAND` or `kubectl COMMAND --help` for a command's flags.\n\nThe console also knows: help, clear (or Ctrl+L), here-documents (`<<EOF … EOF`), `cat <<EOF | kubectl apply -f -`, `;` and `&&`, ↑/↓ for history and Tab to complete.\nWhat it does not do: files (`-f file.yaml`), pipes out of kubectl, watching (`-w`), jsonpath and custom columns, and commands other than these.\n",
        types()
    ));
    text
}

/// What `kubectl` alone (or `kubectl --help`) prints.
pub fn kubectl_help() -> String {
    let mut text = String::from("kubectl controls the (simulated) Kubernetes cluster manager.\n\nCommands this console runs:\n");
    for command in COMMANDS {
        text.push_str(&format!("  {:<14} {}\n", command.name, command.about));
    }
    text.push_str("  api-resources  Print the resource types the server serves\n  version        Print the client and server versions\n\nUsage:\n  kubectl [flags] [options]\n\nUse \"kubectl <command> --help\" for more information about a given command.\n");
    text
}

/// What `kubectl help COMMAND` and `kubectl COMMAND --help` print.
pub fn verb_help(verb: Option<&str>) -> String {
    let Some(command) = verb.and_then(|v| COMMANDS.iter().find(|c| c.name == v)) else {
        return kubectl_help();
    };
    let mut text = format!(
        "{}\n\nUsage:\n  {}\n\nFlags:\n{}",
        command.about,
        command.usage,
        flags_text(command.flags)
    );
    text.push_str("\nExamples:\n");
    for example in command.examples {
        for line in example.lines() {
            text.push_str(&format!("  {line}\n"));
        }
    }
    text
}
