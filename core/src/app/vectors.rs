//! Keeping the journal's text vectors complete: every distinct thought, reflection text and
//! check-in note is embedded once and stored (`Store::put_text_vectors`); the analysis reads
//! them and never embeds history again.
//!
//! [`backfill`] embeds every text that has no vector (after an import, before the command
//! line's analysis); [`embed_new`] embeds the few an analyzer found without one, without the
//! journal (the desktop does not hold it meanwhile), and [`store_embedded`] stores them;
//! [`ModelSlot`] loads the model once, on first use, so loading it never delays the first
//! Today.
//!
//! Architecture invariant: vectors are derived data. They are computed only for texts that have
//! none for the loaded model, never exported, and a journal without them is still whole.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::embed::Embedder;
use crate::store::{Store, StoreError};

/// The most texts [`embed_new`] embeds in one call (the rest wait for the next), so a journal
/// that was never embedded does not keep the first analysis for long.
pub const NEW_AT_ONCE: usize = 5_000;

/// The sentence model of a long-running front end, loaded on first use from the bundled file
/// (if given) or wherever [`Embedder::locate`] finds it. A missing or damaged model is an
/// error message, once, and belief links then rest on markers.
#[derive(Debug, Default)]
pub struct ModelSlot {
    bundled: Option<PathBuf>,
    cell: OnceLock<Result<Arc<Embedder>, String>>,
}

impl ModelSlot {
    /// A slot that loads from `bundled` first, then the usual places.
    pub fn new(bundled: Option<PathBuf>) -> ModelSlot {
        ModelSlot {
            bundled,
            cell: OnceLock::new(),
        }
    }

    /// A slot that already holds `model` (tests).
    pub fn with(model: Result<Arc<Embedder>, String>) -> ModelSlot {
        let slot = ModelSlot::default();
        let _ = slot.cell.set(model);
        slot
    }

    /// The model, loading it the first time; or why there is none.
    pub fn get(&self) -> Result<Arc<Embedder>, String> {
        self.cell
            .get_or_init(|| {
                Embedder::locate(self.bundled.as_deref())
                    .map(Arc::new)
                    .map_err(|e| format!("{e}; belief links use markers only"))
            })
            .clone()
    }
}

/// The vectors of `texts` (at most [`NEW_AT_ONCE`]) by `model`: no journal is needed, so a front
/// end embeds without holding its journal and takes it only to store them
/// ([`store_embedded`]).
pub fn embed_new(model: &Embedder, texts: &[String]) -> Vec<(String, Vec<f32>)> {
    texts
        .iter()
        .take(NEW_AT_ONCE)
        .map(|t| (t.clone(), model.embed(t)))
        .collect()
}

/// Stores `vectors` made by `model` ([`embed_new`]) in one transaction; how many there were.
pub fn store_embedded(
    store: &mut Store,
    model: &Embedder,
    vectors: &[(String, Vec<f32>)],
) -> Result<usize, StoreError> {
    if !vectors.is_empty() {
        store.put_text_vectors(model.id(), vectors)?;
    }
    Ok(vectors.len())
}

/// How many texts are embedded and stored per transaction.
pub const BATCH: usize = 2_000;

/// Embeds the journal's texts that have no vector for `embedder`'s model and stores them, one
/// transaction per batch of [`BATCH`] (so other writers interleave). Calls
/// `progress(done, total)` after each batch; returns how many texts were embedded. When it
/// embedded anything it also drops vectors of other models and of texts that are gone.
pub fn backfill(
    store: &mut Store,
    embedder: &Embedder,
    progress: impl FnMut(usize, usize),
) -> Result<usize, StoreError> {
    backfill_in(|f| f(store), embedder, progress)
}

/// [`backfill`] on a journal a front end shares: `with` gives the journal to one step at a time
/// (listing the texts, storing a batch, pruning), so the journal is held only for those steps
/// and never while texts are embedded; a log written meanwhile does not wait for the batch.
///
/// The texts to embed are listed once, not before every batch: listing compares every text of
/// the journal with the stored vectors, which on a large import cost more than the embedding.
/// Texts written meanwhile without the model are found by a second listing at the end.
pub fn backfill_in<E: From<StoreError>>(
    mut with: impl FnMut(&mut dyn FnMut(&mut Store) -> Result<(), StoreError>) -> Result<(), E>,
    embedder: &Embedder,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize, E> {
    let model = embedder.id();
    let mut done = 0;
    let mut total = 0;
    // The first listing, and one for what was written meanwhile (a third finds nothing unless
    // another program keeps writing; what it writes then waits for the next backfill).
    for _ in 0..3 {
        let mut texts = Vec::new();
        with(&mut |s| {
            texts = s.texts_without_vector(model, usize::MAX)?;
            Ok(())
        })?;
        if texts.is_empty() {
            break;
        }
        total += texts.len();
        for batch in texts.chunks(BATCH) {
            let vectors: Vec<(String, Vec<f32>)> = batch
                .iter()
                .map(|t| (t.clone(), embedder.embed(t)))
                .collect();
            with(&mut |s| s.put_text_vectors(model, &vectors))?;
            done += vectors.len();
            progress(done, total);
        }
    }
    if done > 0 {
        with(&mut |s| s.prune_text_vectors(model).map(drop))?;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{parse_instant, EventInput, Kind};
    use crate::embed::repository_model;
    use crate::FixedClock;

    #[test]
    fn backfill_embeds_each_missing_text_once() {
        let model = Embedder::load(&repository_model()).expect("the committed model loads");
        let clock = FixedClock(parse_instant("2026-11-24T09:00:00+01:00").expect("instant"));
        let mut store = Store::open_in_memory().expect("store");
        let at = parse_instant("2026-11-20T09:40:00+01:00").expect("instant");
        let mut ids = Vec::new();
        for (i, thought) in ["too tired again", "nobody will read it", "too tired again"]
            .iter()
            .enumerate()
        {
            let mut e = EventInput::new(at, Kind::Avoided, format!("task {i}"));
            e.thought = Some((*thought).to_string());
            ids.push(store.log_event(e, &clock).expect("log").id);
        }
        let mut calls = Vec::new();
        let n = backfill(&mut store, &model, |done, total| calls.push((done, total)))
            .expect("backfill");
        assert_eq!(n, 2);
        assert_eq!(calls, [(2, 2)]);
        let stored = store.text_vectors(model.id()).expect("read");
        assert_eq!(stored["too tired again"], model.embed("too tired again"));
        assert_eq!(
            backfill(&mut store, &model, |_, _| {}).expect("again"),
            0,
            "nothing is embedded twice"
        );

        // An edit: only the new text is embedded, and the old one's vector is pruned.
        let mut e = EventInput::new(at, Kind::Avoided, "task 1");
        e.thought = Some("it will never be good enough".into());
        store.edit_event(&ids[1], e, &clock).expect("edit");
        assert_eq!(backfill(&mut store, &model, |_, _| {}).expect("edit"), 1);
        let stored = store.text_vectors(model.id()).expect("read");
        let mut texts: Vec<&str> = stored.keys().map(String::as_str).collect();
        texts.sort_unstable();
        assert_eq!(texts, ["it will never be good enough", "too tired again"]);
    }

    #[test]
    fn with_a_model_each_write_stores_its_text_vector_in_the_same_transaction() {
        use crate::domain::{Checkin, ReflectionInput};
        let model = Arc::new(Embedder::load(&repository_model()).expect("the committed model"));
        let clock = FixedClock(parse_instant("2026-11-24T09:00:00+01:00").expect("instant"));
        let at = parse_instant("2026-11-20T09:40:00+01:00").expect("instant");
        let mut store = Store::open_in_memory().expect("store");
        let mut e = EventInput::new(at, Kind::Avoided, "Send the deck");
        e.thought = Some("written before the model".into());
        store.log_event(e, &clock).expect("log");
        assert_eq!(
            store.count_texts_without_vector(model.id()).expect("count"),
            1
        );

        store.set_embedder(Some(Arc::clone(&model)));
        let mut e = EventInput::new(at, Kind::DelayedStart, "Call the printer");
        e.thought = Some("  they will see how little I know  ".into());
        let logged = store.log_event(e, &clock).expect("log");
        let mut edit = EventInput::new(at, Kind::DelayedStart, "Call the printer");
        edit.thought = Some("edited: nobody asked for it".into());
        store.edit_event(&logged.id, edit, &clock).expect("edit");
        store
            .add_reflection(ReflectionInput::new(at, "A week of small starts."), &clock)
            .expect("reflection");
        let mut c = Checkin::new(at.date_naive(), 3);
        c.note = Some("slow morning".into());
        store.save_checkin(c, &clock).expect("check-in");

        let stored = store.text_vectors(model.id()).expect("read");
        for text in [
            "they will see how little I know",
            "edited: nobody asked for it",
            "A week of small starts.",
            "slow morning",
        ] {
            assert_eq!(stored.get(text), Some(&model.embed(text)), "{text}");
        }
        // Only what was written without the model is left for a backfill.
        assert_eq!(
            store.texts_without_vector(model.id(), 10).expect("list"),
            ["written before the model"]
        );
    }
}
