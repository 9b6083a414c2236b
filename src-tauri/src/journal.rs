//! The commands behind the Journal view: past days a page at a time and a search over the
//! person's words (`plumbline_core::app::journal_page`).

use plumbline_core::app::journal_page::{self, JournalPage, SearchFilters};
use plumbline_core::domain::{parse_date, Invalid};
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
    let before = match before.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(parse_date(s).map_err(|reason| Invalid::new("before", reason))?),
    };
    Ok(journal_page::page(&*state.store()?, before, days)?)
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
