//! The desktop's notifications on Linux, through the Desktop Notifications Specification on the
//! session bus (`org.freedesktop.Notifications`), over libdbus (`dbus`) as the keyring and
//! [`super::screen`] use; on macOS and Windows the desktop shell uses Tauri's notification
//! plugin instead.
//!
//! A [`Notifier`] keeps one connection to the bus, on a thread of its own, for the life of the
//! app, and sends every notification on it: some servers (GNOME's) take a notification down once
//! the connection that sent it goes away, and some (dunst) report a click only to that
//! connection. Each notification offers the spec's [`CLICK`] action, which is how a click on
//! the notification itself is reported (`ActionInvoked`); a click on one this app showed and
//! the server still shows calls the notifier's `on_click`. As libdbus lets only one thread at a
//! time wait on a connection, other threads hand a notification to that thread with a call
//! ([`SHOW`]) over a second connection, which only ever sends.
//!
//! Notifications need no permission on Linux: [`permission`] answers from whether a server is
//! there (running or startable by the bus) — granted if so, unknown if not, and never denied,
//! so the reminders still go out should a server come later.

use std::collections::HashSet;

use super::timer::Permission;

/// The notification server's bus name, object path and interface.
pub const SERVER: &str = "org.freedesktop.Notifications";
pub const SERVER_PATH: &str = "/org/freedesktop/Notifications";
/// The action by which the server reports a click on the notification itself.
pub const CLICK: &str = "default";
/// How long the server may take to take a notification.
pub const SERVER_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The notifier's own object, interface and method, on which another thread hands it a
/// notification to send (summary, body).
pub const SHOW_PATH: &str = "/app/plumbline/desktop/Notifier";
pub const SHOW_INTERFACE: &str = "app.plumbline.desktop.Notifier";
pub const SHOW: &str = "Show";

/// A notification as the server gets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The sending app's name (the program's file name, as before).
    pub app_name: String,
    /// An icon name from the icon theme (the program's file name, the name its icons are
    /// installed under).
    pub icon: String,
    pub summary: String,
    pub body: String,
}

impl Notice {
    /// A notice from this program with `summary` and `body`.
    pub fn new(summary: &str, body: &str) -> Notice {
        let program = std::env::current_exe()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "plumbline-desktop".to_owned());
        Notice {
            app_name: program.clone(),
            icon: program,
            summary: summary.to_owned(),
            body: body.to_owned(),
        }
    }
}

/// A signal of the notification server, as far as this app cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerSignal<'a> {
    /// `ActionInvoked(id, action)`.
    Action(u32, &'a str),
    /// `NotificationClosed(id, reason)`.
    Closed(u32),
}

/// The notifications this app has shown that the server still shows.
#[derive(Debug, Default)]
pub struct Shown(HashSet<u32>);

impl Shown {
    /// The server took a notification under `id`.
    pub fn shown(&mut self, id: u32) {
        self.0.insert(id);
    }

    /// Takes in a signal; whether it is a click on one of this app's notifications. A closed
    /// one is forgotten; other apps' notifications are not this app's business.
    pub fn clicked(&mut self, signal: ServerSignal<'_>) -> bool {
        match signal {
            ServerSignal::Action(id, action) => action == CLICK && self.0.contains(&id),
            ServerSignal::Closed(id) => {
                self.0.remove(&id);
                false
            }
        }
    }
}

/// Notifications' "permission" on Linux: whether a server is there, running (`running`) or
/// startable by the bus (`startable`).
pub fn permission(running: bool, startable: bool) -> Permission {
    if running || startable {
        Permission::Granted
    } else {
        Permission::Unknown
    }
}

/// Why a notification could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// The session bus could not be reached.
    #[error("no session bus ({0})")]
    NoBus(String),
    /// The server (or the bus in its place) refused the notification.
    #[error("the notification server refused it ({0})")]
    Refused(String),
}

/// The server's `Notify` call for `notice`: no notification replaced, the [`CLICK`] action, no
/// hints, the server's own timeout.
#[cfg(target_os = "linux")]
pub fn notify_message(notice: &Notice) -> dbus::Message {
    let actions = vec![CLICK.to_owned(), String::new()];
    let hints = dbus::arg::PropMap::new();
    dbus::Message::new_method_call(SERVER, SERVER_PATH, SERVER, "Notify")
        .expect("the server's name, path, interface and method are valid")
        .append3(&notice.app_name, 0u32, &notice.icon)
        .append3(&notice.summary, &notice.body, actions)
        .append2(hints, -1i32)
}

/// The server's signal in `message`, if it is one this app reads.
#[cfg(target_os = "linux")]
pub fn read_signal(message: &dbus::Message) -> Option<ServerSignal<'_>> {
    if message.interface().as_deref() != Some(SERVER) {
        return None;
    }
    match message.member().as_deref() {
        Some("ActionInvoked") => {
            let (id, action): (u32, &str) = message.read2().ok()?;
            Some(ServerSignal::Action(id, action))
        }
        Some("NotificationClosed") => Some(ServerSignal::Closed(message.read1().ok()?)),
        _ => None,
    }
}

/// The app's notifications (Linux): see the module's text.
#[cfg(target_os = "linux")]
pub struct Notifier {
    shared: std::sync::Arc<linux::Shared>,
}

#[cfg(target_os = "linux")]
impl Notifier {
    /// Starts the notifications' thread: `on_click` is called (from that thread) on every click
    /// on a notification this app showed, and `on_permission` once with the answer of
    /// [`permission`]. The caller is never kept waiting on the bus.
    pub fn start(
        on_click: impl Fn() + Send + 'static,
        on_permission: impl FnOnce(Permission) + Send + 'static,
    ) -> Notifier {
        Notifier {
            shared: linux::start(on_click, on_permission),
        }
    }

    /// Shows a notification with `summary` and `body`, returning once the server took it.
    pub fn show(&self, summary: &str, body: &str) -> Result<(), NotifyError> {
        linux::show(&self.shared, &Notice::new(summary, body))
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use std::ffi::CString;

    use dbus::blocking::Connection;
    use dbus::channel::MatchingReceiver;
    use dbus::message::MatchRule;
    use dbus::strings::ErrorName;
    use dbus::Message;

    use super::{
        notify_message, permission, read_signal, Notice, NotifyError, Permission, Shown, SERVER,
        SERVER_WAIT, SHOW, SHOW_INTERFACE, SHOW_PATH,
    };

    #[derive(Default)]
    pub(super) struct Shared {
        /// The notifications' thread's connection name, once it is up.
        worker: Mutex<Option<String>>,
        /// The connection other threads send on, and its name (the only sender the thread
        /// takes a [`SHOW`] from).
        sender: Mutex<Option<Connection>>,
        sender_name: Mutex<Option<String>>,
    }

    use crate::app::unpoisoned as lock;

    pub(super) fn start(
        on_click: impl Fn() + Send + 'static,
        on_permission: impl FnOnce(Permission) + Send + 'static,
    ) -> Arc<Shared> {
        let shared = Arc::new(Shared::default());
        let mine = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("plumbline-notifications".into())
            .spawn(move || match connect(&mine, on_click) {
                Some(connection) => {
                    let dbus = connection.with_proxy(
                        "org.freedesktop.DBus",
                        "/org/freedesktop/DBus",
                        SERVER_WAIT,
                    );
                    let ask = "org.freedesktop.DBus";
                    let running = dbus
                        .method_call(ask, "NameHasOwner", (SERVER,))
                        .is_ok_and(|(has,): (bool,)| has);
                    let startable = dbus
                        .method_call(ask, "ListActivatableNames", ())
                        .is_ok_and(|(names,): (Vec<String>,)| names.iter().any(|n| n == SERVER));
                    on_permission(permission(running, startable));
                    while connection.process(Duration::from_secs(3600)).is_ok() {}
                }
                None => on_permission(Permission::Unknown),
            });
        // Without the thread, notifications go straight to the server, without their click.
        drop(spawned);
        shared
    }

    /// The notifications' connection: the server's signals read, [`SHOW`] answered.
    fn connect(shared: &Arc<Shared>, on_click: impl Fn() + Send + 'static) -> Option<Connection> {
        let connection = Connection::new_session().ok()?;
        let shown = Arc::new(Mutex::new(Shown::default()));
        let signals = Arc::clone(&shown);
        let clicks = MatchRule::new_signal(SERVER, "ActionInvoked");
        let on_action = move |(): (), _: &Connection, m: &Message| {
            if read_signal(m).is_some_and(|s| lock(&signals).clicked(s)) {
                on_click();
            }
            true
        };
        connection.add_match(clicks, on_action).ok()?;
        let signals = Arc::clone(&shown);
        let closes = MatchRule::new_signal(SERVER, "NotificationClosed");
        let on_close = move |(): (), _: &Connection, m: &Message| {
            if let Some(s) = read_signal(m) {
                lock(&signals).clicked(s);
            }
            true
        };
        connection.add_match(closes, on_close).ok()?;
        let senders = Arc::clone(shared);
        let shows = MatchRule::new_method_call()
            .with_path(SHOW_PATH)
            .with_interface(SHOW_INTERFACE)
            .with_member(SHOW);
        connection.start_receive(
            shows,
            Box::new(move |call: Message, c: &Connection| {
                let _ = c.channel().send(answer(&senders, &shown, &call, c));
                true
            }),
        );
        *lock(&shared.worker) = Some(connection.unique_name().to_string());
        Some(connection)
    }

    /// Sends the notification a [`SHOW`] call carries, from the app's own sending connection
    /// only, and remembers its server id; the answer to the call.
    fn answer(shared: &Shared, shown: &Mutex<Shown>, call: &Message, c: &Connection) -> Message {
        let ours = lock(&shared.sender_name).clone();
        let from_us = ours.is_some() && call.sender().as_deref() == ours.as_deref();
        let carried: Option<(&str, &str)> = call.read2().ok();
        let (true, Some((summary, body))) = (from_us, carried) else {
            let denied = ErrorName::from("org.freedesktop.DBus.Error.AccessDenied");
            return call.error(&denied, c"only the app itself sends its notifications");
        };
        let notify = notify_message(&Notice::new(summary, body));
        match c.channel().send_with_reply_and_block(notify, SERVER_WAIT) {
            Ok(reply) => {
                if let Ok(id) = reply.read1::<u32>() {
                    lock(shown).shown(id);
                }
                call.method_return()
            }
            Err(e) => {
                let name = ErrorName::from(e.name().unwrap_or("org.freedesktop.DBus.Error.Failed"));
                let text = CString::new(e.message().unwrap_or_default()).unwrap_or_default();
                call.error(&name, &text)
            }
        }
    }

    pub(super) fn show(shared: &Shared, notice: &Notice) -> Result<(), NotifyError> {
        let worker = lock(&shared.worker).clone();
        let mut sender = lock(&shared.sender);
        if sender.is_none() {
            let connection =
                Connection::new_session().map_err(|e| NotifyError::NoBus(e.to_string()))?;
            *lock(&shared.sender_name) = Some(connection.unique_name().to_string());
            *sender = Some(connection);
        }
        let connection = sender.as_ref().expect("connected above");
        // Through the notifications' thread, so a click comes back; straight to the server
        // while that thread is not up (the click is lost then, the notification is not).
        let call = match worker {
            Some(worker) => Message::new_method_call(worker, SHOW_PATH, SHOW_INTERFACE, SHOW)
                .map_err(NotifyError::Refused)?
                .append2(&notice.summary, &notice.body),
            None => notify_message(notice),
        };
        connection
            .channel()
            .send_with_reply_and_block(call, SERVER_WAIT * 2)
            .map(drop)
            .map_err(|e| NotifyError::Refused(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_click_on_a_notification_this_app_still_shows_opens_it() {
        let mut shown = Shown::default();
        shown.shown(7);
        assert!(shown.clicked(ServerSignal::Action(7, CLICK)));
        assert!(
            shown.clicked(ServerSignal::Action(7, CLICK)),
            "the server may keep showing it after a click"
        );
        assert!(
            !shown.clicked(ServerSignal::Action(8, CLICK)),
            "another app's notification"
        );
        assert!(
            !shown.clicked(ServerSignal::Action(7, "snooze")),
            "an action this app never offered"
        );
        assert!(!shown.clicked(ServerSignal::Closed(7)));
        assert!(
            !shown.clicked(ServerSignal::Action(7, CLICK)),
            "closed, and its id may go to another app's notification"
        );
    }

    #[test]
    fn notifications_are_granted_where_a_server_is_there_and_never_denied() {
        assert_eq!(permission(true, false), Permission::Granted);
        assert_eq!(permission(false, true), Permission::Granted);
        assert_eq!(permission(false, false), Permission::Unknown);
    }

    #[test]
    fn a_notice_comes_from_this_program() {
        let n = Notice::new("Check-in", "How was the morning?");
        let program = std::env::current_exe().expect("the test's program");
        let program = program.file_name().expect("a file name").to_string_lossy();
        assert_eq!(n.app_name, program);
        assert_eq!(n.icon, program);
        assert_eq!(
            (n.summary.as_str(), n.body.as_str()),
            ("Check-in", "How was the morning?")
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_notify_call_carries_the_words_the_click_action_and_the_server_s_timeout() {
        let notice = Notice {
            app_name: "plumbline-desktop".into(),
            icon: "plumbline-desktop".into(),
            summary: "Plumbline".into(),
            body: "Time for your check-in".into(),
        };
        let call = notify_message(&notice);
        assert_eq!(call.destination().as_deref(), Some(SERVER));
        assert_eq!(call.path().as_deref(), Some(SERVER_PATH));
        assert_eq!(call.interface().as_deref(), Some(SERVER));
        assert_eq!(call.member().as_deref(), Some("Notify"));
        type Args = (
            String,
            u32,
            String,
            String,
            String,
            Vec<String>,
            dbus::arg::PropMap,
            i32,
        );
        let (app, replaces, icon, summary, body, actions, hints, timeout): Args =
            call.read_all().expect("the spec's eight arguments");
        assert_eq!(
            (app.as_str(), icon.as_str()),
            ("plumbline-desktop", "plumbline-desktop")
        );
        assert_eq!(replaces, 0, "a new notification, replacing none");
        assert_eq!(
            (summary.as_str(), body.as_str()),
            ("Plumbline", "Time for your check-in")
        );
        assert_eq!(actions, [CLICK, ""], "the click on the notification itself");
        assert!(hints.is_empty());
        assert_eq!(timeout, -1, "the server's own timeout");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_server_s_signals_are_read_and_others_ignored() {
        let signal = |member: &str| {
            dbus::Message::new_signal(SERVER_PATH, SERVER, member).expect("a valid signal")
        };
        let action = signal("ActionInvoked").append2(7u32, CLICK);
        assert_eq!(read_signal(&action), Some(ServerSignal::Action(7, CLICK)));
        let closed = signal("NotificationClosed").append2(7u32, 2u32);
        assert_eq!(read_signal(&closed), Some(ServerSignal::Closed(7)));
        let malformed = signal("ActionInvoked").append1("7");
        assert_eq!(read_signal(&malformed), None);
        assert_eq!(
            read_signal(&signal("ActivationToken").append2(7u32, "t")),
            None
        );
        let elsewhere =
            dbus::Message::new_signal(SERVER_PATH, "org.example.Other", "ActionInvoked")
                .expect("a valid signal")
                .append2(7u32, CLICK);
        assert_eq!(read_signal(&elsewhere), None);
    }
}
