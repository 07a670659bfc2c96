//! One small stable sort for the page. The standard library's sorts are fast but big: every
//! element type and comparison gets its own copy of the algorithm, about 4 KB of wasm each,
//! and two dozen of them were in the page. On wasm32 one non-generic merge sort orders
//! positions through a `dyn` comparison, and each use only adds the code that moves its
//! elements into that order (11 KB gzip less for the page). Natively, where size does not
//! matter and the engine's benchmarks do, the same calls use the standard library's stable
//! sort. Both are stable, so ties keep their order and the result is the same on every target
//! (a property test compares them).

use std::cmp::Ordering;

/// The permutation of `0..len` that sorts stably under `compare` (bottom-up merge sort).
fn stable_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged: Vec<usize> = Vec::with_capacity(len);
    let mut width = 1;
    while width < len {
        merged.clear();
        let mut start = 0;
        while start < len {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (left, right) = (&order[start..middle], &order[middle..end]);
            let (mut i, mut j) = (0, 0);
            while i < left.len() && j < right.len() {
                // Take from the right only when strictly less: equal elements keep their order.
                if compare(right[j], left[i]) == Ordering::Less {
                    merged.push(right[j]);
                    j += 1;
                } else {
                    merged.push(left[i]);
                    i += 1;
                }
            }
            merged.extend_from_slice(&left[i..]);
            merged.extend_from_slice(&right[j..]);
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// Stable sorting for `Vec`s, in the crate's compact sort.
pub trait CompactSort<T> {
    fn compact_sort_by(&mut self, compare: impl FnMut(&T, &T) -> Ordering);

    fn compact_sort_by_key<K: Ord>(&mut self, mut key: impl FnMut(&T) -> K) {
        self.compact_sort_by(|a, b| key(a).cmp(&key(b)));
    }

    fn compact_sort(&mut self)
    where
        T: Ord,
    {
        self.compact_sort_by(T::cmp);
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl<T> CompactSort<T> for Vec<T> {
    fn compact_sort_by(&mut self, compare: impl FnMut(&T, &T) -> Ordering) {
        #[allow(clippy::disallowed_methods)] // the one place the standard sort is meant
        self.sort_by(compare);
    }
}

/// Sorts `items` stably with the compact merge sort (what the page uses).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn merge_sort_by<T>(items: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = {
        let items = &*items;
        stable_order(items.len(), &mut |a, b| compare(&items[a], &items[b]))
    };
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(target_arch = "wasm32")]
impl<T> CompactSort<T> for Vec<T> {
    fn compact_sort_by(&mut self, compare: impl FnMut(&T, &T) -> Ordering) {
        merge_sort_by(self, compare);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_stable_sort(items in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            merge_sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut theirs = items;
            #[allow(clippy::disallowed_methods)] // the oracle the compact sort is held to
            theirs.sort_by_key(|item| item.0);
            prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn sorts_owned_values_and_keeps_them_all() {
        let mut names: Vec<String> = ["pv-b", "pv-a", "pv-c", "pv-a"].map(String::from).to_vec();
        merge_sort_by(&mut names, String::cmp);
        assert_eq!(names, ["pv-a", "pv-a", "pv-b", "pv-c"]);
        let mut empty: Vec<String> = Vec::new();
        merge_sort_by(&mut empty, String::cmp);
        assert!(empty.is_empty());
    }
}
