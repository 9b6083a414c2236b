//! Shared helpers for the integration tests.

pub mod baseline;
pub mod fit;
pub mod gen;
pub mod heldout;
#[cfg(feature = "e2e")]
pub mod webdriver;
