//! The page's workspace as data: the *see* pane's tabs (what the cluster did) and the *act*
//! pane's tabs (ways to change it), their addresses (`#diagnose`), and the one line that
//! tells the learner what to try next. Pure and natively tested; the view draws it.

use crate::scenario::lessons::LESSONS;
use crate::session::Session;
use pv_engine::explain::Route;
use pv_engine::objects::ClaimPhase;

/// The tabs of the see pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeeTab {
    /// The followed claim's live flowchart, why each volume did or did not fit, the last pass.
    Flowchart,
    /// Every object and how they refer to each other.
    Graph,
    /// Where each volume is in its lifecycle.
    Lifecycle,
    /// `kubectl get pv` and `kubectl get pvc -A`.
    Tables,
    /// The event log.
    Events,
}

/// The tabs of the act pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActTab {
    Lesson,
    Console,
    Objects,
    Yaml,
    Diagnose,
}

/// Either pane's tab, as an address names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    See(SeeTab),
    Act(ActTab),
}

impl SeeTab {
    pub const ALL: [SeeTab; 5] = [
        SeeTab::Flowchart,
        SeeTab::Graph,
        SeeTab::Lifecycle,
        SeeTab::Tables,
        SeeTab::Events,
    ];

    /// Its address (`#graph`) and the stem of its element ids.
    pub fn id(self) -> &'static str {
        match self {
            SeeTab::Flowchart => "flowchart",
            SeeTab::Graph => "graph",
            SeeTab::Lifecycle => "lifecycle",
            SeeTab::Tables => "tables",
            SeeTab::Events => "events",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SeeTab::Flowchart => "Flowchart",
            SeeTab::Graph => "Cluster graph",
            SeeTab::Lifecycle => "Volume lifecycle",
            SeeTab::Tables => "kubectl get",
            SeeTab::Events => "Events",
        }
    }
}

impl ActTab {
    pub const ALL: [ActTab; 5] = [
        ActTab::Lesson,
        ActTab::Console,
        ActTab::Objects,
        ActTab::Yaml,
        ActTab::Diagnose,
    ];

    /// Its address (`#diagnose`) and the stem of its element ids.
    pub fn id(self) -> &'static str {
        match self {
            ActTab::Lesson => "lesson",
            ActTab::Console => "console",
            ActTab::Objects => "objects",
            ActTab::Yaml => "yaml",
            ActTab::Diagnose => "diagnose",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActTab::Lesson => "Lesson",
            ActTab::Console => "Console",
            ActTab::Objects => "Objects",
            ActTab::Yaml => "YAML",
            ActTab::Diagnose => "Diagnose",
        }
    }

    /// Whether acting here changes the learner's cluster, so that, one pane at a time, the
    /// page shows the effect first (Diagnose reads a pasted dump and changes nothing).
    pub fn changes_the_cluster(self) -> bool {
        self != ActTab::Diagnose
    }
}

/// The see tab that shows the effect of a change, one pane at a time: the one open, except a
/// flowchart with no claim to draw (a lesson's first volume, say), which would show nothing
/// of it; the cluster graph shows every object.
pub fn effect_tab(open: SeeTab, has_claim: bool) -> SeeTab {
    if open == SeeTab::Flowchart && !has_claim {
        SeeTab::Graph
    } else {
        open
    }
}

/// The tab an address names: `#diagnose`, `diagnose`, `#graph`; None for anything else (a
/// shared state's `#state=…` included).
pub fn tab_from_fragment(fragment: &str) -> Option<Tab> {
    let id = fragment.strip_prefix('#').unwrap_or(fragment);
    SeeTab::ALL
        .into_iter()
        .find(|t| t.id() == id)
        .map(Tab::See)
        .or_else(|| ActTab::ALL.into_iter().find(|t| t.id() == id).map(Tab::Act))
}

/// What the hint line offers to do in one click.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Open the Objects tab on the claim form.
    AddClaim,
    /// Play this built-in lesson.
    Lesson(&'static str),
    /// Run one controller pass.
    Step,
}

impl Offer {
    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            Offer::AddClaim => "Add a claim",
            Offer::Lesson(_) => "Start the first lesson",
            Offer::Step => "Step",
        }
    }
}

/// One short line saying what to try next, and what one click can do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    pub text: String,
    pub offers: Vec<Offer>,
}

/// The hint for where the learner is: the control loop has work left; the cluster is empty;
/// the claim followed waits, is blocked, or is bound (what to try on it); or the first
/// screen, its story in a sentence. `editable`: the learner can add objects here (not in a
/// read-only widget), so the hint may suggest it.
pub fn next_hint(session: &Session, editable: bool) -> Hint {
    let first_lesson = LESSONS.first().map(|l| Offer::Lesson(l.name));
    let add_claim = editable.then_some(Offer::AddClaim);
    let hint = |text: String, offers: Vec<Option<Offer>>| Hint {
        text,
        offers: offers.into_iter().flatten().collect(),
    };
    if !session.settled && session.step_mode {
        return hint(
            "The controllers have work to do: Step runs one pass (watch the flowchart light up), Run to steady state runs them all.".into(),
            vec![Some(Offer::Step)],
        );
    }
    let Some(followed) = session.followed_claim() else {
        let text = if editable {
            "The cluster has no claim: add one (the class list says which provisions a volume), or follow a lesson."
        } else {
            "The cluster has no claim to follow."
        };
        return hint(text.into(), vec![add_claim, first_lesson]);
    };
    // The route, phase, note and pods are what the hint reads: no volume's verdict.
    let explanation = followed.split_once('/').and_then(|(ns, name)| {
        session
            .cluster
            .explainer()
            .explain(ns, name, pv_engine::explain::Verdicts::First(0))
    });
    let Some(e) = explanation else {
        return hint(String::new(), Vec::new());
    };
    if !session.can_undo() {
        let story = match &e.route {
            Route::Static {
                volume,
                pending: false,
            } => {
                format!("{followed} is bound to {volume}, a volume that already existed (static provisioning).")
            }
            Route::Dynamic {
                class,
                volume: Some(volume),
                pending: false,
                ..
            } => format!(
                "{followed} got {volume}, made for it from class {class} (dynamic provisioning)."
            ),
            Route::Blocked { message, .. } => format!("{followed} is stuck: {message}."),
            _ => format!("{followed} waits for its volume: the flowchart shows where it is."),
        };
        let text = if editable {
            format!("{story} Try a claim of your own: pick a class that provisions, or \"\" to bind an existing volume.")
        } else {
            format!("{story} Step, undo, or follow another claim to see its story.")
        };
        return hint(text, vec![add_claim, first_lesson]);
    }
    let text = match (&e.route, e.phase) {
        (Route::Blocked { message, .. }, _) => format!(
            "{followed} is stuck: {message}. Change what it asks for (Objects, Edit) or add what it needs."
        ),
        (Route::Lost { .. }, _) => {
            format!("{followed} lost its volume: its data is gone. Delete the claim and make a new one.")
        }
        (_, ClaimPhase::Bound) if e.note.is_some() => format!(
            "{followed} is being deleted: see below what holds it and what happens to its volume."
        ),
        (_, ClaimPhase::Bound) if e.pods.is_empty() => format!(
            "{followed} is Bound. Try deleting it (Delete claim) to see what its volume's reclaim policy does."
        ),
        (_, ClaimPhase::Bound) => format!(
            "{followed} is Bound and used by a pod. Try deleting the claim: pvc-protection keeps it until the pod goes."
        ),
        _ => format!("{followed} waits for its volume: see the flowchart for where it is."),
    };
    hint(text, vec![add_claim])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Action;
    use pv_engine::objects::{Kind, ObjectKey};

    #[test]
    fn a_change_without_a_claim_is_shown_on_the_cluster_graph_not_an_empty_flowchart() {
        assert_eq!(effect_tab(SeeTab::Flowchart, false), SeeTab::Graph);
        assert_eq!(effect_tab(SeeTab::Flowchart, true), SeeTab::Flowchart);
        // Another tab the learner chose shows the objects without a claim too.
        for tab in [
            SeeTab::Graph,
            SeeTab::Lifecycle,
            SeeTab::Tables,
            SeeTab::Events,
        ] {
            assert_eq!(effect_tab(tab, false), tab);
        }
    }

    #[test]
    fn every_tab_has_an_address_and_diagnose_is_reachable() {
        assert_eq!(
            tab_from_fragment("#diagnose"),
            Some(Tab::Act(ActTab::Diagnose))
        );
        assert_eq!(
            tab_from_fragment("console"),
            Some(Tab::Act(ActTab::Console))
        );
        assert_eq!(tab_from_fragment("#graph"), Some(Tab::See(SeeTab::Graph)));
        assert_eq!(tab_from_fragment("#state=AAAA"), None);
        assert_eq!(tab_from_fragment(""), None);
        let mut ids: Vec<&str> = SeeTab::ALL.iter().map(|t| t.id()).collect();
        ids.extend(ActTab::ALL.iter().map(|t| t.id()));
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "addresses are unique");
        for id in ids {
            assert!(tab_from_fragment(&format!("#{id}")).is_some(), "{id}");
        }
    }

    #[test]
    fn the_first_screen_says_what_to_try_and_offers_a_claim_and_the_first_lesson() {
        let hint = next_hint(&Session::settled_demo(), true);
        assert_eq!(
            hint.text,
            "shop/db-data is bound to pv-db, a volume that already existed (static provisioning). Try a claim of your own: pick a class that provisions, or \"\" to bind an existing volume."
        );
        assert_eq!(
            hint.offers,
            [Offer::AddClaim, Offer::Lesson("static-provisioning")]
        );
        // A widget's own first screen tells its claim's story; a read-only one offers no claim.
        let dynamic = Session::settled_demo().apply(Action::Select("shop/cache".into()));
        let hint = next_hint(&dynamic, false);
        assert!(
            hint.text.starts_with("shop/cache got pvc-")
                && hint
                    .text
                    .contains("made for it from class fast (dynamic provisioning). Step, undo"),
            "{}",
            hint.text
        );
        assert_eq!(hint.offers, [Offer::Lesson("static-provisioning")]);
    }

    #[test]
    fn the_hint_follows_the_state() {
        let stepping = Session::demo_stepping();
        assert_eq!(next_hint(&stepping, true).offers, [Offer::Step]);
        let empty = Session::settled_demo().apply(Action::Load(Box::new(Session::empty())));
        assert!(next_hint(&empty, true)
            .text
            .starts_with("The cluster has no claim"));
        let blocked = Session::settled_demo()
            .apply(Action::Restart)
            .apply(Action::Select("shop/reports".into()));
        assert_eq!(
            next_hint(&blocked, true).text,
            "shop/reports is stuck: storageclass.storage.k8s.io \"gold\" not found. Change what it asks for (Objects, Edit) or add what it needs."
        );
        let deleting = Session::settled_demo().apply(Action::Delete(ObjectKey::new(
            Kind::PersistentVolumeClaim,
            Some("shop"),
            "db-data",
        )));
        assert!(next_hint(&deleting, true).text.contains("is being deleted"));
    }
}
