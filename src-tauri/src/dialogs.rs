//! The system's file choosers, straight through `rfd` (no dialog plugin, and so none of the
//! file-system plugin and its scopes that it brings). A chooser is opened on the main thread, as
//! every platform wants it (GTK's dialogs belong to the thread that runs GTK), and its answer is
//! awaited off it, so the window keeps painting while the person chooses.
//!
//! The path chosen stays in Rust: the commands that ask a [`FileQuestion`] read or write where
//! the person answered, and the window never names that path.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

pub use plumbline_core::app::data::FileQuestion;
use tauri::{AppHandle, Manager, Runtime};

use crate::insights::failed;
use crate::state::CommandError;

/// Answers the choosers in place of the system's dialogs, where no one is there to answer them
/// (the IPC tests manage one). Only Rust can put one in place; nothing the window sends can.
pub struct StandIn(pub Box<Answerer>);

/// How a [`StandIn`] answers: the path "chosen", or `None` for a cancel.
pub type Answerer = dyn Fn(&FileQuestion) -> Option<PathBuf> + Send + Sync;

type Answer = Pin<Box<dyn Future<Output = Option<rfd::FileHandle>> + Send>>;

/// Asks `question` in the system's file chooser: the path the person chose, or `None` when they
/// cancelled.
pub async fn ask<R: Runtime>(
    app: &AppHandle<R>,
    question: FileQuestion,
) -> Result<Option<PathBuf>, CommandError> {
    if let Some(stand_in) = app.try_state::<StandIn>() {
        return Ok((stand_in.0)(&question));
    }
    let (opened, answer) = std::sync::mpsc::sync_channel::<Answer>(1);
    app.run_on_main_thread(move || {
        let (name, extensions) = &question.filter;
        let dialog = rfd::AsyncFileDialog::new()
            .set_title(&question.title)
            .add_filter(name, extensions)
            .set_can_create_directories(true);
        let waiting: Answer = match question.save_as {
            Some(file) => Box::pin(dialog.set_file_name(file).save_file()),
            None => Box::pin(dialog.pick_file()),
        };
        // The command may have gone (the app quitting) and nobody waits: nothing to do then.
        let _ = opened.send(waiting);
    })
    .map_err(failed)?;
    let waiting = tauri::async_runtime::spawn_blocking(move || answer.recv())
        .await
        .map_err(failed)?
        .map_err(|_| failed("The file chooser did not open; try again."))?;
    Ok(waiting.await.map(|chosen| chosen.path().to_path_buf()))
}
