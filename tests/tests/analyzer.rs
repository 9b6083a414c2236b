//! The analyzer over generated journals with known answers, edge journals, feedback, trends,
//! pathways and the exact shape of the analysis document.

use chrono::{Duration, FixedOffset, NaiveDate, TimeZone};
use plumbline_core::analyze::text::{marker_hits, markers, tokenize};
use plumbline_core::analyze::{
    analyze, analyze_with, Analysis, AnalyzeError, AnalyzeOptions, Analyzer, BeliefTier, CostKind,
    PathwayStatus, PatternTier,
};
use plumbline_core::domain::{
    Checkin, Event, EventInput, Instant, Kind, Pathway, Reflection, ReflectionInput, VerdictKind,
};
use plumbline_core::interchange::{ImportBatch, ImportMeta};
use plumbline_core::{catalog, Clock, FixedClock, Store};
use plumbline_tests::gen::{self, Config, Generated, Strength, BELIEFS};
use plumbline_tests::heldout;

fn meta() -> ImportMeta {
    ImportMeta {
        format: "plumbline".to_string(),
        file: None,
        dry_run: false,
    }
}

fn store_of(batch: &ImportBatch, clock: &FixedClock) -> Store {
    let mut store = Store::open_in_memory().expect("in-memory store");
    store
        .apply_import(batch, &meta(), clock)
        .expect("journal imports");
    store
}

fn run(cfg: &Config) -> (Generated, Analysis) {
    let g = gen::journal(cfg);
    let clock = FixedClock(gen::end_of(cfg));
    let store = store_of(&g.batch, &clock);
    let a = analyze(&store, &AnalyzeOptions::default(), &clock).expect("analysis");
    check_invariants(&a);
    (g, a)
}

fn at(s: &str) -> Instant {
    chrono::DateTime::parse_from_rfc3339(s).expect("valid instant")
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
}

/// What every analysis must satisfy, whatever the journal.
fn check_invariants(a: &Analysis) {
    assert_eq!(a.format, "plumbline-analysis");
    assert_eq!(a.version, 1);
    assert!(a.window.from <= a.window.to);
    let t = &a.totals;
    assert_eq!(t.events, t.breaks + t.completed + t.skipped);
    let k = &t.by_kind;
    assert_eq!(
        t.breaks,
        k.delayed_start + k.unfinished + k.avoided + k.switched
    );
    if let Some(r) = t.break_rate {
        assert!((0.0..=1.0).contains(&r));
        assert!(t.breaks + t.completed > 0);
    } else {
        assert_eq!(t.breaks + t.completed, 0);
    }
    if !a.enough_data {
        assert!(a.patterns.is_empty() && a.beliefs.is_empty());
        assert!(!a.missing.is_empty());
    } else {
        assert!(a.missing.is_empty());
    }
    // Every cost level, weekly level and leakage share is in [0, 1]; a missing level says
    // what to log; weekly series follow the trend's weeks.
    let in_range = |x: Option<f64>| x.is_none_or(|l| (0.0..=1.0).contains(&l));
    for k in CostKind::ALL {
        assert!(in_range(a.costs.level(k)), "{k:?}: {:?}", a.costs);
        assert!(!a.costs.basis(k).is_empty());
        let weeks: Vec<&str> = a.costs.weekly(k).iter().map(|w| w.week.as_str()).collect();
        let trend: Vec<&str> = a.trend.iter().map(|w| w.week.as_str()).collect();
        assert_eq!(weeks, trend);
        assert!(a.costs.weekly(k).iter().all(|w| in_range(w.level)));
    }
    let l = &a.costs.behavioural_leakage;
    for s in [
        l.delayed_starts,
        l.incomplete_finishes,
        l.strategic_inconsistency,
    ] {
        assert!(in_range(s));
    }
    for p in &a.patterns {
        let b = p.breaks;
        // The exact count behind the rate, as the description says it.
        assert_eq!(
            p.description,
            format!("{} ({b} of {})", p.sentence, p.support),
        );
        // Rounded to three decimals: off by half a unit at most (9 of 16 is 0.5625, shown
        // 0.563), plus the float error of 0.563 itself.
        assert!(
            (b as f64 / p.support as f64 - p.break_rate).abs() <= 0.0005 + 1e-9,
            "{p:?}"
        );
    }
    for p in &a.pathways {
        for r in p.before.iter().chain(&p.after) {
            assert!(r.breaks <= r.support);
        }
    }
    for p in &a.patterns {
        assert_eq!(p.id, format!("{}:{}", p.dimension, p.value));
        assert!(p.ci[0] <= p.break_rate && p.break_rate <= p.ci[1], "{p:?}");
        assert!(p.break_rate > p.baseline_rate);
        assert!((0.0..=0.05).contains(&p.q_value));
        assert!(p.weeks >= 3 && p.support >= 10);
    }
    for w in a.beliefs.windows(2) {
        assert!(
            w[0].confidence >= w[1].confidence,
            "beliefs sorted by confidence"
        );
    }
    for b in &a.beliefs {
        assert!((0.0..=1.0).contains(&b.confidence));
        assert!(b.evidence.quotes.len() <= 3);
        assert_ne!(b.verdict, Some(VerdictKind::Rejected));
    }
    for l in [a.layers.belief, a.layers.thinking, a.layers.execution] {
        assert!((0.0..=1.0).contains(&l));
    }
    for w in &a.trend {
        assert!((0.0..=1.0).contains(&w.score));
        assert!(w.breaks <= w.events);
    }
    let json = serde_json::to_string(a).expect("serialises");
    let back: Analysis = serde_json::from_str(&json).expect("reads back");
    // serde_json reads floats to the nearest double only approximately; compare what matters.
    let ids = |a: &Analysis| {
        a.patterns
            .iter()
            .map(|p| (p.id.clone(), p.tier))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&back), ids(a));
    assert_eq!(back.beliefs, a.beliefs);
}

// ---------------------------------------------------------------------------------------------
// Quality over many generated journals

/// Strong plants for seeds 0–9, 20–29, …; weak ones for 10–19, 30–39, ….
fn is_strong(seed: u64) -> bool {
    (seed / 10) & 1 == 0
}

/// Planted journals: every belief, strong and weak plants alternating.
fn planted_cfg(seed: u64) -> Config {
    let belief = BELIEFS[(seed % 10) as usize];
    let strength = if is_strong(seed) {
        Strength::Strong
    } else {
        Strength::Weak
    };
    Config::planted(seed, belief, strength)
}

#[test]
fn quality_over_generated_journals() {
    // PLUMBLINE_QUALITY_SCALE=5 measures five times as many journals (slower, tighter figures).
    let scale: u64 = std::env::var("PLUMBLINE_QUALITY_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1);
    let (planted_n, null_n) = (200 * scale, 100 * scale);
    let (mut first, mut top3) = (0usize, 0usize);
    let (mut first_weak, mut weak) = (0usize, 0usize);
    // (confidence, right) for every listed link, planted and null journals alike.
    let mut links: Vec<(f64, bool)> = Vec::new();
    for seed in 0..planted_n {
        let (g, a) = run(&planted_cfg(seed));
        let planted = g.planted.expect("planted");
        let rank = a.beliefs.iter().position(|l| l.belief_id == planted);
        first += usize::from(rank == Some(0));
        top3 += usize::from(rank.is_some_and(|r| r < 3));
        if rank != Some(0) {
            let top: Vec<(&str, f64)> = a
                .beliefs
                .iter()
                .take(3)
                .map(|l| (l.belief_id.as_str(), l.confidence))
                .collect();
            eprintln!("seed {seed}: planted {planted} ranked {rank:?}; top {top:?}");
        }
        if !is_strong(seed) {
            weak += 1;
            first_weak += usize::from(rank == Some(0));
        }
        links.extend(
            a.beliefs
                .iter()
                .map(|l| (l.confidence, l.belief_id == planted)),
        );
    }
    let (mut claims, mut with_patterns) = (0usize, 0usize);
    for seed in 10_000..10_000 + null_n {
        let (_, a) = run(&Config::null(seed));
        claims += usize::from(a.beliefs.iter().any(|l| l.tier != BeliefTier::Emerging));
        with_patterns += usize::from(!a.patterns.is_empty());
        links.extend(a.beliefs.iter().map(|l| (l.confidence, false)));
    }
    let ece = expected_calibration_error(&links);
    let first_rate = first as f64 / planted_n as f64;
    let top3_rate = top3 as f64 / planted_n as f64;
    let claim_rate = claims as f64 / null_n as f64;
    let pattern_rate = with_patterns as f64 / null_n as f64;
    eprintln!(
        "planted first {first}/{planted_n} ({first_rate:.3}), weak plants first {first_weak}/{weak}, \
         top three {top3}/{planted_n} ({top3_rate:.3}); null journals with a likely/strong link \
         {claims}/{null_n} ({claim_rate:.3}), with any pattern {with_patterns}/{null_n} \
         ({pattern_rate:.3}); ECE {ece:.4} over {} links",
        links.len()
    );
    assert!(first_rate >= 0.85, "planted belief first in {first_rate}");
    assert!(
        top3_rate >= 0.97,
        "planted belief in the top three in {top3_rate}"
    );
    assert!(
        claim_rate <= 0.05,
        "null journals with claims: {claim_rate}"
    );
    assert!(
        pattern_rate <= 0.10,
        "null journals with patterns: {pattern_rate}"
    );
    assert!(ece <= 0.1, "expected calibration error {ece}");
}

/// P(X ≥ k) for X ~ Binomial(n, p).
fn binomial_upper(k: usize, n: usize, p: f64) -> f64 {
    let mut term = (1.0 - p).powi(n as i32); // P(X = 0)
    let mut below = 0.0;
    for x in 0..k.min(n + 1) {
        below += term;
        term *= (n - x) as f64 / (x + 1) as f64 * p / (1.0 - p);
    }
    (1.0 - below).max(0.0)
}

/// Whether the journals show a rate above `bar`: the hits are more than a rate of `bar` gives
/// in 95% of samples of this size (one-sided binomial, p < 0.05). A bar on rates is about the
/// journals' population; a few dozen journals carry that much sampling error (one null claim
/// in 15 is 6.7%, and a 2% rate gives at least one in 26% of such samples).
fn above(r: Rate, bar: f64) -> bool {
    binomial_upper(r.hits, r.n, bar) < 0.05
}

/// Whether the journals show a rate below `bar` (one-sided binomial, p < 0.05).
fn below(r: Rate, bar: f64) -> bool {
    binomial_upper(r.n - r.hits, r.n, 1.0 - bar) < 0.05
}

/// Expected calibration error over ten equal-width confidence bins.
fn expected_calibration_error(links: &[(f64, bool)]) -> f64 {
    let mut bins = vec![(0.0, 0.0, 0usize); 10];
    for &(c, right) in links {
        let b = ((c * 10.0) as usize).min(9);
        bins[b].0 += c;
        bins[b].1 += f64::from(u8::from(right));
        bins[b].2 += 1;
    }
    let n = links.len().max(1) as f64;
    bins.iter()
        .filter(|b| b.2 > 0)
        .map(|b| (b.0 / b.2 as f64 - b.1 / b.2 as f64).abs() * b.2 as f64 / n)
        .sum()
}

#[test]
fn planted_thoughts_use_wording_the_markers_mostly_do_not_know() {
    // The measure behind "with wording the lexicon has never seen": how many of the generator's
    // belief thoughts contain any marker of their own belief.
    let (mut hit, mut total) = (0, 0);
    for (i, id) in BELIEFS.iter().enumerate() {
        let belief = catalog::belief(id).expect("catalog belief");
        let m = markers(&belief.markers);
        for t in gen::belief_thoughts(i) {
            total += 1;
            hit += usize::from(marker_hits(&m, &tokenize(t)) > 0);
        }
    }
    eprintln!("planted thoughts containing one of their belief's markers: {hit}/{total}");
    assert!(hit * 3 < total, "{hit} of {total} thoughts reuse markers");

    // And how many context tasks name a signature keyword (the rest must be found otherwise,
    // or not at all).
    let (mut named, mut tasks) = (0, 0);
    for (i, id) in BELIEFS.iter().enumerate() {
        let sig = catalog::signature(id).expect("signature");
        let words: Vec<String> = sig.task_keywords.iter().map(|k| k.to_string()).collect();
        let m = markers(&words);
        for t in gen::context_tasks(i) {
            tasks += 1;
            named += usize::from(marker_hits(&m, &tokenize(t)) > 0);
        }
    }
    eprintln!("context tasks naming one of their signature's keywords: {named}/{tasks}");
    assert!(
        named < tasks,
        "some context work must be named in other words"
    );
}

#[test]
fn a_rate_bar_is_missed_only_when_the_sample_shows_it() {
    let r = |hits, n| Rate { hits, n };
    // One null claim in 15 journals is what a 2% rate gives a quarter of the time.
    assert!(!above(r(1, 15), 0.02));
    assert!(above(r(3, 15), 0.02));
    assert!(!above(r(2, 50), 0.02));
    assert!(above(r(5, 50), 0.02));
    assert!(!below(r(14, 15), 0.90));
    assert!(below(r(10, 15), 0.90));
    assert!((binomial_upper(0, 10, 0.3) - 1.0).abs() < 1e-12);
    assert!((binomial_upper(1, 2, 0.5) - 0.75).abs() < 1e-12);
}

#[test]
fn ece_is_zero_for_perfect_and_large_for_overconfident_links() {
    assert!(expected_calibration_error(&[(0.95, true), (0.05, false)]) < 0.06);
    assert!(expected_calibration_error(&[(0.95, false), (0.95, false)]) > 0.9);
}

#[test]
fn patterns_are_slices_to_act_on_with_their_events() {
    let mut cfg = Config::planted(7, "visibility_risk", Strength::Strong);
    cfg.tag_plant = Some(("late night", 0.4));
    let g = gen::journal(&cfg);
    let clock = FixedClock(gen::end_of(&cfg));
    let store = store_of(&g.batch, &clock);
    let mut a = analyze(&store, &AnalyzeOptions::default(), &clock).expect("analysis");
    assert!(!a.patterns.is_empty());
    // Friction and emotion describe a break; they are never where breaks recur.
    assert!(a
        .patterns
        .iter()
        .all(|p| p.dimension != "friction" && p.dimension != "emotion"));
    // Ordered by what a person can act on: the work before timing and recurrence.
    let rank = |d: &str| match d {
        "task" => 0,
        "tag" => 1,
        "domain" => 2,
        "after" | "delay" => 3,
        "weekday" | "block" => 4,
        _ => 5,
    };
    assert!(a
        .patterns
        .windows(2)
        .all(|w| rank(&w[0].dimension) <= rank(&w[1].dimension)));
    // Each pattern carries its events: as many as its support, the breaks among them.
    a.fill_event_ids(&store).expect("ids");
    let rows = &a.detail.pattern_rows;
    for (i, p) in a.patterns.iter().enumerate() {
        assert_eq!(p.event_ids.len(), p.support, "{}", p.id);
        let breaks = p
            .event_ids
            .iter()
            .filter(|id| {
                g.batch
                    .events
                    .iter()
                    .any(|e| &e.id == *id && e.kind.is_break())
            })
            .count();
        assert_eq!(breaks, p.breaks, "{}", p.id);
        // No two patterns cover the same events.
        assert!(rows.iter().filter(|r| *r == &rows[i]).count() == 1);
    }
    for l in &a.beliefs {
        assert_eq!(l.evidence.event_ids.len(), l.evidence.breaks_matched);
    }
}

#[test]
fn a_planted_tag_becomes_a_confirmed_pattern() {
    let mut cfg = Config::null(42);
    cfg.tag_plant = Some(("publish", 0.45));
    let (_, a) = run(&cfg);
    let p = a
        .patterns
        .iter()
        .find(|p| p.id == "tag:publish")
        .unwrap_or_else(|| panic!("no tag:publish in {:?}", a.patterns));
    assert_eq!(p.dimension, "tag");
    assert_eq!(p.value, "publish");
    assert_eq!(p.tier, PatternTier::Confirmed);
    assert!(p.break_rate - p.baseline_rate >= 0.2, "{p:?}");
    assert!(p.q_value < 0.01);
    assert!(p.description.contains("tagged publish") && p.description.contains(" of "));
    assert_eq!(
        a.patterns[0].id, "tag:publish",
        "the planted tag ranks first"
    );
}

// ---------------------------------------------------------------------------------------------
// Data sufficiency

fn event(at_s: &str, kind: Kind, task: &str) -> Event {
    EventInput::new(at(at_s), kind, task).into_event(format!("e-{at_s}-{task}"), None)
}

/// `days` consecutive days from 2026-03-02, each with the given kinds.
fn days_of(days: u32, kinds: &[Kind]) -> ImportBatch {
    let mut b = ImportBatch::default();
    let start = date("2026-03-02");
    for d in 0..days {
        let day = start + Duration::days(i64::from(d));
        for (i, k) in kinds.iter().enumerate() {
            let s = format!("{day}T{:02}:00:00+01:00", 9 + i);
            b.events.push(event(&s, *k, &format!("task {i}")));
        }
    }
    b
}

fn analyse_batch(b: &ImportBatch, now: &str) -> Analysis {
    let clock = FixedClock(at(now));
    let store = store_of(b, &clock);
    let a = analyze(&store, &AnalyzeOptions::default(), &clock).expect("analysis");
    check_invariants(&a);
    a
}

#[test]
fn too_little_data_says_what_to_log_next() {
    let b = days_of(
        5,
        &[
            Kind::Completed,
            Kind::DelayedStart,
            Kind::Skipped,
            Kind::Avoided,
        ],
    );
    let a = analyse_batch(&b, "2026-03-07T12:00:00+01:00");
    assert!(!a.enough_data);
    assert_eq!(a.window.days_logged, 5);
    assert_eq!(a.totals.events, 20);
    assert_eq!(a.totals.skipped, 5);
    assert_eq!(a.totals.breaks, 10);
    assert_eq!(a.totals.completed, 5);
    assert_eq!(a.totals.break_rate, Some(0.667));
    assert!(
        a.missing.iter().any(|m| m.starts_with("log 9 more days")),
        "{:?}",
        a.missing
    );
    assert!(
        a.missing
            .iter()
            .any(|m| m.starts_with("log 10 more events")),
        "{:?}",
        a.missing
    );
    assert_eq!(
        a.missing.len(),
        2,
        "completions and breaks suffice: {:?}",
        a.missing
    );
}

#[test]
fn only_breaks_asks_for_completions_and_claims_nothing() {
    let b = days_of(20, &[Kind::DelayedStart, Kind::Avoided]);
    let a = analyse_batch(&b, "2026-03-30T12:00:00+01:00");
    assert!(!a.enough_data);
    assert_eq!(a.totals.break_rate, Some(1.0));
    assert_eq!(
        a.missing,
        vec!["no completed tasks yet: log what went well too, so break rates mean something"]
    );
}

#[test]
fn only_completions_asks_for_breaks() {
    let b = days_of(20, &[Kind::Completed, Kind::Completed]);
    let a = analyse_batch(&b, "2026-03-30T12:00:00+01:00");
    assert!(!a.enough_data);
    assert_eq!(a.totals.break_rate, Some(0.0));
    assert_eq!(a.missing.len(), 1);
    assert!(a.missing[0].starts_with("no breaks logged yet"));
}

#[test]
fn skipped_and_not_logged_days_count_as_neither() {
    // Only skips on 20 days, then nothing for weeks: no rate at all, nothing guessed.
    let b = days_of(20, &[Kind::Skipped]);
    let a = analyse_batch(&b, "2026-05-30T12:00:00+01:00");
    assert_eq!(a.totals.break_rate, None);
    assert_eq!(
        (a.totals.breaks, a.totals.completed, a.totals.skipped),
        (0, 0, 20)
    );
    assert!(a.trend.iter().all(|w| w.break_rate.is_none()));
    // Weeks after the last logged day keep the score where it was: a gap is not a failure.
    let b = days_of(20, &[Kind::Completed, Kind::Completed, Kind::Avoided]);
    let a = analyse_batch(&b, "2026-05-30T12:00:00+01:00");
    let last = a.trend.last().expect("weeks").score;
    let logged_last = a
        .trend
        .iter()
        .rev()
        .find(|w| w.events > 0)
        .expect("a logged week")
        .score;
    assert_eq!(last, logged_last);
    assert!(a
        .trend
        .iter()
        .rev()
        .take(5)
        .all(|w| w.events == 0 && w.break_rate.is_none()));
}

// ---------------------------------------------------------------------------------------------
// Edge journals: always a valid analysis

#[test]
fn edge_journals_give_valid_analyses() {
    // Empty.
    let a = analyse_batch(&ImportBatch::default(), "2026-03-07T12:00:00+01:00");
    assert_eq!(a.totals.events, 0);
    assert_eq!(a.window.days_logged, 0);
    assert_eq!(a.window.from, a.window.to);
    assert!(a.trend.is_empty());
    assert!(a
        .missing
        .iter()
        .any(|m| m.contains("no completed tasks yet")));

    // One day.
    let b = days_of(1, &[Kind::Completed, Kind::Avoided]);
    let a = analyse_batch(&b, "2026-03-02T23:00:00+01:00");
    assert_eq!(a.window.days_logged, 1);
    assert_eq!(a.trend.len(), 1);

    // All thoughts empty, many days: analysis runs, quotes are empty.
    let mut g = gen::journal(&Config::planted(7, "visibility_risk", Strength::Strong));
    for e in &mut g.batch.events {
        e.thought = None;
    }
    let a = analyse_batch(&g.batch, "2026-06-10T12:00:00Z");
    assert!(a.enough_data);
    assert!(a.beliefs.iter().all(|b| b.evidence.quotes.is_empty()));

    // Unicode and emoji thoughts, tasks and tags.
    let mut g = gen::journal(&Config::planted(8, "visibility_risk", Strength::Strong));
    for (i, e) in g.batch.events.iter_mut().enumerate() {
        e.thought = Some(format!("😬 公開するのが怖い — ça me gêne {i} 🙈"));
        if i % 3 == 0 {
            e.tags = vec!["日本語".into(), "émoji 🎉".into()];
        }
    }
    let a = analyse_batch(&g.batch, "2026-06-10T12:00:00Z");
    assert!(a.enough_data);
    if let Some(q) = a.beliefs.first().and_then(|b| b.evidence.quotes.first()) {
        assert!(q.contains('😬'));
    }

    // Thousands of distinct tags.
    let mut g = gen::journal(&Config::null(9));
    for (i, e) in g.batch.events.iter_mut().enumerate() {
        e.tags = (0..5).map(|k| format!("tag-{i}-{k}")).collect();
    }
    let a = analyse_batch(&g.batch, "2026-06-10T12:00:00Z");
    assert!(a.patterns.iter().all(|p| p.dimension != "tag"));

    // Far past and far future events beside a normal journal.
    let mut g = gen::journal(&Config::null(10));
    g.batch
        .events
        .push(event("1900-01-01T00:00:00+00:00", Kind::Avoided, "ancient"));
    g.batch.events.push(event(
        "2999-12-31T23:59:00+00:00",
        Kind::Completed,
        "future",
    ));
    let a = analyse_batch(&g.batch, "2026-06-10T12:00:00Z");
    assert_eq!(a.window.from, date("1900-01-01"));
    assert_eq!(a.window.to, date("2026-06-10"));
    assert!(a.trend.len() <= 260, "trend is capped to recent weeks");
    // The future event is outside the window that ends today.
    assert_eq!(a.totals.events, g.batch.events.len() - 1);
}

#[test]
fn ten_thousand_events_on_one_day() {
    let mut b = ImportBatch::default();
    for i in 0..10_000u32 {
        let kind = if i % 3 == 0 {
            Kind::Avoided
        } else {
            Kind::Completed
        };
        let s = format!(
            "2026-03-02T{:02}:{:02}:{:02}+01:00",
            8 + i / 3600 % 12,
            i / 60 % 60,
            i % 60
        );
        let mut e = event(&s, kind, &format!("task {}", i % 50));
        e.id = format!("bulk-{i}");
        e.thought = Some("keep going".into());
        b.events.push(e);
    }
    let a = analyse_batch(&b, "2026-03-03T12:00:00+01:00");
    assert_eq!(a.totals.events, 10_000);
    assert_eq!(a.window.days_logged, 1);
    assert!(!a.enough_data);
    assert_eq!(a.missing.len(), 1, "{:?}", a.missing);
}

// ---------------------------------------------------------------------------------------------
// Feedback

fn analyse_store(store: &Store, cfg: &Config) -> Analysis {
    let clock = FixedClock(gen::end_of(cfg));
    let a = analyze(store, &AnalyzeOptions::default(), &clock).expect("analysis");
    check_invariants(&a);
    a
}

#[test]
fn verdicts_change_later_analyses() {
    let cfg = Config::planted(3, "visibility_risk", Strength::Strong);
    let g = gen::journal(&cfg);
    let clock = FixedClock(gen::end_of(&cfg));
    let mut store = store_of(&g.batch, &clock);
    let before = analyse_store(&store, &cfg);
    let link = before
        .beliefs
        .iter()
        .find(|l| l.belief_id == "visibility_risk")
        .expect("planted link")
        .clone();
    assert_eq!(link.verdict, None);
    let matched = u32::try_from(link.evidence.breaks_matched).expect("small");
    // What `verdict` stores as the evidence is at hand for every belief, listed or not.
    assert_eq!(
        before.detail.breaks_matched("visibility_risk"),
        Some(link.evidence.breaks_matched)
    );
    assert!(before.detail.breaks_matched("belonging_loss").is_some());
    assert_eq!(before.detail.breaks_matched("custom:unknown"), None);

    // Rejected without a record of the evidence (as imported verdicts are): it stands.
    store
        .set_verdict("visibility_risk", VerdictKind::Rejected, clock.now(), None)
        .expect("verdict");
    let after = analyse_store(&store, &cfg);
    assert!(after
        .beliefs
        .iter()
        .all(|l| l.belief_id != "visibility_risk"));
    // The layers read behaviour and text, not verdicts.
    assert_eq!(after.layers, before.layers);

    // Rejected on this evidence: gone.
    store
        .set_verdict(
            "visibility_risk",
            VerdictKind::Rejected,
            clock.now(),
            Some(matched),
        )
        .expect("verdict");
    let after = analyse_store(&store, &cfg);
    assert!(after
        .beliefs
        .iter()
        .all(|l| l.belief_id != "visibility_risk"));

    // It comes back only when the evidence has grown well beyond it: a verdict given on a
    // third of today's evidence no longer holds it back.
    store
        .set_verdict(
            "visibility_risk",
            VerdictKind::Rejected,
            clock.now(),
            Some(matched / 3),
        )
        .expect("verdict");
    let grown = analyse_store(&store, &cfg);
    let back = grown
        .beliefs
        .iter()
        .find(|l| l.belief_id == "visibility_risk")
        .expect("back on grown evidence");
    assert_eq!(back.verdict, None);

    // Confirmed: listed with its verdict, and it keeps its place.
    store
        .set_verdict(
            "visibility_risk",
            VerdictKind::Confirmed,
            clock.now(),
            Some(matched),
        )
        .expect("verdict");
    let confirmed = analyse_store(&store, &cfg);
    let first = &confirmed.beliefs[0];
    assert_eq!(first.belief_id, "visibility_risk");
    assert_eq!(first.verdict, Some(VerdictKind::Confirmed));
    assert!(first.confidence >= link.confidence.min(0.8));
}

#[test]
fn a_confirmed_weak_link_is_listed_with_its_verdict() {
    // A weak plant: once the person confirms the link, it is listed with their verdict and at
    // least the confirmed floor while it still matches breaks.
    let cfg = Config::planted(13, "consistency_trap", Strength::Weak);
    let g = gen::journal(&cfg);
    let clock = FixedClock(gen::end_of(&cfg));
    let mut store = store_of(&g.batch, &clock);
    let before = analyse_store(&store, &cfg);
    let c0 = before
        .beliefs
        .iter()
        .find(|l| l.belief_id == "consistency_trap")
        .map_or(0.0, |l| l.confidence);
    store
        .set_verdict(
            "consistency_trap",
            VerdictKind::Confirmed,
            clock.now(),
            Some(5),
        )
        .expect("verdict");
    let after = analyse_store(&store, &cfg);
    let link = after
        .beliefs
        .iter()
        .find(|l| l.belief_id == "consistency_trap")
        .expect("confirmed link listed");
    assert_eq!(link.verdict, Some(VerdictKind::Confirmed));
    assert!(link.confidence >= c0);
    assert!(link.confidence >= 0.8);
}

// ---------------------------------------------------------------------------------------------
// Trends, shifts, layers, pathways

#[test]
fn a_planted_shift_is_found_with_its_date_and_sizes() {
    let mut cfg = Config::null(21);
    cfg.shift = Some((56, 0.35));
    let (_, a) = run(&cfg);
    let s = a
        .shifts
        .iter()
        .find(|s| s.series == "break_rate")
        .unwrap_or_else(|| panic!("no shift in {:?}", a.shifts));
    let planted = cfg.start + Duration::days(56);
    assert!(
        (s.date - planted).num_days().abs() <= 14,
        "{} vs {planted}",
        s.date
    );
    assert!(s.after - s.before >= 0.2, "{s:?}");
}

#[test]
fn null_journals_rarely_report_shifts() {
    let shifted = (20_000..20_040u64)
        .filter(|&seed| {
            let (_, a) = run(&Config::null(seed));
            a.shifts.iter().any(|s| s.series == "break_rate")
        })
        .count();
    eprintln!("null journals with a break-rate shift: {shifted}/40");
    assert!(shifted <= 4, "{shifted} of 40 null journals report a shift");
}

#[test]
fn trend_weeks_are_iso_weeks_with_counts() {
    let (g, a) = run(&Config::null(30));
    assert_eq!(a.trend.first().map(|w| w.week.as_str()), Some("2026-W10"));
    let total: usize = a.trend.iter().map(|w| w.events).sum();
    assert_eq!(total, g.batch.events.len());
    assert!(a.trend.iter().any(|w| w.alignment.is_some()));
    assert_eq!(a.detail.weeks.len(), a.trend.len());
}

#[test]
fn consistency_score_shrugs_off_one_missed_day() {
    let b = days_of(30, &[Kind::Completed, Kind::Completed, Kind::Avoided]);
    let mut missing_one = b.clone();
    missing_one
        .events
        .retain(|e| e.at.date_naive() != date("2026-03-20"));
    let now = "2026-04-01T12:00:00+01:00";
    let full = analyse_batch(&b, now);
    let gap = analyse_batch(&missing_one, now);
    let (s1, s2) = (
        full.trend.last().expect("weeks").score,
        gap.trend.last().expect("weeks").score,
    );
    assert!((s1 - s2).abs() < 0.01, "{s1} vs {s2}");
    assert!((s1 - 0.667).abs() < 0.01);
}

#[test]
fn layers_name_the_weakest() {
    let (_, a) = run(&Config::planted(2, "visibility_risk", Strength::Strong));
    let l = &a.layers;
    let min = l.belief.min(l.thinking).min(l.execution);
    let weakest = match l.weakest {
        plumbline_core::domain::Layer::Belief => l.belief,
        plumbline_core::domain::Layer::Thinking => l.thinking,
        plumbline_core::domain::Layer::Execution => l.execution,
    };
    assert_eq!(weakest, min);
    assert!(a
        .detail
        .weeks
        .iter()
        .all(|w| (0.0..=1.0).contains(&w.layers.execution)));
}

fn pathway(id: &str, belief: &str, started: &str) -> Pathway {
    Pathway {
        id: id.to_string(),
        belief_id: belief.to_string(),
        reframe: None,
        next_action: Some("Post one draft a week".into()),
        cycle: None,
        if_then: None,
        started_on: date(started),
    }
}

#[test]
fn pathway_effects_before_and_after() {
    // Publishing work breaks 80% of the time until 2026-04-01, then 10%.
    let mut b = ImportBatch::default();
    let start = date("2026-03-02");
    for d in 0..60u32 {
        let day = start + Duration::days(i64::from(d));
        let after = day >= date("2026-04-01");
        for i in 0..5u32 {
            let publish = i < 2;
            let brk = if publish {
                if after {
                    i == 0 && d % 5 == 0
                } else {
                    i == 0 || d % 5 != 0
                }
            } else {
                i == 4 && d % 3 == 0
            };
            let task = if publish {
                "Publish the weekly post"
            } else {
                "Clean the kitchen"
            };
            let s = format!("{day}T{:02}:00:00+01:00", 9 + i);
            let kind = if brk { Kind::Avoided } else { Kind::Completed };
            let mut e = event(&s, kind, task);
            e.id = format!("p-{d}-{i}");
            b.events.push(e);
        }
    }
    let clock = FixedClock(at("2026-05-01T12:00:00+01:00"));
    let mut store = store_of(&b, &clock);
    store
        .save_pathway(pathway("pw-1", "visibility_risk", "2026-04-01"))
        .expect("pathway");
    store
        .save_pathway(pathway("pw-2", "visibility_risk", "2026-04-25"))
        .expect("pathway");
    let a = analyze(&store, &AnalyzeOptions::default(), &clock).expect("analysis");
    check_invariants(&a);
    let p1 = a
        .pathways
        .iter()
        .find(|p| p.pathway_id == "pw-1")
        .expect("pw-1");
    assert_eq!(p1.status, PathwayStatus::Improved, "{p1:?}");
    let (before, after) = (
        p1.before.as_ref().expect("before"),
        p1.after.as_ref().expect("after"),
    );
    assert!(before.break_rate > 0.7 && after.break_rate < 0.2, "{p1:?}");
    assert!(before.ci[0] <= before.break_rate && before.break_rate <= before.ci[1]);
    assert_eq!(before.support, 60);
    let p2 = a
        .pathways
        .iter()
        .find(|p| p.pathway_id == "pw-2")
        .expect("pw-2");
    assert_eq!(p2.status, PathwayStatus::TooEarly);
}

// ---------------------------------------------------------------------------------------------
// The document

#[test]
fn the_document_has_exactly_the_contract_keys() {
    let mut cfg = Config::planted(4, "perfection_standard", Strength::Strong);
    cfg.tag_plant = Some(("late night", 0.4));
    let g = gen::journal(&cfg);
    let clock = FixedClock(gen::end_of(&cfg));
    let mut store = store_of(&g.batch, &clock);
    store
        .save_pathway(pathway("pw", "perfection_standard", "2026-05-01"))
        .expect("pathway");
    let a = analyze(&store, &AnalyzeOptions::default(), &clock).expect("analysis");
    let v = serde_json::to_value(&a).expect("json");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    let sorted = |xs: &[&str]| -> Vec<String> {
        let mut k: Vec<String> = xs.iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&v),
        sorted(&[
            "format",
            "version",
            "generated_at",
            "window",
            "enough_data",
            "missing",
            "totals",
            "patterns",
            "beliefs",
            "layers",
            "costs",
            "trend",
            "shifts",
            "pathways",
            "text_model"
        ])
    );
    assert_eq!(keys(&v["text_model"]), sorted(&["kind", "note"]));
    // `costs` comes right after `layers`, as the contract shows it.
    let text = serde_json::to_string(&a).expect("json");
    let at = |k: &str| text.find(&format!("\"{k}\":")).expect("key");
    assert!(at("layers") < at("costs") && at("costs") < at("trend"));
    assert_eq!(
        keys(&v["costs"]),
        sorted(&[
            "cognitive_friction",
            "emotional_volatility",
            "behavioural_leakage"
        ])
    );
    for k in ["cognitive_friction", "emotional_volatility"] {
        assert_eq!(keys(&v["costs"][k]), sorted(&["level", "basis", "weekly"]));
    }
    assert_eq!(
        keys(&v["costs"]["behavioural_leakage"]),
        sorted(&[
            "level",
            "basis",
            "delayed_starts",
            "incomplete_finishes",
            "strategic_inconsistency",
            "weekly"
        ])
    );
    assert_eq!(
        keys(&v["costs"]["cognitive_friction"]["weekly"][0]),
        sorted(&["week", "level"])
    );
    assert_eq!(
        v["costs"]["cognitive_friction"]["weekly"]
            .as_array()
            .expect("weeks")
            .len(),
        a.trend.len()
    );
    assert!(v["costs"]["emotional_volatility"]["level"].is_number());
    assert!(v["costs"]["behavioural_leakage"]["level"].is_number());
    assert_eq!(v["generated_at"], "2026-06-08T12:00:00Z");
    assert_eq!(keys(&v["window"]), sorted(&["from", "to", "days_logged"]));
    assert_eq!(
        keys(&v["totals"]),
        sorted(&[
            "events",
            "breaks",
            "completed",
            "skipped",
            "break_rate",
            "by_kind"
        ])
    );
    assert_eq!(
        keys(&v["totals"]["by_kind"]),
        sorted(&["delayed_start", "unfinished", "avoided", "switched"])
    );
    assert!(!a.patterns.is_empty() && !a.beliefs.is_empty());
    assert_eq!(
        keys(&v["patterns"][0]),
        sorted(&[
            "id",
            "dimension",
            "value",
            "description",
            "break_rate",
            "baseline_rate",
            "ci",
            "support",
            "weeks",
            "q_value",
            "tier",
            "event_ids"
        ])
    );
    assert_eq!(
        keys(&v["beliefs"][0]),
        sorted(&["belief_id", "confidence", "tier", "verdict", "evidence"])
    );
    assert_eq!(
        keys(&v["beliefs"][0]["evidence"]),
        sorted(&["patterns", "quotes", "breaks_matched", "event_ids"])
    );
    assert!(v["beliefs"][0]["verdict"].is_null());
    assert_eq!(a.beliefs[0].belief_id, "perfection_standard");
    // Without the sentence model a quote is a thought on a matched break that uses the
    // belief's markers: never a neutral one.
    assert_eq!(
        a.text_model.kind,
        plumbline_core::analyze::TextModelKind::Markers
    );
    let belief = catalog::belief("perfection_standard").expect("catalog belief");
    for q in &a.beliefs[0].evidence.quotes {
        assert!(
            marker_hits(&markers(&belief.markers), &tokenize(q)) > 0,
            "{q:?} supports nothing"
        );
    }
    assert_eq!(
        keys(&v["layers"]),
        sorted(&["belief", "thinking", "execution", "weakest", "basis"])
    );
    assert_eq!(
        keys(&v["layers"]["basis"]),
        sorted(&["belief", "thinking", "execution"])
    );
    assert_eq!(
        keys(&v["trend"][0]),
        sorted(&[
            "week",
            "events",
            "breaks",
            "break_rate",
            "alignment",
            "score"
        ])
    );
    assert_eq!(
        keys(&v["pathways"][0]),
        sorted(&["pathway_id", "status", "before", "after", "costs"])
    );
    // Deterministic: the same journal and now give the same document.
    let again = analyze(&store, &AnalyzeOptions::default(), &clock).expect("analysis");
    assert_eq!(
        serde_json::to_string(&again).expect("json"),
        serde_json::to_string(&a).expect("json")
    );
}

#[test]
fn the_window_restricts_and_rejects_an_empty_range() {
    let cfg = Config::null(5);
    let g = gen::journal(&cfg);
    let clock = FixedClock(gen::end_of(&cfg));
    let store = store_of(&g.batch, &clock);
    let opts = AnalyzeOptions {
        since: Some(date("2026-04-01")),
        until: Some(date("2026-04-30")),
    };
    let a = analyze(&store, &opts, &clock).expect("analysis");
    check_invariants(&a);
    assert_eq!(
        (a.window.from, a.window.to),
        (date("2026-04-01"), date("2026-04-30"))
    );
    let inside = g
        .batch
        .events
        .iter()
        .filter(|e| (date("2026-04-01")..=date("2026-04-30")).contains(&e.at.date_naive()))
        .count();
    assert_eq!(a.totals.events, inside);
    let bad = AnalyzeOptions {
        since: Some(date("2026-05-01")),
        until: Some(date("2026-04-01")),
    };
    let err = analyze(&store, &bad, &clock).expect_err("empty window");
    assert!(matches!(err, AnalyzeError::EmptyWindow { .. }));
    assert!(err.to_string().contains("2026-05-01"));
}

#[test]
fn reflections_and_checkins_feed_the_analysis() {
    let mut b = days_of(20, &[Kind::Completed, Kind::DelayedStart, Kind::Completed]);
    let tz = FixedOffset::east_opt(3600).expect("offset");
    for d in 0..20u32 {
        let day = date("2026-03-02") + Duration::days(i64::from(d));
        b.checkins
            .push(Checkin::new(day, if d < 10 { 4 } else { 2 }));
    }
    b.reflections.push(Reflection {
        id: "r1".into(),
        at: tz
            .from_local_datetime(&date("2026-03-05").and_hms_opt(21, 0, 0).expect("time"))
            .single()
            .expect("fixed"),
        prompt_id: None,
        title: None,
        text: "I worry people will judge the post.".into(),
        mood: None,
        tags: Vec::new(),
        starred: false,
        source: None,
    });
    let a = analyse_batch(&b, "2026-03-25T12:00:00+01:00");
    assert!(a.trend.iter().any(|w| w.alignment == Some(4.0)));
    assert!(a.layers.belief < 1.0);
}

// ---------------------------------------------------------------------------------------------
// The remembering analyzer

fn json(a: &Analysis) -> String {
    serde_json::to_string(a).expect("json")
}

#[test]
fn the_remembering_analyzer_matches_a_fresh_analysis_after_every_change() {
    let cfg = Config::planted(6, "undeserving", Strength::Strong);
    let g = gen::journal(&cfg);
    let clock = FixedClock(gen::end_of(&cfg));
    let mut store = store_of(&g.batch, &clock);
    let opts = AnalyzeOptions::default();
    let mut warm = Analyzer::new();
    let fresh = |store: &Store| analyze(store, &opts, &clock).expect("analysis");
    assert_eq!(
        json(&warm.analyze(&store, &opts, &clock).expect("a")),
        json(&fresh(&store))
    );

    // A new event (appended).
    let mut input = EventInput::new(
        at("2026-06-07T10:00:00+02:00"),
        Kind::Avoided,
        "Ask for a referral",
    );
    input.thought = Some("I'd feel like a fraud asking".into());
    input.tags = vec!["brand new tag".into()];
    let added = store.log_event(input, &clock).expect("log");
    let a = warm.analyze(&store, &opts, &clock).expect("a");
    assert_eq!(json(&a), json(&fresh(&store)));
    assert_eq!(a.totals.events, g.batch.events.len() + 1);

    // An edit of an old event, then a delete, then a check-in.
    let old = g.batch.events[10].clone();
    let mut changed = old.input();
    changed.kind = Kind::Switched;
    changed.task = "Something else entirely".into();
    store.edit_event(&old.id, changed, &clock).expect("edit");
    assert_eq!(
        json(&warm.analyze(&store, &opts, &clock).expect("a")),
        json(&fresh(&store))
    );
    store.delete_event(&added.id).expect("delete");
    assert_eq!(
        json(&warm.analyze(&store, &opts, &clock).expect("a")),
        json(&fresh(&store))
    );
    store
        .save_checkin(Checkin::new(date("2026-06-07"), 1), &clock)
        .expect("checkin");
    assert_eq!(
        json(&warm.analyze(&store, &opts, &clock).expect("a")),
        json(&fresh(&store))
    );
    // Nothing changed: the same document again.
    assert_eq!(
        json(&warm.analyze(&store, &opts, &clock).expect("a")),
        json(&fresh(&store))
    );
}

/// The journal's events up to `cut` (by time) imported at once; the rest arrive one by one
/// (in small batches later on), with verdicts, a pathway, a backdated event, a check-in, a
/// reflection, another window and a new day in between. After every change the analyzer that
/// keeps its sums gives exactly the fresh analysis, detail included; and plain appends never
/// make it start its sums over.
#[test]
fn the_kept_sums_give_the_fresh_analysis_after_every_append() {
    for cfg in [
        Config::planted(31, "visibility_risk", Strength::Strong),
        Config::planted(32, "consistency_trap", Strength::Weak),
        Config::null(33),
    ] {
        let mut g = gen::journal(&cfg);
        let clock = FixedClock(gen::end_of(&cfg));
        g.batch.events.sort_by_key(|e| e.at);
        let cut = g.batch.events.len() / 2;
        let rest = g.batch.events.split_off(cut);
        let cut_day = rest[0].at.date_naive();
        let (early, late): (Vec<Checkin>, Vec<Checkin>) =
            g.batch.checkins.drain(..).partition(|c| c.date < cut_day);
        g.batch.checkins = early;
        let mut store = store_of(&g.batch, &clock);
        let opts = AnalyzeOptions::default();
        let mut warm = Analyzer::new();
        let mut started = 0;
        let check = |store: &Store, warm: &mut Analyzer, clock: &FixedClock, what: &str| {
            let a = warm.analyze(store, &opts, clock).expect("kept");
            let f = analyze(store, &opts, clock).expect("fresh");
            assert_eq!(a, f, "seed {} after {what}", cfg.seed);
        };
        check(&store, &mut warm, &clock, "the import");
        let mut i = 0;
        let mut step = 0;
        while i < rest.len() {
            // One event at a time at first, then a few at once.
            let n = if step < 60 { 1 } else { 1 + step % 7 };
            for e in &rest[i..(i + n).min(rest.len())] {
                store.log_event(e.input(), &clock).expect("log");
            }
            i += n;
            step += 1;
            let side_change = match step {
                10 => {
                    let top = warm
                        .analyze(&store, &opts, &clock)
                        .expect("a")
                        .beliefs
                        .first()
                        .map_or("visibility_risk".to_string(), |b| b.belief_id.clone());
                    store
                        .set_verdict(&top, VerdictKind::Confirmed, clock.now(), Some(3))
                        .expect("verdict");
                    // A verdict changes no sums: the kept ones carry on.
                    false
                }
                20 => {
                    store
                        .save_pathway(Pathway {
                            id: "p1".into(),
                            belief_id: "visibility_risk".into(),
                            reframe: None,
                            next_action: Some("Post the draft as it is".into()),
                            cycle: None,
                            if_then: None,
                            started_on: cut_day,
                        })
                        .expect("pathway");
                    true
                }
                30 => {
                    let mut back = rest[0].input();
                    back.at -= Duration::days(20);
                    back.task = "A late entry for an old day".into();
                    store.log_event(back, &clock).expect("backdated");
                    true
                }
                40 => {
                    for c in &late {
                        store.save_checkin(c.clone(), &clock).expect("checkin");
                    }
                    true
                }
                50 => {
                    store
                        .add_reflection(
                            ReflectionInput::new(
                                rest[i.min(rest.len() - 1)].at,
                                "People will see every flaw if I post it",
                            ),
                            &clock,
                        )
                        .expect("reflection");
                    true
                }
                _ => false,
            };
            started += u64::from(side_change);
            check(&store, &mut warm, &clock, &format!("step {step}"));
        }
        // Nothing new, a moment later: the last analysis again, made then.
        let later = FixedClock(clock.now() + Duration::seconds(1));
        check(&store, &mut warm, &later, "nothing new");
        // Another window, then the default one again, then the next day.
        let since = AnalyzeOptions {
            since: Some(cut_day),
            until: None,
        };
        assert_eq!(
            warm.analyze(&store, &since, &clock).expect("kept"),
            analyze(&store, &since, &clock).expect("fresh")
        );
        check(&store, &mut warm, &clock, "another window");
        let tomorrow = FixedClock(clock.now() + Duration::days(1));
        check(&store, &mut warm, &tomorrow, "a new day");
        assert!(
            warm.tallies_started() <= 1 + started + 3,
            "seed {}: {} tallies for {started} changes that need one",
            cfg.seed,
            warm.tallies_started()
        );
    }
}

/// The whole-journal read can go through a second, read-only connection while the first one
/// goes on writing: what it wrote meanwhile is caught by the next catch-up (appends and
/// check-ins as such, an edit by reading again), and once caught up nothing is read again.
#[test]
fn a_reload_through_a_reader_misses_nothing_written_meanwhile() {
    let cfg = Config::planted(41, "visibility_risk", Strength::Strong);
    let g = gen::journal(&cfg);
    let clock = FixedClock(gen::end_of(&cfg));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("journal.plumbline");
    let mut store = Store::open(&path).expect("journal");
    store
        .apply_import(&g.batch, &meta(), &clock)
        .expect("import");
    let opts = AnalyzeOptions::default();
    let mut warm = Analyzer::new();

    let reload = warm
        .catch_up(&store)
        .expect("catch up")
        .expect("the first read is whole");
    // Meanwhile, through the first connection: an append and a check-in.
    let mut late = EventInput::new(gen::end_of(&cfg), Kind::Avoided, "Post the launch note");
    late.thought = Some("they will pick it apart".into());
    store.log_event(late, &clock).expect("log");
    store
        .save_checkin(Checkin::new(gen::end_of(&cfg).date_naive(), 2), &clock)
        .expect("checkin");
    let reader = Store::open_reader(&path).expect("reader");
    warm.reload(&reader, reload).expect("reload");
    drop(reader);
    // The append and the check-in come in as such: no second whole read.
    assert!(warm.catch_up(&store).expect("catch up").is_none());
    let a = warm.analyze_warm(&opts, clock.now()).expect("kept");
    assert_eq!(a, analyze(&store, &opts, &clock).expect("fresh"));
    assert_eq!(a.totals.events, g.batch.events.len() + 1);
    assert!(
        warm.catch_up(&store).expect("catch up").is_none(),
        "nothing changed"
    );

    // An edit asks for a whole read; one made while it is under way asks for another.
    let old = g.batch.events[3].clone();
    let mut changed = old.input();
    changed.kind = Kind::Completed;
    store.edit_event(&old.id, changed, &clock).expect("edit");
    let reload = warm
        .catch_up(&store)
        .expect("catch up")
        .expect("an edit is read whole");
    let mut again = old.input();
    again.task = "Renamed while the journal was being read".into();
    store.edit_event(&old.id, again, &clock).expect("edit");
    let reader = Store::open_reader(&path).expect("reader");
    warm.reload(&reader, reload).expect("reload");
    drop(reader);
    assert!(warm.catch_up(&store).expect("catch up").is_some());
    let a = warm.analyze(&store, &opts, &clock).expect("kept");
    assert_eq!(a, analyze(&store, &opts, &clock).expect("fresh"));

    // A file at another schema version is refused by the reader (the whole read then goes
    // through the first connection).
    let other = dir.path().join("other.plumbline");
    drop(Store::open(&other).expect("journal"));
    rusqlite::Connection::open(&other)
        .and_then(|c| c.execute_batch("PRAGMA user_version = 99"))
        .expect("bumped");
    assert!(Store::open_reader(&other).is_err());
}

// ---------------------------------------------------------------------------------------------
// Custom beliefs and properties over many seeds

#[test]
fn the_belief_head_reads_banks_it_was_not_fitted_on_better_than_prototypes_alone() {
    use plumbline_tests::argmax;
    let model = plumbline_tests::text_model();
    let with = plumbline_tests::catalog_prototypes(&[]);
    let without = with.clone().without_head();
    let (mut hits_with, mut hits_without, mut n) = (0, 0, 0);
    let mut s = Vec::new();
    let unseen: Vec<&str> = heldout::judging_banks().collect();
    assert!(unseen.len() >= 2, "{unseen:?}");
    for name in unseen {
        let bank = heldout::load_bank(name);
        for (class, id) in heldout::BELIEF_IDS.iter().enumerate() {
            for t in &bank.beliefs[*id].thoughts {
                let v = model.embed(t);
                with.shares(&v, &mut s);
                hits_with += usize::from(argmax(&s) == class);
                without.shares(&v, &mut s);
                hits_without += usize::from(argmax(&s) == class);
                n += 1;
            }
        }
    }
    let (a, b) = (hits_with as f64 / n as f64, hits_without as f64 / n as f64);
    // Measured when the head was fitted: 0.59 against 0.41 on fresh6 and fresh7.
    assert!(
        a >= b + 0.10,
        "with the head {a:.3}, prototypes alone {b:.3}"
    );
}

#[test]
fn a_custom_belief_keeps_the_share_its_own_words_give_it_under_the_head() {
    use plumbline_core::analyze::semantic::prototype_texts;
    let model = plumbline_tests::text_model();
    let markers = ["money", "family finances", "ask dad for a loan"].map(String::from);
    let statement = "Talking about money with my family brings shame";
    let money = prototype_texts("custom:money", statement, "", &markers);
    let with = plumbline_tests::catalog_prototypes(&[("custom:money".into(), money)]);
    let without = with.clone().without_head();
    let custom = catalog::builtin_belief_ids().len();
    let (mut p, mut q) = (Vec::new(), Vec::new());
    for t in [
        "couldn't bring myself to talk to mum about the money again",
        "skipped asking dad about the loan",
        "if I post this people will tear it apart",
    ] {
        let v = model.embed(t);
        with.shares(&v, &mut p);
        without.shares(&v, &mut q);
        assert!(
            (p[custom] - q[custom]).abs() < 1e-6,
            "{t}: {} vs {}",
            p[custom],
            q[custom]
        );
    }
    with.shares(&model.embed("skipped asking dad about the loan"), &mut p);
    assert!(p[custom] > 0.5, "{p:?}");
}

#[test]
fn a_custom_belief_is_linked_by_its_own_markers() {
    let cfg = Config::null(77);
    let mut g = gen::journal(&cfg);
    // The person's own belief: errands steal the day. Breaks on errands say so.
    for (i, e) in g.batch.events.iter_mut().enumerate() {
        if i % 4 == 0 {
            e.task = "Run the errands".into();
            if i % 8 == 0 {
                e.kind = Kind::Avoided;
                e.thought = Some("There is never any time left for errands".into());
            }
        }
    }
    let clock = FixedClock(gen::end_of(&cfg));
    let mut store = store_of(&g.batch, &clock);
    store
        .save_custom_belief(plumbline_core::domain::CustomBelief {
            id: "custom:errands".into(),
            statement: "Errands always eat my day".into(),
            markers: vec!["errand".into(), "time left".into()],
        })
        .expect("custom belief");
    let a = analyze(&store, &AnalyzeOptions::default(), &clock).expect("analysis");
    check_invariants(&a);
    let first = a.beliefs.first().expect("a link");
    assert_eq!(first.belief_id, "custom:errands");
    assert!(first.evidence.breaks_matched > 10);
    assert!(first.evidence.quotes[0].contains("errands"));
}

#[test]
fn any_generated_journal_gives_a_valid_analysis() {
    // Properties over many seeds and shapes: sparse and dense, short and long, any plant.
    for seed in 0..60u64 {
        let mut cfg = if seed % 3 == 0 {
            Config::null(seed)
        } else {
            Config::planted(seed, BELIEFS[(seed % 10) as usize], Strength::Weak)
        };
        cfg.days = 1 + (seed * 7 % 120) as u32;
        cfg.not_logged = (seed % 10) as f64 / 10.0;
        cfg.per_day = (0, 1 + (seed % 8) as u32);
        let (g, a) = run(&cfg);
        let counted = g.batch.events.len();
        assert_eq!(a.totals.events, counted, "seed {seed}");
        let days: std::collections::BTreeSet<NaiveDate> =
            g.batch.events.iter().map(|e| e.at.date_naive()).collect();
        assert_eq!(a.window.days_logged, days.len(), "seed {seed}");
        assert_eq!(a.enough_data, a.missing.is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluation on the held-out banks: wording written by someone who never saw the analyzer's
// markers, exemplars or outputs. The analyzer is tuned on the `tune` bank and on the older
// `report` bank (read while tuning); the `fresh` bank, written last and by other hands, is read
// here to measure it.

/// The instant every held-out journal is analysed at: the day after its last day.
fn heldout_now() -> Instant {
    let (y, m, d) = heldout::END_DATE;
    let end = NaiveDate::from_ymd_opt(y, m, d).expect("end date") + Duration::days(1);
    FixedOffset::east_opt(0)
        .expect("offset")
        .from_local_datetime(&end.and_hms_opt(12, 0, 0).expect("noon"))
        .single()
        .expect("fixed offset")
}

fn analyse_heldout(json: &str) -> Analysis {
    let batch = plumbline_core::interchange::journal::parse(json.as_bytes(), false)
        .expect("a held-out journal imports");
    let clock = FixedClock(heldout_now());
    let mut store = store_of(&batch, &clock);
    // As a person's journal is read: its texts embedded once and stored, then analysed with
    // the stored vectors. PLUMBLINE_EVAL_MARKERS=1 measures markers alone beside it.
    let a = if std::env::var_os("PLUMBLINE_EVAL_MARKERS").is_some() {
        analyze(&store, &AnalyzeOptions::default(), &clock)
    } else {
        let model = plumbline_tests::text_model();
        plumbline_core::app::vectors::backfill(&mut store, model, |_, _| {}).expect("vectors");
        analyze_with(&store, &AnalyzeOptions::default(), &clock, Ok(model))
    }
    .expect("analysis");
    check_invariants(&a);
    a
}

/// Hits out of journals, for one figure.
#[derive(Debug, Clone, Copy, Default)]
struct Rate {
    hits: usize,
    n: usize,
}

impl Rate {
    fn add(&mut self, hit: bool) {
        self.hits += usize::from(hit);
        self.n += 1;
    }
    fn rate(self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.hits as f64 / self.n as f64
        }
    }
    fn show(self) -> String {
        format!(
            "{:>3}/{:<3} {:>5.1}%",
            self.hits,
            self.n,
            self.rate() * 100.0
        )
    }
}

/// The figures of one ranker over one evaluation set.
#[derive(Debug, Clone, Default)]
struct Figures {
    first: Rate,
    top3: Rate,
    subtle_first: Rate,
    subtle_top3: Rate,
    two_primary_first: Rate,
    wrong_claims: Rate,
    null_claims: Rate,
    confounded_claims: Rate,
    null_patterns: Rate,
    confound_found: Rate,
    /// (confidence, right) of every listed link.
    links: Vec<(f64, bool)>,
    /// planted (single plants) → ranked first ("-" = nothing listed), counts.
    confusion: std::collections::BTreeMap<(String, String), usize>,
}

/// Rank figures for a ranked list of belief ids.
fn rank_figures(f: &mut Figures, labels: &heldout::Labels, ranked: &[&str]) {
    let pos = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| ranked.iter().position(|r| *r == id))
    };
    match labels.scenario.as_str() {
        "single" => {
            let r = pos(&labels.primary);
            if labels.subtle {
                f.subtle_first.add(r == Some(0));
                f.subtle_top3.add(r.is_some_and(|r| r < 3));
            } else {
                f.first.add(r == Some(0));
                f.top3.add(r.is_some_and(|r| r < 3));
            }
            let planted = labels.primary.clone().unwrap_or_default();
            let top = ranked.first().map_or("-", |s| *s).to_string();
            *f.confusion.entry((planted, top)).or_default() += 1;
        }
        "two" => f.two_primary_first.add(pos(&labels.primary) == Some(0)),
        _ => {}
    }
}

fn evaluate(bank_name: &str, n: usize) -> (Figures, Figures) {
    let bank = heldout::load_bank(bank_name);
    let (mut ours, mut base) = (Figures::default(), Figures::default());
    for (spec, seed) in heldout::evaluation_set(n) {
        let g = heldout::journal(&bank, &spec, seed);
        let a = analyse_heldout(&g.json);
        let l = &g.labels;
        let planted =
            |id: &str| l.primary.as_deref() == Some(id) || l.secondary.as_deref() == Some(id);
        let ranked: Vec<&str> = a.beliefs.iter().map(|b| b.belief_id.as_str()).collect();
        rank_figures(&mut ours, l, &ranked);
        if std::env::var_os("PLUMBLINE_EVAL_VERBOSE").is_some() {
            let shown: Vec<String> = a
                .beliefs
                .iter()
                .map(|b| format!("{} {:.3} {:?}", b.belief_id, b.confidence, b.tier))
                .collect();
            let patterns: Vec<String> = a
                .patterns
                .iter()
                .map(|p| format!("{} q={:.3} {}", p.id, p.q_value, p.description))
                .collect();
            eprintln!(
                "{bank_name} {} subtle={} planted={:?}/{:?}: {} | patterns: {}",
                l.scenario,
                l.subtle,
                l.primary,
                l.secondary,
                shown.join(", "),
                patterns.join("; ")
            );
        }
        let claims: Vec<&str> = a
            .beliefs
            .iter()
            .filter(|b| b.tier != BeliefTier::Emerging)
            .map(|b| b.belief_id.as_str())
            .collect();
        match l.scenario.as_str() {
            "single" | "two" => ours.wrong_claims.add(claims.iter().any(|c| !planted(c))),
            "null" => {
                ours.null_claims.add(!claims.is_empty());
                ours.null_patterns.add(!a.patterns.is_empty());
            }
            _ => {
                ours.confounded_claims.add(!claims.is_empty());
                let want = l.confound.as_deref().unwrap_or("");
                ours.confound_found
                    .add(a.patterns.iter().any(|p| p.id == want));
            }
        }
        ours.links.extend(
            a.beliefs
                .iter()
                .map(|b| (b.confidence, planted(&b.belief_id))),
        );
        let baseline = plumbline_tests::baseline::rank(&g.json);
        let ranked: Vec<&str> = baseline.iter().map(|(id, _)| id.as_str()).collect();
        rank_figures(&mut base, l, &ranked);
    }
    (ours, base)
}

fn table(bank: &str, ours: &Figures, base: &Figures) -> String {
    let mut out = format!("\nheld-out bank `{bank}`            analyzer            baseline\n");
    let mut row = |name: &str, a: Rate, b: Option<Rate>| {
        out.push_str(&format!(
            "{name:<32}{:<20}{}\n",
            a.show(),
            b.map_or("—".to_string(), Rate::show)
        ));
    };
    row("planted first (normal)", ours.first, Some(base.first));
    row("planted top three (normal)", ours.top3, Some(base.top3));
    row("subtle first", ours.subtle_first, Some(base.subtle_first));
    row("subtle top three", ours.subtle_top3, Some(base.subtle_top3));
    row(
        "two-belief primary first",
        ours.two_primary_first,
        Some(base.two_primary_first),
    );
    row("wrong likely/strong claims", ours.wrong_claims, None);
    row("null likely/strong claims", ours.null_claims, None);
    row("confounded likely/strong", ours.confounded_claims, None);
    row("null with any pattern", ours.null_patterns, None);
    row("confound pattern found", ours.confound_found, None);
    out.push_str(&format!(
        "ECE over {} listed links: {:.4}\n",
        ours.links.len(),
        expected_calibration_error(&ours.links)
    ));
    out.push_str("confusion (planted → ranked first, single plants, off-diagonal only):\n");
    for ((planted, top), n) in &ours.confusion {
        if planted != top {
            out.push_str(&format!("  {planted} → {top}: {n}\n"));
        }
    }
    let right: usize = ours
        .confusion
        .iter()
        .filter(|((p, t), _)| p == t)
        .map(|(_, n)| n)
        .sum();
    let all: usize = ours.confusion.values().sum();
    out.push_str(&format!("  diagonal: {right} of {all}\n"));
    out
}

#[test]
fn evaluation_on_the_held_out_banks() {
    // PLUMBLINE_EVAL_N=10 measures more journals per belief (slower, tighter figures).
    let n: usize = std::env::var("PLUMBLINE_EVAL_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
        .max(1);
    // PLUMBLINE_EVAL_TUNING=1: every bank the analyzer may be tuned on, and never the bank the
    // figures are reported on; PLUMBLINE_EVAL_BANKS=fresh6,fresh7 only those (the banks the
    // belief head was not fitted on are the ones that judge a change).
    if let Some(only) = std::env::var("PLUMBLINE_EVAL_BANKS")
        .ok()
        .or_else(|| std::env::var_os("PLUMBLINE_EVAL_TUNING").map(|_| String::new()))
    {
        let only: Vec<&str> = only
            .split(',')
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .collect();
        for bank in heldout::BANKS {
            if bank == heldout::REPORTING || !(only.is_empty() || only.contains(&bank)) {
                continue;
            }
            let (ours, base) = evaluate(bank, n);
            eprintln!("{}", table(bank, &ours, &base));
        }
        return;
    }
    let (tune, tune_base) = evaluate("tune", n);
    eprintln!("{}", table("tune", &tune, &tune_base));
    let (ours, base) = evaluate(heldout::REPORTING, n);
    eprintln!("{}", table(heldout::REPORTING, &ours, &base));
    let ece = expected_calibration_error(&ours.links);
    // Two kinds of bar. On journals that carry no belief: likely or strong claims, patterns,
    // and the real non-belief pattern found — asserted, failing when the journals show the
    // rate to be on the wrong side of its bar (see `above`). Ranking and calibration: how
    // often the planted belief comes first — printed against their targets, so a shortfall
    // shows in every run's output instead of passing silently.
    let mut missed: Vec<String> = Vec::new();
    let mut claims_missed: Vec<String> = Vec::new();
    let mut bar = |what: &str, ok: bool, got: f64| {
        if !ok {
            let line = format!("{what}: {got:.3}");
            // A wrong claim on a planted journal is one in 90 journals here: printed with the
            // ranking figures, since one journal more or less decides it at this size.
            if what.starts_with("null") || what.starts_with("confound") {
                claims_missed.push(line);
            } else {
                missed.push(line);
            }
        }
    };
    bar(
        "planted first >= 0.95",
        ours.first.rate() >= 0.95,
        ours.first.rate(),
    );
    bar(
        "planted top three >= 0.99",
        ours.top3.rate() >= 0.99,
        ours.top3.rate(),
    );
    bar(
        "subtle top three >= 0.95",
        ours.subtle_top3.rate() >= 0.95,
        ours.subtle_top3.rate(),
    );
    bar(
        "two-belief primary first >= 0.90",
        ours.two_primary_first.rate() >= 0.90,
        ours.two_primary_first.rate(),
    );
    bar(
        "wrong claims <= 0.01",
        ours.wrong_claims.rate() <= 0.01,
        ours.wrong_claims.rate(),
    );
    bar(
        "null claims <= 0.02",
        !above(ours.null_claims, 0.02),
        ours.null_claims.rate(),
    );
    bar(
        "confounded claims <= 0.02",
        !above(ours.confounded_claims, 0.02),
        ours.confounded_claims.rate(),
    );
    bar(
        "null any pattern <= 0.05",
        !above(ours.null_patterns, 0.05),
        ours.null_patterns.rate(),
    );
    bar(
        "confound found >= 0.90",
        !below(ours.confound_found, 0.90),
        ours.confound_found.rate(),
    );
    bar("ECE <= 0.05", ece <= 0.05, ece);
    for (what, a, b) in [
        ("first", ours.first, base.first),
        ("top three", ours.top3, base.top3),
        ("subtle top three", ours.subtle_top3, base.subtle_top3),
        (
            "two-belief primary first",
            ours.two_primary_first,
            base.two_primary_first,
        ),
    ] {
        bar(
            &format!("{what} not worse than the baseline ({})", b.show()),
            a.hits >= b.hits,
            a.rate(),
        );
    }
    bar(
        &format!(
            "subtle top three better than the baseline ({})",
            base.subtle_top3.show()
        ),
        ours.subtle_top3.hits > base.subtle_top3.hits || ours.subtle_top3.rate() >= 1.0,
        ours.subtle_top3.rate(),
    );
    if !missed.is_empty() {
        eprintln!(
            "ranking, calibration and wrong-claim targets not met on the {} bank: {missed:#?}",
            heldout::REPORTING
        );
    }
    assert!(
        claims_missed.is_empty(),
        "on journals that carry no belief, the analyzer claimed or missed: {claims_missed:#?}"
    );
}

/// The desktop's path with the sentence model: the kept analyzer embeds and stores each new
/// text once, reads stored vectors for the rest, and gives exactly the analysis a fresh read
/// of the stored vectors gives — after the first whole read, after appends with new and
/// repeated thoughts, and after a new reflection.
#[test]
fn the_kept_analyzer_with_the_text_model_matches_a_fresh_analysis() {
    use plumbline_core::app::analysis::{analyse, lock};
    use plumbline_core::app::vectors::ModelSlot;
    use std::sync::{Arc, Mutex};

    let cfg = Config::planted(23, "failure_exposure", Strength::Strong);
    let g = gen::journal(&cfg);
    let clock = FixedClock(gen::end_of(&cfg));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("journal.plumbline");
    let mut store = Store::open(&path).expect("journal");
    store
        .apply_import(&g.batch, &meta(), &clock)
        .expect("import");
    let model = Arc::new(
        plumbline_core::embed::Embedder::load(&plumbline_core::embed::repository_model())
            .expect("model"),
    );
    let slot = ModelSlot::with(Ok(Arc::clone(&model)));
    let journal = Mutex::new(store);
    let mut warm = Analyzer::new();
    let opts = AnalyzeOptions::default();
    let fresh = |journal: &Mutex<Store>| {
        let store = journal.lock().expect("journal");
        analyze_with(&store, &opts, &clock, Ok(&model)).expect("fresh")
    };

    // The first look embeds every text the import brought, once.
    let (first, _) = analyse(|| lock(&journal), &mut warm, &slot, clock.now()).expect("first");
    assert_eq!(
        first.text_model.kind,
        plumbline_core::analyze::TextModelKind::Embedding,
        "{:?}",
        first.text_model
    );
    assert_eq!(
        journal
            .lock()
            .expect("journal")
            .count_texts_without_vector(model.id())
            .expect("count"),
        0
    );
    assert_eq!(first, fresh(&journal));

    // Appends: a new thought, a repeated one, and a reflection.
    let thoughts = [
        "what if they see how little I know",
        "they will pick it apart",
    ];
    for (i, t) in thoughts.iter().chain(thoughts.iter()).enumerate() {
        let mut e = EventInput::new(gen::end_of(&cfg), Kind::Avoided, format!("Post note {i}"));
        e.thought = Some((*t).to_string());
        journal
            .lock()
            .expect("journal")
            .log_event(e, &clock)
            .expect("log");
        let (kept, _) = analyse(|| lock(&journal), &mut warm, &slot, clock.now()).expect("kept");
        assert_eq!(kept, fresh(&journal), "after append {i}");
    }
    journal
        .lock()
        .expect("journal")
        .add_reflection(
            ReflectionInput::new(
                gen::end_of(&cfg),
                "Showing unfinished work feels like exposure",
            ),
            &clock,
        )
        .expect("reflect");
    let (kept, _) = analyse(|| lock(&journal), &mut warm, &slot, clock.now()).expect("kept");
    assert_eq!(kept, fresh(&journal), "after a reflection");
    assert_eq!(warm.texts_without_vectors(), Vec::<String>::new());
}
