//! The Journal view: past days a page at a time (newest first, days with nothing logged
//! skipped), each with its check-in, events and reflections, and a search over the person's
//! reflections and thoughts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::AppError;
use crate::domain::{Checkin, Event, Invalid, Reflection};
use crate::store::{Query, Store, StoreError, TextHit};

/// Days per page when the caller does not say.
pub const PAGE_DAYS: usize = 14;
/// The most days one page may hold.
pub const MAX_PAGE_DAYS: usize = 120;
/// The most search results shown.
pub const SEARCH_LIMIT: usize = 50;
/// The longest search, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;

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

/// The days with entries before `before` (exclusive; all when `None`), at most `days` of them
/// (default [`PAGE_DAYS`], at most [`MAX_PAGE_DAYS`]), newest first.
pub fn page(
    store: &Store,
    before: Option<NaiveDate>,
    days: Option<u32>,
) -> Result<JournalPage, AppError> {
    let limit = match days {
        None => PAGE_DAYS,
        Some(0) => return Err(Invalid::new("days", "is 0; ask for at least one day").into()),
        Some(n) => usize::try_from(n)
            .unwrap_or(MAX_PAGE_DAYS)
            .min(MAX_PAGE_DAYS),
    };
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

/// Reflections and thoughts containing `words`, newest first, at most [`SEARCH_LIMIT`].
pub fn search(store: &Store, words: &str) -> Result<Vec<TextHit>, AppError> {
    if words.chars().count() > MAX_SEARCH_CHARS {
        return Err(Invalid::new(
            "words",
            format!("is longer than {MAX_SEARCH_CHARS} characters"),
        )
        .into());
    }
    store
        .search_text(words, SEARCH_LIMIT)
        .map_err(|e: StoreError| e.into())
}
