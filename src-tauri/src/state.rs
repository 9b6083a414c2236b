//! What every command shares: the journal (open, or locked when it is encrypted), the clock,
//! the zone typed times are placed in ([`AppState`], core's `app::session::Session`), and
//! [`CommandError`] (core's `app::refusal::Refusal`), the refusal the window shows next to the
//! field it names.

pub use plumbline_core::app::refusal::Refusal as CommandError;
pub use plumbline_core::app::session::{Session as AppState, StoreGuard};
