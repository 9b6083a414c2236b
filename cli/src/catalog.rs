//! `prompts` and `beliefs`: the reflection prompts and the belief catalog.

use std::io::Write;

use clap::Args;

use super::{io, print_json, CliError};
use plumbline_core::clock::Clock;
use plumbline_core::domain::{Layer, VerdictKind};
use plumbline_core::store::{Store, StoreError};

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  plumbline prompts --layer thinking\n  plumbline prompts --json"
)]
pub struct PromptsArgs {
    /// Only prompts of this layer: belief, thinking or execution.
    #[arg(long, value_name = "LAYER")]
    pub layer: Option<String>,
    /// Print JSON instead of lines.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:\n  plumbline beliefs\n  plumbline beliefs --json")]
pub struct BeliefsArgs {
    /// Print JSON instead of lines.
    #[arg(long)]
    pub json: bool,
}

/// `prompts`: lists prompts, built-in first, grouped by layer in the text output.
pub fn prompts(
    store: &mut Store,
    _clock: &dyn Clock,
    args: &PromptsArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let layer = args
        .layer
        .as_deref()
        .map(|l| {
            l.parse::<Layer>()
                .map_err(|e| CliError::failed(format!("--layer: {e}")))
        })
        .transpose()?;
    let prompts = store.prompts(layer)?;
    if args.json {
        return print_json(out, &prompts);
    }
    if prompts.is_empty() {
        return writeln!(out, "No prompts.").map_err(io);
    }
    let width = prompts
        .iter()
        .map(|p| p.id.chars().count())
        .max()
        .unwrap_or(0);
    for l in Layer::ALL {
        let of_layer: Vec<_> = prompts.iter().filter(|p| p.layer == l).collect();
        if of_layer.is_empty() {
            continue;
        }
        writeln!(out, "{}:", l.as_str()).map_err(io)?;
        for p in of_layer {
            writeln!(out, "  {:<width$}  {}", p.id, p.text).map_err(io)?;
        }
    }
    Ok(())
}

/// `beliefs`: lists the catalog and the person's own beliefs.
pub fn beliefs(
    store: &mut Store,
    _clock: &dyn Clock,
    args: &BeliefsArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let beliefs = store.beliefs()?;
    if args.json {
        return print_json(out, &beliefs);
    }
    if beliefs.is_empty() {
        return writeln!(out, "No beliefs.").map_err(io);
    }
    let width = beliefs
        .iter()
        .map(|b| b.id.chars().count())
        .max()
        .unwrap_or(0);
    for b in &beliefs {
        writeln!(out, "{:<width$}  {}", b.id, b.statement).map_err(io)?;
    }
    Ok(())
}

const VERDICT_HELP: &str = "\
Confirmed links are shown with your verdict; a rejected link is not suggested again unless its
evidence grows well beyond what it was. `plumbline beliefs` lists the belief ids.

Examples:
  plumbline verdict visibility_risk confirmed
  plumbline verdict consistency_trap rejected";

#[derive(Debug, Clone, Args)]
#[command(after_help = VERDICT_HELP)]
pub struct VerdictArgs {
    /// The belief's id.
    pub belief_id: String,
    /// confirmed or rejected.
    pub verdict: String,
    /// When, RFC 3339 with offset (default: now).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
}

/// `verdict BELIEF_ID confirmed|rejected`: stores the person's verdict on a belief link.
pub fn verdict(
    store: &mut Store,
    clock: &dyn Clock,
    args: &VerdictArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let kind: VerdictKind = args
        .verdict
        .parse()
        .map_err(|e| CliError::failed(format!("VERDICT: {e}")))?;
    let at = match &args.at {
        Some(a) => super::instant_arg("--at", a)?,
        None => super::now(clock),
    };
    let id = args.belief_id.trim();
    // The evidence the link has now, so a rejected link returns only on much more of it.
    let analysis = plumbline_core::analyze::analyze(store, &Default::default(), clock).map_err(
        |e| match e {
            plumbline_core::analyze::AnalyzeError::Store(s) => CliError::from(s),
            other => CliError::failed(other),
        },
    )?;
    plumbline_core::app::verdict::record(store, &analysis, id, Some(kind), at).map_err(
        |e| match e {
            StoreError::Invalid(inv) => CliError::failed(format!(
                "BELIEF_ID: {}; `plumbline beliefs` lists them",
                inv.reason
            )),
            other => other.into(),
        },
    )?;
    writeln!(out, "Recorded your verdict: {id} {}.", kind.as_str()).map_err(io)
}
