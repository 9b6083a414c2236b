//! Locking when the screen locks or the machine goes to sleep, where the platform tells.
//!
//! On Linux the desktop says so over D-Bus:
//! - the screen saver's `ActiveChanged(true)` on the session bus (`org.freedesktop.ScreenSaver`
//!   for KDE and most others, `org.gnome.ScreenSaver`, and the forks of it in MATE and
//!   Cinnamon);
//! - systemd-logind on the system bus: `PrepareForSleep(true)` before a suspend or hibernation,
//!   and `Lock` on the person's own login session (`loginctl lock-session`, and the desktops
//!   that lock through logind).
//!
//! [`watch`] listens on both buses, each from a thread of its own, and calls `lock` for every
//! signal that [`locks`] says means "lock". A bus that is not there (a headless machine, a
//! container without logind) is skipped: the idle lock and "Lock now" still work. Elsewhere
//! (macOS, Windows) nothing is watched yet.

/// A signal seen on a bus, as far as deciding goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal<'a> {
    pub interface: &'a str,
    pub member: &'a str,
    /// The object that sent it.
    pub path: &'a str,
    /// Its first argument, when that is a boolean.
    pub flag: Option<bool>,
}

/// The screen savers' interfaces whose `ActiveChanged(true)` means the screen locked.
pub const SCREEN_SAVERS: &[&str] = &[
    "org.freedesktop.ScreenSaver",
    "org.gnome.ScreenSaver",
    "org.mate.ScreenSaver",
    "org.cinnamon.ScreenSaver",
];

const LOGIN_MANAGER: &str = "org.freedesktop.login1.Manager";
const LOGIN_SESSION: &str = "org.freedesktop.login1.Session";

/// Whether `signal` means the journal should lock. `own_session` is the object path of the
/// person's login session (see [`session_path`]); a `Lock` of anyone else's session is not
/// theirs to act on.
pub fn locks(signal: &Signal<'_>, own_session: Option<&str>) -> bool {
    match (signal.interface, signal.member) {
        (i, "ActiveChanged") if SCREEN_SAVERS.contains(&i) => signal.flag == Some(true),
        (LOGIN_MANAGER, "PrepareForSleep") => signal.flag == Some(true),
        (LOGIN_SESSION, "Lock") => own_session == Some(signal.path),
        _ => false,
    }
}

/// The object path logind gives the login session `id` (`XDG_SESSION_ID`): its label escaped
/// as systemd escapes bus labels (letters kept, digits kept except first, every other byte as
/// `_` and two hex digits).
pub fn session_path(id: &str) -> Option<String> {
    if id.is_empty() {
        return None;
    }
    let mut path = String::from("/org/freedesktop/login1/session/");
    for (i, b) in id.bytes().enumerate() {
        if b.is_ascii_alphabetic() || (i > 0 && b.is_ascii_digit()) {
            path.push(char::from(b));
        } else {
            path.push_str(&format!("_{b:02x}"));
        }
    }
    Some(path)
}

/// Starts watching the session and system buses (Linux); `lock` is called from a watcher's
/// thread each time a signal means lock. Each bus is reached from its watcher's own thread, so
/// a slow or missing bus never delays the caller (the app's start). Returns how many watchers
/// were started; one whose bus cannot be reached ends at once.
#[cfg(target_os = "linux")]
pub fn watch(lock: impl Fn() + Send + Sync + 'static) -> usize {
    use std::sync::Arc;
    let lock: Arc<dyn Fn() + Send + Sync> = Arc::new(lock);
    let own_session = std::env::var("XDG_SESSION_ID")
        .ok()
        .and_then(|id| session_path(&id));
    let mut watched = 0;
    for (bus, rules) in [
        (
            Bus::Session,
            SCREEN_SAVERS
                .iter()
                .map(|i| (*i, "ActiveChanged"))
                .collect(),
        ),
        (
            Bus::System,
            vec![(LOGIN_MANAGER, "PrepareForSleep"), (LOGIN_SESSION, "Lock")],
        ),
    ] {
        if linux::listen(bus, rules, own_session.clone(), Arc::clone(&lock)) {
            watched += 1;
        }
    }
    watched
}

/// Nothing is watched on this platform yet; the idle lock and "Lock now" still work.
#[cfg(not(target_os = "linux"))]
pub fn watch(_lock: impl Fn() + Send + Sync + 'static) -> usize {
    0
}

#[cfg(target_os = "linux")]
#[derive(Debug, Clone, Copy)]
enum Bus {
    Session,
    System,
}

#[cfg(target_os = "linux")]
mod linux {
    use std::sync::Arc;
    use std::time::Duration;

    use dbus::blocking::Connection;
    use dbus::message::MatchRule;
    use dbus::Message;

    use super::{locks, Bus, Signal};

    /// From a thread of its own, connects to `bus` and calls `lock` for every signal matching
    /// one of `rules` that means lock. False when the thread could not be started.
    pub(super) fn listen(
        bus: Bus,
        rules: Vec<(&'static str, &'static str)>,
        own_session: Option<String>,
        lock: Arc<dyn Fn() + Send + Sync>,
    ) -> bool {
        std::thread::Builder::new()
            .name(format!("plumbline-{bus:?}-bus").to_lowercase())
            .spawn(move || {
                if let Some(connection) = connect(bus, rules, own_session, lock) {
                    // A bus that goes away ends the watch; the other locks still work.
                    while connection.process(Duration::from_secs(3600)).is_ok() {}
                }
            })
            .is_ok()
    }

    /// The connection to `bus` with a handler for each of `rules`; None when the bus cannot be
    /// reached or refuses a rule.
    fn connect(
        bus: Bus,
        rules: Vec<(&'static str, &'static str)>,
        own_session: Option<String>,
        lock: Arc<dyn Fn() + Send + Sync>,
    ) -> Option<Connection> {
        let connection = match bus {
            Bus::Session => Connection::new_session(),
            Bus::System => Connection::new_system(),
        };
        let Ok(connection) = connection else {
            return None;
        };
        for (interface, member) in rules {
            let own = own_session.clone();
            let lock = Arc::clone(&lock);
            let rule = MatchRule::new_signal(interface, member);
            let added = connection.add_match(rule, move |(): (), _: &Connection, m: &Message| {
                let (path, interface, member) = (m.path(), m.interface(), m.member());
                let signal = Signal {
                    interface: interface.as_deref().unwrap_or_default(),
                    member: member.as_deref().unwrap_or_default(),
                    path: path.as_deref().unwrap_or_default(),
                    flag: m.get1::<bool>(),
                };
                if locks(&signal, own.as_deref()) {
                    lock();
                }
                true
            });
            if added.is_err() {
                return None;
            }
        }
        Some(connection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal<'a>(
        interface: &'a str,
        member: &'a str,
        path: &'a str,
        flag: Option<bool>,
    ) -> Signal<'a> {
        Signal {
            interface,
            member,
            path,
            flag,
        }
    }

    #[test]
    fn a_screen_saver_turning_on_or_a_suspend_locks_and_their_ends_do_not() {
        for saver in SCREEN_SAVERS {
            assert!(locks(
                &signal(saver, "ActiveChanged", "/", Some(true)),
                None
            ));
            assert!(!locks(
                &signal(saver, "ActiveChanged", "/", Some(false)),
                None
            ));
        }
        let sleep = |flag| {
            signal(
                LOGIN_MANAGER,
                "PrepareForSleep",
                "/org/freedesktop/login1",
                flag,
            )
        };
        assert!(locks(&sleep(Some(true)), None), "going to sleep");
        assert!(!locks(&sleep(Some(false)), None), "waking up");
        assert!(!locks(&sleep(None), None), "a malformed signal");
        assert!(!locks(
            &signal("org.example.Other", "ActiveChanged", "/", Some(true)),
            None
        ));
        assert!(!locks(
            &signal(
                "org.freedesktop.ScreenSaver",
                "WakeUpScreen",
                "/",
                Some(true)
            ),
            None
        ));
    }

    #[test]
    fn only_the_person_s_own_login_session_locking_locks() {
        let own = session_path("c2").expect("path");
        assert_eq!(own, "/org/freedesktop/login1/session/c2");
        let lock = |path| signal(LOGIN_SESSION, "Lock", path, None);
        assert!(locks(&lock(&own), Some(&own)));
        assert!(!locks(
            &lock("/org/freedesktop/login1/session/c3"),
            Some(&own)
        ));
        assert!(
            !locks(&lock(&own), None),
            "no session of one's own is known"
        );
    }

    #[test]
    fn session_ids_are_escaped_as_logind_escapes_them() {
        assert_eq!(
            session_path("2").as_deref(),
            Some("/org/freedesktop/login1/session/_32")
        );
        assert_eq!(
            session_path("c12").as_deref(),
            Some("/org/freedesktop/login1/session/c12")
        );
        assert_eq!(
            session_path("a-b").as_deref(),
            Some("/org/freedesktop/login1/session/a_2db")
        );
        assert_eq!(session_path(""), None);
    }
}
