//! The commands the Today view calls: the day's view, logging, editing and deleting events, the
//! check-in, reflections and suggestions. Each reads the window's form
//! (`plumbline_core::app::forms`), calls core, and maps the error.

use plumbline_core::app;
use plumbline_core::app::forms::{CheckinForm, EventForm, ReflectionForm};
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
    state.log_event(input)
}

#[tauri::command]
pub fn event_form_problems(state: State<'_, AppState>, input: EventForm) -> Vec<CommandError> {
    state.event_form_problems(&input)
}

#[tauri::command]
pub fn edit_event(state: State<'_, AppState>, id: String, input: EventForm) -> Result<Event> {
    state.edit_event(&id, input)
}

#[tauri::command]
pub fn delete_event(state: State<'_, AppState>, id: String) -> Result<Event> {
    state.delete_event(&id)
}

#[tauri::command]
pub fn undo_delete(state: State<'_, AppState>, event: Event) -> Result<Event> {
    state.restore_event(event)
}

#[tauri::command]
pub fn save_checkin(state: State<'_, AppState>, checkin: CheckinForm) -> Result<Checkin> {
    state.save_checkin(checkin)
}

#[tauri::command]
pub fn add_reflection(state: State<'_, AppState>, input: ReflectionForm) -> Result<Reflection> {
    state.add_reflection(input)
}

#[tauri::command]
pub fn suggestions(
    state: State<'_, AppState>,
    what: String,
    prefix: String,
) -> Result<Vec<String>> {
    state.suggestions(&what, &prefix)
}
