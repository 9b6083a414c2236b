//! Recording the person's verdict on a belief link. The CLI (`plumbline verdict`) and the
//! desktop both record through [`record`], so a verdict carries the same evidence wherever it
//! was given: the breaks the belief's signature matches now, whether the analysis lists the
//! link or not (a rejected link returns only on much more of that evidence).

use crate::analyze::Analysis;
use crate::domain::{Instant, VerdictKind};
use crate::store::{Store, StoreError};

/// The evidence a verdict on `belief_id` records from `a`: the breaks the belief matches now;
/// `None` when the analysis had too little data to say.
pub fn evidence(a: &Analysis, belief_id: &str) -> Option<u32> {
    a.detail
        .breaks_matched(belief_id)
        .or_else(|| {
            a.beliefs
                .iter()
                .find(|l| l.belief_id == belief_id)
                .map(|l| l.evidence.breaks_matched)
        })
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// Stores the verdict on `belief_id` made at `at` with its evidence from `a` (an analysis
/// of the journal as it is now), or takes the verdict back when `verdict` is `None`.
pub fn record(
    store: &mut Store,
    a: &Analysis,
    belief_id: &str,
    verdict: Option<VerdictKind>,
    at: Instant,
) -> Result<(), StoreError> {
    match verdict {
        Some(v) => store.set_verdict(belief_id, v, at, evidence(a, belief_id)),
        None => store.clear_verdict(belief_id).map(|_| ()),
    }
}
