//! Integration tests of the built `plumbline` binary (docs/contracts.md §2 and §2): every command with
//! good and bad input, exit codes, `--json` shapes, all-or-nothing imports and crash safety.
//!
//! These live in the core package because Cargo builds a package's binaries before its
//! integration tests and hands their paths over in `CARGO_BIN_EXE_<name>`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};
use tempfile::TempDir;

const EXE: &str = env!("CARGO_BIN_EXE_plumbline");

struct Journal {
    dir: TempDir,
    db: PathBuf,
}

impl Journal {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("journal.plumbline");
        Journal { dir, db }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        run_on(&self.db, args)
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?} failed ({:?}): {}",
            o.status.code(),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("utf-8 stdout")
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }

    fn events(&self) -> Vec<Value> {
        match self.json(&["events", "--json"]) {
            Value::Array(a) => a,
            other => panic!("events --json is not an array: {other}"),
        }
    }

    /// The database's bytes (with any WAL), to prove a failed command changed nothing.
    fn bytes(&self) -> Vec<Vec<u8>> {
        let mut v = vec![std::fs::read(&self.db).expect("journal exists")];
        for ext in ["-wal", "-shm"] {
            let mut p = self.db.clone().into_os_string();
            p.push(ext);
            v.push(std::fs::read(PathBuf::from(p)).unwrap_or_default());
        }
        v
    }

    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, content).expect("write fixture");
        p
    }
}

fn run_on(db: &Path, args: &[&str]) -> Output {
    Command::new(EXE)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PLUMBLINE_DB")
        .env_remove("PLUMBLINE_PASSPHRASE_FILE")
        .env("PLUMBLINE_TEST_KDF", "fast")
        .env("PLUMBLINE_CONFIG_DIR", db.with_extension("config"))
        // No system keyring, whatever the machine has: the journal's key is never remembered.
        .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
        .stdin(Stdio::null())
        .output()
        .expect("run plumbline")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a failure with exit 1, one `plumbline: ` line on stderr containing every `needle`,
/// and nothing on stdout.
fn assert_fails(o: &Output, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "expected exit 1, stderr: {err}");
    assert!(err.starts_with("plumbline: "), "stderr: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one sentence: {err}");
    for n in needles {
        assert!(err.contains(n), "stderr {err:?} lacks {n:?}");
    }
    assert!(
        o.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&o.stdout)
    );
}

fn event_json(i: usize) -> Value {
    let kinds = [
        "completed",
        "delayed_start",
        "unfinished",
        "avoided",
        "switched",
        "skipped",
    ];
    let k = kinds[i % kinds.len()];
    let mut e = json!({
        "id": format!("t-{i}"),
        "at": format!("2026-03-{:02}T{:02}:15:00+02:00", 1 + i % 28, 8 + i % 10),
        "kind": k,
        "task": format!("Task {i} ✍️"),
        "domain": if i % 2 == 0 { "work" } else { "home" },
        "thought": format!("thought {i}"),
        "emotion": "calm",
        "friction": 1 + i % 5,
        "tags": if i % 3 == 0 { json!([]) } else { json!(["t1"]) },
        "note": null
    });
    if k == "unfinished" || k == "switched" {
        e["progress"] = json!(0.5);
    }
    if k == "delayed_start" {
        e["planned_at"] = json!(format!("2026-03-{:02}T07:00:00+02:00", 1 + i % 28));
    }
    e
}

fn journal_doc(n: usize) -> Value {
    json!({
        "format": "plumbline-journal",
        "version": 1,
        "exported_at": "2026-03-30T00:00:00Z",
        "events": (0..n).map(event_json).collect::<Vec<_>>(),
        "checkins": [{"date": "2026-03-02", "alignment": 4, "energy": 3, "mood": 5, "note": "ok", "tags": []}],
        "reflections": [{"id": "r-1", "at": "2026-03-02T21:00:00+02:00", "prompt_id": null, "title": null,
                         "text": "Line one\nLine two", "mood": 3, "tags": ["x"], "starred": true}]
    })
}

const EVENT_KEYS: [&str; 14] = [
    "id",
    "at",
    "kind",
    "task",
    "domain",
    "planned_at",
    "delay_minutes",
    "progress",
    "thought",
    "emotion",
    "friction",
    "tags",
    "note",
    "source",
];

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

fn sorted(k: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = k.iter().map(|s| s.to_string()).collect();
    k.sort();
    k
}

#[test]
fn log_prints_the_id_and_events_json_is_the_journal_shape() {
    let j = Journal::new();
    let id = j.ok(&[
        "log",
        "--kind",
        "delayed_start",
        "--task",
        "Write the client newsletter",
        "--at",
        "2026-11-20T09:40:00+01:00",
        "--planned-at",
        "2026-11-20T09:00:00+01:00",
        "--domain",
        "content",
        "--thought",
        "It needs another pass",
        "--emotion",
        "anxious",
        "--friction",
        "4",
        "--tag",
        "newsletter",
        "--tag",
        "publish",
        "--delay-minutes",
        "40",
    ]);
    let id = id.trim();
    assert!(!id.is_empty() && !id.contains(' '), "only the id: {id:?}");
    let evs = j.events();
    assert_eq!(evs.len(), 1);
    let e = &evs[0];
    assert_eq!(keys(e), sorted(&EVENT_KEYS));
    assert_eq!(e["id"], id);
    assert_eq!(e["at"], "2026-11-20T09:40:00+01:00");
    assert_eq!(e["planned_at"], "2026-11-20T09:00:00+01:00");
    assert_eq!(e["kind"], "delayed_start");
    assert_eq!(e["friction"], 4);
    assert_eq!(e["delay_minutes"], 40);
    assert_eq!(e["tags"], json!(["newsletter", "publish"]));
    assert_eq!(e["progress"], Value::Null);
    assert_eq!(e["source"], Value::Null);
    // Human output is one line per event with the id.
    let text = j.ok(&["events"]);
    assert_eq!(text.lines().count(), 1);
    assert!(
        text.contains("2026-11-20 09:40")
            && text.contains("Write the client newsletter")
            && text.contains(id)
    );
}

#[test]
fn log_without_at_uses_now_to_the_second() {
    let j = Journal::new();
    j.ok(&["log", "--kind", "completed", "--task", "Gym"]);
    let at = j.events()[0]["at"].as_str().expect("at").to_string();
    let parsed = chrono::DateTime::parse_from_rfc3339(&at).expect("RFC 3339");
    assert!(!at.contains('.'), "whole seconds: {at}");
    let age = chrono::Utc::now().signed_duration_since(parsed);
    assert!(age.num_seconds().abs() < 600, "{at} is not now");
}

#[test]
fn bad_log_input_fails_with_exit_1_and_changes_nothing() {
    let j = Journal::new();
    j.ok(&[
        "log",
        "--kind",
        "avoided",
        "--task",
        "Call the bank",
        "--at",
        "2026-11-20T09:00:00+01:00",
    ]);
    let before = j.bytes();
    let at = ["--at", "2026-11-20T10:00:00+01:00"];
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--kind", "procrastinated", "--task", "x"],
            &["--kind", "procrastinated", "delayed_start"],
        ),
        (&["--kind", "completed", "--task", ""], &["--task", "empty"]),
        (&["--kind", "completed", "--task", "   "], &["--task"]),
        (
            &["--kind", "completed", "--task", "x", "--friction", "9"],
            &["--friction: 9 is out of range 1–5"],
        ),
        (
            &["--kind", "completed", "--task", "x", "--friction", "0"],
            &["--friction: 0 is out of range"],
        ),
        (
            &["--kind", "unfinished", "--task", "x", "--progress", "1.5"],
            &["--progress", "1.5"],
        ),
        (
            &["--kind", "unfinished", "--task", "x", "--progress", "-0.1"],
            &["--progress"],
        ),
        (
            &[
                "--kind",
                "delayed_start",
                "--task",
                "x",
                "--delay-minutes",
                "-5",
            ],
            &["--delay-minutes", "-5"],
        ),
        (
            &[
                "--kind",
                "completed",
                "--task",
                "x",
                "--planned-at",
                "yesterday",
            ],
            &["--planned-at", "RFC 3339"],
        ),
    ];
    for (args, needles) in cases {
        let mut all: Vec<&str> = vec!["log"];
        all.extend_from_slice(args);
        all.extend_from_slice(&at);
        assert_fails(&j.run(&all), needles);
    }
    for bad_at in [
        "2026-02-30T10:00:00Z",
        "2026-11-20T10:00:00",
        "3100-01-01T00:00:00Z",
        "not a date",
    ] {
        assert_fails(
            &j.run(&["log", "--kind", "completed", "--task", "x", "--at", bad_at]),
            &["--at"],
        );
    }
    assert_eq!(
        j.bytes(),
        before,
        "a failed command leaves the journal byte-identical"
    );
    assert_eq!(j.events().len(), 1);
}

#[test]
fn a_failed_command_on_a_missing_journal_leaves_no_file() {
    let j = Journal::new();
    assert_fails(
        &j.run(&["log", "--kind", "lazy", "--task", "x"]),
        &["--kind"],
    );
    assert!(!j.db.exists(), "the failed command created a journal");
    let bad = j.write("bad.json", "{");
    assert_fails(&j.run(&["import", bad.to_str().expect("p")]), &["bad.json"]);
    assert!(!j.db.exists());
    j.ok(&["events"]);
    assert!(j.db.exists(), "a successful command creates the journal");
}

#[test]
fn usage_errors_exit_2() {
    let j = Journal::new();
    j.ok(&["events"]);
    let before = j.bytes();
    let cases: &[&[&str]] = &[
        &[],
        &["no-such-command"],
        &["log", "--task", "x"],
        &["log", "--kind", "completed"],
        &[
            "log",
            "--kind",
            "completed",
            "--task",
            "x",
            "--friction",
            "four",
        ],
        &["log", "--kind", "completed", "--task", "x", "--bogus"],
        &["events", "--json", "extra"],
        &["checkin"],
        &["reflect"],
        &["import"],
        &["import", "x.json", "--format", "evernote"],
        &["import", "x.json", "--undo", "abc"],
        &["export", "--format", "pdf"],
        &["backup"],
        &["restore"],
        &["edit"],
        &["demo", "--days", "many"],
    ];
    for args in cases {
        let o = j.run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty());
        assert!(o.stdout.is_empty());
    }
    assert_eq!(j.bytes(), before);
}

#[test]
fn every_command_has_help_with_an_example() {
    let j = Journal::new();
    for cmd in [
        "log",
        "edit",
        "delete",
        "events",
        "checkin",
        "checkins",
        "reflect",
        "reflections",
        "prompts",
        "beliefs",
        "import",
        "imports",
        "export",
        "demo",
        "backup",
        "restore",
        "reminders",
        "verdict",
        "analyze",
    ] {
        let o = j.run(&[cmd, "--help"]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{cmd} --help");
        assert!(
            out.contains("Example") && out.contains("plumbline "),
            "{cmd} --help has no example:\n{out}"
        );
    }
    let top = j.ok(&["--help"]);
    assert!(top.contains("Exit codes"));
}

#[test]
fn version_prints_the_name_and_version_and_opens_no_journal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("untouched.plumbline");
    for flag in ["--version", "-V"] {
        let o = Command::new(EXE)
            .arg(flag)
            .env("PLUMBLINE_DB", &db)
            .output()
            .expect("run");
        assert_eq!(o.status.code(), Some(0), "{flag}: {}", stderr(&o));
        let out = String::from_utf8(o.stdout).expect("utf-8");
        assert_eq!(out, format!("plumbline {}\n", env!("CARGO_PKG_VERSION")));
        let version = out.trim_end().strip_prefix("plumbline ").unwrap_or("");
        let parts: Vec<&str> = version.split('.').collect();
        assert!(
            parts.len() == 3 && parts.iter().all(|p| p.parse::<u32>().is_ok()),
            "{flag} printed {out:?}, not `plumbline X.Y.Z`"
        );
        assert!(o.stderr.is_empty());
    }
    assert!(!db.exists(), "--version created a journal");
}

#[test]
fn the_db_comes_from_the_environment_when_not_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("env.plumbline");
    let o = Command::new(EXE)
        .args([
            "log",
            "--kind",
            "completed",
            "--task",
            "From env",
            "--at",
            "2026-11-20T09:00:00Z",
        ])
        .env("PLUMBLINE_DB", &db)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
    let evs: Value =
        serde_json::from_slice(&run_on(&db, &["events", "--json"]).stdout).expect("json");
    assert_eq!(evs[0]["task"], "From env");
}

#[test]
fn edit_changes_only_what_is_given_and_delete_removes() {
    let j = Journal::new();
    let id = j.ok(&[
        "log",
        "--kind",
        "avoided",
        "--task",
        "Send invoices",
        "--at",
        "2026-11-23T09:00:00+01:00",
        "--domain",
        "admin",
        "--friction",
        "5",
        "--tag",
        "money",
        "--thought",
        "Mondays are for real work",
    ]);
    let id = id.trim();
    assert_eq!(
        j.ok(&["edit", id, "--kind", "completed", "--friction", "2"])
            .trim(),
        id
    );
    let e = &j.events()[0];
    assert_eq!(e["kind"], "completed");
    assert_eq!(e["friction"], 2);
    assert_eq!(e["task"], "Send invoices");
    assert_eq!(e["domain"], "admin");
    assert_eq!(e["tags"], json!(["money"]));
    assert_eq!(e["at"], "2026-11-23T09:00:00+01:00");
    j.ok(&["edit", id, "--domain", "", "--tag", ""]);
    let e = &j.events()[0];
    assert_eq!(e["domain"], Value::Null);
    assert_eq!(e["tags"], json!([]));
    let before = j.bytes();
    assert_fails(&j.run(&["edit", id, "--friction", "7"]), &["--friction: 7"]);
    assert_fails(
        &j.run(&["edit", "no-such-id", "--kind", "completed"]),
        &["no-such-id"],
    );
    assert_fails(&j.run(&["delete", "no-such-id"]), &["no-such-id"]);
    assert_eq!(j.bytes(), before);
    let out = j.ok(&["delete", id]);
    assert!(out.contains("Send invoices"));
    assert!(j.events().is_empty());
}

#[test]
fn events_filters() {
    let j = Journal::new();
    for (kind, at) in [
        ("completed", "2026-11-01T09:00:00+01:00"),
        ("avoided", "2026-11-02T09:00:00+01:00"),
        ("avoided", "2026-11-03T23:30:00+01:00"),
        ("completed", "2026-11-04T09:00:00+01:00"),
    ] {
        j.ok(&["log", "--kind", kind, "--task", "t", "--at", at]);
    }
    let n = |args: &[&str]| -> usize {
        let mut all = vec!["events", "--json"];
        all.extend_from_slice(args);
        j.json(&all).as_array().expect("array").len()
    };
    assert_eq!(n(&[]), 4);
    assert_eq!(n(&["--kind", "avoided"]), 2);
    assert_eq!(n(&["--since", "2026-11-02"]), 3);
    assert_eq!(
        n(&["--until", "2026-11-03"]),
        3,
        "local dates: 23:30 on the 3rd is the 3rd"
    );
    assert_eq!(
        n(&[
            "--since",
            "2026-11-02",
            "--until",
            "2026-11-03",
            "--kind",
            "avoided"
        ]),
        2
    );
    assert_eq!(n(&["--since", "2026-12-01"]), 0);
    assert_eq!(
        j.ok(&["events", "--since", "2026-12-01"]).trim(),
        "No events."
    );
    assert_fails(
        &j.run(&["events", "--since", "2026-13-01"]),
        &["--since", "YYYY-MM-DD"],
    );
    assert_fails(&j.run(&["events", "--until", "01/11/2026"]), &["--until"]);
    assert_fails(&j.run(&["events", "--kind", "lazy"]), &["--kind", "lazy"]);
    assert_fails(
        &j.run(&["events", "--since", "2026-11-05", "--until", "2026-11-01"]),
        &["--since"],
    );
}

#[test]
fn checkin_adds_replaces_and_validates() {
    let j = Journal::new();
    j.ok(&[
        "checkin",
        "--date",
        "2026-03-02",
        "--alignment",
        "2",
        "--energy",
        "3",
        "--note",
        "Heavy day",
        "--tag",
        "tired",
    ]);
    let cs = j.json(&["checkins", "--json"]);
    assert_eq!(
        cs,
        json!([{"date": "2026-03-02", "alignment": 2, "energy": 3, "mood": null, "note": "Heavy day", "tags": ["tired"]}])
    );
    j.ok(&["checkin", "--date", "2026-03-02", "--alignment", "5"]);
    let cs = j.json(&["checkins", "--json"]);
    assert_eq!(cs.as_array().map(Vec::len), Some(1), "replaced, not added");
    assert_eq!(cs[0]["alignment"], 5);
    assert_eq!(cs[0]["energy"], Value::Null);
    let before = j.bytes();
    assert_fails(
        &j.run(&["checkin", "--date", "2026-03-03", "--alignment", "6"]),
        &["--alignment: 6 is out of range 1–5"],
    );
    assert_fails(
        &j.run(&[
            "checkin",
            "--date",
            "2026-03-03",
            "--alignment",
            "3",
            "--mood",
            "0",
        ]),
        &["--mood"],
    );
    assert_fails(
        &j.run(&["checkin", "--date", "2026-02-30", "--alignment", "3"]),
        &["--date", "2026-02-30"],
    );
    assert_eq!(j.bytes(), before);
    j.ok(&["checkin", "--date", "2026-03-05", "--alignment", "3"]);
    assert_eq!(
        j.json(&["checkins", "--json", "--since", "2026-03-03"])
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert!(j.ok(&["checkins"]).contains("2026-03-05  alignment 3"));
}

#[test]
fn reflect_and_reflections() {
    let j = Journal::new();
    let id = j.ok(&[
        "reflect",
        "I said I'd start after one more email.\nThen another.",
        "--title",
        "Monday",
        "--at",
        "2026-11-20T21:10:00+01:00",
        "--mood",
        "3",
        "--tag",
        "q",
        "--starred",
    ]);
    let rs = j.json(&["reflections", "--json"]);
    let r = &rs[0];
    assert_eq!(
        keys(r),
        sorted(&[
            "id",
            "at",
            "prompt_id",
            "title",
            "text",
            "mood",
            "tags",
            "starred",
            "source"
        ])
    );
    assert_eq!(r["id"], id.trim());
    assert_eq!(
        r["text"],
        "I said I'd start after one more email.\nThen another."
    );
    assert_eq!(r["title"], "Monday");
    assert_eq!(r["starred"], true);
    assert_eq!(r["mood"], 3);
    let before = j.bytes();
    assert_fails(&j.run(&["reflect", "  "]), &["text", "empty"]);
    assert_fails(&j.run(&["reflect", "x", "--mood", "9"]), &["--mood: 9"]);
    assert_fails(
        &j.run(&["reflect", "x", "--prompt", "no.such.prompt"]),
        &["--prompt", "no.such.prompt"],
    );
    assert_fails(&j.run(&["reflect", "x", "--at", "tomorrow"]), &["--at"]);
    assert_eq!(j.bytes(), before);
    assert!(j.ok(&["reflections"]).contains("Monday — I said I'd start"));
}

#[test]
fn prompts_and_beliefs_print_json_arrays() {
    let j = Journal::new();
    let ps = j.json(&["prompts", "--json"]);
    let ps = ps.as_array().expect("array");
    for p in ps {
        assert!(p["id"].is_string() && p["text"].is_string());
    }
    let thinking = j.json(&["prompts", "--json", "--layer", "thinking"]);
    let thinking = thinking.as_array().expect("array");
    assert!(thinking.iter().all(|p| p["layer"] == "thinking"));
    assert_eq!(
        thinking.len(),
        ps.iter().filter(|p| p["layer"] == "thinking").count()
    );
    assert_fails(
        &j.run(&["prompts", "--layer", "feelings"]),
        &["--layer", "feelings"],
    );
    for layer in ["belief", "thinking", "execution"] {
        assert!(
            ps.iter().filter(|p| p["layer"] == layer).count() >= 3,
            "fewer than 3 {layer} prompts"
        );
    }
    assert!(j.ok(&["prompts"]).contains("thinking.before_delay"));
    let bs = j.json(&["beliefs", "--json"]);
    let bs = bs.as_array().expect("array");
    for b in bs {
        assert!(b["id"].is_string() && b["statement"].is_string());
    }
    for id in [
        "identity_ceiling",
        "scale_control",
        "visibility_risk",
        "consistency_trap",
        "perfection_standard",
        "failure_exposure",
        "success_burden",
        "belonging_loss",
        "undeserving",
        "autonomy_resistance",
    ] {
        assert!(
            bs.iter().any(|b| b["id"] == id),
            "{id} missing from beliefs --json"
        );
    }
    assert!(j.ok(&["beliefs"]).contains("visibility_risk"));
    // A reflection can answer a built-in prompt.
    j.ok(&[
        "reflect",
        "One more email, I said.",
        "--prompt",
        "thinking.before_delay",
        "--at",
        "2026-11-20T21:10:00+01:00",
    ]);
    assert_eq!(
        j.json(&["reflections", "--json"])[0]["prompt_id"],
        "thinking.before_delay"
    );
}

#[test]
fn verdicts_are_stored_and_exported() {
    let j = Journal::new();
    let out = j.ok(&[
        "verdict",
        "visibility_risk",
        "confirmed",
        "--at",
        "2026-11-21T20:00:00+01:00",
    ]);
    assert!(out.contains("visibility_risk confirmed"), "{out}");
    j.ok(&[
        "verdict",
        "consistency_trap",
        "rejected",
        "--at",
        "2026-11-22T20:00:00+01:00",
    ]);
    j.ok(&[
        "verdict",
        "visibility_risk",
        "rejected",
        "--at",
        "2026-11-23T20:00:00+01:00",
    ]);
    let doc: Value = serde_json::from_str(&j.ok(&["export"])).expect("json");
    assert_eq!(
        doc["verdicts"],
        json!([
            {"belief_id": "consistency_trap", "verdict": "rejected", "at": "2026-11-22T20:00:00+01:00"},
            {"belief_id": "visibility_risk", "verdict": "rejected", "at": "2026-11-23T20:00:00+01:00"}
        ])
    );
    let before = j.bytes();
    assert_fails(
        &j.run(&["verdict", "no_such_belief", "confirmed"]),
        &["BELIEF_ID", "no_such_belief", "not a known belief"],
    );
    assert_fails(
        &j.run(&["verdict", "visibility_risk", "maybe"]),
        &["VERDICT", "maybe", "confirmed or rejected"],
    );
    assert_fails(
        &j.run(&["verdict", "visibility_risk", "confirmed", "--at", "soon"]),
        &["--at"],
    );
    assert_eq!(j.bytes(), before);
    assert_eq!(
        j.run(&["verdict", "visibility_risk"]).status.code(),
        Some(2)
    );
}

#[test]
fn import_reports_and_reimport_adds_nothing() {
    let j = Journal::new();
    let src = j.write(
        "j.json",
        serde_json::to_vec(&journal_doc(60)).expect("json"),
    );
    let src = src.to_str().expect("utf-8 path");
    let r = j.json(&["import", src, "--json"]);
    assert_eq!(
        keys(&r),
        sorted(&["import_id", "format", "added", "duplicates", "rejected"])
    );
    assert!(r["import_id"].is_string());
    assert_eq!(r["format"], "plumbline");
    assert_eq!(
        r["added"],
        json!({"events": 60, "checkins": 1, "reflections": 1})
    );
    assert_eq!(r["duplicates"], 0);
    assert_eq!(r["rejected"], json!([]));
    let r = j.json(&["import", src, "--json"]);
    assert_eq!(
        r["added"],
        json!({"events": 0, "checkins": 0, "reflections": 0})
    );
    assert_eq!(r["duplicates"], 62);
    assert_eq!(j.events().len(), 60);
    // Events without ids get content ids: importing them twice adds them once.
    let mut doc = journal_doc(5);
    for e in doc["events"].as_array_mut().expect("events") {
        e.as_object_mut().expect("object").remove("id");
        e["task"] = json!(format!("no id {}", e["task"]));
    }
    let p = j.write("noid.json", serde_json::to_vec(&doc).expect("json"));
    j.ok(&["import", p.to_str().expect("path")]);
    j.ok(&["import", p.to_str().expect("path")]);
    assert_eq!(j.events().len(), 65);
    // Human report.
    let out = j.ok(&["import", src]);
    assert!(
        out.contains("added 0 events, 0 check-ins, 0 reflections; 62 duplicates skipped"),
        "{out}"
    );
}

#[test]
fn invalid_records_reject_the_whole_import_naming_record_and_field() {
    let j = Journal::new();
    j.ok(&[
        "log",
        "--kind",
        "completed",
        "--task",
        "existing",
        "--at",
        "2026-01-01T09:00:00Z",
    ]);
    let before = j.bytes();
    let cases: &[(&str, Value, &str)] = &[
        (
            "friction",
            json!(9),
            "events[41].friction: 9 is out of range 1–5",
        ),
        (
            "friction",
            json!(0),
            "events[41].friction: 0 is out of range 1–5",
        ),
        (
            "kind",
            json!("slacked"),
            "events[41].kind: \"slacked\" is not a kind",
        ),
        ("at", json!("2026-02-30T10:00:00Z"), "events[41].at: "),
        (
            "progress",
            json!(1.5),
            "events[41].progress: 1.5 is out of range",
        ),
        ("task", json!(""), "events[41].task: is required"),
        ("tags", json!("publish"), "events[41].tags: "),
    ];
    for (field, value, want) in cases {
        let mut doc = journal_doc(60);
        doc["events"][41][*field] = value.clone();
        let p = j.write("bad.json", serde_json::to_vec(&doc).expect("json"));
        let o = j.run(&["import", p.to_str().expect("path")]);
        assert_fails(&o, &["bad.json", want]);
    }
    let mut doc = journal_doc(3);
    doc["events"][1]
        .as_object_mut()
        .expect("object")
        .remove("task");
    let p = j.write("missing.json", serde_json::to_vec(&doc).expect("json"));
    assert_fails(
        &j.run(&["import", p.to_str().expect("path")]),
        &["events[1].task: is required and missing"],
    );
    let mut doc = journal_doc(3);
    doc["checkins"][0]["alignment"] = json!(7);
    let p = j.write("checkin.json", serde_json::to_vec(&doc).expect("json"));
    assert_fails(
        &j.run(&["import", p.to_str().expect("path")]),
        &["checkins[0].alignment: 7 is out of range 1–5"],
    );
    assert_eq!(j.bytes(), before, "nothing is half-imported");
    assert_eq!(j.events().len(), 1);
}

#[test]
fn skip_invalid_imports_the_rest_and_reports_each_rejected_record() {
    let j = Journal::new();
    let mut doc = journal_doc(10);
    doc["events"][2]["friction"] = json!(9);
    doc["events"][7]["kind"] = json!("lazy");
    doc["reflections"][0]["text"] = json!("");
    let p = j.write("some-bad.json", serde_json::to_vec(&doc).expect("json"));
    let r = j.json(&[
        "import",
        p.to_str().expect("path"),
        "--skip-invalid",
        "--json",
    ]);
    assert_eq!(
        r["added"],
        json!({"events": 8, "checkins": 1, "reflections": 0})
    );
    let rejected = r["rejected"].as_array().expect("array");
    assert_eq!(rejected.len(), 3);
    assert_eq!(
        rejected[0],
        json!({"record": "events[2]", "field": "friction", "reason": "9 is out of range 1–5"})
    );
    assert_eq!(rejected[1]["record"], "events[7]");
    assert_eq!(rejected[1]["field"], "kind");
    assert_eq!(rejected[2]["record"], "reflections[0]");
    assert_eq!(j.events().len(), 8);
    let ids: Vec<String> = j
        .events()
        .iter()
        .map(|e| e["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(!ids.iter().any(|i| i == "t-2" || i == "t-7"), "{ids:?}");
    // The human report lists them too.
    let j2 = Journal::new();
    let out = j2.ok(&["import", p.to_str().expect("path"), "--skip-invalid"]);
    assert!(out.contains("3 rejected"), "{out}");
    assert!(
        out.contains("rejected events[2].friction: 9 is out of range 1–5"),
        "{out}"
    );
    assert!(out.contains("rejected events[7].kind:"), "{out}");
}

#[test]
fn dry_run_changes_nothing() {
    let j = Journal::new();
    j.ok(&["events"]);
    let before = j.bytes();
    let p = j.write(
        "j.json",
        serde_json::to_vec(&journal_doc(20)).expect("json"),
    );
    let r = j.json(&["import", p.to_str().expect("path"), "--dry-run", "--json"]);
    assert_eq!(r["import_id"], Value::Null);
    assert_eq!(r["added"]["events"], 20);
    let out = j.ok(&["import", p.to_str().expect("path"), "--dry-run"]);
    assert!(
        out.contains("would add 20 events") && out.contains("Nothing was changed"),
        "{out}"
    );
    assert_eq!(j.bytes(), before);
    assert!(j.events().is_empty());
    assert_eq!(j.json(&["imports", "--json"]), json!([]));
}

#[test]
fn unreadable_and_foreign_files_are_refused_clearly() {
    let j = Journal::new();
    j.ok(&[
        "log",
        "--kind",
        "completed",
        "--task",
        "existing",
        "--at",
        "2026-01-01T09:00:00Z",
    ]);
    let before = j.bytes();
    let full = serde_json::to_string(&journal_doc(5)).expect("json");
    let truncated = j.write("truncated.json", &full[..full.len() / 2]);
    assert_fails(
        &j.run(&["import", truncated.to_str().expect("p")]),
        &["truncated.json", "ends too early", "line 1"],
    );
    let malformed = j.write(
        "malformed.json",
        "{\n  \"format\": \"plumbline-journal\",\n  \"version\": 1,\n  \"events\": [,]\n}",
    );
    assert_fails(
        &j.run(&["import", malformed.to_str().expect("p")]),
        &["malformed.json", "not valid JSON", "line 4, column"],
    );
    let garbage = j.write("garbage.json", [0u8, 159, 146, 150, 255, 1, 2, 3]);
    assert_fails(
        &j.run(&["import", garbage.to_str().expect("p")]),
        &["garbage.json", "not valid JSON", "line 1"],
    );
    let binary = j.write("garbage.bin", [0u8, 159, 146, 150, 255, 1, 2, 3]);
    assert_fails(
        &j.run(&["import", binary.to_str().expect("p")]),
        &["garbage.bin", "--format"],
    );
    let empty = j.write("empty.json", "");
    assert_fails(
        &j.run(&["import", empty.to_str().expect("p")]),
        &["empty.json", "empty"],
    );
    let newer = j.write(
        "newer.json",
        r#"{"format": "plumbline-journal", "version": 2, "events": []}"#,
    );
    assert_fails(
        &j.run(&["import", newer.to_str().expect("p")]),
        &["newer.json", "version 2", "newer"],
    );
    let other = j.write(
        "other.json",
        r#"{"format": "something-else", "version": 1, "events": []}"#,
    );
    assert_fails(
        &j.run(&["import", other.to_str().expect("p")]),
        &["other.json", "not a Plumbline journal", "something-else"],
    );
    let array = j.write("array.json", "[1, 2, 3]");
    assert_fails(
        &j.run(&["import", array.to_str().expect("p")]),
        &["array.json", "not a Plumbline journal"],
    );
    // Another program's SQLite file given as an import.
    let sqlite = j.path("other.sqlite");
    {
        let c = rusqlite::Connection::open(&sqlite).expect("sqlite");
        c.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');")
            .expect("sql");
    }
    assert_fails(
        &j.run(&["import", sqlite.to_str().expect("p")]),
        &["other.sqlite", "--format"],
    );
    assert_fails(
        &j.run(&[
            "import",
            sqlite.to_str().expect("p"),
            "--format",
            "plumbline",
        ]),
        &["other.sqlite", "not valid JSON"],
    );
    assert_fails(
        &j.run(&["import", j.path("missing.json").to_str().expect("p")]),
        &["missing.json", "cannot read"],
    );
    assert_fails(
        &j.run(&[
            "import",
            j.path("missing.json").to_str().expect("p"),
            "--format",
            "daylio",
        ]),
        &["missing.json"],
    );
    assert_eq!(j.bytes(), before);
    assert_eq!(j.events().len(), 1);
}

#[test]
fn foreign_and_newer_databases_are_refused_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = dir.path().join("diary.txt");
    std::fs::write(&text, "dear diary\n".repeat(50)).expect("write");
    let foreign = dir.path().join("other.sqlite");
    {
        let c = rusqlite::Connection::open(&foreign).expect("sqlite");
        c.execute_batch("CREATE TABLE a (b); INSERT INTO a VALUES (1);")
            .expect("sql");
    }
    for p in [&text, &foreign] {
        let before = std::fs::read(p).expect("read");
        let o = run_on(p, &["log", "--kind", "completed", "--task", "x"]);
        assert_fails(&o, &["not a Plumbline journal"]);
        assert_eq!(std::fs::read(p).expect("read"), before);
    }
    let newer = dir.path().join("newer.plumbline");
    assert!(run_on(&newer, &["events"]).status.success());
    {
        let c = rusqlite::Connection::open(&newer).expect("sqlite");
        c.execute_batch("PRAGMA user_version = 4242;").expect("sql");
    }
    let before = std::fs::read(&newer).expect("read");
    assert_fails(&run_on(&newer, &["events", "--json"]), &["newer"]);
    assert_eq!(std::fs::read(&newer).expect("read"), before);
}

fn without_exported_at(s: &str) -> String {
    s.lines()
        .filter(|l| !l.trim_start().starts_with("\"exported_at\""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn export_import_export_is_identical() {
    let j = Journal::new();
    let p = j.write(
        "src.json",
        serde_json::to_vec(&journal_doc(60)).expect("json"),
    );
    j.ok(&["import", p.to_str().expect("p")]);
    j.ok(&[
        "log",
        "--kind",
        "switched",
        "--task",
        "Made here",
        "--at",
        "2026-03-03T10:00:00-05:00",
        "--progress",
        "0.3",
        "--note",
        "line\nbreak",
    ]);
    j.ok(&["checkin", "--date", "2026-03-04", "--alignment", "1"]);
    let e1 = j.path("e1.json");
    j.ok(&["export", "--format", "json", "-o", e1.to_str().expect("p")]);
    let k = Journal::new();
    k.ok(&["import", e1.to_str().expect("p")]);
    let e2 = k.ok(&["export", "--format", "json"]);
    let e1 = std::fs::read_to_string(&e1).expect("read");
    assert_eq!(without_exported_at(&e1), without_exported_at(&e2));
    let doc: Value = serde_json::from_str(&e1).expect("json");
    assert_eq!(doc["format"], "plumbline-journal");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["events"].as_array().map(Vec::len), Some(61));
    assert_eq!(doc["reflections"][0]["text"], "Line one\nLine two");
    // Stable order: by time.
    let ats: Vec<chrono::DateTime<chrono::FixedOffset>> = doc["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            chrono::DateTime::parse_from_rfc3339(e["at"].as_str().expect("at")).expect("instant")
        })
        .collect();
    assert!(ats.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn export_csv_and_markdown() {
    let j = Journal::new();
    j.ok(&[
        "log",
        "--kind",
        "delayed_start",
        "--task",
        "Send the newsletter, finally",
        "--at",
        "2026-11-20T09:40:00+01:00",
        "--planned-at",
        "2026-11-20T09:00:00+01:00",
        "--tag",
        "a",
        "--tag",
        "b",
    ]);
    j.ok(&["checkin", "--date", "2026-11-20", "--alignment", "2"]);
    j.ok(&[
        "reflect",
        "One more email, I said.",
        "--at",
        "2026-11-20T21:00:00+01:00",
    ]);
    let csv = j.ok(&["export", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,at,date,kind,task,domain,planned_at,delay_minutes,progress,thought,emotion,friction,tags,note,source_app")
    );
    let row = lines.next().expect("one event row");
    assert!(row.contains(",2026-11-20T09:40:00+01:00,2026-11-20,delayed_start,\"Send the newsletter, finally\",,2026-11-20T09:00:00+01:00,"), "{row}");
    assert!(row.contains(",a;b,"), "{row}");
    assert_eq!(lines.next(), None, "stdout holds only the events table");
    let out = j.path("out.csv");
    j.ok(&["export", "--format", "csv", "-o", out.to_str().expect("p")]);
    assert_eq!(std::fs::read_to_string(&out).expect("events file"), csv);
    let checkins = std::fs::read_to_string(j.path("out.checkins.csv")).expect("checkins file");
    assert!(
        checkins.starts_with("date,alignment,energy,mood,note,tags")
            && checkins.contains("2026-11-20,2,")
    );
    let refl = std::fs::read_to_string(j.path("out.reflections.csv")).expect("reflections file");
    assert!(refl.contains("\"One more email, I said.\""));
    let md = j.ok(&["export", "--format", "markdown"]);
    assert!(md.starts_with("# Plumbline journal\n"));
    assert!(md.contains("## 2026-11-20 (Friday)"));
    assert!(md.contains("**Check-in:** alignment 2/5"));
    assert!(md.contains("- 09:40 **Delayed start**: Send the newsletter, finally (planned 09:00, 40 min late) #a #b"));
    assert!(md.contains("> One more email, I said."));
    assert_fails(
        &j.run(&[
            "export",
            "-o",
            j.path("no/such/dir/x.json").to_str().expect("p"),
        ]),
        &["cannot write"],
    );
}

#[test]
fn export_never_replaces_the_journal_and_asks_before_replacing_a_file() {
    let j = Journal::new();
    j.ok(&[
        "log",
        "--kind",
        "completed",
        "--task",
        "Keep me",
        "--at",
        "2026-11-20T09:40:00+01:00",
    ]);
    let before = j.bytes();
    let db = j.db.to_str().expect("p").to_string();
    for target in [db.clone(), format!("{db}-wal"), format!("{db}-shm")] {
        for extra in [&[][..], &["--force"][..]] {
            let mut args = vec!["export", "-o", target.as_str()];
            args.extend_from_slice(extra);
            assert_fails(&j.run(&args), &["never replaces it"]);
        }
    }
    assert_eq!(j.bytes(), before, "the journal is untouched");
    // Any SQLite file, whatever its name, and an existing file without --force.
    let copy = j.path("copy.json");
    j.ok(&["backup", "-o", copy.to_str().expect("p")]);
    assert_fails(
        &j.run(&["export", "-o", copy.to_str().expect("p"), "--force"]),
        &["an SQLite database"],
    );
    let out = j.write("out.csv", "mine");
    assert_fails(
        &j.run(&["export", "--format", "csv", "-o", out.to_str().expect("p")]),
        &["already exists", "--force"],
    );
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "mine");
    let said = j.ok(&[
        "export",
        "--format",
        "csv",
        "-o",
        out.to_str().expect("p"),
        "--force",
    ]);
    assert!(
        said.contains("out.checkins.csv") && said.contains("out.reflections.csv"),
        "{said}"
    );
    assert!(j.events().iter().any(|e| e["task"] == "Keep me"));
}

#[test]
fn imports_list_and_undo_removes_exactly_one_import() {
    let j = Journal::new();
    j.ok(&[
        "log",
        "--kind",
        "completed",
        "--task",
        "Mine",
        "--at",
        "2026-03-01T08:00:00Z",
    ]);
    let a = j.write(
        "a.json",
        serde_json::to_vec(&journal_doc(10)).expect("json"),
    );
    let mut doc_b = journal_doc(5);
    for e in doc_b["events"].as_array_mut().expect("events") {
        e["id"] = json!(format!("b-{}", e["id"].as_str().unwrap_or("")));
    }
    doc_b["checkins"] = json!([]);
    doc_b["reflections"] = json!([]);
    let b = j.write("b.json", serde_json::to_vec(&doc_b).expect("json"));
    let ra = j.json(&["import", a.to_str().expect("p"), "--json"]);
    j.ok(&["import", b.to_str().expect("p")]);
    let list = j.json(&["imports", "--json"]);
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["import_id"], ra["import_id"]);
    assert_eq!(list[0]["format"], "plumbline");
    assert!(list[0]["file"].as_str().expect("file").ends_with("a.json"));
    assert_eq!(list[0]["added"]["events"], 10);
    assert!(j.ok(&["imports"]).contains("a.json"));
    assert_eq!(j.events().len(), 16);
    let id = ra["import_id"].as_str().expect("id");
    let out = j.ok(&["import", "--undo", id]);
    assert!(
        out.contains("removed 10 events, 1 check-in, 1 reflection"),
        "{out}"
    );
    let tasks: Vec<String> = j
        .events()
        .iter()
        .map(|e| e["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(tasks.len(), 6);
    assert!(tasks.iter().all(|t| !t.starts_with("t-")));
    assert_eq!(j.json(&["checkins", "--json"]), json!([]));
    assert_eq!(
        j.json(&["imports", "--json"]).as_array().map(Vec::len),
        Some(1)
    );
    let before = j.bytes();
    assert_fails(&j.run(&["import", "--undo", id]), &[id, "no import"]);
    assert_eq!(j.bytes(), before);
}

#[test]
fn demo_fills_an_empty_journal_and_refuses_a_non_empty_one() {
    let j = Journal::new();
    let out = j.ok(&["demo", "--days", "30", "--seed", "5"]);
    assert!(out.contains("30 days"), "{out}");
    let n = j.events().len();
    assert!(n > 60, "{n} events");
    assert!(!j
        .json(&["checkins", "--json"])
        .as_array()
        .expect("array")
        .is_empty());
    let before = j.bytes();
    assert_fails(
        &j.run(&["demo"]),
        &["already holds records", "empty journal"],
    );
    assert_eq!(j.bytes(), before);
    let k = Journal::new();
    k.ok(&["checkin", "--date", "2026-01-01", "--alignment", "3"]);
    assert_fails(&k.run(&["demo"]), &["already holds records"]);
    assert_fails(&Journal::new().run(&["demo", "--days", "0"]), &["--days"]);
}

#[test]
fn backup_and_restore() {
    let j = Journal::new();
    j.ok(&[
        "log",
        "--kind",
        "completed",
        "--task",
        "Before backup",
        "--at",
        "2026-03-01T08:00:00Z",
    ]);
    let bak = j.path("copy.plumbline");
    let out = j.ok(&["backup", "-o", bak.to_str().expect("p")]);
    assert!(out.contains("copy.plumbline"));
    assert_fails(
        &j.run(&["backup", "-o", bak.to_str().expect("p")]),
        &["already exists"],
    );
    j.ok(&[
        "log",
        "--kind",
        "avoided",
        "--task",
        "After backup",
        "--at",
        "2026-03-02T08:00:00Z",
    ]);
    assert_eq!(j.events().len(), 2);
    // A file that is not a journal is refused and the journal stays as it was.
    let before = j.bytes();
    let text = j.write("notes.txt", "not a journal");
    assert_fails(
        &j.run(&["restore", text.to_str().expect("p")]),
        &["notes.txt", "not a Plumbline journal"],
    );
    let foreign = j.path("other.sqlite");
    {
        let c = rusqlite::Connection::open(&foreign).expect("sqlite");
        c.execute_batch("CREATE TABLE a (b); INSERT INTO a VALUES (1);")
            .expect("sql");
    }
    assert_fails(
        &j.run(&["restore", foreign.to_str().expect("p")]),
        &["other.sqlite"],
    );
    assert_fails(
        &j.run(&["restore", j.path("missing").to_str().expect("p")]),
        &["missing"],
    );
    assert_eq!(j.bytes(), before);
    let out = j.ok(&["restore", bak.to_str().expect("p")]);
    assert!(out.contains("kept at"), "{out}");
    let evs = j.events();
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0]["task"], "Before backup");
    // The replaced journal was kept and still holds both events.
    let kept: Vec<PathBuf> = std::fs::read_dir(j.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().contains("before-restore"))
        .filter(|p| p.to_string_lossy().ends_with(".bak"))
        .collect();
    assert_eq!(kept.len(), 1);
    let kept_events: Value =
        serde_json::from_slice(&run_on(&kept[0], &["events", "--json"]).stdout).expect("json");
    assert_eq!(kept_events.as_array().map(Vec::len), Some(2));
}

/// A writer killed with SIGKILL mid-command never corrupts the journal or loses an event whose
/// `log` had already succeeded.
#[test]
fn killing_a_writer_never_corrupts_or_loses_acknowledged_events() {
    let j = Journal::new();
    j.ok(&["events"]);
    let mut acknowledged = 0usize;
    for i in 0..40u64 {
        let mut child = Command::new(EXE)
            .arg("--db")
            .arg(&j.db)
            .args([
                "log",
                "--kind",
                "completed",
                "--task",
                &format!("crash {i}"),
                "--at",
                "2026-03-01T08:00:00Z",
            ])
            .env_remove("PLUMBLINE_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        if i % 3 == 0 {
            let status = child.wait().expect("wait");
            if status.success() {
                acknowledged += 1;
            }
        } else {
            // Vary the moment of the kill across opening, validating, writing and committing.
            std::thread::sleep(std::time::Duration::from_micros(500 * (i % 12)));
            let _ = child.kill(); // SIGKILL on Unix
            let status = child.wait().expect("wait");
            if status.success() {
                acknowledged += 1;
            }
        }
    }
    let conn = rusqlite::Connection::open(&j.db).expect("open");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    let count: i64 = conn
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .expect("count");
    drop(conn);
    assert!(
        count as usize >= acknowledged,
        "{count} events stored, {acknowledged} acknowledged"
    );
    assert!(
        acknowledged >= 14,
        "at least every third run completed: {acknowledged}"
    );
    assert_eq!(
        j.events().len(),
        count as usize,
        "the CLI still reads the journal"
    );
}

#[test]
fn other_apps_exports_are_recognised_imported_once_and_undone() {
    let j = Journal::new();
    let daylio = j.write(
        "daylio.csv",
        "full_date,date,weekday,time,mood,activities,note_title,note\n\
         2023-06-22,June 22,Thursday,6:50 pm,rad,friends | cooking,Dinner,\"Tom &amp; Jerry came over.<br>We said hi\"\n\
         2023-06-21,June 21,Wednesday,08:45,meh,work,,Long day\n",
    );
    let p = daylio.to_str().expect("p");
    let r = j.json(&["import", p, "--json", "--tz", "Europe/Berlin"]);
    assert_eq!(r["format"], "daylio");
    assert_eq!(
        r["added"],
        json!({"events": 0, "checkins": 0, "reflections": 2})
    );
    let rs = j.json(&["reflections", "--json"]);
    let dinner = rs
        .as_array()
        .expect("array")
        .iter()
        .find(|r| r["title"] == "Dinner")
        .expect("dinner")
        .clone();
    assert_eq!(dinner["at"], "2023-06-22T18:50:00+02:00");
    assert_eq!(dinner["text"], "Tom & Jerry came over.\nWe said hi");
    assert_eq!(dinner["source"]["app"], "daylio");
    let again = j.json(&["import", p, "--json", "--tz", "Europe/Berlin"]);
    assert_eq!(
        again["added"],
        json!({"events": 0, "checkins": 0, "reflections": 0})
    );
    assert_eq!(again["duplicates"], 2);
    let jrnl = j.write("journal.txt", "[2026-03-02 09:15] Started the proposal. Nervous. @work\n\n[2026-03-02 21:00] Evening\nIt went fine.\n");
    let r = j.json(&["import", jrnl.to_str().expect("p"), "--json", "--tz", "UTC"]);
    assert_eq!(r["format"], "jrnl");
    assert_eq!(r["added"]["reflections"], 2);
    let id = r["import_id"].as_str().expect("id").to_string();
    j.ok(&["import", "--undo", &id]);
    assert_eq!(
        j.json(&["reflections", "--json"]).as_array().map(Vec::len),
        Some(2)
    );
    let before = j.bytes();
    assert_fails(
        &j.run(&["import", p, "--tz", "Mars/Olympus"]),
        &["--tz", "Mars/Olympus"],
    );
    assert_fails(
        &j.run(&["import", p, "--mood-map", "happy"]),
        &["--mood-map"],
    );
    assert_fails(
        &j.run(&["import", jrnl.to_str().expect("p"), "--format", "loop"]),
        &["journal.txt"],
    );
    assert_eq!(j.bytes(), before);
}

#[test]
fn analyze_says_what_is_missing_then_finds_the_demo_patterns() {
    let j = Journal::new();
    let now = "2026-11-25T12:00:00+01:00";
    let a = j.json(&["analyze", "--json", "--now", now]);
    assert_eq!(a["format"], "plumbline-analysis");
    assert_eq!(a["version"], 1);
    assert_eq!(a["enough_data"], false);
    assert_eq!(a["patterns"], json!([]));
    assert_eq!(a["beliefs"], json!([]));
    assert!(!a["missing"].as_array().expect("missing").is_empty());
    assert!(j.ok(&["analyze", "--now", now]).contains("Not enough data"));
    assert_fails(
        &j.run(&["demo", "--days", "120", "--end", "2026-13-01"]),
        &["--end"],
    );
    j.ok(&[
        "demo",
        "--days",
        "120",
        "--seed",
        "1",
        "--end",
        "2026-11-23",
    ]);
    let a = j.json(&["analyze", "--json", "--now", now]);
    for key in [
        "generated_at",
        "window",
        "totals",
        "layers",
        "trend",
        "shifts",
        "pathways",
    ] {
        assert!(a.get(key).is_some(), "analysis lacks {key}");
    }
    assert_eq!(a["enough_data"], true);
    let patterns = a["patterns"].as_array().expect("patterns");
    assert!(
        patterns.iter().any(|p| p["id"] == "tag:publish"),
        "the publishing pattern is found"
    );
    // The planted belief is among the links, resting on the publishing pattern; where it
    // ranks among the emerging links is the analyzer's to weigh (`tests/tests/analyzer.rs`
    // measures that on journals nobody tuned on).
    let visible = a["beliefs"]
        .as_array()
        .expect("beliefs")
        .iter()
        .find(|b| b["belief_id"] == "visibility_risk")
        .expect("the visibility link is listed");
    assert!(
        visible["evidence"]["patterns"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p == "tag:publish")),
        "{visible}"
    );
    let text = j.ok(&["analyze", "--now", now]);
    assert!(
        text.contains("visibility_risk") && text.contains("not diagnosis"),
        "{text}"
    );
    // A verdict keeps the evidence the link had, and the analysis shows it.
    j.ok(&["verdict", "visibility_risk", "confirmed"]);
    let a = j.json(&["analyze", "--json", "--now", now]);
    assert_eq!(a["beliefs"][0]["verdict"], "confirmed");
    let conn = rusqlite::Connection::open(&j.db).expect("open");
    let evidence: Option<i64> = conn
        .query_row(
            "SELECT evidence FROM verdicts WHERE belief_id = 'visibility_risk'",
            [],
            |r| r.get(0),
        )
        .expect("verdict row");
    assert_eq!(
        evidence,
        a["beliefs"][0]["evidence"]["breaks_matched"].as_i64()
    );
    drop(conn);
    assert_fails(
        &j.run(&["analyze", "--since", "2026-11-10", "--until", "2026-11-01"]),
        &["--since", "--until"],
    );
    assert_fails(&j.run(&["analyze", "--now", "noon"]), &["--now"]);
}

#[test]
fn export_never_replaces_a_file_without_force_nor_the_journal_at_all() {
    let j = Journal::new();
    j.ok(&["log", "--kind", "completed", "--task", "keep"]);
    let out = j.write("exists.json", "{}");
    let o = j.run(&[
        "export",
        "--format",
        "json",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_fails(&o, &["exists.json", "--force"]);
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "{}");

    let o = j.run(&[
        "export",
        "--format",
        "json",
        "-o",
        out.to_str().expect("utf-8"),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&out)
        .expect("read")
        .contains("keep"));

    // The journal, its -wal and any SQLite file are refused even with --force.
    let before = j.bytes();
    let db = j.db.to_str().expect("utf-8").to_string();
    for target in [db.clone(), format!("{db}-wal")] {
        let o = j.run(&["export", "--format", "json", "-o", &target, "--force"]);
        assert_fails(&o, &["journal"]);
    }
    assert_eq!(j.bytes(), before);
    let other = j.path("other.sqlite");
    run_on(&other, &["log", "--kind", "completed", "--task", "x"]);
    let o = j.run(&[
        "export",
        "--format",
        "csv",
        "-o",
        other.to_str().expect("utf-8"),
        "--force",
    ]);
    assert_fails(&o, &["SQLite"]);
}

#[test]
fn absurd_dates_in_imports_are_errors_naming_the_record_not_panics() {
    let j = Journal::new();
    let jrnl = j.write(
        "far.txt",
        "[2020-03-02 09:15] A normal entry.\n\n[+262142-12-31 23:30] Far away.\n",
    );
    let daylio = j.write(
        "far.csv",
        "full_date,date,weekday,time,mood,activities,note_title,note\n\
         +262142-12-31,December 31,Friday,11:30 pm,rad,,,Far away\n",
    );
    for (file, format, record) in [(&jrnl, "jrnl", "Far away"), (&daylio, "daylio", "line 2")] {
        let o = j.run(&["import", file.to_str().expect("p"), "--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.contains(record) || err.contains("+262142"),
            "{format}: {err}"
        );
    }
    assert!(j.events().is_empty());
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_refused_at_once() {
    let j = Journal::new();
    let fifo = j.path("pipe.json");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    for file in [Path::new("/dev/zero"), fifo.as_path()] {
        for format in ["auto", "plumbline", "daylio"] {
            let o = j.run(&["import", file.to_str().expect("p"), "--format", format]);
            assert_fails(&o, &["not a regular file"]);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Encryption at rest

const SECRET_THOUGHT: &str = "UNIQUE-THOUGHT-q7Zx3 nobody may read this";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Every file in the journal's folder and its backups folder, by name.
fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("list").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(all_files(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).expect("read")));
        }
    }
    out
}

/// Each file's path with a hash of its bytes (short to print when a comparison fails).
fn fingerprint(dir: &Path) -> Vec<(PathBuf, u64)> {
    use std::hash::{Hash, Hasher};
    let mut v: Vec<(PathBuf, u64)> = all_files(dir)
        .into_iter()
        .map(|(p, b)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            b.hash(&mut h);
            (p, h.finish())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn an_encrypted_journal_hides_every_word_and_opens_only_with_its_key() {
    let j = Journal::new();
    j.ok(&[
        "log",
        "--kind",
        "avoided",
        "--task",
        "Call the bank",
        "--at",
        "2026-11-20T09:40:00+01:00",
        "--thought",
        SECRET_THOUGHT,
    ]);
    j.ok(&[
        "reflect",
        SECRET_THOUGHT,
        "--at",
        "2026-11-20T21:00:00+01:00",
    ]);
    // Plaintext copies Plumbline made: a daily backup and a .bak beside the journal.
    std::fs::create_dir(j.path("backups")).expect("backups");
    let daily = j.path("backups/journal.plumbline-2026-11-20.bak");
    j.ok(&["backup", "-o", daily.to_str().expect("p")]);
    let beside = j.path("journal.plumbline.before-v2.bak");
    j.ok(&["backup", "-o", beside.to_str().expect("p")]);
    let before = j.ok(&["export"]);
    assert!(all_files(j.dir.path())
        .iter()
        .any(|(_, b)| contains(b, SECRET_THOUGHT)));

    let pass = j.write("pass.txt", "correct horse battery\n");
    let said = j.ok(&[
        "encrypt",
        "--new-passphrase-file",
        pass.to_str().expect("p"),
    ]);
    assert!(said.contains("Encrypted 2 backups"), "{said}");
    let recovery = said
        .lines()
        .skip_while(|l| !l.starts_with("Recovery key"))
        .nth(1)
        .expect("the recovery key is printed")
        .trim()
        .to_string();
    assert_eq!(recovery.len(), 71, "{recovery}");

    let p = pass.to_str().expect("p");
    let events = |o: Output| -> Vec<Value> {
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).expect("json")
    };
    let listed = events(j.run(&["--passphrase-file", p, "events", "--json"]));
    assert_eq!(listed[0]["thought"], SECRET_THOUGHT);
    // The env var names the file too.
    let o = Command::new(EXE)
        .args(["--db", j.db.to_str().expect("p"), "events", "--json"])
        .env("PLUMBLINE_PASSPHRASE_FILE", &pass)
        .env("PLUMBLINE_TEST_KDF", "fast")
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(events(o).len(), 1);
    // Not a word in any file: journal, -wal, backups, key file.
    j.ok(&[
        "--passphrase-file",
        p,
        "log",
        "--kind",
        "completed",
        "--task",
        "x",
    ]);
    for (path, bytes) in all_files(j.dir.path()) {
        if path == pass {
            continue;
        }
        assert!(
            !contains(&bytes, SECRET_THOUGHT),
            "{} shows the thought",
            path.display()
        );
        assert!(
            !contains(&bytes, "Call the bank"),
            "{} shows the task",
            path.display()
        );
    }

    // A wrong passphrase, or none: exit 1, a clear sentence, not a byte changed.
    let wrong = j.write("wrong.txt", "incorrect");
    let files_before = fingerprint(j.dir.path());
    assert_fails(
        &j.run(&["--passphrase-file", wrong.to_str().expect("p"), "events"]),
        &["the passphrase does not open", "journal.plumbline"],
    );
    assert_fails(
        &j.run(&["events"]),
        &[
            "is encrypted",
            "--passphrase-file",
            "remembered in a system keyring",
        ],
    );
    assert_fails(
        &j.run(&["log", "--kind", "completed", "--task", "y"]),
        &["is encrypted"],
    );
    assert_eq!(fingerprint(j.dir.path()), files_before);

    // The recovery key opens it wherever a passphrase does; rekey changes the passphrase only.
    let rec = j.write("recovery.txt", format!("{recovery}\n"));
    let r = rec.to_str().expect("p");
    assert_eq!(
        events(j.run(&["--passphrase-file", r, "events", "--json"])).len(),
        2
    );
    let journal_bytes = std::fs::read(&j.db).expect("read");
    let new = j.write("new.txt", "a new passphrase");
    j.ok(&[
        "--passphrase-file",
        p,
        "rekey",
        "--new-passphrase-file",
        new.to_str().expect("p"),
    ]);
    assert_eq!(
        std::fs::read(&j.db).expect("read"),
        journal_bytes,
        "rekey rewrites no page"
    );
    assert_fails(
        &j.run(&["--passphrase-file", p, "events"]),
        &["does not open"],
    );
    let n = new.to_str().expect("p");
    assert_eq!(
        events(j.run(&["--passphrase-file", n, "events", "--json"])).len(),
        2
    );
    assert_eq!(
        events(j.run(&["--passphrase-file", r, "events", "--json"])).len(),
        2
    );

    // A backup of the encrypted journal is encrypted and restores with the same key.
    let copy = j.path("copy.bak");
    j.ok(&[
        "--passphrase-file",
        n,
        "backup",
        "-o",
        copy.to_str().expect("p"),
    ]);
    assert!(!contains(
        &std::fs::read(&copy).expect("read"),
        SECRET_THOUGHT
    ));
    j.ok(&["--passphrase-file", n, "restore", copy.to_str().expect("p")]);
    // Exports say they are not encrypted.
    let said = j.ok(&[
        "--passphrase-file",
        n,
        "export",
        "-o",
        j.path("out.json").to_str().expect("p"),
    ]);
    assert!(said.contains("not encrypted"), "{said}");

    // Decrypt, and the export is the one from before encryption (and the new event).
    j.ok(&[
        "--passphrase-file",
        n,
        "delete",
        listed_id(&j, n, "x").as_str(),
    ]);
    j.ok(&["--passphrase-file", n, "decrypt"]);
    assert!(!j.path("journal.plumbline.keys").exists());
    let after = j.ok(&["export"]);
    assert_eq!(without_exported_at(&after), without_exported_at(&before));
}

fn listed_id(j: &Journal, pass: &str, task: &str) -> String {
    let out = j.ok(&["--passphrase-file", pass, "events", "--json"]);
    let list: Vec<Value> = serde_json::from_str(&out).expect("json");
    list.iter()
        .find(|e| e["task"] == task)
        .and_then(|e| e["id"].as_str())
        .expect("listed")
        .to_string()
}

/// `encrypt` killed at random moments leaves a journal that opens: the plaintext one as it
/// was, or the encrypted one with the passphrase — never neither.
#[test]
fn a_killed_encrypt_leaves_an_openable_journal() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
    let mut outcomes = (0, 0);
    let journal = |round: usize| {
        let j = Journal::new();
        for i in 0..30 {
            j.ok(&[
                "log",
                "--kind",
                "completed",
                "--task",
                &format!("t{round}-{i}"),
            ]);
        }
        let pass = j.write("pass.txt", "p");
        (j, pass)
    };
    // How long a whole encrypt takes here, so the kills land all through it.
    let (j, pass) = journal(99);
    let started = std::time::Instant::now();
    j.ok(&[
        "encrypt",
        "--new-passphrase-file",
        pass.to_str().expect("p"),
    ]);
    let whole = started.elapsed().as_micros().max(1_000) as u64;
    for round in 0..12 {
        let (j, pass) = journal(round);
        let mut child = Command::new(EXE)
            .args([
                "--db",
                j.db.to_str().expect("p"),
                "encrypt",
                "--new-passphrase-file",
            ])
            .arg(&pass)
            .env("PLUMBLINE_TEST_KDF", "fast")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_micros(
            rng.random_range(0..whole + whole / 5),
        ));
        let _ = child.kill();
        let _ = child.wait();
        let plain = j.run(&["events", "--json"]);
        let listed: Vec<Value> = if plain.status.success() {
            outcomes.0 += 1;
            serde_json::from_slice(&plain.stdout).expect("json")
        } else {
            outcomes.1 += 1;
            let o = j.run(&[
                "--passphrase-file",
                pass.to_str().expect("p"),
                "events",
                "--json",
            ]);
            assert!(
                o.status.success(),
                "round {round}: neither opens: {}",
                stderr(&o)
            );
            serde_json::from_slice(&o.stdout).expect("json")
        };
        assert_eq!(listed.len(), 30, "round {round}");
    }
    eprintln!(
        "killed encrypt: {} left plaintext, {} encrypted",
        outcomes.0, outcomes.1
    );
}

#[test]
fn a_journal_that_no_longer_opens_can_be_restored_and_is_kept_aside() {
    let j = Journal::new();
    j.ok(&["log", "--kind", "completed", "--task", "Saved"]);
    let copy = j.path("copy.bak");
    j.ok(&["backup", "-o", copy.to_str().expect("p")]);
    std::fs::write(&j.db, b"this is not a database any more, sadly").expect("damage");
    assert_fails(&j.run(&["events"]), &["journal.plumbline"]);
    let said = j.ok(&["restore", copy.to_str().expect("p")]);
    assert!(said.contains("unopenable"), "{said}");
    assert_eq!(j.events()[0]["task"], "Saved");
    let kept: Vec<_> = std::fs::read_dir(j.dir.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".unopenable-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read(kept[0].path()).expect("read"),
        b"this is not a database any more, sadly"
    );
}

/// `analyze` reads thoughts with the sentence model: every text is embedded once and stored,
/// and the analysis says which model read them. Without the model it warns once, on stderr,
/// and falls back to markers, saying so in `text_model`; the analysis still succeeds.
#[test]
fn analyze_reads_thoughts_with_the_text_model_or_says_it_could_not() {
    let j = Journal::new();
    j.ok(&[
        "log",
        "--kind",
        "avoided",
        "--task",
        "Send the pitch",
        "--thought",
        "who am I to ask for that much",
        "--at",
        "2026-11-20T09:00:00+01:00",
    ]);
    let a = j.json(&["analyze", "--json", "--now", "2026-11-24T09:00:00+01:00"]);
    assert_eq!(a["text_model"]["kind"], "embedding", "{}", a["text_model"]);
    assert!(
        a["text_model"]["note"]
            .as_str()
            .is_some_and(|n| n.contains("plumbline-text-v2")),
        "{}",
        a["text_model"]
    );

    let o = Command::new(EXE)
        .arg("--db")
        .arg(&j.db)
        .env("PLUMBLINE_CONFIG_DIR", j.db.with_extension("config"))
        .env("PLUMBLINE_MODEL", j.path("no-such-model.bin"))
        .args(["analyze", "--json", "--now", "2026-11-24T09:00:00+01:00"])
        .output()
        .expect("run");
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches("text model").count(), 1, "one warning: {err}");
    assert!(err.contains("no-such-model.bin"), "names the file: {err}");
    let a: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(a["text_model"]["kind"], "markers", "{}", a["text_model"]);
}

#[test]
fn file_errors_are_plain_words_without_system_codes() {
    let j = Journal::new();
    let missing = j.path("nowhere.csv");
    let o = j.run(&["import", missing.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("there is no such file or folder"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    let o = j.run(&[
        "export",
        "--format",
        "json",
        "-o",
        j.path("no-such-folder/out.json")
            .to_str()
            .expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("os error"), "{err}");
}
