//! The commands behind the Journal view: past days a page at a time, a search over the
//! person's words (`plumbline_core::app::journal_page`), and deleting any day's check-in or
//! reflection, editing a reflection and undoing a delete (`plumbline_core::app::entries`).
//! Events are edited and deleted through Today's commands.

use plumbline_core::app::entries;
use plumbline_core::app::forms::ReflectionEditForm;
use plumbline_core::app::journal_page::{self, JournalPage, SearchFilters};
use plumbline_core::domain::{Checkin, Reflection};
use plumbline_core::store::SearchHit;
use tauri::State;

use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// The days with entries before `before` (exclusive; all when `null`), at most `days` of
/// them, newest first.
#[tauri::command]
pub fn journal(
    state: State<'_, AppState>,
    before: Option<String>,
    days: Option<u32>,
) -> Result<JournalPage> {
    Ok(journal_page::page_before(
        &*state.store()?,
        before.as_deref(),
        days,
    )?)
}

/// Everything the person wrote that contains `words`, best matches first, narrowed by
/// `filters` (kind, domain, tag, since, until; each optional).
#[tauri::command]
pub fn search_journal(
    state: State<'_, AppState>,
    words: String,
    filters: Option<SearchFilters>,
) -> Result<Vec<SearchHit>> {
    Ok(journal_page::search(
        &*state.store()?,
        &words,
        &filters.unwrap_or_default(),
    )?)
}

/// Deletes the check-in of `date` (`YYYY-MM-DD`) and returns it, for undo.
#[tauri::command]
pub fn delete_checkin(state: State<'_, AppState>, date: String) -> Result<Checkin> {
    Ok(entries::delete_checkin(&mut *state.store()?, &date)?)
}

/// Puts back a check-in `delete_checkin` returned.
#[tauri::command]
pub fn undo_delete_checkin(state: State<'_, AppState>, checkin: Checkin) -> Result<Checkin> {
    Ok(entries::restore_checkin(
        &mut *state.store()?,
        &checkin,
        state.clock(),
    )?)
}

/// Replaces a reflection's day and time, title, text, mood, tags and star.
#[tauri::command]
pub fn edit_reflection(
    state: State<'_, AppState>,
    id: String,
    input: ReflectionEditForm,
) -> Result<Reflection> {
    Ok(entries::edit_reflection(
        &mut *state.store()?,
        &id,
        input,
        state.clock(),
        state.zone(),
    )?)
}

/// Every problem of a refused reflection edit, each with the field it is about.
#[tauri::command]
pub fn reflection_edit_problems(
    state: State<'_, AppState>,
    id: String,
    input: ReflectionEditForm,
) -> Result<Vec<CommandError>> {
    let problems = entries::reflection_edit_problems(
        &*state.store()?,
        &id,
        &input,
        state.clock(),
        state.zone(),
    )?;
    Ok(problems.into_iter().map(CommandError::from).collect())
}

/// Deletes a reflection and returns it, for undo.
#[tauri::command]
pub fn delete_reflection(state: State<'_, AppState>, id: String) -> Result<Reflection> {
    Ok(entries::delete_reflection(&mut *state.store()?, &id)?)
}

/// Puts back a reflection `delete_reflection` returned, with its id.
#[tauri::command]
pub fn undo_delete_reflection(
    state: State<'_, AppState>,
    reflection: Reflection,
) -> Result<Reflection> {
    Ok(entries::restore_reflection(
        &mut *state.store()?,
        &reflection,
        state.clock(),
    )?)
}
