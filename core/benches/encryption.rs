//! Encryption at rest, beside plaintext:
//! - unlock (Argon2id on the passphrase, then opening the journal and reading it): ≤ 1 s;
//! - logging one event: p99 ≤ 5 ms, encrypted and plaintext;
//! - a full (cold) analysis of 100k events: encrypted ≤ 1.3× plaintext.
//!
//! Run with `cargo bench -p plumbline-core --bench encryption`. The log benchmarks print the
//! 99th percentile of every single-event time they measured; the analysis prints the ratio of
//! interleaved pairs of runs, steadier than the two benchmarks' ratio on a busy machine. `PLUMBLINE_BENCH_SIZES` changes
//! the journal size of the analysis (default 100000).

use std::hint::black_box;
use std::time::{Duration, Instant as Now};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use plumbline_core::analyze::{analyze, AnalyzeOptions};
use plumbline_core::interchange::{ImportBatch, ImportMeta};
use plumbline_core::keys::{KdfParams, KeyFile, Secret};
use plumbline_core::{parse_instant, EventInput, FixedClock, Kind, Store};

fn clock() -> FixedClock {
    FixedClock(parse_instant("2030-01-01T12:00:00+01:00").expect("instant"))
}

const THOUGHTS: &[&str] = &[
    "It needs another pass before anyone sees it",
    "they will judge it",
    "too tired",
    "went well",
    "what if it fails",
];

fn input(i: u64) -> EventInput {
    let at = parse_instant("2020-01-01T08:00:00+01:00").expect("instant")
        + chrono::Duration::minutes(i as i64 * 40);
    let mut e = EventInput::new(
        at,
        Kind::ALL[(i * 7 % 11 % 6) as usize],
        format!("Task {}", i % 300),
    );
    e.domain = Some(["content", "clients", "admin"][(i % 3) as usize].into());
    e.thought = Some(THOUGHTS[(i % 5) as usize].into());
    e.friction = Some(1 + (i % 5) as u8);
    e.tags = vec![["publish", "calls", "money"][(i % 3) as usize].into()];
    e
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort_unstable();
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx].as_secs_f64() * 1e3
}

fn unlock(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("journal.plumbline");
    let pass = Secret::new("correct horse battery staple");
    let (keys, key, _recovery) = KeyFile::create(&pass, KdfParams::PASSPHRASE).expect("keys");
    let store = Store::open(&path).expect("journal");
    let (store, _) = store.encrypt(&key, &keys, None).expect("encrypted");
    drop(store);
    let mut group = c.benchmark_group("unlock");
    group.sample_size(10);
    group.bench_function("argon2id + open + first read", |b| {
        b.iter(|| {
            let key = keys.unlock(&pass, &path).expect("unlocked");
            let store = Store::open_keyed(&path, Some(&key)).expect("open");
            black_box(store.counts().expect("counts"))
        });
    });
    group.finish();
}

fn log_one_event(c: &mut Criterion) {
    let mut group = c.benchmark_group("log one event");
    for encrypted in [false, true] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bench.plumbline");
        let mut store = Store::open(&path).expect("journal");
        if encrypted {
            let (keys, key, _) = KeyFile::create(&Secret::new("p"), KdfParams::TEST).expect("keys");
            store = store.encrypt(&key, &keys, None).expect("encrypted").0;
        }
        let name = if encrypted { "encrypted" } else { "plaintext" };
        let clock = clock();
        let mut samples: Vec<Duration> = Vec::new();
        let mut i = 0u64;
        group.bench_function(name, |b| {
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
            let p50 = percentile(&mut samples, 0.5);
            let p99 = percentile(&mut samples, 0.99);
            println!("log one event ({name}): p50 {p50:.3} ms, p99 {p99:.3} ms over {n} events (target p99 ≤ 5 ms)");
        }
    }
    group.finish();
}

fn full_analysis(c: &mut Criterion) {
    let sizes: Vec<usize> = std::env::var("PLUMBLINE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000]);
    let mut group = c.benchmark_group("full analysis");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(6));
    let opts = AnalyzeOptions::default();
    let clock = clock();
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let plain_path = dir.path().join("plain.plumbline");
        let mut plain = Store::open(&plain_path).expect("journal");
        let meta = ImportMeta {
            format: "plumbline".into(),
            file: None,
            dry_run: false,
        };
        let events: Vec<_> = (0..n as u64)
            .map(|i| input(i).into_event(format!("bench-{i}"), None))
            .collect();
        for chunk in events.chunks(50_000) {
            let batch = ImportBatch {
                events: chunk.to_vec(),
                ..ImportBatch::default()
            };
            plain.apply_import(&batch, &meta, &clock).expect("import");
        }
        let enc_path = dir.path().join("encrypted.plumbline");
        plain.backup_to(&enc_path).expect("copy");
        let (keys, key, _) = KeyFile::create(&Secret::new("p"), KdfParams::TEST).expect("keys");
        let encrypted = Store::open(&enc_path)
            .expect("copy")
            .encrypt(&key, &keys, None)
            .expect("encrypted")
            .0;
        for (name, store) in [("plaintext", &plain), ("encrypted", &encrypted)] {
            group.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                b.iter(|| black_box(analyze(store, &opts, &clock).expect("analysis")));
            });
        }
        paired_ratio(n, &plain, &encrypted, &opts, &clock);
    }
    group.finish();
}

/// The encrypted/plaintext ratio of one full analysis, from runs taken in interleaved pairs
/// (the order alternating), so that a change in the machine's load between the two
/// benchmarks above does not decide it: printed as the median ratio of the pairs with the
/// middle half of them.
fn paired_ratio(
    n: usize,
    plain: &Store,
    encrypted: &Store,
    opts: &AnalyzeOptions,
    clock: &FixedClock,
) {
    const PAIRS: usize = 24;
    let time = |store: &Store| {
        let started = Now::now();
        black_box(analyze(store, opts, clock).expect("analysis"));
        started.elapsed().as_secs_f64()
    };
    let mut ratios: Vec<f64> = (0..PAIRS)
        .map(|i| {
            let (p, e) = if i % 2 == 0 {
                let p = time(plain);
                (p, time(encrypted))
            } else {
                let e = time(encrypted);
                (time(plain), e)
            };
            e / p
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    println!(
        "full analysis ({n} events): encrypted / plaintext {:.2}× median of {PAIRS} interleaved pairs \
         (middle half {:.2}–{:.2}×; target ≤ 1.3×)",
        at(0.5),
        at(0.25),
        at(0.75)
    );
}

criterion_group!(benches, unlock, log_one_event, full_analysis);
criterion_main!(benches);
