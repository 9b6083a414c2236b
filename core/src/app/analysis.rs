//! The analysis a long-running front end keeps: one [`Analyzer`] with its memory of the
//! journal, brought up to date before each view. The journal (behind the front end's lock) is
//! held only while the analyzer reads what changed; when it must read the whole journal (the
//! first time, after an edit or delete) it does so through a read-only second connection (with
//! the journal's key when it is encrypted), so logging does not wait for that either. The
//! analysis proper runs without the lock.

use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, MutexGuard};

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
    analyzer: Mutex<Analyzer>,
    model: ModelSlot,
}

impl AnalysisState {
    pub fn new() -> Self {
        Self::default()
    }

    /// An analyzer whose model is looked for in `bundled` (the app's resource) first.
    pub fn with_model(bundled: Option<std::path::PathBuf>) -> Self {
        Self {
            analyzer: Mutex::default(),
            model: ModelSlot::new(bundled),
        }
    }

    /// The sentence model, loaded on first use; `None` when there is none (links then rest on
    /// markers, and the analysis says why).
    pub fn model(&self) -> Option<std::sync::Arc<crate::embed::Embedder>> {
        self.model.get().ok()
    }

    /// Forgets what the analyzer knew (another journal was opened, or it locked).
    pub fn reset(&self) {
        *self.analyzer() = Analyzer::new();
    }

    /// The analyzer; after a panic in an earlier analysis it starts over with an empty memory
    /// (the next refresh reads the whole journal again), so nothing half-updated is reused.
    fn analyzer(&self) -> MutexGuard<'_, Analyzer> {
        self.analyzer.lock().unwrap_or_else(|poisoned| {
            let mut a = poisoned.into_inner();
            *a = Analyzer::new();
            a
        })
    }

    /// The journal's beliefs and a fresh analysis of `session`'s journal at its now ([`analyse`]).
    pub fn analyse(&self, session: &Session) -> Result<(Analysis, Vec<Belief>), AppError> {
        analyse(
            || session.open_journal(),
            &mut self.analyzer(),
            &self.model,
            session.now(),
        )
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
    let missing = analyzer.texts_without_vectors();
    if let (false, Some(m)) = (missing.is_empty(), analyzer.model().cloned()) {
        {
            let mut store = journal()?;
            vectors::store_new(&mut store, &m, &missing)?;
        }
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
