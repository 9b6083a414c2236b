//! The commands behind the first run and the demo journal (`plumbline_core::app::welcome`):
//! whether the window should explain Plumbline first, "Start my journal", and switching to a
//! demo journal beside the person's and back.

use plumbline_core::app::welcome::{self, JournalState};
use tauri::State;

use crate::insights::AnalysisState;
use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// Which journal is open and whether the first-run screen is due.
#[tauri::command]
pub fn journal_state(state: State<'_, AppState>) -> Result<JournalState> {
    Ok(welcome::state_in(&state)?)
}

/// "Start my journal": the first-run screen is not shown again for this journal.
#[tauri::command]
pub fn start_journal(state: State<'_, AppState>) -> Result<JournalState> {
    Ok(welcome::start_journal(&mut *state.store()?)?)
}

/// Opens a fresh demo journal beside the person's; their own stays as it is.
#[tauri::command]
pub fn open_demo(
    state: State<'_, AppState>,
    analysis: State<'_, AnalysisState>,
) -> Result<JournalState> {
    Ok(welcome::open_demo_in(&state, &analysis)?)
}

/// Goes back to the person's own journal.
#[tauri::command]
pub fn close_demo(
    state: State<'_, AppState>,
    analysis: State<'_, AnalysisState>,
) -> Result<JournalState> {
    Ok(welcome::close_demo_in(&state, &analysis)?)
}
