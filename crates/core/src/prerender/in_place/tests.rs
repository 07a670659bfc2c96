use super::*;

use crate::explainer::tests::STATIC as CLAIM;
use crate::explainer::{html, Explainer};

const CSS: &str = ".pvp-embed{display:block}";

/// The shadow root the live explainer would draw for `CLAIM` with `knobs`, at `prefix`.
fn explainer_root(options: &[(&str, &str)], prefix: &str) -> String {
    let mut pairs: Vec<(String, String)> = options
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    pairs.push(("yaml".into(), CLAIM.into()));
    let settings = Settings::read(&pairs, "").unwrap();
    let root = shadow_root(&settings, CSS, prefix).unwrap();
    let explainer = Explainer::from_manifests(CLAIM).unwrap();
    assert!(root.contains(&html(&explainer, &settings.look, prefix)));
    root
}

/// `text` as an attribute value the way React and Hugo write one.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('\n', "&#10;")
        .replace('<', "&lt;")
}

#[test]
fn a_custom_element_and_a_div_get_their_picture_and_nothing_else_changes() {
    let page = format!(
        "<!doctype html><html><head><title>a <pv-playground> page</title>\
         <script>const s = '<pv-playground view=\"flow\">';</script></head><body>\
         <!-- <pv-playground view=\"flow\"> in a comment -->\
         <p>Before.</p><pv-playground view=\"flow\" knobs=\"request\" readonly=\"\" yaml=\"{}\"></pv-playground>\
         <div class=\"x\" data-pv-playground data-view='flow'>\n  <script type=\"application/yaml\">{}</script></div>\
         <p>After.</p></body></html>",
        escaped(CLAIM),
        CLAIM
    );
    let (out, report) = prerender_page(&page, CSS);
    assert_eq!(
        report,
        Report {
            prerendered: 2,
            ..Report::default()
        }
    );
    let first = explainer_root(
        &[("view", "flow"), ("knobs", "request"), ("readonly", "")],
        "pvp-p0",
    );
    let second = explainer_root(&[("view", "flow")], "pvp-p1");
    // Each template right after its start tag; the page around them byte for byte.
    let expected = page
        .replacen(
            &format!("yaml=\"{}\">", escaped(CLAIM)),
            &format!("yaml=\"{}\">{first}", escaped(CLAIM)),
            1,
        )
        .replacen(
            "data-view='flow'>",
            &format!("data-view='flow'>{second}"),
            1,
        );
    assert_eq!(out, expected);

    // A second run finds both prerendered and changes nothing.
    let (again, report) = prerender_page(&out, CSS);
    assert_eq!(again, out);
    assert_eq!(
        report,
        Report {
            already: 2,
            ..Report::default()
        }
    );
}

#[test]
fn refused_settings_and_fetched_scenarios_are_reported_at_their_tag_and_left_alone() {
    let page = format!(
        "<p>one</p>\n<p>two</p>\n  <pv-playground view=\"flows\" yaml=\"{}\"></pv-playground>\n\
         <div data-pv-playground data-scenario=\"steps.yaml\"></div>\n\
         <pv-playground view=\"flow\" yaml=\"kind: Nonsense\"></pv-playground>",
        escaped(CLAIM)
    );
    let (out, report) = prerender_page(&page, CSS);
    assert_eq!(out, page);
    assert_eq!(report.prerendered, 0);
    assert_eq!(
        report.refused, 2,
        "widgets, not messages: {:?}",
        report.problems
    );
    assert_eq!(
        report.problems[0],
        Problem::at(
            Position::new(3, 3),
            "view must be one of flow, cluster, tables, full; got \"flows\""
        )
    );
    assert_eq!(report.problems[1].line, Some(5));
    assert!(
        report.problems[1]
            .message
            .starts_with("The manifests could not be applied"),
        "{:?}",
        report.problems
    );
    assert_eq!(
        report.live_only,
        [Problem::at(
            Position::new(4, 1),
            "its scenario \"steps.yaml\" is fetched by the browser: the live widget draws it"
        )]
    );
}

#[test]
fn a_div_is_named_by_its_data_attributes_and_host_attributes_are_not_settings() {
    // A custom element's id and class are the host page's; a div's non-data attributes too.
    let page = format!(
        "<pv-playground id=\"w\" class=\"wide\" view=\"flow\" yaml=\"{}\"></pv-playground>\
         <div data-pv-playground data-view=\"flow\" data-knobs=\"nope\" data-yaml=\"{}\"></div>",
        escaped(CLAIM),
        escaped(CLAIM)
    );
    let (_, report) = prerender_page(&page, CSS);
    assert_eq!(report.prerendered, 1);
    assert_eq!(report.problems.len(), 1);
    assert!(
        report.problems[0].message.contains("data-knobs"),
        "a div's problem names its attribute: {:?}",
        report.problems[0]
    );
}

#[test]
fn character_references_are_read_as_a_browser_reads_them() {
    assert_eq!(
        decode_references("a&amp;b &lt;c&gt; &quot;d&#39;&#x27;&#10;&nbsp;&unknown; & &#xZZ;"),
        "a&b <c> \"d''\n\u{a0}&unknown; & &#xZZ;"
    );
}

#[test]
fn unfinished_markup_never_panics_and_is_copied_as_it_is() {
    for page in [
        "<",
        "<pv-playground",
        "<pv-playground view=\"flow",
        "<pv-playground view=",
        "<div data-pv-playground><script type=\"application/yaml\">kind: x",
        "<!-- <pv-playground>",
        "<script><pv-playground view=\"flow\">",
        "<é<pv-playground",
        "<pv-playground é=\"",
    ] {
        let (out, report) = prerender_page(page, CSS);
        assert_eq!(out, page);
        assert_eq!(report.prerendered, 0, "{page}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of markup, put together in any order: half-written tags, quotes, references.
    fn piece() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "<",
            ">",
            "</",
            "<!--",
            "-->",
            "\"",
            "'",
            "=",
            " ",
            "\n",
            "&",
            "&#",
            ";",
            "é",
            "<pv-playground",
            "</pv-playground>",
            "<div data-pv-playground",
            "</div>",
            " view=\"flow\"",
            " data-view=flow",
            " yaml=\"kind: x\"",
            "<script",
            "</script>",
            " type=\"application/yaml\"",
            "<template",
            "<style>",
            "</style>",
            "/>",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn any_markup_is_read_without_panic_and_only_grows_by_templates(
            pieces in proptest::collection::vec(piece(), 0..40)
        ) {
            let page: String = pieces.concat();
            let (out, report) = prerender_page(&page, CSS);
            prop_assert!(out.len() >= page.len());
            if report.prerendered == 0 {
                prop_assert_eq!(out, page);
            }
        }
    }
}

#[test]
fn a_self_closing_widget_tag_is_refused_since_it_would_hide_the_rest_of_the_page() {
    let page = format!(
        "<p>a</p>\n<pv-playground view=\"flow\" yaml=\"{}\" />\n<p>b</p>",
        escaped(CLAIM)
    );
    let (out, report) = prerender_page(&page, CSS);
    assert_eq!(out, page);
    assert_eq!(report.refused, 1);
    assert_eq!(report.problems[0].line, Some(2));
    assert!(
        report.problems[0]
            .message
            .starts_with("<pv-playground … /> does not end the element in HTML"),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_problem_in_an_inline_script_is_placed_in_the_page_and_one_in_an_attribute_names_it() {
    let manifests =
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c, namespace: [}\n";
    let indented: String = manifests.lines().map(|l| format!("    {l}\n")).collect();
    let page = format!(
        "<p>x</p>\n<pv-playground view=\"flow\">\n  <script type=\"application/yaml\">\n{indented}  </script>\n</pv-playground>\n\
         <pv-playground view=\"flow\" yaml=\"{}\"></pv-playground>",
        escaped(manifests)
    );
    // Where the widget's own reader finds the problem, in the text it reads (dedented).
    let in_text = match crate::explainer::Explainer::from_manifests(&format!("\n{manifests}")) {
        Err(problems) => problems[0].clone(),
        Ok(_) => panic!("the manifests are refused"),
    };
    let (line, column) = (in_text.line.unwrap(), in_text.column.unwrap());
    let (_, report) = prerender_page(&page, CSS);
    assert_eq!(report.refused, 2);
    assert_eq!(
        report.problems[0].message,
        "The manifests could not be applied:"
    );
    assert_eq!(
        report.problems[0].line,
        Some(2),
        "the headline at the widget's tag"
    );
    // Text line 1 is the rest of the script tag's line (3): line N is page line N + 2, four
    // columns further right.
    assert_eq!(
        report.problems[1],
        Problem::at(Position::new(line + 2, column + 4), in_text.message.clone())
    );
    // From an attribute, the place in the page is the tag's; the message says where in the
    // text (line 1 of the attribute's text is its first).
    let attribute = report.problems.iter().rfind(|p| p.line == Some(9)).unwrap();
    assert!(
        attribute.message.starts_with("in its yaml, line "),
        "{attribute:?}"
    );
}
