//! The commands through Tauri's IPC, the way the window calls them, with the app's real
//! configuration and capabilities, a mock runtime, a temporary journal and a fixed clock.

use chrono::DateTime;
use plumbline_core::app::today::TodayView;
use plumbline_core::store::Query;
use plumbline_core::{Checkin, Event, Kind, Reflection};
use plumbline_desktop::AppState;
use serde_json::{json, Value};
use tauri::Manager;

mod common;

use common::{app_at, App, NOW};

/// The channel `import_file` reports its reading progress on (the mock window ignores it).
const PROGRESS: &str = "__CHANNEL__:2";

fn app() -> App {
    app_at("nested/journal.plumbline", |_| {})
}

fn newsletter() -> Value {
    json!({
        "kind": "delayed_start",
        "task": "  Write the client newsletter ",
        "time": "09:40",
        "planned": "09:00",
        "thought": "It needs another pass before anyone sees it",
        "emotion": "anxious",
        "friction": 4,
        "tags": "newsletter, #publish, newsletter"
    })
}

#[test]
fn today_on_an_empty_journal_has_a_prompt_and_nothing_else() {
    let app = app();
    let view: TodayView = app.call("today", json!({}));
    assert_eq!(view.date.to_string(), "2026-11-20");
    assert!(view.events.is_empty());
    assert_eq!(view.checkin, None);
    assert!(view.reflections.is_empty());
    let prompt = view.prompt.expect("a built-in prompt");
    assert!(prompt.builtin);
    assert!(!prompt.text.is_empty());
    // The app's directory was created for the journal.
    assert!(app.journal.is_file());

    // Another day gets its own prompt deterministically.
    let again: TodayView = app.call("today", json!({ "date": "2026-11-20" }));
    assert_eq!(again.prompt.map(|p| p.id), Some(prompt.id));
    let err = app.refused("today", json!({ "date": "20/11/2026" }));
    assert_eq!(err.field.as_deref(), Some("date"));
}

#[test]
fn logging_builds_the_instant_from_local_wall_clock_and_normalises() {
    let app = app();
    let e: Event = app.call("log_event", json!({ "input": newsletter() }));
    assert_eq!(e.kind, Kind::DelayedStart);
    assert_eq!(e.task, "Write the client newsletter");
    assert_eq!(e.at.to_rfc3339(), "2026-11-20T09:40:00+01:00");
    assert_eq!(
        e.planned_at.map(|p| p.to_rfc3339()),
        Some("2026-11-20T09:00:00+01:00".into())
    );
    assert_eq!(e.friction, Some(4));
    assert_eq!(
        e.tags,
        vec!["newsletter".to_string(), "publish".to_string()]
    );

    // Without a time it is now; progress is typed as a percentage.
    let now: Event = app.call(
        "log_event",
        json!({ "input": { "kind": "unfinished", "task": "Draft pricing page", "progress_percent": 60 } }),
    );
    assert_eq!(now.at.to_rfc3339(), NOW);
    assert_eq!(now.progress, Some(0.6));

    let view: TodayView = app.call("today", json!({}));
    let ids: Vec<&str> = view.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec![e.id.as_str(), now.id.as_str()], "ordered by time");
    assert_eq!(
        app.store().events(&Query::default()).expect("events").len(),
        2
    );
}

#[test]
fn refused_saves_name_the_field_and_change_nothing() {
    let app = app();
    let mut input = newsletter();
    input["friction"] = json!(9);
    let err = app.refused("log_event", json!({ "input": input }));
    assert_eq!(err.field.as_deref(), Some("friction"));
    assert_eq!(err.message, "Friction: 9 is out of range 1–5.");

    let cases = [
        ("progress_percent", json!(150), "progress", "150"),
        ("time", json!("25:70"), "time", "25:70"),
        ("kind", json!("procrastinated"), "kind", "procrastinated"),
        ("task", json!("   "), "task", "required"),
        ("delay_minutes", json!(-5), "delay_minutes", "-5"),
        ("friction", json!(2.5), "friction", "2.5"),
    ];
    for (key, value, field, needle) in cases {
        let mut input = newsletter();
        input[key] = value;
        let err = app.refused("log_event", json!({ "input": input }));
        assert_eq!(err.field.as_deref(), Some(field), "{key}: {err:?}");
        assert!(err.message.contains(needle), "{key}: {:?}", err.message);
    }
    assert!(app
        .store()
        .events(&Query::default())
        .expect("events")
        .is_empty());
}

#[test]
fn edit_delete_and_undo() {
    let app = app();
    let e: Event = app.call("log_event", json!({ "input": newsletter() }));
    let mut changed = newsletter();
    changed["kind"] = json!("completed");
    changed["time"] = json!("10:05");
    changed["date"] = json!("2026-11-20");
    let edited: Event = app.call("edit_event", json!({ "id": e.id, "input": changed }));
    assert_eq!(edited.id, e.id);
    assert_eq!(edited.kind, Kind::Completed);
    assert_eq!(edited.at.to_rfc3339(), "2026-11-20T10:05:00+01:00");

    let err = app.refused(
        "edit_event",
        json!({ "id": "no-such-id", "input": newsletter() }),
    );
    assert_eq!(err.field, None);
    assert!(err.message.contains("no-such-id"), "{}", err.message);

    let deleted: Event = app.call("delete_event", json!({ "id": e.id }));
    assert_eq!(deleted, edited);
    let view: TodayView = app.call("today", json!({}));
    assert!(view.events.is_empty());

    let restored: Event = app.call("undo_delete", json!({ "event": deleted }));
    assert_eq!(restored.id, e.id);
    let view: TodayView = app.call("today", json!({}));
    assert_eq!(view.events, vec![edited]);
}

#[test]
fn checkin_is_saved_replaced_and_validated() {
    let app = app();
    let c: Checkin = app.call(
        "save_checkin",
        json!({ "checkin": { "alignment": 2, "energy": 3, "note": " tired " } }),
    );
    assert_eq!(c.date.to_string(), "2026-11-20");
    assert_eq!((c.alignment, c.energy, c.mood), (2, Some(3), None));
    assert_eq!(c.note.as_deref(), Some("tired"));
    let c: Checkin = app.call(
        "save_checkin",
        json!({ "checkin": { "alignment": 4, "mood": 5 } }),
    );
    assert_eq!((c.alignment, c.energy, c.mood), (4, None, Some(5)));
    let view: TodayView = app.call("today", json!({}));
    assert_eq!(view.checkin, Some(c.clone()));

    let err = app.refused("save_checkin", json!({ "checkin": { "energy": 3 } }));
    assert_eq!(err.field.as_deref(), Some("alignment"));
    let err = app.refused(
        "save_checkin",
        json!({ "checkin": { "alignment": 3, "mood": 6 } }),
    );
    assert_eq!(err.field.as_deref(), Some("mood"));
    assert_eq!(err.message, "Mood: 6 is out of range 1–5.");
    assert_eq!(app.store().checkin(c.date).expect("read"), Some(c));
}

#[test]
fn reflections_answer_the_prompt_of_the_day() {
    let app = app();
    let view: TodayView = app.call("today", json!({}));
    let prompt = view.prompt.expect("a prompt");
    let r: Reflection = app.call(
        "add_reflection",
        json!({ "input": { "text": "I said I'd start after one more email.\n", "prompt_id": prompt.id } }),
    );
    assert_eq!(r.text, "I said I'd start after one more email.");
    assert_eq!(r.prompt_id.as_deref(), Some(prompt.id.as_str()));
    assert_eq!(r.at.to_rfc3339(), NOW);
    let view: TodayView = app.call("today", json!({}));
    assert_eq!(view.reflections, vec![r]);

    let err = app.refused("add_reflection", json!({ "input": { "text": "  " } }));
    assert_eq!(err.field.as_deref(), Some("text"));
}

#[test]
fn the_journal_deletes_any_days_checkin_and_reflection_with_undo() {
    let app = app();
    let c: Checkin = app.call(
        "save_checkin",
        json!({ "checkin": { "date": "2026-11-12", "alignment": 2, "energy": 4, "note": "Mixed day", "tags": "travel" } }),
    );
    let r: Reflection = app.call(
        "add_reflection",
        json!({ "input": { "text": "One more email first.", "title": "Evening", "mood": 2, "tags": "email", "date": "2026-11-12" } }),
    );

    // A check-in: deleted, then put back exactly as it was.
    let deleted: Checkin = app.call("delete_checkin", json!({ "date": "2026-11-12" }));
    assert_eq!(deleted, c);
    assert_eq!(app.store().checkin(c.date).expect("read"), None);
    let back: Checkin = app.call("undo_delete_checkin", json!({ "checkin": deleted }));
    assert_eq!(back, c);
    assert_eq!(app.store().checkin(c.date).expect("read"), Some(c.clone()));
    let err = app.refused("delete_checkin", json!({ "date": "12.11.2026" }));
    assert_eq!(err.field.as_deref(), Some("date"));
    let err = app.refused("delete_checkin", json!({ "date": "2026-11-13" }));
    assert!(err.message.contains("2026-11-13"), "{}", err.message);
    // Undo does not replace a check-in saved since.
    let again = app.refused("undo_delete_checkin", json!({ "checkin": c }));
    assert!(again.message.contains("again"), "{}", again.message);

    // A reflection: edited (its day and time left empty stay as written), deleted, put back
    // with its id.
    let edited: Reflection = app.call(
        "edit_reflection",
        json!({ "id": r.id, "input": { "title": "Late evening", "text": " Two emails first. ", "mood": 2, "tags": "email, focus" } }),
    );
    assert_eq!(edited.id, r.id);
    assert_eq!(edited.text, "Two emails first.");
    assert_eq!(
        (edited.at, edited.mood, edited.prompt_id.clone()),
        (r.at, r.mood, r.prompt_id.clone())
    );
    // Its time (typed as on Today, placed in the session's zone), mood and star change too.
    let moved: Reflection = app.call(
        "edit_reflection",
        json!({ "id": r.id, "input": { "date": "2026-11-11", "time": "7:30 pm", "text": "Two emails first.", "title": "Late evening", "mood": 4, "tags": "email, focus", "starred": true } }),
    );
    assert_eq!(moved.at.to_rfc3339(), "2026-11-11T19:30:00+01:00");
    assert_eq!((moved.mood, moved.starred), (Some(4), true));
    let back_then = json!({ "id": r.id, "input": { "date": "2026-11-12", "time": edited.at.format("%H:%M:%S").to_string(), "text": "Two emails first.", "title": "Late evening", "mood": 2, "tags": "email, focus" } });
    let edited: Reflection = app.call("edit_reflection", back_then);
    assert_eq!(
        (edited.at, edited.mood, edited.starred),
        (r.at, r.mood, false)
    );
    let bad = json!({ "id": r.id, "input": { "date": "2026-11-21", "time": "25:00", "mood": 9, "text": " " } });
    let err = app.refused("edit_reflection", bad.clone());
    assert_eq!(err.field.as_deref(), Some("date"));
    let problems: Vec<Value> = app.call("reflection_edit_problems", bad);
    let fields: Vec<&str> = problems
        .iter()
        .filter_map(|p| p["field"].as_str())
        .collect();
    assert_eq!(fields, ["date", "time", "mood", "text"]);
    let err = app.refused(
        "edit_reflection",
        json!({ "id": r.id, "input": { "title": "", "text": "  " } }),
    );
    assert_eq!(err.field.as_deref(), Some("text"));
    let err = app.refused(
        "edit_reflection",
        json!({ "id": "no-such-id", "input": { "text": "x" } }),
    );
    assert!(err.message.contains("no-such-id"), "{}", err.message);

    let deleted: Reflection = app.call("delete_reflection", json!({ "id": r.id }));
    assert_eq!(deleted, edited);
    assert_eq!(app.store().reflection(&r.id).expect("read"), None);
    let back: Reflection = app.call("undo_delete_reflection", json!({ "reflection": deleted }));
    assert_eq!(back, edited);
    assert_eq!(app.store().reflection(&r.id).expect("read"), Some(edited));
    let mut bad = back;
    bad.id = "another".into();
    bad.mood = Some(7);
    let err = app.refused("undo_delete_reflection", json!({ "reflection": bad }));
    assert_eq!(err.field.as_deref(), Some("mood"));
    assert_eq!(app.store().reflection("another").expect("read"), None);
}

#[test]
fn suggestions_come_from_history() {
    let app = app();
    let _: Event = app.call("log_event", json!({ "input": newsletter() }));
    let tasks: Vec<String> = app.call("suggestions", json!({ "what": "task", "prefix": "wri" }));
    assert_eq!(tasks, vec!["Write the client newsletter".to_string()]);
    let tags: Vec<String> = app.call("suggestions", json!({ "what": "tag", "prefix": "pub" }));
    assert_eq!(tags, vec!["publish".to_string()]);
    let none: Vec<String> = app.call("suggestions", json!({ "what": "task", "prefix": "zzz" }));
    assert!(none.is_empty());
    let err = app.refused("suggestions", json!({ "what": "colour", "prefix": "" }));
    assert_eq!(err.field.as_deref(), Some("what"));
}

#[test]
fn the_window_may_not_call_unknown_commands() {
    let app = app();
    assert!(app.call_raw("plugin:fs|read_file", json!({})).is_err());
    assert!(app.call_raw("no_such_command", json!({})).is_err());
    // The managed state is the journal the commands use.
    assert!(app.window.app_handle().try_state::<AppState>().is_some());
}

// ---- reminders (the Settings view)

fn evening(at: &str) -> Value {
    json!({ "at": at, "days": ["mon", "tue", "wed", "thu", "fri"], "purpose": "reflection" })
}

#[test]
fn reminders_are_added_listed_changed_switched_off_and_removed() {
    let app = app();
    let added: Value = app.call("add_reminder", json!({ "input": evening("21:00") }));
    let id = added["id"].as_str().expect("an id").to_string();
    assert_eq!(added["at"], "21:00");
    assert_eq!(added["days"], json!(["mon", "tue", "wed", "thu", "fri"]));
    assert_eq!(added["purpose"], "reflection");
    assert_eq!(added["enabled"], true);
    // Its next firing is a 21:00 wall-clock time after now.
    let next = added["next"]
        .as_str()
        .expect("an enabled reminder has a next firing");
    assert!(next.contains("T21:00:00"), "{next}");
    let next = DateTime::parse_from_rfc3339(next).expect("RFC 3339");
    assert!(next > DateTime::parse_from_rfc3339(NOW).unwrap());

    let list: Vec<Value> = app.call("list_reminders", json!({}));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], id.as_str());

    let changed: Value = app.call(
        "update_reminder",
        json!({ "id": id, "input": { "at": "7:30", "days": ["sat", "sun"], "purpose": "checkin" } }),
    );
    assert_eq!(changed["at"], "07:30");
    assert_eq!(changed["days"], json!(["sat", "sun"]));
    assert_eq!(changed["purpose"], "checkin");
    let stored = app.store().reminders().expect("reminders read");
    assert_eq!(stored[0].at.to_string(), "07:30");

    let off: Value = app.call(
        "set_reminder_enabled",
        json!({ "id": id, "enabled": false }),
    );
    assert_eq!(off["enabled"], false);
    assert_eq!(
        off["next"],
        Value::Null,
        "a reminder that is off never fires"
    );

    let removed: Value = app.call("remove_reminder", json!({ "id": id }));
    assert_eq!(removed["id"], id.as_str());
    assert!(app.store().reminders().expect("reminders read").is_empty());
    let gone = app.refused("remove_reminder", json!({ "id": id }));
    assert_eq!(gone.field, None);
    assert!(gone.message.contains(&id), "{}", gone.message);
}

#[test]
fn a_bad_reminder_is_refused_with_its_field_and_nothing_is_stored() {
    let app = app();
    let bad_time = app.refused("add_reminder", json!({ "input": evening("25:00") }));
    assert_eq!(bad_time.field.as_deref(), Some("at"));
    assert!(bad_time.message.contains("25:00"), "{}", bad_time.message);
    let no_days = app.refused(
        "add_reminder",
        json!({ "input": { "at": "21:00", "days": [], "purpose": "reflection" } }),
    );
    assert_eq!(no_days.field.as_deref(), Some("days"));
    let bad_day = app.refused(
        "add_reminder",
        json!({ "input": { "at": "21:00", "days": ["someday"], "purpose": "reflection" } }),
    );
    assert_eq!(bad_day.field.as_deref(), Some("days"));
    let bad_purpose = app.refused(
        "add_reminder",
        json!({ "input": { "at": "21:00", "days": ["mon"], "purpose": "nap" } }),
    );
    assert_eq!(bad_purpose.field.as_deref(), Some("purpose"));
    let no_pathway = app.refused(
        "add_reminder",
        json!({ "input": { "at": "21:00", "days": ["mon"], "purpose": "pathway" } }),
    );
    assert_eq!(no_pathway.field.as_deref(), Some("pathway"));
    assert!(app.store().reminders().expect("reminders read").is_empty());

    // A bad change leaves the reminder as it was.
    let added: Value = app.call("add_reminder", json!({ "input": evening("21:00") }));
    let refused = app.refused(
        "update_reminder",
        json!({ "id": added["id"], "input": evening("21:60") }),
    );
    assert_eq!(refused.field.as_deref(), Some("at"));
    assert_eq!(
        app.store().reminders().expect("reminders read")[0]
            .at
            .to_string(),
        "21:00"
    );
}

#[test]
fn quiet_hours_and_backups_are_settings_the_view_reads_back() {
    let app = app();
    let q: Value = app.call(
        "set_quiet_hours",
        json!({ "quiet": { "start": "22:00", "end": "07:00" } }),
    );
    assert_eq!(q, json!({ "start": "22:00", "end": "07:00" }));
    let same = app.refused(
        "set_quiet_hours",
        json!({ "quiet": { "start": "22:00", "end": "22:00" } }),
    );
    assert_eq!(same.field.as_deref(), Some("quiet_hours"));
    let bad = app.refused(
        "set_quiet_hours",
        json!({ "quiet": { "start": "22:00", "end": "25:00" } }),
    );
    assert_eq!(bad.field.as_deref(), Some("quiet_end"));
    // 12-hour times are understood as well.
    let q: Value = app.call(
        "set_quiet_hours",
        json!({ "quiet": { "start": "10pm", "end": "7 am" } }),
    );
    assert_eq!(q, json!({ "start": "22:00", "end": "07:00" }));
    let kept: u32 = app.call("set_backup_keep", json!({ "keep": 30 }));
    assert_eq!(kept, 30);
    let too_many = app.refused("set_backup_keep", json!({ "keep": 0 }));
    assert_eq!(too_many.field.as_deref(), Some("backup_keep"));

    let settings: Value = app.call("reminder_settings", json!({}));
    assert_eq!(
        settings["quiet_hours"],
        json!({ "start": "22:00", "end": "07:00" })
    );
    assert_eq!(settings["backup_keep"], 30);
    assert_eq!(settings["paused_today"], false);
    let paused: bool = app.call("pause_reminders_today", json!({ "paused": true }));
    assert!(paused);
    let settings: Value = app.call("reminder_settings", json!({}));
    assert_eq!(settings["paused_today"], true);
    assert!(
        app.store()
            .reminders_paused_on()
            .expect("settings read")
            .is_some(),
        "the pause is kept in the journal, so a restart keeps it"
    );
    let resumed: bool = app.call("pause_reminders_today", json!({ "paused": false }));
    assert!(!resumed);
    assert_eq!(
        app.store().reminders_paused_on().expect("settings read"),
        None
    );

    let off: Value = app.call("set_quiet_hours", json!({ "quiet": null }));
    assert_eq!(off, Value::Null);
    assert_eq!(app.store().quiet_hours().expect("settings read"), None);
}

#[test]
fn nothing_waits_in_today_until_a_reminder_brings_a_prompt() {
    let app = app();
    let pending: Value = app.call("pending_prompt", json!({}));
    assert_eq!(pending, Value::Null);
}

// ---------------------------------------------------------------------------------------------
// Your data: import, undo, export

fn fixture(rel: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(rel)
        .display()
        .to_string()
}

#[test]
fn an_import_is_checked_first_then_applied_once_and_can_be_undone() {
    use plumbline_desktop::import_export::{ImportDone, ImportPreview, ImportUndone};
    let app = app();
    let path = fixture("daylio/current.csv");
    let preview: ImportPreview = app.call(
        "preview_import",
        json!({ "path": path, "skipInvalid": false, "progress": PROGRESS }),
    );
    assert_eq!(preview.file, "current.csv");
    assert_eq!(preview.what, "a Daylio CSV export");
    assert_eq!(preview.report.import_id, None);
    assert_eq!(preview.report.added.reflections, 6);
    assert!(
        app.store().imports().expect("imports").is_empty(),
        "a check writes nothing"
    );

    let done: ImportDone = app.call(
        "import_file",
        json!({ "path": path, "skipInvalid": false, "progress": PROGRESS }),
    );
    assert_eq!(done.report.added, preview.report.added);
    assert_eq!(done.imports.len(), 1);
    let id = done.report.import_id.clone().expect("recorded");
    assert_eq!(done.imports[0].import_id, id);
    assert_eq!(done.imports[0].file.as_deref(), Some("current.csv"));
    // The same file again adds nothing.
    let again: ImportDone = app.call(
        "import_file",
        json!({ "path": path, "skipInvalid": false, "progress": PROGRESS }),
    );
    assert_eq!(again.report.added.reflections, 0);
    assert_eq!(again.report.duplicates, 6);

    let undone: ImportUndone = app.call("undo_import", json!({ "id": id }));
    assert_eq!(undone.removed.reflections, 6);
    assert_eq!(
        undone.imports.len(),
        1,
        "the empty second import stays listed"
    );
    let err = app.refused("undo_import", json!({ "id": id }));
    assert!(
        err.message.contains("no longer in the journal"),
        "{}",
        err.message
    );
    assert!(app
        .store()
        .reflections(&Query::default())
        .expect("reflections")
        .is_empty());
}

#[test]
fn a_bad_file_is_refused_whole_with_the_record_named() {
    let app = app();
    for (path, needle) in [
        (
            fixture("daylio/bad-date.csv"),
            "bad-date.csv, line 2: full_date",
        ),
        (fixture("plumbline/bad-friction.json"), "friction"),
        (fixture("no-such-file.csv"), "no-such-file.csv"),
        (fixture("daylio"), "daylio"),
    ] {
        for cmd in ["preview_import", "import_file"] {
            let err = app.refused(
                cmd,
                json!({ "path": path, "skipInvalid": false, "progress": PROGRESS }),
            );
            assert_eq!(err.field.as_deref(), Some("path"), "{}", err.message);
            assert!(
                err.message.contains(needle),
                "{cmd} {path}: {}",
                err.message
            );
        }
    }
    let err = app.refused(
        "import_file",
        json!({ "path": "  ", "skipInvalid": false, "progress": PROGRESS }),
    );
    assert_eq!(err.message, "Choose a file to import first.");
    assert!(app.store().imports().expect("imports").is_empty());
    assert!(app
        .store()
        .events(&Query::default())
        .expect("events")
        .is_empty());
}

#[test]
fn the_journal_exports_to_each_format() {
    use plumbline_core::app::data::Exported;
    use plumbline_core::interchange::export::ExportFormat;
    use plumbline_desktop::import_export::export_to;
    let app = app();
    let _: Event = app.call("log_event", json!({ "input": newsletter() }));
    let dir = tempfile::tempdir().expect("temp dir");
    let state = app.window.state::<AppState>();
    for (format, name, files) in [
        (ExportFormat::Json, "j.json", 1),
        (ExportFormat::Csv, "j.csv", 3),
        (ExportFormat::Markdown, "j.md", 1),
    ] {
        let path = dir.path().join(name);
        let out: Exported = export_to(&state, format, &path).expect("exported");
        assert_eq!((out.events, out.files.len()), (1, files), "{format:?}");
        let text = std::fs::read_to_string(&path).expect("written");
        assert!(
            text.contains("Write the client newsletter"),
            "{format:?}: {text}"
        );
    }
    // The JSON export reads back as a journal file.
    let json_path = dir.path().join("j.json").display().to_string();
    let preview: plumbline_desktop::import_export::ImportPreview = app.call(
        "preview_import",
        json!({ "path": json_path, "skipInvalid": false }),
    );
    assert_eq!(preview.what, "a Plumbline journal file");
    assert_eq!(preview.report.duplicates, 1);
    let err = export_to(&state, ExportFormat::Json, dir.path()).expect_err("a folder");
    assert!(err.message.contains("name a file"), "{}", err.message);
    // Even where the save dialog agreed to replace a file, the journal itself is refused.
    let before = std::fs::read(&app.journal).expect("journal");
    let err = export_to(&state, ExportFormat::Json, &app.journal).expect_err("the journal");
    assert!(err.message.contains("journal"), "{}", err.message);
    assert_eq!(std::fs::read(&app.journal).expect("journal"), before);
    // The window cannot name a path to write: the command takes only the format.
    let err = app.refused("export_journal", json!({ "format": "pdf" }));
    assert_eq!(err.field.as_deref(), Some("format"));
}

/// The file choosers answered by a stand-in: each answer in turn (`None` is a cancel), and the
/// questions they were asked.
type Answers = std::sync::Arc<std::sync::Mutex<Vec<Option<std::path::PathBuf>>>>;
type Asked = std::sync::Arc<std::sync::Mutex<Vec<plumbline_desktop::dialogs::FileQuestion>>>;

fn answered_by(app: &App, answers: Vec<Option<std::path::PathBuf>>) -> Asked {
    use plumbline_desktop::dialogs::StandIn;
    let answers: Answers = std::sync::Arc::new(std::sync::Mutex::new(answers));
    let asked: Asked = std::sync::Arc::default();
    let log = asked.clone();
    let stand_in = StandIn(Box::new(move |q| {
        log.lock().expect("log").push(q.clone());
        answers.lock().expect("answers").remove(0)
    }));
    assert!(app.window.app_handle().manage(stand_in));
    asked
}

#[test]
fn files_come_only_from_the_chooser_the_person_answered() {
    use plumbline_desktop::import_export::{ChosenFile, ImportPreview};
    let app = app();
    let _: Event = app.call("log_event", json!({ "input": newsletter() }));
    let dir = tempfile::tempdir().expect("temp dir");
    let daylio = std::path::PathBuf::from(fixture("daylio/current.csv"));
    let chosen_export = dir.path().join("chosen.json");
    let named_by_window = dir.path().join("named-by-the-window.json");
    let asked = answered_by(
        &app,
        vec![
            Some(daylio.clone()),
            None,
            Some(chosen_export.clone()),
            None,
        ],
    );

    // Import: the window gets an opaque handle and the file's name, never its path.
    let chosen: ChosenFile = app.call("choose_import_file", json!({}));
    assert_eq!(chosen.file, "current.csv");
    assert!(
        !chosen.handle.contains("current.csv") && !chosen.handle.contains('/'),
        "{}",
        chosen.handle
    );
    let preview: ImportPreview = app.call(
        "preview_import",
        json!({ "handle": chosen.handle, "skipInvalid": false }),
    );
    assert_eq!(preview.what, "a Daylio CSV export");
    assert_eq!(preview.report.added.reflections, 6);
    // A cancelled chooser chooses nothing.
    let cancelled: Value = app.call("choose_import_file", json!({}));
    assert_eq!(cancelled, Value::Null);

    // Export: written where the person answered, whatever path the window sends along.
    let out: Value = app.call(
        "export_journal",
        json!({ "format": "json", "path": named_by_window.display().to_string() }),
    );
    assert_eq!(out["events"], 1, "{out}");
    let written = std::fs::read_to_string(&chosen_export).expect("written where chosen");
    assert!(written.contains("Write the client newsletter"), "{written}");
    assert!(!named_by_window.exists(), "the window's path is ignored");
    // A cancelled save dialog writes nothing.
    let cancelled: Value = app.call("export_journal", json!({ "format": "csv" }));
    assert_eq!(cancelled, Value::Null);
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("folder").count(),
        1,
        "only the chosen export is there"
    );

    // What the choosers asked: a file to open among the formats read, and where to save a
    // dated file of the format asked for.
    let asked = asked.lock().expect("asked");
    assert_eq!(asked.len(), 4);
    assert_eq!(asked[0].save_as, None);
    assert!(asked[0].filter.1.iter().any(|e| e == "daylio"));
    assert_eq!(
        asked[2].save_as.as_deref(),
        Some("plumbline-2026-11-20.json")
    );
    assert_eq!(asked[2].filter.1, vec!["json".to_string()]);
    assert_eq!(
        asked[3].save_as.as_deref(),
        Some("plumbline-2026-11-20.csv")
    );
}

#[test]
fn an_encrypted_journal_locks_unlocks_and_refuses_everything_while_locked() {
    use plumbline_desktop::lock::{Decrypted, Encrypted, LockStatus};
    std::env::set_var("PLUMBLINE_TEST_KDF", "fast");
    let app = app();
    let _: Event = app.call("log_event", json!({ "input": newsletter() }));
    let s: LockStatus = app.call("lock_status", json!({}));
    assert!(!s.encrypted && !s.locked && s.show_words);
    let err = app.refused(
        "turn_on_encryption",
        json!({ "passphrase": "horse", "confirm": "house" }),
    );
    assert_eq!(err.field.as_deref(), Some("confirm_passphrase"));
    let done: Encrypted = app.call(
        "turn_on_encryption",
        json!({ "passphrase": "correct horse", "confirm": "correct horse" }),
    );
    assert_eq!(done.recovery_key.len(), 71, "{}", done.recovery_key);
    assert!(done.status.encrypted && !done.status.locked);
    assert!(
        !done.status.show_words,
        "no words in notifications by default"
    );
    let raw = std::fs::read(&app.journal).expect("journal");
    assert!(!raw.windows(9).any(|w| w == b"newslette"));

    let s: LockStatus = app.call("lock_now", json!({}));
    assert!(s.locked);
    let err = app.refused("today", json!({ "date": null }));
    assert!(err.message.contains("locked"), "{}", err.message);
    let before = std::fs::read(&app.journal).expect("journal");
    let err = app.refused("unlock", json!({ "passphrase": "wrong" }));
    assert_eq!(err.field.as_deref(), Some("passphrase"));
    assert!(err.message.contains("does not open"), "{}", err.message);
    assert_eq!(std::fs::read(&app.journal).expect("journal"), before);

    let s: LockStatus = app.call("unlock", json!({ "passphrase": "correct horse" }));
    assert!(!s.locked);
    let today: TodayView = app.call("today", json!({ "date": "2026-11-20" }));
    assert_eq!(today.events.len(), 1);
    // The recovery key opens it too, and a new passphrase replaces the old one.
    let _: LockStatus = app.call("lock_now", json!({}));
    let _: LockStatus = app.call("unlock", json!({ "passphrase": done.recovery_key }));
    let _: LockStatus = app.call(
        "change_passphrase",
        json!({ "current": "correct horse", "passphrase": "battery staple", "confirm": "battery staple" }),
    );
    let _: LockStatus = app.call("lock_now", json!({}));
    app.refused("unlock", json!({ "passphrase": "correct horse" }));
    let _: LockStatus = app.call("unlock", json!({ "passphrase": "battery staple" }));

    // "Remember on this device": where no keyring answers (as here, without a desktop
    // session), the person is told and the next launch asks again; where one does, it keeps
    // the key.
    let _: LockStatus = app.call("lock_now", json!({}));
    let s: LockStatus = app.call(
        "unlock",
        json!({ "passphrase": "battery staple", "remember": true }),
    );
    match s.note {
        Some(note) => {
            assert!(note.contains("keyring"), "{note}");
            assert!(plumbline_core::remember::recall(&app.journal).is_none());
        }
        None => assert!(plumbline_core::remember::recall(&app.journal).is_some()),
    }

    // Turning encryption off: a wrong passphrase changes nothing; the right one leaves a
    // plaintext journal, no key file and no kept key.
    let before = std::fs::read(&app.journal).expect("journal");
    let err = app.refused("turn_off_encryption", json!({ "current": "wrong" }));
    assert!(err.message.contains("does not open"), "{}", err.message);
    assert_eq!(std::fs::read(&app.journal).expect("journal"), before);
    let off: Decrypted = app.call(
        "turn_off_encryption",
        json!({ "current": "battery staple" }),
    );
    assert!(!off.status.encrypted && !off.status.locked);
    assert!(off.left.is_empty(), "{:?}", off.left);
    let raw = std::fs::read(&app.journal).expect("journal");
    assert!(raw.windows(9).any(|w| w == b"newslette"), "plaintext again");
    assert!(!plumbline_core::keys::key_file_path(&app.journal).exists());
    assert!(plumbline_core::remember::recall(&app.journal).is_none());
    let today: TodayView = app.call("today", json!({ "date": "2026-11-20" }));
    assert_eq!(today.events.len(), 1);
    let err = app.refused(
        "turn_off_encryption",
        json!({ "current": "battery staple" }),
    );
    assert!(err.message.contains("not encrypted"), "{}", err.message);
}

#[test]
fn today_keeps_the_running_pathways_next_steps_in_view() {
    use plumbline_core::domain::PathwayInput;
    let input = |next: &str, start: &str| PathwayInput {
        belief_id: "visibility_risk".into(),
        reframe: None,
        next_action: Some(next.into()),
        cycle: Some("Tuesdays 10:00".into()),
        if_then: None,
        started_on: start.parse().expect("date"),
    };
    let app = app_at("journal.plumbline", |s| {
        s.add_pathway(input("Send the draft as it is", "2026-11-02"))
            .expect("pathway");
        s.add_pathway(input("Not yet begun", "2026-12-01"))
            .expect("pathway");
    });
    let view: TodayView = app.call("today", json!({}));
    assert_eq!(
        view.pathways.len(),
        1,
        "a pathway that starts later is not shown yet"
    );
    let p = &view.pathways[0];
    assert_eq!(p.next_action.as_deref(), Some("Send the draft as it is"));
    assert_eq!(p.cycle.as_deref(), Some("Tuesdays 10:00"));
    assert!(
        p.statement.starts_with("If people really see my work"),
        "{}",
        p.statement
    );
    let later: TodayView = app.call("today", json!({ "date": "2026-12-01" }));
    assert_eq!(later.pathways.len(), 2);
    assert_eq!(
        later.pathways[0].next_action.as_deref(),
        Some("Not yet begun"),
        "the most recent first"
    );
}

#[test]
fn about_names_the_version_licence_and_where_the_journal_is() {
    let app = app();
    let about: Value = app.call("about", json!({}));
    assert_eq!(about["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(about["license"], "MIT");
    assert_eq!(about["journal"], json!(app.journal));
    let backups = app.journal.parent().expect("folder").join("backups");
    assert_eq!(about["backups_dir"], json!(backups));
    let kept: Vec<&str> = about["kept"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|k| k["what"].as_str())
        .collect();
    assert!(
        kept.starts_with(&["Your journal", "Daily backups"]),
        "{kept:?}"
    );

    // Only the two folders it knows are opened; the backups' does not exist before a backup.
    let err = app.refused("open_folder", json!({ "which": "/etc" }));
    assert!(err.message.contains("no folder called"), "{}", err.message);
    let err = app.refused("open_folder", json!({ "which": "backups" }));
    assert!(
        err.message.contains("does not exist yet"),
        "{}",
        err.message
    );
}

// ---- the app's preferences (Settings › Theme)

#[test]
fn the_theme_is_the_app_s_kept_beside_the_journal_and_the_same_in_the_demo() {
    use plumbline_core::app::preferences::{self, Preferences, Theme};
    let app = app();
    let prefs: Preferences = app.call("preferences", json!({}));
    assert_eq!(prefs.theme, None, "nothing chosen yet: the system's");
    // A choice older versions kept in the window is carried over while none is kept.
    let prefs: Preferences = app.call("carry_over_theme", json!({ "theme": "dark" }));
    assert_eq!(prefs.theme, Some(Theme::Dark));
    let prefs: Preferences = app.call("carry_over_theme", json!({ "theme": "light" }));
    assert_eq!(prefs.theme, Some(Theme::Dark), "only once");
    let file = app.journal.with_file_name("preferences.json");
    assert_eq!(preferences::load(&file).theme, Some(Theme::Dark));

    let err = app.refused("set_theme", json!({ "theme": "sepia" }));
    assert_eq!(err.field.as_deref(), Some("theme"));
    let prefs: Preferences = app.call("set_theme", json!({ "theme": "light" }));
    assert_eq!(prefs.theme, Some(Theme::Light));

    // Opening the demo journal changes nothing about it; a choice made there is the app's.
    let _: Value = app.call("open_demo", json!({}));
    let prefs: Preferences = app.call("preferences", json!({}));
    assert_eq!(prefs.theme, Some(Theme::Light));
    let _: Preferences = app.call("set_theme", json!({ "theme": "system" }));
    let _: Value = app.call("close_demo", json!({}));
    let prefs: Preferences = app.call("preferences", json!({}));
    assert_eq!(prefs.theme, Some(Theme::System));
    assert_eq!(
        preferences::first_paint_script(&prefs),
        "window.__PLUMBLINE_THEME__ = \"system\";"
    );
}
