//! Measures windows side by side in one run: for each subject, the time from asking
//! tauri-driver for a session (which starts the app) to the first input being ready, and the
//! proportional set size (PSS) of the app's whole process tree (the app and WebKit's web and
//! network processes) 5 s after that; median of N runs, subjects interleaved so a slower moment
//! of the machine falls on all of them alike.
//!
//! `measure [--runs N] SUBJECT...` where each SUBJECT is `NAME=APP|READY_CSS[|JOURNAL]`;
//! `JOURNAL` is `empty` (default), `big` (100,000 events) or `encrypted` (a journal encrypted
//! with the app's own key derivation, about half a second of Argon2id). Prints a Markdown table.
//! An encrypted journal's start is measured to the lock screen's passphrase field; then the
//! passphrase is typed with Enter and the time to READY_CSS (Today, unlocked) is measured too.
//!
//! `measure [--runs N] --switch APP` measures instead how long Plumbline takes to switch to the
//! Journal and to Trends (its one-year range, the default) on the 100,000-event journal: in the
//! page, from the click on the view's link to the first frame painted after the view has read
//! and drawn what it shows, and beside it until the parts a view draws after that first frame
//! (those below the window) are all in. The first switch to each view is printed apart (Trends
//! then runs the whole analysis unless the analyzer was warmed first), then the median of N
//! switches back and forth, with the view's own marks and each command's time and answer size.
//! `--settle MS` waits that long after Today is ready before the first switches (a person reads
//! Today first; the app warms its analyzer meanwhile). A figure, never a test.
//!
//! Run it under a display with tauri-driver installed (`cargo xtask measure` builds everything
//! and runs it under Xvfb).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use plumbline_tests::webdriver::{big_journal, quit, session_with, Driver, SESSION_WAIT};

struct Subject {
    name: String,
    app: PathBuf,
    ready: String,
    journal: PathBuf,
    /// Whether the journal is encrypted: the start ends at the lock screen, then it unlocks.
    encrypted: bool,
    starts: Vec<Duration>,
    pss_kib: Vec<u64>,
    /// An encrypted journal's unlocks: typing the passphrase, then from Enter to READY.
    unlocks: Vec<(Duration, Duration)>,
}

/// How often the ready element is looked for.
const READY_POLL: Duration = Duration::from_millis(10);
/// Plumbline's first input is ready: Today has loaded and its log form is there.
const TODAY_READY: &str = "[data-testid='view'][data-ready='true'] [data-testid='log-form']";
/// The lock screen is shown, its passphrase field there to type in.
const LOCK_SCREEN: &str =
    "[data-testid='lock-screen']:not([hidden]) [data-testid='unlock-passphrase']";
/// The passphrase of the `encrypted` journal.
const PASSPHRASE: &str = "measure the unlock";

/// The runtime the WebDriver client runs on.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Waits until an element matches `css`, looking every 10 ms (fantoccini's default is every
/// 250 ms, which would round both windows' starts up to a quarter of a second).
async fn wait_for(c: &Client, css: &str, what: &str) {
    c.wait()
        .at_most(SESSION_WAIT)
        .every(READY_POLL)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{what}: {css} never appeared: {e}"));
}

/// A journal at `path` holding one event, encrypted under [`PASSPHRASE`] with the key
/// derivation the app itself uses.
fn encrypted_journal(path: &Path) {
    use plumbline_core::app::lock::Held;
    use plumbline_core::clock::Clock;
    use plumbline_core::keys::Secret;
    use plumbline_core::{EventInput, Kind, Store, SystemClock};
    let mut store = Store::open(path).expect("journal");
    let event = EventInput::new(SystemClock.now(), Kind::Completed, "Water the plants");
    store.log_event(event, &SystemClock).expect("logged");
    let mut held = Held::Open(store);
    held.encrypt(&Secret::new(PASSPHRASE)).expect("encrypted");
}

fn main() {
    let mut runs = 5;
    let mut specs = Vec::new();
    let mut switch = None;
    let mut settle = Duration::ZERO;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args
                .next()
                .and_then(|n| n.parse().ok())
                .expect("--runs takes a number");
        } else if a == "--settle" {
            let ms = args
                .next()
                .and_then(|n| n.parse().ok())
                .expect("--settle takes milliseconds");
            settle = Duration::from_millis(ms);
        } else if a == "--switch" {
            switch = Some(PathBuf::from(args.next().expect("--switch takes the app")));
        } else {
            specs.push(a);
        }
    }
    if let Some(app) = switch {
        view_switches(&app, runs, settle);
        return;
    }
    assert!(
        !specs.is_empty(),
        "usage: measure [--runs N] NAME=APP|READY_CSS[|empty|big]..."
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let mut big: Option<PathBuf> = None;
    let mut subjects: Vec<Subject> = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let (name, rest) = spec.split_once('=').expect("NAME=APP|READY_CSS");
            let mut parts = rest.split('|');
            let app = PathBuf::from(parts.next().expect("an app path"));
            let ready = parts.next().expect("a ready selector").to_string();
            let kind = parts.next().unwrap_or("empty");
            let journal = match kind {
                "encrypted" => {
                    let p = dir.path().join(format!("encrypted-{i}.plumbline"));
                    encrypted_journal(&p);
                    p
                }
                "big" => big
                    .get_or_insert_with(|| {
                        let p = dir.path().join("big.plumbline");
                        eprintln!("measure: writing a 100,000-event journal");
                        big_journal(&p, 100_000);
                        p
                    })
                    .clone(),
                _ => dir.path().join(format!("empty-{i}.plumbline")),
            };
            assert!(app.is_file(), "{} is not built", app.display());
            Subject {
                name: name.to_string(),
                app,
                ready,
                journal,
                encrypted: kind == "encrypted",
                starts: Vec::new(),
                pss_kib: Vec::new(),
                unlocks: Vec::new(),
            }
        })
        .collect();

    let rt = runtime();
    // One unmeasured start each first, so every measured start finds its files in the cache.
    for s in &subjects {
        rt.block_on(run_once(s));
    }
    for round in 0..runs {
        for s in &mut subjects {
            let (start, pss, unlock) = rt.block_on(run_once(s));
            eprintln!(
                "measure: {} run {}: start {} ms, PSS {:.1} MiB",
                s.name,
                round + 1,
                start.as_millis(),
                pss as f64 / 1024.0
            );
            s.starts.push(start);
            s.pss_kib.push(pss);
            if let Some((typing, unlocked)) = unlock {
                eprintln!(
                    "measure: {} run {}: passphrase typed in {} ms, Today ready {} ms after \
                     Enter",
                    s.name,
                    round + 1,
                    typing.as_millis(),
                    unlocked.as_millis()
                );
                s.unlocks.push((typing, unlocked));
            }
        }
    }

    println!("| subject | start to first input (an encrypted journal: its lock screen), median of {runs} | process tree PSS after 5 s, median | binary |");
    println!("| --- | --- | --- | --- |");
    for s in &subjects {
        let start = median(s.starts.iter().map(Duration::as_millis).collect());
        let pss = median(s.pss_kib.clone());
        let size = std::fs::metadata(&s.app).map(|m| m.len()).unwrap_or(0);
        println!(
            "| {} | {} ms | {:.0} MiB | {:.1} MB |",
            s.name,
            start,
            pss as f64 / 1024.0,
            size as f64 / 1e6
        );
    }
    let unlocking: Vec<&Subject> = subjects.iter().filter(|s| s.encrypted).collect();
    if unlocking.is_empty() {
        return;
    }
    println!();
    println!(
        "| encrypted journal, median of {runs} | start to lock screen | passphrase typed | Enter to Today ready (Argon2id, opening, Today) | start to Today |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for s in unlocking {
        let ms = |v: Vec<Duration>| median(v.iter().map(Duration::as_millis).collect());
        let typing = ms(s.unlocks.iter().map(|u| u.0).collect());
        let unlocked = ms(s.unlocks.iter().map(|u| u.1).collect());
        let whole = ms(s
            .starts
            .iter()
            .zip(&s.unlocks)
            .map(|(start, (t, u))| *start + *t + *u)
            .collect());
        println!(
            "| {} | {} ms | {typing} ms | {unlocked} ms | {whole} ms |",
            s.name,
            ms(s.starts.clone())
        );
    }
}

fn median<T: Ord + Copy>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}

/// Starts the app once: how long until its first input is ready (an encrypted journal's lock
/// screen), its tree's PSS 5 s after it is ready, and, for an encrypted journal, how long the
/// passphrase took to type and the unlock from Enter to READY.
async fn run_once(s: &Subject) -> (Duration, u64, Option<(Duration, Duration)>) {
    let _driver = Driver::start(&s.journal);
    let t0 = Instant::now();
    let c = session_with(&s.app).await;
    let first = if s.encrypted { LOCK_SCREEN } else { &s.ready };
    wait_for(&c, first, &s.name).await;
    let took = t0.elapsed();
    // Where the start went, as the page saw it: from the page's navigation start to the end of
    // DOMContentLoaded (the page and its scripts) and to the first input being found (about
    // now). The rest of `took`, before the page began, is the process and web view starting.
    let page = c
        .execute(
            "const n = performance.getEntriesByType('navigation')[0];\
             return [n ? Math.round(n.domContentLoadedEventEnd) : -1, Math.round(performance.now())];",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| serde_json::from_value::<(i64, i64)>(v).ok());
    let unlock = if s.encrypted {
        let field = c
            .find(Locator::Css(LOCK_SCREEN))
            .await
            .expect("the passphrase field");
        let shown = Instant::now();
        field
            .send_keys(&format!("{PASSPHRASE}{}", Key::Enter))
            .await
            .expect("the passphrase typed");
        let typing = shown.elapsed();
        wait_for(&c, &s.ready, &s.name).await;
        Some((typing, shown.elapsed() - typing))
    } else {
        None
    };
    let marks = c
        .execute(
            "return performance.getEntriesByType('mark').map(m => m.name + ' ' + Math.round(m.startTime));",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| serde_json::from_value::<Vec<String>>(v).ok())
        .unwrap_or_default();
    if !marks.is_empty() {
        eprintln!("measure:   {}: {}", s.name, marks.join(", "));
    }
    if let Some((loaded, ready)) = page {
        eprintln!(
            "measure:   {}: the page started {} ms after the session was asked for, was \
             loaded {loaded} ms and ready {ready} ms after that",
            s.name,
            i64::try_from(took.as_millis()).unwrap_or(i64::MAX) - ready
        );
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    let pss = tree_pss_kib(&s.app, &s.journal);
    quit(c, &s.journal).await;
    (took, pss, unlock)
}

/// The PSS of the process running `app` on `journal` and of all its descendants, in KiB.
fn tree_pss_kib(app: &Path, journal: &Path) -> u64 {
    let app = std::fs::canonicalize(app).unwrap_or_else(|_| app.to_path_buf());
    let needle = format!("PLUMBLINE_DB={}", journal.display());
    let mut parent: HashMap<u32, u32> = HashMap::new();
    let mut root = None;
    for e in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        // The parent's pid is the second field after the command name's closing parenthesis.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        parent.insert(pid, ppid);
        let is_app = std::fs::read_link(e.path().join("exe")).is_ok_and(|x| x == app);
        let on_journal = std::fs::read(e.path().join("environ"))
            .is_ok_and(|env| env.split(|b| *b == 0).any(|kv| kv == needle.as_bytes()));
        if is_app && on_journal {
            root = Some(pid);
        }
    }
    let root = root.unwrap_or_else(|| panic!("no process of {} found", app.display()));
    let mut total = 0;
    let mut parts = Vec::new();
    for &pid in parent.keys() {
        let mut p = pid;
        let mut depth = 0;
        while p != root && p > 1 && depth < 64 {
            p = parent.get(&p).copied().unwrap_or(0);
            depth += 1;
        }
        if p == root {
            let kib = pss_kib(pid);
            let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            parts.push(format!("{} {:.1} MiB", name.trim(), kib as f64 / 1024.0));
            total += kib;
        }
    }
    // What the memory is: the app's own process and each of WebKit's.
    eprintln!("measure:   {}", parts.join(", "));
    total
}

fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Pss:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// The page's own measure of one view switch: clicks the view's link and resolves, in
/// milliseconds, at the first frame painted after an element matches `done` (and, second,
/// when the view no longer marks parts below the window as still to draw, `data-pending`). Right after the
/// click has put the view's kept nodes back (its reading has only begun, as it awaits its
/// commands), the view's element (`view`) loses its `data-ready` and `clear`'s children go, so
/// what an earlier visit drew does not count. (Selectors, not code: the page's CSP allows no
/// eval.)
const SWITCH: &str = r#"
const [link, view, clear, done, resolve] = arguments;
performance.clearMarks();
const t0 = performance.now();
// Every frame begun until the view is drawn, so a long one shows.
const frame = () => {
  if (finished) return;
  performance.mark("frame");
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
document.querySelector(link).click();
const v = view && document.querySelector(view);
if (v) delete v.dataset.ready;
const c = clear && document.querySelector(clear);
if (c) c.replaceChildren();
let finished = false;
const check = () => {
  if (finished || !document.querySelector(done)) return;
  finished = true;
  observer.disconnect();
  // The view's drawing is in the page (its script has run); what follows is style, layout and
  // paint up to the frame.
  performance.mark("drawn");
  requestAnimationFrame(() => {
    const first = performance.now() - t0;
    // The marks on the way (the view's own, and every frame begun), from the click.
    const marks = performance.getEntriesByType("mark").map((m) => `${m.name} ${Math.round(m.startTime - t0)}`);
    // Then until the parts drawn after that frame (below the window) are all in.
    const all = () => (v && v.dataset.pending ? setTimeout(all, 5) : resolve([first, performance.now() - t0, marks]));
    all();
  });
};
const observer = new MutationObserver(check);
observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
check();
"#;

/// The commands a view calls, alone: invoked from the page together, resolving in milliseconds
/// when all have answered (what the switch spends outside building the page).
const CALLS: &str = r#"
const [calls, resolve] = arguments;
const t0 = performance.now();
const one = async ([cmd, args]) => {
  const t = performance.now();
  const answer = await window.__TAURI__.core.invoke(cmd, args);
  return `${cmd} ${Math.round(performance.now() - t)} ms, ${JSON.stringify(answer).length} bytes`;
};
Promise.all(calls.map(one)).then((each) => resolve([performance.now() - t0, each]), (e) => resolve([-1, [String(e)]]));
"#;

/// A view to switch to: its link, its element, what to empty first, the element that shows
/// it has drawn what it shows, and the commands it calls (name, arguments as JSON).
struct View {
    name: &'static str,
    link: &'static str,
    view: &'static str,
    clear: &'static str,
    done: &'static str,
    calls: &'static [(&'static str, &'static str)],
}

const JOURNAL: View = View {
    name: "Journal",
    link: "[data-testid='nav-journal']",
    view: "[data-testid='journal']",
    clear: "",
    done: "[data-testid='journal'][data-ready='true'] [data-testid='journal-day']",
    calls: &[("journal", r#"{"before": null, "days": null}"#)],
};

const TRENDS: View = View {
    name: "Trends, a year",
    link: "[data-testid='nav-trends']",
    view: "[data-testid='trends']",
    clear: "[data-testid='picture']",
    done: "[data-testid='trends'][data-ready='true'] [data-testid='picture'] > *",
    calls: &[
        ("trends", r#"{"range": "year"}"#),
        ("days_picture", r#"{"range": "year"}"#),
    ],
};

const TODAY: View = View {
    name: "Today",
    link: "[data-testid='nav-today']",
    view: "",
    clear: "",
    done: "[data-testid='today']",
    calls: &[],
};

/// The switch's first frame and when every part was in, in milliseconds, and the view's marks
/// on the way.
async fn switch_to(c: &Client, v: &View) -> (f64, f64, Vec<String>) {
    let took = c
        .execute_async(
            SWITCH,
            vec![
                serde_json::json!(v.link),
                serde_json::json!(v.view),
                serde_json::json!(v.clear),
                serde_json::json!(v.done),
            ],
        )
        .await
        .unwrap_or_else(|e| panic!("switching to {}: {e}", v.name));
    serde_json::from_value(took).expect("milliseconds")
}

/// The view's commands together, in milliseconds, and each one's time and answer's size.
async fn calls_of(c: &Client, v: &View) -> (f64, Vec<String>) {
    let calls: Vec<serde_json::Value> = v
        .calls
        .iter()
        .map(|(cmd, args)| {
            let args: serde_json::Value = serde_json::from_str(args).expect("JSON arguments");
            serde_json::json!([cmd, args])
        })
        .collect();
    let took = c
        .execute_async(CALLS, vec![serde_json::json!(calls)])
        .await
        .unwrap_or_else(|e| panic!("the commands of {}: {e}", v.name));
    serde_json::from_value(took).expect("milliseconds and each command")
}

/// Switches to the Journal and to Trends on the 100,000-event journal, first once each (right
/// after Today is ready, or `settle` later), then `runs` times back and forth (through Today),
/// and prints the figures.
fn view_switches(app: &Path, runs: usize, settle: Duration) {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = dir.path().join("big.plumbline");
    eprintln!("measure: writing a 100,000-event journal");
    big_journal(&journal, 100_000);
    let (first, warm, calls) = runtime().block_on(async {
        let _driver = Driver::start(&journal);
        let c = session_with(app).await;
        c.set_window_size(1100, 760).await.expect("window size");
        wait_for(&c, TODAY_READY, "Today").await;
        tokio::time::sleep(settle).await;
        let mut first = Vec::new();
        for v in [&JOURNAL, &TRENDS] {
            let (ms, _, marks) = switch_to(&c, v).await;
            eprintln!(
                "measure: {} first switch: {ms:.0} ms ({})",
                v.name,
                marks.join(", ")
            );
            first.push(ms);
            switch_to(&c, &TODAY).await;
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        let mut warm: Vec<Vec<(f64, f64)>> = vec![Vec::new(), Vec::new()];
        let mut calls: Vec<Vec<f64>> = vec![Vec::new(), Vec::new()];
        for round in 0..runs {
            for (i, v) in [&JOURNAL, &TRENDS].into_iter().enumerate() {
                let (first, all, marks) = switch_to(&c, v).await;
                let (alone, each) = calls_of(&c, v).await;
                eprintln!(
                    "measure: {} switch {}: {first:.0} ms (all drawn {all:.0} ms; {}), its commands alone {alone:.0} ms ({})",
                    v.name,
                    round + 1,
                    marks.join(", "),
                    each.join(", ")
                );
                warm[i].push((first, all));
                calls[i].push(alone);
                switch_to(&c, &TODAY).await;
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        }
        quit(c, &journal).await;
        (first, warm, calls)
    });
    println!(
        "| view, 100,000 events | first switch | switch, median of {runs} | slowest | every part drawn, median | its commands alone, median |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    for (i, v) in [&JOURNAL, &TRENDS].into_iter().enumerate() {
        let mut w: Vec<f64> = warm[i].iter().map(|m| m.0).collect();
        w.sort_by(f64::total_cmp);
        let mut all: Vec<f64> = warm[i].iter().map(|m| m.1).collect();
        all.sort_by(f64::total_cmp);
        let mut a = calls[i].clone();
        a.sort_by(f64::total_cmp);
        println!(
            "| {} | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms |",
            v.name,
            first[i],
            w[w.len() / 2],
            w[w.len() - 1],
            all[all.len() / 2],
            a[a.len() / 2]
        );
    }
}
