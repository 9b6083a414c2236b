//! Fills a benchmark journal the way a large import does: events in batches of 50,000, the
//! check-ins and reflections with the first, each batch one transaction.

use plumbline_core::domain::{Checkin, Event, Reflection};
use plumbline_core::interchange::{ImportBatch, ImportMeta};
use plumbline_core::{FixedClock, Store};

pub fn import_in_chunks(
    store: &mut Store,
    clock: &FixedClock,
    events: &[Event],
    checkins: Vec<Checkin>,
    reflections: Vec<Reflection>,
) {
    let meta = ImportMeta {
        format: "plumbline".into(),
        file: None,
        dry_run: false,
    };
    let mut rest = Some((checkins, reflections));
    for chunk in events.chunks(50_000) {
        let mut batch = ImportBatch {
            events: chunk.to_vec(),
            ..ImportBatch::default()
        };
        if let Some((checkins, reflections)) = rest.take() {
            batch.checkins = checkins;
            batch.reflections = reflections;
        }
        store.apply_import(&batch, &meta, clock).expect("import");
    }
}
