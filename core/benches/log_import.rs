//! Speed targets of the journal's write paths:
//! - logging one event (validate, insert, commit in WAL mode on a file): p99 ≤ 5 ms;
//! - importing the journal format (parse and apply in one transaction): ≥ 50,000 events/s;
//! - embedding one typical thought (≤ 30 words) with the text model: p99 ≤ 5 ms;
//! - importing 100k events with distinct thoughts, their vectors included: ≤ 60 s;
//! - loading the text model (reported with the file's size and the table's memory).
//!
//! Run with `cargo bench -p plumbline-core --bench log_import`. Besides criterion's report, the
//! log benchmark prints the 99th percentile of every single-event time it measured.

use std::time::{Duration, Instant as Now};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use plumbline_core::embed::{repository_model, Embedder};
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

/// A first-person thought of 8–30 words, distinct for every `i` below 20 × 20 × 16 × 16.
fn thought(i: usize) -> String {
    const OPENERS: [&str; 20] = [
        "I kept putting off",
        "Honestly I could not face",
        "I told myself I would start",
        "Again I avoided",
        "I got halfway through",
        "I did not even open",
        "I felt ready for",
        "Somehow I skipped",
        "I rushed through",
        "I was proud to finish",
        "I dreaded",
        "I gave up on",
        "I finally started",
        "I kept rewriting",
        "I could not focus on",
        "I postponed",
        "I half-finished",
        "I was too tired for",
        "I forgot about",
        "I rescheduled",
    ];
    const TASKS: [&str; 20] = [
        "the quarterly report",
        "my morning run",
        "the newsletter draft",
        "the tax forms",
        "calling my sister",
        "the budget spreadsheet",
        "the pitch deck",
        "cleaning the kitchen",
        "my guitar practice",
        "the code review",
        "the job application",
        "the client email",
        "my Spanish lesson",
        "the grant proposal",
        "meal prep for the week",
        "the dentist appointment",
        "the chapter outline",
        "my meditation",
        "the invoice for March",
        "the portfolio update",
    ];
    const BECAUSE: [&str; 16] = [
        "because it has to be perfect before anyone sees it",
        "since nobody would notice anyway",
        "because I am not the kind of person who finishes things",
        "as it felt pointless after such a long day",
        "because if it goes well they will expect even more from me",
        "since I was scared of what my boss would say",
        "because I would rather wait until I feel motivated",
        "and I blamed the weather",
        "because everything else seemed more urgent",
        "because last time it went badly",
        "since I did not know where to begin",
        "because people like me do not get to succeed",
        "because I wanted a break after a good week",
        "since my phone kept pulling me away",
        "because I promised myself a reward first",
        "because it felt too big to start",
    ];
    const AFTER: [&str; 16] = [
        "",
        "and now I feel guilty.",
        "again.",
        "and the evening slipped away.",
        "so tomorrow will be harder.",
        "but I will try after lunch.",
        "which happens every Monday.",
        "and I am annoyed at myself.",
        "though I had planned it carefully.",
        "and it spiralled from there.",
        "even with the reminder set.",
        "for the third time this week.",
        "and I ate junk food instead.",
        "but at least I wrote it down.",
        "while the deadline keeps getting closer.",
        "and I scrolled for an hour.",
    ];
    format!(
        "{} {} {} {}",
        OPENERS[i % 20],
        TASKS[(i / 20) % 20],
        BECAUSE[(i / 400) % 16],
        AFTER[(i / 6400) % 16]
    )
    .trim_end()
    .to_string()
}

fn load_model(c: &mut Criterion) {
    let path = repository_model();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let rss_before = resident_bytes();
    let model = Embedder::load(&path).expect("the committed model loads");
    let rss_after = resident_bytes();
    println!(
        "text model: file {:.2} MB, table and vocabulary {:.2} MB in memory, resident set +{:.2} MB after loading",
        size as f64 / 1e6,
        model.memory_bytes() as f64 / 1e6,
        rss_after.saturating_sub(rss_before) as f64 / 1e6
    );
    drop(model);
    let mut group = c.benchmark_group("text model");
    group.sample_size(20);
    group.bench_function("load and verify the model file", |b| {
        b.iter(|| Embedder::load(&path).expect("loads"));
    });
    group.finish();
}

/// The resident set size of this process (Linux; 0 elsewhere).
fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

fn embed_one_thought(c: &mut Criterion) {
    let model = Embedder::load(&repository_model()).expect("the committed model loads");
    let thoughts: Vec<String> = (0..4096).map(|i| thought(i * 37)).collect();
    assert!(thoughts.iter().all(|t| t.split_whitespace().count() <= 30));
    let mut samples: Vec<Duration> = Vec::new();
    let mut i = 0usize;
    c.bench_function("embed one thought (≤ 30 words)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                i += 1;
                let text = &thoughts[i % thoughts.len()];
                let t = Now::now();
                let v = model.embed(text);
                let d = t.elapsed();
                std::hint::black_box(v);
                samples.push(d);
                total += d;
            }
            total
        });
    });
    if !samples.is_empty() {
        let n = samples.len();
        samples.sort_unstable();
        let us = |p: f64| percentile(&samples, p).as_secs_f64() * 1e6;
        println!(
            "embed one thought: p50 {:.1} µs, p99 {:.1} µs, p99.9 {:.1} µs over {n} thoughts (target p99 ≤ 5 ms)",
            us(0.50),
            us(0.99),
            us(0.999)
        );
    }
}

fn import_100k_with_vectors(c: &mut Criterion) {
    const N: usize = 100_000;
    let model = Embedder::load(&repository_model()).expect("the committed model loads");
    let events: Vec<_> = (0..N as u64)
        .map(|i| {
            let mut e = input(i);
            e.thought = Some(thought(i as usize));
            e.into_event(format!("bench-{i}"), None)
        })
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
    let mut group = c.benchmark_group("import with text vectors");
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.bench_function(
        "parse + apply + embed 100k events, distinct thoughts (file)",
        |b| {
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
                    let embedded =
                        plumbline_core::app::vectors::backfill(&mut store, &model, |_, _| {})
                            .expect("backfill");
                    assert_eq!(embedded, N);
                    (dir, store)
                },
                BatchSize::PerIteration,
            );
        },
    );
    group.finish();
}

criterion_group!(benches, log_one_event, import_journal);
criterion_group!(
    text_model,
    load_model,
    embed_one_thought,
    import_100k_with_vectors
);
criterion_main!(benches, text_model);
