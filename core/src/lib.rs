//! Plumbline core: the journal's domain, its SQLite store, the analyzer, interchange with other
//! formats, the pure logic of reminders, and the application layer the command line
//! (`plumbline-cli`) and the desktop shell share.
//!
//! Nothing here depends on a window toolkit; the desktop shell is a thin layer over this crate.

pub mod analyze;
pub mod app;
pub mod catalog;
pub mod clock;
pub mod demo;
pub mod domain;
pub mod embed;
pub mod files;
pub mod interchange;
pub mod keys;
mod layers;
pub mod paths;
pub mod remember;
pub mod reminders;
pub mod search;
pub mod store;
pub mod zone;

pub use clock::{Clock, FixedClock, SystemClock};
pub use domain::*;
pub use store::{Store, StoreError};
