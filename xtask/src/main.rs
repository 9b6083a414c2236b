//! The project's own commands: `cargo xtask run | test | bench | fuzz | package | measure |
//! screenshot`.
//!
//! Set-up lives here rather than in a README so a fresh machine gets the same steps as CI:
//! system packages (installed with apt-get on Debian and Ubuntu, listed elsewhere), the
//! WebDriver bridge for the end-to-end tests, then the checks in the order CI runs them.

use std::env;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

mod fuzz;
mod measure;
mod package;

/// What the desktop app needs to build (Debian/Ubuntu names).
const BUILD_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    // libcrypto for SQLCipher (the journal's encryption at rest) and TLS.
    "libssl-dev",
    // libdbus for the keyring (Secret Service), the screen lock, the notifications and one
    // app per journal on Linux.
    "libdbus-1-dev",
    "pkg-config",
    "build-essential",
    "file",
];

/// `cargo` arguments for the end-to-end test binary `e2e` (the window driven through
/// tauri-driver); callers add `--test e2e_reminders`, `--no-run` or the test's own arguments.
const E2E_TESTS: &[&str] = &[
    "test",
    "-p",
    "plumbline-tests",
    "--features",
    "e2e",
    "--test",
    "e2e",
];

/// What running and driving the window headless needs.
const HEADLESS_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "dbus",
    "dbus-x11",
    "libnotify-bin",
    // A Secret Service for the tests of "Remember on this device" (started per test, on the
    // test's own D-Bus session).
    "gnome-keyring",
    // The reminder end-to-end test closes the window through libX11 from a small script.
    "python3",
];

/// The headless X server every windowed step runs under.
const XVFB_SERVER_ARGS: &str = "-screen 0 1280x800x24";

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run                 install what the desktop app needs, build it and open it on your journal
  test                everything CI runs: fmt, Biome on ui/, clippy, unit + integration tests, the desktop
                      build and the end-to-end tests under a headless X server
  bench               the core benchmarks (cargo bench -p plumbline-core)
  fuzz [--seconds N] [TARGET...]
                      run the fuzz targets in fuzz/ (one per parser of outside bytes: journal,
                      daylio, jrnl, loop_file, loop_folder, detect, keys, text_model), each for
                      N seconds (default 60), one after another, seeded with tests/fixtures/;
                      installs cargo-fuzz at its pinned version into .tools/ and the nightly
                      toolchain if missing; fails with the path of any crashing input
  package [--debug] [--install]
                      build the release .deb and .rpm into target/packages/ with the Tauri
                      bundler (installs tauri-cli at its pinned version and hashes into .tools/
                      from the npm registry if missing)
                      and check them; --debug packages the debug build instead;
                      --install then installs the .deb with apt, uses it and removes it, and
                      checks the .rpm
  measure [--runs N] [--views] [--settle MS]
                      Plumbline next to a bare Tauri window (xtask/bare-window) built with the
                      same release profile: binary size, start to first input (median of N,
                      default 5) on an empty and a 100,000-event journal, process tree PSS;
                      then the switch to the Journal and to Trends (a year) on 100,000 events.
                      --views measures only the view switches (no bare window);
                      --settle MS waits that long after Today before the first switches
  screenshot [FILE] [--view today|journal|insights|realign|trends|settings|welcome] [--dark] [--size WxH] [--today-only|--shift] [--press TESTID] [--scroll-to TESTID]
                      open the app on a generated journal under a headless X server and save
                      a picture of a view (default: Today, docs/screenshot.png)
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("fuzz") => fuzz::command(&args[1..]),
        Some("package") => package::command(&args[1..]),
        Some("measure") => measure::measure(&args[1..]),
        Some("screenshot") => screenshot(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => {
            eprint!("xtask: unknown command {other:?}\n\n{USAGE}");
            return ExitCode::from(2);
        }
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Debug)]
struct Failure(String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

type Result<T = ()> = std::result::Result<T, Failure>;

fn fail<T>(msg: impl Into<String>) -> Result<T> {
    Err(Failure(msg.into()))
}

// ---------------------------------------------------------------------------------------------
// Paths and processes

fn workspace_root() -> PathBuf {
    // xtask/Cargo.toml sits one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                workspace_root().join(d)
            }
        }
        _ => workspace_root().join("target"),
    }
}

fn app_binary() -> PathBuf {
    let name = format!("plumbline-desktop{}", env::consts::EXE_SUFFIX);
    target_dir().join("debug").join(name)
}

/// The release build of the desktop app, as the packages ship it.
fn app_binary_release() -> PathBuf {
    let name = format!("plumbline-desktop{}", env::consts::EXE_SUFFIX);
    target_dir().join("release").join(name)
}

/// The cargo that runs xtask.
fn cargo_program() -> std::ffi::OsString {
    env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

fn cargo() -> Command {
    let mut c = Command::new(cargo_program());
    c.current_dir(workspace_root());
    c
}

/// `program` run under a virtual display and a D-Bus session of its own (what the window and
/// tauri-driver need without a desktop), from the workspace root.
fn headless(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new("xvfb-run");
    c.current_dir(workspace_root())
        .args(["-a", "-s", XVFB_SERVER_ARGS, "dbus-run-session", "--"])
        .arg(program);
    c
}

/// Builds the test crate's example `name` with the end-to-end features; returns its path.
fn e2e_example(name: &str) -> Result<PathBuf> {
    status(cargo().args([
        "build",
        "-p",
        "plumbline-tests",
        "--features",
        "e2e",
        "--example",
        name,
    ]))?;
    Ok(target_dir()
        .join("debug")
        .join("examples")
        .join(format!("{name}{}", env::consts::EXE_SUFFIX)))
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        if a.contains(' ') || a.is_empty() {
            s.push_str(&format!(" {a:?}"));
        } else {
            s.push(' ');
            s.push_str(&a);
        }
    }
    s
}

/// Runs a command with inherited output; a non-zero exit is a failure naming the command.
fn status(cmd: &mut Command) -> Result {
    let line = describe(cmd);
    eprintln!("$ {line}");
    match cmd.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => fail(format!("`{line}` failed ({s})")),
        Err(e) => fail(format!("could not start `{line}`: {e}")),
    }
}

fn on_path(program: &str) -> bool {
    let Some(paths) = env::var_os("PATH") else {
        return false;
    };
    env::split_paths(&paths).any(|dir| {
        let p = dir.join(program);
        p.is_file() || p.with_extension(env::consts::EXE_EXTENSION).is_file()
    })
}

fn has_display() -> bool {
    let set = |v: &str| env::var_os(v).is_some_and(|x| !x.is_empty());
    set("DISPLAY") || set("WAYLAND_DISPLAY")
}

// ---------------------------------------------------------------------------------------------
// System packages

enum Os {
    /// Debian, Ubuntu and their derivatives: apt-get works.
    Debian,
    Other(String),
}

fn detect_os() -> Os {
    if env::consts::OS != "linux" {
        return Os::Other(env::consts::OS.to_string());
    }
    let release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let field = |key: &str| {
        release
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .map(|v| v.trim_matches('"').to_lowercase())
            .unwrap_or_default()
    };
    let id = field("ID");
    let like = field("ID_LIKE");
    let debian = ["debian", "ubuntu"].contains(&id.as_str())
        || like
            .split_whitespace()
            .any(|l| l == "debian" || l == "ubuntu");
    if debian {
        Os::Debian
    } else {
        Os::Other(if id.is_empty() { "linux".into() } else { id })
    }
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| {
            o.status.success()
                && String::from_utf8_lossy(&o.stdout).contains("install ok installed")
        })
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn apt(args: &[&str]) -> Command {
    let mut c = if is_root() {
        Command::new("apt-get")
    } else {
        let mut s = Command::new("sudo");
        s.arg("apt-get");
        s
    };
    c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    c
}

/// Installs whichever of `packages` are missing (Debian/Ubuntu), or says what to install.
fn ensure_packages(packages: &[&str]) -> Result {
    match detect_os() {
        Os::Debian => {
            let missing: Vec<&str> = packages.iter().copied().filter(|p| !installed(p)).collect();
            if missing.is_empty() {
                return Ok(());
            }
            eprintln!("xtask: installing system packages: {}", missing.join(" "));
            status(&mut apt(&["update", "-q"]))?;
            let mut install = apt(&["install", "-y", "-q", "--no-install-recommends"]);
            install.args(&missing);
            status(&mut install).map_err(|e| {
                Failure(format!(
                    "{e}; install these packages and run again: {}",
                    missing.join(" ")
                ))
            })
        }
        Os::Other(name) => {
            eprintln!(
                "xtask: this is {name}, not Debian or Ubuntu, so nothing is installed automatically.\n\
                 Make sure the equivalents of these Debian packages are installed:\n  {}\n\
                 (see https://v2.tauri.app/start/prerequisites/ for the names on your system)",
                packages.join(" ")
            );
            Ok(())
        }
    }
}

/// The Biome release that formats and lints `ui/`, pinned so every machine checks alike.
const BIOME_VERSION: &str = "2.6.8";

/// Where xtask installs Biome: a folder of the project that git ignores.
fn biome_dir() -> PathBuf {
    workspace_root().join(".tools").join("biome")
}

/// Installs the pinned Biome from the npm registry into [`biome_dir`] unless it is there, and
/// returns the path of its program.
fn ensure_biome() -> Result<PathBuf> {
    let dir = biome_dir();
    let program = dir.join("node_modules").join(".bin").join("biome");
    let have = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(BIOME_VERSION));
    if have {
        return Ok(program);
    }
    if !on_path("npm") {
        return fail(
            "npm is needed to install Biome (the ui/ formatter and linter); install Node.js",
        );
    }
    std::fs::create_dir_all(&dir)
        .or_else(|e| fail(format!("could not create {}: {e}", dir.display())))?;
    status(Command::new("npm").args([
        "install",
        "--prefix",
        &dir.display().to_string(),
        "--save-exact",
        "--no-audit",
        "--no-fund",
        &format!("@biomejs/biome@{BIOME_VERSION}"),
    ]))?;
    Ok(program)
}

fn ensure_tauri_driver() -> Result {
    let home_bin = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|d| d.join("bin"));
    if on_path("tauri-driver") {
        return Ok(());
    }
    status(cargo().args(["install", "tauri-driver", "--locked"]))?;
    if !on_path("tauri-driver") {
        if let Some(bin) = home_bin {
            // cargo installs into CARGO_HOME/bin; make it visible to the tests started below.
            let path = env::var_os("PATH").unwrap_or_default();
            let mut dirs: Vec<PathBuf> = vec![bin];
            dirs.extend(env::split_paths(&path));
            if let Ok(joined) = env::join_paths(dirs) {
                // Only this process and its children see the change.
                env::set_var("PATH", joined);
            }
        }
    }
    if on_path("tauri-driver") {
        Ok(())
    } else {
        fail("tauri-driver was installed but is not on PATH; add cargo's bin directory to PATH")
    }
}

// ---------------------------------------------------------------------------------------------
// Commands

fn build_app() -> Result {
    status(cargo().args(["build", "-p", "plumbline-desktop"]))
}

fn run() -> Result {
    ensure_packages(BUILD_PACKAGES)?;
    build_app()?;
    let app = app_binary();
    if !has_display() {
        return fail(format!(
            "there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open.\n\
             The app is built at {}. To run it headless, install xvfb and dbus and use:\n  \
             xvfb-run -a -s \"{XVFB_SERVER_ARGS}\" dbus-run-session -- {}",
            app.display(),
            app.display()
        ));
    }
    status(&mut Command::new(&app))
}

fn bench() -> Result {
    status(cargo().args(["bench", "-p", "plumbline-core"]))
}

struct Step {
    name: &'static str,
    took: Duration,
    ok: bool,
}

fn timed(steps: &mut Vec<Step>, name: &'static str, f: impl FnOnce() -> Result) -> Result {
    eprintln!("\n==> {name}");
    let start = Instant::now();
    let r = f();
    steps.push(Step {
        name,
        took: start.elapsed(),
        ok: r.is_ok(),
    });
    r
}

fn print_summary(steps: &[Step], total: Duration) {
    eprintln!("\nsummary:");
    for s in steps {
        eprintln!(
            "  {:<4} {:<48} {:>7.1} s",
            if s.ok { "ok" } else { "FAIL" },
            s.name,
            s.took.as_secs_f64()
        );
    }
    eprintln!("  {:<4} {:<48} {:>7.1} s", "", "total", total.as_secs_f64());
}

fn test() -> Result {
    let start = Instant::now();
    let mut steps = Vec::new();
    let result = test_steps(&mut steps);
    print_summary(&steps, start.elapsed());
    match &result {
        Ok(()) => eprintln!("xtask test: all steps passed"),
        Err(_) => eprintln!("xtask test: a step failed (see above)"),
    }
    result
}

fn test_steps(steps: &mut Vec<Step>) -> Result {
    timed(steps, "system packages", || {
        let all: Vec<&str> = BUILD_PACKAGES
            .iter()
            .chain(HEADLESS_PACKAGES)
            .copied()
            .collect();
        ensure_packages(&all)
    })?;
    timed(steps, "tauri-driver", ensure_tauri_driver)?;
    timed(steps, "cargo fmt --all --check", || {
        status(cargo().args(["fmt", "--all", "--check"]))
    })?;
    timed(steps, "biome ci ui/ (format + lint)", || {
        let biome = ensure_biome()?;
        status(Command::new(biome).current_dir(workspace_root()).arg("ci"))
    })?;
    timed(steps, "cargo clippy (workspace, all targets)", || {
        status(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            // The end-to-end tests and the screenshot tool are linted too.
            "--features",
            "plumbline-tests/e2e",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    timed(steps, "cargo test --workspace", || {
        status(cargo().args(["test", "--workspace"]))
    })?;
    timed(steps, "build plumbline-desktop (debug)", build_app)?;
    timed(steps, "build end-to-end tests", || {
        status(
            cargo()
                .args(E2E_TESTS)
                .args(["--test", "e2e_reminders", "--no-run"]),
        )
    })?;
    timed(steps, "end-to-end tests (Xvfb + tauri-driver)", || {
        let mut c = headless(cargo_program());
        c.args(E2E_TESTS)
            .args(["--test", "e2e_reminders", "--", "--nocapture"])
            .env("PLUMBLINE_APP", app_binary());
        status(&mut c)
    })?;
    // The packages of the debug build just tested, installed and used as a person would.
    timed(steps, "packages (.deb, .rpm): build, install, use", || {
        let packages = package::package(package::Profile::Debug)?;
        package::test_deb(&packages)?;
        package::test_rpm(&packages)
    })?;
    Ok(())
}

/// Opens the app on a small generated journal under Xvfb and saves a picture of the Today view
/// (the `screenshot` example of the test crate drives it through tauri-driver).
fn screenshot(args: &[String]) -> Result {
    // The first argument that is not an option (or an option's value) is the picture's path;
    // the options go to the screenshot tool as they are.
    let mut out = None;
    let mut options = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a.starts_with("--") {
            options.push(a.clone());
            if matches!(
                a.as_str(),
                "--view" | "--size" | "--scroll" | "--scroll-to" | "--press"
            ) {
                options.extend(it.next().cloned());
            }
        } else if out.is_none() {
            out = Some(PathBuf::from(a));
        }
    }
    let out = out.unwrap_or_else(|| workspace_root().join("docs").join("screenshot.png"));
    let out = if out.is_absolute() {
        out
    } else {
        env::current_dir().map(|d| d.join(&out)).unwrap_or(out)
    };
    let mut packages: Vec<&str> = BUILD_PACKAGES.to_vec();
    packages.extend_from_slice(HEADLESS_PACKAGES);
    ensure_packages(&packages)?;
    ensure_tauri_driver()?;
    build_app()?;
    let tool = e2e_example("screenshot")?;
    let mut c = headless(tool);
    c.arg(&out)
        .args(&options)
        .env("PLUMBLINE_APP", app_binary());
    status(&mut c)?;
    eprintln!("xtask: saved {}", out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xtask must build on a fresh machine before it installs anything: no crate of the
    /// workspace (which need libdbus and OpenSSL) and nothing that builds C.
    #[test]
    fn xtask_depends_on_nothing_of_the_workspace() {
        let manifest = std::fs::read_to_string(workspace_root().join("xtask/Cargo.toml"))
            .expect("xtask/Cargo.toml");
        let deps: Vec<&str> = manifest
            .lines()
            .skip_while(|l| l.trim() != "[dependencies]")
            .skip(1)
            .take_while(|l| !l.trim_start().starts_with('['))
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        assert_eq!(deps, ["serde_json.workspace = true"]);
    }
}
