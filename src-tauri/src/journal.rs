//! The commands behind the Journal view: past days a page at a time, a search over the
//! person's words (`plumbline_core::app::journal_page`), and deleting any day's check-in or
//! reflection, editing a reflection and undoing a delete (`plumbline_core::app::entries`).
//! Events are edited and deleted through Today's commands.

use plumbline_core::app::forms::ReflectionEditForm;
use plumbline_core::app::journal_page::{JournalPage, SearchFilters};
use plumbline_core::domain::{Checkin, Reflection};
use plumbline_core::store::SearchHit;
use tauri::State;

use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

#[tauri::command]
pub fn journal(
    state: State<'_, AppState>,
    before: Option<String>,
    days: Option<u32>,
) -> Result<JournalPage> {
    state.journal_page(before.as_deref(), days)
}

#[tauri::command]
pub fn search_journal(
    state: State<'_, AppState>,
    words: String,
    filters: Option<SearchFilters>,
) -> Result<Vec<SearchHit>> {
    state.search(&words, &filters.unwrap_or_default())
}

#[tauri::command]
pub fn delete_checkin(state: State<'_, AppState>, date: String) -> Result<Checkin> {
    state.delete_checkin(&date)
}

#[tauri::command]
pub fn undo_delete_checkin(state: State<'_, AppState>, checkin: Checkin) -> Result<Checkin> {
    state.restore_checkin(&checkin)
}

#[tauri::command]
pub fn edit_reflection(
    state: State<'_, AppState>,
    id: String,
    input: ReflectionEditForm,
) -> Result<Reflection> {
    state.edit_reflection(&id, input)
}

#[tauri::command]
pub fn reflection_edit_problems(
    state: State<'_, AppState>,
    id: String,
    input: ReflectionEditForm,
) -> Result<Vec<CommandError>> {
    state.reflection_edit_problems(&id, &input)
}

#[tauri::command]
pub fn delete_reflection(state: State<'_, AppState>, id: String) -> Result<Reflection> {
    state.delete_reflection(&id)
}

#[tauri::command]
pub fn undo_delete_reflection(
    state: State<'_, AppState>,
    reflection: Reflection,
) -> Result<Reflection> {
    state.restore_reflection(&reflection)
}
