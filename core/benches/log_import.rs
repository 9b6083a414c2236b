//! Speed targets of the journal's write paths:
//! - logging one event (validate, insert, commit in WAL mode on a file): p99 ≤ 5 ms;
//! - importing the journal format (parse and apply in one transaction): ≥ 50,000 events/s.
//!
//! Run with `cargo bench -p plumbline-core --bench log_import`. Besides criterion's report, the
//! log benchmark prints the 99th percentile of every single-event time it measured.

use std::time::{Duration, Instant as Now};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use plumbline_core::interchange::{journal, ImportMeta};
use plumbline_core::{parse_instant, EventInput, FixedClock, Kind, Store};

fn clock() -> FixedClock {
    FixedClock(parse_instant("2026-11-24T09:00:00+01:00").expect("instant"))
}

fn input(i: u64) -> EventInput {
    let at = parse_instant("2026-11-20T09:40:00+01:00").expect("instant")
        + chrono::Duration::minutes(i as i64 % 100_000);
    let mut e = EventInput::new(
        at,
        Kind::ALL[i as usize % 6],
        format!("Write the newsletter {i}"),
    );
    e.domain = Some("content".into());
    e.thought = Some("It needs another pass before anyone sees it".into());
    e.emotion = Some("anxious".into());
    e.friction = Some(1 + (i % 5) as u8);
    e.tags = vec!["newsletter".into(), "publish".into()];
    e
}

/// The `p` quantile of sorted samples.
fn percentile(samples: &[Duration], p: f64) -> Duration {
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx]
}

fn log_one_event(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("bench.plumbline")).expect("journal");
    let clock = clock();
    let mut samples: Vec<Duration> = Vec::new();
    let mut i = 0u64;
    c.bench_function("log one event (WAL, file)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                i += 1;
                let e = input(i);
                let t = Now::now();
                store.log_event(e, &clock).expect("logged");
                let d = t.elapsed();
                samples.push(d);
                total += d;
            }
            total
        });
    });
    if !samples.is_empty() {
        let n = samples.len();
        samples.sort_unstable();
        let ms = |p: f64| percentile(&samples, p).as_secs_f64() * 1e3;
        let (p50, p90, p99, p999) = (ms(0.50), ms(0.90), ms(0.99), ms(0.999));
        let slow = samples.iter().filter(|d| d.as_micros() >= 1000).count();
        println!(
            "log one event: p50 {p50:.3} ms, p90 {p90:.3} ms, p99 {p99:.3} ms, p99.9 {p999:.3} ms \
             over {n} events; {slow} took 1 ms or more (target p99 ≤ 5 ms)"
        );
    }
}

fn import_journal(c: &mut Criterion) {
    const N: usize = 20_000;
    let events: Vec<_> = (0..N as u64)
        .map(|i| input(i).into_event(format!("bench-{i}"), None))
        .collect();
    let batch = plumbline_core::interchange::ImportBatch {
        events,
        ..Default::default()
    };
    let at = parse_instant("2026-11-24T09:00:00Z").expect("instant");
    let text = journal::write(&batch, &at);
    let clock = clock();
    let meta = ImportMeta {
        format: "plumbline".into(),
        file: Some("bench.json".into()),
        dry_run: false,
    };

    let mut group = c.benchmark_group("import journal format");
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(10);
    group.bench_function("parse 20k events", |b| {
        b.iter(|| journal::parse(text.as_bytes(), false).expect("parsed"));
    });
    group.bench_function("parse + apply 20k events (file)", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("temp dir");
                let store = Store::open(&dir.path().join("bench.plumbline")).expect("journal");
                (dir, store)
            },
            |(dir, mut store)| {
                let batch = journal::parse(text.as_bytes(), false).expect("parsed");
                let report = store.apply_import(&batch, &meta, &clock).expect("imported");
                assert_eq!(report.added.events, N);
                (dir, store)
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, log_one_event, import_journal);
criterion_main!(benches);
