//! `reflect` and `reflections`: free journal entries and answers to prompts.

use std::io::Write;

use clap::Args;

use super::{instant_arg, io, print_json, print_lines, scale_arg, CliError, DateRange};
use plumbline_core::clock::Clock;
use plumbline_core::domain::{Reflection, ReflectionInput};
use plumbline_core::store::{Query, Store};

const REFLECT_HELP: &str = "\
Prints the new reflection's id. `plumbline prompts` lists the prompt ids.

Examples:
  plumbline reflect \"I said I'd start after one more email.\" --prompt thinking.before_delay
  plumbline reflect \"$(cat entry.txt)\" --title \"Sunday review\" --mood 4 --tag weekly";

#[derive(Debug, Clone, Args)]
#[command(after_help = REFLECT_HELP)]
pub struct ReflectArgs {
    /// The text of the reflection.
    pub text: String,
    /// The prompt it answers.
    #[arg(long = "prompt", value_name = "ID")]
    pub prompt: Option<String>,
    /// A title.
    #[arg(long, value_name = "S")]
    pub title: Option<String>,
    /// When, RFC 3339 with offset (default: now).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Mood, 1–5.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub mood: Option<i64>,
    /// A tag (repeat for several).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// Mark it as starred.
    #[arg(long)]
    pub starred: bool,
}

const REFLECTIONS_HELP: &str = "\
--json prints a JSON array of reflection objects exactly as in the journal format, id included.

Example:
  plumbline reflections --since 2026-11-01 --json";

#[derive(Debug, Clone, Args)]
#[command(after_help = REFLECTIONS_HELP)]
pub struct ReflectionsArgs {
    #[command(flatten)]
    pub range: DateRange,
    /// Print JSON instead of lines.
    #[arg(long)]
    pub json: bool,
}

/// `reflect`: adds a reflection, prints its id.
pub fn reflect(
    store: &mut Store,
    clock: &dyn Clock,
    args: &ReflectArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let at = match &args.at {
        Some(a) => instant_arg("--at", a)?,
        None => super::now(clock),
    };
    let mut r = ReflectionInput::new(at, args.text.clone());
    r.title = args.title.clone();
    r.mood = args.mood.map(|m| scale_arg("mood", m)).transpose()?;
    r.tags = args.tags.clone();
    r.starred = args.starred;
    if let Some(p) = args
        .prompt
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if store.prompt(p)?.is_none() {
            return Err(CliError::failed(format!(
                "--prompt: there is no prompt with id {p:?}; `plumbline prompts` lists them"
            )));
        }
        r.prompt_id = Some(p.to_string());
    }
    let saved = store.add_reflection(r, clock)?;
    writeln!(out, "{}", saved.id).map_err(io)
}

/// `reflections`: lists reflections.
pub fn list(
    store: &mut Store,
    _clock: &dyn Clock,
    args: &ReflectionsArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (since, until) = args.range.dates()?;
    let q = Query {
        since,
        until,
        ..Query::default()
    };
    let reflections = store.reflections(&q)?;
    if args.json {
        return print_json(out, &reflections);
    }
    print_lines(out, &reflections, "No reflections.", line)
}

fn line(r: &Reflection) -> String {
    let mut s = format!("{}  ", r.at.format("%Y-%m-%d %H:%M"));
    if r.starred {
        s.push_str("★ ");
    }
    if let Some(p) = &r.prompt_id {
        s.push_str(&format!("[{p}] "));
    }
    if let Some(t) = &r.title {
        s.push_str(t);
        s.push_str(" — ");
    }
    let text: String = r.text.replace('\n', " ");
    let short: String = text.chars().take(100).collect();
    s.push_str(&short);
    if short.len() < text.len() {
        s.push('…');
    }
    if let Some(m) = r.mood {
        s.push_str(&format!("  · mood {m}"));
    }
    for t in &r.tags {
        s.push_str(&format!(" #{t}"));
    }
    s.push_str(&format!("  [{}]", r.id));
    s
}
