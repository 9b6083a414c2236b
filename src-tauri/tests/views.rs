//! The Journal, Insights and Trends commands through Tauri's IPC, with the app's real
//! configuration and capabilities, a mock runtime, a temporary journal and a fixed clock.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate};
use plumbline_core::analyze::{analyze, AnalyzeOptions, BeliefTier};
use plumbline_core::interchange::ImportMeta;
use plumbline_core::store::{HitSource, Query, TextHit};
use plumbline_core::{EventInput, Kind, Store, VerdictKind};
use plumbline_desktop::insights::{InsightsView, TrendsView};
use plumbline_desktop::journal::{JournalPage, PAGE_DAYS};
use serde_json::{json, Value};

mod common;

use common::{app_at, clock, App, NOW};

/// The app on a journal that `fill` prepared.
fn app_with(fill: impl FnOnce(&mut Store)) -> App {
    app_at("journal.plumbline", fill)
}

/// 120 days of the demo journal, ending the day before `NOW`.
fn demo(store: &mut Store) {
    let c = clock();
    let yesterday = NaiveDate::from_ymd_opt(2026, 11, 19).expect("date");
    let batch = plumbline_core::demo::generate(120, 7, yesterday, *c.0.offset());
    let meta = ImportMeta {
        format: "demo".into(),
        file: None,
        dry_run: false,
    };
    store.apply_import(&batch, &meta, &c).expect("demo imports");
}

// ---------------------------------------------------------------------------------------------
// Insights

#[test]
fn insights_on_a_young_journal_say_what_to_log_next_and_claim_nothing() {
    let app = app_with(|store| {
        let c = clock();
        for (hour, kind) in [(9, Kind::Completed), (11, Kind::DelayedStart)] {
            let at = DateTime::parse_from_rfc3339(&format!("2026-11-20T{hour:02}:00:00+01:00"))
                .expect("instant");
            store
                .log_event(EventInput::new(at, kind, "Write the newsletter"), &c)
                .expect("event");
        }
    });
    let view: InsightsView = app.call("insights", json!({}));
    assert!(!view.enough_data);
    assert!(view.patterns.is_empty());
    assert!(view.beliefs.is_empty());
    assert_eq!(view.layers, None, "no layer reading without enough data");
    assert_eq!(view.totals.events, 2);
    assert_eq!(view.window.days_logged, 1);
    assert!(!view.missing.is_empty());
    assert!(
        view.missing.iter().any(|m| m.contains("13 more days")),
        "{:?}",
        view.missing
    );

    // An empty journal is just as honest.
    let empty = app_with(|_| {});
    let view: InsightsView = empty.call("insights", json!({}));
    assert!(!view.enough_data);
    assert_eq!(view.totals.events, 0);
    assert!(view.missing.iter().any(|m| m.contains("completed")));
    let trends: TrendsView = empty.call("trends", json!({}));
    assert!(trends.weeks.is_empty());
    assert!(trends.shifts.is_empty());
}

#[test]
fn insights_on_the_demo_journal_show_patterns_and_probable_beliefs() {
    let app = app_with(demo);
    let view: InsightsView = app.call("insights", json!({}));
    assert!(view.enough_data, "{:?}", view.missing);
    assert!(view.missing.is_empty());
    assert!(!view.patterns.is_empty());
    for p in &view.patterns {
        assert!(p.breaks <= p.support && p.breaks > 0, "{p:?}");
        let rate = p.breaks as f64 / p.support as f64;
        assert!((rate - p.break_rate).abs() < 0.001, "{p:?}");
        assert!(p.ci[0] <= p.break_rate && p.break_rate <= p.ci[1], "{p:?}");
        assert!(!p.description.ends_with(')'), "{}", p.description);
        assert!(p.weeks > 0);
    }
    assert!(!view.beliefs.is_empty());
    let catalog = app.store().beliefs().expect("beliefs");
    for b in &view.beliefs {
        let known = catalog
            .iter()
            .find(|c| c.id == b.belief_id)
            .expect("a known belief");
        assert_eq!(b.statement, known.statement);
        assert!(b.quotes.len() <= 3);
        assert!((0.0..=1.0).contains(&b.confidence));
        assert_eq!(b.verdict, None);
        for p in &b.patterns {
            assert!(!p.description.is_empty());
        }
    }
    assert!(view
        .beliefs
        .windows(2)
        .all(|w| w[0].confidence >= w[1].confidence));
    assert!(
        view.beliefs.iter().any(|b| b.tier != BeliefTier::Emerging),
        "the demo's planted belief reaches at least likely"
    );
    let layers = view.layers.expect("layers with enough data");
    for x in [layers.belief, layers.thinking, layers.execution] {
        assert!((0.0..=1.0).contains(&x));
    }
}

#[test]
fn a_verdict_is_stored_with_its_evidence_and_changes_the_list() {
    let app = app_with(demo);
    let view: InsightsView = app.call("insights", json!({}));
    let top = view.beliefs[0].clone();
    let expected = analyze(&app.store(), &AnalyzeOptions::default(), &clock())
        .expect("analysis")
        .detail
        .breaks_matched(&top.belief_id)
        .expect("evidence with enough data");

    // Confirm: stored with the breaks matched now; the link stays, marked confirmed.
    let after: InsightsView = app.call(
        "set_verdict",
        json!({ "beliefId": top.belief_id, "verdict": "confirmed" }),
    );
    let link = after
        .beliefs
        .iter()
        .find(|b| b.belief_id == top.belief_id)
        .expect("a confirmed link stays listed");
    assert_eq!(link.verdict, Some(VerdictKind::Confirmed));
    let stored = app.store().verdicts().expect("verdicts");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].0.belief_id, top.belief_id);
    assert_eq!(stored[0].0.verdict, VerdictKind::Confirmed);
    assert_eq!(stored[0].1, Some(u32::try_from(expected).expect("small")));
    assert_eq!(stored[0].0.at.to_rfc3339(), NOW);

    // Reject: on the same evidence it is not listed again.
    let after: InsightsView = app.call(
        "set_verdict",
        json!({ "beliefId": top.belief_id, "verdict": "rejected" }),
    );
    assert!(after.beliefs.iter().all(|b| b.belief_id != top.belief_id));
    assert_eq!(
        app.store().verdicts().expect("verdicts")[0].0.verdict,
        VerdictKind::Rejected
    );

    // Taking the verdict back lists it again, without a verdict.
    let after: InsightsView = app.call(
        "set_verdict",
        json!({ "beliefId": top.belief_id, "verdict": null }),
    );
    let link = after
        .beliefs
        .iter()
        .find(|b| b.belief_id == top.belief_id)
        .expect("listed again");
    assert_eq!(link.verdict, None);
    assert!(app.store().verdicts().expect("verdicts").is_empty());

    // Bad input is refused and changes nothing.
    let err = app.refused(
        "set_verdict",
        json!({ "beliefId": top.belief_id, "verdict": "maybe" }),
    );
    assert_eq!(err.field.as_deref(), Some("verdict"));
    let err = app.refused(
        "set_verdict",
        json!({ "beliefId": "no_such_belief", "verdict": "confirmed" }),
    );
    assert!(err.message.contains("no_such_belief"), "{}", err.message);
    assert!(app.store().verdicts().expect("verdicts").is_empty());
}

#[test]
fn insights_follow_new_events_logged_in_the_app() {
    let app = app_with(demo);
    let before: InsightsView = app.call("insights", json!({}));
    let _: Value = app.call(
        "log_event",
        json!({ "input": { "kind": "avoided", "task": "Send the pitch", "time": "20:00" } }),
    );
    let after: InsightsView = app.call("insights", json!({}));
    assert_eq!(after.totals.events, before.totals.events + 1);
    assert_eq!(
        after.totals.by_kind.avoided,
        before.totals.by_kind.avoided + 1
    );
    // The same as analysing the whole journal afresh.
    let fresh = analyze(&app.store(), &AnalyzeOptions::default(), &clock()).expect("analysis");
    assert_eq!(after.totals, fresh.totals);
    assert_eq!(
        after.patterns.iter().map(|p| &p.id).collect::<Vec<_>>(),
        fresh.patterns.iter().map(|p| &p.id).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------------
// Trends

#[test]
fn trends_carry_the_counts_behind_each_weekly_rate() {
    let app = app_with(demo);
    let t: TrendsView = app.call("trends", json!({}));
    assert!(t.enough_data);
    assert!(t.weeks.len() >= 17, "120 days span at least 17 weeks");
    assert!(t.weeks.windows(2).all(|w| w[0].monday < w[1].monday));
    let checkins = app.store().checkins(&Query::default()).expect("checkins");
    let mut counted = 0;
    for w in &t.weeks {
        assert_eq!(
            w.monday.format("%G-W%V").to_string(),
            w.week,
            "the Monday is in its week"
        );
        let by_kind = w.by_kind;
        assert_eq!(
            by_kind.delayed_start + by_kind.unfinished + by_kind.avoided + by_kind.switched,
            w.breaks
        );
        assert!(w.breaks + w.completed <= w.events);
        match w.break_rate {
            Some(r) => {
                let exact = w.breaks as f64 / (w.breaks + w.completed) as f64;
                assert!((r - exact).abs() < 0.001, "{w:?}");
            }
            None => assert_eq!(w.breaks + w.completed, 0),
        }
        assert_eq!(w.alignment.is_some(), w.checkins > 0, "{w:?}");
        counted += w.checkins;
    }
    assert_eq!(counted, checkins.len());
    for s in &t.shifts {
        assert!(s.series == "break_rate" || s.series == "alignment");
        assert!(t.window.from <= s.date && s.date <= t.window.to);
    }
}

// ---------------------------------------------------------------------------------------------
// Journal

#[test]
fn the_journal_pages_through_past_days_newest_first() {
    let app = app_with(demo);
    let store = app.store();
    let mut seen: Vec<NaiveDate> = Vec::new();
    let mut before: Option<NaiveDate> = None;
    let mut pages = 0;
    loop {
        let page: JournalPage = app.call(
            "journal",
            json!({ "before": before.map(|d| d.to_string()) }),
        );
        pages += 1;
        assert!(page.days.len() <= PAGE_DAYS);
        for d in &page.days {
            assert!(
                d.checkin.is_some() || !d.events.is_empty() || !d.reflections.is_empty(),
                "{} has nothing to show",
                d.date
            );
            assert!(d.events.iter().all(|e| e.at.date_naive() == d.date));
            assert!(d.events.windows(2).all(|w| w[0].at <= w[1].at));
            assert!(d.reflections.iter().all(|r| r.at.date_naive() == d.date));
            assert_eq!(d.checkin, store.checkin(d.date).expect("checkin"));
            assert_eq!(
                d.events.len(),
                store.events(&Query::on(d.date)).expect("events").len()
            );
        }
        seen.extend(page.days.iter().map(|d| d.date));
        match page.older {
            Some(d) => {
                assert_eq!(Some(&d), seen.last());
                before = Some(d);
            }
            None => break,
        }
        assert!(pages < 50, "paging ends");
    }
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats"
    );
    let all: BTreeSet<NaiveDate> = store
        .events(&Query::default())
        .expect("events")
        .iter()
        .map(|e| e.at.date_naive())
        .chain(
            store
                .checkins(&Query::default())
                .expect("checkins")
                .iter()
                .map(|c| c.date),
        )
        .collect();
    assert!(all.iter().all(|d| seen.contains(d)));
    assert!(pages > 1);

    let small: JournalPage = app.call("journal", json!({ "days": 3 }));
    assert_eq!(small.days.len(), 3);
    assert_eq!(small.older, Some(small.days[2].date));

    let err = app.refused("journal", json!({ "before": "yesterday" }));
    assert_eq!(err.field.as_deref(), Some("before"));
    let err = app.refused("journal", json!({ "days": 0 }));
    assert_eq!(err.field.as_deref(), Some("days"));

    let empty = app_with(|_| {});
    let page: JournalPage = empty.call("journal", json!({}));
    assert!(page.days.is_empty());
    assert_eq!(page.older, None);
}

#[test]
fn search_finds_the_persons_words() {
    let app = app_with(demo);
    let store = app.store();
    let reflection = store
        .reflections(&Query::default())
        .expect("reflections")
        .pop()
        .expect("the demo has reflections");
    let words: String = reflection
        .text
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let hits: Vec<TextHit> = app.call("search_journal", json!({ "words": words }));
    assert!(
        hits.iter()
            .any(|h| h.id == reflection.id && h.source == HitSource::Reflection),
        "{words:?} finds its reflection"
    );
    assert!(hits.windows(2).all(|w| w[0].at >= w[1].at));
    let none: Vec<TextHit> = app.call("search_journal", json!({ "words": "  " }));
    assert!(none.is_empty());
    let err = app.refused("search_journal", json!({ "words": "x".repeat(201) }));
    assert_eq!(err.field.as_deref(), Some("words"));
}
