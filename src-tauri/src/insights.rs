//! The commands behind Insights and Trends: the analyzer's recurring patterns, probable belief
//! constraints, the three layers and the weekly series, and the person's verdicts on links.
//!
//! Analysis never runs on the window's thread: every command here is async and does its work
//! on a blocking worker. The [`AnalysisState`] keeps one [`Analyzer`] between calls, so after a
//! new event only that event is read and only its new words are scanned. The journal itself is
//! locked only while the analyzer reads what changed; the analysis proper runs without the
//! lock, so logging from Today never waits for it.

use std::sync::{Mutex, MutexGuard};

use plumbline_core::analyze::days::DaysPicture;
use plumbline_core::analyze::{Analysis, Analyzer};
use plumbline_core::app;
use plumbline_core::app::insights::InsightsView;
use plumbline_core::app::trends::TrendsView;
use plumbline_core::app::vectors::ModelSlot;
use plumbline_core::app::{trends as trends_view, verdict};
use plumbline_core::domain::{Belief, Invalid, VerdictKind};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// The analyzer the commands share, with its memory of the journal.
#[derive(Debug, Default)]
pub struct AnalysisState {
    analyzer: Mutex<Analyzer>,
    /// The sentence model, loaded by the first analysis (never on the way to Today).
    model: ModelSlot,
}

impl AnalysisState {
    pub fn new() -> Self {
        Self::default()
    }

    /// An analyzer whose model is looked for in `bundled` (the app's resource) first.
    pub fn with_model(bundled: Option<std::path::PathBuf>) -> Self {
        Self {
            analyzer: Mutex::default(),
            model: ModelSlot::new(bundled),
        }
    }

    /// Forgets what the analyzer knew (another journal was opened).
    pub fn reset(&self) {
        *self.analyzer() = Analyzer::new();
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

/// The journal's beliefs and a fresh analysis (`plumbline_core::app::analysis`).
pub(crate) fn analyse(
    state: &AppState,
    analysis: &AnalysisState,
) -> Result<(Analysis, Vec<Belief>)> {
    Ok(app::analysis::analyse(
        || state.open_journal(),
        &mut analysis.analyzer(),
        &analysis.model,
        state.now(),
    )?)
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
/// verdict back — with its evidence (see `plumbline_core::app::verdict`), and returns the
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
        verdict::record(
            &mut *state.store()?,
            &before,
            &belief_id,
            verdict,
            state.now(),
        )?;
        let (after, beliefs) = analyse(state, analysis)?;
        Ok(InsightsView::new(&after, &beliefs))
    })
    .await
}

/// The events behind a reported pattern or a listed link.
#[tauri::command]
pub async fn events_behind<R: Runtime>(
    app: AppHandle<R>,
    pattern_id: Option<String>,
    belief_id: Option<String>,
) -> Result<app::insights::EventsBehind> {
    off_ui(app, move |state, analysis| {
        let (a, _) = analyse(state, analysis)?;
        let behind = app::insights::events_behind(
            &*state.store()?,
            &a,
            pattern_id.as_deref(),
            belief_id.as_deref(),
        )?;
        behind.ok_or_else(|| {
            failed(
                "That pattern or link is no longer in the analysis; Insights has been refreshed.",
            )
        })
    })
    .await
}

#[tauri::command]
pub async fn trends<R: Runtime>(app: AppHandle<R>) -> Result<TrendsView> {
    off_ui(app, |state, analysis| {
        let (a, _) = analyse(state, analysis)?;
        Ok(trends_view::trends(&*state.store()?, &a)?)
    })
    .await
}

/// The journal day by day over `range` (`four_weeks`, `quarter`, `year` — the default — or
/// `all`), ending today: the calendar, mood and energy, when breaks happen, consistency.
#[tauri::command]
pub fn days_picture(
    state: tauri::State<'_, AppState>,
    range: Option<String>,
) -> Result<DaysPicture> {
    let today = state.clock().today();
    Ok(trends_view::days(
        &*state.store()?,
        range.as_deref(),
        today,
    )?)
}
