//! `plumbline reminders …`: the command group run through the library in a fixed time zone, on
//! a journal file in a temporary directory.

use chrono_tz::Europe::Berlin;
use clap::Parser;
use plumbline_cli::reminders::{run_in, RemindersArgs};
use plumbline_cli::CliError;
use plumbline_core::reminders::{Purpose, Reminder};
use plumbline_core::store::Store;
use plumbline_core::{parse_date, parse_instant, Checkin, FixedClock, Pathway};
use serde_json::Value;

#[derive(Parser)]
#[command(name = "reminders")]
struct Top {
    #[command(flatten)]
    args: RemindersArgs,
}

struct Journal {
    _dir: tempfile::TempDir,
    store: Store,
    clock: FixedClock,
}

impl Journal {
    fn new() -> Journal {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("journal.plumbline")).expect("new journal");
        Journal {
            _dir: dir,
            store,
            clock: FixedClock(parse_instant("2026-11-24T09:00:00+01:00").expect("instant")),
        }
    }

    /// Runs `reminders <args>` in Europe/Berlin; stdout on success, the error otherwise.
    fn run(&mut self, args: &[&str]) -> Result<String, CliError> {
        let argv = std::iter::once("reminders").chain(args.iter().copied());
        let top = Top::try_parse_from(argv).map_err(|e| CliError::Usage(e.to_string()))?;
        let mut out = Vec::new();
        run_in(&mut self.store, &self.clock, &Berlin, &top.args, &mut out)?;
        Ok(String::from_utf8(out).expect("UTF-8 output"))
    }

    fn ok(&mut self, args: &[&str]) -> String {
        match self.run(args) {
            Ok(s) => s,
            Err(e) => panic!("reminders {args:?} failed: {e}"),
        }
    }

    fn json(&mut self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON on stdout")
    }

    fn add(&mut self, args: &[&str]) -> String {
        let mut all = vec!["add"];
        all.extend_from_slice(args);
        self.ok(&all).trim().to_string()
    }

    fn reminders(&self) -> Vec<Reminder> {
        self.store.reminders().expect("reminders")
    }

    fn pathway(&mut self, id: &str, next_action: &str) {
        self.store
            .save_pathway(Pathway {
                id: id.into(),
                belief_id: "visibility_risk".into(),
                reframe: None,
                next_action: Some(next_action.into()),
                cycle: Some("Publish Tuesdays 10:00".into()),
                if_then: None,
                started_on: parse_date("2026-11-22").expect("date"),
            })
            .expect("pathway saved");
    }
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

#[test]
fn add_prints_the_id_and_list_shows_it() {
    let mut j = Journal::new();
    let a = j.add(&["--at", "21:00", "--days", "mon,thu"]);
    let b = j.add(&["--at", "07:30", "--purpose", "checkin"]);
    assert!(!a.is_empty() && a != b);
    let list = j.json(&["list", "--json"]);
    let items = list.as_array().expect("array");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], b.as_str());
    assert_eq!(items[0]["at"], "07:30");
    assert_eq!(items[0]["purpose"], "checkin");
    assert_eq!(items[0]["days"].as_array().expect("days").len(), 7);
    assert_eq!(items[1]["id"], a.as_str());
    assert_eq!(
        items[1]["purpose"], "reflection",
        "reflection is the default purpose"
    );
    assert_eq!(items[1]["days"], serde_json::json!(["mon", "thu"]));
    assert_eq!(items[1]["enabled"], true);
    assert_eq!(items[1]["pathway_id"], Value::Null);
    let text = j.ok(&["list"]);
    assert!(
        text.contains(&a) && text.contains("21:00") && text.contains("mon,thu"),
        "{text}"
    );
    assert!(
        text.contains("07:30") && text.contains("every day"),
        "{text}"
    );
}

#[test]
fn pathway_reminders_name_an_existing_pathway() {
    let mut j = Journal::new();
    j.pathway("p1", "Post the draft as it is");
    let id = j.add(&["--at", "10:00", "--days", "tue", "--pathway", "p1"]);
    let r = j.store.reminder(&id).expect("read").expect("exists");
    assert_eq!(r.purpose, Purpose::Pathway);
    assert_eq!(r.pathway_id.as_deref(), Some("p1"));
    let same = j.add(&["--at", "10:30", "--purpose", "pathway", "--pathway", "p1"]);
    assert_ne!(same, id);
}

#[test]
fn bad_input_for_every_argument_fails_clearly_and_changes_nothing() {
    let mut j = Journal::new();
    j.pathway("p1", "Post the draft");
    j.add(&["--at", "08:00"]);
    let before = j.reminders();
    let cases: &[(&[&str], &str, &str)] = &[
        (&["add", "--at", "25:00"], "--at", "\"25:00\""),
        (&["add", "--at", "7pm"], "--at", "\"7pm\""),
        (&["add", "--at", "12:60"], "--at", "00–59"),
        (&["add", "--at", ""], "--at", "HH:MM"),
        (&["add", "--at", "0730"], "--at", "HH:MM"),
        (
            &["add", "--at", "07:30", "--days", "mon,funday"],
            "--days",
            "\"funday\"",
        ),
        (&["add", "--at", "07:30", "--days", ""], "--days", "weekday"),
        (
            &["add", "--at", "07:30", "--purpose", "journal"],
            "--purpose",
            "\"journal\"",
        ),
        (
            &["add", "--at", "07:30", "--pathway", "p9"],
            "--pathway",
            "\"p9\" is not a known pathway",
        ),
        (
            &["add", "--at", "07:30", "--purpose", "pathway"],
            "--pathway",
            "required",
        ),
        (
            &[
                "add",
                "--at",
                "07:30",
                "--purpose",
                "checkin",
                "--pathway",
                "p1",
            ],
            "--pathway",
            "only to pathway",
        ),
        (&["remove", "no-such-id"], "reminder", "no-such-id"),
        (&["due", "--now", "2026-11-24T07:30"], "--now", "RFC 3339"),
        (&["due", "--now", "yesterday"], "--now", "RFC 3339"),
        (
            &["next", "--now", "2026-13-01T00:00:00Z"],
            "--now",
            "RFC 3339",
        ),
    ];
    for (args, names, detail) in cases {
        match j.run(args) {
            Ok(out) => panic!("reminders {args:?} succeeded with {out:?}"),
            Err(e) => {
                assert_eq!(e.exit_code(), 1, "{args:?}: {e}");
                let msg = e.to_string();
                assert!(
                    msg.contains(names) && msg.contains(detail),
                    "{args:?}: {msg}"
                );
                assert!(!msg.contains('\n'), "one sentence: {msg}");
            }
        }
        assert_eq!(j.reminders(), before, "{args:?} changed the reminders");
    }
    // Missing required options are usage errors.
    for args in [
        &["add"][..],
        &["due"][..],
        &["remove"][..],
        &["frobnicate"][..],
    ] {
        let e = j.run(args).expect_err("usage error");
        assert_eq!(e.exit_code(), 2, "{args:?}");
    }
    assert_eq!(j.reminders(), before);
}

#[test]
fn remove_deletes_exactly_one() {
    let mut j = Journal::new();
    let a = j.add(&["--at", "08:00"]);
    let b = j.add(&["--at", "09:00"]);
    let out = j.ok(&["remove", &a]);
    assert!(out.contains(&a) && out.contains("08:00"), "{out}");
    let left: Vec<String> = j.reminders().into_iter().map(|r| r.id).collect();
    assert_eq!(left, vec![b]);
    assert!(j.run(&["remove", &a]).is_err(), "removing twice fails");
}

#[test]
fn due_json_has_exactly_the_contract_shape() {
    let mut j = Journal::new();
    j.pathway("p1", "Post the draft as it is");
    let ck = j.add(&["--at", "20:00", "--purpose", "checkin"]);
    let rf = j.add(&["--at", "20:00", "--purpose", "reflection"]);
    let pw = j.add(&["--at", "20:00", "--pathway", "p1"]);
    j.add(&["--at", "20:01"]);
    let due = j.json(&["due", "--now", "2026-11-24T20:00:42+01:00", "--json"]);
    let items = due.as_array().expect("array");
    assert_eq!(items.len(), 3);
    for item in items {
        assert_eq!(keys(item), ["at", "id", "pathway_id", "prompt", "purpose"]);
        assert_eq!(item["at"], "2026-11-24T20:00:00+01:00");
        if !item["prompt"].is_null() {
            assert_eq!(keys(&item["prompt"]), ["id", "layer", "text"]);
        }
    }
    let by_id = |id: &str| items.iter().find(|i| i["id"] == id).expect("listed");
    assert_eq!(by_id(&ck)["purpose"], "checkin");
    assert_eq!(by_id(&ck)["prompt"], Value::Null);
    assert_eq!(by_id(&ck)["pathway_id"], Value::Null);
    let p = &by_id(&rf)["prompt"];
    assert!(["belief", "thinking", "execution"].contains(&p["layer"].as_str().expect("layer")));
    assert!(!p["text"].as_str().expect("text").is_empty());
    assert!(p["id"].as_str().expect("id").contains('.'));
    let w = by_id(&pw);
    assert_eq!(w["pathway_id"], "p1");
    assert_eq!(w["prompt"]["text"], "Post the draft as it is");
    assert_eq!(w["prompt"]["layer"], "execution");
    // The same instant in another offset is the same minute.
    let again = j.json(&["due", "--now", "2026-11-24T19:00:00Z", "--json"]);
    assert_eq!(again, due);
    // Nothing fires a minute earlier.
    assert_eq!(
        j.json(&["due", "--now", "2026-11-24T19:59:59+01:00", "--json"]),
        serde_json::json!([])
    );
    let text = j.ok(&["due", "--now", "2026-11-24T20:00:00+01:00"]);
    assert!(
        text.contains(&rf) && text.contains("Post the draft as it is"),
        "{text}"
    );
}

#[test]
fn due_is_a_pure_query() {
    let mut j = Journal::new();
    j.add(&["--at", "21:00"]);
    j.add(&["--at", "21:00"]);
    let now = "2026-11-24T21:00:00+01:00";
    let first = j.json(&["due", "--now", now, "--json"]);
    let second = j.json(&["due", "--now", now, "--json"]);
    assert_eq!(first, second, "same journal, same instant, same answer");
    let at = parse_instant(now).expect("instant");
    assert!(j
        .store
        .recent_prompts(at - chrono::Duration::days(30))
        .expect("log")
        .is_empty());
    // Two reflections in the same minute carry different prompts.
    let items = first.as_array().expect("array");
    assert_ne!(items[0]["prompt"]["id"], items[1]["prompt"]["id"]);
    // A prompt the desktop showed is not offered again within the week.
    let shown = items[0]["prompt"]["id"].as_str().expect("id").to_string();
    j.store
        .record_prompt_shown(
            &shown,
            parse_instant("2026-11-23T21:00:00+01:00").expect("instant"),
        )
        .expect("logged");
    let later = j.json(&["due", "--now", now, "--json"]);
    assert!(later
        .as_array()
        .expect("array")
        .iter()
        .all(|i| i["prompt"]["id"] != shown.as_str()));
}

#[test]
fn a_checkin_reminder_stays_silent_once_the_day_has_its_checkin() {
    let mut j = Journal::new();
    let ck = j.add(&["--at", "20:00", "--purpose", "checkin"]);
    let rf = j.add(&["--at", "20:00"]);
    let now = "2026-11-24T20:00:00+01:00";
    assert_eq!(
        j.json(&["due", "--now", now, "--json"])
            .as_array()
            .expect("array")
            .len(),
        2
    );
    let clock = j.clock;
    j.store
        .save_checkin(
            Checkin::new(parse_date("2026-11-24").expect("date"), 3),
            &clock,
        )
        .expect("check-in");
    let due = j.json(&["due", "--now", now, "--json"]);
    let ids: Vec<&str> = due
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, [rf.as_str()]);
    let next = j.json(&["next", "--now", "2026-11-24T12:00:00+01:00", "--json"]);
    let ck_next = next
        .as_array()
        .expect("array")
        .iter()
        .find(|i| i["id"] == ck.as_str())
        .expect("listed");
    assert_eq!(ck_next["at"], "2026-11-25T20:00:00+01:00");
}

#[test]
fn daylight_saving_days_in_the_local_zone() {
    let mut j = Journal::new();
    let r = j.add(&["--at", "02:30"]);
    // Spring forward: 02:30 does not exist on 29 March 2026; it fires at 03:00 CEST.
    let due = j.json(&["due", "--now", "2026-03-29T03:00:00+02:00", "--json"]);
    assert_eq!(due[0]["id"], r.as_str());
    assert_eq!(due[0]["at"], "2026-03-29T03:00:00+02:00");
    let next = j.json(&["next", "--now", "2026-03-28T12:00:00+01:00", "--json"]);
    assert_eq!(next[0]["at"], "2026-03-29T03:00:00+02:00");
    // Fall back: 02:30 happens twice on 25 October 2026; only the first fires.
    assert_eq!(
        j.json(&["due", "--now", "2026-10-25T02:30:00+02:00", "--json"])
            .as_array()
            .expect("array")
            .len(),
        1
    );
    assert_eq!(
        j.json(&["due", "--now", "2026-10-25T02:30:00+01:00", "--json"]),
        serde_json::json!([])
    );
}

#[test]
fn next_lists_each_enabled_reminder_in_time_order() {
    let mut j = Journal::new();
    let late = j.add(&["--at", "21:00"]);
    let weekly = j.add(&["--at", "09:00", "--days", "wed"]);
    let off = j.add(&["--at", "10:00"]);
    j.store.set_reminder_enabled(&off, false).expect("disabled");
    // Tuesday 24 November 2026, 10:00.
    let next = j.json(&["next", "--now", "2026-11-24T10:00:00+01:00", "--json"]);
    let items = next.as_array().expect("array");
    let got: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i["id"].as_str().expect("id"), i["at"].as_str().expect("at")))
        .collect();
    assert_eq!(
        got,
        [
            (late.as_str(), "2026-11-24T21:00:00+01:00"),
            (weekly.as_str(), "2026-11-25T09:00:00+01:00")
        ]
    );
    // Without --now it uses the clock (09:00 that Tuesday).
    let from_clock = j.json(&["next", "--json"]);
    assert_eq!(from_clock[0]["at"], "2026-11-24T21:00:00+01:00");
    // A reminder inside the quiet hours never fires and is listed last with no instant.
    j.store
        .set_quiet_hours(Some("20:00-08:00".parse().expect("quiet hours")))
        .expect("set");
    let next = j.json(&["next", "--now", "2026-11-24T10:00:00+01:00", "--json"]);
    assert_eq!(next[0]["id"], weekly.as_str());
    assert_eq!(next[1]["id"], late.as_str());
    assert_eq!(next[1]["at"], Value::Null);
    let text = j.ok(&["next", "--now", "2026-11-24T10:00:00+01:00"]);
    assert!(text.contains("never"), "{text}");
}

#[test]
fn list_shows_what_is_off_and_what_is_snoozed() {
    let mut j = Journal::new();
    let a = j.add(&["--at", "08:00"]);
    let b = j.add(&["--at", "09:00"]);
    j.store.set_reminder_enabled(&a, false).expect("disabled");
    // The clock says 09:00 on 24 November: a snooze to 09:10 is current, one to 08:10 is over.
    let soon = parse_instant("2026-11-24T09:10:00+01:00").expect("instant");
    j.store.snooze_reminder(&b, Some(soon)).expect("snoozed");
    let text = j.ok(&["list"]);
    let line = |id: &str| {
        text.lines()
            .find(|l| l.contains(id))
            .expect("listed")
            .to_string()
    };
    assert!(line(&a).contains("(off)"), "{text}");
    assert!(
        line(&b).contains("snoozed until 2026-11-24T09:10:00+01:00"),
        "{text}"
    );
    let json = j.json(&["list", "--json"]);
    assert_eq!(json[0]["enabled"], false);
    assert_eq!(json[1]["snoozed_until"], "2026-11-24T09:10:00+01:00");
    let past = parse_instant("2026-11-24T08:10:00+01:00").expect("instant");
    j.store.snooze_reminder(&b, Some(past)).expect("snoozed");
    assert!(!j.ok(&["list"]).contains("snoozed"));
    j.store
        .set_quiet_hours(Some("22:00-07:00".parse().expect("quiet")))
        .expect("set");
    assert!(j.ok(&["list"]).contains("Quiet hours: 22:00-07:00"));
}
