//! Fits the analyzer's confidence weights (`W_SEMANTIC` with the committed text model's vectors,
//! or `W_MARKERS` with `FIT_MARKERS=1`) by maximum likelihood on generated journals: the held-out `tune` bank
//! (seeds 100 000 on, disjoint from the evaluation's) and the older generator (seeds 5000 on).
//! `FIT_BANKS=tune,report` adds the second tuning bank; never the `fresh` bank.
//!
//! `cargo run -p plumbline-tests --example fit_confidence [-- JOURNALS_PER_BELIEF]`

use chrono::{Duration, FixedOffset, NaiveDate, TimeZone};
use plumbline_core::analyze::{link_features, semantic, Dataset};
use plumbline_core::interchange::{ImportBatch, ImportMeta};
use plumbline_core::{FixedClock, Store};
use plumbline_tests::gen::{self, Config, Strength, BELIEFS};
use plumbline_tests::{fit, heldout};

fn rows_of(
    batch: &ImportBatch,
    now: chrono::DateTime<FixedOffset>,
    planted: &[&str],
    rows: &mut Vec<(Vec<f64>, bool)>,
) {
    let clock = FixedClock(now);
    let mut store = Store::open_in_memory().expect("store");
    let meta = ImportMeta {
        format: "plumbline".into(),
        file: None,
        dry_run: false,
    };
    store.apply_import(batch, &meta, &clock).expect("import");
    let mut j = Dataset::read(&store, None, Some(now.date_naive())).expect("journal");
    if std::env::var_os("FIT_MARKERS").is_none() {
        semantic::attach_embedded(&mut j, plumbline_tests::text_model());
    }
    for (id, f) in link_features(&j, now) {
        rows.push((f.inputs().to_vec(), planted.contains(&id.as_str())));
    }
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let mut rows = Vec::new();
    // FIT_BANKS=tune,report fits on both tuning banks (never `fresh`); FIT_GENERATOR=0 leaves
    // out the older generator.
    let banks = std::env::var("FIT_BANKS").unwrap_or_else(|_| "tune".to_string());
    let (y, m, d) = heldout::END_DATE;
    let end = NaiveDate::from_ymd_opt(y, m, d).expect("date") + Duration::days(1);
    let now = FixedOffset::east_opt(0)
        .expect("offset")
        .from_local_datetime(&end.and_hms_opt(12, 0, 0).expect("noon"))
        .single()
        .expect("instant");
    for name in banks.split(',').map(str::trim).filter(|b| !b.is_empty()) {
        assert_ne!(name, "fresh", "the fresh bank is never fitted on");
        let bank = heldout::load_bank(name);
        for (spec, seed) in heldout::evaluation_set(n) {
            let g = heldout::journal(&bank, &spec, seed + 100_000);
            let batch = plumbline_core::interchange::journal::parse(g.json.as_bytes(), false)
                .expect("parse");
            let planted: Vec<&str> = [g.labels.primary.as_deref(), g.labels.secondary.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            rows_of(&batch, now, &planted, &mut rows);
        }
    }
    let generator = std::env::var("FIT_GENERATOR").map_or(true, |v| v != "0");
    for seed in (5000..5000 + 20 * n as u64).filter(|_| generator) {
        let cfg = if seed % 3 == 0 {
            Config::null(seed)
        } else {
            let s = if seed % 2 == 0 {
                Strength::Strong
            } else {
                Strength::Weak
            };
            Config::planted(seed, BELIEFS[(seed % 10) as usize], s)
        };
        let g = gen::journal(&cfg);
        let planted: Vec<&str> = g.planted.into_iter().collect();
        rows_of(&g.batch, gen::end_of(&cfg), &planted, &mut rows);
    }
    let w = fit::logistic(&rows, 0.05);
    let positives = rows.iter().filter(|r| r.1).count();
    println!("{} rows, {positives} planted", rows.len());
    let shown: Vec<String> = w.iter().map(|x| format!("{x:.4}")).collect();
    println!("[{}]", shown.join(", "));
}
