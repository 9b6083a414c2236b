//! The commands the Today view calls: the day's view, logging, editing and deleting events, the
//! check-in, reflections and suggestions. Each reads the window's form
//! (`plumbline_core::app::forms`), calls core, and maps the error.

use plumbline_core::app;
use plumbline_core::app::forms::{self, CheckinForm, EventForm, ReflectionForm, SUGGESTION_LIMIT};
use plumbline_core::app::today::TodayView;
use plumbline_core::domain::{Checkin, Event, Reflection};
use tauri::State;

use crate::state::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

#[tauri::command]
pub fn today(state: State<'_, AppState>, date: Option<String>) -> Result<TodayView> {
    app::today::today_in(&state, date.as_deref())
}

#[tauri::command]
pub fn log_event(state: State<'_, AppState>, input: EventForm) -> Result<Event> {
    let input = input.into_input(state.clock(), state.zone())?;
    Ok(state.store()?.log_event(input, state.clock())?)
}

/// Every problem of a refused event form, each with the field it is about, so the window can
/// show them all at once.
#[tauri::command]
pub fn event_form_problems(state: State<'_, AppState>, input: EventForm) -> Vec<CommandError> {
    input
        .problems(state.clock(), state.zone())
        .into_iter()
        .map(CommandError::from)
        .collect()
}

#[tauri::command]
pub fn edit_event(state: State<'_, AppState>, id: String, input: EventForm) -> Result<Event> {
    let input = input.into_input(state.clock(), state.zone())?;
    Ok(state.store()?.edit_event(&id, input, state.clock())?)
}

#[tauri::command]
pub fn delete_event(state: State<'_, AppState>, id: String) -> Result<Event> {
    Ok(state.store()?.delete_event(&id)?)
}

#[tauri::command]
pub fn undo_delete(state: State<'_, AppState>, event: Event) -> Result<Event> {
    state.store()?.restore_event(&event, state.clock())?;
    Ok(event)
}

#[tauri::command]
pub fn save_checkin(state: State<'_, AppState>, checkin: CheckinForm) -> Result<Checkin> {
    let c = checkin.into_checkin(state.clock())?;
    Ok(state.store()?.save_checkin(c, state.clock())?)
}

#[tauri::command]
pub fn add_reflection(state: State<'_, AppState>, input: ReflectionForm) -> Result<Reflection> {
    let r = input.into_input(state.clock(), state.zone())?;
    Ok(state.store()?.add_reflection(r, state.clock())?)
}

#[tauri::command]
pub fn suggestions(
    state: State<'_, AppState>,
    what: String,
    prefix: String,
) -> Result<Vec<String>> {
    let what = forms::suggest(&what)?;
    Ok(state
        .store()?
        .suggestions(what, prefix.trim(), SUGGESTION_LIMIT)?)
}
