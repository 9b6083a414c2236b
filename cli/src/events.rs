//! `log`, `edit`, `delete` and `events`: execution events.

use std::io::Write;

use clap::Args;

use super::{instant_arg, io, kind_arg, print_json, print_lines, scale_arg, CliError, DateRange};
use plumbline_core::clock::Clock;
use plumbline_core::domain::{Event, EventInput, Kind};
use plumbline_core::store::{Query, Store};

/// The optional fields of an event, shared by `log` and `edit`.
#[derive(Debug, Clone, Default, Args)]
pub struct EventOptions {
    /// When it happened, RFC 3339 with offset (default: now).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Area of work or life (content, admin, health…).
    #[arg(long, value_name = "D")]
    pub domain: Option<String>,
    /// When it was meant to start, RFC 3339 with offset.
    #[arg(long, value_name = "T")]
    pub planned_at: Option<String>,
    /// How many minutes late it started.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub delay_minutes: Option<i64>,
    /// How far it got, 0.0–1.0.
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub progress: Option<f64>,
    /// What you told yourself right before or during.
    #[arg(long, value_name = "S")]
    pub thought: Option<String>,
    /// One word for the feeling.
    #[arg(long, value_name = "E")]
    pub emotion: Option<String>,
    /// How much mental negotiation it took, 1–5.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub friction: Option<i64>,
    /// A tag (repeat for several; in `edit`, replaces all tags; `--tag ''` clears them).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// Anything else.
    #[arg(long, value_name = "S")]
    pub note: Option<String>,
}

const LOG_HELP: &str = "\
Kinds: completed, delayed_start, unfinished, avoided, switched, skipped.
Prints the new event's id, so scripts can capture it.

Example:
  plumbline log --kind delayed_start --task \"Write the client newsletter\" \\
      --planned-at 2026-11-20T09:00:00+01:00 --at 2026-11-20T09:40:00+01:00 \\
      --thought \"It needs another pass\" --emotion anxious --friction 4 --tag newsletter";

#[derive(Debug, Clone, Args)]
#[command(after_help = LOG_HELP)]
pub struct LogArgs {
    /// completed, delayed_start, unfinished, avoided, switched or skipped.
    #[arg(long, value_name = "K")]
    pub kind: String,
    /// What the work was, in your words.
    #[arg(long, value_name = "T")]
    pub task: String,
    #[command(flatten)]
    pub fields: EventOptions,
}

const EDIT_HELP: &str = "\
Only the options given change; an empty value (--domain '') clears an optional field.

Example:
  plumbline edit 0193f0a2-5c1e-7d4b-9a60-1b2c3d4e5f60 --kind completed --friction 2";

#[derive(Debug, Clone, Args)]
#[command(after_help = EDIT_HELP)]
pub struct EditArgs {
    /// The event's id (as printed by `log` or `events`).
    pub id: String,
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    #[arg(long, value_name = "T")]
    pub task: Option<String>,
    #[command(flatten)]
    pub fields: EventOptions,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = "Example:\n  plumbline delete 0193f0a2-5c1e-7d4b-9a60-1b2c3d4e5f60")]
pub struct DeleteArgs {
    /// The event's id.
    pub id: String,
}

const EVENTS_HELP: &str = "\
--json prints a JSON array of event objects exactly as in the journal format, id included.

Examples:
  plumbline events --since 2026-11-01 --kind avoided
  plumbline events --json > events.json";

#[derive(Debug, Clone, Args)]
#[command(after_help = EVENTS_HELP)]
pub struct EventsArgs {
    #[command(flatten)]
    pub range: DateRange,
    /// Only this kind.
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// Print JSON instead of lines.
    #[arg(long)]
    pub json: bool,
}

/// Applies the given options over `input`.
fn apply(input: &mut EventInput, o: &EventOptions) -> Result<(), CliError> {
    if let Some(at) = &o.at {
        input.at = instant_arg("--at", at)?;
    }
    if let Some(d) = &o.domain {
        input.domain = Some(d.clone());
    }
    if let Some(p) = &o.planned_at {
        input.planned_at = if p.trim().is_empty() {
            None
        } else {
            Some(instant_arg("--planned-at", p)?)
        };
    }
    if let Some(d) = o.delay_minutes {
        input.delay_minutes = Some(u32::try_from(d).map_err(|_| {
            CliError::failed(format!(
                "--delay-minutes: {d} must be a whole number of minutes, 0 or more"
            ))
        })?);
    }
    if let Some(p) = o.progress {
        input.progress = Some(p);
    }
    if let Some(t) = &o.thought {
        input.thought = Some(t.clone());
    }
    if let Some(e) = &o.emotion {
        input.emotion = Some(e.clone());
    }
    if let Some(f) = o.friction {
        input.friction = Some(scale_arg("friction", f)?);
    }
    if !o.tags.is_empty() {
        input.tags = o.tags.clone();
    }
    if let Some(n) = &o.note {
        input.note = Some(n.clone());
    }
    Ok(())
}

/// `log`: validates and adds one event, prints its id.
pub fn log(
    store: &mut Store,
    clock: &dyn Clock,
    args: &LogArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let kind = kind_arg(&args.kind)?;
    let mut input = EventInput::new(super::now(clock), kind, args.task.clone());
    apply(&mut input, &args.fields)?;
    let event = store.log_event(input, clock)?;
    writeln!(out, "{}", event.id).map_err(io)
}

/// `edit`: changes the given fields of one event, prints its id.
pub fn edit(
    store: &mut Store,
    clock: &dyn Clock,
    args: &EditArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let Some(existing) = store.event(&args.id)? else {
        return Err(CliError::failed(format!(
            "there is no event with id {}; `plumbline events` lists them",
            args.id
        )));
    };
    let mut input = existing.input();
    if let Some(k) = &args.kind {
        input.kind = kind_arg(k)?;
    }
    if let Some(t) = &args.task {
        input.task = t.clone();
    }
    apply(&mut input, &args.fields)?;
    let event = store.edit_event(&args.id, input, clock)?;
    writeln!(out, "{}", event.id).map_err(io)
}

/// `delete`: removes one event and says which.
pub fn delete(
    store: &mut Store,
    _clock: &dyn Clock,
    args: &DeleteArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let event = store.delete_event(&args.id)?;
    writeln!(
        out,
        "Deleted {} {}: {}",
        event.kind.as_str(),
        event.at.format("%Y-%m-%d %H:%M"),
        event.task
    )
    .map_err(io)
}

/// `events`: lists events as lines or as a JSON array.
pub fn list(
    store: &mut Store,
    _clock: &dyn Clock,
    args: &EventsArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (since, until) = args.range.dates()?;
    let q = Query {
        since,
        until,
        kind: args.kind.as_deref().map(kind_arg).transpose()?,
        limit: None,
    };
    let events = store.events(&q)?;
    if args.json {
        return print_json(out, &events);
    }
    print_lines(out, &events, "No events.", line)
}

/// One compact line: date, time, kind, task, details, id.
fn line(e: &Event) -> String {
    let mut s = format!(
        "{}  {:<13}  {}",
        e.at.format("%Y-%m-%d %H:%M"),
        e.kind.as_str(),
        e.task
    );
    let mut details: Vec<String> = Vec::new();
    if let Some(d) = &e.domain {
        details.push(d.clone());
    }
    if e.kind == Kind::DelayedStart {
        if let Some(d) = e.input().effective_delay() {
            details.push(format!("{d} min late"));
        }
    }
    if let Some(p) = e.progress {
        details.push(format!("{:.0}%", p * 100.0));
    }
    if let Some(f) = e.friction {
        details.push(format!("friction {f}"));
    }
    if let Some(em) = &e.emotion {
        details.push(em.clone());
    }
    details.extend(e.tags.iter().map(|t| format!("#{t}")));
    if !details.is_empty() {
        s.push_str("  · ");
        s.push_str(&details.join(" · "));
    }
    if let Some(t) = &e.thought {
        s.push_str(&format!("  “{}”", t.replace('\n', " ")));
    }
    s.push_str(&format!("  [{}]", e.id));
    s
}
