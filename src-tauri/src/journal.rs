//! The commands behind the Journal view: past days a page at a time (newest first, days with
//! nothing logged skipped), each with its check-in, events and reflections, and a search over
//! the person's reflections and thoughts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use plumbline_core::domain::{parse_date, Checkin, Event, Invalid, Reflection};
use plumbline_core::store::{Query, TextHit};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::commands::{AppState, CommandError};

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// Days per page when the window does not say.
pub const PAGE_DAYS: usize = 14;
/// The most days one page may hold.
pub const MAX_PAGE_DAYS: usize = 120;
/// The most search results shown.
pub const SEARCH_LIMIT: usize = 50;

/// One day of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalDay {
    pub date: NaiveDate,
    pub checkin: Option<Checkin>,
    /// In time order.
    pub events: Vec<Event>,
    /// In time order.
    pub reflections: Vec<Reflection>,
}

/// A page of days, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalPage {
    pub days: Vec<JournalDay>,
    /// Pass as `before` for the next (older) page; `null` when there is nothing older.
    pub older: Option<NaiveDate>,
}

fn day_arg(field: &str, s: Option<&str>) -> Result<Option<NaiveDate>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse_date(s)
            .map(Some)
            .map_err(|reason| Invalid::new(field, reason).into()),
    }
}

/// The days with entries before `before` (exclusive; all when `null`), at most `days` of
/// them (default [`PAGE_DAYS`]), newest first.
#[tauri::command]
pub fn journal(
    state: State<'_, AppState>,
    before: Option<String>,
    days: Option<u32>,
) -> Result<JournalPage> {
    let before = day_arg("before", before.as_deref())?;
    let limit = match days {
        None => PAGE_DAYS,
        Some(0) => {
            return Err(Invalid::new("days", "is 0; ask for at least one day").into());
        }
        Some(n) => usize::try_from(n)
            .unwrap_or(MAX_PAGE_DAYS)
            .min(MAX_PAGE_DAYS),
    };
    let store = state.store()?;
    // One day more than asked tells whether there is an older page.
    let mut dates = store.days_with_entries(before, limit + 1)?;
    let more = dates.len() > limit;
    dates.truncate(limit);
    let (Some(&newest), Some(&oldest)) = (dates.first(), dates.last()) else {
        return Ok(JournalPage {
            days: Vec::new(),
            older: None,
        });
    };
    let range = Query {
        since: Some(oldest),
        until: Some(newest),
        ..Query::default()
    };
    let mut by_day: BTreeMap<NaiveDate, JournalDay> = dates
        .iter()
        .map(|&date| {
            (
                date,
                JournalDay {
                    date,
                    checkin: None,
                    events: Vec::new(),
                    reflections: Vec::new(),
                },
            )
        })
        .collect();
    for e in store.events(&range)? {
        if let Some(d) = by_day.get_mut(&e.at.date_naive()) {
            d.events.push(e);
        }
    }
    for c in store.checkins(&range)? {
        if let Some(d) = by_day.get_mut(&c.date) {
            d.checkin = Some(c);
        }
    }
    for r in store.reflections(&range)? {
        if let Some(d) = by_day.get_mut(&r.at.date_naive()) {
            d.reflections.push(r);
        }
    }
    Ok(JournalPage {
        days: by_day.into_values().rev().collect(),
        older: more.then_some(oldest),
    })
}

/// Reflections and thoughts containing `words`, newest first.
#[tauri::command]
pub fn search_journal(state: State<'_, AppState>, words: String) -> Result<Vec<TextHit>> {
    if words.chars().count() > 200 {
        return Err(Invalid::new("words", "is longer than 200 characters").into());
    }
    let store = state.store()?;
    Ok(store.search_text(&words, SEARCH_LIMIT)?)
}
