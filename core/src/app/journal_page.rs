//! The Journal view: past days a page at a time (newest first, days with nothing logged
//! skipped), each with its check-in, events and reflections, and a search over everything the
//! person wrote (the store's FTS5 index).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::AppError;
use crate::domain::{parse_date, Checkin, Event, Invalid, Reflection};
use crate::store::{Query, SearchHit, SearchKind, SearchQuery, Store, StoreError, SEARCH_LIMIT};

/// Days per page when the caller does not say.
pub const PAGE_DAYS: usize = 14;
/// The most days one page may hold.
pub const MAX_PAGE_DAYS: usize = 120;
/// The most rows (events, check-ins, reflections) a page holds when its days are busy: a page
/// ends before the day that would take it past this, though it always holds one day. Drawing
/// the rows is what a page costs the window, so busy days come a few at a time.
pub const PAGE_ROWS: usize = 160;
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

/// [`page`] before the date the window names (`YYYY-MM-DD`; blank or absent: from the newest
/// day); a date that does not read is refused at the field `before`.
pub fn page_before(
    store: &Store,
    before: Option<&str>,
    days: Option<u32>,
) -> Result<JournalPage, AppError> {
    let before = match before.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(parse_date(s).map_err(|reason| Invalid::new("before", reason))?),
    };
    page(store, before, days)
}

/// The days with entries before `before` (exclusive; all when `None`), at most `days` of them
/// (default [`PAGE_DAYS`], at most [`MAX_PAGE_DAYS`]) and, past the first day, at most
/// [`PAGE_ROWS`] rows, newest first.
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
    let mut days: Vec<JournalDay> = Vec::with_capacity(by_day.len());
    let mut rows = 0;
    let mut cut = false;
    for day in by_day.into_values().rev() {
        let n = day.events.len() + day.reflections.len() + usize::from(day.checkin.is_some());
        if !days.is_empty() && rows + n > PAGE_ROWS {
            cut = true;
            break;
        }
        rows += n;
        days.push(day);
    }
    let older = if cut {
        days.last().map(|d| d.date)
    } else {
        more.then_some(oldest)
    };
    Ok(JournalPage { days, older })
}

/// The filters of a search as the window sends them: each optional, blank meaning none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchFilters {
    /// A record type (`event`, `checkin`, `reflection`) or an event kind.
    pub kind: Option<String>,
    pub domain: Option<String>,
    pub tag: Option<String>,
    /// First and last local date, `YYYY-MM-DD`, inclusive.
    pub since: Option<String>,
    pub until: Option<String>,
}

fn given(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn date_filter(field: &str, s: Option<&str>) -> Result<Option<NaiveDate>, Invalid> {
    given(s)
        .map(|s| parse_date(s).map_err(|reason| Invalid::new(field, reason)))
        .transpose()
}

/// Everything the person wrote that contains `words` (events, check-in notes, reflections),
/// best matches first, at most [`SEARCH_LIMIT`], narrowed by `filters`.
pub fn search(
    store: &Store,
    words: &str,
    filters: &SearchFilters,
) -> Result<Vec<SearchHit>, AppError> {
    if words.chars().count() > MAX_SEARCH_CHARS {
        return Err(Invalid::new(
            "words",
            format!("is longer than {MAX_SEARCH_CHARS} characters"),
        )
        .into());
    }
    let kind = given(filters.kind.as_deref())
        .map(|k| {
            k.parse::<SearchKind>()
                .map_err(|reason| Invalid::new("kind", reason))
        })
        .transpose()?;
    let since = date_filter("since", filters.since.as_deref())?;
    let until = date_filter("until", filters.until.as_deref())?;
    if let (Some(a), Some(b)) = (since, until) {
        if a > b {
            return Err(Invalid::new("until", format!("{b} is before {a}")).into());
        }
    }
    let query = SearchQuery {
        words: words.to_string(),
        kind,
        domain: given(filters.domain.as_deref()).map(str::to_string),
        tag: given(filters.tag.as_deref()).map(str::to_string),
        since,
        until,
        limit: Some(SEARCH_LIMIT),
    };
    store.search(&query).map_err(|e: StoreError| e.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{parse_instant, Checkin, EventInput, Kind};

    fn journal() -> Store {
        let clock = FixedClock(parse_instant("2026-11-20T22:00:00+01:00").expect("now"));
        let mut s = Store::open_in_memory().expect("store");
        let mut e = EventInput::new(
            parse_instant("2026-11-10T18:00:00+01:00").expect("at"),
            Kind::Avoided,
            "Update LinkedIn profile",
        );
        e.domain = Some("career".into());
        s.log_event(e, &clock).expect("event");
        let mut c = Checkin::new("2026-11-12".parse().expect("date"), 2);
        c.note = Some("Mixed day".into());
        s.save_checkin(c, &clock).expect("checkin");
        s
    }

    #[test]
    fn the_window_s_date_is_read_and_a_bad_one_names_the_field() {
        let s = journal();
        let all = page_before(&s, Some(" "), None).expect("from the newest");
        assert_eq!(all.days.len(), 2);
        let older = page_before(&s, Some("2026-11-12"), None).expect("before the 12th");
        assert_eq!(older.days.len(), 1);
        assert_eq!(older.days[0].date.to_string(), "2026-11-10");
        let bad = page_before(&s, Some("yesterday"), None).expect_err("refused");
        assert!(
            matches!(bad, AppError::Invalid(ref i) if i.field == "before"),
            "{bad}"
        );
    }

    #[test]
    fn busy_days_come_a_few_at_a_time_and_every_day_is_paged_once() {
        let clock = FixedClock(parse_instant("2026-11-20T22:00:00+01:00").expect("now"));
        let mut s = Store::open_in_memory().expect("store");
        // Ten days of 50 events, then a quiet day with one.
        for day in 1..=11u32 {
            let n = if day == 1 { 1 } else { 50 };
            for i in 0..n {
                let at = format!("2026-11-{day:02}T{:02}:{:02}:00+01:00", 8 + i / 60, i % 60);
                let e = EventInput::new(parse_instant(&at).expect("at"), Kind::Completed, "Work");
                s.log_event(e, &clock).expect("event");
            }
        }
        let mut seen = Vec::new();
        let mut before = None;
        loop {
            let p = page(&s, before, None).expect("page");
            let rows: usize = p.days.iter().map(|d| d.events.len()).sum();
            assert!(!p.days.is_empty());
            assert!(rows <= PAGE_ROWS, "{rows} rows");
            seen.extend(p.days.iter().map(|d| d.date));
            match p.older {
                Some(d) => {
                    assert_eq!(Some(&d), seen.last());
                    before = Some(d);
                }
                None => break,
            }
        }
        assert_eq!(seen.len(), 11, "{seen:?}");
        assert!(
            seen.windows(2).all(|w| w[0] > w[1]),
            "newest first, once each"
        );
        // One day busier than a page is still shown whole.
        let p = page(&s, None, Some(1)).expect("page");
        assert_eq!(p.days[0].events.len(), 50);
        // Quiet days fill the page as before.
        let quiet = journal();
        assert_eq!(page(&quiet, None, None).expect("page").days.len(), 2);
    }

    #[test]
    fn search_finds_tasks_and_checkin_notes_with_filters() {
        let s = journal();
        let none = SearchFilters::default();
        let hits = search(&s, "linkedin", &none).expect("search");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].field, "task");
        assert_eq!(search(&s, "Mixed day", &none).expect("search").len(), 1);
        let only_checkins = SearchFilters {
            kind: Some("checkin".into()),
            ..SearchFilters::default()
        };
        assert!(search(&s, "linkedin", &only_checkins)
            .expect("search")
            .is_empty());
        let later = SearchFilters {
            since: Some("2026-11-11".into()),
            ..SearchFilters::default()
        };
        assert!(search(&s, "linkedin", &later).expect("search").is_empty());
        let in_domain = SearchFilters {
            domain: Some(" Career ".into()),
            ..SearchFilters::default()
        };
        assert_eq!(search(&s, "linkedin", &in_domain).expect("ok").len(), 1);
    }

    #[test]
    fn bad_filters_name_their_field() {
        let s = journal();
        let err = |f: SearchFilters| match search(&s, "x", &f) {
            Err(AppError::Invalid(i)) => i.field,
            other => panic!("{other:?}"),
        };
        let f = SearchFilters {
            kind: Some("nonsense".into()),
            ..SearchFilters::default()
        };
        assert_eq!(err(f), "kind");
        let f = SearchFilters {
            since: Some("11/10/2026".into()),
            ..SearchFilters::default()
        };
        assert_eq!(err(f), "since");
        let f = SearchFilters {
            since: Some("2026-11-12".into()),
            until: Some("2026-11-10".into()),
            ..SearchFilters::default()
        };
        assert_eq!(err(f), "until");
        assert!(matches!(
            search(
                &s,
                &"x".repeat(MAX_SEARCH_CHARS + 1),
                &SearchFilters::default()
            ),
            Err(AppError::Invalid(_))
        ));
    }
}
