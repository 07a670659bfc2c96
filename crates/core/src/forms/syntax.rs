//! The one-line text syntaxes a form field uses for maps and selector requirements: kubectl's
//! (`app=db, tier=hot` as `kubectl label` takes them; `env in (a,b), !legacy` as `kubectl get -l`
//! takes them). Only syntax is checked here; what the keys and values may be is the engine's to
//! say, with its messages.

use pv_engine::apimachinery::LabelSelectorRequirement;
use pv_engine::objects::NodeSelectorRequirement;
use std::collections::BTreeMap;

/// `a=1, b=2` as a map. An empty text is an empty map.
pub fn parse_map(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for item in split_top_level(text) {
        let Some((key, value)) = item.split_once('=') else {
            return Err(format!("expected key=value, found {item:?}"));
        };
        map.insert(key.trim().to_owned(), value.trim().to_owned());
    }
    Ok(map)
}

pub fn render_map(map: &BTreeMap<String, String>) -> String {
    map.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One requirement as written: key, API operator name, values.
type Requirement = (String, String, Vec<String>);

/// `env in (a,b), tier notin (x), gpu, !legacy, cores > 4`: the set-based selector syntax, with
/// the operators spelled as the API spells them (`In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt`,
/// `Lt`). Whether an operator is allowed where it is used is the engine's to judge.
pub fn parse_requirements(text: &str) -> Result<Vec<Requirement>, String> {
    split_top_level(text)
        .into_iter()
        .map(|item| {
            parse_requirement(item).ok_or_else(|| {
                format!("expected key in (a,b), key notin (a,b), key, !key, key > n or key < n; found {item:?}")
            })
        })
        .collect()
}

fn parse_requirement(item: &str) -> Option<Requirement> {
    let words: Vec<&str> = item.split_whitespace().collect();
    if let [key] = words.as_slice() {
        if let Some((k, n)) = key.split_once('>').or_else(|| key.split_once('<')) {
            let op = if key.contains('>') { "Gt" } else { "Lt" };
            return Some((k.into(), op.into(), vec![n.into()]));
        }
        return Some(match key.strip_prefix('!') {
            Some(k) => (k.into(), "DoesNotExist".into(), Vec::new()),
            None => (key.to_string(), "Exists".into(), Vec::new()),
        });
    }
    let (key, rest) = item.trim().split_once(char::is_whitespace)?;
    let rest = rest.trim_start();
    let (op, values) = [
        ("notin ", "NotIn"),
        ("in ", "In"),
        ("> ", "Gt"),
        ("< ", "Lt"),
    ]
    .into_iter()
    .find_map(|(word, op)| rest.strip_prefix(word).map(|v| (op, v.trim())))?;
    let values = match values.strip_prefix('(').and_then(|v| v.strip_suffix(')')) {
        Some(list) => list.split(',').map(|v| v.trim().to_owned()).collect(),
        None if op == "Gt" || op == "Lt" => vec![values.to_owned()],
        None => return None,
    };
    Some((key.to_owned(), op.to_owned(), values))
}

pub fn render_requirements<'a>(
    requirements: impl Iterator<Item = (&'a str, &'a str, &'a [String])>,
) -> String {
    requirements
        .map(|(key, op, values)| match op {
            "Exists" => key.to_owned(),
            "DoesNotExist" => format!("!{key}"),
            "Gt" => format!("{key} > {}", values.join(",")),
            "Lt" => format!("{key} < {}", values.join(",")),
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            // An operator the syntax cannot say is kept visible so the engine can name it.
            other => format!("{key} {other} ({})", values.join(",")),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn label_requirements(text: &str) -> Result<Vec<LabelSelectorRequirement>, String> {
    Ok(parse_requirements(text)?
        .into_iter()
        .map(|(key, operator, values)| LabelSelectorRequirement {
            key,
            operator,
            values,
        })
        .collect())
}

pub fn node_requirements(text: &str) -> Result<Vec<NodeSelectorRequirement>, String> {
    Ok(parse_requirements(text)?
        .into_iter()
        .map(|(key, operator, values)| NodeSelectorRequirement {
            key,
            operator,
            values,
        })
        .collect())
}

/// A comma-separated list, trimmed, without empty items.
pub fn parse_list(text: &str) -> Vec<String> {
    split_top_level(text)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Splits at commas outside parentheses; items are trimmed and empty ones dropped.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_read_and_print_as_kubectl_label_writes_them() {
        let map = parse_map(" app=db ,tier = hot,").expect("valid");
        assert_eq!(render_map(&map), "app=db, tier=hot");
        assert_eq!(parse_map("").expect("empty"), BTreeMap::new());
        assert_eq!(
            parse_map("app=db, tier").unwrap_err(),
            "expected key=value, found \"tier\""
        );
    }

    #[test]
    fn requirements_round_trip_every_operator() {
        let text = "env in (prod,qa), tier notin (x), gpu, !legacy, cores > 4, mem < 8";
        let parsed = parse_requirements(text).expect("valid");
        let ops: Vec<&str> = parsed.iter().map(|(_, op, _)| op.as_str()).collect();
        assert_eq!(ops, ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]);
        assert_eq!(parsed[0].2, ["prod", "qa"]);
        let rendered = render_requirements(
            parsed
                .iter()
                .map(|(k, o, v)| (k.as_str(), o.as_str(), v.as_slice())),
        );
        assert_eq!(rendered, text);
        assert_eq!(
            parse_requirements("cores>4").expect("compact")[0],
            ("cores".into(), "Gt".into(), vec!["4".into()])
        );
    }

    #[test]
    fn requirements_say_what_they_expected() {
        let error = parse_requirements("env in prod").unwrap_err();
        assert!(error.contains("found \"env in prod\""), "{error}");
        assert!(parse_requirements("env is (a)").is_err());
        assert!(parse_requirements("").expect("empty").is_empty());
    }
}
