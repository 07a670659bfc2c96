//! The claim picker's choices: every claim when there are a few hundred at most; past that,
//! the ones matching what the learner typed, at most [`MAX_LISTED`] of them and always the
//! claim followed, with a line that says how many more match. A `<select>` of 10,000 options
//! costs the page a tenth of a second to draw on every change and is no way to find a claim.
//! Pure and natively tested; the view draws it.

use crate::jobs::thousands;

/// The most claims the picker lists; a cluster with more gets a search field.
pub const MAX_LISTED: usize = 200;

/// What the picker lists for one search: indices into the claims (in their order), and how
/// many claims match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices {
    /// The claims listed, as indices into the claims given, in order.
    pub listed: Vec<usize>,
    /// How many claims match the search (all of them for an empty one); the followed claim
    /// is listed even when it does not match, and is not counted then.
    pub matching: usize,
    /// How many of the listed claims match (the followed one may be listed without).
    pub listed_matching: usize,
    /// Whether there are too many claims to list them all: the picker offers the search.
    pub searchable: bool,
}

/// Whether `claim` (`namespace/name`) matches `query`: every word of it (case aside) is part
/// of the claim, so `team-3 db` finds `team-3/db-data`.
pub fn matches(claim: &str, query: &str) -> bool {
    // No words, no work: the empty search runs on every change of a 10,000-claim cluster.
    if query.trim().is_empty() {
        return true;
    }
    let claim = claim.to_lowercase();
    query
        .split_whitespace()
        .all(|word| claim.contains(&word.to_lowercase()))
}

/// The choices among `claims` (sorted, `namespace/name`) for `query`, `followed` always
/// among them when it is a claim.
pub fn choose(claims: &[String], query: &str, followed: &str) -> Choices {
    if claims.len() <= MAX_LISTED {
        return Choices {
            listed: (0..claims.len()).collect(),
            matching: claims.len(),
            listed_matching: claims.len(),
            searchable: false,
        };
    }
    // A place is kept for the followed claim until it comes.
    let mut keep_place = claims.iter().any(|c| c == followed);
    let mut choices = Choices {
        listed: Vec::new(),
        matching: 0,
        listed_matching: 0,
        searchable: true,
    };
    for (i, claim) in claims.iter().enumerate() {
        let is_followed = claim == followed;
        let hit = matches(claim, query);
        choices.matching += usize::from(hit);
        let room = choices.listed.len() + usize::from(keep_place) < MAX_LISTED;
        if is_followed || (hit && room) {
            choices.listed.push(i);
            choices.listed_matching += usize::from(hit);
            keep_place &= !is_followed;
        }
    }
    choices
}

impl Choices {
    /// The line under a searchable picker: how many claims match and how many are listed,
    /// and what to do to see the others.
    pub fn summary(&self, total: usize, query: &str, followed: &str) -> String {
        let query = query.trim();
        let listed_matches = self.listed_matching;
        let plural = |n: usize| if n == 1 { "claim" } else { "claims" };
        if query.is_empty() {
            return format!(
                "{} {}; {listed_matches} are listed. Type part of a namespace or name to find the others.",
                thousands(total as u64),
                plural(total)
            );
        }
        if self.matching == 0 {
            let still = if followed.is_empty() {
                String::new()
            } else {
                format!(" (the list keeps {followed}, the claim followed)")
            };
            return format!("No claim matches “{query}”{still}. Type part of a namespace or name, such as team-1/ or data.");
        }
        let more = self.matching - listed_matches;
        if more == 0 {
            format!(
                "{} of {} {} {}.",
                thousands(self.matching as u64),
                thousands(total as u64),
                plural(total),
                if self.matching == 1 {
                    "matches"
                } else {
                    "match"
                }
            )
        } else {
            format!(
                "{} of {} claims match; {listed_matches} are listed, {} more are not: type more of the name to narrow.",
                thousands(self.matching as u64),
                thousands(total as u64),
                thousands(more as u64)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(n: usize) -> Vec<String> {
        let mut all: Vec<String> = (0..n)
            .map(|i| format!("team-{}/claim-{i}", i % 10))
            .collect();
        all.sort();
        all
    }

    #[test]
    fn a_few_claims_are_all_listed_without_a_search() {
        let few = claims(MAX_LISTED);
        let choices = choose(&few, "anything", "team-0/claim-0");
        assert_eq!(choices.listed, (0..MAX_LISTED).collect::<Vec<_>>());
        assert!(!choices.searchable);
        assert_eq!(
            choose(&[], "", ""),
            Choices {
                listed: vec![],
                matching: 0,
                listed_matching: 0,
                searchable: false
            }
        );
    }

    #[test]
    fn many_claims_list_the_first_matches_and_the_claim_followed() {
        let many = claims(10_000);
        let followed = "team-9/claim-9999";
        let choices = choose(&many, "", followed);
        assert!(choices.searchable);
        assert_eq!(choices.listed.len(), MAX_LISTED);
        assert_eq!(choices.matching, 10_000);
        assert!(
            choices.listed.windows(2).all(|w| w[0] < w[1]),
            "in the claims' order"
        );
        assert_eq!(many[*choices.listed.last().unwrap()], followed);
        assert_eq!(
            choices.summary(many.len(), "", followed),
            "10,000 claims; 200 are listed. Type part of a namespace or name to find the others."
        );

        let narrowed = choose(&many, "claim-999", followed);
        let names: Vec<&str> = narrowed.listed.iter().map(|&i| many[i].as_str()).collect();
        // claim-999 and claim-9990..9999.
        assert_eq!(narrowed.matching, 11);
        assert_eq!(names.len(), 11);
        assert!(names.contains(&"team-9/claim-999") && names.contains(&followed));
        assert_eq!(
            narrowed.summary(many.len(), "claim-999", followed),
            "11 of 10,000 claims match."
        );

        let words = choose(&many, "TEAM-3 claim-12", followed);
        let names: Vec<&str> = words.listed.iter().map(|&i| many[i].as_str()).collect();
        assert!(names
            .iter()
            .all(|n| *n == followed || (n.starts_with("team-3/") && n.contains("claim-12"))));
        assert!(names.contains(&"team-3/claim-123"));
    }

    #[test]
    fn the_summary_says_how_many_more_match_and_what_to_type() {
        let many = claims(10_000);
        let followed = "team-0/claim-0";
        let wide = choose(&many, "claim-1", followed);
        assert_eq!(wide.matching, 1_111);
        assert_eq!(wide.listed.len(), MAX_LISTED);
        assert_eq!(
            wide.summary(many.len(), "claim-1", followed),
            "1,111 of 10,000 claims match; 199 are listed, 912 more are not: type more of the name to narrow."
        );
        let none = choose(&many, "nothing-like-it", followed);
        assert_eq!(
            none.listed
                .iter()
                .map(|&i| many[i].as_str())
                .collect::<Vec<_>>(),
            [followed]
        );
        assert_eq!(none.matching, 0);
        assert_eq!(
            none.summary(many.len(), "nothing-like-it", followed),
            "No claim matches “nothing-like-it” (the list keeps team-0/claim-0, the claim followed). Type part of a namespace or name, such as team-1/ or data."
        );
        let one = choose(&many, "team-4/claim-4444", "");
        assert_eq!(one.listed.len(), 1);
        assert_eq!(
            one.summary(many.len(), "team-4/claim-4444", ""),
            "1 of 10,000 claims matches."
        );
        // A followed claim that is not (or no longer) a claim keeps no place.
        assert_eq!(choose(&many, "", "gone/claim").listed.len(), MAX_LISTED);
    }
}
