//! The analysis a long-running front end keeps: one [`Analyzer`] with its memory of the
//! journal, brought up to date before each view. The journal (behind the front end's lock) is
//! held only while the analyzer reads what changed; when it must read the whole journal (the
//! first time, after an edit or delete) it does so through a read-only second connection (with
//! the journal's key when it is encrypted), so logging does not wait for that either. The
//! analysis proper runs without the lock.

use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, MutexGuard};

use super::vectors::{self, ModelSlot};
use super::AppError;
use crate::analyze::{Analysis, AnalyzeOptions, Analyzer};
use crate::domain::{Belief, Instant};
use crate::store::Store;

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
    let beliefs = catch_up(&journal, analyzer)?;
    // Texts written since the last look have no vector yet (normally the one just logged):
    // embedded and stored once here, then read like every other stored vector.
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
