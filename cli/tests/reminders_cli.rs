//! `plumbline reminders …` through the real binary: time-zone detection from `TZ`, exit codes,
//! stderr, and stdout carrying only JSON.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn plumbline(db: &Path, tz: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plumbline"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("TZ", tz)
        .env_remove("PLUMBLINE_DB")
        .output()
        .expect("the plumbline binary runs")
}

fn ok(db: &Path, tz: &str, args: &[&str]) -> String {
    let out = plumbline(db, tz, args);
    assert!(
        out.status.success(),
        "plumbline {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 stdout")
}

fn json(db: &Path, tz: &str, args: &[&str]) -> Value {
    serde_json::from_str(&ok(db, tz, args)).expect("only JSON on stdout")
}

#[test]
fn reminder_times_follow_tz() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("journal.plumbline");
    let id = ok(&db, "Europe/Berlin", &["reminders", "add", "--at", "09:00"]);
    let id = id.trim();
    // 12:00Z is 13:00 in Berlin (today's 09:00 has passed) and 07:00 in New York.
    let now = "2026-11-24T12:00:00Z";
    let berlin = json(
        &db,
        "Europe/Berlin",
        &["reminders", "next", "--now", now, "--json"],
    );
    assert_eq!(berlin[0]["id"], id);
    assert_eq!(berlin[0]["at"], "2026-11-25T09:00:00+01:00");
    let new_york = json(
        &db,
        "America/New_York",
        &["reminders", "next", "--now", now, "--json"],
    );
    assert_eq!(new_york[0]["at"], "2026-11-24T09:00:00-05:00");
    let due = json(
        &db,
        "America/New_York",
        &[
            "reminders",
            "due",
            "--now",
            "2026-11-24T14:00:30Z",
            "--json",
        ],
    );
    assert_eq!(due[0]["id"], id);
    assert_eq!(due[0]["purpose"], "reflection");
    assert!(due[0]["prompt"]["text"].is_string());
}

#[test]
fn bad_input_exits_1_with_one_line_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("journal.plumbline");
    ok(&db, "Europe/Berlin", &["reminders", "add", "--at", "08:00"]);
    let before = ok(&db, "Europe/Berlin", &["reminders", "list", "--json"]);
    for (args, option) in [
        (&["reminders", "add", "--at", "25:00"][..], "--at"),
        (&["reminders", "add", "--at", "7pm"][..], "--at"),
        (
            &["reminders", "add", "--at", "07:00", "--days", "funday"][..],
            "--days",
        ),
        (
            &["reminders", "add", "--at", "07:00", "--purpose", "journal"][..],
            "--purpose",
        ),
        (
            &["reminders", "add", "--at", "07:00", "--pathway", "nope"][..],
            "--pathway",
        ),
        (&["reminders", "remove", "nope"][..], "nope"),
        (&["reminders", "due", "--now", "noon"][..], "--now"),
    ] {
        let out = plumbline(&db, "Europe/Berlin", args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(option), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
    let out = plumbline(&db, "Europe/Berlin", &["reminders", "due"]);
    assert_eq!(out.status.code(), Some(2), "--now is required");
    assert_eq!(
        ok(&db, "Europe/Berlin", &["reminders", "list", "--json"]),
        before
    );
}

#[test]
fn due_is_a_query() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("journal.plumbline");
    ok(&db, "Europe/Berlin", &["reminders", "add", "--at", "21:00"]);
    let args = [
        "reminders",
        "due",
        "--now",
        "2026-11-24T21:00:00+01:00",
        "--json",
    ];
    let first = ok(&db, "Europe/Berlin", &args);
    assert_eq!(ok(&db, "Europe/Berlin", &args), first);
    let conn = rusqlite::Connection::open(&db).expect("open");
    let logged: i64 = conn
        .query_row("SELECT count(*) FROM prompt_log", [], |r| r.get(0))
        .expect("count");
    assert_eq!(logged, 0);
}
