use super::*;

use crate::explainer::tests::STATIC as CLAIM;

fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn an_explainer_is_prerendered_as_the_live_widget_draws_it() {
    let opts = options(&[
        ("view", "flow"),
        ("knobs", "request"),
        ("readonly", ""),
        ("yaml", CLAIM),
    ]);
    let out = prerender(&opts, ".pvp-embed{display:block}", "pvp-r1", Form::Script).unwrap();
    assert!(out.starts_with(
        "<div data-pv-playground data-view=\"flow\" data-knobs=\"request\" data-readonly=\"\"><template shadowrootmode=\"open\"><style>.pvp-embed{display:block}</style><div class=\"pvp-embed pvp-compact\">"
    ), "{out}");
    // The live widget's first render is pv_core's explainer HTML with the same prefix.
    let explainer = Explainer::from_manifests(CLAIM).unwrap();
    let settings = Settings::read(&opts, "").unwrap();
    assert!(out.contains(&html(&explainer, &settings.look, "pvp-r1")));
    assert!(out.ends_with(&format!(
        "</template><script type=\"application/yaml\">\n{}\n</script></div>",
        CLAIM.trim_end()
    )));
}

#[test]
fn other_widgets_get_a_still_picture_a_cluster_view_of_manifests_the_compact_one_and_bad_settings_are_named(
) {
    let scenario = "name: s\nsteps:\n  - apply: |\n      apiVersion: v1\n      kind: PersistentVolumeClaim\n      metadata: {name: c}\n      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n";
    let out = prerender(&options(&[("yaml", scenario)]), "", "p", Form::Script).unwrap();
    assert!(out.contains("class=\"pvp-embed pvp-placeholder\""));
    assert!(out.contains("How default/c gets a volume"));
    let cluster = prerender(
        &options(&[("view", "cluster"), ("yaml", CLAIM)]),
        "",
        "p",
        Form::Script,
    )
    .unwrap();
    // A cluster view over manifests is the compact explainer's, drawn live as prerendered.
    assert!(
        cluster.contains("class=\"pvp-embed pvp-compact\""),
        "{cluster}"
    );
    assert!(cluster.contains("pvp-x-cluster") && cluster.contains("pvp-graph-svg"));
    // Over a scenario it is a still picture the full playground replaces.
    let played = prerender(
        &options(&[("view", "cluster"), ("yaml", scenario)]),
        "",
        "p",
        Form::Script,
    )
    .unwrap();
    assert!(played.contains("class=\"pvp-embed pvp-placeholder\""));
    assert!(played.contains("pvp-graph-svg"));
    assert_eq!(
        prerender(
            &options(&[("view", "flows"), ("yaml", CLAIM)]),
            "",
            "p",
            Form::Script
        )
        .unwrap_err(),
        [Problem::nowhere(
            "view must be one of flow, cluster, tables, full; got \"flows\""
        )]
    );
    let bad = prerender(
        &options(&[
            ("view", "flow"),
            ("yaml", "kind: PersistentVolumeClaim\nmetadata: {name: [}\n"),
        ]),
        "",
        "p",
        Form::Script,
    );
    assert_eq!(
        bad.unwrap_err()[0].message,
        "The manifests could not be applied:"
    );
    assert!(prerender(&options(&[("yaml", "# </script>")]), "", "p", Form::Script).is_err());
    assert!(
        prerender(&options(&[("scenario", "a.yaml")]), "", "p", Form::Script).unwrap_err()[0]
            .message
            .contains("fetched by the browser")
    );
}

#[test]
fn one_line_embeds_carry_the_text_in_an_attribute() {
    let opts = options(&[("view", "flow"), ("yaml", CLAIM), ("manifest", "")]);
    let out = prerender(&opts, "", "p", Form::OneLine).unwrap();
    assert!(!out.contains('\n'));
    assert!(out.contains("data-yaml=\"apiVersion: v1&#10;kind: PersistentVolume&#10;"));
    assert!(!out.contains("<script"));
    assert!(out.contains("<pre class=\"pvp-x-manifest\""));
}

#[test]
fn css_is_compacted_without_changing_selectors() {
    assert_eq!(
        compact_css("/* c */\n.a .b,\n.c > .d {\n  color: red; /* x */\n  margin: 0 auto;\n}\n@media (min-width: 40em) { .e { top: 0 } }"),
        ".a .b,.c>.d{color:red;margin:0 auto;}@media (min-width:40em){.e{top:0}}"
    );
}

#[test]
fn only_the_inlined_sections_are_inlined() {
    let sheet = "/* intro */\n:root { --a: 1 }\n/* ---- [inlined] Tokens -- */\n.t { color: red }\n/* ---- Forms -- */\n.f { top: 0 }\n/* ---- [inlined] Diagrams\n   more words */\n.d { left: 0 }\n";
    assert_eq!(
        inlined_css(sheet),
        ".t{color:red;}.d{left:0;}".replace(";}", "}")
    );
    // A sheet without sections is inlined whole.
    assert_eq!(inlined_css(".a { b: c }"), ".a{b:c}");
    // The page's sheet: the explainer's rules and the tokens, not the console's or the forms'.
    let page = inlined_css(include_str!("../../../../www/style.css"));
    for kept in [
        ".pvp-x-knobs",
        ".pvp-why .pvp-chosen",
        "--pvp-text:",
        ".pvp-stages",
        ".pvp-still-lesson",
    ] {
        assert!(page.contains(kept), "{kept}");
    }
    for left in [".pvp-console", ".pvp-form", ".pvp-diagnose", ".pvp-topbar"] {
        assert!(!page.contains(left), "{left}");
    }
    assert!(page.len() < compact_css(include_str!("../../../../www/style.css")).len() / 2);
}

#[test]
fn a_lesson_is_prerendered_with_its_title_and_summary() {
    let lesson = crate::scenario::lessons::lesson("reclaim-policy").expect("a built-in lesson");
    let out = prerender(
        &options(&[("lesson", "reclaim-policy")]),
        "",
        "p",
        Form::Script,
    )
    .unwrap();
    let mut heading = String::new();
    escape_text(&mut heading, &lesson.title);
    assert!(out.contains(&format!("<h3>{heading}</h3>")), "{out}");
    // The height the playground will take, so nothing below moves when it starts.
    assert!(
        out.contains(&format!(
            "class=\"pvp-embed pvp-placeholder\" style=\"--pvp-height:{}\"",
            crate::embed::PLAYGROUND_HEIGHT
        )),
        "{out}"
    );
    assert!(!out.contains("when you reach it"));
}
