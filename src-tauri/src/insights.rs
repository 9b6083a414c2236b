//! The commands behind Insights and Trends: the analyzer's recurring patterns, probable belief
//! constraints, the three layers and the weekly series, and the person's verdicts on links.
//!
//! Analysis never runs on the window's thread: every command here is async and does its work
//! on a blocking worker. The [`AnalysisState`] keeps one [`Analyzer`] between calls, so after a
//! new event only that event is read and only its new words are scanned. The journal itself is
//! locked only while the analyzer reads what changed; the analysis proper runs without the
//! lock, so logging from Today never waits for it.

use std::sync::{Mutex, MutexGuard};

use chrono::{Datelike, NaiveDate, Weekday};
use plumbline_core::analyze::costs::{Answer, CostSummary};
use plumbline_core::analyze::{
    Analysis, AnalyzeOptions, Analyzer, BeliefTier, ByKind, Layers, PatternTier, Shift, Totals,
    Window,
};
use plumbline_core::domain::{Belief, Invalid, Pathway, VerdictKind};
use plumbline_core::store::Query;
use plumbline_core::Store;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};

use crate::commands::{statement_of, AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// The analyzer the commands share, with its memory of the journal.
#[derive(Debug, Default)]
pub struct AnalysisState {
    analyzer: Mutex<Analyzer>,
}

impl AnalysisState {
    pub fn new() -> Self {
        Self::default()
    }

    /// The analyzer; after a panic in an earlier analysis it starts over with an empty memory
    /// (the next refresh reads the whole journal again), so nothing half-updated is reused.
    fn analyzer(&self) -> MutexGuard<'_, Analyzer> {
        self.analyzer.lock().unwrap_or_else(|poisoned| {
            let mut a = poisoned.into_inner();
            *a = Analyzer::new();
            a
        })
    }
}

pub(crate) fn failed(e: impl std::fmt::Display) -> CommandError {
    CommandError {
        message: e.to_string(),
        field: None,
    }
}

/// Runs `f` on a blocking worker with the app's journal and analyzer.
pub(crate) async fn off_ui<R, T, F>(app: AppHandle<R>, f: F) -> Result<T>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&AppState, &AnalysisState) -> Result<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || {
        let state = app
            .try_state::<AppState>()
            .ok_or_else(|| failed("The journal is not open; restart Plumbline."))?;
        let analysis = app
            .try_state::<AnalysisState>()
            .ok_or_else(|| failed("The analyzer is not available; restart Plumbline."))?;
        f(&state, &analysis)
    })
    .await
    .map_err(|e| {
        failed(format!(
            "The analysis stopped unexpectedly ({e}); try again."
        ))
    })?
}

/// The journal's beliefs and a fresh analysis. The journal is locked only while the analyzer
/// catches up with new rows; when it must read the whole journal (the first time, after an
/// edit or delete), it does so through a second connection of its own, so logging does not
/// wait for that either.
pub(crate) fn analyse(
    state: &AppState,
    analysis: &AnalysisState,
) -> Result<(Analysis, Vec<Belief>)> {
    let mut analyzer = analysis.analyzer();
    let (beliefs, reload, path) = {
        let store = state.store()?;
        let reload = analyzer.catch_up(&store)?;
        (
            store.beliefs()?,
            reload,
            store.path().map(std::path::Path::to_path_buf),
        )
    };
    if let Some(reload) = reload {
        // A journal in a file gets a reader of its own; one in memory (tests) has only the
        // one connection.
        match path.map(|p| Store::open_reader(&p)).transpose() {
            Ok(Some(reader)) => analyzer.reload(&reader, reload)?,
            _ => analyzer.reload(&*state.store()?, reload)?,
        }
    }
    let a = analyzer
        .analyze_warm(&AnalyzeOptions::default(), state.clock().now())
        .map_err(failed)?;
    Ok((a, beliefs))
}

// ---------------------------------------------------------------------------------------------
// Insights

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

/// The description without its trailing " (b of n)".
fn without_counts(description: &str, breaks: usize, support: usize) -> String {
    let tail = format!(" ({breaks} of {support})");
    description
        .strip_suffix(&tail)
        .unwrap_or(description)
        .to_string()
}

impl InsightsView {
    pub fn new(a: &Analysis, beliefs: &[Belief]) -> Self {
        let patterns: Vec<PatternView> = a
            .patterns
            .iter()
            .zip(&a.detail.pattern_breaks)
            .map(|(p, &breaks)| PatternView {
                id: p.id.clone(),
                dimension: p.dimension.clone(),
                value: p.value.clone(),
                description: without_counts(&p.description, breaks, p.support),
                breaks,
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
            layers: a.enough_data.then_some(a.layers),
            answer: Answer::of(a, beliefs),
        }
    }
}

#[tauri::command]
pub async fn insights<R: Runtime>(app: AppHandle<R>) -> Result<InsightsView> {
    off_ui(app, |state, analysis| {
        let (a, beliefs) = analyse(state, analysis)?;
        Ok(InsightsView::new(&a, &beliefs))
    })
    .await
}

/// Stores the person's verdict on a belief link — `confirmed`, `rejected`, or `null` to take a
/// verdict back — with the breaks the belief matches now as its evidence, and returns the
/// updated Insights.
#[tauri::command]
pub async fn set_verdict<R: Runtime>(
    app: AppHandle<R>,
    belief_id: String,
    verdict: Option<String>,
) -> Result<InsightsView> {
    let verdict = match verdict.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(
            v.parse::<VerdictKind>()
                .map_err(|reason| CommandError::from(Invalid::new("verdict", reason)))?,
        ),
    };
    off_ui(app, move |state, analysis| {
        let (before, _) = analyse(state, analysis)?;
        {
            let mut store = state.store()?;
            match verdict {
                Some(v) => {
                    let evidence = before
                        .detail
                        .breaks_matched(&belief_id)
                        .or_else(|| {
                            before
                                .beliefs
                                .iter()
                                .find(|l| l.belief_id == belief_id)
                                .map(|l| l.evidence.breaks_matched)
                        })
                        .map(|n| u32::try_from(n).unwrap_or(u32::MAX));
                    store.set_verdict(&belief_id, v, state.clock().now(), evidence)?;
                }
                None => {
                    store.clear_verdict(&belief_id)?;
                }
            }
        }
        let (after, beliefs) = analyse(state, analysis)?;
        Ok(InsightsView::new(&after, &beliefs))
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Trends

/// What the Trends view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendsView {
    pub enough_data: bool,
    pub missing: Vec<String>,
    pub window: Window,
    pub weeks: Vec<WeekView>,
    /// Detected shifts, oldest first (`series` is `break_rate` or `alignment`).
    pub shifts: Vec<Shift>,
    /// Pathways that began within the weeks shown, oldest first: marked on the break-rate
    /// chart, so a change after one can be seen where it happened.
    pub pathways: Vec<PathwayMark>,
    /// The three costs with their weekly levels (the weeks of `weeks`), and their shifts.
    pub costs: Vec<CostSummary>,
    pub cost_shifts: Vec<Shift>,
}

/// Where a pathway began, and its next step (the mark's label).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathwayMark {
    pub id: String,
    pub started_on: NaiveDate,
    pub next_action: Option<String>,
}

/// One ISO week of the series with the counts behind its rates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekView {
    /// `2026-W47`.
    pub week: String,
    /// Its Monday.
    pub monday: NaiveDate,
    pub events: usize,
    pub breaks: usize,
    pub completed: usize,
    /// breaks ÷ (breaks + completed), `null` without either.
    pub break_rate: Option<f64>,
    /// Breaks of each kind.
    pub by_kind: ByKind,
    /// Mean check-in alignment (1–5) and how many check-ins it averages.
    pub alignment: Option<f64>,
    pub checkins: usize,
    pub score: f64,
}

/// The Monday of an ISO week label such as `2026-W47`.
fn monday_of(label: &str) -> Option<NaiveDate> {
    let (year, week) = label.split_once("-W")?;
    NaiveDate::from_isoywd_opt(year.parse().ok()?, week.parse().ok()?, Weekday::Mon)
}

impl TrendsView {
    /// `checkins` are the dates of the check-ins (any order), to count each week's.
    pub fn new(a: &Analysis, checkins: &[NaiveDate], pathways: &[Pathway]) -> Self {
        let mut per_week: std::collections::HashMap<(i32, u32), usize> =
            std::collections::HashMap::new();
        for d in checkins {
            let w = d.iso_week();
            *per_week.entry((w.year(), w.week())).or_default() += 1;
        }
        let weeks: Vec<WeekView> = a
            .trend
            .iter()
            .filter_map(|t| {
                let monday = monday_of(&t.week)?;
                let detail = a.detail.weeks.iter().find(|d| d.week == t.week);
                let [delayed_start, unfinished, avoided, switched] =
                    detail.map_or([0; 4], |d| d.breaks_by_kind);
                let w = monday.iso_week();
                let count = per_week.get(&(w.year(), w.week())).copied().unwrap_or(0);
                Some(WeekView {
                    week: t.week.clone(),
                    monday,
                    events: t.events,
                    breaks: t.breaks,
                    completed: detail.map_or(0, |d| d.completed),
                    break_rate: t.break_rate,
                    by_kind: ByKind {
                        delayed_start,
                        unfinished,
                        avoided,
                        switched,
                    },
                    alignment: t.alignment,
                    checkins: count,
                    score: t.score,
                })
            })
            .collect();
        let first = weeks.first().map(|w| w.monday);
        let last = a.window.to;
        let mut marks: Vec<PathwayMark> = pathways
            .iter()
            .filter(|p| first.is_some_and(|f| p.started_on >= f) && p.started_on <= last)
            .map(|p| PathwayMark {
                id: p.id.clone(),
                started_on: p.started_on,
                next_action: p.next_action.clone(),
            })
            .collect();
        marks.sort_by(|x, y| x.started_on.cmp(&y.started_on).then(x.id.cmp(&y.id)));
        TrendsView {
            enough_data: a.enough_data,
            missing: a.missing.clone(),
            window: a.window.clone(),
            weeks,
            shifts: a.shifts.clone(),
            pathways: marks,
            costs: CostSummary::all(&a.costs),
            cost_shifts: a.detail.cost_shifts.clone(),
        }
    }
}

#[tauri::command]
pub async fn trends<R: Runtime>(app: AppHandle<R>) -> Result<TrendsView> {
    off_ui(app, |state, analysis| {
        let (a, _) = analyse(state, analysis)?;
        let since = a.trend.first().and_then(|t| monday_of(&t.week));
        let checkins = state.store()?.checkins(&Query {
            since,
            until: Some(a.window.to),
            ..Query::default()
        })?;
        let dates: Vec<NaiveDate> = checkins.iter().map(|c| c.date).collect();
        let pathways = state.store()?.pathways()?;
        Ok(TrendsView::new(&a, &dates, &pathways))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_trailing_count_is_taken_off() {
        assert_eq!(
            without_counts("Breaks on Mondays: 58% vs 20% elsewhere (7 of 12)", 7, 12),
            "Breaks on Mondays: 58% vs 20% elsewhere"
        );
        // A different count, or one in the middle, stays.
        assert_eq!(
            without_counts("Breaks on \u{201c}call (7 of 12)\u{201d}: 58%", 7, 12),
            "Breaks on \u{201c}call (7 of 12)\u{201d}: 58%"
        );
        assert_eq!(without_counts("x (6 of 12)", 7, 12), "x (6 of 12)");
    }

    #[test]
    fn iso_week_labels_give_their_monday() {
        assert_eq!(monday_of("2026-W47"), NaiveDate::from_ymd_opt(2026, 11, 16));
        // Week 1 of 2026 starts in 2025.
        assert_eq!(monday_of("2026-W01"), NaiveDate::from_ymd_opt(2025, 12, 29));
        assert_eq!(monday_of("2026-W54"), None);
        assert_eq!(monday_of("week 3"), None);
    }
}
