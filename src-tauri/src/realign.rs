//! The commands behind Realign: the three steps of realignment — name the constraint, reframe
//! it, redesign the execution pathway — and whether each pathway changed the breaks on its
//! slice since it started.
//!
//! Like Insights, everything here that needs the analysis runs on a blocking worker with the
//! shared analyzer; the journal is locked only to read what changed and to write.

use plumbline_core::app::forms::PathwayForm;
pub use plumbline_core::app::realign::Removed;
use plumbline_core::app::realign::{self as view_of, RealignView};
use plumbline_core::domain::Pathway;
use plumbline_core::reminders::Reminder;
use tauri::{AppHandle, Manager, Runtime};

use crate::insights::off_ui;
use crate::reminders::Reminders;
use crate::state::CommandError;

type Result<T, E = CommandError> = std::result::Result<T, E>;

#[tauri::command]
pub async fn realign<R: Runtime>(app: AppHandle<R>) -> Result<RealignView> {
    off_ui(app, |state, analysis| {
        Ok(view_of::realign_in(state, analysis)?)
    })
    .await
}

/// Starts a pathway (`id` absent) or changes one, and returns the updated view.
#[tauri::command]
pub async fn save_pathway<R: Runtime>(
    app: AppHandle<R>,
    id: Option<String>,
    input: PathwayForm,
) -> Result<RealignView> {
    let input = input.into_input()?;
    off_ui(app, move |state, analysis| {
        Ok(view_of::save_pathway_in(
            state,
            analysis,
            id.as_deref(),
            input,
        )?)
    })
    .await
}

/// Removes a pathway and the reminders that carry it.
#[tauri::command]
pub async fn remove_pathway<R: Runtime>(app: AppHandle<R>, id: String) -> Result<Removed> {
    let timer = app.clone();
    let removed = off_ui(app, move |state, analysis| {
        Ok(view_of::remove_pathway_in(state, analysis, &id)?)
    })
    .await?;
    rearm(&timer);
    Ok(removed)
}

/// The reminder timer looks at the reminders again (some went or came back).
fn rearm<R: Runtime>(app: &AppHandle<R>) {
    if let Some(r) = app.try_state::<Reminders>() {
        r.rearm();
    }
}

/// Puts back a removed pathway with its reminders.
#[tauri::command]
pub async fn restore_pathway<R: Runtime>(
    app: AppHandle<R>,
    pathway: Pathway,
    reminders: Vec<Reminder>,
) -> Result<RealignView> {
    let timer = app.clone();
    let restored = off_ui(app, move |state, analysis| {
        Ok(view_of::restore_pathway_in(
            state, analysis, &pathway, &reminders,
        )?)
    })
    .await?;
    rearm(&timer);
    Ok(restored)
}
