//! Shared helpers for the integration tests.

pub mod fit;
pub mod gen;
#[cfg(feature = "e2e")]
pub mod webdriver;
