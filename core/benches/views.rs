//! The commands behind the Trends view on a 100k-event journal (ten years with daily check-ins):
//! `trends` as the desktop runs it (the kept analyzer brought up to date, nothing new to read,
//! then the view built from its analysis and cut to the year the window shows by default), the
//! same after one new event (Today, then Trends) and on the first switch (the whole journal
//! read into a new analyzer); `days_picture` for a year (and, for comparison, the same from
//! whole records); and each answer turned into the JSON the window is sent. The view switch is
//! held to 100 ms in all (`cargo xtask measure --views`); these are its commands' share.
//!
//! Run with `cargo bench -p plumbline-core --bench views`; `PLUMBLINE_BENCH_SIZES=10000,100000`
//! chooses the journal sizes (100k by default), `PLUMBLINE_BENCH_DIR` keeps the journals.

#[path = "common/journal.rs"]
mod journal;

use std::hint::black_box;
use std::sync::Mutex;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use journal::{journal, now};
use plumbline_core::analyze::days::{build, days_picture, Range};
use plumbline_core::analyze::{Analyzer, NO_MODEL};
use plumbline_core::app::analysis::{analyse, lock};
use plumbline_core::app::trends::{trends, TrendsView};
use plumbline_core::app::vectors::ModelSlot;
use plumbline_core::domain::{EventInput, Kind};
use plumbline_core::store::Query;
use plumbline_core::{FixedClock, Store};

fn bench(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = std::env::var_os("PLUMBLINE_BENCH_DIR")
        .map_or_else(|| temp.path().to_path_buf(), std::path::PathBuf::from);
    let mut group = c.benchmark_group("views");
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    let sizes: Vec<usize> = std::env::var("PLUMBLINE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000]);
    let today = now().date_naive();
    for n in sizes {
        // New events go into a copy, so a kept journal stays as generated.
        let kept = journal(n, &dir);
        let scratch = temp.path().join(format!("views-{n}.db"));
        kept.backup_to(&scratch).expect("copy");
        drop(kept);
        let store = Mutex::new(Store::open(&scratch).expect("copy"));
        let slot = ModelSlot::with(Err(NO_MODEL.into()));
        let mut analyzer = Analyzer::new();
        let first = analyse(|| lock(&store), &mut analyzer, &slot, now()).expect("analysis");
        let whole = trends(&lock(&store).expect("journal"), &first.0).expect("view");
        assert!(whole.weeks.len() > 100, "the journal spans years");
        // What the window asks for: the weeks of a year.
        let view = whole.clone().within(Range::Year, today);

        // Switching to Trends with nothing new since the last visit.
        group.bench_with_input(BenchmarkId::new("trends_view", n), &n, |b, _| {
            b.iter(|| {
                let (a, _) = analyse(|| lock(&store), &mut analyzer, &slot, now()).expect("ok");
                black_box(
                    trends(&lock(&store).expect("journal"), &a)
                        .expect("view")
                        .within(Range::Year, today),
                )
            });
        });
        group.bench_with_input(BenchmarkId::new("trends_view_json", n), &n, |b, _| {
            b.iter(|| black_box(serde_json::to_vec(&view).expect("json")));
        });
        // The first switch to Trends: the analyzer reads the whole journal.
        group.bench_with_input(BenchmarkId::new("trends_view_first", n), &n, |b, _| {
            b.iter(|| {
                let mut fresh = Analyzer::new();
                let (a, _) = analyse(|| lock(&store), &mut fresh, &slot, now()).expect("ok");
                black_box(
                    trends(&lock(&store).expect("journal"), &a)
                        .expect("view")
                        .within(Range::Year, today),
                )
            });
        });
        // One event logged on Today, then Trends (the write not timed).
        let clock = FixedClock(now());
        let mut i = 0u32;
        group.bench_with_input(
            BenchmarkId::new("trends_view_after_one_new_event", n),
            &n,
            |b, _| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        i += 1;
                        let e = EventInput::new(now(), Kind::Avoided, format!("New task {i}"));
                        lock(&store)
                            .expect("journal")
                            .log_event(e, &clock)
                            .expect("log");
                        let t = std::time::Instant::now();
                        let (a, _) =
                            analyse(|| lock(&store), &mut analyzer, &slot, now()).expect("ok");
                        black_box(
                            trends(&lock(&store).expect("journal"), &a)
                                .expect("view")
                                .within(Range::Year, today),
                        );
                        total += t.elapsed();
                    }
                    total
                });
            },
        );

        let journal = lock(&store).expect("journal");
        let picture = days_picture(&journal, Range::Year, today).expect("picture");
        assert_eq!(picture.days.len(), 364);
        group.bench_with_input(BenchmarkId::new("days_picture_year", n), &n, |b, _| {
            b.iter(|| black_box(days_picture(&journal, Range::Year, today).expect("picture")));
        });
        // The same picture from whole records (text, tags and all), as it was first read.
        let q = Query {
            since: picture.from,
            until: Some(today),
            ..Query::default()
        };
        let from_records = |s: &Store| {
            let (e, c, r) = (s.events(&q), s.checkins(&q), s.reflections(&q));
            let (e, c, r) = (
                e.expect("events"),
                c.expect("checkins"),
                r.expect("reflections"),
            );
            build(Range::Year, picture.from, today, &e, &c, &r)
        };
        assert_eq!(from_records(&journal), picture);
        group.bench_with_input(
            BenchmarkId::new("days_picture_year_whole_records", n),
            &n,
            |b, _| b.iter(|| black_box(from_records(&journal))),
        );
        group.bench_with_input(BenchmarkId::new("days_picture_year_json", n), &n, |b, _| {
            b.iter(|| black_box(serde_json::to_vec(&picture).expect("json")));
        });
        let bytes = |v: &TrendsView| serde_json::to_vec(v).map_or(0, |j| j.len());
        println!(
            "JSON for {n} events: trends {} bytes ({} weeks; every week {} bytes, {} weeks), \
             days picture (a year) {} bytes",
            bytes(&view),
            view.weeks.len(),
            bytes(&whole),
            whole.weeks.len(),
            serde_json::to_vec(&picture).map_or(0, |v| v.len()),
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
