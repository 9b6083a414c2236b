//! CSV export (`plumbline export --format csv`): one table per record type, for spreadsheets.
//!
//! Events are one row each, with this header (stable; scripts may rely on it):
//!
//! `id,at,date,kind,task,domain,planned_at,delay_minutes,progress,thought,emotion,friction,tags,note,source_app`
//!
//! `at` and `planned_at` are RFC 3339 with offset, `date` is the local calendar date of `at`,
//! `tags` are joined with `;`, empty fields are empty cells, `source_app` is the app an imported
//! record came from (empty for records made in Plumbline).
//!
//! Check-ins (`date,alignment,energy,mood,note,tags`) and reflections
//! (`id,at,date,prompt_id,title,text,mood,tags,starred,source_app`) are tables of their own. When
//! the export goes to a file `NAME.csv`, they are written beside it as `NAME.checkins.csv` and
//! `NAME.reflections.csv`; on standard output only the events table is printed.
//! Rows are in the journal's export order (by time, then id).
//!
//! Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return
//! before one) as a formula, so a thought such as `=HYPERLINK(…)` could run when the file is
//! opened. As OWASP and the spreadsheet makers recommend, every cell of the person's text that
//! begins with one of those characters is written with a `'` in front, which spreadsheets show
//! as text and do not display. Numbers, dates and ids are never changed.

use std::path::{Path, PathBuf};

use super::journal::{sorted_checkins, sorted_events, sorted_reflections};
use crate::domain::{format_instant, Checkin, Event, Reflection};

pub const EVENT_HEADER: [&str; 15] = [
    "id",
    "at",
    "date",
    "kind",
    "task",
    "domain",
    "planned_at",
    "delay_minutes",
    "progress",
    "thought",
    "emotion",
    "friction",
    "tags",
    "note",
    "source_app",
];
pub const CHECKIN_HEADER: [&str; 6] = ["date", "alignment", "energy", "mood", "note", "tags"];
pub const REFLECTION_HEADER: [&str; 10] = [
    "id",
    "at",
    "date",
    "prompt_id",
    "title",
    "text",
    "mood",
    "tags",
    "starred",
    "source_app",
];

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// A cell of the person's text, made safe to open in a spreadsheet (see the module docs).
pub fn text_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn opt_text(v: &Option<String>) -> String {
    v.as_deref().map(text_cell).unwrap_or_default()
}

fn to_string(rows: Vec<Vec<String>>, header: &[&str]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; the record lengths always match the header.
    w.write_record(header).expect("in-memory CSV write");
    for r in rows {
        w.write_record(&r).expect("in-memory CSV write");
    }
    let bytes = w.into_inner().expect("in-memory CSV flush");
    String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8")
}

/// The events table, header included.
pub fn events_csv(events: &[Event]) -> String {
    let rows = sorted_events(events)
        .into_iter()
        .map(|e| {
            vec![
                e.id.clone(),
                format_instant(&e.at),
                e.local_date().format("%Y-%m-%d").to_string(),
                e.kind.as_str().to_string(),
                text_cell(&e.task),
                opt_text(&e.domain),
                e.planned_at
                    .as_ref()
                    .map(format_instant)
                    .unwrap_or_default(),
                opt(&e.delay_minutes),
                opt(&e.progress),
                opt_text(&e.thought),
                opt_text(&e.emotion),
                opt(&e.friction),
                text_cell(&e.tags.join(";")),
                opt_text(&e.note),
                e.source.as_ref().map(|s| s.app.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    to_string(rows, &EVENT_HEADER)
}

/// The check-ins table, header included.
pub fn checkins_csv(checkins: &[Checkin]) -> String {
    let rows = sorted_checkins(checkins)
        .into_iter()
        .map(|c| {
            vec![
                c.date.format("%Y-%m-%d").to_string(),
                c.alignment.to_string(),
                opt(&c.energy),
                opt(&c.mood),
                opt_text(&c.note),
                text_cell(&c.tags.join(";")),
            ]
        })
        .collect();
    to_string(rows, &CHECKIN_HEADER)
}

/// The reflections table, header included.
pub fn reflections_csv(reflections: &[Reflection]) -> String {
    let rows = sorted_reflections(reflections)
        .into_iter()
        .map(|r| {
            vec![
                r.id.clone(),
                format_instant(&r.at),
                r.at.date_naive().format("%Y-%m-%d").to_string(),
                opt(&r.prompt_id),
                opt_text(&r.title),
                text_cell(&r.text),
                opt(&r.mood),
                text_cell(&r.tags.join(";")),
                r.starred.to_string(),
                r.source.as_ref().map(|s| s.app.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    to_string(rows, &REFLECTION_HEADER)
}

/// The two files written beside `NAME.csv`: `NAME.checkins.csv` and `NAME.reflections.csv`.
pub fn sidecar_paths(events_file: &Path) -> (PathBuf, PathBuf) {
    let stem = events_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "journal".to_string());
    let dir = events_file.parent().unwrap_or_else(|| Path::new(""));
    (
        dir.join(format!("{stem}.checkins.csv")),
        dir.join(format!("{stem}.reflections.csv")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{parse_date, parse_instant, EventInput, Kind, ReflectionInput, Source};

    fn at(s: &str) -> crate::domain::Instant {
        parse_instant(s).expect("instant")
    }

    #[test]
    fn events_table_snapshot() {
        let mut a = EventInput::new(
            at("2026-11-20T09:40:00+01:00"),
            Kind::DelayedStart,
            "Write the newsletter, \"final\"",
        );
        a.domain = Some("content".into());
        a.planned_at = Some(at("2026-11-20T09:00:00+01:00"));
        a.delay_minutes = Some(40);
        a.thought = Some("Another pass\nfirst".into());
        a.friction = Some(4);
        a.tags = vec!["newsletter".into(), "publish".into()];
        let mut b = EventInput::new(
            at("2026-11-19T23:30:00-05:00"),
            Kind::Unfinished,
            "Tax forms",
        );
        b.progress = Some(0.25);
        let events = vec![
            a.into_event("e2".into(), None),
            b.into_event(
                "e1".into(),
                Some(Source {
                    app: "loop".into(),
                    file: None,
                    import_id: None,
                }),
            ),
        ];
        let want = "id,at,date,kind,task,domain,planned_at,delay_minutes,progress,thought,emotion,friction,tags,note,source_app\r\n\
e1,2026-11-19T23:30:00-05:00,2026-11-19,unfinished,Tax forms,,,,0.25,,,,,,loop\r\n\
e2,2026-11-20T09:40:00+01:00,2026-11-20,delayed_start,\"Write the newsletter, \"\"final\"\"\",content,2026-11-20T09:00:00+01:00,40,,\"Another pass\nfirst\",,4,newsletter;publish,,\r\n";
        assert_eq!(events_csv(&events), want);
    }

    #[test]
    fn checkins_and_reflections_tables() {
        let mut c = Checkin::new(parse_date("2026-11-20").expect("date"), 2);
        c.mood = Some(3);
        c.tags = vec!["tired".into()];
        let c2 = Checkin::new(parse_date("2026-11-18").expect("date"), 5);
        assert_eq!(
            checkins_csv(&[c, c2]),
            "date,alignment,energy,mood,note,tags\r\n2026-11-18,5,,,,\r\n2026-11-20,2,,3,,tired\r\n"
        );
        let mut r =
            ReflectionInput::new(at("2026-11-20T21:10:00+01:00"), "One more email, I said.");
        r.prompt_id = Some("thinking.before_delay".into());
        r.starred = true;
        let r = r.into_reflection("r1".into(), None);
        assert_eq!(
            reflections_csv(&[r]),
            "id,at,date,prompt_id,title,text,mood,tags,starred,source_app\r\n\
r1,2026-11-20T21:10:00+01:00,2026-11-20,thinking.before_delay,,\"One more email, I said.\",,,true,\r\n"
        );
        assert_eq!(events_csv(&[]), EVENT_HEADER.join(",") + "\r\n");
    }

    #[test]
    fn formula_leading_text_is_written_as_text() {
        let mut a = EventInput::new(
            at("2026-11-20T09:40:00+01:00"),
            Kind::Avoided,
            "=HYPERLINK(\"http://x\",\"y\")",
        );
        a.thought = Some("+1 for me".into());
        a.note = Some("@everyone".into());
        a.domain = Some("-ops".into());
        let e = a.into_event("e1".into(), None);
        let table = events_csv(&[e]);
        let row = table.lines().nth(1).expect("row");
        assert!(row.contains("\"'=HYPERLINK"), "{row}");
        assert!(row.contains(",'-ops,"), "{row}");
        assert!(row.contains(",'+1 for me,"), "{row}");
        assert!(row.contains(",'@everyone,"), "{row}");
        for s in ["\tx", "\rx"] {
            assert!(text_cell(s).starts_with('\''));
        }
        assert_eq!(text_cell("plain"), "plain");
        let mut c = Checkin::new(parse_date("2026-11-20").expect("date"), 2);
        c.note = Some("=1+1".into());
        assert!(checkins_csv(&[c]).contains(",'=1+1,"));
        let r = ReflectionInput::new(at("2026-11-20T21:10:00+01:00"), "-tired")
            .into_reflection("r1".into(), None);
        assert!(reflections_csv(&[r]).contains(",'-tired,"));
    }

    #[test]
    fn sidecars_sit_beside_the_events_file() {
        let (c, r) = sidecar_paths(Path::new("out/journal.csv"));
        assert_eq!(c, Path::new("out/journal.checkins.csv"));
        assert_eq!(r, Path::new("out/journal.reflections.csv"));
        let (c, _) = sidecar_paths(Path::new("export"));
        assert_eq!(c, Path::new("export.checkins.csv"));
    }
}
