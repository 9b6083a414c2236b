//! The harness both IPC test binaries share: the app with its real configuration and
//! capabilities on a mock runtime, a temporary journal and a fixed clock, called the way the
//! window calls it.

use chrono::DateTime;
use plumbline_core::{FixedClock, Store};
use plumbline_desktop::{AnalysisState, AppState, CommandError};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

/// 2026-11-20, 21:30 at +01:00: a Friday evening.
pub const NOW: &str = "2026-11-20T21:30:00+01:00";

pub fn clock() -> FixedClock {
    FixedClock(DateTime::parse_from_rfc3339(NOW).expect("instant"))
}

pub struct App {
    pub window: WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
    pub journal: std::path::PathBuf,
}

/// The app on a journal at `relative` inside a temporary folder, prepared by `fill`.
pub fn app_at(relative: &str, fill: impl FnOnce(&mut Store)) -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = dir.path().join(relative);
    let mut store = plumbline_desktop::open_journal(&journal).expect("journal opens");
    fill(&mut store);
    let app = mock_builder()
        .manage(AppState::fixed(store, clock()))
        .manage(AnalysisState::new())
        .manage(plumbline_desktop::reminders::Reminders::new())
        .invoke_handler(plumbline_desktop::handler())
        .build(plumbline_desktop::context())
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window builds");
    App {
        window,
        _dir: dir,
        journal,
    }
}

impl App {
    pub fn call_raw(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().expect("a JSON response"))
    }

    pub fn call<T: DeserializeOwned>(&self, cmd: &str, args: Value) -> T {
        match self.call_raw(cmd, args) {
            Ok(v) => serde_json::from_value(v).expect("the response has the expected shape"),
            Err(e) => panic!("{cmd} was refused: {e}"),
        }
    }

    pub fn refused(&self, cmd: &str, args: Value) -> CommandError {
        match self.call_raw(cmd, args) {
            Ok(v) => panic!("{cmd} should have been refused, returned {v}"),
            Err(e) => serde_json::from_value(e).expect("the error is {message, field}"),
        }
    }

    pub fn store(&self) -> Store {
        Store::open(&self.journal).expect("journal opens")
    }
}
