//! The compact explainer an embed shows for `data-view="flow"` (docs/embedding.md): the
//! author's objects settled, the live flowchart of one claim, the knobs a reader flips and why
//! each volume did or did not fit, as a reducer ([`Explainer::apply`]) and as HTML
//! ([`html`]); for `data-view="cluster"` the same objects as the cluster graph and each
//! volume's lifecycle. The same HTML is what `pvsim render` writes into a page before any
//! script runs and what the live widget (`web/explainer.rs`) draws, so the two cannot differ.

use crate::diagram::markup::{attr, description, escape_text, svg, Drawing};
use crate::diagram::{
    cluster_graph_around, cluster_layout_options, layout, lifecycle_list_html, live_flowchart,
    volume_lifecycle_count, volume_lifecycles_in, Graph, Layout, LayoutOptions, Path,
};
use crate::knobs::{current, deciding_field, field_lines, offers, rewrite, Field, Offer};
use crate::manifest::{self, to_yaml};
use crate::session::{Action, Problem, Session, Write};
use pv_engine::explain::ClaimExplanation;
use pv_engine::objects::{Kind, Object, ObjectKey, PersistentVolumeClaim};
use std::rc::Rc;

/// How the explainer looks, from the embed's settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Look {
    /// The knobs readers may flip, in the author's order.
    pub knobs: Vec<Field>,
    /// Show the claim's manifest beside the diagram, its deciding field highlighted.
    pub manifest: bool,
    /// Read-only: no Delete claim.
    pub readonly: bool,
    /// Offer "Copy as Mermaid" (off by default in prose).
    pub mermaid: bool,
    /// The whole cluster (`data-view="cluster"`): every object with its status and each
    /// volume's lifecycle, instead of one claim's route.
    pub cluster: bool,
}

/// The explainer's state: the author's objects, the same objects with the reader's knob
/// values, and the session they make once created and settled.
#[derive(Clone, Debug, PartialEq)]
pub struct Explainer {
    original: Rc<Vec<Object>>,
    objects: Rc<Vec<Object>>,
    pub session: Session,
    /// The last knob value refused (the API server's words), shown beside the knobs.
    pub refused: Option<String>,
    /// The claim the reader deleted (`namespace/name`) and the volume it was bound to, until
    /// Reset: said in the status when no claim is left to draw.
    pub deleted: Option<(String, String)>,
}

/// What a reader does in an explainer.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Sets a knob of the followed claim: the author's objects are created again with the
    /// claim rewritten, and settled.
    Set(Field, String),
    /// Back to the author's objects.
    Reset,
    /// Follow another claim.
    Select(String),
    /// Delete the followed claim (editable explainers only).
    DeleteClaim,
}

/// `objects` created on an empty cluster, in order, and settled; every refusal as a problem.
fn settled(objects: &[Object], selected: Option<String>) -> Result<Session, Vec<Problem>> {
    let writes: Vec<Write> = objects
        .iter()
        .cloned()
        .map(Write::keeping_finalizers)
        .collect();
    let empty = Session::empty();
    match empty.check(&writes) {
        Ok(checked) => Ok(Session {
            past: Vec::new(),
            selected,
            ..empty.apply(Action::Commit(Box::new(checked)))
        }),
        Err(refusals) => Err(refusals
            .into_iter()
            .map(|r| Problem::at_line(1, r.error.to_string()))
            .collect()),
    }
}

/// Whether `text` needs an engine with workloads that this build lacks: the lean explainer's
/// build (no `workloads` feature) hands such manifests to the full playground's explainer.
pub fn needs_workloads(text: &str) -> bool {
    !cfg!(feature = "workloads")
        && manifest::parse(text)
            .errors
            .iter()
            .any(|p| p.message.ends_with(manifest::WORKLOADS_LEFT_OUT))
}

impl Explainer {
    /// The author's manifests (objects applied to an empty cluster and settled), or every
    /// problem with its line.
    pub fn from_manifests(text: &str) -> Result<Explainer, Vec<Problem>> {
        let session = Session::from_manifests(text)?;
        let objects: Vec<Object> = manifest::parse(text)
            .objects
            .into_iter()
            .map(|o| o.object)
            .collect();
        let objects = Rc::new(objects);
        Ok(Explainer {
            original: objects.clone(),
            objects,
            session,
            refused: None,
            deleted: None,
        })
    }

    /// The author's objects with the reader's knob values.
    pub fn objects(&self) -> &[Object] {
        &self.objects
    }

    /// This explainer showing `session` (the JS API's `apply`: objects written by the page's
    /// script); "Back to the author's claim" still returns to the author's objects.
    pub fn with_session(&self, session: Session) -> Explainer {
        Explainer {
            session,
            refused: None,
            deleted: None,
            ..self.clone()
        }
    }

    /// Whether a knob moved the objects away from the author's.
    pub fn changed(&self) -> bool {
        self.objects != self.original
    }

    /// The followed claim as the author wrote it (with the reader's knob values).
    pub fn authored_claim(&self) -> Option<&PersistentVolumeClaim> {
        let followed = self.session.followed_claim()?;
        self.objects.iter().find_map(|o| match o {
            Object::PersistentVolumeClaim(c) if c.metadata.namespaced_name() == followed => Some(c),
            _ => None,
        })
    }

    /// The state after `change`. A knob value the API server refuses leaves the cluster as
    /// it was and says why in [`Explainer::refused`].
    pub fn apply(&self, change: Change) -> Explainer {
        let selected = self.session.followed_claim();
        let mut next = Explainer {
            refused: None,
            ..self.clone()
        };
        match change {
            Change::Select(claim) => next.session = self.session.apply(Action::Select(claim)),
            Change::Reset => {
                if let Ok(session) = settled(&self.original, selected) {
                    next.objects = self.original.clone();
                    next.session = session;
                    next.deleted = None;
                }
            }
            Change::DeleteClaim => {
                if let Some((namespace, name)) = selected.as_deref().and_then(|s| s.split_once('/'))
                {
                    let volume = self
                        .session
                        .cluster
                        .claim(namespace, name)
                        .map(|c| c.spec.volume_name.clone())
                        .unwrap_or_default();
                    let key = ObjectKey::new(Kind::PersistentVolumeClaim, Some(namespace), name);
                    next.session = self.session.apply(Action::Delete(key));
                    next.deleted = Some((format!("{namespace}/{name}"), volume));
                }
            }
            Change::Set(field, value) => {
                let Some(claim) = selected else {
                    return next;
                };
                let rewritten = rewrite(&self.objects, &claim, field, &value);
                match rewritten.and_then(|objects| {
                    settled(&objects, Some(claim.clone()))
                        .map(|session| (objects, session))
                        .map_err(|problems| {
                            let why: Vec<String> =
                                problems.iter().map(|p| p.message.clone()).collect();
                            format!("{} {value:?} is refused: {}", field.path(), why.join("; "))
                        })
                }) {
                    Ok((objects, session)) => {
                        next.objects = Rc::new(objects);
                        next.session = session;
                    }
                    Err(why) => next.refused = Some(why),
                }
            }
        }
        next
    }

    /// Everything drawn for the followed claim, or None when the cluster has no claim.
    pub fn picture(&self) -> Option<Picture> {
        let claim = self.session.followed_claim()?;
        let (namespace, name) = claim.split_once('/')?;
        let cluster = &self.session.cluster;
        let explanation = cluster.explain_claim(namespace, name)?;
        let live = live_flowchart(cluster, &explanation);
        let placed = layout(&live.graph, &compact_layout());
        let deciding = self
            .authored_claim()
            .and_then(|written| deciding_field(cluster, &explanation, written));
        // The claim's spec as written (the fields that decide; its empty status is not the
        // author's, and its name is in the status line above).
        let manifest = self
            .authored_claim()
            .map(|c| to_yaml(&[Object::PersistentVolumeClaim(c.clone())]))
            .map(|yaml| {
                let from = yaml.find("\nspec:").map_or(0, |at| at + 1);
                let to = yaml.find("\nstatus:").map_or(yaml.len(), |at| at + 1);
                yaml.get(from..to).unwrap_or_default().to_owned()
            })
            .unwrap_or_default();
        let highlighted = deciding
            .map(|f| field_lines(&manifest, f))
            .unwrap_or_default();
        Some(Picture {
            title: format!("How {} gets a volume", explanation.claim),
            explanation,
            graph: live.graph,
            layout: placed,
            path: live.path,
            deciding,
            manifest,
            highlighted,
        })
    }

    /// Each knob with the values it offers and its current value.
    pub fn knob_offers(&self, knobs: &[Field]) -> Vec<(Field, Vec<Offer>, String)> {
        let Some(claim) = self.authored_claim() else {
            return Vec::new();
        };
        knobs
            .iter()
            .map(|&k| (k, offers(k, &self.objects, claim), current(k, claim)))
            .collect()
    }
}

/// The flowchart's layout in an explainer: tighter gaps, so the chart keeps a legible scale
/// within the explainer's height.
pub fn compact_layout() -> LayoutOptions {
    LayoutOptions {
        rank_gap: 26.0,
        node_pad_y: 6.0,
        line_height: 18.0,
        group_pad: 8.0,
        group_title_height: 20.0,
        margin: 6.0,
        ..LayoutOptions::default()
    }
}

/// What the explainer draws for one claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    pub title: String,
    pub explanation: ClaimExplanation,
    pub graph: Graph,
    pub layout: Layout,
    pub path: Path,
    /// The claim's field that decided its route.
    pub deciding: Option<Field>,
    /// The followed claim's `spec` as the author wrote it (with the knobs' values), as YAML.
    pub manifest: String,
    /// The 0-based lines of `manifest` that hold the deciding field.
    pub highlighted: Vec<usize>,
}

/// Whether two serialisations of the explainer draw the same thing: equal once the line
/// breaks that follow a tag and those around the whole are dropped (mdBook re-serialises the
/// HTML it is given, adding one after each block element; between block elements they draw
/// nothing).
pub fn same_markup(a: &str, b: &str) -> bool {
    let squeeze = |s: &str| s.trim().replace(">\n", ">");
    a == b || squeeze(a) == squeeze(b)
}

/// `<tag class="class">`.
fn open(out: &mut String, tag: &str, class: &str) {
    out.push('<');
    out.push_str(tag);
    if !class.is_empty() {
        attr(out, "class", class);
    }
    out.push('>');
}

fn text(out: &mut String, text: &str) {
    escape_text(out, text);
}

/// The explainer as HTML: ids start with `prefix` (unique on the page). Controls carry
/// `data-knob` (a `<select>` whose value is the knob's) and `data-action` (`select`, `reset`,
/// `delete`, `mermaid`) for the view's event handling.
pub fn html(state: &Explainer, look: &Look, prefix: &str) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(if look.cluster {
        "<div class=\"pvp-explainer pvp-x-cluster\""
    } else {
        "<div class=\"pvp-explainer\""
    });
    attr(&mut out, "data-prefix", prefix);
    out.push('>');
    if look.cluster {
        cluster_html(&mut out, state, look, prefix);
        out.push_str("</div>");
        return out;
    }
    let Some(picture) = state.picture() else {
        match &state.deleted {
            Some((claim, volume)) => {
                out.push_str("<p class=\"pvp-x-status\" role=\"status\">");
                text(&mut out, &deleted_status(state, claim, volume));
                out.push_str("</p><p class=\"pvp-x-actions\"><button type=\"button\" data-action=\"reset\">Back to the author's claim</button></p>");
            }
            None => out.push_str(
                "<p class=\"pvp-x-status\">There is no claim to show: the manifests make none.</p>",
            ),
        }
        out.push_str("</div>");
        return out;
    };
    let e = &picture.explanation;
    // The bar: which claim, where it is.
    open(&mut out, "div", "pvp-x-bar");
    let claims: Vec<String> = state
        .session
        .cluster
        .claims()
        .map(|c| c.metadata.namespaced_name())
        .collect();
    if claims.len() > 1 {
        let id = format!("{prefix}-claim");
        out.push_str("<label");
        attr(&mut out, "for", &id);
        out.push_str(">Claim</label><select");
        attr(&mut out, "id", &id);
        out.push_str(" data-action=\"select\">");
        for c in &claims {
            out.push_str("<option");
            attr(&mut out, "value", c);
            if *c == e.claim {
                out.push_str(" selected");
            }
            out.push('>');
            text(&mut out, c);
            out.push_str("</option>");
        }
        out.push_str("</select>");
    }
    // The route in words; a blocked route's words say where and why (Kubernetes' message).
    out.push_str(if picture.path.blocked.is_some() {
        "<p class=\"pvp-x-status pvp-x-blocked\" role=\"status\">"
    } else {
        "<p class=\"pvp-x-status\" role=\"status\">"
    });
    text(&mut out, &picture.path.summary);
    out.push_str("</p></div>");

    open(&mut out, "div", "pvp-x-main");
    // The diagram, scaled to the width it has.
    open(&mut out, "figure", "pvp-x-figure");
    let choosable = vec![false; picture.graph.nodes.len()];
    out.push_str(&svg(&Drawing {
        graph: &picture.graph,
        layout: &picture.layout,
        prefix,
        title: &picture.title,
        description: &description(&picture.graph, Some(&picture.path)),
        highlight: Some(&picture.path),
        class: "",
        choosable: &choosable,
        chosen: None,
        ring: None,
        pass: None,
    }));
    out.push_str("</figure>");

    open(&mut out, "div", "pvp-x-side");
    // First in the side panel: the buttons stay in view when the rest scrolls in its box.
    actions(&mut out, !look.readonly, look.mermaid);
    let knobs = state.knob_offers(&look.knobs);
    if !knobs.is_empty() {
        out.push_str("<fieldset class=\"pvp-x-knobs\"><legend>Change the claim</legend>");
        for (field, offers, now) in &knobs {
            let id = format!("{prefix}-knob-{}", field.name());
            out.push_str("<label");
            attr(&mut out, "for", &id);
            if Some(*field) == picture.deciding {
                out.push_str(" class=\"pvp-x-deciding\"");
            }
            out.push('>');
            // A narrow column breaks a long field name between its words (storageClass|Name),
            // not inside one; the label's text, and so the select's name, stays the field's.
            let name = field.name();
            let mut word_start = 0;
            for (at, c) in name.char_indices().skip(1) {
                if c.is_ascii_uppercase() {
                    text(&mut out, &name[word_start..at]);
                    out.push_str("<wbr>");
                    word_start = at;
                }
            }
            text(&mut out, &name[word_start..]);
            out.push_str("</label><select");
            attr(&mut out, "id", &id);
            attr(&mut out, "data-knob", field.name());
            out.push('>');
            for o in offers {
                out.push_str("<option");
                attr(&mut out, "value", &o.value);
                if o.value == *now {
                    out.push_str(" selected");
                }
                out.push('>');
                text(&mut out, &o.label);
                out.push_str("</option>");
            }
            out.push_str("</select>");
        }
        if state.changed() {
            out.push_str(
                "<button type=\"button\" data-action=\"reset\">Back to the author's claim</button>",
            );
        }
        out.push_str("</fieldset>");
        if let Some(why) = &state.refused {
            out.push_str("<p class=\"pvp-x-refused\" role=\"alert\">");
            text(&mut out, why);
            out.push_str("</p>");
        }
    }
    if look.manifest && !picture.manifest.is_empty() {
        out.push_str("<pre class=\"pvp-x-manifest\" tabindex=\"0\"");
        let label = match picture.deciding {
            Some(f) => format!("The claim's spec; {} decides the route", f.path()),
            None => "The claim's spec".to_owned(),
        };
        attr(&mut out, "aria-label", &label);
        out.push_str("><code>");
        for (i, line) in picture.manifest.lines().enumerate() {
            let marked = picture.highlighted.contains(&i);
            if marked {
                out.push_str("<mark>");
            }
            text(&mut out, line);
            if marked {
                out.push_str("</mark>");
            }
            out.push('\n');
        }
        out.push_str("</code></pre>");
    }
    let why_id = format!("{prefix}-why");
    out.push_str("<section class=\"pvp-why\"");
    attr(&mut out, "aria-labelledby", &why_id);
    out.push_str("><h3");
    attr(&mut out, "id", &why_id);
    out.push_str(">Why each volume did or did not fit</h3>");
    if e.volumes.is_empty() {
        out.push_str("<p>There is no volume yet.</p>");
    } else {
        out.push_str("<ul>");
        for v in &e.volumes {
            out.push_str("<li");
            attr(&mut out, "data-volume", &v.volume);
            if v.chosen {
                out.push_str(" class=\"pvp-chosen\"");
            }
            out.push_str("><strong>");
            text(&mut out, &v.volume);
            out.push_str("</strong>: ");
            text(&mut out, &v.reason);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    out.push_str("</div></div></div>");
    out
}

/// What became of a deleted claim's volume, from the cluster as it is now: kept Released,
/// made Available again, or deleted with the claim, per its reclaim policy.
fn deleted_status(state: &Explainer, claim: &str, volume: &str) -> String {
    let cluster = &state.session.cluster;
    let fate = if volume.is_empty() {
        String::new()
    } else {
        match cluster.volume(volume) {
            Some(pv) => format!(
                "; its volume {volume} is {} (reclaim policy {})",
                pv.status.phase,
                pv.spec.reclaim_policy()
            ),
            None => format!("; its volume {volume} was deleted with it (reclaim policy Delete)"),
        }
    };
    format!("{claim} was deleted{fate}. There is no claim left to follow.")
}

/// The explainer's buttons (`delete`: Delete claim; `mermaid`: Copy as Mermaid, with the
/// line that says whether the copy worked).
fn actions(out: &mut String, delete: bool, mermaid: bool) {
    if !delete && !mermaid {
        return;
    }
    out.push_str("<p class=\"pvp-x-actions\">");
    if delete {
        out.push_str("<button type=\"button\" data-action=\"delete\">Delete claim</button>");
    }
    if mermaid {
        out.push_str(
            "<button type=\"button\" data-action=\"mermaid\">Copy as Mermaid</button>\
             <span class=\"pvp-x-note\" role=\"status\"></span>",
        );
    }
    out.push_str("</p>");
}

/// The most volume lifecycles a compact cluster view lists; the playground lists them all.
const LISTED_LIFECYCLES: usize = 50;

/// The compact cluster view's content: a line in words, the cluster graph (every object with
/// its status) scaled to the width, and where each volume is in its lifecycle.
fn cluster_html(out: &mut String, state: &Explainer, look: &Look, prefix: &str) {
    let cluster = &state.session.cluster;
    let followed = state.session.followed_claim();
    let model = cluster_graph_around(cluster, followed.as_deref());
    let count = model.graph.nodes.len();
    out.push_str("<p class=\"pvp-x-status\" role=\"status\">");
    text(
        out,
        &if count == 0 {
            "The cluster is empty: the manifests make no object.".to_owned()
        } else if count == 1 {
            "One object, with its status.".to_owned()
        } else if model.complete {
            format!("All {count} objects, each box with its status.")
        } else {
            format!(
                "The cluster holds {} objects; the graph shows the {count} around {}.",
                crate::jobs::thousands(model.objects as u64),
                followed.as_deref().unwrap_or_default()
            )
        },
    );
    out.push_str("</p>");
    open(out, "div", "pvp-x-main");
    if count > 0 {
        let placed = layout(&model.graph, &cluster_layout_options());
        // Focusable: on a phone the graph keeps a legible size and scrolls sideways.
        out.push_str("<figure class=\"pvp-x-figure\" tabindex=\"0\" aria-label=\"The cluster graph (scrolls sideways when narrow)\"");
        attr(
            out,
            "style",
            &format!("--pvp-graph-width:{}px", placed.width.ceil()),
        );
        out.push('>');
        out.push_str(&svg(&Drawing {
            graph: &model.graph,
            layout: &placed,
            prefix,
            title: &format!("Cluster graph: {count} objects"),
            description: &model.description,
            highlight: None,
            class: "pvp-graph-svg",
            choosable: &vec![false; count],
            chosen: None,
            ring: None,
            pass: None,
        }));
        out.push_str("</figure>");
    }
    open(out, "div", "pvp-x-side");
    actions(out, false, look.mermaid);
    let heading = format!("{prefix}-lifecycle");
    out.push_str("<section class=\"pvp-lifecycle\"");
    attr(out, "aria-labelledby", &heading);
    out.push_str("><h3");
    attr(out, "id", &heading);
    out.push_str(">Volume lifecycle</h3>");
    let volumes = volume_lifecycle_count(cluster);
    if volumes == 0 {
        out.push_str("<p>There is no volume yet.</p>");
    } else {
        out.push_str(&lifecycle_list_html(&volume_lifecycles_in(
            cluster,
            0..LISTED_LIFECYCLES,
        )));
        if volumes > LISTED_LIFECYCLES {
            out.push_str("<p>");
            text(
                out,
                &format!(
                    "and {} more; the playground's cluster view lists every volume.",
                    volumes - LISTED_LIFECYCLES
                ),
            );
            out.push_str("</p>");
        }
    }
    out.push_str("</section></div></div>");
}

#[cfg(test)]
pub(crate) mod tests;
