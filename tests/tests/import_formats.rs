//! Importing other apps' exports: Daylio, Loop Habit Tracker and jrnl, every layout and quirk,
//! malformed files, content detection, and random mutations of every fixture.

use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use plumbline_core::domain::{format_instant, Event, Kind, Reflection};
use plumbline_core::interchange::detect::{detect, detect_bytes, Layout};
use plumbline_core::interchange::formats::{
    parse_bytes, parse_file, parse_file_detailed, parse_mood_map, Format, ImportError, LocalZone,
    ParseOptions,
};
use plumbline_core::interchange::ImportBatch;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// Fixed zone UTC+02:00 for naive local times.
fn opts() -> ParseOptions {
    ParseOptions {
        zone: LocalZone::Fixed(FixedOffset::east_opt(2 * 3600).expect("offset")),
        ..ParseOptions::default()
    }
}

fn skipping() -> ParseOptions {
    ParseOptions {
        skip_invalid: true,
        ..opts()
    }
}

fn parse(rel: &str) -> (Format, ImportBatch) {
    parse_with(rel, &opts())
}

fn parse_with(rel: &str, o: &ParseOptions) -> (Format, ImportBatch) {
    match parse_file(&fixture(rel), None, o) {
        Ok(r) => r,
        Err(e) => panic!("{rel} should import: {e}"),
    }
}

fn fail(rel: &str, format: Option<Format>) -> ImportError {
    match parse_file(&fixture(rel), format, &opts()) {
        Ok((_, b)) => panic!("{rel} should be refused, got {b:?}"),
        Err(e) => e,
    }
}

fn at(r: &Reflection) -> String {
    format_instant(&r.at)
}

fn tags(t: &[&str]) -> Vec<String> {
    t.iter().map(|s| s.to_string()).collect()
}

fn layout(rel: &str) -> Layout {
    match detect(&fixture(rel)) {
        Ok(d) => d.layout,
        Err(e) => panic!("{rel} should be recognised: {e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Daylio

#[test]
fn daylio_current_csv_with_every_quirk() {
    let (format, b) = parse("daylio/current.csv");
    assert_eq!(format, Format::Daylio);
    assert!(
        b.events.is_empty() && b.checkins.is_empty(),
        "no check-ins are made up"
    );
    let r = &b.reflections;
    assert_eq!(r.len(), 6);

    assert_eq!(at(&r[0]), "2023-06-22T18:50:00+02:00");
    assert_eq!(r[0].title.as_deref(), Some("Dinner"));
    assert_eq!(r[0].text, "Tom & Jerry came over.\nWe said \"cheers\" 🍷");
    assert_eq!(r[0].mood, Some(5));
    assert_eq!(r[0].tags, tags(&["friends", "cooking"]));
    let src = r[0].source.as_ref().expect("provenance");
    assert_eq!(
        (
            src.app.as_str(),
            src.file.as_deref(),
            src.import_id.as_deref()
        ),
        ("daylio", Some("current.csv"), None)
    );
    assert!(r[0].id.starts_with("daylio:"));

    // 1:49 PM, a quoted multi-line note with CRLF, &nbsp; and a raw non-breaking space; a custom
    // mood nobody mapped is kept as a tag.
    assert_eq!(at(&r[1]), "2023-06-22T13:49:00+02:00");
    assert_eq!(r[1].text, "Line one\nline two with nbsp");
    assert_eq!(r[1].mood, None);
    assert_eq!(r[1].tags, tags(&["work", "mood:vaguely ok"]));

    // No note, no activities (`""`): the mood name is kept.
    assert_eq!(at(&r[2]), "2023-06-22T09:03:00+02:00");
    assert_eq!(r[2].text, "Mood: Medium [-]");
    assert_eq!(r[2].title, None);
    assert_eq!(r[2].tags, tags(&["mood:Medium [-]"]));

    assert_eq!(r[3].text, "שלום עולם — right to left");
    assert_eq!(r[3].mood, Some(4));

    assert_eq!(at(&r[4]), "2023-06-20T00:17:00+02:00");
    assert_eq!(r[4].text, "Could not sleep");
    assert_eq!(r[4].tags, tags(&["sleep"]));
    assert_eq!(r[4].mood, Some(1));

    // The short last row (no note_title, no note), no final newline, 12:05 am.
    assert_eq!(at(&r[5]), "2023-06-19T00:05:00+02:00");
    assert_eq!(r[5].text, "Mood: meh\nActivities: reading");
    assert_eq!(r[5].mood, Some(3));

    let mut ids: Vec<&str> = r.iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6);
}

#[test]
fn daylio_mood_map_comes_after_the_built_in_names() {
    let mut o = opts();
    o.mood_map = parse_mood_map("vaguely ok=3, medium [-]=2, good=1").expect("map");
    let (_, b) = parse_with("daylio/current.csv", &o);
    assert_eq!(b.reflections[1].mood, Some(3));
    assert_eq!(b.reflections[1].tags, tags(&["work"]));
    assert_eq!(b.reflections[2].mood, Some(2));
    assert_eq!(b.reflections[2].tags, Vec::<String>::new());
    assert_eq!(
        b.reflections[3].mood,
        Some(4),
        "a default name keeps its level"
    );
}

#[test]
fn daylio_ids_are_stable_and_identical_entries_stay_distinct() {
    let (_, a) = parse("daylio/older-7-columns.csv");
    let (_, b) = parse("daylio/older-7-columns.csv");
    assert_eq!(a, b, "parsing is deterministic");
    let r = &a.reflections;
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].text, "Snow everywhere");
    assert_eq!(r[0].title, None);
    assert_eq!(r[1].id, format!("{}-2", r[0].id));
    assert_eq!(at(&r[0]), "2019-02-03T07:15:00+02:00");
    assert_eq!(r[2].text, "Mood: bad\nActivities: work");
    assert_eq!(r[2].mood, Some(2));
}

#[test]
fn daylio_oldest_layout_rebuilds_dates_from_year_and_localised_month() {
    let (_, b) = parse("daylio/oldest-year.csv");
    let r = &b.reflections;
    assert_eq!(r.len(), 3);
    assert_eq!(at(&r[0]), "2016-09-07T21:10:00+02:00");
    assert_eq!(
        (r[0].mood, r[0].text.as_str()),
        (Some(4), "Dzień jak co dzień")
    );
    assert_eq!(at(&r[1]), "2016-06-22T18:00:00+02:00");
    assert_eq!(r[1].mood, Some(2), "Spanish mal");
    assert_eq!(at(&r[2]), "2015-12-31T23:59:00+02:00");
    assert_eq!(r[2].tags, tags(&["znajomi", "impreza"]));
}

#[test]
fn daylio_columns_are_found_by_name() {
    let (_, b) = parse("daylio/scales-and-extras.csv");
    let r = &b.reflections;
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].title.as_deref(), Some("Morning"));
    assert_eq!(r[0].text, "Went, finally");
    assert_eq!(r[0].tags, tags(&["gym", "mood:Sin animo"]));
    assert_eq!(r[1].text, "Mood: Sin animo");

    let mut o = opts();
    o.mood_map = parse_mood_map("Sin animo=2").expect("map");
    let (_, b) = parse_with("daylio/scales-and-extras.csv", &o);
    assert_eq!(b.reflections[0].mood, Some(2));
    assert_eq!(b.reflections[0].tags, tags(&["gym"]));
}

#[test]
fn daylio_without_a_header_and_with_short_rows() {
    assert_eq!(layout("daylio/headerless.csv"), Layout::DaylioCsv);
    let (_, b) = parse("daylio/headerless.csv");
    assert_eq!(b.reflections.len(), 3);
    // A short first row does not hide the 8-column layout of the rows after it.
    assert_eq!(
        (b.reflections[0].text.as_str(), b.reflections[0].mood),
        ("Mood: rad", Some(5))
    );
    assert_eq!(b.reflections[1].title.as_deref(), Some("Brunch"));
    assert_eq!(b.reflections[1].text, "Nice one");
    assert_eq!(at(&b.reflections[1]), "2024-03-02T11:11:00+02:00");
    assert_eq!(b.reflections[2].text, "Mood: meh\nActivities: work");

    let (_, b) = parse("daylio/short-row.csv");
    assert_eq!(b.reflections[0].text, "Mood: good\nActivities: coffee");
    assert_eq!(b.reflections[1].title.as_deref(), Some("Title only"));
}

#[test]
fn daylio_bad_rows_fail_the_file_or_are_skipped_and_reported() {
    let e = fail("daylio/bad-time.csv", None).to_string();
    assert!(
        e.starts_with("bad-time.csv, line 3: time: \"25:61\" is not a time of day"),
        "{e}"
    );

    let (_, b) = parse_with("daylio/bad-time.csv", &skipping());
    assert_eq!(b.reflections.len(), 2);
    assert_eq!(b.rejected.len(), 1);
    assert_eq!(
        (b.rejected[0].record.as_str(), b.rejected[0].field.as_str()),
        ("line 3", "time")
    );
    assert_eq!(at(&b.reflections[1]), "2024-02-29T10:00:00+02:00");

    let e = fail("daylio/bad-date.csv", None).to_string();
    assert!(
        e.contains("line 2: full_date: \"2024-02-30\" is not a date"),
        "{e}"
    );

    let e = fail("daylio/no-mood-column.csv", Some(Format::Daylio)).to_string();
    assert!(e.contains("no \"mood\" column"), "{e}");
    let e = fail("daylio/no-mood-column.csv", None).to_string();
    assert!(e.contains("not recognised"), "{e}");
}

#[test]
fn daylio_backup_knows_every_mood_level() {
    assert_eq!(layout("daylio/backup.daylio"), Layout::DaylioBackup);
    let (format, b) = parse("daylio/backup.daylio");
    assert_eq!(format, Format::Daylio);
    let r = &b.reflections;
    assert_eq!(r.len(), 3);
    assert_eq!(at(&r[0]), "2023-06-22T18:50:00+02:00");
    assert_eq!(
        (r[0].mood, r[0].text.as_str()),
        (Some(5), "Tom & Jerry came over.\nNice")
    );
    assert_eq!(r[0].tags, tags(&["friends"]));
    assert_eq!(r[0].title.as_deref(), Some("Dinner"));
    // Custom names: the level comes from mood_group_id (1 best).
    assert_eq!(
        (r[1].mood, r[1].text.as_str()),
        (Some(3), "Mood: vaguely ok\nActivities: work")
    );
    assert_eq!(r[1].tags, tags(&["work"]));
    assert_eq!(
        at(&r[2]),
        "2023-01-01T09:03:00+01:00",
        "the backup's own offset"
    );
    assert_eq!(r[2].mood, Some(4));
    assert_eq!(
        r[2].tags,
        tags(&["work", "sport"]),
        "an unknown tag id is dropped"
    );

    // The decoded JSON on its own reads the same.
    let (_, j) = parse("daylio/backup.json");
    let ids = |b: &ImportBatch| {
        b.reflections
            .iter()
            .map(|r| r.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&j), ids(&b));
}

#[test]
fn daylio_backup_without_mood_groups_falls_back_to_names_then_the_map() {
    let json = r#"{"version": 15,
        "customMoods": [{"id": 1, "custom_name": "dobrze", "predefined_name_id": -1},
                        {"id": 2, "custom_name": "Sin animo", "predefined_name_id": -1},
                        {"id": 3, "custom_name": "", "predefined_name_id": 5}],
        "tags": [],
        "dayEntries": [
          {"minute": 5, "hour": 7, "day": 1, "month": 11, "year": 2022, "mood": 1, "note": "a", "tags": []},
          {"minute": 5, "hour": 8, "day": 1, "month": 11, "year": 2022, "mood": 2, "note": "b", "tags": []},
          {"minute": 5, "hour": 9, "day": 1, "month": 11, "year": 2022, "mood": 3, "note": "c", "tags": []},
          {"minute": 5, "hour": 9, "day": 1, "month": 11, "year": 2022, "mood": 4, "note": "d", "tags": []}]}"#;
    let e = parse_bytes(json.as_bytes(), "b.json", Format::Daylio, &opts())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "b.json, dayEntries[3]: mood: 4 is not one of the backup's customMoods"
    );
    let mut o = skipping();
    o.mood_map = parse_mood_map("sin animo=2").expect("map");
    let b = parse_bytes(json.as_bytes(), "b.json", Format::Daylio, &o).expect("imports");
    let r = &b.reflections;
    // No offset in the entry: read in the local zone; December is month 11 (0-based).
    assert_eq!(at(&r[0]), "2022-12-01T07:05:00+02:00");
    assert_eq!(
        r.iter().map(|r| r.mood).collect::<Vec<_>>(),
        vec![Some(4), Some(2), Some(1)]
    );
    assert_eq!(b.rejected.len(), 1);
}

#[test]
fn daylio_backup_errors_name_the_entry() {
    let e = fail("daylio/backup-bad-entry.daylio", None).to_string();
    assert!(
        e.starts_with("backup-bad-entry.daylio, dayEntries[3]: day:"),
        "{e}"
    );
    let (_, b) = parse_with("daylio/backup-bad-entry.daylio", &skipping());
    assert_eq!((b.reflections.len(), b.rejected.len()), (3, 1));

    let e = fail("daylio/backup-not-base64.daylio", None).to_string();
    assert!(e.contains("neither base64-encoded JSON nor JSON"), "{e}");
}

#[test]
fn daylio_time_zone_gaps_are_read_after_the_gap() {
    let csv = "full_date,date,weekday,time,mood,activities,note_title,note\n\
               2026-03-29,March 29,Sunday,2:30 am,good,,,spring\n\
               2026-10-25,October 25,Sunday,2:30 am,good,,,autumn\n";
    let o = ParseOptions {
        zone: LocalZone::named("Europe/Berlin").expect("zone"),
        ..ParseOptions::default()
    };
    let b = parse_bytes(csv.as_bytes(), "dst.csv", Format::Daylio, &o).expect("imports");
    assert_eq!(at(&b.reflections[0]), "2026-03-29T03:30:00+02:00");
    assert_eq!(at(&b.reflections[1]), "2026-10-25T02:30:00+02:00");
}

// ---------------------------------------------------------------------------------------------
// Loop Habit Tracker

fn event<'a>(b: &'a ImportBatch, task: &str, date: &str) -> Option<&'a Event> {
    b.events
        .iter()
        .find(|e| e.task == task && e.at.date_naive().to_string() == date)
}

fn kind(b: &ImportBatch, task: &str, date: &str) -> Option<Kind> {
    event(b, task, date).map(|e| e.kind)
}

#[test]
fn loop_v2_3_1_export_folder() {
    assert_eq!(layout("loop/export-v2.3.1"), Layout::LoopExport);
    let (format, b) = parse("loop/export-v2.3.1");
    assert_eq!(format, Format::Loop);
    assert_eq!(b.events.len(), 11, "{:#?}", b.events);

    let m = event(&b, "Meditate", "2023-04-05").expect("done");
    assert_eq!(m.kind, Kind::Completed);
    assert_eq!(format_instant(&m.at), "2023-04-05T12:00:00+02:00");
    assert_eq!(
        m.note.as_deref(),
        Some("Calm, 20 minutes\nfelt \"great\"\nDid you meditate today?")
    );
    assert!(m.id.starts_with("loop:"));
    assert_eq!(m.source.as_ref().map(|s| s.app.as_str()), Some("loop"));
    assert_eq!(kind(&b, "Meditate", "2023-04-04"), Some(Kind::Avoided));
    assert_eq!(kind(&b, "Meditate", "2023-04-03"), Some(Kind::Skipped));
    assert_eq!(
        kind(&b, "Meditate", "2023-04-02"),
        None,
        "unknown is never logged"
    );

    // Numeric, at least 5 km.
    let run = event(&b, "Run", "2023-04-05").expect("run");
    assert_eq!(run.kind, Kind::Completed);
    assert_eq!(
        run.note.as_deref(),
        Some("Park loop\nAmount: 7.35 km\nHow many km did you run?")
    );
    let part = event(&b, "Run", "2023-04-04").expect("run");
    assert_eq!((part.kind, part.progress), (Kind::Unfinished, Some(0.5)));
    assert_eq!(kind(&b, "Run", "2023-04-03"), Some(Kind::Avoided));
    assert_eq!(kind(&b, "Run", "2023-04-02"), None);

    // A name with a comma; its folder lost the comma and is matched by number; archived too.
    assert_eq!(kind(&b, "Read, write", "2023-04-05"), None, "not due");
    assert_eq!(kind(&b, "Read, write", "2023-04-04"), Some(Kind::Completed));
    assert_eq!(kind(&b, "Read, write", "2023-04-03"), Some(Kind::Avoided));

    // No folder: read from the aggregate file; at most 2.
    assert_eq!(kind(&b, "Sugar", "2023-04-05"), Some(Kind::Completed));
    assert_eq!(kind(&b, "Sugar", "2023-04-04"), Some(Kind::Avoided));
    assert_eq!(kind(&b, "Sugar", "2023-04-03"), None);
    assert_eq!(kind(&b, "Sugar", "2023-04-02"), Some(Kind::Completed));
}

#[test]
fn loop_zip_reads_like_the_folder() {
    assert_eq!(layout("loop/export-v2.3.1.zip"), Layout::LoopExport);
    let (_, z) = parse("loop/export-v2.3.1.zip");
    let (_, d) = parse("loop/export-v2.3.1");
    let strip = |b: &ImportBatch| {
        b.events
            .iter()
            .map(|e| Event {
                source: None,
                ..e.clone()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&z), strip(&d));
    assert_eq!(
        z.events[0].source.as_ref().and_then(|s| s.file.as_deref()),
        Some("export-v2.3.1.zip")
    );
}

#[test]
fn loop_older_exports() {
    let (_, b) = parse("loop/export-v2.1");
    assert_eq!(b.events.len(), 6, "{:#?}", b.events);
    assert_eq!(kind(&b, "Floss", "2021-01-02"), Some(Kind::Completed));
    assert_eq!(kind(&b, "Floss", "2021-01-01"), None);
    assert_eq!(kind(&b, "Floss", "2020-12-31"), Some(Kind::Avoided));
    // Numeric inferred from its values (× 1000), no target known.
    let w = event(&b, "Water", "2021-01-02").expect("water");
    assert_eq!(
        (w.kind, w.note.as_deref()),
        (Kind::Completed, Some("Amount: 8\nGlasses of water?"))
    );
    assert_eq!(kind(&b, "Water", "2021-01-01"), Some(Kind::Avoided));
    // An empty (0-byte) habit file: its column of the aggregate file is used.
    assert_eq!(kind(&b, "Journal", "2021-01-02"), Some(Kind::Avoided));
    assert_eq!(kind(&b, "Journal", "2021-01-01"), Some(Kind::Completed));

    let (_, b) = parse("loop/export-v1");
    assert_eq!(b.events.len(), 2);
    let e = event(&b, "Exercise", "2017-05-03").expect("done");
    assert_eq!(
        (e.kind, e.note.as_deref()),
        (Kind::Completed, Some("Move for 30 minutes"))
    );
    assert_eq!(kind(&b, "Exercise", "2017-05-01"), Some(Kind::Avoided));
}

#[test]
fn loop_lone_checkmarks_in_every_version() {
    for rel in [
        "loop/checkmarks-v2.0.csv",
        "loop/checkmarks-v2.2.csv",
        "loop/checkmarks-spreadsheet.csv",
    ] {
        assert_eq!(layout(rel), Layout::LoopCheckmarks, "{rel}");
        let (_, b) = parse(rel);
        assert_eq!(
            kind(&b, "Meditate", "2022-10-02"),
            Some(Kind::Completed),
            "{rel}"
        );
        assert_eq!(
            kind(&b, "Meditate", "2022-10-01"),
            Some(Kind::Skipped),
            "{rel}"
        );
        assert_eq!(
            kind(&b, "Stretch", "2022-10-02"),
            Some(Kind::Avoided),
            "{rel}"
        );
        assert_eq!(kind(&b, "Stretch", "2022-10-01"), None, "{rel}");
    }
    let (_, b) = parse("loop/checkmarks-v2.2.csv");
    assert_eq!(kind(&b, "Piano", "2022-10-02"), None);
    assert_eq!(kind(&b, "Piano", "2022-10-01"), Some(Kind::Completed));
    assert_eq!(b.events.len(), 4);

    let (_, b) = parse("loop/checkmarks-comma-name.csv");
    assert_eq!(b.events.len(), 4, "{:#?}", b.events);
    assert_eq!(kind(&b, "Read, write", "2022-10-02"), Some(Kind::Avoided));
    assert_eq!(kind(&b, "Read, write", "2022-10-01"), Some(Kind::Completed));
    assert_eq!(kind(&b, "Piano", "2022-10-02"), Some(Kind::Completed));
}

#[test]
fn loop_bad_files_are_refused_with_reasons() {
    let e = fail("loop/checkmarks-bad-value.csv", None).to_string();
    assert!(
        e.starts_with(
            "checkmarks-bad-value.csv, line 3: Stretch: \"maybe\" is not a Loop check mark"
        ),
        "{e}"
    );
    let (_, b) = parse_with("loop/checkmarks-bad-value.csv", &skipping());
    assert_eq!(b.rejected.len(), 1);
    assert_eq!(kind(&b, "Meditate", "2022-09-30"), Some(Kind::Completed));

    let e = fail("loop/checkmarks-ambiguous-header.csv", None).to_string();
    assert!(
        e.contains("a habit name containing a comma cannot be placed"),
        "{e}"
    );
    let e = fail("loop/Scores.csv", None).to_string();
    assert!(e.contains("Scores.csv (habit strength)"), "{e}");
    let e = fail("loop/single-habit-checkmarks.csv", None).to_string();
    assert!(e.contains("one habit's Checkmarks.csv"), "{e}");
    let e = fail("loop/export-v2.1/Habits.csv", None).to_string();
    assert!(e.contains("Habits.csv, which holds no check marks"), "{e}");
    let e = fail("jrnl", None).to_string();
    assert!(
        e.contains("folder without Loop Habit Tracker's Habits.csv"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// jrnl

fn without_source(b: &ImportBatch) -> Vec<Reflection> {
    b.reflections
        .iter()
        .map(|r| Reflection {
            source: None,
            ..r.clone()
        })
        .collect()
}

#[test]
fn jrnl_json_export() {
    assert_eq!(layout("jrnl/export.json"), Layout::JrnlJson);
    let (format, b) = parse("jrnl/export.json");
    assert_eq!(format, Format::Jrnl);
    let r = &b.reflections;
    assert_eq!(r.len(), 4);
    assert_eq!(at(&r[0]), "2020-03-02T09:15:00+02:00");
    assert_eq!(r[0].title.as_deref(), Some("Started the new job."));
    assert_eq!(
        r[0].text,
        "Nervous but ready. @work @C++\n\nSecond paragraph — ünïcödé."
    );
    assert_eq!(r[0].tags, tags(&["work", "c++"]));
    assert!(r[0].starred && !r[1].starred);
    assert_eq!(
        r[1].id,
        r[2].id.trim_end_matches("-2"),
        "same timestamp, kept apart"
    );
    assert_ne!(r[1].id, r[2].id);
    assert_eq!(r[3].tags, tags(&["os/2"]));
    assert_eq!(r[3].source.as_ref().map(|s| s.app.as_str()), Some("jrnl"));
}

#[test]
fn jrnl_text_reads_like_the_json_export() {
    assert_eq!(layout("jrnl/journal.txt"), Layout::JrnlText);
    let (_, t) = parse("jrnl/journal.txt");
    let (_, j) = parse("jrnl/export.json");
    assert_eq!(without_source(&t), without_source(&j));
}

#[test]
fn jrnl_dotted_dates_and_old_unbracketed_entries() {
    let (_, b) = parse("jrnl/journal-dotted.txt");
    let r = &b.reflections;
    assert_eq!(
        r.len(),
        2,
        "an unbracketed date inside a bracketed journal is body text"
    );
    assert_eq!(at(&r[0]), "2013-06-09T15:39:00+02:00");
    assert_eq!(r[0].title.as_deref(), Some("Zug nach Wien:"));
    assert_eq!(
        r[0].text,
        "pünktlich. @reise\nNotiz mit [Klammern] und Plan:\n2013-06-10 15:00 Ankunft in Graz."
    );
    assert_eq!(r[0].tags, tags(&["reise"]));
    assert_eq!(
        (r[1].title.as_deref(), r[1].text.as_str(), r[1].starred),
        (Some("Morgen"), "", true)
    );

    assert_eq!(layout("jrnl/journal-old.txt"), Layout::JrnlText);
    let (_, b) = parse("jrnl/journal-old.txt");
    let r = &b.reflections;
    assert_eq!(r.len(), 2);
    assert_eq!(at(&r[0]), "2010-06-10T15:00:00+02:00");
    assert_eq!(r[0].title.as_deref(), Some("First entry."));
    assert_eq!(r[0].text, "With body @old-tag.\nMore body.");
    assert_eq!(r[0].tags, tags(&["old-tag"]));
    assert_eq!(r[1].title.as_deref(), Some("Second entry!"));
}

#[test]
fn jrnl_bad_input_is_refused_with_reasons() {
    let e = fail("jrnl/export-bad-entry.json", None).to_string();
    assert!(
        e.starts_with("export-bad-entry.json, entries[1]: date: \"2020-13-01\" is not a date"),
        "{e}"
    );
    let (_, b) = parse_with("jrnl/export-bad-entry.json", &skipping());
    assert_eq!((b.reflections.len(), b.rejected.len()), (2, 1));

    let e = fail("jrnl/not-a-journal.txt", None).to_string();
    assert!(
        e.contains("not recognised") && e.contains("Dear diary"),
        "{e}"
    );
    let e = fail("jrnl/not-a-journal.txt", Some(Format::Jrnl)).to_string();
    assert!(
        e.contains("line 1") && e.contains("not a jrnl entry line"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// Detection

#[test]
fn detection_by_content_not_by_name() {
    assert_eq!(layout("plumbline/journal.json"), Layout::PlumblineJournal);
    // A Daylio CSV under a misleading name is still a Daylio CSV.
    let bytes = std::fs::read(fixture("daylio/current.csv")).expect("fixture");
    let d = detect_bytes(&bytes, "notes.json").expect("recognised");
    assert_eq!(d.layout, Layout::DaylioCsv);
    assert_eq!(d.to_string(), "a Daylio CSV export (format daylio)");

    let e = detect_bytes(b"", "x.csv").unwrap_err().to_string();
    assert!(
        e.starts_with("x.csv: not recognised as an import file: the file is empty"),
        "{e}"
    );
    let e = detect_bytes(b"{\"a\": 1}", "x.json")
        .unwrap_err()
        .to_string();
    assert!(e.contains("neither a Plumbline journal"), "{e}");
    let e = detect_bytes(b"{oops", "x.json").unwrap_err().to_string();
    assert!(e.contains("not a readable JSON object"), "{e}");
    let e = detect_bytes(b"PK\x03\x04garbage", "x.zip")
        .unwrap_err()
        .to_string();
    assert!(e.contains("cannot be read"), "{e}");
    let e = detect_bytes("name,age\nAda,36\n".as_bytes(), "people.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("\"name,age\""), "{e}");
}

#[test]
fn the_dispatcher_names_the_layout_and_honours_a_given_format() {
    let (d, b) =
        parse_file_detailed(&fixture("daylio/backup.daylio"), None, &opts()).expect("imports");
    assert_eq!(d.to_string(), "a Daylio backup (.daylio) (format daylio)");
    assert_eq!(b.reflections.len(), 3);
    let (d, _) = parse_file_detailed(
        &fixture("loop/checkmarks-v2.2.csv"),
        Some(Format::Loop),
        &opts(),
    )
    .expect("imports");
    assert_eq!(d.layout, Layout::LoopCheckmarks);

    // A format that does not fit the file is refused with the reason, not half-read.
    let e = fail("daylio/current.csv", Some(Format::Loop)).to_string();
    assert!(
        e.starts_with("current.csv: does not start with a \"Date,…\" header"),
        "{e}"
    );
    let e = fail("loop/export-v2.3.1", Some(Format::Jrnl)).to_string();
    assert!(e.contains("is a folder; expected a jrnl"), "{e}");
    let e = fail("jrnl/export.json", Some(Format::Daylio)).to_string();
    assert!(e.contains("no \"dayEntries\" list"), "{e}");
    let e = match parse_file(&fixture("daylio/missing.csv"), None, &opts()) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a missing file cannot import"),
    };
    assert_eq!(
        e, "missing.csv: cannot be read: there is no such file or folder",
        "the system's error code does not reach the person"
    );
}

#[test]
fn daylio_entry_from_csv_and_backup_gets_one_id() {
    let csv = "full_date,date,weekday,time,mood,activities,note_title,note\n\
               2023-06-22,June 22,Thursday,1:49 PM,vaguely ok,work,,\n";
    let from_csv = parse_bytes(csv.as_bytes(), "export.csv", Format::Daylio, &opts()).expect("csv");
    let (_, backup) = parse("daylio/backup.daylio");
    assert_eq!(from_csv.reflections[0].id, backup.reflections[1].id);
}

#[test]
fn plumbline_journal_files_go_through_the_same_dispatcher() {
    let (format, b) = parse("plumbline/journal.json");
    assert_eq!(format, Format::Plumbline);
    assert_eq!((b.events.len(), b.reflections.len()), (1, 1));
    assert_eq!(b.events[0].kind, Kind::DelayedStart);
    let e = fail("plumbline/bad-friction.json", None).to_string();
    assert_eq!(
        e,
        "bad-friction.json: events[1].friction: 9 is out of range 1–5"
    );
    let (_, b) = parse_with("plumbline/bad-friction.json", &skipping());
    assert_eq!((b.events.len(), b.rejected.len()), (1, 1));
}

// ---------------------------------------------------------------------------------------------
// Random mutations of every fixture

/// A small seeded generator (SplitMix64), so every run mutates the same way.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, src: &[u8]) -> Vec<u8> {
    let mut b = src.to_vec();
    for _ in 0..1 + rng.below(3) {
        match rng.below(6) {
            0 => b.truncate(rng.below(b.len() + 1)),
            1 => {
                for _ in 0..1 + rng.below(4) {
                    if !b.is_empty() {
                        let i = rng.below(b.len());
                        b[i] ^= 1 << rng.below(8);
                    }
                }
            }
            2 => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|c| *c == b'\n').map(<[u8]>::to_vec).collect();
                for i in (1..lines.len()).rev() {
                    lines.swap(i, rng.below(i + 1));
                }
                b = lines.join(&b'\n');
            }
            3 => {
                let i = rng.below(b.len() + 1);
                b.insert(i, b'"');
            }
            4 => {
                let i = rng.below(b.len() + 1);
                b.insert(i, 0);
            }
            _ => {
                // Duplicate a slice (a repeated line, a stray field).
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    let j = (i + rng.below(80)).min(b.len());
                    let piece = b[i..j].to_vec();
                    let at = rng.below(b.len() + 1);
                    b.splice(at..at, piece);
                }
            }
        }
    }
    b
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// A result is correct when every record it holds is valid and provenance is set, and ids are
/// unique; an error must name the file.
fn check(name: &str, r: Result<ImportBatch, ImportError>, what: &str) {
    match r {
        Ok(b) => {
            let mut ids = std::collections::HashSet::new();
            for r in &b.reflections {
                assert!(
                    r.input().validate().is_ok(),
                    "{what}: invalid reflection {r:?}"
                );
                assert!(
                    r.source.is_some() && ids.insert(r.id.clone()),
                    "{what}: {r:?}"
                );
            }
            for e in &b.events {
                assert!(e.input().validate().is_ok(), "{what}: invalid event {e:?}");
                assert!(
                    e.source.is_some() && ids.insert(e.id.clone()),
                    "{what}: {e:?}"
                );
            }
            for rej in &b.rejected {
                assert!(
                    !rej.record.is_empty() && !rej.reason.is_empty(),
                    "{what}: {rej:?}"
                );
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.starts_with(name) && msg.len() > name.len() + 10,
                "{what}: unclear error {msg:?}"
            );
        }
    }
}

#[test]
fn random_mutations_never_panic_and_always_explain() {
    let mut paths = Vec::new();
    files_under(&fixture(""), &mut paths);
    let mut rng = Rng(0x5eed_1234);
    let mut runs = 0;
    for path in paths {
        let src = std::fs::read(&path).expect("fixture");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        for n in 0..200 {
            let bytes = mutate(&mut rng, &src);
            let what = format!("{} mutation {n}", path.display());
            let detected = detect_bytes(&bytes, &name);
            if let Err(e) = &detected {
                assert!(e.to_string().starts_with(&name), "{what}: {e}");
            }
            for format in [Format::Daylio, Format::Loop, Format::Jrnl] {
                let o = if n % 2 == 0 { opts() } else { skipping() };
                check(&name, parse_bytes(&bytes, &name, format, &o), &what);
                runs += 1;
            }
        }
    }
    assert!(runs > 10_000, "only {runs} runs");
}

// ---------------------------------------------------------------------------------------------
// Through the store

mod through_the_store {
    use super::*;
    use plumbline_core::interchange::ImportMeta;
    use plumbline_core::store::Query;
    use plumbline_core::{FixedClock, Store};

    fn clock() -> FixedClock {
        FixedClock(
            plumbline_core::domain::parse_instant("2026-11-24T09:00:00+01:00").expect("instant"),
        )
    }

    fn meta(format: Format, file: &str, dry_run: bool) -> ImportMeta {
        ImportMeta {
            format: format.as_str().to_string(),
            file: Some(file.to_string()),
            dry_run,
        }
    }

    fn counts(s: &Store) -> (usize, usize) {
        (
            s.events(&Query::default()).expect("events").len(),
            s.reflections(&Query::default()).expect("reflections").len(),
        )
    }

    #[test]
    fn import_reimport_dry_run_and_undo() {
        for rel in [
            "daylio/current.csv",
            "daylio/backup.daylio",
            "loop/export-v2.3.1.zip",
            "loop/export-v2.1",
            "jrnl/export.json",
            "jrnl/journal-old.txt",
        ] {
            let (format, batch) = parse(rel);
            let file = fixture(rel)
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let mut store = Store::open_in_memory().expect("store");
            let total = batch.events.len() + batch.reflections.len();

            let dry = store
                .apply_import(&batch, &meta(format, &file, true), &clock())
                .expect("dry run");
            assert_eq!(dry.added.events + dry.added.reflections, total, "{rel}");
            assert_eq!(counts(&store), (0, 0), "{rel}: a dry run adds nothing");

            let first = store
                .apply_import(&batch, &meta(format, &file, false), &clock())
                .expect("import");
            assert_eq!(
                (first.added.events, first.added.reflections),
                (batch.events.len(), batch.reflections.len()),
                "{rel}"
            );
            assert_eq!(first.duplicates, 0, "{rel}");
            assert_eq!(
                counts(&store),
                (batch.events.len(), batch.reflections.len()),
                "{rel}"
            );
            let import_id = first.import_id.clone().expect("an import id");
            for r in store.reflections(&Query::default()).expect("reflections") {
                let src = r.source.expect("provenance kept");
                assert_eq!(
                    (src.app.as_str(), src.file.as_deref()),
                    (format.as_str(), Some(file.as_str()))
                );
                assert_eq!(src.import_id.as_deref(), Some(import_id.as_str()));
            }

            // The same file again (parsed afresh) adds nothing.
            let (_, again) = parse(rel);
            let second = store
                .apply_import(&again, &meta(format, &file, false), &clock())
                .expect("re-import");
            assert_eq!(second.added, Default::default(), "{rel}");
            assert_eq!(second.duplicates, total, "{rel}");

            // Something made here survives the undo.
            let mine = plumbline_core::domain::ReflectionInput::new(clock().0, "my own words");
            store.add_reflection(mine, &clock()).expect("add");
            let removed = store.undo_import(&import_id).expect("undo").removed;
            assert_eq!(
                (removed.events, removed.reflections),
                (batch.events.len(), batch.reflections.len()),
                "{rel}"
            );
            assert_eq!(
                counts(&store),
                (0, 1),
                "{rel}: undo removes exactly what was added"
            );
        }
    }

    #[test]
    fn the_same_jrnl_entries_from_text_and_json_are_added_once() {
        let mut store = Store::open_in_memory().expect("store");
        let (_, json) = parse("jrnl/export.json");
        let (_, text) = parse("jrnl/journal.txt");
        store
            .apply_import(&json, &meta(Format::Jrnl, "export.json", false), &clock())
            .expect("json");
        let r = store
            .apply_import(&text, &meta(Format::Jrnl, "journal.txt", false), &clock())
            .expect("text");
        assert_eq!((r.added.reflections, r.duplicates), (0, 4));
    }
}
