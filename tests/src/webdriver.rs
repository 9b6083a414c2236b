//! Driving the built desktop app through tauri-driver (WebDriver), for the end-to-end tests
//! and the screenshot tool. Needs a display, `tauri-driver` and `WebKitWebDriver`.

use std::io::Read;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Days, Local, NaiveDate, NaiveTime, TimeZone};
use fantoccini::{Client, ClientBuilder};
use plumbline_core::interchange::{ImportBatch, ImportMeta};
use plumbline_core::{EventInput, FixedClock, Kind, Store};
use serde_json::json;

/// The port tauri-driver listens on.
pub const DRIVER_PORT: u16 = 4444;
/// The port of the WebKitWebDriver that tauri-driver starts and forwards to.
pub const NATIVE_PORT: u16 = 4445;
/// How long any one wait lasts before it fails.
pub const WAIT: Duration = Duration::from_secs(15);

/// The built app: `PLUMBLINE_APP`, else `target/debug/plumbline-desktop`.
pub fn app_path() -> PathBuf {
    if let Some(p) = std::env::var_os("PLUMBLINE_APP").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("debug").join("plumbline-desktop")
}

/// Fails clearly when the app is not built or there is no display.
pub fn preflight() {
    let app = app_path();
    assert!(
        app.is_file(),
        "the desktop app is not built at {}; build it with `cargo build -p plumbline-desktop` \
         (or run everything with `cargo xtask test`)",
        app.display()
    );
    let display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
    assert!(
        display,
        "no display: run these tests under `xvfb-run -a dbus-run-session -- cargo test ...` \
         or with `cargo xtask test`"
    );
}

/// tauri-driver on [`DRIVER_PORT`], starting the app on one journal. Stopped with SIGTERM so it
/// takes WebKitWebDriver down with it (SIGKILL would leave that running and the run hanging).
pub struct Driver {
    child: Child,
}

impl Driver {
    /// Starts tauri-driver; the apps it starts open `journal`. An empty journal (or one that
    /// does not exist yet) is marked as one the person has already started (past the
    /// first-run screen), so a test begins in Today; [`Driver::first_run`] leaves it as it is.
    pub fn start(journal: &Path) -> Driver {
        Driver::start_with(journal, &[])
    }

    /// As [`Driver::start`], with extra environment for the app (e.g. a GTK theme).
    pub fn start_with(journal: &Path, env: &[(&str, &str)]) -> Driver {
        // An encrypted journal cannot be opened here without its key; it is not a first run.
        if !plumbline_core::app::lock::Held::needs_unlock(journal) {
            let mut store = plumbline_core::Store::open(journal).expect("the journal opens");
            if store.is_empty().expect("the journal reads") {
                store.set_welcomed().expect("the first run is marked done");
            }
        }
        Driver::spawn(journal, env)
    }

    /// Starts tauri-driver on a journal the app has never opened: the first run.
    pub fn first_run(journal: &Path) -> Driver {
        Driver::spawn(journal, &[])
    }

    /// As [`Driver::first_run`], with extra environment for the app.
    pub fn first_run_with(journal: &Path, env: &[(&str, &str)]) -> Driver {
        Driver::spawn(journal, env)
    }

    fn spawn(journal: &Path, env: &[(&str, &str)]) -> Driver {
        let child = Command::new("tauri-driver")
            .args(["--port", &DRIVER_PORT.to_string()])
            .args(["--native-port", &NATIVE_PORT.to_string()])
            .env("PLUMBLINE_DB", journal)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver starts (install it with `cargo install tauri-driver --locked`)");
        let mut driver = Driver { child };
        // Both tauri-driver and the WebKitWebDriver behind it must listen before a session
        // request is sent: a request forwarded too early is never answered.
        let deadline = Instant::now() + WAIT;
        for port in [DRIVER_PORT, NATIVE_PORT] {
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
                if let Ok(Some(status)) = driver.child.try_wait() {
                    let mut err = String::new();
                    if let Some(mut e) = driver.child.stderr.take() {
                        let _ = e.read_to_string(&mut err);
                    }
                    panic!("tauri-driver exited early ({status}): {err}");
                }
                assert!(
                    Instant::now() < deadline,
                    "tauri-driver did not listen on {addr}"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("tauri-driver did not stop within 10 s of SIGTERM");
    }
}

/// How long starting a session (and with it the app) may take.
pub const SESSION_WAIT: Duration = Duration::from_secs(60);

/// Opens a WebDriver session, which starts the app.
pub async fn session() -> Client {
    session_with(&app_path()).await
}

/// Opens a WebDriver session on another app (the measuring tool's bare window).
pub async fn session_with(app: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("wry"));
    caps.insert(
        "tauri:options".into(),
        json!({ "application": app.to_string_lossy() }),
    );
    let mut builder = ClientBuilder::rustls().expect("TLS roots load");
    builder.capabilities(caps);
    let url = format!("http://127.0.0.1:{DRIVER_PORT}");
    let connect = builder.connect(&url);
    let started = tokio::time::timeout(SESSION_WAIT, connect)
        .await
        .unwrap_or_else(|_| panic!("no WebDriver session within {SESSION_WAIT:?}"));
    started.expect("a WebDriver session starts the app")
}

/// Ends the session (the app closes) and waits until the app's process has gone, so the next
/// start on the same journal is a fresh process and not a second instance.
pub async fn quit(c: Client, journal: &Path) {
    c.close().await.expect("the session ends");
    let deadline = Instant::now() + WAIT;
    while app_running_on(journal) {
        assert!(
            Instant::now() < deadline,
            "the app did not exit after its session ended"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The bus may still list the old instance for a moment after its process is gone; a new
    // start then tries to hand over to it and exits.
    while single_instance_registered(journal) {
        assert!(
            Instant::now() < deadline,
            "the app's single-instance name stayed on the session bus after it exited"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Whether an app running on `journal` owns its single-instance name on the session bus.
fn single_instance_registered(journal: &Path) -> bool {
    name_has_owner(&plumbline_core::app::instance::bus_name(Some(journal)))
}

/// Whether something owns the well-known `name` on the session bus.
fn name_has_owner(name: &str) -> bool {
    Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
        ])
        .arg(format!("string:{name}"))
        .stderr(Stdio::null())
        .output()
        .map(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("boolean true"))
        .unwrap_or(false)
}

/// Whether a plumbline-desktop process with this journal in its environment is running.
pub fn app_running_on(journal: &Path) -> bool {
    let needle = format!("PLUMBLINE_DB={}", journal.display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|e| {
        let p = e.path();
        let exe_is_app = std::fs::read_link(p.join("exe"))
            .map(|x| x.file_name().is_some_and(|n| n == "plumbline-desktop"))
            .unwrap_or(false);
        exe_is_app
            && std::fs::read(p.join("environ"))
                .map(|env| env.split(|b| *b == 0).any(|kv| kv == needle.as_bytes()))
                .unwrap_or(false)
    })
}

/// The process id of the app running on `journal`, if one is.
pub fn app_pid_on(journal: &Path) -> Option<u32> {
    let needle = format!("PLUMBLINE_DB={}", journal.display());
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let p = e.path();
        let exe = std::fs::read_link(p.join("exe")).ok()?;
        let env = std::fs::read(p.join("environ")).ok()?;
        (exe.file_name().is_some_and(|n| n == "plumbline-desktop")
            && env.split(|b| *b == 0).any(|kv| kv == needle.as_bytes()))
        .then_some(pid)
    })
}

/// A journal of `n` events spread over the years before today (and a few today), written in
/// one import transaction.
pub fn big_journal(path: &Path, n: usize) {
    let mut store = Store::open(path).expect("journal opens");
    let today = Local::now().date_naive();
    let days = 3000u64;
    let per_day = n.div_ceil(days as usize);
    let mut batch = ImportBatch::default();
    let tasks = [
        "Write the newsletter",
        "Call the accountant",
        "Review pull requests",
        "Publish the video",
        "Plan the week",
        "Send the proposal",
    ];
    for i in 0..n {
        let day: NaiveDate = today - Days::new(days - (i / per_day) as u64);
        let minute = 7 * 60 + ((i % per_day) * 23 % (14 * 60)) as u32;
        let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).expect("valid time");
        let at = Local
            .from_local_datetime(&day.and_time(time))
            .earliest()
            .unwrap_or_else(|| Local.from_utc_datetime(&day.and_time(time)))
            .fixed_offset();
        let kind = Kind::ALL[(i * 7 + i / 5) % Kind::ALL.len()];
        let mut input = EventInput::new(at, kind, tasks[i % tasks.len()]);
        input.friction = Some(1 + (i % 5) as u8);
        input.tags = vec![format!("t{}", i % 17)];
        if i % 3 == 0 {
            input.thought = Some(format!("One more pass first ({i})"));
        }
        batch
            .events
            .push(input.into_event(format!("bulk-{i:06}"), None));
    }
    let meta = ImportMeta {
        format: "plumbline".into(),
        file: Some("generated".into()),
        dry_run: false,
    };
    let clock = FixedClock(Local::now().fixed_offset());
    let report = store
        .apply_import(&batch, &meta, &clock)
        .expect("the generated journal imports");
    assert_eq!(report.added.events, n);
}

/// A Secret Service (gnome-keyring) of its own on the test's D-Bus session, with its keyrings
/// in a temporary folder, unlocked; stopped when dropped. Tests of "Remember on this device"
/// run against it, never against the person's own keyring.
pub struct TestKeyring {
    child: Child,
    dir: PathBuf,
}

impl TestKeyring {
    /// Starts the daemon and waits until it answers on the bus.
    pub fn start() -> TestKeyring {
        let dir =
            std::env::temp_dir().join(format!("plumbline-test-keyring-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let run = dir.join("run");
        std::fs::create_dir_all(&run).expect("runtime dir");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700))
                .expect("runtime dir mode");
        }
        assert!(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
            "the keyring tests need a D-Bus session of their own (run them through `cargo xtask test`)"
        );
        let mut child = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("XDG_RUNTIME_DIR", &run)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon starts (Debian package gnome-keyring)");
        {
            use std::io::Write;
            // The new login keyring's password; the keyring is unlocked with it at once.
            let mut stdin = child.stdin.take().expect("piped stdin");
            stdin
                .write_all(b"test keyring\n")
                .expect("password written");
        }
        let keyring = TestKeyring { child, dir };
        let deadline = Instant::now() + WAIT;
        loop {
            let answered = name_has_owner("org.freedesktop.secrets");
            if answered {
                return keyring;
            }
            assert!(
                Instant::now() < deadline,
                "gnome-keyring-daemon did not answer on the session bus"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for TestKeyring {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
