//! `cargo xtask package`: the Linux packages (.deb and .rpm) through the Tauri bundler, and the
//! test that installs them.
//!
//! What goes into a package besides what the bundler puts there itself (the desktop binary in
//! /usr/bin, the desktop entry from `packaging/linux/plumbline.desktop`, the hicolor PNG icons
//! listed in tauri.conf.json) is listed in tauri.conf.json's `bundle.linux.{deb,rpm}.files` for
//! the files kept in the repository (licence, AppStream metainfo, scalable icon) and added here
//! for the files built or generated at packaging time (the `plumbline` CLI, its manual page and
//! shell completions, the analyzer's model files), through a configuration overlay handed to
//! `cargo tauri build --config`.

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, ensure_packages, fail, status, target_dir, workspace_root, Failure, Result};

/// The Tauri command line that bundles, at exactly this version (the version
/// `packaging/tauri-cli/package.json` pins; a unit test keeps the two equal).
pub const TAURI_CLI_VERSION: &str = "2.12.4";

/// What checking and testing the packages needs besides the build packages.
pub const PACKAGE_TOOLS: &[&str] = &["desktop-file-utils", "appstream", "rpm"];

/// The package's name (the bundler derives it from the product name).
pub const PACKAGE_NAME: &str = "plumbline";

/// The version every package carries: the workspace's, which the CLI and the app print.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// `cargo xtask package [--debug] [--install]`: builds and checks the packages, and with
/// `--install` tests them by installing the .deb (this machine's apt, as root or through sudo)
/// and reading the .rpm.
pub fn command(args: &[String]) -> Result {
    let (profile, install) = Profile::from_args(args)?;
    let packages = package(profile)?;
    if install {
        test_deb(&packages)?;
        test_rpm(&packages)?;
    }
    Ok(())
}

/// The built packages.
pub struct Packages {
    pub deb: PathBuf,
    pub rpm: PathBuf,
}

/// Where the packages are written.
pub fn packages_dir() -> PathBuf {
    target_dir().join("packages")
}

/// Writes the manual page (gzipped, as Debian and Fedora ship them) and the bash, zsh and fish
/// completions for the command line into `dir`, from its clap definition
/// (`plumbline_cli::docs`, run as the CLI package's `docs` example, which builds with the
/// workspace's system libraries); returns each file by its kind.
pub fn write_cli_docs(dir: &Path, profile: Profile) -> Result<BTreeMap<String, PathBuf>> {
    let mut run = cargo();
    run.args(["run", "--quiet", "-p", "plumbline-cli", "--example", "docs"]);
    if profile == Profile::Release {
        run.arg("--release");
    }
    let listed = output(run.arg("--").arg(dir))?;
    let mut files = BTreeMap::new();
    for line in listed.lines() {
        let (kind, path) = line
            .split_once('\t')
            .ok_or_else(|| Failure(format!("the docs example printed {line:?}")))?;
        files.insert(kind.to_string(), PathBuf::from(path));
    }
    let man = files
        .get("man")
        .cloned()
        .ok_or_else(|| Failure("the docs example wrote no manual page".into()))?;
    // -n: no name or time stamp inside, so the same page always packs to the same bytes.
    status(Command::new("gzip").args(["-9", "-n", "-f"]).arg(&man))?;
    files.insert("man".into(), man.with_extension("1.gz"));
    for kind in ["bash", "zsh", "fish"] {
        if !files.contains_key(kind) {
            return Err(Failure(format!(
                "the docs example wrote no {kind} completions"
            )));
        }
    }
    Ok(files)
}

fn io_failure(what: &str, path: &Path, e: std::io::Error) -> Failure {
    Failure(format!("could not {what} {}: {e}", path.display()))
}

/// Where xtask installs tauri-cli: a folder of the project that git ignores, so the pinned
/// version never meets another one installed for other projects.
fn tauri_cli_root() -> PathBuf {
    workspace_root().join(".tools").join("tauri-cli")
}

/// The pinned tauri-cli's package manifest and lock file, kept in the repository.
fn tauri_cli_manifest() -> PathBuf {
    workspace_root().join("packaging").join("tauri-cli")
}

/// `tauri`, run with the pinned tauri-cli (installed first if it is not there).
///
/// The bundler is the one tauri-cli release, [`TAURI_CLI_VERSION`], as the Tauri project
/// publishes it compiled to the npm registry (`@tauri-apps/cli` and its x86-64 Linux build).
/// `npm install` beside `packaging/tauri-cli/package-lock.json` installs exactly the versions the
/// lock names and checks each download against the lock's sha512 hash, so a changed or
/// substituted package is refused (EINTEGRITY). `npm ci` would be the stricter command, but it
/// also wants the lock to list the bundler's builds for other systems, which are not needed here. Building the same release from crates.io
/// with `cargo install` takes 8–9 minutes of two cores, which a 45-minute CI run cannot spare;
/// the compiled release installs in seconds.
pub fn tauri_cli() -> Result<Command> {
    let root = tauri_cli_root();
    let script = root
        .join("node_modules")
        .join("@tauri-apps")
        .join("cli")
        .join("tauri.js");
    let run = || {
        let mut c = Command::new("node");
        c.arg(&script);
        c
    };
    // What `--version` prints, or `None` when it does not start.
    let version = || {
        run()
            .arg("--version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let wanted = format!("tauri-cli {TAURI_CLI_VERSION}");
    if version().as_deref() != Some(wanted.as_str()) {
        if !crate::on_path("npm") {
            return fail("npm is needed to install the Tauri bundler (tauri-cli); install Node.js");
        }
        let started = std::time::Instant::now();
        fs::create_dir_all(&root).map_err(|e| io_failure("create", &root, e))?;
        for file in ["package.json", "package-lock.json"] {
            let from = tauri_cli_manifest().join(file);
            fs::copy(&from, root.join(file)).map_err(|e| io_failure("copy", &from, e))?;
        }
        status(Command::new("npm").current_dir(&root).args([
            "install",
            // The package has no install scripts; none may run.
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
        ]))?;
        match version() {
            Some(printed) if printed == wanted => {}
            Some(printed) => {
                return fail(format!(
                    "the installed tauri-cli printed {printed:?}, not {wanted:?}; \
                     check packaging/tauri-cli/package-lock.json"
                ))
            }
            None => return fail("the installed tauri-cli does not start"),
        }
        eprintln!(
            "xtask: tauri-cli {TAURI_CLI_VERSION} installed in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(run())
}

/// Which build the packages carry: release, or (`--debug`, to check the packaging quickly on
/// a machine that has a debug build) debug.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Release,
    Debug,
}

impl Profile {
    /// `package`'s arguments: the profile, and whether to test the packages by installing them
    /// (`--install`, what `cargo xtask test` does after building them).
    pub fn from_args(args: &[String]) -> Result<(Profile, bool)> {
        let mut profile = Profile::Release;
        let mut install = false;
        for a in args {
            match a.as_str() {
                "--debug" => profile = Profile::Debug,
                "--install" => install = true,
                _ => return fail("usage: cargo xtask package [--debug] [--install]"),
            }
        }
        Ok((profile, install))
    }

    fn dir(self) -> &'static str {
        match self {
            Profile::Release => "release",
            Profile::Debug => "debug",
        }
    }
}

/// Builds the binaries and both packages into `target/packages/`, then checks what is in them.
pub fn package(profile: Profile) -> Result<Packages> {
    let mut needed: Vec<&str> = crate::BUILD_PACKAGES.to_vec();
    needed.extend_from_slice(PACKAGE_TOOLS);
    ensure_packages(&needed)?;
    let mut tauri = tauri_cli()?;

    let root = workspace_root();
    let out = packages_dir();
    let staging = out.join("staging");
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| io_failure("remove", &staging, e))?;
    }
    fs::create_dir_all(&staging).map_err(|e| io_failure("create", &staging, e))?;

    let mut build = cargo();
    build.args(["build", "-p", "plumbline-cli", "--bin", "plumbline"]);
    if profile == Profile::Release {
        build.arg("--release");
    }
    status(&mut build)?;
    let cli = target_dir().join(profile.dir()).join("plumbline");
    let docs = write_cli_docs(&staging, profile)?;

    // Files both packages carry at the same place, and the zsh completion, whose folder differs.
    let mut common: Vec<(String, PathBuf)> = vec![
        ("/usr/bin/plumbline".into(), cli),
        (
            "/usr/share/man/man1/plumbline.1.gz".into(),
            docs["man"].clone(),
        ),
        (
            "/usr/share/bash-completion/completions/plumbline".into(),
            docs["bash"].clone(),
        ),
        (
            "/usr/share/fish/vendor_completions.d/plumbline.fish".into(),
            docs["fish"].clone(),
        ),
    ];
    for model in model_files(&root.join("models"))? {
        let name = model
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        common.push((format!("/usr/share/plumbline/{name}"), model));
    }
    let files = |zsh_dir: &str| {
        let mut m = serde_json::Map::new();
        for (dest, src) in &common {
            m.insert(dest.clone(), src.to_string_lossy().into_owned().into());
        }
        m.insert(
            format!("{zsh_dir}/_plumbline"),
            docs["zsh"].to_string_lossy().into_owned().into(),
        );
        serde_json::Value::Object(m)
    };
    let overlay = serde_json::json!({
        "bundle": { "linux": {
            // Debian's zsh looks in vendor-completions, Fedora's in site-functions.
            "deb": { "files": files("/usr/share/zsh/vendor-completions") },
            "rpm": { "files": files("/usr/share/zsh/site-functions") },
        }}
    });
    let overlay_path = staging.join("tauri.packaging.json");
    fs::write(&overlay_path, overlay.to_string())
        .map_err(|e| io_failure("write", &overlay_path, e))?;

    tauri.current_dir(root.join("src-tauri"));
    match profile {
        // Builds the app as the bundler builds an app (with its pages embedded for good), then
        // bundles it.
        Profile::Release => tauri.arg("build"),
        // Bundles the debug build the end-to-end tests run, without building anything.
        Profile::Debug => {
            status(cargo().args(["build", "-p", "plumbline-desktop"]))?;
            tauri.args(["bundle", "--debug"])
        }
    };
    tauri
        .args(["--ci", "--bundles", "deb,rpm", "--config"])
        .arg(&overlay_path);
    status(&mut tauri)?;

    let bundle = target_dir().join(profile.dir()).join("bundle");
    let deb = copy_out(
        &bundle.join("deb"),
        "deb",
        &out.join(format!("{PACKAGE_NAME}_{}_amd64.deb", version())),
    )?;
    let rpm = copy_out(
        &bundle.join("rpm"),
        "rpm",
        &out.join(format!("{PACKAGE_NAME}-{}-1.x86_64.rpm", version())),
    )?;
    let packages = Packages { deb, rpm };
    check_contents(&packages)?;
    eprintln!(
        "xtask: packages written:\n  {}\n  {}",
        packages.deb.display(),
        packages.rpm.display()
    );
    Ok(packages)
}

/// The analyzer's model files (`models/*.bin`), if the repository ships any.
fn model_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "bin"))
        .collect();
    files.sort();
    Ok(files)
}

/// Copies the package of this version the bundler wrote into `dir` (its file name is the
/// bundler's affair) to `to`.
fn copy_out(dir: &Path, ext: &str, to: &Path) -> Result<PathBuf> {
    let found = fs::read_dir(dir)
        .map_err(|e| io_failure("read", dir, e))?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|x| x == ext)
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains(version()))
        });
    let Some(from) = found else {
        return fail(format!(
            "the bundler wrote no .{ext} of version {} into {}; see its output above",
            version(),
            dir.display()
        ));
    };
    fs::copy(&from, to).map_err(|e| io_failure("copy", &from, e))?;
    Ok(to.to_path_buf())
}

/// Where each package keeps the licence.
pub const DEB_LICENSE: &str = "/usr/share/doc/plumbline/copyright";
pub const RPM_LICENSE: &str = "/usr/share/licenses/plumbline/LICENSE";

/// The paths both packages must contain (besides the licence, see above).
pub fn required_paths() -> Vec<String> {
    let mut paths: Vec<String> = [
        "/usr/bin/plumbline",
        "/usr/bin/plumbline-desktop",
        "/usr/share/applications/Plumbline.desktop",
        "/usr/share/metainfo/app.plumbline.desktop.metainfo.xml",
        "/usr/share/man/man1/plumbline.1.gz",
        "/usr/share/bash-completion/completions/plumbline",
        "/usr/share/fish/vendor_completions.d/plumbline.fish",
        "/usr/share/icons/hicolor/scalable/apps/plumbline-desktop.svg",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for size in ICON_SIZES {
        paths.push(format!(
            "/usr/share/icons/hicolor/{size}x{size}/apps/plumbline-desktop.png"
        ));
    }
    paths
}

/// The hicolor sizes the desktops ask for; icons/NxN.png exists for each.
pub const ICON_SIZES: &[u32] = &[16, 24, 32, 48, 64, 128, 256, 512];

/// Unpacks the .deb and checks it holds every required file, a desktop entry that passes
/// `desktop-file-validate` and metainfo that passes `appstreamcli validate --no-net`.
fn check_contents(p: &Packages) -> Result {
    let unpacked = packages_dir().join("staging").join("deb-contents");
    if unpacked.exists() {
        fs::remove_dir_all(&unpacked).map_err(|e| io_failure("remove", &unpacked, e))?;
    }
    status(
        Command::new("dpkg-deb")
            .arg("-x")
            .arg(&p.deb)
            .arg(&unpacked),
    )?;
    let mut missing = Vec::new();
    for path in required_paths()
        .iter()
        .map(String::as_str)
        .chain([DEB_LICENSE])
    {
        if !unpacked.join(path.trim_start_matches('/')).is_file() {
            missing.push(path.to_string());
        }
    }
    for model in model_files(&workspace_root().join("models"))? {
        if let Some(name) = model.file_name() {
            let p = unpacked.join("usr/share/plumbline").join(name);
            if !p.is_file() {
                missing.push(p.display().to_string());
            }
        }
    }
    if !missing.is_empty() {
        return fail(format!("{} lacks: {}", p.deb.display(), missing.join(", ")));
    }
    let depends = output(
        Command::new("dpkg-deb")
            .args(["-f"])
            .arg(&p.deb)
            .arg("Depends"),
    )?;
    for dep in DEB_RUNTIME {
        if !depends.split(',').any(|d| d.trim().starts_with(dep)) {
            return fail(format!(
                "{} does not depend on {dep}; it depends on: {}",
                p.deb.display(),
                depends.trim()
            ));
        }
    }
    status(
        Command::new("desktop-file-validate")
            .arg(unpacked.join("usr/share/applications/Plumbline.desktop")),
    )?;
    status(
        Command::new("appstreamcli")
            .args(["validate", "--no-net", "--explain"])
            .arg(unpacked.join("usr/share/metainfo/app.plumbline.desktop.metainfo.xml")),
    )?;
    // The CLI in the package is the one just built, and runs.
    let out = Command::new(unpacked.join("usr/bin/plumbline"))
        .arg("--version")
        .output()
        .map_err(|e| Failure(format!("the packaged plumbline does not start: {e}")))?;
    let printed = String::from_utf8_lossy(&out.stdout);
    let expected = format!("plumbline {}", version());
    if printed.trim() != expected {
        return fail(format!(
            "the packaged `plumbline --version` printed {printed:?}, not {expected:?}"
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Testing the packages by installing them

/// Runs a command and returns its standard output; a failure names the command.
fn output(cmd: &mut Command) -> Result<String> {
    let line = crate::describe(cmd);
    match cmd.output() {
        Ok(o) if o.status.success() => Ok(String::from_utf8_lossy(&o.stdout).into_owned()),
        Ok(o) => fail(format!(
            "`{line}` failed ({}): {}",
            o.status,
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Err(e) => fail(format!("could not start `{line}`: {e}")),
    }
}

fn is_installed() -> bool {
    crate::installed(PACKAGE_NAME)
}

/// Every file in `dir` (recursively) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = fs::read(&p) {
                files.insert(p, bytes);
            }
        }
    }
    files
}

/// Installs the .deb with apt, uses the installed CLI and desktop app, removes the package and
/// checks the person's journal did not change.
pub fn test_deb(p: &Packages) -> Result {
    if is_installed() {
        status(&mut crate::apt(&["purge", "-y", "-q", PACKAGE_NAME]))?;
    }
    // apt resolves the package's dependencies from the archive, as on a person's computer.
    status(
        crate::apt(&["install", "-y", "-q", "--no-install-recommends"])
            .arg(fs::canonicalize(&p.deb).map_err(|e| io_failure("find", &p.deb, e))?),
    )?;
    let listed = output(Command::new("dpkg").args(["-L", PACKAGE_NAME]))?;
    let listed: Vec<&str> = listed.lines().collect();
    let missing: Vec<String> = required_paths()
        .into_iter()
        .chain([DEB_LICENSE.to_string()])
        .filter(|f| !listed.contains(&f.as_str()))
        .collect();
    if !missing.is_empty() {
        return fail(format!(
            "the installed package lacks {}",
            missing.join(", ")
        ));
    }
    let size =
        output(Command::new("dpkg-query").args(["-W", "-f=${Installed-Size}", PACKAGE_NAME]))?;
    eprintln!("xtask: installed size {} KiB", size.trim());

    // The installed CLI.
    let cli = Path::new("/usr/bin/plumbline");
    let printed = output(Command::new(cli).arg("--version"))?;
    let expected = format!("plumbline {}", version());
    if printed.trim() != expected {
        return fail(format!(
            "the installed `plumbline --version` printed {printed:?}, not {expected:?}"
        ));
    }
    // The person's journal: the default place in a home of its own.
    let home = packages_dir().join("test-home");
    if home.exists() {
        fs::remove_dir_all(&home).map_err(|e| io_failure("remove", &home, e))?;
    }
    let data = home.join(".local/share");
    fs::create_dir_all(&data).map_err(|e| io_failure("create", &data, e))?;
    let person = |args: &[&str]| {
        let mut c = Command::new(cli);
        c.args(args)
            .env("HOME", &home)
            .env("XDG_DATA_HOME", &data)
            .env_remove("PLUMBLINE_DB");
        c
    };
    output(&mut person(&[
        "log",
        "--kind",
        "delayed_start",
        "--task",
        "Write the newsletter",
        "--at",
        "2026-11-20T09:40:00+01:00",
        "--friction",
        "4",
        "--tag",
        "publish",
    ]))?;
    output(&mut person(&[
        "checkin",
        "--date",
        "2026-11-20",
        "--alignment",
        "3",
    ]))?;
    let journal = data.join("plumbline").join("journal.plumbline");
    if !journal.is_file() {
        return fail(format!(
            "the installed CLI did not write the journal at its default place {}",
            journal.display()
        ));
    }
    // Round trip: export, import into a new journal, the same events come back.
    let export = home.join("export.json");
    let copy = home.join("copy.plumbline");
    output(person(&["export", "--format", "json", "-o"]).arg(&export))?;
    output(person(&["--db"]).arg(&copy).arg("import").arg(&export))?;
    let original = output(&mut person(&["events", "--json"]))?;
    let imported = output(person(&["--db"]).arg(&copy).args(["events", "--json"]))?;
    let same = serde_json::from_str::<serde_json::Value>(&original).ok()
        == serde_json::from_str::<serde_json::Value>(&imported).ok();
    if !same || !original.contains("Write the newsletter") {
        return fail(format!(
            "the installed CLI's export and import did not round-trip:\n{original}\n---\n{imported}"
        ));
    }
    // The manual page and the completions are where man and the shells look.
    output(Command::new("bash").args([
        "-c",
        "source /usr/share/bash-completion/completions/plumbline && complete -p plumbline",
    ]))?;

    // The installed desktop app, driven from the keyboard under Xvfb.
    let mut e2e = crate::headless(crate::cargo_program());
    e2e.args(crate::E2E_TESTS)
        .args([
            "--",
            "--exact",
            "keyboard_only_day_survives_a_restart",
            "--nocapture",
        ])
        .env("PLUMBLINE_APP", "/usr/bin/plumbline-desktop");
    status(&mut e2e)?;

    // Removing the package leaves the person's data alone.
    let before = snapshot(&data);
    status(&mut crate::apt(&["purge", "-y", "-q", PACKAGE_NAME]))?;
    if is_installed() || cli.exists() || Path::new("/usr/bin/plumbline-desktop").exists() {
        return fail("the package's programs are still there after apt-get purge");
    }
    let after = snapshot(&data);
    if before != after || !after.contains_key(&journal) {
        return fail(format!(
            "removing the package changed the person's data under {}",
            data.display()
        ));
    }
    let _ = fs::remove_dir_all(&home);
    Ok(())
}

/// Checks the .rpm's file list, modes, metadata and dependencies without installing it.
pub fn test_rpm(p: &Packages) -> Result {
    let list = output(Command::new("rpm").arg("-qlvp").arg(&p.rpm))?;
    let path_of = |line: &str| line.split_whitespace().last().map(str::to_string);
    let paths: Vec<String> = list.lines().filter_map(path_of).collect();
    let missing: Vec<String> = required_paths()
        .into_iter()
        .chain([RPM_LICENSE.to_string()])
        .filter(|f| !paths.contains(f))
        .collect();
    if !missing.is_empty() {
        return fail(format!("{} lacks {}", p.rpm.display(), missing.join(", ")));
    }
    for bin in ["/usr/bin/plumbline", "/usr/bin/plumbline-desktop"] {
        let executable = list
            .lines()
            .find(|l| path_of(l).as_deref() == Some(bin))
            .is_some_and(|l| l.starts_with("-rwxr-xr-x"));
        if !executable {
            return fail(format!("{bin} in {} is not executable", p.rpm.display()));
        }
    }
    let info = output(Command::new("rpm").arg("-qip").arg(&p.rpm))?;
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.trim_start().strip_prefix(':'))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    for (name, want) in [
        ("Name", PACKAGE_NAME),
        ("Version", version()),
        ("License", "MIT"),
    ] {
        if field(name) != want {
            return fail(format!(
                "the .rpm's {name} is {:?}, not {want:?}:\n{info}",
                field(name)
            ));
        }
    }
    let requires = output(Command::new("rpm").arg("-qpR").arg(&p.rpm))?;
    for dep in RPM_RUNTIME {
        if !requires.lines().any(|l| l.contains(dep)) {
            return fail(format!(
                "the .rpm does not require {dep}; it requires:\n{requires}"
            ));
        }
    }
    Ok(())
}

/// What the .rpm must require for the window to start on Fedora and its relatives: tauri-cli
/// declares the libraries by soname, whichever package provides them; the tray's indicator
/// library, which is loaded only when the tray is made, is declared in tauri.conf.json, and so
/// is glibc 2.36, the first to read the packed relocations the desktop binary is linked with,
/// and so are libdbus (keyring, screen lock, notifications) and OpenSSL's libcrypto (SQLCipher),
/// which the command line links too.
pub const RPM_RUNTIME: &[&str] = &[
    "libwebkit2gtk-4.1.so.0",
    "libgtk-3.so.0",
    "libayatana-appindicator-gtk3",
    "glibc >= 2.36",
    "dbus-libs",
    "openssl-libs",
];

/// What the .deb must depend on for the window and the tray to work: tauri-cli declares the
/// first two; the tray's indicator library (loaded only when the tray is made, so the bundler
/// cannot see it) is declared in tauri.conf.json, and so are glibc 2.36 (packed relocations),
/// libdbus and OpenSSL's libcrypto (`libssl3t64` where the 64-bit time transition renamed it),
/// which the command line needs too.
pub const DEB_RUNTIME: &[&str] = &[
    "libwebkit2gtk-4.1-0",
    "libgtk-3-0",
    "libayatana-appindicator3-1",
    "libc6 (>= 2.36)",
    "libdbus-1-3",
    "libssl3 | libssl3t64",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundler_pin_and_its_lock_agree() {
        let read = |file: &str| -> serde_json::Value {
            let path = tauri_cli_manifest().join(file);
            serde_json::from_str(&fs::read_to_string(&path).expect("kept in the repository"))
                .expect("JSON")
        };
        let manifest = read("package.json");
        assert_eq!(
            manifest["dependencies"]["@tauri-apps/cli"], TAURI_CLI_VERSION,
            "package.json pins exactly TAURI_CLI_VERSION"
        );
        let lock = read("package-lock.json");
        let packages = lock["packages"].as_object().expect("lockfile v3");
        let cli = &packages["node_modules/@tauri-apps/cli"];
        assert_eq!(cli["version"], TAURI_CLI_VERSION);
        // Every package the lock names, the compiled bundler for this machine among them, is
        // of the same release and carries a hash npm checks.
        let native = packages
            .get("node_modules/@tauri-apps/cli-linux-x64-gnu")
            .expect("the lock names the x86-64 Linux build");
        assert_eq!(native["version"], TAURI_CLI_VERSION);
        for (name, p) in packages.iter().filter(|(name, _)| !name.is_empty()) {
            let hash = p["integrity"].as_str().unwrap_or_default();
            assert!(hash.starts_with("sha512-"), "{name} has no sha512 hash");
            assert_eq!(p["version"], TAURI_CLI_VERSION, "{name}");
        }
    }

    #[test]
    fn every_hicolor_icon_and_the_scalable_one_exist() {
        let icons = workspace_root().join("icons");
        for size in ICON_SIZES {
            assert!(icons.join(format!("{size}x{size}.png")).is_file(), "{size}");
        }
        assert!(icons.join("plumbline.svg").is_file());
    }
}
