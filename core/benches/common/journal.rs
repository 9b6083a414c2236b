//! The journal the analyzer's and the views' benchmarks read: `n` events spread over up to ten
//! years with a check-in (mood and energy too) on every day with events and a reflection every
//! third such day, generated from a fixed seed, and kept in `dir` for later runs.

use chrono::{DateTime, FixedOffset, TimeZone};
use plumbline_core::domain::{Checkin, Event, EventInput, Kind, Reflection, ReflectionInput};
use plumbline_core::{FixedClock, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[path = "import.rs"]
mod import;
use import::import_in_chunks;

pub const FRAGMENTS: &[&str] = &[
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

pub fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .expect("offset")
        .with_ymd_and_hms(2030, 1, 1, 12, 0, 0)
        .single()
        .expect("valid")
}

pub fn events(n: usize, seed: u64) -> Vec<Event> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let tz = FixedOffset::east_opt(3600).expect("offset");
    let start = tz
        .with_ymd_and_hms(2020, 1, 1, 8, 0, 0)
        .single()
        .expect("valid");
    // Spread over up to ten years, about 25 events a day at most.
    let span_minutes = (n as i64 * 60).min(10 * 365 * 24 * 60);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let at = start + chrono::Duration::minutes(span_minutes * i as i64 / n as i64);
        let kind = match rng.random_range(0..100) {
            0..=59 => Kind::Completed,
            60..=71 => Kind::DelayedStart,
            72..=79 => Kind::Unfinished,
            80..=89 => Kind::Avoided,
            90..=95 => Kind::Switched,
            _ => Kind::Skipped,
        };
        let mut e = EventInput::new(
            at,
            kind,
            format!("Task number {}", rng.random_range(0..300)),
        );
        e.domain = Some(format!("domain {}", rng.random_range(0..8)));
        if rng.random_bool(0.6) {
            // Two stock phrases and a few words of a 3,000-word vocabulary: most thoughts are
            // distinct, as people's are.
            let words: Vec<String> = (0..rng.random_range(2..6))
                .map(|_| format!("word{}", rng.random_range(0..3000)))
                .collect();
            e.thought = Some(format!(
                "{}, {} {}",
                FRAGMENTS[rng.random_range(0..FRAGMENTS.len())],
                FRAGMENTS[rng.random_range(0..FRAGMENTS.len())],
                words.join(" ")
            ));
        }
        if rng.random_bool(0.5) {
            e.emotion = Some(["anxious", "calm", "bored", "tired"][rng.random_range(0..4)].into());
        }
        if rng.random_bool(0.7) {
            e.friction = Some(rng.random_range(1..=5));
        }
        if kind == Kind::DelayedStart {
            e.delay_minutes = Some(rng.random_range(5..180));
        }
        if matches!(kind, Kind::Unfinished | Kind::Switched) {
            e.progress = Some(rng.random_range(0.0..1.0));
        }
        e.tags = (0..rng.random_range(0..3))
            .map(|_| format!("tag{}", rng.random_range(0..60)))
            .collect();
        out.push(e.into_event(format!("bench-{i}"), None));
    }
    out
}

/// A journal file with `n` events, imported in batches. With `PLUMBLINE_BENCH_DIR` set, the
/// journals are kept there and reused by later runs (so a run can measure the analyzer's
/// memory without the import's).
pub fn journal(n: usize, dir: &std::path::Path) -> Store {
    let path = dir.join(format!("bench-{n}.db"));
    let existed = path.exists();
    let mut store = Store::open(&path).expect("journal");
    if existed && !store.is_empty().expect("journal") {
        return store;
    }
    let clock = FixedClock(now());
    let all = events(n, n as u64);
    // A check-in (with mood and energy) on each day with events and a reflection every third,
    // as a long-time user's journal has: the analyzer reads them beside the events.
    let mut days: Vec<chrono::NaiveDate> = all.iter().map(|e| e.at.date_naive()).collect();
    days.dedup();
    let mut rng = ChaCha8Rng::seed_from_u64(n as u64 + 1);
    // Mood and energy come without drawing on the generator, so the journal stays as it was.
    let checkins: Vec<Checkin> = days
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let mut c = Checkin::new(d, rng.random_range(1..=5));
            c.mood = Some(c.alignment);
            c.energy = Some(1 + (i % 5) as u8);
            c
        })
        .collect();
    let reflections: Vec<Reflection> = days
        .iter()
        .step_by(3)
        .enumerate()
        .map(|(i, &d)| {
            let at = d
                .and_hms_opt(21, 0, 0)
                .and_then(|t| t.and_local_timezone(*now().offset()).single())
                .expect("a fixed offset maps every time");
            ReflectionInput::new(
                at,
                format!(
                    "{} — and {}. Tomorrow I start with the hardest part.",
                    FRAGMENTS[i % FRAGMENTS.len()],
                    FRAGMENTS[(i * 7 + 3) % FRAGMENTS.len()]
                ),
            )
            .into_reflection(format!("bench-r{i}"), None)
        })
        .collect();
    import_in_chunks(&mut store, &clock, &all, checkins, reflections);
    store
}
