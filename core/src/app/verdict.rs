//! Recording the person's verdict on a belief link. The CLI (`plumbline verdict`) and the
//! desktop both record through [`record`], so a verdict carries the same evidence wherever it
//! was given: the breaks the belief's signature matches now, whether the analysis lists the
//! link or not (a rejected link returns only on much more of that evidence).

use super::analysis::AnalysisState;
use super::insights::InsightsView;
use super::session::Session;
use super::AppError;
use crate::analyze::Analysis;
use crate::domain::{Instant, Invalid, VerdictKind};
use crate::store::{Store, StoreError};

/// The verdict a form sends: `confirmed`, `rejected`, or nothing (absent or blank) to take a
/// verdict back; a refusal names the `verdict` field.
pub fn parse(verdict: Option<&str>) -> Result<Option<VerdictKind>, Invalid> {
    match verdict.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<VerdictKind>()
            .map(Some)
            .map_err(|reason| Invalid::new("verdict", reason)),
    }
}

/// Records the verdict on `belief_id` in the session's journal against a fresh analysis
/// ([`record`]), and returns Insights as they are afterwards.
pub fn record_in(
    session: &Session,
    analysis: &AnalysisState,
    belief_id: &str,
    verdict: Option<VerdictKind>,
) -> Result<InsightsView, AppError> {
    let (before, _) = analysis.analyse(session)?;
    record(
        &mut *session.open_journal()?,
        &before,
        belief_id,
        verdict,
        session.now(),
    )?;
    let (after, beliefs) = analysis.analyse(session)?;
    Ok(InsightsView::new(&after, &beliefs))
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::parse_instant;

    #[test]
    fn a_blank_verdict_takes_it_back_and_an_unknown_one_names_the_field() {
        assert_eq!(parse(None), Ok(None));
        assert_eq!(parse(Some("  ")), Ok(None));
        assert_eq!(parse(Some(" confirmed ")), Ok(Some(VerdictKind::Confirmed)));
        assert_eq!(parse(Some("rejected")), Ok(Some(VerdictKind::Rejected)));
        assert_eq!(parse(Some("maybe")).expect_err("unknown").field, "verdict");
    }

    #[test]
    fn a_verdict_recorded_in_a_session_is_in_the_insights_it_returns() {
        let now = parse_instant("2026-11-24T21:00:00+01:00").expect("instant");
        let mut store = Store::open_in_memory().expect("journal");
        crate::demo::fill(&mut store, 60, 7, now.date_naive(), &FixedClock(now)).expect("filled");
        let session = Session::fixed(store, FixedClock(now));
        let analysis = AnalysisState::new();
        let id = "visibility_risk";
        let view = record_in(&session, &analysis, id, Some(VerdictKind::Rejected)).expect("kept");
        let stored = session.store().expect("open").verdicts().expect("verdicts");
        assert!(stored.iter().any(|(v, _)| v.belief_id == id), "{stored:?}");
        let listed = view.beliefs.iter().find(|b| b.belief_id == id);
        assert!(listed.is_none_or(|b| b.verdict == Some(VerdictKind::Rejected)));
        record_in(&session, &analysis, id, None).expect("taken back");
        let stored = session.store().expect("open").verdicts().expect("verdicts");
        assert!(stored.iter().all(|(v, _)| v.belief_id != id));
    }
}
