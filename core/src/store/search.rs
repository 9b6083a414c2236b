//! Browsing and searching the journal: which days have entries (for paging through the past a
//! page of days at a time, skipping days with nothing logged) and a full-text search over
//! everything the person wrote, through one FTS5 index per type of record (`search_events`,
//! `search_checkins`, `search_reflections`) that triggers keep in step with the records
//! (migration 0006).
//!
//! A common word can be in tens of thousands of records, and ranking them all (bm25) is what
//! made a search slow. So each type ranks at most [`RANKED_PER_TYPE`] of its matches — the most
//! recently written that pass the filters, found newest first from the index without ranking —
//! and the types' best are merged. A search with fewer matches ranks them all.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{date_of_day, day_number, tags_from_sql, Result, Store};
use crate::domain::Kind;
use crate::search::{Segment, Terms};

/// Which kind of record a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HitType {
    Event,
    Checkin,
    Reflection,
}

impl HitType {
    pub fn as_str(self) -> &'static str {
        match self {
            HitType::Event => "event",
            HitType::Checkin => "checkin",
            HitType::Reflection => "reflection",
        }
    }
}

/// What a search may be narrowed to: one type of record, or events of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKind {
    Type(HitType),
    Event(Kind),
}

impl std::str::FromStr for SearchKind {
    type Err = String;

    /// `event`, `checkin`, `reflection`, or an event kind (`avoided`, `delayed_start` …).
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim() {
            "event" | "events" => Ok(SearchKind::Type(HitType::Event)),
            "checkin" | "checkins" => Ok(SearchKind::Type(HitType::Checkin)),
            "reflection" | "reflections" => Ok(SearchKind::Type(HitType::Reflection)),
            other => other.parse::<Kind>().map(SearchKind::Event).map_err(|_| {
                format!(
                    "{other:?} is neither a record type (event, checkin, reflection) nor an event kind (completed, delayed_start, unfinished, avoided, switched, skipped)"
                )
            }),
        }
    }
}

/// A search: the words as typed and the filters. `since`/`until` are inclusive local dates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub words: String,
    pub kind: Option<SearchKind>,
    /// Events in this domain (case-insensitive); check-ins and reflections have none.
    pub domain: Option<String>,
    /// Records carrying this tag.
    pub tag: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// At most this many hits (default 50).
    pub limit: Option<usize>,
}

/// One record that contains the searched words, best matches first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    #[serde(rename = "type")]
    pub kind_of_record: HitType,
    /// The event's or reflection's id; a check-in's date.
    pub id: String,
    /// The instant as written (RFC 3339 with offset); a check-in's date.
    pub at: String,
    /// The local date the record belongs to.
    pub date: NaiveDate,
    /// The field the snippet comes from, named as in the journal format (`task`, `thought`,
    /// `note`, `domain`, `emotion`, `tags`, `title`, `text`).
    pub field: String,
    /// The snippet, the matching words marked.
    pub snippet: Vec<Segment>,
    /// The event's task or the reflection's title, for a line that says what the hit is.
    pub context: Option<String>,
    /// The event's kind.
    pub event_kind: Option<Kind>,
}

impl SearchHit {
    /// The snippet as plain text.
    pub fn snippet_text(&self) -> String {
        crate::search::plain(&self.snippet)
    }
}

/// The default and the largest number of hits of one search.
pub const SEARCH_LIMIT: usize = 50;
pub const MAX_SEARCH_LIMIT: usize = 1000;

/// The most matches of one type of record a search ranks (the most recently written).
pub const RANKED_PER_TYPE: usize = 1000;

/// One type of record as the search reads it: its index, and the query's joins, filters and
/// columns (the same shape for every type, so rows of all three are read alike). In the
/// filters `?2`/`?3` are the first and last day, `?4` the event kind, `?5` the domain, `?6` the
/// tag.
struct Source {
    hit: HitType,
    index: &'static str,
    from: &'static str,
    filter: &'static str,
    columns: &'static str,
}

const EVENTS: Source = Source {
    hit: HitType::Event,
    index: "search_events",
    from: "events x ON x.rowid = s.rowid",
    filter: "x.day BETWEEN ?2 AND ?3
         AND (?4 IS NULL OR x.kind = ?4)
         AND (?5 IS NULL OR x.domain = ?5 COLLATE NOCASE)
         AND (?6 IS NULL OR EXISTS (SELECT 1 FROM event_tags t
                                    WHERE t.event_rowid = x.rowid AND t.tag = ?6))",
    columns: "x.id, x.at, x.day, x.task, x.thought, x.note, x.domain, x.emotion, x.tags, x.kind,
              x.at_utc",
};

const CHECKINS: Source = Source {
    hit: HitType::Checkin,
    index: "search_checkins",
    from: "checkins x ON x.day = s.rowid",
    filter: "x.day BETWEEN ?2 AND ?3
         AND (?6 IS NULL OR EXISTS (SELECT 1 FROM json_each(x.tags) WHERE value = ?6))",
    columns: "x.date, x.date, x.day, NULL, NULL, x.note, NULL, NULL, x.tags, NULL, x.day * 86400",
};

const REFLECTIONS: Source = Source {
    hit: HitType::Reflection,
    index: "search_reflections",
    from: "reflections x ON x.rowid = s.rowid",
    filter: "x.day BETWEEN ?2 AND ?3
         AND (?6 IS NULL OR EXISTS (SELECT 1 FROM json_each(x.tags) WHERE value = ?6))",
    columns: "x.id, x.at, x.day, x.title, x.text, NULL, NULL, NULL, x.tags, NULL, x.at_utc",
};

impl Store {
    /// Local dates with at least one event, check-in or reflection, newest first: those before
    /// `before` (exclusive) when it is given, at most `limit`.
    pub fn days_with_entries(
        &self,
        before: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<NaiveDate>> {
        let before = before.map_or(i64::MAX, day_number);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn().prepare_cached(
            "SELECT day FROM events WHERE day < ?1
             UNION SELECT day FROM checkins WHERE day < ?1
             UNION SELECT day FROM reflections WHERE day < ?1
             ORDER BY day DESC LIMIT ?2",
        )?;
        let days = stmt.query_map(params![before, limit], |r| r.get::<_, i64>(0))?;
        let mut out = Vec::new();
        for d in days {
            if let Some(date) = date_of_day(d?) {
                out.push(date);
            }
        }
        Ok(out)
    }

    /// Everything the person wrote that contains the words of `q` (see [`crate::search`] for
    /// how odd input is read), best matches first (FTS5's bm25, ties newest first), narrowed by
    /// the filters. Words with nothing searchable in them find nothing.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        let terms = Terms::parse(&q.words);
        let limit = q.limit.unwrap_or(SEARCH_LIMIT).min(MAX_SEARCH_LIMIT);
        if terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let (since, until) = (
            q.since.map_or(i64::MIN, day_number),
            q.until.map_or(i64::MAX, day_number),
        );
        let (want_type, event_kind) = match q.kind {
            None => (None, None),
            Some(SearchKind::Type(t)) => (Some(t), None),
            Some(SearchKind::Event(k)) => (Some(HitType::Event), Some(k.code())),
        };
        let domain = q.domain.as_deref().map(str::trim).filter(|d| !d.is_empty());
        let tag = q.tag.as_deref().map(str::trim).filter(|t| !t.is_empty());
        // Only events have a domain.
        let want_type = if domain.is_some() {
            match want_type {
                None | Some(HitType::Event) => Some(HitType::Event),
                Some(_) => return Ok(Vec::new()),
            }
        } else {
            want_type
        };
        let filtered = q.since.is_some()
            || q.until.is_some()
            || event_kind.is_some()
            || domain.is_some()
            || tag.is_some();
        let fts = terms.fts_query();
        let mut ranked: Vec<(f64, i64, Row)> = Vec::new();
        for source in [&EVENTS, &CHECKINS, &REFLECTIONS] {
            if want_type.is_some_and(|w| w != source.hit) {
                continue;
            }
            // The oldest record in the window: the RANKED_PER_TYPE-th newest match that passes
            // the filters (none when there are fewer: every match is ranked).
            // Unfiltered, the index alone answers it (its parameters are numbered as the
            // filtered one's, so both take the same list).
            let window = if filtered {
                format!(
                    "SELECT s.rowid FROM {index} s CROSS JOIN {from}
                     WHERE {index} MATCH ?1 AND {filter}
                     ORDER BY s.rowid DESC LIMIT 1 OFFSET ?7",
                    index = source.index,
                    from = source.from,
                    filter = source.filter,
                )
            } else {
                format!(
                    "SELECT rowid FROM {index}
                     WHERE {index} MATCH ?1
                     ORDER BY rowid DESC LIMIT 1 OFFSET ?7",
                    index = source.index,
                )
            };
            let oldest: Option<i64> = self
                .conn()
                .prepare_cached(&window)?
                .query_row(
                    params![
                        fts,
                        since,
                        until,
                        event_kind,
                        domain,
                        tag,
                        i64::try_from(RANKED_PER_TYPE - 1).unwrap_or(i64::MAX)
                    ],
                    |r| r.get(0),
                )
                .optional()?;
            // `rank` is read per row that passes the filters, not for every match; CROSS JOIN
            // keeps the index as the outer loop (driven from a selective date range, SQLite
            // would run the full-text query once per record in it).
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT s.rank, {columns}
                 FROM {index} s CROSS JOIN {from}
                 WHERE {index} MATCH ?1 AND s.rowid >= ?7 AND {filter}
                 ORDER BY 1, 12 DESC
                 LIMIT ?8",
                columns = source.columns,
                index = source.index,
                from = source.from,
                filter = source.filter,
            ))?;
            let rows = stmt.query_map(
                params![
                    fts,
                    since,
                    until,
                    event_kind,
                    domain,
                    tag,
                    oldest.unwrap_or(i64::MIN),
                    i64::try_from(limit).unwrap_or(i64::MAX),
                ],
                |r| {
                    Ok((
                        r.get::<_, f64>(0)?,
                        r.get::<_, i64>(11)?,
                        Row {
                            source: source.hit,
                            id: r.get(1)?,
                            at: r.get(2)?,
                            day: r.get(3)?,
                            title: r.get(4)?,
                            body: r.get(5)?,
                            note: r.get(6)?,
                            domain: r.get(7)?,
                            emotion: r.get(8)?,
                            tags: r.get(9)?,
                            kind: r.get(10)?,
                        },
                    ))
                },
            )?;
            for row in rows {
                ranked.push(row?);
            }
        }
        // Best first (bm25's scores are negative: lower is better), ties newest first.
        ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        Ok(ranked
            .into_iter()
            .take(limit)
            .filter_map(|(_, _, row)| row.into_hit(&terms))
            .collect())
    }
}

/// A search result's record, as the query returns it.
struct Row {
    source: HitType,
    id: String,
    at: String,
    day: i64,
    title: Option<String>,
    body: Option<String>,
    note: Option<String>,
    domain: Option<String>,
    emotion: Option<String>,
    tags: String,
    kind: Option<i64>,
}

impl Row {
    fn into_hit(self, terms: &Terms) -> Option<SearchHit> {
        let date = date_of_day(self.day)?;
        let tags = tags_from_sql(&self.tags).join(", ");
        let tags = (!tags.is_empty()).then_some(tags);
        let kind_of_record = self.source;
        let fields: Vec<(&str, &Option<String>)> = match kind_of_record {
            HitType::Event => vec![
                ("task", &self.title),
                ("thought", &self.body),
                ("note", &self.note),
                ("domain", &self.domain),
                ("emotion", &self.emotion),
                ("tags", &tags),
            ],
            HitType::Checkin => vec![("note", &self.note), ("tags", &tags)],
            HitType::Reflection => vec![
                ("title", &self.title),
                ("text", &self.body),
                ("tags", &tags),
            ],
        };
        let present = || {
            fields
                .iter()
                .filter_map(|(name, text)| text.as_deref().map(|t| (*name, t)))
        };
        // The first field with a matching word; if folding differs from the index's, the first
        // field with any text.
        let (field, text) = present()
            .find(|(_, t)| crate::search::contains(t, terms))
            .or_else(|| present().next())?;
        let snippet = crate::search::snippet(text, terms);
        Some(SearchHit {
            kind_of_record,
            field: field.to_string(),
            snippet,
            context: match kind_of_record {
                HitType::Checkin => None,
                _ => self.title.clone(),
            },
            event_kind: self.kind.and_then(Kind::from_code),
            id: self.id,
            at: self.at,
            date,
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{Checkin, EventInput, Instant, ReflectionInput};

    fn at(s: &str) -> Instant {
        DateTime::parse_from_rfc3339(s).expect("instant")
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn journal() -> Store {
        let clock = FixedClock(at("2026-11-20T22:00:00+01:00"));
        let mut s = Store::open_in_memory().expect("store");
        let mut e = EventInput::new(
            at("2026-11-02T09:40:00+01:00"),
            Kind::DelayedStart,
            "Write the newsletter",
        );
        e.thought = Some("It needs 100% polish before anyone sees it".into());
        s.log_event(e, &clock).expect("event");
        let e = EventInput::new(
            at("2026-11-05T23:30:00-08:00"),
            Kind::Completed,
            "Late call",
        );
        s.log_event(e, &clock).expect("event");
        s.save_checkin(Checkin::new(date("2026-11-09"), 3), &clock)
            .expect("checkin");
        let mut r = ReflectionInput::new(
            at("2026-11-12T21:00:00+01:00"),
            "I told myself the Newsletter wasn't ready.",
        );
        r.title = Some("Evening".into());
        s.add_reflection(r, &clock).expect("reflection");
        s
    }

    #[test]
    fn days_with_entries_come_newest_first_and_page_by_date() {
        let s = journal();
        // The late call is dated by its own offset: 5 November, not the 6th in UTC.
        let all = s.days_with_entries(None, 10).expect("days");
        assert_eq!(
            all,
            vec![
                date("2026-11-12"),
                date("2026-11-09"),
                date("2026-11-05"),
                date("2026-11-02")
            ]
        );
        assert_eq!(
            s.days_with_entries(None, 2).expect("days"),
            vec![date("2026-11-12"), date("2026-11-09")]
        );
        // The next page starts before the last day shown.
        assert_eq!(
            s.days_with_entries(Some(date("2026-11-09")), 2)
                .expect("days"),
            vec![date("2026-11-05"), date("2026-11-02")]
        );
        assert!(s
            .days_with_entries(Some(date("2026-11-02")), 5)
            .expect("days")
            .is_empty());
        assert!(Store::open_in_memory()
            .expect("store")
            .days_with_entries(None, 5)
            .expect("days")
            .is_empty());
    }

    fn find(s: &Store, words: &str) -> Vec<SearchHit> {
        s.search(&SearchQuery {
            words: words.into(),
            ..SearchQuery::default()
        })
        .expect("search")
    }

    fn marked(h: &SearchHit) -> Vec<String> {
        h.snippet
            .iter()
            .filter(|s| s.mark)
            .map(|s| s.text.clone())
            .collect()
    }

    /// The journal of `journal()` plus a task word, a check-in note, tags and a domain.
    fn richer() -> Store {
        let clock = FixedClock(at("2026-11-20T22:00:00+01:00"));
        let mut s = journal();
        let mut e = EventInput::new(
            at("2026-11-10T18:00:00+01:00"),
            Kind::Avoided,
            "Update LinkedIn profile",
        );
        e.domain = Some("Career".into());
        e.tags = vec!["jobsearch".into()];
        e.emotion = Some("dread".into());
        e.note = Some("left it for the weekend".into());
        s.log_event(e, &clock).expect("event");
        let mut c = Checkin::new(date("2026-11-10"), 2);
        c.note = Some("Mixed day, the newsletter again".into());
        c.tags = vec!["jobsearch".into()];
        s.save_checkin(c, &clock).expect("checkin");
        s
    }

    #[test]
    fn search_covers_every_field_the_person_wrote() {
        let s = richer();
        let hit = |w: &str| {
            let hits = find(&s, w);
            assert_eq!(hits.len(), 1, "{w}: {hits:?}");
            hits.into_iter().next().expect("one")
        };
        let h = hit("linkedin");
        assert_eq!(
            (h.kind_of_record, h.field.as_str()),
            (HitType::Event, "task")
        );
        assert_eq!(h.event_kind, Some(Kind::Avoided));
        assert_eq!(h.date, date("2026-11-10"));
        assert_eq!(marked(&h), vec!["LinkedIn"]);
        let h = hit("Mixed day");
        assert_eq!(
            (h.kind_of_record, h.field.as_str()),
            (HitType::Checkin, "note")
        );
        assert_eq!((h.id.as_str(), h.at.as_str()), ("2026-11-10", "2026-11-10"));
        assert_eq!(hit("career").field, "domain");
        assert_eq!(hit("dread").field, "emotion");
        assert_eq!(hit("weekend").field, "note");
        assert_eq!(hit("polish").field, "thought");
        assert_eq!(hit("evening").field, "title");
        assert_eq!(hit("told myself").field, "text");
        // A tag is on the event and on the check-in.
        assert_eq!(find(&s, "jobsearch").len(), 2);
    }

    #[test]
    fn search_ranks_and_filters() {
        let s = richer();
        // A task word counts more than the same word deep in a longer text.
        let hits = find(&s, "newsletter");
        assert_eq!(hits.len(), 3, "{hits:?}");
        assert_eq!(hits[0].field, "task");
        let only = |kind: &str| SearchQuery {
            words: "newsletter".into(),
            kind: Some(kind.parse().expect("kind")),
            ..SearchQuery::default()
        };
        let types = |q: &SearchQuery| {
            s.search(q)
                .expect("search")
                .iter()
                .map(|h| h.kind_of_record)
                .collect::<Vec<_>>()
        };
        assert_eq!(types(&only("checkin")), vec![HitType::Checkin]);
        assert_eq!(types(&only("reflection")), vec![HitType::Reflection]);
        assert_eq!(types(&only("delayed_start")), vec![HitType::Event]);
        assert!(types(&only("avoided")).is_empty());
        assert!("nonsense".parse::<SearchKind>().is_err());
        let q = SearchQuery {
            words: "newsletter".into(),
            since: Some(date("2026-11-03")),
            until: Some(date("2026-11-10")),
            ..SearchQuery::default()
        };
        assert_eq!(types(&q), vec![HitType::Checkin]);
        let q = SearchQuery {
            words: "jobsearch".into(),
            domain: Some("career".into()),
            ..SearchQuery::default()
        };
        assert_eq!(types(&q), vec![HitType::Event]);
        let q = SearchQuery {
            words: "newsletter".into(),
            tag: Some("jobsearch".into()),
            ..SearchQuery::default()
        };
        assert_eq!(types(&q), vec![HitType::Checkin]);
        let q = SearchQuery {
            words: "newsletter".into(),
            limit: Some(1),
            ..SearchQuery::default()
        };
        assert_eq!(s.search(&q).expect("search").len(), 1);
    }

    #[test]
    fn odd_input_is_safe() {
        let s = richer();
        for odd in [
            "",
            "   ",
            "\"",
            "\"unclosed",
            "news\" OR \"x",
            "AND",
            "NOT newsletter",
            "newsletter NEAR(x)",
            "title:evening",
            "*",
            "^e",
            "(((",
            "🙂",
            "100%",
            "_",
            "' OR 1=1 --",
        ] {
            s.search(&SearchQuery {
                words: odd.into(),
                ..SearchQuery::default()
            })
            .unwrap_or_else(|e| panic!("{odd:?}: {e}"));
        }
        let long = "newsletter ".repeat(5_000);
        assert_eq!(find(&s, &long).len(), 3);
        // Operators are words: "not newsletter" needs both words.
        assert!(find(&s, "NOT newsletter").is_empty());
        assert_eq!(find(&s, "🙂 linkedin").len(), 1);
        assert_eq!(find(&s, "100%").len(), 1, "the thought's 100");
        assert!(find(&s, "").is_empty());
    }

    #[test]
    fn the_index_follows_edits_and_deletes() {
        let clock = FixedClock(at("2026-11-20T22:00:00+01:00"));
        let mut s = richer();
        let id = find(&s, "linkedin")[0].id.clone();
        let mut e = s.event(&id).expect("event").expect("exists").input();
        e.task = "Update the portfolio".into();
        s.edit_event(&id, e, &clock).expect("edit");
        assert!(find(&s, "linkedin").is_empty());
        assert_eq!(find(&s, "portfolio").len(), 1);
        s.delete_event(&id).expect("delete");
        assert!(find(&s, "portfolio").is_empty());
        let mut c = Checkin::new(date("2026-11-10"), 3);
        c.note = Some("calm".into());
        s.save_checkin(c, &clock).expect("replace");
        assert!(find(&s, "mixed").is_empty());
        assert_eq!(find(&s, "calm").len(), 1);
        s.delete_checkin(date("2026-11-10")).expect("delete");
        assert!(find(&s, "calm").is_empty());
        let r = find(&s, "evening")[0].id.clone();
        s.delete_reflection(&r).expect("delete");
        assert!(find(&s, "evening").is_empty());
    }

    #[test]
    fn the_index_follows_undone_deletes_and_edited_reflections() {
        let clock = FixedClock(at("2026-11-20T22:00:00+01:00"));
        let mut s = richer();
        let ids = |s: &Store, words: &str| -> Vec<(String, String)> {
            find(s, words)
                .into_iter()
                .map(|h| (h.id, h.field))
                .collect()
        };

        // A check-in deleted, then put back: its note is found again under its date.
        let before = ids(&s, "mixed");
        assert_eq!(before, vec![("2026-11-10".to_string(), "note".to_string())]);
        let c = s.delete_checkin(date("2026-11-10")).expect("delete");
        assert!(find(&s, "mixed").is_empty());
        s.restore_checkin(&c, &clock).expect("undo");
        assert_eq!(ids(&s, "mixed"), before);
        // Putting back over a check-in saved since is refused, and the index keeps the new one.
        let c = s.delete_checkin(date("2026-11-10")).expect("delete");
        let mut since = Checkin::new(date("2026-11-10"), 4);
        since.note = Some("steady".into());
        s.save_checkin(since, &clock).expect("save");
        s.restore_checkin(&c, &clock).expect_err("taken");
        assert!(find(&s, "mixed").is_empty());
        assert_eq!(find(&s, "steady").len(), 1);

        // A reflection edited, deleted and put back, with its id.
        let r = find(&s, "evening")[0].id.clone();
        let mut input = s.reflection(&r).expect("read").expect("exists").input();
        input.title = Some("Night".into());
        input.text = "Tomorrow the draft goes out at nine.".into();
        s.edit_reflection(&r, input, &clock).expect("edit");
        assert!(find(&s, "evening").is_empty());
        assert_eq!(ids(&s, "night"), vec![(r.clone(), "title".to_string())]);
        assert_eq!(ids(&s, "draft"), vec![(r.clone(), "text".to_string())]);
        let deleted = s.delete_reflection(&r).expect("delete");
        assert!(find(&s, "night").is_empty() && find(&s, "draft").is_empty());
        s.restore_reflection(&deleted, &clock).expect("undo");
        assert_eq!(ids(&s, "night"), vec![(r.clone(), "title".to_string())]);
        assert_eq!(ids(&s, "draft"), vec![(r, "text".to_string())]);
        assert!(find(&s, "evening").is_empty());

        // One index row per record, none left behind by the deletes.
        for (table, records) in [
            ("search_checkins", "checkins"),
            ("search_reflections", "reflections"),
        ] {
            let count =
                |sql: &str| -> i64 { s.conn().query_row(sql, [], |r| r.get(0)).expect("count") };
            assert_eq!(
                count(&format!("SELECT count(*) FROM {table}")),
                count(&format!("SELECT count(*) FROM {records}")),
                "{table}"
            );
        }
    }

    #[test]
    fn a_common_word_ranks_the_newest_matches_and_filters_reach_older_ones() {
        let clock = FixedClock(at("2026-11-20T22:00:00+01:00"));
        let mut s = Store::open_in_memory().expect("store");
        // Written first: the word in the task (the heaviest column), years ago.
        let old = EventInput::new(
            at("2020-03-02T09:00:00+01:00"),
            Kind::Avoided,
            "Harbour swim",
        );
        let old = s.log_event(old, &clock).expect("old event");
        let few = |s: &Store| {
            s.search(&SearchQuery {
                words: "harbour".into(),
                limit: Some(5),
                ..SearchQuery::default()
            })
            .expect("search")
        };
        let mut e = EventInput::new(at("2026-11-01T09:00:00+01:00"), Kind::Completed, "Walk");
        e.thought = Some("a long walk past the harbour and the market".into());
        s.log_event(e.clone(), &clock).expect("newer event");
        // While every match is ranked, the task match is the best.
        assert_eq!(few(&s)[0].id, old.id);

        for _ in 0..RANKED_PER_TYPE {
            s.log_event(e.clone(), &clock).expect("newer event");
        }
        // Now only the newest RANKED_PER_TYPE are ranked: the old one is not among them...
        let hits = few(&s);
        assert_eq!(hits.len(), 5);
        assert!(hits.iter().all(|h| h.id != old.id && h.field == "thought"));
        // ...but a filter that leaves it in finds it, however many newer matches there are.
        let until = s
            .search(&SearchQuery {
                words: "harbour".into(),
                until: Some(date("2021-01-01")),
                ..SearchQuery::default()
            })
            .expect("search");
        assert_eq!(until.len(), 1);
        assert_eq!(
            (until[0].id.as_str(), until[0].field.as_str()),
            (old.id.as_str(), "task")
        );
        let avoided = s
            .search(&SearchQuery {
                words: "harbour".into(),
                kind: Some(SearchKind::Event(Kind::Avoided)),
                ..SearchQuery::default()
            })
            .expect("search");
        assert_eq!(avoided.len(), 1);
    }
}
