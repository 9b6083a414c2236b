//! The analysis a long-running front end keeps: one [`Analyzer`] with its memory of the
//! journal, brought up to date before each view. The journal (behind the front end's lock) is
//! held only while the analyzer reads what changed; when it must read the whole journal (the
//! first time, after an edit or delete) it does so through a read-only second connection (with
//! the journal's key when it is encrypted), so logging does not wait for that either. The
//! analysis proper runs without the lock. [`AnalysisState::warm`] makes the first analysis in
//! the background once the window's first view is up, so the first Insights or Trends finds it
//! kept.

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};

use super::session::Session;
use super::vectors::{self, ModelSlot};
use super::AppError;
use crate::analyze::{Analysis, AnalyzeOptions, Analyzer};
use crate::domain::{Belief, Instant};
use crate::store::Store;

/// The analyzer a long-running front end shares between its commands, with its memory of the
/// journal, and the sentence model (loaded by the first analysis, never on the way to Today).
#[derive(Debug, Default)]
pub struct AnalysisState {
    analyzer: Mutex<Kept>,
    model: ModelSlot,
    /// Moves at every [`AnalysisState::reset`]: an analyzer that has not seen the latest one
    /// forgets what it read before it is used again.
    resets: AtomicU64,
}

/// The shared analyzer and the last reset it has seen.
#[derive(Debug, Default)]
struct Kept {
    analyzer: Analyzer,
    resets: u64,
}

/// How often an analysis is begun again when a reset came while it ran (the journal locked,
/// or another was opened) before it gives up.
const ATTEMPTS: usize = 3;

impl AnalysisState {
    pub fn new() -> Self {
        Self::default()
    }

    /// An analyzer whose model is looked for in `bundled` (the app's resource) first.
    pub fn with_model(bundled: Option<std::path::PathBuf>) -> Self {
        Self {
            analyzer: Mutex::default(),
            model: ModelSlot::new(bundled),
            resets: AtomicU64::new(0),
        }
    }

    /// The sentence model, loaded on first use; `None` when there is none (links then rest on
    /// markers, and the analysis says why).
    pub fn model(&self) -> Option<std::sync::Arc<crate::embed::Embedder>> {
        self.model.get().ok()
    }

    /// Forgets what the analyzer knew (another journal was opened, or it locked). Never waits
    /// for an analysis under way (a warm-up, say): that one sees the reset when it ends,
    /// forgets what it read and begins again on the journal there is now (refused while it is
    /// locked).
    pub fn reset(&self) {
        let resets = self.resets.fetch_add(1, Ordering::SeqCst) + 1;
        let kept = match self.analyzer.try_lock() {
            Ok(kept) => Some(kept),
            Err(TryLockError::Poisoned(p)) => {
                self.analyzer.clear_poison();
                Some(p.into_inner())
            }
            Err(TryLockError::WouldBlock) => None,
        };
        if let Some(mut kept) = kept {
            *kept = Kept {
                analyzer: Analyzer::new(),
                resets,
            };
        }
    }

    /// The analyzer; after a panic in an earlier analysis, or a reset it has not seen, it
    /// starts over with an empty memory (the next refresh reads the whole journal again), so
    /// nothing half-updated or of a journal since locked is reused.
    fn analyzer(&self) -> MutexGuard<'_, Kept> {
        let mut kept = self.analyzer.lock().unwrap_or_else(|poisoned| {
            self.analyzer.clear_poison();
            let mut kept = poisoned.into_inner();
            kept.analyzer = Analyzer::new();
            kept
        });
        let resets = self.resets.load(Ordering::SeqCst);
        if kept.resets != resets {
            *kept = Kept {
                analyzer: Analyzer::new(),
                resets,
            };
        }
        kept
    }

    /// The journal's beliefs and a fresh analysis of `session`'s journal at its now ([`analyse`]).
    pub fn analyse(&self, session: &Session) -> Result<(Analysis, Vec<Belief>), AppError> {
        self.with_analyzer(|analyzer| {
            analyse(
                || session.open_journal(),
                analyzer,
                &self.model,
                session.now(),
            )
        })
    }

    /// `run` with the kept analyzer; when a reset came while it ran, what it read is forgotten
    /// and it runs again (at most [`ATTEMPTS`] times).
    fn with_analyzer<T>(
        &self,
        mut run: impl FnMut(&mut Analyzer) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut kept = self.analyzer();
        for _ in 0..ATTEMPTS {
            let result = run(&mut kept.analyzer);
            let resets = self.resets.load(Ordering::SeqCst);
            if kept.resets == resets {
                return result;
            }
            *kept = Kept {
                analyzer: Analyzer::new(),
                resets,
            };
        }
        Err(AppError::Unavailable)
    }

    /// Reads the journal into the analyzer and analyses it ahead of the first view that shows
    /// the analysis, so that view finds it ready ([`Analyzer::analyze_warm`] gives it again
    /// while nothing was written since); false when the journal is locked (nothing is read).
    ///
    /// A front end calls it on a thread of its own once its first view answers the keyboard,
    /// never before. It takes the journal's lock only as the views' commands do (to see what
    /// changed, to store new text vectors), reads the journal whole through a connection of its
    /// own and analyses without the lock, so the window's calls do not wait for it; a lock or
    /// another journal coming meanwhile leaves nothing of it behind
    /// ([`AnalysisState::reset`]).
    pub fn warm(&self, session: &Session) -> Result<bool, AppError> {
        match self.analyse(session) {
            Ok(_) => Ok(true),
            Err(AppError::Lock(super::lock::LockError::Locked)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// How many times the kept analyzer has read the whole journal, and started a tally from
    /// its first event, since it last started over.
    pub fn reads(&self) -> (u64, u64) {
        let kept = self.analyzer();
        (kept.analyzer.whole_reads(), kept.analyzer.tallies_started())
    }
}

/// The niceness of a thread doing work nobody waits for ([`in_background`]).
pub const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's scheduling priority to [`BACKGROUND_NICE`] (on Linux, for this
/// thread alone), for work the person is not waiting for, such as [`AnalysisState::warm`]: on
/// a machine of two cores the window's own threads then come first, and an idle machine runs
/// it as fast as before. Elsewhere it changes nothing. Only [`in_background`] calls it, on a
/// thread of its own: on a pool's thread the window's commands would inherit the priority.
fn yield_to_the_window() {
    #[cfg(target_os = "linux")]
    {
        let me = rustix::thread::gettid();
        if let Err(e) = rustix::process::setpriority_process(Some(me), BACKGROUND_NICE) {
            eprintln!("plumbline: background work keeps the usual priority: {e}");
        }
    }
}

/// Runs `work` on a thread of its own named `name`, at the priority of [`yield_to_the_window`]:
/// for background work such as [`AnalysisState::warm`]. A thread that cannot start is said on
/// stderr, and the work is left to whoever needs its result.
pub fn in_background(name: &str, work: impl FnOnce() + Send + 'static) {
    let spawned = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            yield_to_the_window();
            work();
        });
    if let Err(e) = spawned {
        eprintln!("plumbline: {name} could not start: {e}");
    }
}

/// The journal behind `lock`; after a panic while it was held it is refused rather than reused.
pub fn lock(journal: &Mutex<Store>) -> Result<MutexGuard<'_, Store>, AppError> {
    journal.lock().map_err(|_| AppError::Unavailable)
}

/// The journal's beliefs and an analysis of it at `now`, by `analyzer` brought up to date.
/// `journal` takes the front end's lock on the journal (and refuses while it is locked).
pub fn analyse<G: DerefMut<Target = Store>>(
    journal: impl Fn() -> Result<G, AppError>,
    analyzer: &mut Analyzer,
    model: &ModelSlot,
    now: Instant,
) -> Result<(Analysis, Vec<Belief>), AppError> {
    analyzer.set_model(model.get());
    if let Some(m) = analyzer.model() {
        // From now on the journal embeds each text as it is written, in the write's
        // transaction: the next refresh only reads the new vector.
        let mut store = journal()?;
        if store.embedder().is_none_or(|e| e.id() != m.id()) {
            store.set_embedder(Some(std::sync::Arc::clone(m)));
        }
    }
    let beliefs = catch_up(&journal, analyzer)?;
    // Texts written without the model (before it was loaded, by an import or by another
    // program) have no vector yet: embedded and stored here, then read like every other.
    // They are embedded without the journal; it is taken only to store them.
    let missing = analyzer.texts_without_vectors();
    if let (false, Some(m)) = (missing.is_empty(), analyzer.model().cloned()) {
        let made = vectors::embed_new(&m, &missing);
        vectors::store_embedded(&mut *journal()?, &m, &made)?;
        catch_up(&journal, analyzer)?;
    }
    let a = analyzer.analyze_warm(&AnalyzeOptions::default(), now)?;
    Ok((a, beliefs))
}

/// Brings `analyzer` up to date with the journal (reading it whole through a second
/// connection when it must); returns the journal's beliefs.
fn catch_up<G: Deref<Target = Store>>(
    journal: &impl Fn() -> Result<G, AppError>,
    analyzer: &mut Analyzer,
) -> Result<Vec<Belief>, AppError> {
    let (beliefs, reload, path, key) = {
        let store = journal()?;
        let reload = analyzer.catch_up(&store)?;
        (
            store.beliefs()?,
            reload,
            store.path().map(std::path::Path::to_path_buf),
            store.key().cloned(),
        )
    };
    if let Some(reload) = reload {
        // A journal in a file gets a reader of its own (with the journal's key when it is
        // encrypted); one in memory (tests) has only the one connection.
        match path
            .map(|p| Store::open_reader_keyed(&p, key.as_ref()))
            .transpose()
        {
            Ok(Some(reader)) => analyzer.reload(&reader, reload)?,
            _ => analyzer.reload(&*journal()?, reload)?,
        }
    }
    Ok(beliefs)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::analyze::TextModelKind;
    use crate::domain::{parse_instant, EventInput, Kind};
    use crate::embed::{repository_model, Embedder};
    use crate::FixedClock;

    #[cfg(target_os = "linux")]
    #[test]
    fn background_work_runs_at_a_lower_priority_on_its_own_thread_only() {
        use rustix::process::getpriority_process;
        use rustix::thread::gettid;
        let before = getpriority_process(Some(gettid())).expect("priority");
        let (tx, rx) = std::sync::mpsc::channel();
        in_background("test", move || {
            let _ = tx.send(getpriority_process(Some(gettid())).expect("priority"));
        });
        let inside = rx.recv().expect("the thread ran");
        assert!(inside >= BACKGROUND_NICE, "{inside}");
        assert_eq!(
            getpriority_process(Some(gettid())).expect("priority"),
            before
        );
    }

    #[test]
    fn the_shared_analyzer_follows_the_journal_and_refuses_while_it_is_locked() {
        let now = parse_instant("2026-11-24T21:00:00+01:00").expect("instant");
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("journal.plumbline");
        let mut store = Store::open(&path).expect("journal");
        crate::demo::fill(&mut store, 60, 7, now.date_naive(), &FixedClock(now)).expect("filled");
        let session = Session::fixed(store, FixedClock(now));
        let state = AnalysisState::new();
        let (first, beliefs) = state.analyse(&session).expect("analysed");
        assert!(!beliefs.is_empty());
        assert!(first.totals.events > 0);
        state.reset();
        let (again, _) = state.analyse(&session).expect("analysed again");
        assert_eq!(again.totals.events, first.totals.events, "read whole again");
        {
            let mut held = session.held().expect("held");
            held.encrypt_with(
                &crate::keys::Secret::new("pw"),
                crate::keys::KdfParams::TEST,
            )
            .expect("encrypted");
            held.lock(&FixedClock(now)).expect("locked");
        }
        let refused = state.analyse(&session).expect_err("locked");
        assert!(matches!(refused, AppError::Lock(_)), "{refused}");
    }

    /// A journal in a file with `days` of the demo up to `now`, in a session at `now`.
    fn demo_session(dir: &std::path::Path, days: u32, now: Instant) -> Session {
        let mut store = Store::open(&dir.join("journal.plumbline")).expect("journal");
        crate::demo::fill(&mut store, days, 7, now.date_naive(), &FixedClock(now)).expect("filled");
        Session::fixed(store, FixedClock(now))
    }

    #[test]
    fn the_warm_up_leaves_the_analysis_the_first_trends_reuses_and_a_write_makes_it_fresh() {
        use crate::app::trends::trends_in;
        let now = parse_instant("2026-11-24T21:00:00+01:00").expect("instant");
        let dir = tempfile::tempdir().expect("dir");
        let session = demo_session(dir.path(), 120, now);
        let state = AnalysisState::new();
        assert_eq!(state.reads(), (0, 0));
        assert!(state.warm(&session).expect("warmed"));
        assert_eq!(
            state.reads(),
            (1, 1),
            "the warm-up read the journal and summed it once"
        );

        // The first Trends reads nothing again and sums nothing again, and shows what an
        // analyzer that never warmed up shows.
        let first = trends_in(&session, &state, Some("year")).expect("trends");
        assert_eq!(
            state.reads(),
            (1, 1),
            "the first Trends reused the warm analysis"
        );
        let cold = AnalysisState::new();
        assert_eq!(
            first,
            trends_in(&session, &cold, Some("year")).expect("cold")
        );
        assert_eq!(cold.reads(), (1, 1));

        // A write after the warm-up: the next Trends counts it (read as an append, not the
        // whole journal again) and is what a fresh analyzer finds.
        let e = EventInput::new(now, Kind::Avoided, "Publish the essay");
        session
            .store()
            .expect("open")
            .log_event(e, &FixedClock(now))
            .expect("logged");
        let after = trends_in(&session, &state, Some("year")).expect("trends after a write");
        assert_eq!(state.reads().0, 1, "a new event is read alone");
        let (last, before) = (after.weeks.last(), first.weeks.last());
        let (last, before) = (last.expect("a week"), before.expect("a week"));
        assert_eq!(last.week, before.week);
        assert_eq!(
            (last.events, last.breaks),
            (before.events + 1, before.breaks + 1)
        );
        let fresh = AnalysisState::new();
        assert_eq!(
            after,
            trends_in(&session, &fresh, Some("year")).expect("fresh")
        );
    }

    #[test]
    fn the_warm_up_does_nothing_while_the_journal_is_locked() {
        let now = parse_instant("2026-11-24T21:00:00+01:00").expect("instant");
        let dir = tempfile::tempdir().expect("dir");
        let session = demo_session(dir.path(), 30, now);
        {
            let mut held = session.held().expect("held");
            held.encrypt_with(
                &crate::keys::Secret::new("pw"),
                crate::keys::KdfParams::TEST,
            )
            .expect("encrypted");
            held.lock(&FixedClock(now)).expect("locked");
        }
        let state = AnalysisState::new();
        assert!(!state.warm(&session).expect("left alone"), "not warmed");
        assert_eq!(state.reads(), (0, 0), "nothing was read");
    }

    #[test]
    fn a_reset_never_waits_for_an_analysis_under_way_which_then_forgets() {
        let now = parse_instant("2026-11-24T21:00:00+01:00").expect("instant");
        let dir = tempfile::tempdir().expect("dir");
        let session = demo_session(dir.path(), 30, now);
        let state = AnalysisState::new();
        state.warm(&session).expect("warmed");
        assert_eq!(state.reads(), (1, 1));
        // An analysis under way holds the analyzer; the reset (a lock, say) returns at once.
        let under_way = state.analyzer();
        let state = &state;
        std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::channel();
            s.spawn(move || {
                state.reset();
                tx.send(()).expect("told");
            });
            let waited = rx.recv_timeout(std::time::Duration::from_secs(10));
            assert!(waited.is_ok(), "the reset waited for the analysis");
        });
        drop(under_way);
        // What it had read is forgotten before the analyzer is used again.
        assert_eq!(state.reads(), (0, 0));
        state.warm(&session).expect("warmed again");
        assert_eq!(state.reads(), (1, 1), "read whole again");

        // A reset while an analysis runs: it runs again on an analyzer that read nothing.
        let mut runs = Vec::new();
        let answer = state.with_analyzer(|analyzer| {
            runs.push(analyzer.whole_reads());
            if runs.len() == 1 {
                state.reset();
            }
            Ok(runs.len())
        });
        assert_eq!(answer.expect("the second run's answer"), 2);
        assert_eq!(
            runs,
            [1, 0],
            "the first run had read the journal, the second nothing"
        );
        assert_eq!(state.reads(), (0, 0));
    }

    #[test]
    fn after_the_first_analysis_a_new_thought_arrives_with_its_vector() {
        let model = Arc::new(Embedder::load(&repository_model()).expect("the committed model"));
        let slot = ModelSlot::with(Ok(Arc::clone(&model)));
        let now = parse_instant("2026-11-24T09:00:00+01:00").expect("instant");
        let clock = FixedClock(now);
        let journal = Mutex::new(Store::open_in_memory().expect("store"));
        let mut analyzer = Analyzer::new();
        let (first, _) = analyse(|| lock(&journal), &mut analyzer, &slot, now).expect("analysis");
        assert_eq!(first.text_model.kind, TextModelKind::Embedding);

        let mut e = EventInput::new(now, Kind::Avoided, "Publish the essay");
        e.thought = Some("what if they laugh at it".into());
        lock(&journal)
            .expect("journal")
            .log_event(e, &clock)
            .expect("log");
        // The write stored the vector: catching up finds nothing left to embed.
        analyzer
            .refresh(&lock(&journal).expect("journal"))
            .expect("refresh");
        assert!(analyzer.texts_without_vectors().is_empty());
        let (second, _) = analyse(|| lock(&journal), &mut analyzer, &slot, now).expect("analysis");
        assert_eq!(
            second.text_model.note,
            format!("thoughts read by the sentence model {}", model.id())
        );
    }
}
