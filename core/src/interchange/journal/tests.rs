use serde_json::Value;

use super::*;
use crate::domain::{parse_instant, Kind, VerdictKind};

fn doc(events: &str) -> String {
    format!(
        r#"{{"format": "plumbline-journal", "version": 1, "exported_at": "2026-11-24T09:00:00Z", "events": [{events}]}}"#
    )
}

const GOOD: &str = r#"{"id": "e1", "at": "2026-11-20T09:40:00+01:00", "kind": "delayed_start",
        "task": "Write the client newsletter", "domain": "content",
        "planned_at": "2026-11-20T09:00:00+01:00", "delay_minutes": 40, "progress": null,
        "thought": "It needs another pass", "emotion": "anxious", "friction": 4,
        "tags": ["newsletter"], "note": null, "source": null, "colour": "blue"}"#;

fn err(bytes: &str) -> String {
    parse(bytes.as_bytes(), false).unwrap_err().to_string()
}

#[test]
fn reads_a_full_document() {
    let text = r#"{
          "format": "plumbline-journal", "version": 1, "exported_at": "2026-11-24T09:00:00Z",
          "events": [EV],
          "checkins": [{ "date": "2026-11-20", "alignment": 2, "energy": 3, "mood": 3, "note": null, "tags": [] }],
          "reflections": [{ "id": "r1", "at": "2026-11-20T21:10:00+01:00", "prompt_id": "thinking.before_delay",
            "title": null, "text": "I said I'd start after one more email.", "mood": null,
            "tags": [], "starred": false, "source": null }],
          "beliefs": [{ "id": "custom:no-time", "statement": "There is never enough time", "markers": ["no time"] }],
          "verdicts": [{ "belief_id": "visibility_risk", "verdict": "confirmed", "at": "2026-11-21T20:00:00+01:00" }],
          "pathways": [{ "id": "p1", "belief_id": "visibility_risk", "reframe": "Drafts are allowed to be seen",
            "next_action": "Send one paragraph", "cycle": "Tuesdays 10:00", "if_then": null, "started_on": "2026-11-22" }]
        }"#
        .replace("EV", GOOD);
    let b = parse(text.as_bytes(), false).expect("valid journal");
    assert_eq!(b.events.len(), 1);
    let e = &b.events[0];
    assert_eq!(e.id, "e1");
    assert_eq!(e.kind, Kind::DelayedStart);
    assert_eq!(e.friction, Some(4));
    assert_eq!(e.delay_minutes, Some(40));
    assert_eq!(e.tags, vec!["newsletter".to_string()]);
    assert_eq!(e.source, None);
    assert_eq!(b.checkins[0].alignment, 2);
    assert_eq!(
        b.reflections[0].prompt_id.as_deref(),
        Some("thinking.before_delay")
    );
    assert_eq!(b.beliefs[0].id, "custom:no-time");
    assert_eq!(b.verdicts[0].verdict, VerdictKind::Confirmed);
    assert_eq!(b.pathways[0].if_then, None);
    assert!(b.rejected.is_empty());
}

#[test]
fn names_collection_index_and_field() {
    let bad = GOOD.replace("\"friction\": 4", "\"friction\": 9");
    let text = doc(&format!("{GOOD}, {bad}"));
    assert_eq!(err(&text), "events[1].friction: 9 is out of range 1–5");

    let cases = [
        (
            "\"kind\": \"delayed_start\"",
            "\"kind\": \"slacked\"",
            "events[0].kind: ",
        ),
        (
            "\"task\": \"Write the client newsletter\"",
            "\"task\": \"  \"",
            "events[0].task: is required",
        ),
        (
            "\"task\": \"Write the client newsletter\",",
            "",
            "events[0].task: is required and missing",
        ),
        (
            "\"at\": \"2026-11-20T09:40:00+01:00\"",
            "\"at\": \"2026-02-30T10:00:00Z\"",
            "events[0].at: ",
        ),
        (
            "\"at\": \"2026-11-20T09:40:00+01:00\"",
            "\"at\": \"2026-11-20T09:40:00\"",
            "events[0].at: ",
        ),
        (
            "\"progress\": null",
            "\"progress\": 1.5",
            "events[0].progress: 1.5 is out of range",
        ),
        (
            "\"friction\": 4",
            "\"friction\": 4.5",
            "events[0].friction: 4.5 is not a whole number",
        ),
        (
            "\"friction\": 4",
            "\"friction\": \"4\"",
            "events[0].friction: is the text \"4\", expected a whole number",
        ),
        (
            "\"delay_minutes\": 40",
            "\"delay_minutes\": -3",
            "events[0].delay_minutes: -3 must not be negative",
        ),
        (
            "[\"newsletter\"]",
            "[\"ok\", 7]",
            "events[0].tags[1]: is the number 7",
        ),
        (
            "\"source\": null",
            "\"source\": {\"file\": \"x\"}",
            "events[0].source.app: is required",
        ),
        ("\"id\": \"e1\"", "\"id\": \"\"", "events[0].id: is empty"),
    ];
    for (from, to, want) in cases {
        let text = doc(&GOOD.replace(from, to));
        let got = err(&text);
        assert!(
            got.starts_with(want),
            "{to}: got {got:?}, want prefix {want:?}"
        );
    }
    assert_eq!(
        err(&doc("3")),
        "events[0]: is the number 3, expected an object"
    );
}

#[test]
fn other_collections_are_checked_too() {
    let base = doc(GOOD);
    let with = |k: &str, v: &str| base.replacen('{', &format!("{{\"{k}\": [{v}], "), 1);
    assert_eq!(
        err(&with(
            "checkins",
            r#"{"date": "2026-11-20", "alignment": 2}, {"date": "2026-11-21"}"#
        )),
        "checkins[1].alignment: is required and missing"
    );
    assert!(err(&with(
        "checkins",
        r#"{"date": "2026-13-01", "alignment": 2}"#
    ))
    .starts_with("checkins[0].date: "));
    assert_eq!(
        err(&with(
            "reflections",
            r#"{"at": "2026-11-20T21:10:00Z", "text": " "}"#
        )),
        "reflections[0].text: is empty; write a text or a title"
    );
    assert!(
        err(&with("beliefs", r#"{"id": "no-time", "statement": "x"}"#))
            .starts_with("beliefs[0].id: ")
    );
    assert!(err(&with(
        "verdicts",
        r#"{"belief_id": "x", "verdict": "maybe", "at": "2026-11-20T21:10:00Z"}"#
    ))
    .starts_with("verdicts[0].verdict: "));
    assert!(err(&with("pathways", r#"{"id": "p", "belief_id": "x"}"#))
        .starts_with("pathways[0].started_on: is required"));
}

#[test]
fn skip_invalid_keeps_the_good_and_reports_each_bad_record() {
    let bad1 = GOOD
        .replace("\"friction\": 4", "\"friction\": 0")
        .replace("e1", "e2");
    let bad2 = GOOD.replace("delayed_start", "nope").replace("e1", "e3");
    let text = doc(&format!("{bad1}, {GOOD}, {bad2}"));
    let b = parse(text.as_bytes(), true).expect("skips invalid records");
    assert_eq!(b.events.len(), 1);
    assert_eq!(b.events[0].id, "e1");
    let shown: Vec<String> = b.rejected.iter().map(|r| r.to_string()).collect();
    assert_eq!(shown[0], "events[0].friction: 0 is out of range 1–5");
    assert!(shown[1].starts_with("events[2].kind: \"nope\" is not a kind"));
    assert_eq!(shown.len(), 2);
}

#[test]
fn records_that_are_not_objects_are_rejected_in_file_order() {
    let bad = GOOD
        .replace("\"friction\": 4", "\"friction\": 6")
        .replace("e1", "e3");
    let text = doc(&format!("{GOOD}, \"text\", {bad}, null"));
    let b = parse(text.as_bytes(), true).expect("skips invalid records");
    assert_eq!(b.events.len(), 1);
    let shown: Vec<String> = b.rejected.iter().map(|r| r.to_string()).collect();
    assert_eq!(
        shown,
        vec![
            "events[1]: is the text \"text\", expected an object".to_string(),
            "events[2].friction: 6 is out of range 1–5".to_string(),
            "events[3]: is null, expected an object".to_string(),
        ]
    );
    assert_eq!(
        err(&text),
        "events[1]: is the text \"text\", expected an object"
    );
    // A duplicated field is read as JSON reads it: the last one counts.
    let dup = GOOD.replace("\"friction\": 4", "\"friction\": 9, \"friction\": 2");
    let b = parse(doc(&dup).as_bytes(), false).expect("valid");
    assert_eq!(b.events[0].friction, Some(2));
    assert!(
        err(r#"{"format": "plumbline-journal", "version": 1, "events": null}"#)
            .contains("\"events\" is null, expected a list")
    );
}

#[test]
fn whole_file_errors() {
    assert_eq!(parse(b"", false), Err(JournalError::Empty));
    assert_eq!(parse(b"  \n ", true), Err(JournalError::Empty));
    let truncated = &doc(GOOD)[..120];
    assert!(matches!(
        parse(truncated.as_bytes(), false),
        Err(JournalError::Truncated { line: 1, .. })
    ));
    let e = parse(b"{\n  \"format\": plumbline\n}", false).unwrap_err();
    assert!(
        matches!(
            e,
            JournalError::Malformed {
                line: 2,
                column: 13,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("line 2, column 13"));
    assert!(matches!(
        parse(b"\x00\x9f\x92\x96 garbage", false),
        Err(JournalError::Malformed { line: 1, .. })
    ));
    assert!(matches!(
        parse(b"[1, 2]", false),
        Err(JournalError::NotAJournal(_))
    ));
    assert!(err(r#"{"format": "daylio", "version": 1, "events": []}"#).contains("\"daylio\""));
    assert!(err(r#"{"version": 1, "events": []}"#).contains("\"format\" field is missing"));
    assert!(err(r#"{"format": "plumbline-journal", "events": []}"#)
        .contains("\"version\" field is missing"));
    assert!(err(r#"{"format": "plumbline-journal", "version": 1}"#)
        .contains("\"events\" list is missing"));
    assert!(
        err(r#"{"format": "plumbline-journal", "version": 1, "events": {}}"#)
            .contains("expected a list")
    );
    assert!(
        err(r#"{"format": "plumbline-journal", "version": 0, "events": []}"#)
            .contains("\"version\" is 0")
    );
    let too_new = parse(
        br#"{"format": "plumbline-journal", "version": 2, "events": []}"#,
        false,
    );
    assert_eq!(too_new, Err(JournalError::TooNew { version: 2 }));
    assert!(too_new
        .unwrap_err()
        .to_string()
        .contains("newer than this Plumbline reads"));
    // A byte-order mark is allowed.
    let with_bom = format!("\u{feff}{}", doc(GOOD));
    assert_eq!(
        parse(with_bom.as_bytes(), false).map(|b| b.events.len()),
        Ok(1)
    );
}

#[test]
fn events_without_id_get_a_stable_content_id() {
    let no_id = GOOD.replace("\"id\": \"e1\",", "");
    let a = parse(doc(&no_id).as_bytes(), false).expect("valid");
    let b = parse(doc(&no_id).as_bytes(), false).expect("valid");
    assert_eq!(a.events[0].id, b.events[0].id);
    assert!(a.events[0].id.starts_with("ev-"));
    let other = no_id.replace("anxious", "calm");
    let c = parse(doc(&other).as_bytes(), false).expect("valid");
    assert_ne!(a.events[0].id, c.events[0].id);
    assert_eq!(derived_id("ev", "x"), derived_id("ev", "x"));
    assert_ne!(derived_id("ev", "x"), derived_id("re", "x"));
}

#[test]
fn write_then_parse_then_write_is_identical() {
    let text = format!(
        r#"{{"format": "plumbline-journal", "version": 1, "events": [{}, {GOOD}],
            "checkins": [{{"date": "2026-11-21", "alignment": 5}}, {{"date": "2026-11-20", "alignment": 2, "tags": ["x"]}}],
            "reflections": [{{"id": "r1", "at": "2026-11-20T21:10:00+01:00", "text": "Line one\nLine two", "mood": 3, "starred": true,
              "source": {{"app": "jrnl", "file": "j.txt", "import_id": "imp1"}}}}]}}"#,
        GOOD.replace("\"e1\"", "\"e0\"").replace("09:40", "08:00")
    );
    let at = parse_instant("2026-11-24T09:00:00Z").expect("instant");
    let b = parse(text.as_bytes(), false).expect("valid");
    let out1 = write(&b, &at);
    let out2 = write(
        &parse(out1.as_bytes(), false).expect("own output reads back"),
        &at,
    );
    assert_eq!(out1, out2);
    let v: Value = serde_json::from_str(&out1).expect("json");
    assert_eq!(v["events"][0]["id"], "e0", "sorted by time");
    assert_eq!(v["events"][1]["note"], Value::Null, "nulls are present");
    assert!(v["events"][1]
        .as_object()
        .expect("obj")
        .contains_key("source"));
    assert!(
        !v["events"][1]
            .as_object()
            .expect("obj")
            .contains_key("colour"),
        "unknown fields dropped"
    );
    assert_eq!(v["checkins"][0]["date"], "2026-11-20");
    assert_eq!(v["checkins"][1]["energy"], Value::Null);
    assert_eq!(v["reflections"][0]["source"]["app"], "jrnl");
    assert_eq!(v["beliefs"], Value::Array(vec![]));
    let keys: Vec<&String> = v["events"][0].as_object().expect("obj").keys().collect();
    assert_eq!(keys.len(), 14);
    assert!(out1.starts_with("{\n  \"format\": \"plumbline-journal\",\n  \"version\": 1,\n  \"exported_at\": \"2026-11-24T09:00:00Z\","));
}
