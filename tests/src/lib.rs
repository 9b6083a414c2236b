//! Shared helpers for the integration tests.

pub mod baseline;
pub mod fit;
pub mod gen;
pub mod heldout;
#[cfg(feature = "e2e")]
pub mod webdriver;

/// The text model committed in the repository, loaded once for the whole test binary.
pub fn text_model() -> &'static plumbline_core::embed::Embedder {
    static MODEL: std::sync::OnceLock<plumbline_core::embed::Embedder> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        plumbline_core::embed::Embedder::load(&plumbline_core::embed::repository_model())
            .expect("the committed text model loads")
    })
}

/// The prototypes the analyzer reads the catalog's beliefs with (their exemplars, statements
/// and descriptions, and the neutral class), with `extra` classes (id and texts) after the
/// catalog's, built with the committed text model and, as the analyzer does, its belief head.
pub fn catalog_prototypes(
    extra: &[(String, Vec<String>)],
) -> plumbline_core::analyze::semantic::Prototypes {
    use plumbline_core::analyze::semantic::{prototype_texts, Prototypes};
    let model = text_model();
    let mut texts: Vec<(String, Vec<String>)> = plumbline_core::catalog::builtin_beliefs()
        .iter()
        .map(|b| {
            let t = prototype_texts(&b.id, &b.statement, &b.description, &b.markers);
            (b.id.clone(), t)
        })
        .collect();
    texts.extend_from_slice(extra);
    Prototypes::build(model.id(), plumbline_core::embed::DIM, &texts, |t| {
        Some(model.embed(t))
    })
}

/// The index of the largest value (the first of equals; 0 for none).
pub fn argmax<T: PartialOrd>(xs: &[T]) -> usize {
    let mut best = 0;
    for (i, x) in xs.iter().enumerate() {
        if *x > xs[best] {
            best = i;
        }
    }
    best
}
