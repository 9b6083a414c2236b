//! Shared helpers for the integration tests.

#[cfg(feature = "e2e")]
pub mod webdriver;
pub mod gen;
