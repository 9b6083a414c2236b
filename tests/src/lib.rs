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
