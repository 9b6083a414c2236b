use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::*;
use crate::clock::FixedClock;
use crate::domain::{
    parse_instant, Checkin, CustomBelief, EventInput, Kind, Pathway, PathwayInput, ReflectionInput,
    Source, VerdictKind,
};
use crate::store::{ImportBatch, ImportMeta};

fn clock() -> FixedClock {
    FixedClock(parse_instant("2026-11-24T09:00:00+01:00").expect("instant"))
}

fn at(s: &str) -> Instant {
    parse_instant(s).expect("instant")
}

fn date(s: &str) -> NaiveDate {
    crate::domain::parse_date(s).expect("date")
}

fn event(s: &str, kind: Kind, task: &str) -> EventInput {
    EventInput::new(at(s), kind, task)
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).expect("read file")
}

#[test]
fn new_journal_has_identity_schema_and_wal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nested/journal.plumbline");
    let store = Store::open(&path).expect("open");
    assert_eq!(store.schema_version().expect("version"), latest_version());
    let conn = store.conn();
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .expect("app id");
    assert_eq!(app, APPLICATION_ID);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("fk");
    assert_eq!(fk, 1);
    let checkpoint: i64 = conn
        .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
        .expect("checkpoint");
    assert_eq!(checkpoint, 4000);
    assert!(store.is_empty().expect("empty"));
    drop(store);
    // Reopening an up-to-date journal writes no backup.
    Store::open(&path).expect("reopen");
    assert!(!backup_path(&path, latest_version()).exists());
}

#[test]
fn zero_byte_file_and_blank_sqlite_become_journals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").expect("write");
    Store::open(&empty).expect("0-byte file becomes a journal");

    let blank = dir.path().join("blank.db");
    Connection::open(&blank)
        .and_then(|c| c.execute_batch("PRAGMA user_version = 0; VACUUM;"))
        .expect("blank sqlite");
    Store::open(&blank).expect("blank sqlite becomes a journal");
}

#[test]
fn foreign_files_are_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "just some notes\n").expect("write");
    let err = Store::open(&text).unwrap_err();
    assert!(matches!(err, StoreError::NotAJournal { .. }), "{err}");
    assert!(err.to_string().contains("not an SQLite database"), "{err}");
    assert_eq!(bytes(&text), b"just some notes\n");

    let garbage = dir.path().join("garbage.bin");
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&garbage, &junk).expect("write");
    assert!(Store::open(&garbage).is_err());
    assert_eq!(bytes(&garbage), junk);

    let other = dir.path().join("other.sqlite");
    Connection::open(&other)
        .and_then(|c| c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);"))
        .expect("other db");
    let before = bytes(&other);
    let err = Store::open(&other).unwrap_err();
    assert!(err.to_string().contains("another program"), "{err}");
    assert_eq!(bytes(&other), before);

    let other_app = dir.path().join("other-app.sqlite");
    Connection::open(&other_app)
        .and_then(|c| c.execute_batch("PRAGMA application_id = 42; CREATE TABLE t (x);"))
        .expect("other app db");
    let before = bytes(&other_app);
    let err = Store::open(&other_app).unwrap_err();
    assert!(err.to_string().contains("application id"), "{err}");
    assert_eq!(bytes(&other_app), before);

    let err = Store::open(dir.path()).unwrap_err();
    assert!(err.to_string().contains("directory"), "{err}");
}

#[test]
fn newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.plumbline");
    drop(Store::open(&path).expect("open"));
    {
        let c = Connection::open(&path).expect("raw");
        c.execute_batch(&format!(
            "PRAGMA journal_mode = DELETE; PRAGMA user_version = {};",
            latest_version() + 5
        ))
        .expect("bump");
    }
    let before = bytes(&path);
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("newer Plumbline"), "{err}");
    assert_eq!(bytes(&path), before);
}

/// The tasks of the analyzer's rows, in the order read.
#[derive(Default)]
struct Tasks(Vec<String>);

impl EventRows for Tasks {
    fn push_event(&mut self, row: RowIn<'_>) {
        self.0.push(row.task.to_string());
    }
    fn push_tag(&mut self, _: &str) {}
}

#[test]
fn upgrade_from_every_older_version_keeps_data_and_writes_backup() {
    let older = MIGRATIONS
        .iter()
        .map(|m| m.version)
        .filter(|&v| v < latest_version());
    for from in older {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.plumbline");
        let old: Vec<Migration> = MIGRATIONS
            .iter()
            .copied()
            .filter(|m| m.version <= from)
            .collect();
        {
            let mut s = Store::open_with(&path, &old).expect("old schema");
            assert_eq!(s.schema_version().expect("v"), from);
            s.log_event(
                event("2026-11-20T09:40:00+01:00", Kind::Avoided, "Send invoice"),
                &clock(),
            )
            .expect("log");
            let mut c = Checkin::new(date("2026-11-20"), 2);
            c.note = Some("Harbour walk".into());
            s.save_checkin(c, &clock()).expect("checkin");
            let mut r = ReflectionInput::new(at("2026-11-20T21:00:00+01:00"), "A lighthouse day");
            r.tags = vec!["calm".into()];
            s.add_reflection(r, &clock()).expect("reflection");
        }
        let store = Store::open(&path).expect("upgrade");
        assert_eq!(store.schema_version().expect("v"), latest_version());
        let events = store.events(&Query::default()).expect("events");
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].task, "Send invoice");
        assert!(store.checkin(date("2026-11-20")).expect("c").is_some());
        // The search index is built for what was there before the upgrade.
        let found = |words: &str| {
            store
                .search(&SearchQuery {
                    words: words.into(),
                    ..SearchQuery::default()
                })
                .expect("search")
                .iter()
                .map(|h| h.kind_of_record)
                .collect::<Vec<_>>()
        };
        assert_eq!(found("invoice"), vec![HitType::Event], "from v{from}");
        assert_eq!(found("harbour"), vec![HitType::Checkin], "from v{from}");
        assert_eq!(
            found("lighthouse"),
            vec![HitType::Reflection],
            "from v{from}"
        );
        // The analyzer's rows come from the index built for what was there.
        let mut tasks = Tasks::default();
        store
            .analysis_events(None, None, &mut tasks)
            .expect("analysis rows");
        assert_eq!(tasks.0, ["Send invoice"], "from v{from}");
        let backup = backup_path(&path, latest_version());
        assert!(backup.exists(), "backup before migrating from v{from}");
        let b = Store::open_with(&backup, &old).expect("backup is a v-old journal");
        assert_eq!(b.schema_version().expect("v"), from);
        assert_eq!(b.events(&Query::default()).expect("events").len(), 1);
    }
}

#[test]
fn failing_migration_leaves_the_file_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.plumbline");
    let v1: Vec<Migration> = MIGRATIONS.iter().copied().take(1).collect();
    {
        let mut s = Store::open_with(&path, &v1).expect("v1");
        s.log_event(
            event("2026-11-20T09:40:00+01:00", Kind::Completed, "Ship"),
            &clock(),
        )
        .expect("log");
        // Leave the file checkpointed and in rollback-journal mode, as a closed journal is.
        s.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .expect("checkpoint");
    }
    let before = bytes(&path);
    let mut broken = v1.clone();
    broken.push(Migration {
        version: 2,
        name: "broken",
        sql: "CREATE TABLE fine (x); INSERT INTO no_such_table VALUES (1);",
    });
    let err = Store::open_with(&path, &broken).unwrap_err();
    assert!(
        matches!(err, StoreError::Migration { version: 2, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("left as it was"), "{err}");
    assert_eq!(
        bytes(&path),
        before,
        "journal byte-identical after a failed migration"
    );
    let s = Store::open_with(&path, &v1).expect("still a v1 journal");
    assert_eq!(s.schema_version().expect("v"), 1);
}

#[test]
fn events_log_edit_delete_restore() {
    let mut s = Store::open_in_memory().expect("store");
    let mut input = event(
        "2026-11-20T09:40:00+01:00",
        Kind::DelayedStart,
        " Write newsletter ",
    );
    input.planned_at = Some(at("2026-11-20T09:00:00+01:00"));
    input.thought = Some("It needs another pass".into());
    input.friction = Some(4);
    input.tags = vec!["newsletter".into(), "#publish".into()];
    let e = s.log_event(input, &clock()).expect("log");
    assert_eq!(e.task, "Write newsletter");
    assert_eq!(
        e.tags,
        vec!["newsletter".to_string(), "publish".to_string()]
    );
    assert_eq!(s.event(&e.id).expect("get"), Some(e.clone()));

    let mut bad = e.input();
    bad.friction = Some(9);
    let err = s.edit_event(&e.id, bad, &clock()).unwrap_err();
    assert_eq!(err.field(), Some("friction"));
    assert_eq!(s.event(&e.id).expect("get"), Some(e.clone()), "unchanged");

    let mut edit = e.input();
    edit.kind = Kind::Completed;
    edit.tags = vec!["done".into()];
    let edited = s.edit_event(&e.id, edit, &clock()).expect("edit");
    assert_eq!(edited.kind, Kind::Completed);
    assert_eq!(
        s.suggestions(Suggest::Tag, "", 10).expect("tags"),
        vec!["done".to_string()]
    );

    let deleted = s.delete_event(&e.id).expect("delete");
    assert_eq!(s.event(&e.id).expect("get"), None);
    assert!(matches!(
        s.delete_event(&e.id),
        Err(StoreError::NotFound { .. })
    ));
    s.restore_event(&deleted, &clock()).expect("undo");
    assert_eq!(s.event(&e.id).expect("get"), Some(deleted.clone()));
    // Undone twice (two windows, say): the second changes nothing and says why in words.
    let again = s.restore_event(&deleted, &clock()).expect_err("refused");
    assert!(matches!(
        again,
        StoreError::Taken {
            what: "an event",
            ..
        }
    ));
    assert!(
        again.to_string().contains("in the journal again"),
        "{again}"
    );
    assert_eq!(s.events(&Query::default()).expect("events").len(), 1);

    assert!(matches!(
        s.edit_event("nope", e.input(), &clock()),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn queries_are_by_local_date_and_kind() {
    let mut s = Store::open_in_memory().expect("store");
    // 23:30 at +01:00 is the 20th locally even though it is the 20th 22:30 UTC;
    // 00:30 at -05:00 is the 21st locally though UTC says 05:30 the 21st.
    s.log_event(
        event("2026-11-20T23:30:00+01:00", Kind::Avoided, "late"),
        &clock(),
    )
    .expect("log");
    s.log_event(
        event("2026-11-21T00:30:00-05:00", Kind::Completed, "early"),
        &clock(),
    )
    .expect("log");
    s.log_event(
        event("2026-11-19T08:00:00+01:00", Kind::Completed, "before"),
        &clock(),
    )
    .expect("log");
    let on20 = s.events(&Query::on(date("2026-11-20"))).expect("q");
    assert_eq!(
        on20.iter().map(|e| e.task.as_str()).collect::<Vec<_>>(),
        ["late"]
    );
    let all = s.events(&Query::default()).expect("q");
    assert_eq!(
        all.iter().map(|e| e.task.as_str()).collect::<Vec<_>>(),
        ["before", "late", "early"]
    );
    let completed = s
        .events(&Query {
            kind: Some(Kind::Completed),
            ..Query::default()
        })
        .expect("q");
    assert_eq!(completed.len(), 2);
    let limited = s
        .events(&Query {
            limit: Some(1),
            ..Query::default()
        })
        .expect("q");
    assert_eq!(limited.len(), 1);
}

#[test]
fn suggestions_are_recent_first_and_prefix_matched() {
    let mut s = Store::open_in_memory().expect("store");
    for (t, task) in [
        ("2026-11-18T09:00:00Z", "Write newsletter"),
        ("2026-11-19T09:00:00Z", "Send invoices"),
        ("2026-11-20T09:00:00Z", "Write newsletter"),
        ("2026-11-21T09:00:00Z", "Workout 100%"),
    ] {
        let mut e = event(t, Kind::Completed, task);
        e.domain = Some("content".into());
        s.log_event(e, &clock()).expect("log");
    }
    assert_eq!(
        s.suggestions(Suggest::Task, "w", 10).expect("s"),
        vec!["Workout 100%".to_string(), "Write newsletter".to_string()]
    );
    assert_eq!(
        s.suggestions(Suggest::Task, "workout 100%", 10).expect("s"),
        vec!["Workout 100%".to_string()]
    );
    assert!(s
        .suggestions(Suggest::Task, "x_", 10)
        .expect("s")
        .is_empty());
    assert_eq!(
        s.suggestions(Suggest::Domain, "", 10).expect("s"),
        vec!["content".to_string()]
    );
}

#[test]
fn checkins_replace_the_days_entry() {
    let mut s = Store::open_in_memory().expect("store");
    let d = date("2026-11-20");
    s.save_checkin(Checkin::new(d, 2), &clock()).expect("save");
    let mut c = Checkin::new(d, 4);
    c.energy = Some(3);
    c.note = Some("  better  ".into());
    let saved = s.save_checkin(c, &clock()).expect("replace");
    assert_eq!(saved.alignment, 4);
    assert_eq!(saved.note.as_deref(), Some("better"));
    assert_eq!(s.checkins(&Query::default()).expect("list").len(), 1);
    let err = s.save_checkin(Checkin::new(d, 7), &clock()).unwrap_err();
    assert_eq!(err.to_string(), "alignment: 7 is out of range 1–5");
    assert_eq!(s.checkin(d).expect("get").map(|c| c.alignment), Some(4));
    s.delete_checkin(d).expect("delete");
    assert!(s.checkin(d).expect("get").is_none());
}

#[test]
fn reflections_add_edit_delete() {
    let mut s = Store::open_in_memory().expect("store");
    let mut r = ReflectionInput::new(at("2026-11-20T21:10:00+01:00"), "I said one more email.");
    r.prompt_id = Some("thinking.before_delay".into());
    let r = s.add_reflection(r, &clock()).expect("add");
    assert_eq!(
        s.reflections(&Query::on(date("2026-11-20"))).expect("list"),
        vec![r.clone()]
    );
    let mut edit = r.input();
    edit.starred = true;
    let edited = s.edit_reflection(&r.id, edit, &clock()).expect("edit");
    assert!(edited.starred);
    assert!(s
        .add_reflection(ReflectionInput::new(r.at, "   "), &clock())
        .is_err());
    s.delete_reflection(&r.id).expect("delete");
    assert!(s.reflection(&r.id).expect("get").is_none());
}

#[test]
fn verdicts_pathways_and_custom_beliefs() {
    let mut s = Store::open_in_memory().expect("store");
    let err = s
        .set_verdict(
            "custom:nope",
            VerdictKind::Confirmed,
            at("2026-11-21T20:00:00Z"),
            None,
        )
        .unwrap_err();
    assert_eq!(err.field(), Some("belief_id"));
    s.save_custom_belief(CustomBelief {
        id: "custom:no-time".into(),
        statement: "There is never enough time for my own work".into(),
        markers: vec!["no time".into()],
    })
    .expect("belief");
    assert!(s
        .beliefs()
        .expect("beliefs")
        .iter()
        .any(|b| b.id == "custom:no-time"));
    s.set_verdict(
        "custom:no-time",
        VerdictKind::Rejected,
        at("2026-11-21T20:00:00Z"),
        Some(12),
    )
    .expect("verdict");
    s.set_verdict(
        "custom:no-time",
        VerdictKind::Confirmed,
        at("2026-11-22T20:00:00Z"),
        Some(14),
    )
    .expect("verdict again");
    let v = s.verdicts().expect("verdicts");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].0.verdict, VerdictKind::Confirmed);
    assert_eq!(v[0].1, Some(14));

    let p = Pathway {
        id: "p1".into(),
        belief_id: "custom:no-time".into(),
        reframe: Some("Small blocks count".into()),
        next_action: Some("Open the draft".into()),
        cycle: Some("Tuesdays 10:00, 45 min".into()),
        if_then: None,
        started_on: date("2026-11-22"),
    };
    s.save_pathway(p.clone()).expect("pathway");
    assert_eq!(s.pathways().expect("list"), vec![p.clone()]);
    let mut bad = p;
    bad.belief_id = "custom:unknown".into();
    assert!(s.save_pathway(bad).is_err());
}

fn pathway_input() -> PathwayInput {
    PathwayInput {
        belief_id: "visibility_risk".into(),
        reframe: Some("  Feedback on a draft is information, not a verdict. ".into()),
        next_action: Some("Post the draft to three friends".into()),
        cycle: Some(String::new()),
        if_then: Some("If I reopen it to polish, then I post it as it is".into()),
        started_on: date("2026-11-22"),
    }
}

#[test]
fn pathways_are_added_changed_and_restored_with_their_reminders() {
    use crate::domain::reminder::{Purpose, ReminderInput, TimeOfDay};
    let mut s = Store::open_in_memory().expect("store");
    let p = s.add_pathway(pathway_input()).expect("add");
    assert!(!p.id.is_empty());
    assert_eq!(
        p.reframe.as_deref(),
        Some("Feedback on a draft is information, not a verdict.")
    );
    assert_eq!(p.cycle, None, "an empty field is absent");
    assert_eq!(s.pathways().expect("list"), vec![p.clone()]);

    let mut changed = pathway_input();
    changed.next_action = Some("Post one paragraph".into());
    let q = s.update_pathway(&p.id, changed).expect("update");
    assert_eq!(
        (q.id.as_str(), q.next_action.as_deref()),
        (p.id.as_str(), Some("Post one paragraph"))
    );
    assert_eq!(s.pathway(&p.id).expect("get"), Some(q.clone()));

    // A reminder carries it; deleting the pathway takes the reminder, restoring brings both back.
    let mut input = ReminderInput::new(
        "09:30".parse::<TimeOfDay>().expect("time"),
        Purpose::Pathway,
    );
    input.pathway_id = Some(p.id.clone());
    let r = s.add_reminder(input, &clock()).expect("reminder");
    let r = s.set_reminder_enabled(&r.id, false).expect("off");
    let gone = s.delete_pathway(&p.id).expect("delete");
    assert!(s.reminders().expect("reminders").is_empty());
    s.restore_pathway(&gone, std::slice::from_ref(&r), &clock())
        .expect("restore");
    assert_eq!(s.pathways().expect("list"), vec![q]);
    assert_eq!(s.reminders().expect("reminders"), vec![r.clone()]);
}

#[test]
fn bad_pathways_name_their_field_and_change_nothing() {
    let mut s = Store::open_in_memory().expect("store");
    let p = s.add_pathway(pathway_input()).expect("add");
    let before = s.pathways().expect("list");
    let cases: Vec<(PathwayInput, &str)> = vec![
        (
            PathwayInput {
                next_action: Some("   ".into()),
                ..pathway_input()
            },
            "next_action",
        ),
        (
            PathwayInput {
                belief_id: " ".into(),
                ..pathway_input()
            },
            "belief_id",
        ),
        (
            PathwayInput {
                belief_id: "custom:unknown".into(),
                ..pathway_input()
            },
            "belief_id",
        ),
        (
            PathwayInput {
                reframe: Some("x".repeat(10_001)),
                ..pathway_input()
            },
            "reframe",
        ),
        (
            PathwayInput {
                started_on: date("1850-01-01"),
                ..pathway_input()
            },
            "started_on",
        ),
    ];
    for (input, field) in cases {
        let err = s.add_pathway(input.clone()).expect_err("refused");
        assert_eq!(err.field(), Some(field), "{err}");
        let err = s.update_pathway(&p.id, input).expect_err("refused");
        assert_eq!(err.field(), Some(field), "{err}");
    }
    let err = s
        .update_pathway("no-such-pathway", pathway_input())
        .expect_err("missing");
    assert!(err.to_string().contains("no-such-pathway"), "{err}");
    assert_eq!(s.pathways().expect("list"), before);

    // A reminder that does not carry the pathway is refused, and nothing is restored.
    let gone = s.delete_pathway(&p.id).expect("delete");
    let stray = crate::domain::reminder::Reminder {
        id: "r-stray".into(),
        at: "08:00".parse().expect("time"),
        days: crate::domain::reminder::Weekdays::EVERY_DAY,
        purpose: crate::domain::reminder::Purpose::Reflection,
        pathway_id: None,
        enabled: true,
        snoozed_until: None,
    };
    let err = s
        .restore_pathway(&gone, &[stray], &clock())
        .expect_err("refused");
    assert_eq!(err.field(), Some("reminders"));
    assert!(s.pathways().expect("list").is_empty());
    assert!(s.reminders().expect("list").is_empty());
}

fn batch() -> ImportBatch {
    let mut e1 = event(
        "2026-11-20T09:40:00+01:00",
        Kind::DelayedStart,
        "Newsletter",
    )
    .into_event("ev-1".into(), None);
    e1.tags = vec!["publish".into()];
    let e2 = event("2026-11-20T11:00:00+01:00", Kind::Completed, "Invoices").into_event(
        "ev-2".into(),
        Some(Source {
            app: "loop".into(),
            file: Some("Checkmarks.csv".into()),
            import_id: None,
        }),
    );
    ImportBatch {
        events: vec![e1, e2],
        checkins: vec![Checkin::new(date("2026-11-20"), 3)],
        reflections: vec![
            ReflectionInput::new(at("2026-11-20T21:00:00+01:00"), "Noted.")
                .into_reflection("r-1".into(), None),
        ],
        ..ImportBatch::default()
    }
}

fn meta(dry_run: bool) -> ImportMeta {
    ImportMeta {
        format: "plumbline".into(),
        file: Some("journal.json".into()),
        dry_run,
    }
}

#[test]
fn import_is_exact_duplicate_safe_and_undoable() {
    let mut s = Store::open_in_memory().expect("store");
    let dry = s
        .apply_import(&batch(), &meta(true), &clock())
        .expect("dry");
    assert_eq!(dry.import_id, None);
    assert_eq!(
        (dry.added.events, dry.added.checkins, dry.added.reflections),
        (2, 1, 1)
    );
    assert!(s.is_empty().expect("empty"), "a dry run adds nothing");
    assert!(s.imports().expect("imports").is_empty());

    let first = s
        .apply_import(&batch(), &meta(false), &clock())
        .expect("import");
    assert_eq!(first.added, dry.added);
    let id = first.import_id.clone().expect("id");
    let loop_event = s.event("ev-2").expect("get").expect("exists");
    assert_eq!(
        loop_event.source.and_then(|s| s.import_id),
        Some(id.clone()),
        "provenance gets the import id"
    );
    assert_eq!(s.event("ev-1").expect("get").expect("e").source, None);

    let again = s
        .apply_import(&batch(), &meta(false), &clock())
        .expect("again");
    assert_eq!(again.added, crate::store::Added::default());
    assert_eq!(again.duplicates, 4);

    // A record logged by hand survives the undo.
    s.log_event(
        event("2026-11-21T09:00:00Z", Kind::Completed, "mine"),
        &clock(),
    )
    .expect("log");
    let removed = s.undo_import(&id).expect("undo").removed;
    assert_eq!(
        (removed.events, removed.checkins, removed.reflections),
        (2, 1, 1)
    );
    let left = s.events(&Query::default()).expect("events");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].task, "mine");
    assert!(matches!(
        s.undo_import(&id),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn invalid_import_record_rolls_back_everything() {
    let mut s = Store::open_in_memory().expect("store");
    let mut b = batch();
    b.events[1].friction = Some(9);
    let err = s.apply_import(&b, &meta(false), &clock()).unwrap_err();
    assert_eq!(err.to_string(), "events[1].friction: 9 is out of range 1–5");
    assert!(s.is_empty().expect("empty"));
    assert!(s.imports().expect("imports").is_empty());
}

#[test]
fn snapshot_backup_and_restore() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.plumbline");
    let mut s = Store::open(&path).expect("open");
    s.apply_import(&batch(), &meta(false), &clock())
        .expect("import");
    let snap = s.snapshot().expect("snapshot");
    assert_eq!(snap.events.len(), 2);

    let backup = dir.path().join("copy.plumbline");
    s.backup_to(&backup).expect("backup");
    assert!(s.backup_to(&path).is_err(), "refuses to overwrite itself");
    assert_eq!(
        Store::open(&backup)
            .expect("open copy")
            .snapshot()
            .expect("snap"),
        snap
    );

    s.log_event(
        event("2026-11-22T09:00:00Z", Kind::Avoided, "after backup"),
        &clock(),
    )
    .expect("log");
    let kept = s
        .restore_from(&backup, &clock())
        .expect("restore")
        .expect("kept");
    // The replaced journal is named after the injected clock, in UTC.
    assert!(
        kept.to_string_lossy()
            .ends_with(".before-restore-20261124T080000.000.bak"),
        "{}",
        kept.display()
    );
    assert_eq!(s.snapshot().expect("snap"), snap);
    let kept_store = Store::open(&kept).expect("kept journal");
    assert_eq!(kept_store.counts().expect("counts").events, 3);

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").expect("write");
    assert!(matches!(
        s.restore_from(&text, &clock()),
        Err(StoreError::NotAJournal { .. })
    ));
    assert_eq!(
        s.snapshot().expect("snap"),
        snap,
        "a refused restore changes nothing"
    );
}

#[test]
fn daily_backups_are_written_once_a_day_and_pruned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.plumbline");
    let mut s = Store::open(&path).expect("open");
    assert_eq!(s.backup_keep().expect("keep"), 14);
    assert!(s.set_backup_keep(0).is_err());
    s.set_backup_keep(3).expect("set keep");
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).expect("dir");
    std::fs::write(backups.join("unrelated.txt"), "keep me").expect("write");
    let keep = s.backup_keep().expect("keep");
    for day in 1..=5 {
        let today = date(&format!("2026-11-0{day}"));
        s.log_event(
            event(&format!("2026-11-0{day}T09:00:00Z"), Kind::Completed, "x"),
            &clock(),
        )
        .expect("log");
        let first = s.daily_backup(&backups, today, keep).expect("backup");
        assert!(first.is_some());
        assert_eq!(
            s.daily_backup(&backups, today, keep).expect("again"),
            None,
            "once a day"
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "journal.plumbline-2026-11-03.bak",
            "journal.plumbline-2026-11-04.bak",
            "journal.plumbline-2026-11-05.bak",
            "unrelated.txt"
        ]
    );
    let newest = Store::open(&backups.join("journal.plumbline-2026-11-05.bak")).expect("open");
    assert_eq!(newest.counts().expect("counts").events, 5);
}

#[cfg(unix)]
#[test]
fn journal_sidecars_backups_and_folders_are_private() {
    use crate::files::mode_of;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new-folder/journal.plumbline");
    let mut store = Store::open(&path).expect("open");
    store
        .log_event(
            event("2026-11-20T09:00:00+01:00", Kind::Completed, "x"),
            &clock(),
        )
        .expect("log");
    assert_eq!(mode_of(&path).expect("mode"), 0o600);
    assert_eq!(
        mode_of(&dir.path().join("new-folder")).expect("mode"),
        0o700
    );
    for suffix in ["-wal", "-shm"] {
        assert_eq!(
            mode_of(&sidecar(&path, suffix)).expect("mode"),
            0o600,
            "{suffix}"
        );
    }
    let backups = dir.path().join("new-folder/backups");
    let daily = store
        .daily_backup(&backups, date("2026-11-20"), 3)
        .expect("backup")
        .expect("written");
    assert_eq!(mode_of(&backups).expect("mode"), 0o700);
    assert_eq!(mode_of(&daily).expect("mode"), 0o600);
    let copy = dir.path().join("copy.bak");
    store.backup_to(&copy).expect("backup");
    assert_eq!(mode_of(&copy).expect("mode"), 0o600);
    drop(store);
    // A journal made readable by others before is made private when opened.
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let _store = Store::open(&path).expect("open");
    assert_eq!(mode_of(&path).expect("mode"), 0o600);
}

#[test]
fn sqlite_uris_are_refused_before_anything_is_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("other.db");
    {
        let c = Connection::open(&other).expect("other db");
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .expect("fill");
    }
    let before = bytes(&other);
    let uri = PathBuf::from(format!("file:{}?mode=rw", other.display()));
    for result in [
        Store::open(&uri).map(|_| ()),
        Store::open_reader(&uri).map(|_| ()),
        Store::restore(&dir.path().join("j.plumbline"), &uri, &clock()).map(|_| ()),
    ] {
        let err = result.expect_err("a URI is refused");
        assert!(matches!(err, StoreError::UriPath { .. }), "{err}");
        assert!(err.to_string().contains("plain file paths"), "{err}");
    }
    let store = Store::open(&dir.path().join("j.plumbline")).expect("journal");
    let err = store
        .backup_to(Path::new("file:copy.db"))
        .expect_err("a URI is refused");
    assert!(matches!(err, StoreError::UriPath { .. }), "{err}");
    assert_eq!(bytes(&other), before);
}

#[test]
fn undo_keeps_what_the_person_changed_and_restores_replaced_verdicts() {
    let mut s = Store::open_in_memory().expect("store");
    s.set_verdict(
        "visibility_risk",
        VerdictKind::Rejected,
        at("2026-11-01T09:00:00Z"),
        Some(3),
    )
    .expect("verdict");
    let mut b = batch();
    b.verdicts = vec![
        crate::domain::Verdict {
            belief_id: "visibility_risk".into(),
            verdict: VerdictKind::Confirmed,
            at: at("2026-11-22T09:00:00Z"),
        },
        crate::domain::Verdict {
            belief_id: "perfection_standard".into(),
            verdict: VerdictKind::Confirmed,
            at: at("2026-11-22T09:00:00Z"),
        },
    ];
    let report = s.apply_import(&b, &meta(false), &clock()).expect("import");
    let id = report.import_id.expect("id");
    let events = s.events(&Query::default()).expect("events");
    let edited = &events[0];
    let mut input = edited.input();
    input.task = "My own words now".into();
    s.edit_event(&edited.id, input, &clock()).expect("edit");
    let day = s.checkins(&Query::default()).expect("checkins")[0].clone();
    let mut mine = Checkin::new(day.date, 5);
    mine.note = Some("rewritten".into());
    s.save_checkin(mine, &clock()).expect("checkin");
    s.set_verdict(
        "perfection_standard",
        VerdictKind::Rejected,
        at("2026-11-23T09:00:00Z"),
        None,
    )
    .expect("changed my mind");

    let undone = s.undo_import(&id).expect("undo");
    assert_eq!(
        (
            undone.removed.events,
            undone.removed.checkins,
            undone.removed.reflections
        ),
        (events.len() - 1, 0, 1)
    );
    assert_eq!((undone.kept.events, undone.kept.checkins), (1, 1));
    assert_eq!((undone.verdicts_restored, undone.verdicts_kept), (1, 1));
    let left = s.events(&Query::default()).expect("events");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].task, "My own words now");
    assert_eq!(
        s.checkin(day.date).expect("c").map(|c| c.alignment),
        Some(5)
    );
    let verdicts = s.verdicts().expect("verdicts");
    let of = |id: &str| verdicts.iter().find(|(v, _)| v.belief_id == id).cloned();
    let (restored, evidence) = of("visibility_risk").expect("restored");
    assert_eq!(restored.verdict, VerdictKind::Rejected);
    assert_eq!(evidence, Some(3));
    assert_eq!(
        of("perfection_standard").expect("kept").0.verdict,
        VerdictKind::Rejected
    );
    assert!(s.imports().expect("imports").is_empty());
}

#[test]
fn daily_backups_run_on_their_own_connection_and_rotate_before_copies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.plumbline");
    let mut s = Store::open(&path).expect("open");
    s.log_event(
        event("2026-11-01T09:00:00Z", Kind::Completed, "x"),
        &clock(),
    )
    .expect("log");
    for i in 0..4 {
        let copy = dir
            .path()
            .join(format!("journal.plumbline.before-restore-{i}.bak"));
        s.backup_to(&copy).expect("copy");
        let t = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000 * i);
        std::fs::File::options()
            .write(true)
            .open(&copy)
            .and_then(|f| f.set_modified(t))
            .expect("mtime");
    }
    // A write transaction is open on the window's connection while the backup runs.
    let tx = s.conn_mut().transaction().expect("tx");
    tx.execute_batch("INSERT INTO settings (key, value) VALUES ('k', 'v')")
        .expect("write");
    let backups = dir.path().join("backups");
    let written = Store::daily_backup_at(&path, None, &backups, date("2026-11-02"), 2)
        .expect("backup")
        .expect("written");
    tx.rollback().expect("rollback");
    assert_eq!(
        Store::open(&written)
            .expect("open")
            .counts()
            .expect("c")
            .events,
        1
    );
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".before-"))
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "journal.plumbline.before-restore-2.bak",
            "journal.plumbline.before-restore-3.bak"
        ]
    );
}

/// A new journal holding [`batch`], imported; and the import's id.
fn imported() -> (Store, String) {
    let mut s = Store::open_in_memory().expect("store");
    let report = s
        .apply_import(&batch(), &meta(false), &clock())
        .expect("import");
    (s, report.import_id.expect("id"))
}

#[test]
fn a_deleted_import_record_restored_by_undo_is_back_in_its_import() {
    let (mut s, id) = imported();
    // ev-2 is changed by the person first: it stays changed after the delete and its undo.
    let mut input = s.event("ev-2").expect("get").expect("e").input();
    input.task = "Invoices, my way".into();
    s.edit_event("ev-2", input, &clock()).expect("edit");
    for ev in ["ev-1", "ev-2"] {
        let e = s.delete_event(ev).expect("delete");
        s.restore_event(&e, &clock()).expect("undo");
    }
    let c = s.delete_checkin(date("2026-11-20")).expect("delete");
    s.restore_checkin(&c, &clock()).expect("undo");
    let r = s.delete_reflection("r-1").expect("delete");
    s.restore_reflection(&r, &clock()).expect("undo");

    let undone = s.undo_import(&id).expect("undo the import");
    assert_eq!(
        (
            undone.removed.events,
            undone.removed.checkins,
            undone.removed.reflections
        ),
        (1, 1, 1),
        "the restored records went with their import"
    );
    assert_eq!(undone.kept.events, 1, "the changed one is kept, as before");
    assert_eq!(
        s.event("ev-2").expect("get").map(|e| e.task),
        Some("Invoices, my way".to_string())
    );

    // An import undone between a delete and its undo: the record comes back on its own.
    let (mut s, id) = imported();
    let e = s.delete_event("ev-1").expect("delete");
    s.undo_import(&id).expect("undo the import");
    s.restore_event(&e, &clock()).expect("undo the delete");
    assert_eq!(s.events(&Query::default()).expect("events").len(), 1);
}
