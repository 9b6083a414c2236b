//! What every fuzz target asserts, shared: a parser of outside bytes never panics, and either
//! returns records that are valid as the store would take them, or an error that names the
//! file and says what is wrong.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::FixedOffset;
use plumbline_core::interchange::formats::{Files, ImportError, LocalZone, ParseOptions};
use plumbline_core::interchange::ImportBatch;

/// The name every input is given; every error must start with it.
pub const FILE: &str = "fuzzed-input";

/// The two ways each input is read: all-or-nothing with naive times in UTC+02:00, and with
/// `--skip-invalid` in Europe/Berlin (so daylight-saving gaps and repeats are met as well).
pub fn options() -> &'static [ParseOptions; 2] {
    static OPTIONS: OnceLock<[ParseOptions; 2]> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let fixed = LocalZone::Fixed(FixedOffset::east_opt(2 * 3600).expect("a valid offset"));
        let berlin = LocalZone::named("Europe/Berlin").expect("Europe/Berlin is in the database");
        [
            ParseOptions {
                zone: fixed,
                ..ParseOptions::default()
            },
            ParseOptions {
                zone: berlin,
                skip_invalid: true,
                ..ParseOptions::default()
            },
        ]
    })
}

/// Checks an importer's answer. `foreign`: records come from another app, so each carries its
/// source and a derived id unique within the batch.
pub fn check_import(result: Result<ImportBatch, ImportError>, foreign: bool) {
    match result {
        Ok(batch) => check_batch(&batch, foreign),
        Err(e) => check_message(&e.to_string(), FILE),
    }
}

/// Every record valid, every rejection naming its record and reason.
pub fn check_batch(batch: &ImportBatch, foreign: bool) {
    let mut ids = HashSet::new();
    for e in &batch.events {
        if let Err(invalid) = e.input().validate() {
            panic!("an invalid event was accepted ({invalid}): {e:?}");
        }
        if foreign {
            assert!(
                e.source.is_some(),
                "an imported event without source: {e:?}"
            );
            assert!(ids.insert(e.id.clone()), "a repeated id: {e:?}");
        }
    }
    for r in &batch.reflections {
        if let Err(invalid) = r.input().validate() {
            panic!("an invalid reflection was accepted ({invalid}): {r:?}");
        }
        if foreign {
            assert!(
                r.source.is_some(),
                "an imported reflection without source: {r:?}"
            );
            assert!(ids.insert(r.id.clone()), "a repeated id: {r:?}");
        }
    }
    for rej in &batch.rejected {
        assert!(
            !rej.record.is_empty() && !rej.reason.is_empty(),
            "a rejection that does not say what or why: {rej:?}"
        );
    }
}

/// An error message names `what` first and then says something about it.
pub fn check_message(msg: &str, what: &str) {
    assert!(
        msg.starts_with(what) && msg.len() > what.len() + 10,
        "an error that does not name {what:?} or say why: {msg:?}"
    );
}

/// A folder packed into one input, so that a folder import can be fuzzed from bytes: files
/// separated by a NUL byte, each its `/`-separated relative path, a newline, then its content.
/// (`cargo xtask fuzz` packs the fixture folders this way as seeds.)
pub fn unpack(data: &[u8]) -> Files {
    data.split(|&b| b == 0)
        .map(|chunk| {
            let (path, content) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..i], &chunk[i + 1..]),
                None => (chunk, &[][..]),
            };
            (String::from_utf8_lossy(path).into_owned(), content.to_vec())
        })
        .collect()
}
