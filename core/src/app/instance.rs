//! One desktop app per journal (Linux): a second launch on the same journal hands over to the
//! running app, which brings its window forward, and exits.
//!
//! The running app owns a well-known name on the session bus, [`bus_name`], made from the
//! journal's path, so launches on other journals (a test's temporary one, say) are apps of their
//! own and never hand over to one another. A launch [`claim`]s the name before it opens the
//! journal:
//! - it gets the name: it is the first, and from then on answers the [`OPEN`] calls of later
//!   launches on a thread of its own ([`Instance`]);
//! - the name is taken: it calls [`OPEN`] on the owner with its arguments and working folder
//!   ([`Handover`]) and, once answered, exits ([`Claim::HandedOver`]);
//! - an owner that is closing answers [`CLOSING`] and gives the name up, and one that has just
//!   gone away leaves the name free: the launch asks for the name again, for a few seconds;
//! - an owner that does not answer within [`ANSWER_WAIT`] (hung), or no session bus at all: the
//!   launch starts on its own ([`Claim::Alone`]), so a stale app can never swallow every later
//!   launch.
//!
//! The bus is reached through libdbus (`dbus`), as the keyring and [`super::screen`] do. On
//! macOS and Windows the desktop shell uses Tauri's single-instance plugin instead.

use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};

/// The interface, object path and method the running app answers a later launch on.
pub const INTERFACE: &str = "app.plumbline.desktop.Instance";
pub const PATH: &str = "/app/plumbline/desktop/Instance";
pub const OPEN: &str = "Open";
/// The error a closing app answers [`OPEN`] with: the launch should start on its own.
pub const CLOSING: &str = "app.plumbline.desktop.Instance.Error.Closing";

/// How long a launch waits for the running app to answer before starting on its own.
pub const ANSWER_WAIT: Duration = Duration::from_secs(10);
/// How long a launch keeps asking for a name whose owner is closing.
pub const CLOSING_WAIT: Duration = Duration::from_secs(5);

/// The session-bus name of the app running on `journal` (its path made absolute, hashed: a
/// bus name is at most 255 letters, digits, `_`, `-` and dots); without a journal path, one
/// name for all.
pub fn bus_name(journal: Option<&Path>) -> String {
    let Some(journal) = journal else {
        return INTERFACE.to_owned();
    };
    let absolute = std::path::absolute(journal).unwrap_or_else(|_| journal.to_path_buf());
    let digest = Sha256::digest(absolute.as_os_str().as_encoded_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{INTERFACE}.j{hex}")
}

/// What a later launch hands to the running app: its command line and working folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub args: Vec<String>,
    pub cwd: String,
}

impl Handover {
    /// This process's command line and working folder (not Unicode: replaced, as lossy).
    pub fn of_this_process() -> Handover {
        Handover {
            args: std::env::args_os()
                .map(|a| a.to_string_lossy().into_owned())
                .collect(),
            cwd: std::env::current_dir()
                .map(|d| d.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }
}

/// What a launch found when it claimed its journal's name.
#[cfg(target_os = "linux")]
pub enum Claim {
    /// This launch is the app on its journal; later launches come to it.
    First(Instance),
    /// The running app took this launch over; this process should exit.
    HandedOver,
    /// This launch starts on its own, not the single app on its journal (the reason).
    Alone(String),
}

#[cfg(target_os = "linux")]
impl Claim {
    /// The instance this launch is, if it is the first; `alone` is told why not when the launch
    /// starts on its own. None too when handed over: match [`Claim::HandedOver`] first.
    pub fn first(self, alone: impl FnOnce(&str)) -> Option<Instance> {
        match self {
            Claim::First(instance) => Some(instance),
            Claim::HandedOver => None,
            Claim::Alone(why) => {
                alone(&why);
                None
            }
        }
    }
}

/// Ownership of the journal's bus name: later launches' handovers go to [`Instance::on_handover`]'s
/// callback, on the bus's own thread.
#[cfg(target_os = "linux")]
pub struct Instance {
    shared: std::sync::Arc<linux::Shared>,
}

#[cfg(target_os = "linux")]
impl Instance {
    /// Calls `f` with each later launch's handover (until then they are answered and dropped:
    /// the window is on its way anyway).
    pub fn on_handover(&self, f: impl Fn(Handover) + Send + 'static) {
        *linux::lock(&self.shared.callback) = Some(Box::new(f));
    }

    /// Stops being the app on the journal: a launch from now on is told [`CLOSING`] and starts
    /// on its own; the name is given up then, or when the process ends.
    pub fn release(&self) {
        self.shared
            .closing
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Claims the name of the app on `journal` for this launch, handing this process's arguments
/// over if another app has it (see the module's text).
#[cfg(target_os = "linux")]
pub fn claim(journal: Option<&Path>) -> Claim {
    claim_name(&bus_name(journal), &Handover::of_this_process())
}

/// Claims `name` on the session bus for a launch that would hand over `handover`.
#[cfg(target_os = "linux")]
pub fn claim_name(name: &str, handover: &Handover) -> Claim {
    linux::claim(name, handover)
}

#[cfg(target_os = "linux")]
mod linux {
    use std::sync::atomic::Ordering;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use dbus::blocking::stdintf::org_freedesktop_dbus::RequestNameReply;
    use dbus::blocking::Connection;
    use dbus::message::MatchRule;
    use dbus::Message;

    use super::{Claim, Handover, Instance, ANSWER_WAIT, CLOSING_WAIT, INTERFACE, OPEN, PATH};

    type Callback = Box<dyn Fn(Handover) + Send>;

    #[derive(Default)]
    pub(super) struct Shared {
        pub(super) callback: Mutex<Option<Callback>>,
        pub(super) closing: std::sync::atomic::AtomicBool,
    }

    pub(super) use crate::app::unpoisoned as lock;

    pub(super) fn claim(name: &str, handover: &Handover) -> Claim {
        let connection = match Connection::new_session() {
            Ok(c) => c,
            Err(e) => return Claim::Alone(format!("no session bus ({e})")),
        };
        let closing_until = Instant::now() + CLOSING_WAIT;
        loop {
            match connection.request_name(name, false, false, true) {
                Ok(RequestNameReply::PrimaryOwner | RequestNameReply::AlreadyOwner) => {
                    return serve(connection, name);
                }
                Ok(_) => {}
                Err(e) => return Claim::Alone(format!("the bus refused {name} ({e})")),
            }
            let call = super::open_message(name, handover);
            match connection
                .channel()
                .send_with_reply_and_block(call, ANSWER_WAIT)
            {
                Ok(_) => return Claim::HandedOver,
                // Closing, or gone between the two calls: the name is about to be free.
                Err(e) if super::try_again(e.name()) && Instant::now() < closing_until => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => {
                    return Claim::Alone(format!(
                        "the app running on this journal did not answer ({e})"
                    ))
                }
            }
        }
    }

    /// Answers later launches on a thread of its own, which keeps the connection (and with it
    /// the name) for the life of the process or until a closing app is called.
    fn serve(connection: Connection, name: &str) -> Claim {
        let shared = Arc::new(Shared::default());
        let serving = Arc::clone(&shared);
        let name = name.to_owned();
        let spawned = std::thread::Builder::new()
            .name("plumbline-instance".into())
            .spawn(move || {
                let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
                let ended = Arc::clone(&done);
                let rule = MatchRule::new_method_call()
                    .with_path(PATH)
                    .with_interface(INTERFACE)
                    .with_member(OPEN);
                use dbus::channel::MatchingReceiver;
                connection.start_receive(
                    rule,
                    Box::new(move |call: Message, c: &Connection| {
                        let reply = if serving.closing.load(Ordering::SeqCst) {
                            let _ = c.release_name(name.as_str());
                            ended.store(true, Ordering::SeqCst);
                            super::closing_reply(&call)
                        } else {
                            if let (Some(handover), Some(f)) = (
                                super::read_handover(&call),
                                lock(&serving.callback).as_ref(),
                            ) {
                                f(handover);
                            }
                            call.method_return()
                        };
                        let _ = dbus::channel::Sender::send(c, reply);
                        true
                    }),
                );
                while !done.load(Ordering::SeqCst)
                    && connection.process(Duration::from_secs(3600)).is_ok()
                {}
            });
        match spawned {
            Ok(_) => Claim::First(Instance { shared }),
            Err(e) => Claim::Alone(format!("no thread to answer later launches ({e})")),
        }
    }
}

/// The call a later launch makes on the app owning `name`.
#[cfg(target_os = "linux")]
pub fn open_message(name: &str, handover: &Handover) -> dbus::Message {
    dbus::Message::new_method_call(name, PATH, INTERFACE, OPEN)
        .expect("the name, path, interface and method are valid")
        .append2(&handover.args, &handover.cwd)
}

/// The handover an [`OPEN`] call carries; None when it carries something else.
#[cfg(target_os = "linux")]
pub fn read_handover(call: &dbus::Message) -> Option<Handover> {
    let (args, cwd): (Vec<String>, String) = call.read2().ok()?;
    Some(Handover { args, cwd })
}

/// A closing app's answer to `call`.
#[cfg(target_os = "linux")]
pub fn closing_reply(call: &dbus::Message) -> dbus::Message {
    call.error(
        &dbus::strings::ErrorName::from(CLOSING),
        c"the app is closing on this journal",
    )
}

/// Whether an error answer to [`OPEN`] means the name is about to be free (the owner is
/// closing or has just gone), so a launch should ask for it again.
pub fn try_again(error: Option<&str>) -> bool {
    matches!(
        error,
        Some(
            CLOSING
                | "org.freedesktop.DBus.Error.ServiceUnknown"
                | "org.freedesktop.DBus.Error.NameHasNoOwner"
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_journal_has_a_valid_name_of_its_own_and_keeps_it() {
        let a = bus_name(Some(Path::new(
            "/home/ana/.local/share/plumbline/journal.db",
        )));
        let b = bus_name(Some(Path::new("/tmp/test-1/journal.db")));
        assert_ne!(a, b, "two journals, two apps");
        assert_eq!(
            a,
            bus_name(Some(Path::new(
                "/home/ana/.local/share/plumbline/journal.db"
            )))
        );
        assert!(a.starts_with("app.plumbline.desktop.Instance.j"), "{a}");
        assert_eq!(bus_name(None), INTERFACE);
        #[cfg(target_os = "linux")]
        for name in [&a, &b] {
            assert!(dbus::strings::BusName::new(name.as_str()).is_ok(), "{name}");
        }
    }

    #[test]
    fn a_relative_journal_path_is_the_same_journal_as_its_absolute_path() {
        let here = std::env::current_dir().expect("a working folder");
        assert_eq!(
            bus_name(Some(Path::new("journal.db"))),
            bus_name(Some(&here.join("journal.db")))
        );
    }

    #[test]
    fn a_closing_or_vanished_owner_is_asked_again_and_a_silent_one_is_not() {
        assert!(try_again(Some(CLOSING)));
        assert!(try_again(Some("org.freedesktop.DBus.Error.ServiceUnknown")));
        assert!(try_again(Some("org.freedesktop.DBus.Error.NameHasNoOwner")));
        assert!(!try_again(Some("org.freedesktop.DBus.Error.NoReply")));
        assert!(!try_again(Some("org.freedesktop.DBus.Error.Timeout")));
        assert!(!try_again(None));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_handover_carries_the_launch_s_arguments_and_folder_to_the_running_app() {
        let handover = Handover {
            args: vec!["/usr/bin/plumbline-desktop".into(), "--x".into()],
            cwd: "/home/ana".into(),
        };
        let name = bus_name(Some(Path::new("/j.db")));
        let call = open_message(&name, &handover);
        assert_eq!(call.destination().as_deref(), Some(name.as_str()));
        assert_eq!(call.path().as_deref(), Some(PATH));
        assert_eq!(call.interface().as_deref(), Some(INTERFACE));
        assert_eq!(call.member().as_deref(), Some(OPEN));
        assert_eq!(read_handover(&call), Some(handover));
        let wrong = dbus::Message::new_method_call(&*name, PATH, INTERFACE, OPEN)
            .expect("valid")
            .append1(3u32);
        assert_eq!(read_handover(&wrong), None);
        let of_this = Handover::of_this_process();
        assert!(!of_this.args.is_empty() && !of_this.cwd.is_empty());
    }
}
