//! Analyzer speed: full analysis of 10k, 100k and 1M events from the rows the remembering
//! analyzer keeps in memory (warm: every event summed again), the same with its sums kept
//! (kept), the same asked again with nothing new (again: the last analysis, made now), a cold
//! read-and-analyse, the refresh after one new event, and a plain SQLite scan of the same rows
//! for comparison; then, up to 100k events, the full analysis and the refresh
//! after one new event with the sentence model's vectors stored (targets: ≤ 60 ms and ≤ 5 ms
//! at 100k).
//!
//! Run with `cargo bench -p plumbline-core --bench analyze`.

#[path = "common/journal.rs"]
mod journal;

use std::hint::black_box;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use journal::{journal, now};
use plumbline_core::analyze::{analyze, AnalyzeOptions, Analyzer, TextModelKind};
use plumbline_core::app::analysis::{analyse, lock};
use plumbline_core::app::vectors::{self, ModelSlot};
use plumbline_core::domain::{EventInput, Kind, VerdictKind};
use plumbline_core::embed::{repository_model, Embedder};
use plumbline_core::{FixedClock, Store};

/// A plain scan of the same narrow rows, for comparison.
fn sqlite_scan(conn: &rusqlite::Connection) -> u64 {
    let mut stmt = conn
        .prepare_cached(
            "SELECT at_utc, day, minute, kind, task, domain, emotion, friction, progress,
                    delay_minutes, thought, tags FROM events ORDER BY at_utc, rowid",
        )
        .expect("prepare");
    let mut rows = stmt.query([]).expect("query");
    let mut acc = 0u64;
    while let Some(r) = rows.next().expect("row") {
        acc = acc.wrapping_add(r.get::<_, i64>(0).expect("at") as u64);
        acc = acc.wrapping_add(r.get::<_, i64>(3).expect("kind") as u64);
        for c in [4, 5, 6, 10, 11] {
            if let Ok(Some(s)) = r.get_ref(c).expect("col").as_str_or_null() {
                acc = acc.wrapping_add(s.len() as u64);
            }
        }
    }
    acc
}

fn bench(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = std::env::var_os("PLUMBLINE_BENCH_DIR")
        .map_or_else(|| temp.path().to_path_buf(), std::path::PathBuf::from);
    let opts = AnalyzeOptions::default();
    let clock = FixedClock(now());
    let mut group = c.benchmark_group("analyze");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    // PLUMBLINE_BENCH_SIZES=10000,100000 limits the journal sizes.
    let sizes: Vec<usize> = std::env::var("PLUMBLINE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000]);
    for n in sizes {
        let store = journal(n, &dir);
        let mut analyzer = Analyzer::new();
        analyzer.refresh(&store).expect("refresh");
        // Every event summed again from the rows in memory: the full analysis.
        group.bench_with_input(BenchmarkId::new("warm", n), &n, |b, _| {
            b.iter(|| {
                analyzer.forget_sums();
                black_box(analyzer.analyze_warm(&opts, now()).expect("analysis"))
            });
        });
        // Nothing new: the kept sums are finished again.
        group.bench_with_input(BenchmarkId::new("kept", n), &n, |b, _| {
            b.iter(|| {
                analyzer.forget_last_analysis();
                black_box(analyzer.analyze_warm(&opts, now()).expect("analysis"))
            });
        });
        // Nothing new, asked again: the last analysis, made now.
        group.bench_with_input(BenchmarkId::new("again", n), &n, |b, _| {
            b.iter(|| black_box(analyzer.analyze_warm(&opts, now()).expect("analysis")));
        });
        let conn = rusqlite::Connection::open(store.path().expect("file")).expect("open");
        group.bench_with_input(BenchmarkId::new("sqlite_scan", n), &n, |b, _| {
            b.iter(|| black_box(sqlite_scan(&conn)));
        });
        if n <= 100_000 {
            group.bench_with_input(BenchmarkId::new("cold", n), &n, |b, _| {
                b.iter(|| black_box(analyze(&store, &opts, &clock).expect("analysis")));
            });
            // New events go into a copy, so a kept journal stays as generated.
            let scratch = temp.path().join(format!("scratch-{n}.db"));
            store.backup_to(&scratch).expect("copy");
            let mut store = Store::open(&scratch).expect("copy");
            let mut analyzer = Analyzer::new();
            analyzer.refresh(&store).expect("refresh");
            let mut i = 0u32;
            // Logs one event, then times only the refresh and analysis (not the write).
            let mut after_one = |b: &mut criterion::Bencher<'_>, store: &mut Store, words: &str| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        i += 1;
                        let mut e = EventInput::new(now(), Kind::Avoided, format!("New task {i}"));
                        e.thought = Some(format!("{words} {i}"));
                        store.log_event(e, &clock).expect("log");
                        let t = std::time::Instant::now();
                        black_box(analyzer.analyze(store, &opts, &clock).expect("analysis"));
                        total += t.elapsed();
                    }
                    total
                });
            };
            group.bench_with_input(BenchmarkId::new("after_one_new_event", n), &n, |b, _| {
                after_one(b, &mut store, "a fresh thought");
            });
            // The same with the person's verdicts: the text model is trained on their
            // labelled thoughts in every analysis.
            let at = now();
            store
                .set_verdict("perfection_standard", VerdictKind::Confirmed, at, Some(10))
                .expect("verdict");
            store
                .set_verdict("visibility_risk", VerdictKind::Rejected, at, Some(10))
                .expect("verdict");
            group.bench_with_input(
                BenchmarkId::new("after_one_new_event_with_verdicts", n),
                &n,
                |b, _| after_one(b, &mut store, "not good enough yet"),
            );
            for belief in ["perfection_standard", "visibility_risk"] {
                store.clear_verdict(belief).expect("clear");
            }
            drop(store);
            with_text_model(&mut group, &scratch, n);
        }
    }
    group.finish();
}

/// The same journal read with the sentence model, its vectors stored: the full analysis, and
/// the desktop's path after one new event (`app::analysis::analyse`: catch up, embed and store
/// the one new thought, read it, analyse).
fn with_text_model(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    journal: &std::path::Path,
    n: usize,
) {
    let model = Arc::new(Embedder::load(&repository_model()).expect("the committed model loads"));
    let mut store = Store::open(journal).expect("journal");
    let started = std::time::Instant::now();
    let embedded = vectors::backfill(&mut store, &model, |_, _| {}).expect("backfill");
    println!(
        "text vectors for {n} events: {embedded} texts embedded and stored in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let opts = AnalyzeOptions::default();
    let slot = ModelSlot::with(Ok(Arc::clone(&model)));
    let journal = Mutex::new(store);
    let mut analyzer = Analyzer::new();
    let first = analyse(|| lock(&journal), &mut analyzer, &slot, now()).expect("analysis");
    assert_eq!(first.0.text_model.kind, TextModelKind::Embedding);
    group.bench_with_input(BenchmarkId::new("warm_with_text_model", n), &n, |b, _| {
        b.iter(|| {
            analyzer.forget_sums();
            black_box(analyzer.analyze_warm(&opts, now()).expect("analysis"))
        });
    });
    let clock = FixedClock(now());
    let mut i = 0u32;
    group.bench_with_input(
        BenchmarkId::new("after_one_new_event_with_text_model", n),
        &n,
        |b, _| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    i += 1;
                    let mut e = EventInput::new(now(), Kind::Avoided, format!("Newer task {i}"));
                    e.thought = Some(format!("what if they see it is not ready {i}"));
                    journal
                        .lock()
                        .expect("journal")
                        .log_event(e, &clock)
                        .expect("log");
                    let t = std::time::Instant::now();
                    black_box(
                        analyse(|| lock(&journal), &mut analyzer, &slot, now()).expect("analysis"),
                    );
                    total += t.elapsed();
                }
                total
            });
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
