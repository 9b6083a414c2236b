//! Import throughput per format (records per second), on generated files the size of a
//! ten-year journal.

use std::hint::black_box;

use chrono::{Duration, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use plumbline_core::domain::parse_instant;
use plumbline_core::interchange::formats::{parse_bytes, Format, ParseOptions};
use plumbline_core::interchange::ImportMeta;
use plumbline_core::{FixedClock, Store};

const DAYS: i64 = 3650;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 1, 1).expect("date")
}

/// 10,950 Daylio entries: three a day, newest first, notes with HTML remnants.
fn daylio_csv() -> (Vec<u8>, u64) {
    let moods = ["rad", "good", "meh", "bad", "awful", "vaguely ok"];
    let mut s =
        String::from("\u{feff}full_date,date,weekday,time,mood,activities,note_title,note\n");
    let mut n = 0;
    for d in (0..DAYS).rev() {
        let date = start() + Duration::days(d);
        for k in 0..3 {
            let note = if k == 0 {
                format!("\"Day {d}: worked &amp; walked.<br>Felt \"\"fine\"\" 🙂\"")
            } else {
                String::new()
            };
            s.push_str(&format!(
                "{},{},Mon,{}:{:02} pm,{},work | friends | walk,,{}\n",
                date.format("%Y-%m-%d"),
                date.format("%B %-d"),
                1 + k * 3,
                (d * 7 + k) % 60,
                moods[((d + k) % 6) as usize],
                note
            ));
            n += 1;
        }
    }
    (s.into_bytes(), n)
}

/// Ten habits over ten years in one aggregate Checkmarks.csv.
fn loop_checkmarks() -> (Vec<u8>, u64) {
    let habits = 10;
    let mut s = String::from("Date,");
    for h in 0..habits {
        s.push_str(&format!("Habit {h},"));
    }
    s.push('\n');
    let values = [
        "YES_MANUAL",
        "NO",
        "YES_AUTO",
        "SKIP",
        "UNKNOWN",
        "YES_MANUAL",
    ];
    for d in (0..DAYS).rev() {
        s.push_str(
            &(start() + Duration::days(d))
                .format("%Y-%m-%d,")
                .to_string(),
        );
        for h in 0..habits {
            s.push_str(values[((d * 3 + h) % 6) as usize]);
            s.push(',');
        }
        s.push('\n');
    }
    (s.into_bytes(), (DAYS * habits) as u64)
}

/// About 11,000 jrnl entries as plain text.
fn jrnl_text() -> (Vec<u8>, u64) {
    let mut s = String::new();
    let mut n = 0;
    for d in 0..DAYS {
        let date = start() + Duration::days(d);
        for k in 0..3 {
            s.push_str(&format!(
                "[{} {:02}:15] Entry {d}-{k}. Worked on @project-{} today, then read.\nA second line of body text with @C++ in it.\n\n",
                date.format("%Y-%m-%d"),
                8 + k * 4,
                d % 12
            ));
            n += 1;
        }
    }
    (s.into_bytes(), n)
}

/// About 11,000 entries in a Daylio backup's JSON (the inside of `backup.daylio`).
fn daylio_backup() -> (Vec<u8>, u64) {
    let moods: Vec<_> = (1..=5)
        .map(|i| serde_json::json!({"id": i, "custom_name": "", "mood_group_id": i, "predefined_name_id": i}))
        .collect();
    let mut entries = Vec::new();
    for d in 0..DAYS {
        let date = start() + Duration::days(d);
        for k in 0..3i64 {
            let ms = (date
                .and_hms_opt(9 + 4 * k as u32, 30, 0)
                .expect("time")
                .and_utc()
                .timestamp()
                - 3600)
                * 1000;
            entries.push(serde_json::json!({
                "minute": 30, "hour": 9 + 4 * k, "day": chrono::Datelike::day(&date),
                "month": chrono::Datelike::month0(&date), "year": chrono::Datelike::year(&date),
                "datetime": ms, "timeZoneOffset": 3_600_000, "mood": 1 + (d + k) % 5,
                "note": if k == 0 { "Walked &amp; read.<br>Good day" } else { "" },
                "note_title": "", "tags": [1, 2]
            }));
        }
    }
    let n = entries.len() as u64;
    let doc = serde_json::json!({"version": 15, "customMoods": moods,
        "tags": [{"id": 1, "name": "work"}, {"id": 2, "name": "walk"}], "dayEntries": entries});
    (serde_json::to_vec(&doc).expect("json"), n)
}

/// About 11,000 jrnl entries as a JSON export.
fn jrnl_json() -> (Vec<u8>, u64) {
    let mut entries = Vec::new();
    for d in 0..DAYS {
        let date = start() + Duration::days(d);
        for k in 0..3 {
            entries.push(serde_json::json!({
                "title": format!("Entry {d}-{k}."), "body": "Worked on @project today.\nMore text.",
                "date": date.format("%Y-%m-%d").to_string(), "time": format!("{:02}:15", 8 + k * 4),
                "tags": ["@project"], "starred": k == 1
            }));
        }
    }
    let n = entries.len() as u64;
    let doc = serde_json::json!({"tags": {"@project": n}, "entries": entries});
    (serde_json::to_vec_pretty(&doc).expect("json"), n)
}

fn bench(c: &mut Criterion) {
    let opts = ParseOptions::default();
    let mut g = c.benchmark_group("import");
    for (name, format, (bytes, records)) in [
        ("daylio_csv", Format::Daylio, daylio_csv()),
        ("loop_checkmarks", Format::Loop, loop_checkmarks()),
        ("daylio_backup", Format::Daylio, daylio_backup()),
        ("jrnl_text", Format::Jrnl, jrnl_text()),
        ("jrnl_json", Format::Jrnl, jrnl_json()),
    ] {
        let batch = parse_bytes(&bytes, "bench", format, &opts).expect("generated file imports");
        let parsed = batch.events.len() + batch.reflections.len();
        assert!(parsed > 0, "{name} produced records");
        g.throughput(Throughput::Elements(records));
        g.bench_function(name, |b| {
            b.iter(|| parse_bytes(black_box(&bytes), "bench", format, &opts).expect("imports"));
        });
    }
    g.finish();

    // The whole import of a ten-year Daylio export: parse, then apply to a fresh journal.
    let (bytes, records) = daylio_csv();
    let mut g = c.benchmark_group("import_into_store");
    g.sample_size(10);
    g.throughput(Throughput::Elements(records));
    let meta = ImportMeta {
        format: "daylio".into(),
        file: Some("daylio.csv".into()),
        dry_run: false,
    };
    let clock = FixedClock(parse_instant("2026-11-24T09:00:00+01:00").expect("instant"));
    g.bench_function("daylio_csv_ten_years", |b| {
        b.iter(|| {
            let batch = parse_bytes(&bytes, "daylio.csv", Format::Daylio, &opts).expect("imports");
            let mut store = Store::open_in_memory().expect("store");
            store.apply_import(&batch, &meta, &clock).expect("applies")
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
