//! Diagnose mode: a real cluster's dump (`kubectl get pv,pvc,sc,pods,nodes -A -o yaml`) read
//! as it is — imported, never settled — and every Pending claim listed with the reason
//! Kubernetes gives, its message, and which volume would fit, as rows a table sorts and pages.
//! Pure; the view and `pvsim explain` both read it.

use crate::manifest::{self, tables};
pub use crate::problem::Problem;
use pv_engine::classes::claim_class_or_empty;
use pv_engine::explain::{Blocked, PendingRoute, Route};
use pv_engine::objects::{AccessModes, ObjectKey, PersistentVolumeClaim};
use pv_engine::quantity::Quantity;
use pv_engine::sort::CompactSort;
use pv_engine::{ApiError, Cluster};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Rows shown per page: enough to scan, few enough to draw in a frame.
pub const PAGE_SIZE: usize = 50;

/// Which volume, if any, would end the claim's wait.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fit {
    /// Passes every rule of the PV controller: its next pass binds it.
    Binds(String),
    /// The claim's class binds on first consumer: this volume passes every other rule, and the
    /// scheduler may pick it once a pod is placed on a node its affinity allows.
    Candidate(String),
    /// No volume fits; dynamic provisioning by this provisioner is the route (once a pod is
    /// placed, for a class that waits for the first consumer).
    Provisioned {
        provisioner: String,
        after_scheduling: bool,
    },
    /// No volume fits and nothing will provision one.
    Nothing,
}

impl Fit {
    /// The fitting volume's name, if one fits.
    pub fn volume(&self) -> Option<&str> {
        match self {
            Fit::Binds(v) | Fit::Candidate(v) => Some(v),
            Fit::Provisioned { .. } | Fit::Nothing => None,
        }
    }

    /// The table cell.
    pub fn text(&self) -> String {
        match self {
            Fit::Binds(v) => format!("{v} (the PV controller binds it on its next pass)"),
            Fit::Candidate(v) => format!("{v} (the scheduler's candidate once a pod is placed)"),
            Fit::Provisioned {
                provisioner,
                after_scheduling: false,
            } => format!("none: dynamic provisioning by {provisioner}"),
            Fit::Provisioned { provisioner, .. } => {
                format!("none: dynamic provisioning by {provisioner} once a pod is placed")
            }
            Fit::Nothing => "none, and nothing provisions one".into(),
        }
    }
}

/// One Pending claim, as the table shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingClaimRow {
    pub namespace: String,
    pub claim: String,
    /// `STORAGECLASS` as kubectl prints it (empty for none).
    pub class: String,
    pub request: Option<Quantity>,
    /// `RWO,ROX`, kubectl's short names.
    pub access_modes: String,
    /// Seconds from the claim's creation to the newest timestamp in the dump (the dump holds no
    /// clock); None without a creationTimestamp.
    pub age_seconds: Option<i64>,
    /// The event reason Kubernetes records (`ProvisioningFailed`, `WaitForFirstConsumer`, …);
    /// empty where it records none.
    pub reason: String,
    /// The event's message, or what the state means where there is no event.
    pub message: String,
    pub fit: Fit,
}

impl PendingClaimRow {
    /// `AGE` as kubectl prints it.
    pub fn age(&self) -> String {
        self.age_seconds
            .map(tables::human_duration)
            .unwrap_or_else(|| "<unknown>".into())
    }

    /// `5Gi`, or empty for a claim without a request.
    pub fn request_text(&self) -> String {
        self.request
            .as_ref()
            .map(Quantity::to_string)
            .unwrap_or_default()
    }
}

/// The table's columns, each sortable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Column {
    Namespace,
    Claim,
    Class,
    Request,
    AccessModes,
    Age,
    Reason,
    Message,
    Fit,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Namespace,
        Column::Claim,
        Column::Class,
        Column::Request,
        Column::AccessModes,
        Column::Age,
        Column::Reason,
        Column::Message,
        Column::Fit,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Namespace => "Namespace",
            Column::Claim => "Claim",
            Column::Class => "Class",
            Column::Request => "Request",
            Column::AccessModes => "Access modes",
            Column::Age => "Age",
            Column::Reason => "Reason",
            Column::Message => "Message",
            Column::Fit => "Volume that would fit",
        }
    }

    /// The row's cell in this column.
    pub fn cell(self, row: &PendingClaimRow) -> String {
        match self {
            Column::Namespace => row.namespace.clone(),
            Column::Claim => row.claim.clone(),
            Column::Class => row.class.clone(),
            Column::Request => row.request_text(),
            Column::AccessModes => row.access_modes.clone(),
            Column::Age => row.age(),
            Column::Reason => row.reason.clone(),
            Column::Message => row.message.clone(),
            Column::Fit => row.fit.text(),
        }
    }

    /// Rows in this column's order: quantities and ages by value, text by bytes.
    fn compare(self, a: &PendingClaimRow, b: &PendingClaimRow) -> Ordering {
        match self {
            Column::Namespace => a.namespace.cmp(&b.namespace),
            Column::Claim => a.claim.cmp(&b.claim),
            Column::Class => a.class.cmp(&b.class),
            Column::Request => a.request.cmp(&b.request),
            Column::AccessModes => a.access_modes.cmp(&b.access_modes),
            Column::Age => a.age_seconds.cmp(&b.age_seconds),
            Column::Reason => a.reason.cmp(&b.reason),
            Column::Message => a.message.cmp(&b.message),
            Column::Fit => a.fit.text().cmp(&b.fit.text()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Ascending,
    Descending,
}

impl Direction {
    /// The `aria-sort` value.
    pub fn aria(self) -> &'static str {
        match self {
            Direction::Ascending => "ascending",
            Direction::Descending => "descending",
        }
    }
}

/// A cluster's Pending claims and how many claims it holds. Serde's derives carry it from the
/// page's worker to the page (`jobs::Diagnosed`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub rows: Vec<PendingClaimRow>,
    pub claims: usize,
    /// Objects in the dump the simulator does not model (Deployments, …), left out.
    pub skipped: usize,
    pub sorted_by: (Column, Direction),
}

/// Every Pending claim of the cluster as it is (no controller runs), in namespace/name order.
pub fn diagnose(cluster: &Cluster) -> Diagnosis {
    let now = cluster.now();
    let rows = cluster
        .pending_routes()
        .into_iter()
        .filter_map(|pending| {
            let claim = cluster.claim(&pending.namespace, &pending.name)?;
            let age_seconds = claim
                .metadata
                .creation_timestamp
                .map(|created| created.seconds_until(now));
            Some(PendingClaimRow {
                class: claim_class_or_empty(claim).to_owned(),
                request: claim.spec.request().cloned(),
                access_modes: AccessModes::from_strings(&claim.spec.access_modes).short_string(),
                age_seconds,
                reason: pending.route.event_reason().unwrap_or_default().to_owned(),
                message: pending.route.message(),
                fit: fit(cluster, claim, &pending),
                namespace: pending.namespace,
                claim: pending.name,
            })
        })
        .collect();
    let mut diagnosis = Diagnosis {
        rows,
        claims: cluster.claims().count(),
        skipped: 0,
        sorted_by: (Column::Namespace, Direction::Ascending),
    };
    diagnosis.sort(Column::Namespace, Direction::Ascending);
    diagnosis
}

/// Reads a dump and diagnoses it as it is: imported with its uids, status and finalizers,
/// never settled. Any parse or import error stops it (a claim left out would change which
/// volume fits the others), each at its line where it has one.
pub fn diagnose_text(text: &str) -> Result<Diagnosis, Vec<Problem>> {
    diagnose_parsed(manifest::parse(text))
}

/// [`diagnose_text`] of a dump already read (a large one is read a chunk at a time by a
/// [`manifest::Stream`]).
pub fn diagnose_parsed(parsed: manifest::Parsed) -> Result<Diagnosis, Vec<Problem>> {
    if parsed.has_errors() {
        return Err(parsed.errors);
    }
    let skipped = parsed.skipped.len();
    let lines: Vec<(ObjectKey, u32)> = parsed
        .objects
        .iter()
        .map(|p| (p.object.key(), p.line))
        .collect();
    let mut cluster = Cluster::new();
    if let Err(errors) = cluster.import(parsed.into_objects()) {
        return Err(errors
            .iter()
            .map(|e| {
                let line = error_key(e)
                    .and_then(|key| lines.iter().find(|(k, _)| k == key).map(|(_, line)| *line));
                match line {
                    Some(line) => Problem::at_line(line, e.to_string()),
                    None => Problem::nowhere(e.to_string()),
                }
            })
            .collect());
    }
    let mut diagnosis = diagnose(&cluster);
    diagnosis.skipped = skipped;
    Ok(diagnosis)
}

fn error_key(error: &ApiError) -> Option<&ObjectKey> {
    match error {
        ApiError::Invalid { key, .. } | ApiError::AlreadyExists(key) | ApiError::NotFound(key) => {
            Some(key)
        }
        ApiError::Forbidden(_) => None,
    }
}

/// Which volume would fit, read from the route the PV controller would take.
fn fit(cluster: &Cluster, claim: &PersistentVolumeClaim, pending: &PendingRoute) -> Fit {
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
            None => cluster
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

impl Diagnosis {
    /// Pending claims.
    pub fn pending(&self) -> usize {
        self.rows.len()
    }

    /// Sorts by a column, ties by namespace and name (so the order never depends on the last
    /// sort), stable.
    pub fn sort(&mut self, column: Column, direction: Direction) {
        self.rows.compact_sort_by(|a, b| {
            let by_column = match direction {
                Direction::Ascending => column.compare(a, b),
                Direction::Descending => column.compare(b, a),
            };
            by_column
                .then_with(|| a.namespace.cmp(&b.namespace))
                .then_with(|| a.claim.cmp(&b.claim))
        });
        self.sorted_by = (column, direction);
    }

    /// The order a click on a column's header asks for: the other direction on the sorted
    /// column, ascending on any other.
    pub fn next_sort(&self, column: Column) -> Direction {
        match self.sorted_by {
            (c, Direction::Ascending) if c == column => Direction::Descending,
            _ => Direction::Ascending,
        }
    }

    /// How many pages of [`PAGE_SIZE`] rows (at least one, even when empty).
    pub fn pages(&self) -> usize {
        self.rows.len().div_ceil(PAGE_SIZE).max(1)
    }

    /// The rows of page `number` (1-based, clamped to the pages there are).
    pub fn page(&self, number: usize) -> &[PendingClaimRow] {
        let number = number.clamp(1, self.pages());
        let start = (number - 1) * PAGE_SIZE;
        let end = (start + PAGE_SIZE).min(self.rows.len());
        self.rows.get(start..end).unwrap_or_default()
    }

    /// `3 Pending claims of 40 claims`.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        format!(
            "{} of {}",
            plural(self.pending(), "Pending claim"),
            plural(self.claims, "claim")
        )
    }
}
