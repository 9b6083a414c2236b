//! Search speed and index size: a journal of 100,000 events over ten years with a check-in every
//! day and a reflection most days, searched for one-word and three-word queries (common and
//! rare words, the last one typed as a prefix as the search box sends it), unfiltered and
//! narrowed by type and date. Besides criterion's means it prints the 95th percentile of each
//! query class and how much the FTS5 index adds to the file.
//!
//! Run with `cargo bench -p plumbline-core --bench search`.

#[path = "common/import.rs"]
mod import;

use std::hint::black_box;
use std::time::{Duration, Instant as Clock};

use chrono::{DateTime, FixedOffset, TimeZone};
use criterion::{criterion_group, criterion_main, Criterion};
use plumbline_core::domain::{Checkin, Event, EventInput, Kind, Reflection, ReflectionInput};
use plumbline_core::store::{HitType, SearchKind, SearchQuery};
use plumbline_core::{FixedClock, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use import::import_in_chunks;

const EVENTS: usize = 100_000;

const TASKS: &[&str] = &[
    "Write the newsletter",
    "Update LinkedIn profile",
    "Send the invoice",
    "Call the bank",
    "Review pull request",
    "Go for a run",
    "Prepare the quarterly report",
    "Answer email",
    "Plan the week",
    "Tidy the kitchen",
    "Read for thirty minutes",
    "Practise guitar",
    "Draft the proposal",
    "Book the dentist",
    "Pay the rent",
    "Fix the bike",
    "Meditate",
    "Write the chapter outline",
    "Prepare slides for Monday",
    "Reply to the landlord",
];
const FRAGMENTS: &[&str] = &[
    "I'll start after lunch",
    "they will judge it",
    "not good enough yet",
    "too tired",
    "felt fine",
    "someone else asked for it",
    "the routine bores me",
    "who am I to charge that",
    "went well",
    "one more pass first",
    "I could do it faster myself",
    "what if it fails",
];
const NOTES: &[&str] = &[
    "Mixed day",
    "Slept badly",
    "Good focus in the morning",
    "Too many meetings",
    "Quiet evening",
    "Walked by the harbour",
    "Family visit",
    "Felt scattered",
];

fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .expect("offset")
        .with_ymd_and_hms(2030, 1, 1, 12, 0, 0)
        .single()
        .expect("valid")
}

fn words(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| format!("word{}", rng.random_range(0..5000)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn events(rng: &mut ChaCha8Rng) -> Vec<Event> {
    let tz = FixedOffset::east_opt(3600).expect("offset");
    let start = tz
        .with_ymd_and_hms(2020, 1, 1, 8, 0, 0)
        .single()
        .expect("valid");
    let span = 10 * 365 * 24 * 60;
    (0..EVENTS)
        .map(|i| {
            let at = start + chrono::Duration::minutes(span * i as i64 / EVENTS as i64);
            let kind = [
                Kind::Completed,
                Kind::Completed,
                Kind::DelayedStart,
                Kind::Avoided,
                Kind::Unfinished,
                Kind::Switched,
                Kind::Skipped,
            ][rng.random_range(0..7)];
            let mut e = EventInput::new(at, kind, TASKS[rng.random_range(0..TASKS.len())]);
            e.domain = Some(["work", "home", "health", "money"][rng.random_range(0..4)].into());
            if rng.random_bool(0.6) {
                let fragment = FRAGMENTS[rng.random_range(0..FRAGMENTS.len())];
                let n = rng.random_range(2..8);
                e.thought = Some(format!("{fragment}, {}", words(rng, n)));
            }
            if rng.random_bool(0.4) {
                e.emotion =
                    Some(["anxious", "calm", "bored", "tired"][rng.random_range(0..4)].into());
            }
            if rng.random_bool(0.15) {
                let n = rng.random_range(3..12);
                e.note = Some(words(rng, n));
            }
            e.tags = (0..rng.random_range(0..3))
                .map(|_| format!("tag{}", rng.random_range(0..60)))
                .collect();
            e.into_event(format!("bench-{i}"), None)
        })
        .collect()
}

/// The journal: 100k events, a check-in with a note every day, a reflection on most days.
fn journal(path: &std::path::Path) -> Store {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut store = Store::open(path).expect("journal");
    let clock = FixedClock(now());
    let all = events(&mut rng);
    let mut days: Vec<chrono::NaiveDate> = all.iter().map(|e| e.at.date_naive()).collect();
    days.dedup();
    let checkins: Vec<Checkin> = days
        .iter()
        .map(|&d| {
            let mut c = Checkin::new(d, rng.random_range(1..=5));
            c.note = Some(format!(
                "{}. {}",
                NOTES[rng.random_range(0..NOTES.len())],
                words(&mut rng, 4)
            ));
            c
        })
        .collect();
    let reflections: Vec<Reflection> = days
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 != 0)
        .map(|(i, &d)| {
            let at = d
                .and_hms_opt(21, 0, 0)
                .and_then(|t| t.and_local_timezone(*now().offset()).single())
                .expect("a fixed offset maps every time");
            let mut r = ReflectionInput::new(
                at,
                format!(
                    "{} — and {}. {} Tomorrow I start with the hardest part.",
                    FRAGMENTS[i % FRAGMENTS.len()],
                    FRAGMENTS[(i * 7 + 3) % FRAGMENTS.len()],
                    words(&mut rng, 30)
                ),
            );
            r.title = Some(format!("Evening {}", words(&mut rng, 1)));
            r.into_reflection(format!("bench-r{i}"), None)
        })
        .collect();
    import_in_chunks(&mut store, &clock, &all, checkins, reflections);
    store
}

/// Bytes of the journal after VACUUM, with and without the search index.
fn index_share(path: &std::path::Path, dir: &std::path::Path) -> (u64, u64) {
    let vacuumed = dir.join("with.db");
    let without = dir.join("without.db");
    let conn = rusqlite::Connection::open(path).expect("raw");
    conn.execute("VACUUM INTO ?1", [vacuumed.to_str().expect("utf-8 path")])
        .expect("vacuum");
    drop(conn);
    std::fs::copy(&vacuumed, &without).expect("copy");
    let c = rusqlite::Connection::open(&without).expect("raw");
    c.execute_batch(
        "DROP TABLE search_events; DROP TABLE search_checkins; DROP TABLE search_reflections;
         VACUUM;",
    )
    .expect("drop index");
    drop(c);
    let size = |p: &std::path::Path| std::fs::metadata(p).expect("size").len();
    (size(&vacuumed), size(&without))
}

fn p95(store: &Store, queries: &[SearchQuery], rounds: usize) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..rounds {
        for q in queries {
            let t = Clock::now();
            hits += black_box(store.search(q).expect("search")).len();
            times.push(t.elapsed());
        }
    }
    times.sort();
    (times[times.len() * 95 / 100], hits / rounds)
}

fn q(words: &str) -> SearchQuery {
    SearchQuery {
        words: words.into(),
        ..SearchQuery::default()
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    // With `PLUMBLINE_BENCH_DIR` set, the journal is kept there and reused by later runs.
    let path = std::env::var_os("PLUMBLINE_BENCH_DIR")
        .map_or_else(|| dir.path().to_path_buf(), std::path::PathBuf::from)
        .join("search.db");
    let store = if path.exists() {
        Store::open(&path).expect("journal")
    } else {
        journal(&path)
    };
    let (with, without) = index_share(&path, dir.path());
    eprintln!(
        "search: journal {:.1} MB, {:.1} MB without the index: the index adds {:.1}%",
        with as f64 / 1e6,
        without as f64 / 1e6,
        (with - without) as f64 * 100.0 / without as f64
    );

    // What people type: a common word, a rarer one, a half-typed word; three words of a task,
    // of a thought and of a note; narrowed by type and by a year.
    let one: Vec<SearchQuery> = [
        "newsletter",
        "harbour",
        "word1234",
        "tired",
        "linked",
        "judg",
    ]
    .into_iter()
    .map(q)
    .collect();
    let three: Vec<SearchQuery> = [
        "write the newsletter",
        "they will judge",
        "mixed day word42",
        "hardest part tomorrow",
        "slides for mon",
        "word17 word300 word4999",
    ]
    .into_iter()
    .map(q)
    .collect();
    let filtered: Vec<SearchQuery> = vec![
        SearchQuery {
            kind: Some(SearchKind::Type(HitType::Checkin)),
            ..q("mixed day")
        },
        SearchQuery {
            kind: Some(SearchKind::Event(Kind::Avoided)),
            since: "2025-01-01".parse().ok(),
            until: "2025-12-31".parse().ok(),
            ..q("invoice")
        },
    ];
    for (name, set) in [
        ("one word", &one),
        ("three words", &three),
        ("filtered", &filtered),
    ] {
        let (p, hits) = p95(&store, set, 20);
        eprintln!(
            "search: {name}: p95 {:.2} ms ({hits} hits a round)",
            p.as_secs_f64() * 1e3
        );
    }

    let mut group = c.benchmark_group("search");
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for (name, query) in [
        ("one common word", q("newsletter")),
        ("one rare word", q("word1234")),
        ("three words", q("write the newsletter")),
        ("filtered", filtered[1].clone()),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| black_box(store.search(&query).expect("search")));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
