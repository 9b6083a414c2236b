//! The commands behind Insights and Trends: the analyzer's recurring patterns, probable belief
//! constraints, the three layers and the weekly series, and the person's verdicts on links.
//!
//! Analysis never runs on the window's thread: every command here is async and does its work
//! on a blocking worker. The [`AnalysisState`] keeps one analyzer between calls, so after a
//! new event only that event is read and only its new words are scanned. The journal itself is
//! locked only while the analyzer reads what changed; the analysis proper runs without the
//! lock, so logging from Today never waits for it.

use plumbline_core::analyze::days::DaysPicture;
use plumbline_core::app;
pub use plumbline_core::app::analysis::AnalysisState;
use plumbline_core::app::insights::InsightsView;
use plumbline_core::app::trends::TrendsView;
use plumbline_core::app::{trends as trends_view, verdict};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

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

/// Reads the journal into the kept analyzer (`AnalysisState::warm`) on a thread of its own at
/// a low priority (`in_background`), so the first Insights or Trends finds its analysis
/// ready: once the window's first view answers the keyboard, and after an unlock. A locked
/// journal is left alone; without the thread, the first view reads the journal itself.
pub fn warm<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    app::analysis::in_background("warm-up", move || {
        let (state, analysis) = (app.state::<AppState>(), app.state::<AnalysisState>());
        if let Err(e) = analysis.warm(&state) {
            eprintln!("plumbline-desktop: the analysis could not be prepared: {e}");
        }
    });
}

#[tauri::command]
pub async fn insights<R: Runtime>(app: AppHandle<R>) -> Result<InsightsView> {
    off_ui(app, |state, analysis| {
        app::insights::insights_in(state, analysis)
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
    let verdict = verdict::parse(verdict.as_deref())?;
    off_ui(app, move |state, analysis| {
        Ok(verdict::record_in(state, analysis, &belief_id, verdict)?)
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
        let (pattern, belief) = (pattern_id.as_deref(), belief_id.as_deref());
        app::insights::events_behind_in(state, analysis, pattern, belief)
    })
    .await
}

/// The Trends view; given the range the window shows (as `days_picture` names it), only the
/// weeks it draws.
#[tauri::command]
pub async fn trends<R: Runtime>(app: AppHandle<R>, range: Option<String>) -> Result<TrendsView> {
    off_ui(app, move |state, analysis| {
        Ok(trends_view::trends_in(state, analysis, range.as_deref())?)
    })
    .await
}

/// The journal day by day over `range` (`four_weeks`, `quarter`, `year` — the default — or
/// `all`), ending today: the calendar, mood and energy, when breaks happen, consistency.
///
/// On a blocking worker like the rest of this module: it reads a year of the journal, and on
/// the window's thread it held up the answer of `trends`, asked for at the same time.
#[tauri::command]
pub async fn days_picture<R: Runtime>(
    app: AppHandle<R>,
    range: Option<String>,
) -> Result<DaysPicture> {
    off_ui(app, move |state, _| {
        Ok(trends_view::days_in(state, range.as_deref())?)
    })
    .await
}
