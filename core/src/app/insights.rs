//! The Insights view: the analysis's recurring patterns with the counts behind their rates,
//! the probable belief constraints with their evidence and the person's verdict, and the three
//! layers now.

use serde::{Deserialize, Serialize};

use super::analysis::AnalysisState;
use super::refusal::Refusal;
use super::session::Session;
use super::statement_of;
use crate::analyze::costs::Answer;
use crate::analyze::{Analysis, BeliefTier, Layers, PatternTier, Totals, Window};
use crate::domain::{Belief, Event, VerdictKind};
use crate::store::{Store, StoreError};

/// What the Insights view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsightsView {
    pub enough_data: bool,
    /// What to log next, as sentences (empty once there is enough data).
    pub missing: Vec<String>,
    pub window: Window,
    pub totals: Totals,
    pub patterns: Vec<PatternView>,
    pub beliefs: Vec<BeliefView>,
    /// The three layers now; only when there is enough data to read them.
    pub layers: Option<Layers>,
    /// The two-part answer: where it is misaligned, and what it is costing.
    pub answer: Answer,
}

/// A recurring pattern with the counts behind its rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatternView {
    pub id: String,
    pub dimension: String,
    pub value: String,
    /// The analyzer's sentence without the trailing "(7 of 12)", which `breaks` and
    /// `support` carry.
    pub description: String,
    pub breaks: usize,
    pub support: usize,
    pub break_rate: f64,
    pub baseline_rate: f64,
    pub ci: [f64; 2],
    pub weeks: usize,
    pub tier: PatternTier,
}

/// A pattern a belief link explains, named for the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatternRef {
    pub id: String,
    pub description: String,
}

/// A probable belief constraint with its evidence and the person's verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeliefView {
    pub belief_id: String,
    pub statement: String,
    pub description: String,
    pub confidence: f64,
    pub tier: BeliefTier,
    pub verdict: Option<VerdictKind>,
    pub patterns: Vec<PatternRef>,
    pub quotes: Vec<String>,
    pub breaks_matched: usize,
}

impl InsightsView {
    pub fn new(a: &Analysis, beliefs: &[Belief]) -> Self {
        let patterns: Vec<PatternView> = a
            .patterns
            .iter()
            .map(|p| PatternView {
                id: p.id.clone(),
                dimension: p.dimension.clone(),
                value: p.value.clone(),
                description: p.sentence.clone(),
                breaks: p.breaks,
                support: p.support,
                break_rate: p.break_rate,
                baseline_rate: p.baseline_rate,
                ci: p.ci,
                weeks: p.weeks,
                tier: p.tier,
            })
            .collect();
        let links = a
            .beliefs
            .iter()
            .map(|l| {
                let belief = beliefs.iter().find(|b| b.id == l.belief_id);
                BeliefView {
                    belief_id: l.belief_id.clone(),
                    statement: statement_of(beliefs, &l.belief_id),
                    description: belief.map(|b| b.description.clone()).unwrap_or_default(),
                    confidence: l.confidence,
                    tier: l.tier,
                    verdict: l.verdict,
                    patterns: l
                        .evidence
                        .patterns
                        .iter()
                        .map(|id| PatternRef {
                            id: id.clone(),
                            description: patterns
                                .iter()
                                .find(|p| &p.id == id)
                                .map_or_else(|| id.clone(), |p| p.description.clone()),
                        })
                        .collect(),
                    quotes: l.evidence.quotes.iter().take(3).cloned().collect(),
                    breaks_matched: l.evidence.breaks_matched,
                }
            })
            .collect();
        InsightsView {
            enough_data: a.enough_data,
            missing: a.missing.clone(),
            window: a.window.clone(),
            totals: a.totals.clone(),
            patterns,
            beliefs: links,
            layers: a.enough_data.then(|| a.layers.clone()),
            answer: Answer::of(a, beliefs),
        }
    }
}

/// The events behind a pattern or a link, newest first: at most [`BEHIND_MAX`] of `total`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventsBehind {
    pub total: usize,
    pub events: Vec<Event>,
}

/// How many events behind a pattern or a link Insights lists.
pub const BEHIND_MAX: usize = 200;

/// The Insights view of the session's journal, from a fresh analysis.
pub fn insights_in(session: &Session, analysis: &AnalysisState) -> Result<InsightsView, Refusal> {
    let (a, beliefs) = analysis.analyse(session)?;
    Ok(InsightsView::new(&a, &beliefs))
}

/// [`events_behind`] in the session's journal and a fresh analysis; refused when the analysis
/// no longer lists the pattern or link (the window then shows Insights afresh).
pub fn events_behind_in(
    session: &Session,
    analysis: &AnalysisState,
    pattern_id: Option<&str>,
    belief_id: Option<&str>,
) -> Result<EventsBehind, Refusal> {
    let (a, _) = analysis.analyse(session)?;
    let behind = events_behind(&*session.store()?, &a, pattern_id, belief_id)?;
    behind.ok_or_else(|| {
        Refusal::plain(
            "That pattern or link is no longer in the analysis; Insights has been refreshed.",
        )
    })
}

/// The events behind a reported pattern (`pattern_id`) or a listed link (`belief_id`) of `a`;
/// `None` when the analysis no longer lists it.
pub fn events_behind(
    store: &Store,
    a: &Analysis,
    pattern_id: Option<&str>,
    belief_id: Option<&str>,
) -> Result<Option<EventsBehind>, StoreError> {
    let rows = match (pattern_id, belief_id) {
        (Some(id), _) => a
            .patterns
            .iter()
            .position(|p| p.id == id)
            .and_then(|i| a.detail.pattern_rows.get(i)),
        (None, Some(id)) => a
            .beliefs
            .iter()
            .position(|l| l.belief_id == id)
            .and_then(|i| a.detail.link_rows.get(i)),
        (None, None) => None,
    };
    let Some(rows) = rows else { return Ok(None) };
    Ok(Some(EventsBehind {
        total: rows.len(),
        events: store.events_at_rows(rows, BEHIND_MAX)?,
    }))
}
