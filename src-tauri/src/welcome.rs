//! The commands behind the first run and the demo journal (`plumbline_core::app::welcome`):
//! whether the window should explain Plumbline first, "Start my journal", and switching to a
//! demo journal beside the person's and back.

use plumbline_core::app::welcome::{self, JournalState};
use tauri::State;

use crate::insights::AnalysisState;
use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

fn state_of(state: &AppState) -> Result<JournalState> {
    let demo = state.own_journal().is_some();
    Ok(welcome::journal_state(&*state.store()?, demo)?)
}

/// Which journal is open and whether the first-run screen is due.
#[tauri::command]
pub fn journal_state(state: State<'_, AppState>) -> Result<JournalState> {
    state_of(&state)
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
    if state.own_journal().is_none() {
        let own = welcome::own_path(&*state.store()?)?;
        let demo = welcome::open_demo(&own, state.clock())?;
        state.switch_journal(demo, Some(own))?;
        analysis.reset();
    }
    state_of(&state)
}

/// Goes back to the person's own journal.
#[tauri::command]
pub fn close_demo(
    state: State<'_, AppState>,
    analysis: State<'_, AnalysisState>,
) -> Result<JournalState> {
    if let Some(own) = state.own_journal() {
        let store = crate::open_journal(&own).map_err(CommandError::from)?;
        state.switch_journal(store, None)?;
        analysis.reset();
    }
    state_of(&state)
}
