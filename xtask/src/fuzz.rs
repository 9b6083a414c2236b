//! `cargo xtask fuzz [--seconds N] [TARGET...]`: runs the fuzz targets in `fuzz/` (one per
//! parser of outside bytes) with cargo-fuzz, each for a bounded time, one after another.
//!
//! cargo-fuzz is installed at a pinned version into `.tools/cargo-fuzz`, and it builds with the
//! nightly toolchain (installed with rustup if missing), as libFuzzer's instrumentation needs.
//! Each run is seeded with the import fixtures in `tests/fixtures/` (read-only corpus folders)
//! and with the seeds made here for the inputs no fixture holds (a key file, the head of the
//! text model, the fixture folders packed into one input); what libFuzzer learns stays in
//! `fuzz/corpus/<target>/`, which git ignores. A crash, a leak, a time-out or an oversized
//! allocation fails the command with the failing input's path in `fuzz/artifacts/<target>/`.

use std::env;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use crate::{describe, fail, status, workspace_root, Failure, Result};

/// The cargo-fuzz release that runs the targets, installed with `cargo install` at exactly this
/// version.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// The toolchain cargo-fuzz builds with (libFuzzer's sanitizer flags are nightly-only).
const TOOLCHAIN: &str = "nightly";

/// How long each target runs unless `--seconds` says otherwise.
const DEFAULT_SECONDS: u64 = 60;

/// The analyzer's text model in `models/` (`plumbline_core::embed::MODEL_FILE`; a test checks
/// the file is there).
const MODEL_FILE: &str = "plumbline-text-v2.bin";

/// Longest time one input may take before it counts as a hang.
const INPUT_TIMEOUT_SECONDS: u64 = 10;

/// The targets (the `[[bin]]`s of fuzz/Cargo.toml) and the folders of `tests/fixtures/` that
/// seed them.
pub const TARGETS: &[(&str, &[&str])] = &[
    ("journal", &["plumbline"]),
    ("daylio", &["daylio"]),
    ("jrnl", &["jrnl"]),
    ("loop_file", &["loop"]),
    ("loop_folder", &[]),
    ("detect", &["plumbline", "daylio", "jrnl", "loop"]),
    ("keys", &[]),
    ("text_model", &[]),
];

const USAGE: &str = "usage: cargo xtask fuzz [--seconds N] [TARGET...]";

/// What one target's run did, from libFuzzer's final statistics.
struct Run {
    target: &'static str,
    execs: Option<u64>,
    per_second: Option<u64>,
    seconds: f64,
}

pub fn command(args: &[String]) -> Result {
    let (seconds, targets) = parse_args(args)?;
    let fuzz = ensure_cargo_fuzz()?;
    ensure_nightly()?;
    let mut runs = Vec::new();
    for target in targets {
        runs.push(run_target(&fuzz, target, seconds)?);
    }
    eprintln!("\nxtask: fuzzing done, no failing input:");
    for r in &runs {
        let n = |v: Option<u64>| v.map_or_else(|| "?".to_string(), |v| v.to_string());
        eprintln!(
            "  {:<12} {:>12} execs  {:>8} execs/s  {:>5.0} s wall clock (with the build)",
            r.target,
            n(r.execs),
            n(r.per_second),
            r.seconds
        );
    }
    Ok(())
}

fn parse_args(args: &[String]) -> Result<(u64, Vec<&'static str>)> {
    let mut seconds = DEFAULT_SECONDS;
    let mut chosen = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => {
                seconds = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .filter(|&s| s > 0)
                    .ok_or_else(|| {
                        Failure(format!("--seconds needs a whole number above 0\n{USAGE}"))
                    })?;
            }
            name => match TARGETS.iter().find(|(t, _)| *t == name) {
                Some((t, _)) => chosen.push(*t),
                None => {
                    let names: Vec<&str> = TARGETS.iter().map(|(t, _)| *t).collect();
                    return fail(format!(
                        "{name:?} is not a fuzz target; the targets are {}\n{USAGE}",
                        names.join(", ")
                    ));
                }
            },
        }
    }
    if chosen.is_empty() {
        chosen = TARGETS.iter().map(|(t, _)| *t).collect();
    }
    Ok((seconds, chosen))
}

fn fuzz_dir() -> PathBuf {
    workspace_root().join("fuzz")
}

/// Where xtask installs cargo-fuzz: a folder of the project that git ignores.
fn cargo_fuzz_root() -> PathBuf {
    workspace_root().join(".tools").join("cargo-fuzz")
}

/// The pinned cargo-fuzz's program, installed first if it is not there.
fn ensure_cargo_fuzz() -> Result<PathBuf> {
    let program = cargo_fuzz_root()
        .join("bin")
        .join(format!("cargo-fuzz{}", env::consts::EXE_SUFFIX));
    let current = Command::new(&program)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let wanted = format!("cargo-fuzz {CARGO_FUZZ_VERSION}");
    if current.as_deref() != Some(wanted.as_str()) {
        let started = Instant::now();
        // A debug build: the fuzzing runs in the targets, not in cargo-fuzz.
        status(
            crate::cargo()
                .args([
                    "install",
                    "cargo-fuzz",
                    "--version",
                    CARGO_FUZZ_VERSION,
                    "--locked",
                    "--debug",
                    "--root",
                ])
                .arg(cargo_fuzz_root())
                .env("CARGO_PROFILE_DEV_DEBUG", "false"),
        )?;
        eprintln!(
            "xtask: cargo-fuzz {CARGO_FUZZ_VERSION} installed in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(program)
}

/// Installs the nightly toolchain with rustup unless it is there.
fn ensure_nightly() -> Result {
    let have = Command::new("rustup")
        .args(["run", TOOLCHAIN, "rustc", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if have {
        return Ok(());
    }
    status(Command::new("rustup").args(["toolchain", "install", TOOLCHAIN, "--profile", "minimal"]))
        .map_err(|e| {
            Failure(format!(
                "{e}; fuzzing needs rustup and the nightly toolchain"
            ))
        })
}

/// Writes the seeds no fixture file provides into the target's own corpus folder.
fn write_seeds(target: &str, corpus: &Path) -> Result {
    let root = workspace_root();
    let write = |name: &str, bytes: &[u8]| {
        let path = corpus.join(name);
        fs::write(&path, bytes)
            .map_err(|e| Failure(format!("could not write {}: {e}", path.display())))
    };
    match target {
        "loop_folder" => {
            // Every fixture folder that is a Loop export, packed as `plumbline_fuzz::unpack`
            // reads it: files separated by NUL, each its relative path, a newline, its content.
            let loop_dir = root.join("tests").join("fixtures").join("loop");
            for dir in sub_dirs(&loop_dir)? {
                let mut files = Vec::new();
                collect_files(&dir, &dir, &mut files)?;
                let mut packed = Vec::new();
                for (i, (rel, bytes)) in files.iter().enumerate() {
                    if i > 0 {
                        packed.push(0);
                    }
                    packed.extend_from_slice(rel.as_bytes());
                    packed.push(b'\n');
                    packed.extend_from_slice(bytes);
                }
                let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
                write(&format!("seed-{}", name.unwrap_or_default()), &packed)?;
            }
        }
        "keys" => {
            // A real key file, made by core itself (its `key_file_seed` example: xtask does
            // not link the workspace, so it builds before the system libraries are there).
            let path = corpus.join("seed-journal.db.keys");
            status(
                crate::cargo()
                    .args(["run", "--quiet", "-p", "plumbline-core", "--example"])
                    .args(["key_file_seed", "--"])
                    .arg(&path),
            )?;
        }
        "text_model" => {
            // The model's header and the start of its vocabulary: past the header only the
            // model the program is built with loads (its sha256 is checked first).
            let model = root.join("models").join(MODEL_FILE);
            let bytes = fs::read(&model)
                .map_err(|e| Failure(format!("could not read {}: {e}", model.display())))?;
            write("seed-model-head", &bytes[..bytes.len().min(1024)])?;
        }
        _ => {}
    }
    Ok(())
}

fn sub_dirs(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .and_then(|rd| {
            rd.map(|e| e.map(|e| e.path()))
                .collect::<std::io::Result<_>>()
        })
        .map_err(|e| Failure(format!("could not list {}: {e}", dir.display())))?;
    out.retain(|p| p.is_dir());
    out.sort();
    Ok(out)
}

fn collect_files(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> Result {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .and_then(|rd| {
            rd.map(|e| e.map(|e| e.path()))
                .collect::<std::io::Result<_>>()
        })
        .map_err(|e| Failure(format!("could not list {}: {e}", dir.display())))?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_files(base, &p, out)?;
        } else {
            let rel = p.strip_prefix(base).unwrap_or(&p);
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let bytes = fs::read(&p)
                .map_err(|e| Failure(format!("could not read {}: {e}", p.display())))?;
            out.push((rel.join("/"), bytes));
        }
    }
    Ok(())
}

/// The target's failing inputs written since `since` (libFuzzer names them by content, so a
/// repeated crash rewrites an old file).
fn artifacts_since(target: &str, since: SystemTime) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(fuzz_dir().join("artifacts").join(target))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| {
                    e.metadata()
                        .and_then(|m| m.modified())
                        .is_ok_and(|t| t >= since)
                })
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Runs one target for `seconds`, echoing libFuzzer's output and keeping its final statistics.
fn run_target(cargo_fuzz: &Path, target: &'static str, seconds: u64) -> Result<Run> {
    let fuzz = fuzz_dir();
    let corpus = fuzz.join("corpus").join(target);
    fs::create_dir_all(&corpus)
        .map_err(|e| Failure(format!("could not create {}: {e}", corpus.display())))?;
    write_seeds(target, &corpus)?;
    let seeds = TARGETS
        .iter()
        .find(|(t, _)| *t == target)
        .map_or(&[][..], |(_, s)| *s);
    let before = SystemTime::now();

    let mut cmd = Command::new("rustup");
    cmd.args(["run", TOOLCHAIN])
        .arg(cargo_fuzz)
        .args(["fuzz", "run", "--fuzz-dir"])
        .arg(&fuzz)
        .arg(target)
        // The first folder is the one libFuzzer adds to; the fixtures are only read.
        .arg(&corpus);
    for s in seeds {
        cmd.arg(workspace_root().join("tests").join("fixtures").join(s));
    }
    cmd.args([
        "--".to_string(),
        format!("-max_total_time={seconds}"),
        format!("-timeout={INPUT_TIMEOUT_SECONDS}"),
        "-print_final_stats=1".to_string(),
    ])
    .current_dir(workspace_root())
    // The nightly toolchain's own cargo and rustc, and fuzz/'s own target folder: nothing
    // of the stable build that started xtask.
    .env("RUSTUP_TOOLCHAIN", TOOLCHAIN)
    .env_remove("CARGO")
    .env_remove("RUSTC")
    .env_remove("RUSTDOC")
    .env_remove("CARGO_TARGET_DIR")
    .stderr(Stdio::piped());

    let line = describe(&cmd);
    eprintln!("$ {line}");
    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| Failure(format!("could not start `{line}`: {e}")))?;
    let mut execs = None;
    let mut per_second = None;
    if let Some(err) = child.stderr.take() {
        for l in BufReader::new(err).lines().map_while(std::io::Result::ok) {
            eprintln!("{l}");
            let stat = |name: &str| {
                l.strip_prefix(name)
                    .and_then(|rest| rest.trim_start_matches(':').trim().parse().ok())
            };
            execs = stat("stat::number_of_executed_units").or(execs);
            per_second = stat("stat::average_exec_per_sec").or(per_second);
        }
    }
    let exit = child
        .wait()
        .map_err(|e| Failure(format!("`{line}` did not finish: {e}")))?;
    let seconds = started.elapsed().as_secs_f64();
    if !exit.success() {
        let new: Vec<String> = artifacts_since(target, before)
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return if new.is_empty() {
            fail(format!(
                "fuzz target {target} failed ({exit}) without a failing input; see above"
            ))
        } else {
            fail(format!(
                "fuzz target {target} found a failing input: {}\nreproduce with: rustup run {TOOLCHAIN} {} fuzz run --fuzz-dir {} {target} {}",
                new.join(", "),
                cargo_fuzz.display(),
                fuzz.display(),
                new[0]
            ))
        };
    }
    Ok(Run {
        target,
        execs,
        per_second,
        seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_model_seed_names_cores_model_file() {
        let embed = workspace_root().join("core/src/embed/mod.rs");
        let source = fs::read_to_string(&embed).expect("core/src/embed/mod.rs");
        let line = format!("pub const MODEL_FILE: &str = \"{MODEL_FILE}\";");
        assert!(source.contains(&line), "core names another model file");
        assert!(workspace_root().join("models").join(MODEL_FILE).is_file());
    }

    #[test]
    fn every_target_is_a_bin_of_the_fuzz_crate_with_a_source_file() {
        let manifest = fs::read_to_string(fuzz_dir().join("Cargo.toml")).expect("fuzz/Cargo.toml");
        let bins = manifest.matches("[[bin]]").count();
        assert_eq!(bins, TARGETS.len(), "fuzz/Cargo.toml and TARGETS disagree");
        for (t, seeds) in TARGETS {
            assert!(
                manifest.contains(&format!("name = \"{t}\"")),
                "{t} is not a [[bin]] of fuzz/Cargo.toml"
            );
            assert!(
                fuzz_dir()
                    .join("fuzz_targets")
                    .join(format!("{t}.rs"))
                    .is_file(),
                "fuzz/fuzz_targets/{t}.rs is missing"
            );
            for s in *seeds {
                assert!(
                    workspace_root()
                        .join("tests")
                        .join("fixtures")
                        .join(s)
                        .is_dir(),
                    "{t}'s seeds tests/fixtures/{s} are missing"
                );
            }
        }
    }

    #[test]
    fn arguments_pick_targets_and_seconds() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (s, t) = parse_args(&[]).expect("defaults");
        assert_eq!((s, t.len()), (DEFAULT_SECONDS, TARGETS.len()));
        let (s, t) = parse_args(&args(&["--seconds", "5", "jrnl", "keys"])).expect("chosen");
        assert_eq!((s, t), (5, vec!["jrnl", "keys"]));
        assert!(parse_args(&args(&["--seconds", "0"])).is_err());
        assert!(parse_args(&args(&["--seconds"])).is_err());
        assert!(parse_args(&args(&["nonsense"])).is_err());
    }
}
