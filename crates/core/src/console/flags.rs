//! kubectl's argument parsing (cobra and pflag): flags anywhere among the arguments,
//! `--flag=value`, `--flag value`, `-n value`, `-nvalue`, `-n=value`, booleans as `--flag` or
//! `--flag=false`, `--` ending the flags, and pflag's own error texts (`unknown flag: --bogus`,
//! `unknown shorthand flag: 'x' in -x`, `flag needs an argument: 'n' in -n`, `invalid argument
//! "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax`).

use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    Bool,
    Text,
    Int,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: FlagKind,
    /// What it does, for `--help` and completion.
    pub about: &'static str,
}

pub const fn flag(
    long: &'static str,
    short: Option<char>,
    kind: FlagKind,
    about: &'static str,
) -> Flag {
    Flag {
        long,
        short,
        kind,
        about,
    }
}

/// Flags every command takes (kubectl's global flags the console honours).
pub const GLOBAL: &[Flag] = &[
    flag(
        "namespace",
        Some('n'),
        FlagKind::Text,
        "If present, the namespace scope for this CLI request",
    ),
    flag("help", Some('h'), FlagKind::Bool, "help for the command"),
];

/// The arguments of one command: positional words and flag values by long name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args {
    pub positional: Vec<String>,
    values: BTreeMap<&'static str, Vec<String>>,
}

impl Args {
    /// The last value given for a flag.
    pub fn text(&self, long: &str) -> Option<&str> {
        self.values.get(long)?.last().map(String::as_str)
    }

    /// Every value given for a flag, in order.
    pub fn all(&self, long: &str) -> &[String] {
        self.values.get(long).map_or(&[], Vec::as_slice)
    }

    pub fn given(&self, long: &str) -> bool {
        self.values.contains_key(long)
    }

    /// A boolean flag's value (false when absent).
    pub fn bool(&self, long: &str) -> bool {
        self.text(long).is_some_and(|v| parse_bool(v) == Some(true))
    }

    pub fn int(&self, long: &str) -> Option<i64> {
        self.text(long)?.parse().ok()
    }
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// A flag error as cobra prints it for `kubectl VERB`.
pub fn usage_error(verb: &str, message: &str) -> String {
    format!("Error: {message}\nSee 'kubectl {verb} --help' for usage.\n")
}

/// Parses a command's arguments (the words after the verb) against its flags and the global
/// ones; the error is the whole text kubectl prints.
pub fn parse(verb: &str, words: &[String], own: &[Flag]) -> Result<Args, String> {
    let find_long = |name: &str| own.iter().chain(GLOBAL).find(|f| f.long == name).copied();
    let find_short = |c: char| {
        own.iter()
            .chain(GLOBAL)
            .find(|f| f.short == Some(c))
            .copied()
    };
    let fail = |message: String| -> Result<Args, String> { Err(usage_error(verb, &message)) };
    let mut args = Args::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            args.positional.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(rest) = word.strip_prefix("--") {
            let (name, inline) = match rest.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (rest, None),
            };
            let Some(flag) = find_long(name) else {
                return fail(format!("unknown flag: --{name}"));
            };
            let value = match (flag.kind, inline) {
                (_, Some(value)) => value,
                (FlagKind::Bool, None) => "true".to_owned(),
                (_, None) => match words.get(i) {
                    Some(next) => {
                        i += 1;
                        next.clone()
                    }
                    None => return fail(format!("flag needs an argument: --{name}")),
                },
            };
            if let Err(message) = check_value(flag, &value) {
                return fail(message);
            }
            args.values.entry(flag.long).or_default().push(value);
            continue;
        }
        if word.len() > 1 && word.starts_with('-') {
            let shorthands: Vec<char> = word[1..].chars().collect();
            let mut j = 0;
            while j < shorthands.len() {
                let c = shorthands[j];
                let Some(flag) = find_short(c) else {
                    return fail(format!("unknown shorthand flag: '{c}' in {word}"));
                };
                let rest: String = shorthands[j + 1..].iter().collect();
                let value = if flag.kind == FlagKind::Bool {
                    if let Some(v) = rest.strip_prefix('=') {
                        j = shorthands.len();
                        v.to_owned()
                    } else {
                        j += 1;
                        "true".to_owned()
                    }
                } else if let Some(v) = rest.strip_prefix('=') {
                    j = shorthands.len();
                    v.to_owned()
                } else if !rest.is_empty() {
                    j = shorthands.len();
                    rest
                } else {
                    j = shorthands.len();
                    match words.get(i) {
                        Some(next) => {
                            i += 1;
                            next.clone()
                        }
                        None => return fail(format!("flag needs an argument: '{c}' in {word}")),
                    }
                };
                if let Err(message) = check_value(flag, &value) {
                    return fail(message);
                }
                args.values.entry(flag.long).or_default().push(value);
            }
            continue;
        }
        args.positional.push(word.clone());
    }
    Ok(args)
}

fn check_value(flag: Flag, value: &str) -> Result<(), String> {
    let bad = |parser: &str| {
        Err(format!(
            "invalid argument \"{value}\" for \"{}--{}\" flag: strconv.{parser}: parsing \"{value}\": invalid syntax",
            flag.short.map(|c| format!("-{c}, ")).unwrap_or_default(),
            flag.long
        ))
    };
    match flag.kind {
        FlagKind::Bool if parse_bool(value).is_none() => bad("ParseBool"),
        FlagKind::Int if value.parse::<i64>().is_err() => bad("ParseInt"),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: &[Flag] = &[
        flag("output", Some('o'), FlagKind::Text, ""),
        flag("all-namespaces", Some('A'), FlagKind::Bool, ""),
        flag("replicas", None, FlagKind::Int, ""),
    ];

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn flags_go_anywhere_in_every_spelling() {
        let args = parse(
            "get",
            &words("pv -n shop a -oyaml -A --replicas=3 -n=web -- -x"),
            OWN,
        )
        .unwrap();
        assert_eq!(args.positional, ["pv", "a", "-x"]);
        assert_eq!(args.text("namespace"), Some("web"));
        assert_eq!(args.text("output"), Some("yaml"));
        assert!(args.bool("all-namespaces"));
        assert_eq!(args.int("replicas"), Some(3));
        let off = parse("get", &words("--all-namespaces=false"), OWN).unwrap();
        assert!(off.given("all-namespaces") && !off.bool("all-namespaces"));
    }

    #[test]
    fn errors_are_pflags() {
        let error = |text: &str| parse("get", &words(text), OWN).unwrap_err();
        assert_eq!(
            error("pv --bogus"),
            "Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"
        );
        assert_eq!(
            error("pv -x"),
            "Error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n"
        );
        assert_eq!(
            error("pv -n"),
            "Error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n"
        );
        assert_eq!(
            error("pv --namespace"),
            "Error: flag needs an argument: --namespace\nSee 'kubectl get --help' for usage.\n"
        );
        assert_eq!(
            error("--replicas=x"),
            "Error: invalid argument \"x\" for \"--replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl get --help' for usage.\n"
        );
        assert_eq!(
            error("-A=maybe"),
            "Error: invalid argument \"maybe\" for \"-A, --all-namespaces\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'kubectl get --help' for usage.\n"
        );
    }
}
