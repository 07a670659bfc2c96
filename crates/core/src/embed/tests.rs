use super::*;
use crate::session::Action;

fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn attributes(pairs: &[(&str, &str)]) -> Result<Settings, Vec<String>> {
    Settings::read(&options(pairs), "data-")
}

#[test]
fn a_bare_widget_is_the_full_demo_following_the_host_theme() {
    let settings = attributes(&[]).unwrap();
    assert_eq!(
        settings,
        Settings {
            source: Source::Ready(Initial::Demo),
            view: View::Full,
            readonly: false,
            theme: Theme::Auto,
            height: None,
            look: crate::explainer::Look::default(),
        }
    );
}

#[test]
fn an_explainer_reads_its_knobs_manifest_and_mermaid() {
    let settings = attributes(&[
        ("view", "flow"),
        ("knobs", "storageClassName,accessModes,request"),
        ("manifest", ""),
        ("readonly", ""),
        ("yaml", "kind: PersistentVolumeClaim"),
    ])
    .unwrap();
    assert!(settings.is_explainer());
    let look = &settings.look;
    assert_eq!(look.knobs.len(), 3);
    assert!(look.manifest && look.readonly && !look.mermaid);
    // A lesson or the full view is the whole playground.
    assert!(!attributes(&[("view", "flow"), ("lesson", "x")])
        .unwrap()
        .is_explainer());
    assert!(!attributes(&[("yaml", "kind: PersistentVolumeClaim")])
        .unwrap()
        .is_explainer());
    // The cluster view of manifests is compact too; of a lesson or the demo it is not.
    let cluster =
        attributes(&[("view", "cluster"), ("yaml", "kind: PersistentVolumeClaim")]).unwrap();
    assert!(cluster.is_explainer() && cluster.look.cluster);
    assert!(!settings.look.cluster);
    assert!(!attributes(&[("view", "cluster"), ("lesson", "x")])
        .unwrap()
        .is_explainer());
    assert!(!attributes(&[("view", "cluster")]).unwrap().is_explainer());
    // Knobs and the manifest belong to the flow view: elsewhere the author is told.
    assert_eq!(
        attributes(&[("view", "cluster"), ("knobs", "request"), ("manifest", "")]).unwrap_err(),
        [
            "data-knobs needs data-view=\"flow\" (it belongs to the flowchart of one claim); this widget's view is cluster",
            "data-manifest needs data-view=\"flow\" (it belongs to the flowchart of one claim); this widget's view is cluster",
        ]
    );
    assert_eq!(
        Settings::read(&[("knobs".into(), "request".into())], "").unwrap_err(),
        ["knobs needs view=\"flow\" (it belongs to the flowchart of one claim); this widget's view is full"]
    );
    assert_eq!(
        attributes(&[("knobs", "size"), ("mermaid", "perhaps")]).unwrap_err(),
        [
            "data-mermaid must be empty, true or false; got \"perhaps\"",
            "data-knobs must name fields among storageClassName, accessModes, request, volumeMode, volumeName; got \"size\"",
        ]
    );
}

#[test]
fn every_attribute_is_read() {
    let settings = attributes(&[
        ("view", "flow"),
        ("readonly", ""),
        ("theme", "dark"),
        ("height", "30rem"),
        ("lesson", "reclaim-policy"),
        ("testid", "ignored: the host's own attribute"),
    ])
    .unwrap();
    assert_eq!(settings.view, View::Flow);
    assert!(settings.readonly);
    assert_eq!(settings.theme, Theme::Dark);
    assert_eq!(settings.height.as_deref(), Some("30rem"));
    assert_eq!(
        settings.source,
        Source::Ready(Initial::Lesson("reclaim-policy".into()))
    );
    for (value, readonly) in [("true", true), ("readonly", true), ("false", false)] {
        assert_eq!(
            attributes(&[("readonly", value)]).unwrap().readonly,
            readonly
        );
    }
    for (value, view) in [
        ("cluster", View::Cluster),
        ("tables", View::Tables),
        ("full", View::Full),
    ] {
        assert_eq!(attributes(&[("view", value)]).unwrap().view, view);
    }
    assert_eq!(
        attributes(&[("scenario", "lessons/a.yaml")])
            .unwrap()
            .source,
        Source::Fetch("lessons/a.yaml".into())
    );
}

#[test]
fn bad_values_are_named_as_the_author_wrote_them() {
    assert_eq!(
        attributes(&[("view", "bogus")]).unwrap_err(),
        ["data-view must be one of flow, cluster, tables, full; got \"bogus\""]
    );
    // The JS API's options are named without data-; every problem is reported at once.
    let problems = Settings::read(
        &options(&[("theme", "sepia"), ("height", "600"), ("readonly", "maybe")]),
        "",
    )
    .unwrap_err();
    assert_eq!(
        problems,
        [
            "theme must be one of light, dark, auto; got \"sepia\"",
            "readonly must be empty, true or false; got \"maybe\"",
            "height must be a CSS length such as 600px, 40rem or 80vh; got \"600\"",
        ]
    );
    assert_eq!(
        attributes(&[("lesson", "a"), ("yaml", "kind: PersistentVolume")]).unwrap_err(),
        ["use only one of data-lesson, data-scenario or an inline <script type=\"application/yaml\">"]
    );
    assert_eq!(
        attributes(&[("scenario", " ")]).unwrap_err(),
        ["data-scenario needs the URL of a scenario file"]
    );
}

#[test]
fn a_height_is_a_css_length_and_nothing_more() {
    for good in ["600px", "40rem", "80vh", "12.5em", "100%", ".5em"] {
        assert!(is_css_length(good), "{good}");
    }
    for bad in [
        "",
        "600",
        "px",
        "1.px",
        "10px; color: red",
        "calc(1px)",
        "-5px",
        "1e3px",
        "10 px",
    ] {
        assert!(!is_css_length(bad), "{bad}");
    }
}

#[test]
fn a_playground_widget_keeps_a_fixed_height_and_the_explainer_its_own() {
    let height = |pairs: &[(&str, &str)]| {
        attributes(pairs)
            .unwrap()
            .playground_height()
            .map(str::to_owned)
    };
    // A lesson, a scenario, the demo, a full view: the author's height, else the default.
    assert_eq!(
        height(&[("lesson", "reclaim-policy")]).as_deref(),
        Some(PLAYGROUND_HEIGHT)
    );
    assert_eq!(height(&[]).as_deref(), Some(PLAYGROUND_HEIGHT));
    assert_eq!(
        height(&[("lesson", "reclaim-policy"), ("height", "640px")]).as_deref(),
        Some("640px")
    );
    assert_eq!(
        height(&[("view", "flow"), ("scenario", "s.yaml")]).as_deref(),
        Some(PLAYGROUND_HEIGHT)
    );
    // The explainer sizes itself within its own height.
    assert_eq!(height(&[("view", "flow"), ("yaml", "kind: Node")]), None);
    assert_eq!(
        height(&[
            ("view", "cluster"),
            ("yaml", "kind: Node"),
            ("height", "9em")
        ]),
        None
    );
}

#[test]
fn inline_yaml_with_steps_is_a_scenario_else_manifests() {
    assert_eq!(
        initial_from_text("name: a\nsteps:\n  - apply: ''\n"),
        Initial::Scenario("name: a\nsteps:\n  - apply: ''\n".into())
    );
    let manifests = "kind: PersistentVolume\nspec:\n  steps: 3";
    assert_eq!(
        initial_from_text(manifests),
        Initial::Manifests(format!("{manifests}\n"))
    );
}

#[test]
fn inline_yaml_loses_the_indentation_of_the_html_around_it() {
    let inline = "\n      kind: PersistentVolume\n      spec:\n        capacity: {}\n\n      ---\n      kind: Node\n    ";
    assert_eq!(
        initial_from_text(inline),
        Initial::Manifests(
            "\nkind: PersistentVolume\nspec:\n  capacity: {}\n\n---\nkind: Node\n\n".into()
        )
    );
    // A tab is not indentation YAML allows: left as it is, so the reader reports it.
    assert_eq!(
        initial_from_text("\tkind: Node"),
        Initial::Manifests("\tkind: Node\n".into())
    );
}

#[test]
fn auto_follows_docusaurus_then_mdbook_then_the_system() {
    use Theme::*;
    assert_eq!(scheme(Auto, "", Some("dark")), Some(Dark));
    assert_eq!(scheme(Auto, "coal", Some("light")), Some(Light));
    for (class, expected) in [
        ("coal sidebar-visible js", Some(Dark)),
        ("navy", Some(Dark)),
        ("ayu", Some(Dark)),
        ("light sidebar-hidden", Some(Light)),
        ("rust", Some(Light)),
        ("dark", Some(Dark)),
        ("js sidebar-visible", None),
        ("", None),
    ] {
        assert_eq!(scheme(Auto, class, None), expected, "{class:?}");
    }
    // A fixed theme ignores the host.
    assert_eq!(scheme(Light, "coal", Some("dark")), Some(Light));
    assert_eq!(scheme(Dark, "light", None), Some(Dark));
}

const MANIFESTS: &str = "\
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-\"quoted\"}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: shop}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: \"\"
  resources: {requests: {storage: 1Gi}}
";

#[test]
fn the_state_is_json_with_what_expect_names_and_the_yaml() {
    // A name with a quote cannot be a PV name: the API server refuses it, at its line.
    let problems = start_session(&Initial::Manifests(MANIFESTS.into())).unwrap_err();
    assert_eq!(problems[0], "The manifests could not be applied:");
    assert!(problems[1].starts_with("line 1: "), "{problems:?}");

    let session =
        start_session(&Initial::Manifests(MANIFESTS.replace("-\"quoted\"", "-a"))).unwrap();
    let state: serde_json::Value = serde_json::from_str(&state_json(&session)).unwrap();
    assert_eq!(state["settled"], true);
    assert_eq!(state["claims"]["shop/data"]["phase"], "Bound");
    assert_eq!(state["claims"]["shop/data"]["volume"], "pv-a");
    assert_eq!(state["volumes"]["pv-a"]["claim"], "shop/data");
    assert_eq!(state["pods"], serde_json::json!({}));
    // The YAML reads back as the same objects.
    let yaml = state["yaml"].as_str().unwrap();
    let again = Session::empty().prepare_apply(yaml);
    assert_eq!(again.problems, []);
    assert_eq!(again.writes().len(), 2);
}

#[test]
fn the_demo_state_escapes_every_text_and_names_pods_and_unbound_claims() {
    let session = Session::demo().apply(Action::Settle);
    let text = state_json(&session);
    let state: serde_json::Value = serde_json::from_str(&text).unwrap();
    let claims = state["claims"].as_object().unwrap();
    assert_eq!(claims.len(), session.cluster.claims().count());
    assert!(claims.values().any(|c| c["volume"].is_null()), "{text}");
    assert!(state["pods"].as_object().is_some_and(|p| !p.is_empty()));
    let mut escaped = String::new();
    write_double_quoted(&mut escaped, "a\"b\\c\nd\u{1}é");
    assert_eq!(
        serde_json::from_str::<String>(&escaped).unwrap(),
        "a\"b\\c\nd\u{1}é"
    );
}

#[test]
fn views_show_their_parts_and_only_full_edits() {
    assert!(View::Flow.shows(Part::Flow) && !View::Flow.shows(Part::Cluster));
    assert!(View::Cluster.shows(Part::Cluster) && !View::Cluster.shows(Part::Tables));
    assert!(View::Tables.shows(Part::Tables) && !View::Tables.shows(Part::Editing));
    for part in [Part::Flow, Part::Cluster, Part::Tables, Part::Editing] {
        assert!(View::Full.shows(part));
    }
}

#[test]
fn a_widget_starts_a_lesson_empty_and_a_scenario_where_it_ends() {
    let lesson =
        start_session(&Initial::Lesson("reclaim-policy".into())).expect("a built-in lesson");
    assert_eq!(
        lesson.cluster.objects().len(),
        0,
        "a lesson starts on an empty cluster"
    );
    let unknown = start_session(&Initial::Lesson("no-such-lesson".into())).unwrap_err();
    assert!(
        unknown[0].starts_with("There is no built-in lesson called \"no-such-lesson\""),
        "{unknown:?}"
    );
    let scenario = start_session(&Initial::Scenario(
        "name: one-volume\nsteps:\n  - apply: |\n      apiVersion: v1\n      kind: PersistentVolume\n      metadata: {name: pv-a}\n      spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /a}}\n".into(),
    ))
    .expect("a valid scenario");
    assert!(
        scenario.cluster.volume("pv-a").is_some(),
        "the scenario's steps were played"
    );
    let failing = start_session(&Initial::Scenario(
        "name: failing\nsteps:\n  - expect:\n      claims: {default/x: {phase: Bound}}\n".into(),
    ))
    .unwrap_err();
    assert!(
        failing[0].starts_with("The scenario fails at "),
        "{failing:?}"
    );
    assert_eq!(
        start_session(&Initial::Demo).unwrap(),
        Session::settled_demo()
    );
}

#[test]
fn the_mermaid_source_is_the_one_asked_for() {
    let session = Session::from_manifests(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n",
    )
    .unwrap();
    assert!(mermaid_source(&session, "flowchart")
        .unwrap()
        .starts_with("flowchart TD\n"));
    assert!(mermaid_source(&session, "cluster")
        .unwrap()
        .starts_with("flowchart "));
    assert_eq!(
        mermaid_source(&session, "pie").unwrap_err(),
        "mermaid(what): what must be \"flowchart\" or \"cluster\"; got \"pie\""
    );
    assert_eq!(
        mermaid_source(&Session::empty(), "flowchart").unwrap_err(),
        "there is no claim to draw a flowchart for"
    );
}
