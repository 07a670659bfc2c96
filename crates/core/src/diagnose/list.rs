//! Verdicts as the page lists them: one group or all, sorted by object, severity, reason or
//! age (ties by group, namespace and name, so the order never depends on the last sort), one
//! page of [`PAGE_SIZE`] at a time, whatever the dump's size.

use super::verdict::{Group, Verdict};
use super::Diagnosis;
use pv_engine::sort::CompactSort;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Verdicts shown per page: a screenful of cards to scan, few enough to draw in a frame.
pub const PAGE_SIZE: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SortBy {
    /// Kind, namespace, name.
    Object,
    /// Stuck, then waiting, then idle.
    Severity,
    /// Kubernetes' event reason.
    Reason,
    /// By age: the youngest first when ascending (kubectl's AGE read as a number).
    Age,
}

impl SortBy {
    pub const ALL: [SortBy; 4] = [
        SortBy::Severity,
        SortBy::Object,
        SortBy::Reason,
        SortBy::Age,
    ];

    pub fn title(self) -> &'static str {
        match self {
            SortBy::Object => "Object",
            SortBy::Severity => "Severity",
            SortBy::Reason => "Reason",
            SortBy::Age => "Age",
        }
    }

    /// The value a `<select>` carries.
    pub fn key(self) -> &'static str {
        match self {
            SortBy::Object => "object",
            SortBy::Severity => "severity",
            SortBy::Reason => "reason",
            SortBy::Age => "age",
        }
    }

    pub fn from_key(key: &str) -> Option<SortBy> {
        SortBy::ALL.into_iter().find(|s| s.key() == key)
    }

    fn compare(self, a: &Verdict, b: &Verdict) -> Ordering {
        match self {
            SortBy::Object => Ordering::Equal,
            SortBy::Severity => a.severity.cmp(&b.severity),
            SortBy::Reason => a.reason.cmp(&b.reason),
            SortBy::Age => a.age_seconds.cmp(&b.age_seconds),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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

    pub fn flipped(self) -> Direction {
        match self {
            Direction::Ascending => Direction::Descending,
            Direction::Descending => Direction::Ascending,
        }
    }
}

/// Which verdicts, in which order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listing {
    /// One group, or every verdict.
    pub group: Option<Group>,
    pub sort: SortBy,
    pub direction: Direction,
}

impl Default for Listing {
    /// Every verdict, stuck ones first.
    fn default() -> Self {
        Listing {
            group: None,
            sort: SortBy::Severity,
            direction: Direction::Ascending,
        }
    }
}

fn object_order(a: &Verdict, b: &Verdict) -> Ordering {
    a.group()
        .cmp(&b.group())
        .then_with(|| a.subject.namespace.cmp(&b.subject.namespace))
        .then_with(|| a.subject.name.cmp(&b.subject.name))
}

impl Diagnosis {
    /// The verdicts a listing shows, in its order.
    pub fn list(&self, listing: &Listing) -> Vec<&Verdict> {
        self.listed(listing)
            .into_iter()
            .map(|i| &self.verdicts[i])
            .collect()
    }

    /// The same, as indices into `verdicts` (what a view keeps between renders).
    pub fn listed(&self, listing: &Listing) -> Vec<usize> {
        let verdicts = &self.verdicts;
        let mut shown: Vec<usize> = (0..verdicts.len())
            .filter(|&i| listing.group.is_none_or(|g| verdicts[i].group() == g))
            .collect();
        shown.compact_sort_by(|&a, &b| {
            let (a, b) = (&verdicts[a], &verdicts[b]);
            let by = match listing.direction {
                Direction::Ascending => listing.sort.compare(a, b),
                Direction::Descending => listing.sort.compare(b, a),
            };
            let object = match (listing.sort, listing.direction) {
                (SortBy::Object, Direction::Descending) => object_order(b, a),
                _ => object_order(a, b),
            };
            by.then(object)
        });
        shown
    }
}

/// How many pages of [`PAGE_SIZE`] (at least one, even when empty).
pub fn pages(len: usize) -> usize {
    len.div_ceil(PAGE_SIZE).max(1)
}

/// Page `number` (1-based, clamped to the pages there are) of `items`.
pub fn page<T>(items: &[T], number: usize) -> &[T] {
    let number = number.clamp(1, pages(items.len()));
    let start = (number - 1) * PAGE_SIZE;
    let end = (start + PAGE_SIZE).min(items.len());
    items.get(start..end).unwrap_or_default()
}
