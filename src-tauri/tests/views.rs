//! The Journal, Insights, Realign and Trends commands through Tauri's IPC, with the app's real
//! configuration and capabilities, a mock runtime, a temporary journal and a fixed clock.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate};
use plumbline_core::analyze::days::{DaysPicture, Range};
use plumbline_core::analyze::{analyze, AnalyzeOptions, PathwayStatus};
use plumbline_core::app::insights::InsightsView;
use plumbline_core::app::journal_page::{JournalPage, PAGE_DAYS};
use plumbline_core::app::realign::RealignView;
use plumbline_core::app::trends::TrendsView;
use plumbline_core::store::{HitType, Query, SearchHit};
use plumbline_core::{EventInput, Kind, Store, VerdictKind};
use plumbline_desktop::realign::Removed;
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
    plumbline_core::demo::fill(store, 120, 7, yesterday, &c).expect("demo imports");
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
    // The demo plants visibility_risk. Its thoughts carry the belief's words only now and then,
    // so the link leads without reaching `likely`: a claim needs text that points at it more
    // than at its neighbours.
    assert_eq!(
        view.beliefs[0].belief_id, "visibility_risk",
        "the demo's planted belief leads"
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
fn the_cli_and_the_desktop_record_identical_verdict_evidence() {
    use plumbline_cli::{catalog::VerdictArgs, run_command, Command};
    let analysis =
        |store: &Store| analyze(store, &AnalyzeOptions::default(), &clock()).expect("analysis");
    // A belief the analysis lists and one it does not: both carry the breaks matched now.
    let listed = analysis(&{
        let app = app_with(demo);
        app.store()
    })
    .beliefs[0]
        .belief_id
        .clone();
    for belief in [listed.as_str(), "belonging_loss"] {
        let desktop = app_with(demo);
        let _: InsightsView = desktop.call(
            "set_verdict",
            json!({ "beliefId": belief, "verdict": "rejected" }),
        );
        let cli = app_with(demo);
        let mut store = cli.store();
        let expected = analysis(&store).detail.breaks_matched(belief);
        let args = VerdictArgs {
            belief_id: belief.to_string(),
            verdict: "rejected".to_string(),
            at: Some(NOW.to_string()),
        };
        let mut out = Vec::new();
        run_command(&mut store, &clock(), &Command::Verdict(args), &mut out).expect("verdict");
        let from_cli = cli.store().verdicts().expect("verdicts");
        let from_desktop = desktop.store().verdicts().expect("verdicts");
        assert_eq!(from_cli, from_desktop, "{belief}");
        assert_eq!(from_cli.len(), 1);
        assert!(expected.is_some());
        assert_eq!(
            from_cli[0].1,
            expected.map(|n| u32::try_from(n).expect("small"))
        );
    }
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

// ---------------------------------------------------------------------------------------------
// Realign

fn pathway_form(belief: &str, next_action: &str, started_on: &str) -> Value {
    json!({
        "belief_id": belief,
        "reframe": "Feedback on a draft is information, not a verdict.",
        "next_action": next_action,
        "cycle": "Tuesdays 10:00, drafting capped at 45 min",
        "if_then": "",
        "started_on": started_on,
    })
}

#[test]
fn realign_offers_confirmed_beliefs_first_and_measures_a_new_pathway() {
    let app = app_with(demo);
    let insights: InsightsView = app.call("insights", json!({}));
    let top = insights.beliefs[0].belief_id.clone();
    let _: InsightsView = app.call(
        "set_verdict",
        json!({ "beliefId": top, "verdict": "confirmed" }),
    );
    let view: RealignView = app.call("realign", json!({}));
    assert_eq!(view.today.to_string(), "2026-11-20");
    assert!(view.pathways.is_empty());
    // Confirmed first, then the probable links (most probable first), then the rest.
    assert_eq!(view.beliefs[0].id, top);
    assert_eq!(view.beliefs[0].standing, "confirmed");
    assert_eq!(view.preselect.as_deref(), Some(top.as_str()));
    let standings: Vec<&str> = view.beliefs.iter().map(|b| b.standing.as_str()).collect();
    let mut sorted = standings.clone();
    sorted.sort_by_key(|s| {
        ["confirmed", "probable", "other"]
            .iter()
            .position(|x| x == s)
    });
    assert_eq!(standings, sorted);
    let probable: Vec<f64> = view
        .beliefs
        .iter()
        .filter(|b| b.standing == "probable")
        .filter_map(|b| b.confidence)
        .collect();
    assert!(probable.windows(2).all(|w| w[0] >= w[1]), "{probable:?}");
    assert_eq!(
        view.beliefs.len(),
        plumbline_core::catalog::builtin_beliefs().len()
    );
    assert!(view.beliefs.iter().all(|b| b.suggested_reframe.is_some()));

    // A pathway started 60 days ago: its effect compares the breaks on its slice before and
    // since, with the counts behind each rate.
    let view: RealignView = app.call(
        "save_pathway",
        json!({ "id": null, "input": pathway_form(&top, "Post the draft to three friends", "2026-09-21") }),
    );
    assert_eq!(view.pathways.len(), 1);
    let p = &view.pathways[0];
    assert_eq!(p.days_running, 60);
    assert_eq!(p.pathway.belief_id, top);
    assert_eq!(p.pathway.if_then, None, "an empty field is absent");
    assert_eq!(p.statement, view.beliefs[0].statement);
    let (before, since) = (
        p.before.as_ref().expect("breaks before"),
        p.since.as_ref().expect("breaks since"),
    );
    assert!(before.events > 0 && since.events > 0);
    assert!(before.ci[0] <= before.break_rate && before.break_rate <= before.ci[1]);
    let exact = before.breaks as f64 / before.events as f64;
    assert!((exact - before.break_rate).abs() <= 0.0005, "{before:?}");
    assert_ne!(
        p.status,
        PathwayStatus::TooEarly,
        "60 days and enough events on each side"
    );

    // Changing it keeps its id.
    let id = p.pathway.id.clone();
    let view: RealignView = app.call(
        "save_pathway",
        json!({ "id": id, "input": pathway_form(&top, "Post one paragraph", "2026-09-21") }),
    );
    assert_eq!(view.pathways.len(), 1);
    assert_eq!(view.pathways[0].pathway.id, id);
    assert_eq!(
        view.pathways[0].pathway.next_action.as_deref(),
        Some("Post one paragraph")
    );
}

#[test]
fn a_pathway_without_a_next_step_or_belief_is_refused_and_nothing_is_saved() {
    let app = app_with(demo);
    let err = app.refused(
        "save_pathway",
        json!({ "id": null, "input": pathway_form("visibility_risk", "  ", "2026-11-20") }),
    );
    assert_eq!(err.field.as_deref(), Some("next_action"));
    assert_eq!(
        err.message,
        "Next action: write the smallest next step, one you could take today."
    );
    let err = app.refused(
        "save_pathway",
        json!({ "id": null, "input": pathway_form("custom:nope", "Open the draft", "2026-11-20") }),
    );
    assert_eq!(err.field.as_deref(), Some("belief_id"));
    assert!(err.message.starts_with("Belief"), "{}", err.message);
    let err = app.refused(
        "save_pathway",
        json!({ "id": "gone", "input": pathway_form("visibility_risk", "Open the draft", "2026-11-20") }),
    );
    assert!(err.message.contains("gone"), "{}", err.message);
    let mut bad_date = pathway_form("visibility_risk", "Open the draft", "next week");
    bad_date["started_on"] = json!("next week");
    let err = app.refused("save_pathway", json!({ "id": null, "input": bad_date }));
    assert_eq!(err.field.as_deref(), Some("started_on"));
    assert_eq!(
        err.message,
        "Start date: \"next week\" is not a date; write it as YYYY-MM-DD."
    );
    assert!(app.store().pathways().expect("pathways").is_empty());
}

#[test]
fn removing_a_pathway_takes_its_reminders_and_undo_brings_both_back() {
    let app = app_with(demo);
    let view: RealignView = app.call(
        "save_pathway",
        json!({ "id": null, "input": pathway_form("visibility_risk", "Open the draft", "2026-11-20") }),
    );
    let id = view.pathways[0].pathway.id.clone();
    let _: Value = app.call(
        "add_reminder",
        json!({ "input": { "at": "09:30", "days": ["tue"], "purpose": "pathway", "pathway_id": id } }),
    );
    let view: RealignView = app.call("realign", json!({}));
    assert_eq!(view.pathways[0].reminders.len(), 1);
    let reminder = view.pathways[0].reminders[0].clone();

    let removed: Removed = app.call("remove_pathway", json!({ "id": id }));
    assert!(removed.view.pathways.is_empty());
    assert_eq!(removed.reminders, vec![reminder.clone()]);
    assert!(app.store().reminders().expect("reminders").is_empty());

    let view: RealignView = app.call(
        "restore_pathway",
        json!({ "pathway": removed.pathway, "reminders": removed.reminders }),
    );
    assert_eq!(view.pathways.len(), 1);
    assert_eq!(view.pathways[0].pathway.id, id);
    assert_eq!(view.pathways[0].reminders, vec![reminder]);
    let err = app.refused("remove_pathway", json!({ "id": "no-such-pathway" }));
    assert!(err.message.contains("no-such-pathway"), "{}", err.message);
}

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
    assert!(t.pathways.is_empty());
    // Given the window's range, only the weeks it draws.
    let month: TrendsView = app.call("trends", json!({ "range": "four_weeks" }));
    assert!(
        (5..=7).contains(&month.weeks.len()),
        "{}",
        month.weeks.len()
    );
    assert_eq!(month.weeks, t.weeks[t.weeks.len() - month.weeks.len()..]);
    let all: TrendsView = app.call("trends", json!({ "range": "all" }));
    assert_eq!(all, t);
    let err = app.refused("trends", json!({ "range": "decade" }));
    assert!(err.message.contains("decade"), "{}", err.message);

    // Pathways that began within the weeks shown are marked, oldest first; one that begins
    // after today is not.
    for (next, start) in [
        ("Post one paragraph", "2026-10-20"),
        ("Send the draft as it is", "2026-09-01"),
        ("Not begun", "2026-12-15"),
    ] {
        let _: RealignView = app.call(
            "save_pathway",
            json!({ "id": null, "input": pathway_form("visibility_risk", next, start) }),
        );
    }
    let t: TrendsView = app.call("trends", json!({}));
    let marks: Vec<(String, Option<String>)> = t
        .pathways
        .iter()
        .map(|p| (p.started_on.to_string(), p.next_action.clone()))
        .collect();
    assert_eq!(
        marks,
        [
            (
                "2026-09-01".to_string(),
                Some("Send the draft as it is".to_string())
            ),
            (
                "2026-10-20".to_string(),
                Some("Post one paragraph".to_string())
            ),
        ]
    );
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
    let hits: Vec<SearchHit> = app.call("search_journal", json!({ "words": words }));
    assert!(
        hits.iter()
            .any(|h| h.id == reflection.id && h.kind_of_record == HitType::Reflection),
        "{words:?} finds its reflection"
    );
    let only: Vec<SearchHit> = app.call(
        "search_journal",
        json!({ "words": words, "filters": { "kind": "checkin" } }),
    );
    assert!(only.iter().all(|h| h.kind_of_record == HitType::Checkin));
    let none: Vec<SearchHit> = app.call("search_journal", json!({ "words": "  " }));
    assert!(none.is_empty());
    let err = app.refused("search_journal", json!({ "words": "x".repeat(201) }));
    assert_eq!(err.field.as_deref(), Some("words"));
    let err = app.refused(
        "search_journal",
        json!({ "words": "x", "filters": { "since": "last week" } }),
    );
    assert_eq!(err.field.as_deref(), Some("since"));
}

// ---------------------------------------------------------------------------------------------
// Trends, day by day

#[test]
fn the_days_picture_covers_the_range_asked_for() {
    let app = app_with(demo);
    let year: DaysPicture = app.call("days_picture", json!({}));
    assert_eq!(
        year.range,
        Range::Year,
        "a year when the window does not say"
    );
    assert_eq!(year.days.len(), 364);
    let weeks: DaysPicture = app.call("days_picture", json!({ "range": "four_weeks" }));
    assert_eq!(weeks.days.len(), 28);
    assert_eq!(
        weeks.to,
        NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
    );
    assert!(weeks.days.iter().filter(|d| d.logged).count() > 20);
    assert!(weeks
        .days
        .iter()
        .any(|d| d.energy.is_some() && d.mood.is_some()));
    let breaks: u32 = weeks.cells.iter().map(|c| c.breaks).sum();
    assert_eq!(breaks, weeks.days.iter().map(|d| d.breaks).sum::<u32>());
    let all: DaysPicture = app.call("days_picture", json!({ "range": "all" }));
    assert_eq!(all.days.len(), 121, "from the first entry to today");
    let err = app.refused("days_picture", json!({ "range": "decade" }));
    assert_eq!(err.field.as_deref(), Some("range"));
}

// ---------------------------------------------------------------------------------------------
// First run and the demo journal

#[test]
fn the_first_run_offers_a_demo_beside_the_journal_and_one_click_back() {
    use plumbline_core::app::today::TodayView;
    use plumbline_core::app::welcome::JournalState;
    let app = app_with(|_| {});
    let s: JournalState = app.call("journal_state", json!({}));
    assert!(s.welcome && s.empty && !s.demo);
    let realign: RealignView = app.call("realign", json!({}));
    assert_eq!(
        realign.preselect, None,
        "no belief is chosen without evidence"
    );
    assert!(!realign.beliefs.is_empty());

    let s: JournalState = app.call("open_demo", json!({}));
    assert!(s.demo && !s.empty && !s.welcome);
    let insights: InsightsView = app.call("insights", json!({}));
    assert!(
        insights.enough_data,
        "the demo is a journal worth exploring"
    );
    let demo_file = app.journal.with_file_name("demo.plumbline");
    assert!(demo_file.exists(), "the demo is a file of its own");

    let s: JournalState = app.call("close_demo", json!({}));
    assert!(
        !s.demo && s.empty && s.welcome,
        "back on the person's own, untouched"
    );
    let today: TodayView = app.call("today", json!({}));
    assert!(today.events.is_empty());
    let insights: InsightsView = app.call("insights", json!({}));
    assert_eq!(insights.totals.events, 0, "the analyzer forgot the demo");

    let s: JournalState = app.call("start_journal", json!({}));
    assert!(!s.welcome);
    let s: JournalState = app.call("journal_state", json!({}));
    assert!(!s.welcome, "started once, not shown again");
}
