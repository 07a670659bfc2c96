//! Verdicts on claims: every Pending claim with the route the PV controller's next pass would
//! take (`explain::pending_routes`), Lost claims (and Bound ones whose volume is gone or bound
//! to another claim, which the controller is about to mark Lost, `docs/kubernetes-rules.md`
//! §4.2), and claims stuck Terminating with the pods that hold them (§11.1).

use super::near_miss::{self, Ranked};
use super::remedy;
use super::verdict::{ClaimFacts, ClassRequest, Finding, Fit, Severity, Verdict};
use super::{claim_key, Context, PROVISIONING_GRACE_SECONDS};
use pv_engine::annotations as ann;
use pv_engine::classes::{claim_class, claim_class_or_empty};
use pv_engine::explain::{Blocked, PendingRoute, Route};
use pv_engine::matching::ClaimView;
use pv_engine::objects::{AccessModes, ClaimPhase, PersistentVolumeClaim};

/// Verdicts on every claim that is not simply Bound, in namespace/name order.
pub(super) fn verdicts(ctx: &Context) -> Vec<Verdict> {
    let routes = &ctx.routes;
    let mut out = Vec::new();
    for claim in ctx.cluster.claims() {
        let namespace = namespace_of(claim);
        if claim.metadata.is_being_deleted() {
            out.extend(terminating(ctx, claim));
            continue;
        }
        match claim.status.phase {
            ClaimPhase::Pending => {
                if let Some(route) =
                    routes.get(&(namespace.to_owned(), claim.metadata.name.clone()))
                {
                    let mut verdict = pending(ctx, claim, route);
                    verdict.evidence.extend(workload_notes(ctx, claim));
                    out.push(verdict);
                }
            }
            ClaimPhase::Lost => out.push(lost(ctx, claim, None)),
            ClaimPhase::Bound => match bound_but_lost(ctx, claim) {
                Some(lost) => out.push(lost),
                None => out.extend(resized_or_retained(ctx, claim)),
            },
        }
    }
    out
}

fn namespace_of(claim: &PersistentVolumeClaim) -> &str {
    claim
        .metadata
        .namespace
        .as_deref()
        .filter(|n| !n.is_empty())
        .unwrap_or("default")
}

/// `""` and unset kept apart (the beta annotation counts as set).
pub(super) fn class_request(claim: &PersistentVolumeClaim) -> ClassRequest {
    match claim_class(claim) {
        None => ClassRequest::Unset,
        Some("") => ClassRequest::Empty,
        Some(name) => ClassRequest::Named(name.to_owned()),
    }
}

fn facts(
    claim: &PersistentVolumeClaim,
    status: &str,
    provisioning: String,
    fit: Option<Fit>,
) -> ClaimFacts {
    ClaimFacts {
        class: class_request(claim),
        request: claim
            .spec
            .request()
            .map(ToString::to_string)
            .unwrap_or_default(),
        access_modes: AccessModes::from_strings(&claim.spec.access_modes).short_string(),
        selector: claim
            .spec
            .selector
            .as_ref()
            .map(pv_engine::explain::selector_text),
        volume_name: claim.spec.volume_name.clone(),
        status: status.to_owned(),
        provisioning,
        fit,
    }
}

/// Who mounts the claim, in a sentence.
fn users_sentence(ctx: &Context, claim: &PersistentVolumeClaim) -> String {
    let users = ctx.users(namespace_of(claim), &claim.metadata.name);
    if users.is_empty() {
        return "No pod mounts it.".into();
    }
    let described: Vec<String> = users
        .iter()
        .map(|pod| {
            if pod.spec.node_name.is_empty() {
                format!("{} (not scheduled)", pod.metadata.name)
            } else {
                format!("{} (on node {})", pod.metadata.name, pod.spec.node_name)
            }
        })
        .collect();
    format!("Mounted by pod {}.", described.join(", pod "))
}

fn pending(ctx: &Context, claim: &PersistentVolumeClaim, route: &PendingRoute) -> Verdict {
    let fit = fit(ctx, claim, route);
    let reason = route.route.event_reason().unwrap_or_default().to_owned();
    let message = route.route.message();
    let class = claim_class_or_empty(claim);
    let age = ctx.age(&claim.metadata);
    let (finding, severity) = finding(route, &fit, age);
    let provisioning = provisioning(ctx, claim, &route.route, &fit);
    let mut evidence = vec![
        ctx.classes_sentence(),
        provisioning.clone(),
        users_sentence(ctx, claim),
    ];
    let view = ClaimView::new(claim);
    let needs_volume = severity == Severity::Stuck
        && matches!(
            finding,
            Finding::ClaimNoClass
                | Finding::ClaimNoSuchClass { .. }
                | Finding::ClaimNoProvisioner { .. }
                | Finding::ClaimSelectorRefused
                | Finding::ClaimWaitsForConsumer
                | Finding::ClaimWaitsForPods { .. }
        );
    let ranked: Vec<Ranked> = if needs_volume {
        let allow = near_miss::class_change_allowed(ctx, class);
        near_miss::rank(ctx, &view, allow, near_miss::SHOWN)
    } else {
        named_volume(ctx, claim, &view)
    };
    if needs_volume && ranked.is_empty() {
        evidence.push(
            "No volume comes close: every volume in the dump is bound to another claim or being deleted."
                .into(),
        );
    }
    let (fix, alternatives) = if severity == Severity::Stuck {
        remedy::for_pending_claim(ctx, claim, &finding, &ranked)
    } else {
        (None, Vec::new())
    };
    if !alternatives.is_empty() {
        evidence.extend(
            alternatives
                .iter()
                .map(|alt| format!("Another way: {}", alt.summary)),
        );
    }
    Verdict {
        subject: claim_key(namespace_of(claim), &claim.metadata.name),
        severity,
        finding,
        reason,
        message,
        evidence,
        claim: Some(facts(claim, "Pending", provisioning, Some(fit))),
        near_misses: ranked.into_iter().map(|r| r.near_miss).collect(),
        fix,
        age_seconds: age,
    }
}

/// A claim that names its volume: that volume is the only near miss there can be.
fn named_volume<'a>(
    ctx: &Context<'a>,
    claim: &PersistentVolumeClaim,
    view: &ClaimView,
) -> Vec<Ranked<'a>> {
    ctx.cluster
        .volume(&claim.spec.volume_name)
        .map(|pv| near_miss::named(ctx, pv, view))
        .into_iter()
        .collect()
}

fn finding(route: &PendingRoute, fit: &Fit, age: Option<i64>) -> (Finding, Severity) {
    match &route.route {
        Route::Static { volume, .. }
        | Route::Dynamic {
            volume: Some(volume),
            ..
        } => (
            Finding::ClaimBindsNext {
                volume: volume.clone(),
            },
            Severity::Waiting,
        ),
        Route::Dynamic { provisioner, .. } => {
            let overdue = age.is_some_and(|a| a >= PROVISIONING_GRACE_SECONDS);
            (
                Finding::ClaimProvisioning {
                    provisioner: provisioner.clone(),
                },
                if overdue {
                    Severity::Stuck
                } else {
                    Severity::Waiting
                },
            )
        }
        Route::Lost { volume, .. } => (
            Finding::ClaimLost {
                volume: volume.clone(),
            },
            Severity::Stuck,
        ),
        Route::Blocked {
            reason, message, ..
        } => {
            let stuck = |finding| (finding, Severity::Stuck);
            match reason {
                Blocked::NoClass => stuck(Finding::ClaimNoClass),
                Blocked::NoSuchClass => stuck(Finding::ClaimNoSuchClass {
                    class: quoted_in(message).unwrap_or_default(),
                }),
                Blocked::NoProvisioner => stuck(Finding::ClaimNoProvisioner {
                    provisioner: message
                        .rsplit_once(": ")
                        .map(|(_, p)| p.to_owned())
                        .unwrap_or_default(),
                }),
                Blocked::SelectorRefused => stuck(Finding::ClaimSelectorRefused),
                Blocked::VolumeMissing => stuck(Finding::ClaimVolumeMissing {
                    volume: quoted_in(message).unwrap_or_default(),
                }),
                Blocked::VolumeTaken => stuck(Finding::ClaimVolumeTaken {
                    volume: quoted_in(message).unwrap_or_default(),
                }),
                Blocked::VolumeMismatch => stuck(Finding::ClaimVolumeMismatch {
                    volume: quoted_in(message).unwrap_or_default(),
                }),
                Blocked::WaitForFirstConsumer => (
                    Finding::ClaimWaitsForConsumer,
                    if *fit == Fit::Nothing {
                        Severity::Stuck
                    } else {
                        Severity::Waiting
                    },
                ),
                Blocked::WaitForPodScheduled => (
                    Finding::ClaimWaitsForPods {
                        pods: route_pods(message),
                    },
                    // The pods' own verdicts may make it stuck (`follow_pods`).
                    if *fit == Fit::Nothing {
                        Severity::Stuck
                    } else {
                        Severity::Waiting
                    },
                ),
                Blocked::Terminating => stuck(Finding::ClaimTerminating {
                    holders: Vec::new(),
                }),
            }
        }
    }
}

/// The first `"…"` of a message.
fn quoted_in(message: &str) -> Option<String> {
    let (_, rest) = message.split_once('"')?;
    Some(rest.split_once('"')?.0.to_owned())
}

/// The pods of a WaitForPodScheduled message (`waiting for pod(s) a,b to be scheduled`).
fn route_pods(message: &str) -> Vec<String> {
    let list = message
        .strip_prefix("waiting for pods ")
        .or_else(|| message.strip_prefix("waiting for pod "))
        .and_then(|rest| rest.strip_suffix(" to be scheduled"))
        .unwrap_or_default();
    list.split(',')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Which volume would end the claim's wait, read from the route the PV controller would take.
fn fit(ctx: &Context, claim: &PersistentVolumeClaim, pending: &PendingRoute) -> Fit {
    match &pending.route {
        Route::Static { volume, .. } => Fit::Binds(volume.clone()),
        Route::Dynamic { provisioner, .. } => Fit::Provisioned {
            provisioner: provisioner.clone(),
            after_scheduling: false,
        },
        Route::Blocked {
            reason: Blocked::WaitForFirstConsumer | Blocked::WaitForPodScheduled,
            ..
        } => match &pending.scheduler_candidate {
            Some(volume) => Fit::Candidate(volume.clone()),
            None => ctx
                .cluster
                .class(claim_class_or_empty(claim))
                .map(|class| class.provisioner.as_str())
                .filter(|p| pv_engine::provisioner::serves(p))
                .map_or(Fit::Nothing, |p| Fit::Provisioned {
                    provisioner: p.to_owned(),
                    after_scheduling: true,
                }),
        },
        Route::Blocked { .. } | Route::Lost { .. } => Fit::Nothing,
    }
}

/// Whether dynamic provisioning is the route, and why not when it is not.
fn provisioning(ctx: &Context, claim: &PersistentVolumeClaim, route: &Route, fit: &Fit) -> String {
    let class = class_request(claim);
    let named_class = || {
        ctx.cluster
            .class(claim_class_or_empty(claim))
            .map(|c| c.provisioner.clone())
    };
    match route {
        Route::Static { volume, .. } => {
            format!("Provisioning is not needed: volume {volume} fits it.")
        }
        Route::Dynamic { class, provisioner, .. } => format!(
            "Dynamic provisioning is the route: class {class:?} is provisioned by {provisioner}."
        ),
        Route::Lost { volume, .. } => {
            format!("It was bound to volume {volume}: provisioning is not tried again.")
        }
        Route::Blocked { reason, .. } => match reason {
            Blocked::NoClass => match class {
                ClassRequest::Empty => "Dynamic provisioning is not the route: class \"\" means no class, and a claim without a class is never provisioned.".into(),
                _ => "Dynamic provisioning is not the route: its class is unset and no StorageClass is the default (none is annotated storageclass.kubernetes.io/is-default-class: \"true\"), so it has no class.".into(),
            },
            Blocked::NoSuchClass => format!(
                "Dynamic provisioning is not the route: no StorageClass is named {}.",
                class.text()
            ),
            Blocked::NoProvisioner => {
                let provisioner = named_class().unwrap_or_default();
                if provisioner == "kubernetes.io/no-provisioner" {
                    format!("Dynamic provisioning is not the route: class {} names kubernetes.io/no-provisioner, which creates no volumes (they are made by hand).", class.text())
                } else {
                    format!("Dynamic provisioning is not the route: class {} names {provisioner}, for which no volume plugin is registered.", class.text())
                }
            }
            Blocked::SelectorRefused => "Dynamic provisioning is not the route: the claim has a selector, and provisioners refuse claims with one.".into(),
            Blocked::VolumeMissing | Blocked::VolumeTaken | Blocked::VolumeMismatch => format!(
                "Dynamic provisioning is not the route: spec.volumeName names volume {}, and only that volume can bind it.",
                claim.spec.volume_name
            ),
            Blocked::WaitForFirstConsumer | Blocked::WaitForPodScheduled => match fit {
                Fit::Candidate(volume) => format!(
                    "Its class binds on first consumer: volume {volume} fits once a pod is placed on a node it allows."
                ),
                Fit::Provisioned { provisioner, .. } => format!(
                    "Dynamic provisioning is the route once a pod is placed: {provisioner} provisions class {}.",
                    class.text()
                ),
                _ => match named_class() {
                    Some(p) if p == "kubernetes.io/no-provisioner" => format!(
                        "Dynamic provisioning is not the route: class {} names kubernetes.io/no-provisioner, and no free volume of that class fits.",
                        class.text()
                    ),
                    _ => format!(
                        "Dynamic provisioning is not the route: no provisioner serves class {}, and no free volume fits.",
                        class.text()
                    ),
                },
            },
            Blocked::Terminating => "The claim is being deleted.".into(),
        },
    }
}

/// A Lost claim (`lost`), or a Bound one whose volume is gone or bound to another claim.
fn bound_but_lost(ctx: &Context, claim: &PersistentVolumeClaim) -> Option<Verdict> {
    let pv = ctx.cluster.volume(&claim.spec.volume_name);
    let misbound = pv.is_some_and(|pv| {
        pv.spec
            .claim_ref
            .as_ref()
            .is_some_and(|r| !r.uid.is_empty() && r.uid != claim.metadata.uid)
    });
    let missing = pv.is_none() && claim.metadata.has_annotation(ann::BIND_COMPLETED, ann::YES);
    (missing || misbound).then(|| lost(ctx, claim, Some(misbound)))
}

/// What the claim's StatefulSet or owners say of it (rule book §17, §20): which set and
/// ordinal made it, the pod it waits for, who deletes it.
fn workload_notes(ctx: &Context, claim: &PersistentVolumeClaim) -> Vec<String> {
    use pv_engine::claim_notes::Note;
    ctx.cluster
        .claim_notes(claim)
        .iter()
        .filter(|note| {
            matches!(
                note,
                Note::FromTemplate { .. } | Note::WaitsForPod { .. } | Note::Owned { .. }
            )
        })
        .map(Note::text)
        .collect()
}

/// A Bound claim whose expansion is under way or stuck (rule book §19), or one a StatefulSet
/// scaled away from and retains (§17): the engine's own notes on the claim, as a verdict.
fn resized_or_retained(ctx: &Context, claim: &PersistentVolumeClaim) -> Option<Verdict> {
    use pv_engine::claim_notes::Note;
    let notes = ctx.cluster.claim_notes(claim);
    let (severity, finding, reason, note) = notes.iter().find_map(|note| {
        let (severity, finding, reason) = match note {
            Note::ResizeStuck {
                request, capacity, ..
            } => (
                Severity::Stuck,
                Finding::ClaimResizeStuck {
                    request: request.to_string(),
                    capacity: capacity.to_string(),
                },
                "",
            ),
            Note::Resizing { target } => (
                Severity::Waiting,
                Finding::ClaimResizing {
                    target: target.to_string(),
                },
                "Resizing",
            ),
            Note::ResizeWaitsForPod { pod, .. } => (
                Severity::Waiting,
                Finding::ClaimResizeWaitsForPod { pod: pod.clone() },
                "FileSystemResizeRequired",
            ),
            Note::KeptAfterScaleDown { set, .. } => (
                Severity::Idle,
                Finding::ClaimRetained { set: set.clone() },
                "",
            ),
            _ => return None,
        };
        Some((severity, finding, reason, note))
    })?;
    let mut evidence: Vec<String> = notes
        .iter()
        .filter(|other| *other != note)
        .map(|other| other.text())
        .collect();
    evidence.push(users_sentence(ctx, claim));
    Some(Verdict {
        subject: claim_key(namespace_of(claim), &claim.metadata.name),
        severity,
        finding,
        reason: reason.into(),
        message: note.text(),
        evidence,
        claim: Some(facts(
            claim,
            "Bound",
            "It is bound: provisioning is not tried again for it.".into(),
            None,
        )),
        near_misses: Vec::new(),
        fix: matches!(note, Note::ResizeStuck { .. }).then(|| remedy::for_stuck_resize(ctx, claim)),
        age_seconds: ctx.age(&claim.metadata),
    })
}

/// A claim that lost its volume: Lost in the dump, or about to be (`misbound` says which way).
fn lost(ctx: &Context, claim: &PersistentVolumeClaim, about_to: Option<bool>) -> Verdict {
    let volume = claim.spec.volume_name.clone();
    let exists = ctx.cluster.volume(&volume).is_some();
    let (reason, message) = if exists {
        (
            "ClaimMisbound",
            "Two claims are bound to the same volume, this one is bound incorrectly",
        )
    } else if volume.is_empty() {
        (
            "ClaimLost",
            "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!",
        )
    } else {
        (
            "ClaimLost",
            "Bound claim has lost its PersistentVolume. Data on the volume is lost!",
        )
    };
    let mut evidence = vec![if exists {
        let holder = ctx
            .cluster
            .volume(&volume)
            .and_then(|pv| pv.spec.claim_ref.as_ref())
            .map(|r| format!("{}/{}", r.namespace, r.name))
            .unwrap_or_default();
        format!("Volume {volume} is bound to {holder} (another uid), not to this claim.")
    } else {
        format!("Volume {volume:?} named by spec.volumeName does not exist.")
    }];
    if about_to.is_some() {
        evidence.push(
            "The dump shows it Bound; the PV controller marks it Lost on its next pass.".into(),
        );
    }
    evidence.push(users_sentence(ctx, claim));
    let (fix, alternatives) = remedy::for_lost_claim(ctx, claim);
    evidence.extend(
        alternatives
            .iter()
            .map(|a| format!("Another way: {}", a.summary)),
    );
    let status = if about_to.is_some() { "Bound" } else { "Lost" };
    Verdict {
        subject: claim_key(namespace_of(claim), &claim.metadata.name),
        severity: Severity::Stuck,
        finding: Finding::ClaimLost { volume },
        reason: reason.into(),
        message: message.into(),
        evidence,
        claim: Some(facts(
            claim,
            status,
            "It was bound: provisioning is not tried again for it.".into(),
            None,
        )),
        near_misses: Vec::new(),
        fix,
        age_seconds: ctx.age(&claim.metadata),
    }
}

/// A claim being deleted: held by pvc-protection while scheduled pods use it (stuck), by
/// other finalizers (stuck), or about to go (not a verdict).
fn terminating(ctx: &Context, claim: &PersistentVolumeClaim) -> Option<Verdict> {
    let namespace = namespace_of(claim);
    let holders: Vec<String> = ctx
        .cluster
        .claim_holders(namespace, &claim.metadata.name)
        .map(str::to_owned)
        .collect();
    let others: Vec<&String> = claim
        .metadata
        .finalizers
        .iter()
        .filter(|f| *f != ann::PVC_PROTECTION)
        .collect();
    if holders.is_empty() && others.is_empty() {
        return None;
    }
    let mut evidence = vec![format!(
        "It was deleted{}, and is kept (kubectl shows Terminating) by its finalizers: {}.",
        claim
            .metadata
            .deletion_timestamp
            .map(|t| format!(" at {t}"))
            .unwrap_or_default(),
        claim.metadata.finalizers.join(", ")
    )];
    if holders.is_empty() {
        evidence.push(format!(
            "No scheduled pod uses it, so pvc-protection lets it go; {} is another controller's, and that controller has not removed it.",
            others.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
        ));
    } else {
        evidence.push(format!(
            "pvc-protection keeps it while a scheduled pod mounts it: {}.",
            holders.join(", ")
        ));
    }
    let fix = remedy::for_terminating_claim(ctx, claim, &holders, !others.is_empty());
    Some(Verdict {
        subject: claim_key(namespace, &claim.metadata.name),
        severity: Severity::Stuck,
        finding: Finding::ClaimTerminating {
            holders: holders.clone(),
        },
        reason: String::new(),
        message: if holders.is_empty() {
            "the claim is being deleted, and finalizers other than pvc-protection keep it".into()
        } else {
            format!(
                "the claim is being deleted, and pvc-protection keeps it while pod {} uses it",
                holders.join(", ")
            )
        },
        evidence,
        claim: Some(facts(
            claim,
            "Terminating",
            "The claim is being deleted.".into(),
            None,
        )),
        near_misses: Vec::new(),
        fix: Some(fix),
        age_seconds: ctx.age(&claim.metadata),
    })
}

/// A claim waiting for its pods to be scheduled is as stuck as they are: it takes their
/// severity, and their fix when it has none of its own.
pub(super) fn follow_pods(claims: &mut [Verdict], pods: &[Verdict]) {
    for verdict in claims.iter_mut() {
        let Finding::ClaimWaitsForPods { pods: names } = &verdict.finding else {
            continue;
        };
        let namespace = verdict.subject.namespace.clone();
        let stuck_pod = names.iter().find_map(|name| {
            pods.iter().find(|p| {
                p.subject.namespace == namespace
                    && p.subject.name == *name
                    && p.severity == Severity::Stuck
            })
        });
        if let Some(pod) = stuck_pod {
            verdict.severity = Severity::Stuck;
            verdict.evidence.push(format!(
                "Pod {} cannot be scheduled: {}",
                pod.subject.name, pod.message
            ));
            if verdict.fix.is_none() {
                verdict.fix = pod.fix.clone();
            }
        }
    }
}
