//! The app's own preferences — today the theme — kept by core in a small file beside the
//! person's own journal (`preferences.json` in its folder), not in the journal and not in the
//! window's storage.
//!
//! Not in the journal, because a preference is the app's, not the journal's: it must not
//! change when the demo journal is opened (the demo sits in the same folder, so it finds the
//! same file), it must be readable while an encrypted journal is locked (the lock screen is
//! painted in it), and a journal file handed to someone else carries no appearance. Not in the
//! window's storage, because that is the web view's, lost with it and not the app's to keep.
//! Beside the journal rather than in a configuration folder of its own, so `PLUMBLINE_DB`
//! moves it with the journal (a test or a second journal never touches the person's) and it
//! sits with everything else Plumbline keeps, in the folder About shows.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::session::Session;
use super::AppError;
use crate::domain::Invalid;

/// The file's name, in the folder of the person's own journal.
pub const FILE: &str = "preferences.json";

/// The theme: the system's light or dark, or always one of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl std::str::FromStr for Theme {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s.trim() {
            "system" => Ok(Theme::System),
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            other => Err(Invalid::new(
                "theme",
                format!("{other:?} is not a theme; use system, light or dark"),
            )),
        }
    }
}

/// The app's preferences as kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// `None` until the person first chooses one (the system's is used meanwhile), so a choice
    /// an older version kept in the window can be carried over once.
    pub theme: Option<Theme>,
}

impl Preferences {
    /// The theme in use.
    pub fn theme(&self) -> Theme {
        self.theme.unwrap_or_default()
    }
}

/// Where the preferences of the journal at `journal` are kept: `preferences.json` beside it.
pub fn file_for(journal: &Path) -> PathBuf {
    journal
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FILE)
}

/// The preferences kept in `file`; the defaults when there is none yet, or when it cannot be
/// read as preferences (the next choice replaces it).
pub fn load(file: &Path) -> Preferences {
    std::fs::read(file)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Keeps `prefs` in `file` (replaced atomically, readable by the person alone).
pub fn save(file: &Path, prefs: &Preferences) -> Result<(), AppError> {
    let mut bytes = serde_json::to_vec_pretty(prefs).map_err(|e| AppError::Preferences {
        path: file.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    bytes.push(b'\n');
    crate::files::write_atomic(file, &bytes).map_err(|source| AppError::Preferences {
        path: file.to_path_buf(),
        source,
    })
}

/// The line a window runs before its page's own scripts, so its first paint already has the
/// theme: it names the theme kept (`"system"`, `"light"` or `"dark"`) as
/// `window.__PLUMBLINE_THEME__`.
pub fn first_paint_script(prefs: &Preferences) -> String {
    let name = match prefs.theme() {
        Theme::System => "system",
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    format!("window.__PLUMBLINE_THEME__ = \"{name}\";")
}

/// The preferences file of `session`: beside the person's own journal, also while the demo is
/// open.
fn file_in(session: &Session) -> Result<PathBuf, AppError> {
    session
        .own_journal_path()
        .map(|p| file_for(&p))
        .ok_or(AppError::InMemory)
}

/// The preferences `session` keeps (the defaults for a journal in memory).
pub fn preferences_in(session: &Session) -> Preferences {
    file_in(session).map(|f| load(&f)).unwrap_or_default()
}

/// Chooses the theme (`system`, `light` or `dark`) and keeps it.
pub fn set_theme_in(session: &Session, theme: &str) -> Result<Preferences, AppError> {
    let theme: Theme = theme.parse()?;
    let file = file_in(session)?;
    let mut prefs = load(&file);
    prefs.theme = Some(theme);
    save(&file, &prefs)?;
    Ok(prefs)
}

/// Carries over a theme an older version kept in the window's storage: taken only while none
/// has been chosen here, so it happens once; a value that is no theme is ignored.
pub fn carry_over_theme_in(session: &Session, theme: &str) -> Result<Preferences, AppError> {
    let file = file_in(session)?;
    let prefs = load(&file);
    match (prefs.theme, theme.parse::<Theme>()) {
        (None, Ok(theme)) => set_theme_in(session, &format!("{theme:?}").to_lowercase()),
        _ => Ok(prefs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::analysis::AnalysisState;
    use crate::app::welcome::{close_demo_in, open_demo_in};
    use crate::clock::FixedClock;
    use crate::domain::parse_instant;
    use crate::store::Store;

    fn session_in(dir: &Path) -> Session {
        let clock = FixedClock(parse_instant("2026-11-20T21:30:00+01:00").expect("instant"));
        Session::fixed(
            Store::open(&dir.join("journal.plumbline")).expect("journal"),
            clock,
        )
    }

    #[test]
    fn the_theme_is_kept_beside_the_journal_and_survives_a_new_session() {
        let dir = tempfile::tempdir().expect("dir");
        let session = session_in(dir.path());
        assert_eq!(preferences_in(&session), Preferences::default());
        assert_eq!(preferences_in(&session).theme(), Theme::System);
        let kept = set_theme_in(&session, "dark").expect("kept");
        assert_eq!(kept.theme, Some(Theme::Dark));
        let file = dir.path().join(FILE);
        assert!(file.is_file());
        #[cfg(unix)]
        assert_eq!(crate::files::mode_of(&file).expect("mode") & 0o777, 0o600);
        drop(session);
        let again = session_in(dir.path());
        assert_eq!(preferences_in(&again).theme(), Theme::Dark);
        assert_eq!(
            first_paint_script(&preferences_in(&again)),
            "window.__PLUMBLINE_THEME__ = \"dark\";"
        );
        // Refused by name; nothing changes.
        let err = set_theme_in(&again, "purple").expect_err("no such theme");
        assert!(
            matches!(err, AppError::Invalid(ref i) if i.field == "theme"),
            "{err}"
        );
        assert_eq!(preferences_in(&again).theme(), Theme::Dark);
        // A damaged file reads as the defaults and the next choice replaces it.
        std::fs::write(&file, b"{not json").expect("damaged");
        assert_eq!(preferences_in(&again), Preferences::default());
        set_theme_in(&again, "light").expect("kept");
        assert_eq!(preferences_in(&again).theme(), Theme::Light);
    }

    #[test]
    fn the_demo_journal_shows_and_keeps_the_same_theme() {
        let dir = tempfile::tempdir().expect("dir");
        let session = session_in(dir.path());
        let analysis = AnalysisState::new();
        set_theme_in(&session, "dark").expect("kept");
        open_demo_in(&session, &analysis).expect("demo");
        assert_eq!(preferences_in(&session).theme(), Theme::Dark);
        set_theme_in(&session, "light").expect("kept while the demo is open");
        close_demo_in(&session, &analysis).expect("own again");
        assert_eq!(preferences_in(&session).theme(), Theme::Light);
    }

    #[test]
    fn a_theme_kept_in_the_window_is_carried_over_once() {
        let dir = tempfile::tempdir().expect("dir");
        let session = session_in(dir.path());
        assert_eq!(
            carry_over_theme_in(&session, "bogus")
                .expect("ignored")
                .theme,
            None
        );
        let carried = carry_over_theme_in(&session, "dark").expect("carried");
        assert_eq!(carried.theme, Some(Theme::Dark));
        // Once chosen here, an older value in the window changes nothing.
        set_theme_in(&session, "system").expect("kept");
        let again = carry_over_theme_in(&session, "light").expect("not again");
        assert_eq!(again.theme, Some(Theme::System));
    }
}
