//! `search`: full-text search over everything the person wrote.

use std::io::Write;

use clap::Args;
use serde::Serialize;

use plumbline_core::clock::Clock;
use plumbline_core::store::{SearchKind, SearchQuery, Store, MAX_SEARCH_LIMIT};

use crate::{date_range, io, print_json, CliError};

const SEARCH_HELP: &str = "\
Searches event tasks, thoughts, notes, domains, emotions and tags, check-in notes, and
reflection titles, texts and tags; best matches first (of a word in more than 1,000 records of
one type, the 1,000 written last that pass the filters are ranked). Words are matched whole, the last one
also as the start of a word (\"newsl\" finds \"newsletter\"); quotes and operators are taken as
plain words.

--kind is a record type (event, checkin, reflection) or an event kind (avoided, …).
--json prints [{\"type\", \"id\", \"at\", \"field\", \"snippet\"}]; a check-in's id and at are its date.

Examples:
  plumbline search newsletter
  plumbline search \"mixed day\" --kind checkin --since 2026-11-01 --json";

#[derive(Debug, Clone, Args)]
#[command(after_help = SEARCH_HELP)]
pub struct SearchArgs {
    /// The words to look for.
    pub query: String,
    /// Only this record type (event, checkin, reflection) or event kind.
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// Only events in this domain.
    #[arg(long, value_name = "D")]
    pub domain: Option<String>,
    /// Only records with this tag.
    #[arg(long, value_name = "T")]
    pub tag: Option<String>,
    /// First local date to include (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Last local date to include (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// At most this many results (default 50).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Print JSON instead of lines.
    #[arg(long)]
    pub json: bool,
}

/// One hit as `--json` prints it (docs/contracts.md §2).
#[derive(Debug, Serialize)]
struct JsonHit<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    at: &'a str,
    field: &'a str,
    snippet: String,
}

/// `search`: prints the hits, best first.
pub fn run(
    store: &mut Store,
    _clock: &dyn Clock,
    args: &SearchArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (since, until) = date_range(&args.since, &args.until)?;
    let kind = args
        .kind
        .as_deref()
        .map(|k| {
            k.parse::<SearchKind>()
                .map_err(|e| CliError::failed(format!("--kind: {e}")))
        })
        .transpose()?;
    if let Some(n) = args.limit {
        if n == 0 || n > MAX_SEARCH_LIMIT {
            return Err(CliError::failed(format!(
                "--limit: {n} is out of range 1–{MAX_SEARCH_LIMIT}"
            )));
        }
    }
    let hits = store.search(&SearchQuery {
        words: args.query.clone(),
        kind,
        domain: args.domain.clone(),
        tag: args.tag.clone(),
        since,
        until,
        limit: args.limit,
    })?;
    if args.json {
        let rows: Vec<JsonHit<'_>> = hits
            .iter()
            .map(|h| JsonHit {
                kind: h.kind_of_record.as_str(),
                id: &h.id,
                at: &h.at,
                field: &h.field,
                snippet: h.snippet_text(),
            })
            .collect();
        return print_json(out, &rows);
    }
    for h in &hits {
        // Matches stand out in a terminal without colour: «word».
        let snippet: String = h
            .snippet
            .iter()
            .map(|s| {
                if s.mark {
                    format!("«{}»", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect();
        let snippet = snippet.replace(['\n', '\r'], " ");
        writeln!(
            out,
            "{}  {:<10}  {:<8}  {}  {}",
            h.date,
            h.kind_of_record.as_str(),
            h.field,
            snippet,
            h.id
        )
        .map_err(io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use plumbline_core::clock::FixedClock;
    use plumbline_core::domain::{parse_instant, Checkin, EventInput, Kind};

    fn run_args(store: &mut Store, args: &[&str]) -> Result<String, CliError> {
        use clap::Parser;
        let cli =
            crate::Cli::try_parse_from(std::iter::once("plumbline").chain(args.iter().copied()))
                .map_err(|e| CliError::Usage(e.to_string()))?;
        let clock = FixedClock(parse_instant("2026-03-03T09:00:00+01:00").expect("now"));
        let mut out = Vec::new();
        crate::run_command(store, &clock, &cli.command, &mut out)?;
        Ok(String::from_utf8(out).expect("utf-8"))
    }

    fn journal() -> Store {
        let clock = FixedClock(parse_instant("2026-03-03T09:00:00+01:00").expect("now"));
        let mut s = Store::open_in_memory().expect("store");
        let mut c = Checkin::new("2026-03-02".parse().expect("date"), 3);
        c.note = Some("a lighthouse kind of day".into());
        s.save_checkin(c, &clock).expect("checkin");
        s.log_event(
            EventInput::new(
                parse_instant("2026-03-02T10:00:00+01:00").expect("at"),
                Kind::Avoided,
                "Call the harbourmaster",
            ),
            &clock,
        )
        .expect("event");
        s
    }

    #[test]
    fn json_hits_have_the_contract_shape() {
        let mut s = journal();
        let out = run_args(&mut s, &["search", "lighthouse", "--json"]).expect("search");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(
            v,
            serde_json::json!([{
                "type": "checkin", "id": "2026-03-02", "at": "2026-03-02",
                "field": "note", "snippet": "a lighthouse kind of day"
            }])
        );
        let out = run_args(&mut s, &["search", "harbourmaster", "--json"]).expect("search");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v[0]["type"], "event");
        assert_eq!(v[0]["field"], "task");
        assert_eq!(v[0]["at"], "2026-03-02T10:00:00+01:00");
        let text = run_args(&mut s, &["search", "harbour"]).expect("search");
        assert!(text.contains("«harbourmaster»"), "{text}");
    }

    #[test]
    fn filters_and_bad_options() {
        let mut s = journal();
        let out = run_args(&mut s, &["search", "day", "--kind", "event", "--json"]).expect("ok");
        assert_eq!(out.trim(), "[]");
        let out = run_args(
            &mut s,
            &["search", "harbourmaster", "--since", "2026-03-03", "--json"],
        )
        .expect("ok");
        assert_eq!(out.trim(), "[]");
        for bad in [
            &["search", "x", "--kind", "nope"][..],
            &["search", "x", "--limit", "0"],
            &[
                "search",
                "x",
                "--since",
                "2026-03-04",
                "--until",
                "2026-03-01",
            ],
        ] {
            let e = run_args(&mut s, bad).unwrap_err();
            assert_eq!(e.exit_code(), 1, "{bad:?}: {e}");
        }
        assert_eq!(
            run_args(&mut s, &["search", "\"", "--json"])
                .expect("ok")
                .trim(),
            "[]"
        );
    }
}
