//! `cargo xtask measure`: Plumbline next to a bare Tauri 2 window built with the same release
//! profile, in one run: stripped binary size, start to first input (median of 5) on an empty and
//! on a 100,000-event journal, and the process tree's PSS 5 s after start; on an encrypted
//! journal, start to the lock screen, typing the passphrase and Enter to Today ready (Argon2id,
//! opening, Today); then the switch to the Journal and to Trends (its one-year range) on the
//! 100,000-event journal (`--views`: only that; `--settle MS`: the first switches that long
//! after Today is ready).

use std::fs;

use crate::{
    app_binary_release, cargo, e2e_example, ensure_packages, ensure_tauri_driver, fail, headless,
    status, target_dir, workspace_root, Result, BUILD_PACKAGES, HEADLESS_PACKAGES,
};

/// The bare window's crate, a workspace of its own.
const BARE: &str = "xtask/bare-window";
/// Plumbline's first input is ready: Today has loaded and its log form is there.
const PLUMBLINE_READY: &str = "[data-testid='view'][data-ready='true'] [data-testid='log-form']";
/// The bare window's one input is ready.
const BARE_READY: &str = "body[data-ready='true'] input";

/// The `[profile.release]` table of a Cargo.toml, as its lines.
fn release_profile(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .skip_while(|l| l.trim() != "[profile.release]")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

pub fn measure(args: &[String]) -> Result {
    let views_only = args.iter().any(|a| a == "--views");
    let mut args = args.iter().filter(|a| *a != "--views");
    let (mut runs, mut settle) = (5u32, 0u64);
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--runs" => runs = number(flag, args.next())?,
            "--settle" => settle = number(flag, args.next())?,
            _ => return fail("usage: cargo xtask measure [--runs N] [--views] [--settle MS]"),
        }
    }
    if views_only {
        let tool = prepare()?;
        return view_switches(&tool, runs, settle);
    }
    let root = workspace_root();
    let read = |p: std::path::PathBuf| {
        fs::read_to_string(&p)
            .map_err(|e| crate::Failure(format!("could not read {}: {e}", p.display())))
    };
    let ours = release_profile(&read(root.join("Cargo.toml"))?);
    let bare = release_profile(&read(root.join(BARE).join("Cargo.toml"))?);
    if ours != bare {
        return fail(format!(
            "the bare window's release profile {bare:?} differs from the workspace's {ours:?}; \
             make them the same so the comparison is fair"
        ));
    }

    // Both built as `cargo tauri build` builds an app, into the same target directory so the
    // bare window reuses every dependency the two share.
    let tool = prepare()?;
    // The bare window resolves its dependencies from Plumbline's lock file, so both use the
    // same versions of Tauri and everything below it.
    let bare_lock = root.join(BARE).join("Cargo.lock");
    fs::copy(root.join("Cargo.lock"), &bare_lock).map_err(|e| {
        crate::Failure(format!(
            "could not copy Cargo.lock to {}: {e}",
            bare_lock.display()
        ))
    })?;
    status(
        cargo()
            .args(["build", "--release", "--manifest-path"])
            .arg(root.join(BARE).join("Cargo.toml"))
            .args(["--features", "tauri/custom-protocol", "--target-dir"])
            .arg(target_dir()),
    )?;
    let app = app_binary_release();
    let bare_app = target_dir()
        .join("release")
        .join(format!("bare-window{}", std::env::consts::EXE_SUFFIX));
    let subject = |name: &str, app: &std::path::Path, ready: &str, journal: &str| {
        format!("{name}={}|{ready}|{journal}", app.display())
    };
    let mut c = headless(&tool);
    c.args(["--runs", &runs.to_string()])
        .arg(subject("bare window", &bare_app, BARE_READY, "empty"))
        .arg(subject(
            "Plumbline, empty journal",
            &app,
            PLUMBLINE_READY,
            "empty",
        ))
        .arg(subject(
            "Plumbline, 100,000 events",
            &app,
            PLUMBLINE_READY,
            "big",
        ))
        .arg(subject(
            "Plumbline, encrypted journal",
            &app,
            PLUMBLINE_READY,
            "encrypted",
        ));
    status(&mut c)?;
    view_switches(&tool, runs, settle)
}

/// The number given after `flag`.
fn number<T: std::str::FromStr>(flag: &str, n: Option<&String>) -> Result<T> {
    n.and_then(|n| n.parse().ok())
        .ok_or_else(|| crate::Failure(format!("{flag} takes a number, not {n:?}")))
}

/// What both measurements need: the system's packages and tauri-driver, Plumbline's release
/// build (as `cargo tauri build` builds it) and the measuring tool, whose path it returns.
fn prepare() -> Result<std::path::PathBuf> {
    let mut packages: Vec<&str> = BUILD_PACKAGES.to_vec();
    packages.extend_from_slice(HEADLESS_PACKAGES);
    ensure_packages(&packages)?;
    ensure_tauri_driver()?;
    status(cargo().args([
        "build",
        "--release",
        "-p",
        "plumbline-desktop",
        "--features",
        "tauri/custom-protocol",
    ]))?;
    e2e_example("measure")
}

/// The switch to the Journal and to Trends (a year) on a 100,000-event journal, with the
/// release build (`measure --switch`): the first switch (`settle` ms after Today is ready) and
/// the median of `runs` more.
fn view_switches(tool: &std::path::Path, runs: u32, settle: u64) -> Result {
    let mut c = headless(tool);
    c.args(["--runs", &runs.to_string(), "--settle", &settle.to_string()])
        .arg("--switch")
        .arg(app_binary_release());
    status(&mut c)
}
