//! The Journal's changes to what was written on any day: a check-in deleted and put back, a
//! reflection edited, deleted and put back. (A check-in is edited where it is written, in
//! Today on its day; events are edited and deleted through the store's own methods.)
//!
//! Deleting returns the whole record, and undo hands that record back: it returns with its id
//! (a check-in's is its date), its provenance and every field, in one transaction that also
//! puts its words back into the search index.
//!
//! Every write of a day's entries is a method of the [`Session`] a long-running front end holds,
//! which brings the session's journal, clock and zone to it, so the desktop's commands only
//! parse and hand over; what a date or a form needs besides the store's own method is also a
//! function of the store here, tested without a session.

use super::forms::{self, CheckinForm, EventForm, ReflectionEditForm, ReflectionForm};
use super::journal_page::{self, JournalPage, SearchFilters};
use super::refusal::Refusal;
use super::session::Session;
use super::AppError;
use crate::clock::Clock;
use crate::domain::{parse_date, Checkin, Event, Invalid, Reflection};
use crate::store::{SearchHit, Store, StoreError};
use crate::zone::LocalZone;

/// Deletes the check-in of `date` (`YYYY-MM-DD`) and returns it, for undo.
pub fn delete_checkin(store: &mut Store, date: &str) -> Result<Checkin, AppError> {
    let date = parse_date(date.trim()).map_err(|reason| Invalid::new("date", reason))?;
    Ok(store.delete_checkin(date)?)
}

/// Replaces what a person sets on a reflection — its day and time (placed in `zone`), title,
/// text, mood, tags and star — validated as writing one is; the prompt it answers, its id and
/// provenance stay.
pub fn edit_reflection(
    store: &mut Store,
    id: &str,
    form: ReflectionEditForm,
    clock: &dyn Clock,
    zone: &LocalZone,
) -> Result<Reflection, AppError> {
    let written = written(store, id)?;
    let input = form.apply_to(written.input(), clock, zone)?;
    Ok(store.edit_reflection(id, input, clock)?)
}

/// Every problem of a refused reflection edit at once, each naming its field (empty when the
/// edit would be accepted), so the window can show them all.
pub fn reflection_edit_problems(
    store: &Store,
    id: &str,
    form: &ReflectionEditForm,
    clock: &dyn Clock,
    zone: &LocalZone,
) -> Result<Vec<Invalid>, AppError> {
    let written = written(store, id)?;
    Ok(form.problems(&written.input(), clock, zone))
}

fn written(store: &Store, id: &str) -> Result<Reflection, AppError> {
    Ok(store.reflection(id)?.ok_or_else(|| StoreError::NotFound {
        what: "reflection",
        id: id.to_string(),
    })?)
}

/// The day's entries, written and read on the session's journal with its clock and zone.
impl Session {
    /// Logs the event the quick-log form describes.
    pub fn log_event(&self, form: EventForm) -> Result<Event, Refusal> {
        let input = form.into_input(self.clock(), self.zone())?;
        Ok(self.store()?.log_event(input, self.clock())?)
    }

    /// Every problem of the form at once, each naming its field (empty when it would log).
    pub fn event_form_problems(&self, form: &EventForm) -> Vec<Refusal> {
        let problems = form.problems(self.clock(), self.zone());
        problems.into_iter().map(Refusal::from).collect()
    }

    /// Replaces event `id` with what the form describes.
    pub fn edit_event(&self, id: &str, form: EventForm) -> Result<Event, Refusal> {
        let input = form.into_input(self.clock(), self.zone())?;
        Ok(self.store()?.edit_event(id, input, self.clock())?)
    }

    /// Deletes event `id` and returns it, for undo.
    pub fn delete_event(&self, id: &str) -> Result<Event, Refusal> {
        Ok(self.store()?.delete_event(id)?)
    }

    /// Puts back an event [`Session::delete_event`] returned.
    pub fn restore_event(&self, event: Event) -> Result<Event, Refusal> {
        self.store()?.restore_event(&event, self.clock())?;
        Ok(event)
    }

    /// Saves the check-in of its date (replacing the one there).
    pub fn save_checkin(&self, form: CheckinForm) -> Result<Checkin, Refusal> {
        let checkin = form.into_checkin(self.clock())?;
        Ok(self.store()?.save_checkin(checkin, self.clock())?)
    }

    /// Adds a reflection (an answer to a prompt, or free).
    pub fn add_reflection(&self, form: ReflectionForm) -> Result<Reflection, Refusal> {
        let input = form.into_input(self.clock(), self.zone())?;
        Ok(self.store()?.add_reflection(input, self.clock())?)
    }

    /// Earlier values of a form field (`what`: see [`forms::suggest`]) that start with `prefix`.
    pub fn suggestions(&self, what: &str, prefix: &str) -> Result<Vec<String>, Refusal> {
        let what = forms::suggest(what)?;
        let limit = forms::SUGGESTION_LIMIT;
        Ok(self.store()?.suggestions(what, prefix.trim(), limit)?)
    }

    /// The Journal's page of days before `before` ([`journal_page::page_before`]).
    pub fn journal_page(
        &self,
        before: Option<&str>,
        days: Option<u32>,
    ) -> Result<JournalPage, Refusal> {
        Ok(journal_page::page_before(&*self.store()?, before, days)?)
    }

    /// Everything written that contains `words` ([`journal_page::search`]).
    pub fn search(&self, words: &str, filters: &SearchFilters) -> Result<Vec<SearchHit>, Refusal> {
        Ok(journal_page::search(&*self.store()?, words, filters)?)
    }

    /// [`delete_checkin`] on the session's journal.
    pub fn delete_checkin(&self, date: &str) -> Result<Checkin, Refusal> {
        Ok(delete_checkin(&mut *self.store()?, date)?)
    }

    /// Puts back a check-in [`Session::delete_checkin`] returned, unless its date has one
    /// again.
    pub fn restore_checkin(&self, checkin: &Checkin) -> Result<Checkin, Refusal> {
        Ok(self.store()?.restore_checkin(checkin, self.clock())?)
    }

    /// [`edit_reflection`] on the session's journal, in its zone.
    pub fn edit_reflection(
        &self,
        id: &str,
        form: ReflectionEditForm,
    ) -> Result<Reflection, Refusal> {
        let (clock, zone) = (self.clock(), self.zone());
        Ok(edit_reflection(&mut *self.store()?, id, form, clock, zone)?)
    }

    /// [`reflection_edit_problems`] on the session's journal, each problem naming its field.
    pub fn reflection_edit_problems(
        &self,
        id: &str,
        form: &ReflectionEditForm,
    ) -> Result<Vec<Refusal>, Refusal> {
        let (clock, zone) = (self.clock(), self.zone());
        let problems = reflection_edit_problems(&*self.store()?, id, form, clock, zone)?;
        Ok(problems.into_iter().map(Refusal::from).collect())
    }

    /// Deletes a reflection and returns it, for undo.
    pub fn delete_reflection(&self, id: &str) -> Result<Reflection, Refusal> {
        Ok(self.store()?.delete_reflection(id)?)
    }

    /// Puts back a reflection [`Session::delete_reflection`] returned, with its id, unless that
    /// id is taken again.
    pub fn restore_reflection(&self, reflection: &Reflection) -> Result<Reflection, Refusal> {
        Ok(self.store()?.restore_reflection(reflection, self.clock())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::refusal::Refusal;
    use crate::clock::FixedClock;
    use crate::domain::{parse_instant, ReflectionInput, Source};
    use crate::store::{Query, SearchQuery};

    fn clock() -> FixedClock {
        FixedClock(parse_instant("2026-11-20T22:00:00+01:00").expect("now"))
    }

    fn zone() -> LocalZone {
        LocalZone::Fixed(*clock().0.offset())
    }

    /// The edit form as the Journal fills it for `r`: every field as written.
    fn form_of(r: &Reflection) -> ReflectionEditForm {
        ReflectionEditForm {
            date: Some(r.at.date_naive().to_string()),
            time: Some(r.at.format("%H:%M").to_string()),
            title: r.title.clone(),
            text: r.text.clone(),
            mood: r.mood.map(f64::from),
            tags: r.tags.join(", "),
            starred: r.starred,
        }
    }

    fn journal() -> (Store, Checkin, Reflection) {
        let mut s = Store::open_in_memory().expect("store");
        let mut c = Checkin::new("2026-11-12".parse().expect("date"), 2);
        c.energy = Some(4);
        c.mood = Some(3);
        c.note = Some("Mixed day".into());
        c.tags = vec!["travel".into()];
        let c = s.save_checkin(c, &clock()).expect("checkin");
        let mut r = ReflectionInput::new(
            parse_instant("2026-11-12T21:00:00+01:00").expect("at"),
            "I said I'd start after one more email.",
        );
        r.prompt_id = Some("thinking.before_delay".into());
        r.title = Some("Evening".into());
        r.mood = Some(2);
        r.tags = vec!["email".into()];
        r.starred = true;
        let r = s.add_reflection(r, &clock()).expect("reflection");
        (s, c, r)
    }

    fn found(s: &Store, words: &str) -> usize {
        s.search(&SearchQuery {
            words: words.into(),
            ..SearchQuery::default()
        })
        .expect("search")
        .len()
    }

    #[test]
    fn a_deleted_checkin_comes_back_whole() {
        let (mut s, c, _) = journal();
        let deleted = delete_checkin(&mut s, " 2026-11-12 ").expect("delete");
        assert_eq!(deleted, c);
        assert_eq!(s.checkin(c.date).expect("read"), None);
        assert_eq!(found(&s, "mixed"), 0);
        assert_eq!(s.restore_checkin(&deleted, &clock()).expect("undo"), c);
        assert_eq!(s.checkin(c.date).expect("read"), Some(c));
        assert_eq!(found(&s, "mixed"), 1);
    }

    #[test]
    fn checkin_bad_paths_name_what_is_wrong_and_change_nothing() {
        let (mut s, c, _) = journal();
        let err = Refusal::from(delete_checkin(&mut s, "12/11/2026").expect_err("bad date"));
        assert_eq!(err.field.as_deref(), Some("date"), "{}", err.message);
        let err = delete_checkin(&mut s, "2026-11-13").expect_err("no check-in");
        assert!(err.to_string().contains("2026-11-13"), "{err}");

        // A snapshot with a value out of range is refused by the field's name.
        let deleted = delete_checkin(&mut s, "2026-11-12").expect("delete");
        let mut bad = deleted.clone();
        bad.energy = Some(9);
        let err = Refusal::from(s.restore_checkin(&bad, &clock()).expect_err("range"));
        assert_eq!(err.field.as_deref(), Some("energy"), "{}", err.message);
        assert_eq!(s.checkin(c.date).expect("read"), None);

        // A check-in saved for the date since is not replaced by undo.
        let mut since = Checkin::new(c.date, 5);
        since.note = Some("Saved after".into());
        let since = s.save_checkin(since, &clock()).expect("save");
        let err = s.restore_checkin(&deleted, &clock()).expect_err("taken");
        assert!(err.to_string().contains("2026-11-12"), "{err}");
        assert_eq!(s.checkin(c.date).expect("read"), Some(since));
        assert_eq!(found(&s, "mixed"), 0);
    }

    #[test]
    fn editing_a_reflection_keeps_what_the_form_does_not_show() {
        let (mut s, _, r) = journal();
        let form = ReflectionEditForm {
            title: Some(" Late evening ".into()),
            text: "  I started after one email, then a second. ".into(),
            tags: "email, #focus".into(),
            ..form_of(&r)
        };
        let edited = edit_reflection(&mut s, &r.id, form, &clock(), &zone()).expect("edit");
        assert_eq!(edited.title.as_deref(), Some("Late evening"));
        assert_eq!(edited.text, "I started after one email, then a second.");
        assert_eq!(edited.tags, vec!["email".to_string(), "focus".to_string()]);
        let kept = Reflection {
            title: edited.title.clone(),
            text: edited.text.clone(),
            tags: edited.tags.clone(),
            ..r.clone()
        };
        assert_eq!(edited, kept);
        assert_eq!(s.reflection(&r.id).expect("read"), Some(kept));
        assert_eq!(found(&s, "second"), 1);
        assert_eq!(found(&s, "more"), 0);
    }

    #[test]
    fn reflection_bad_paths_name_their_field_and_change_nothing() {
        let (mut s, _, r) = journal();
        let empty = ReflectionEditForm {
            title: Some("  ".into()),
            text: " \n ".into(),
            tags: String::new(),
            ..form_of(&r)
        };
        let err = Refusal::from(
            edit_reflection(&mut s, &r.id, empty, &clock(), &zone()).expect_err("empty"),
        );
        assert_eq!(err.field.as_deref(), Some("text"), "{}", err.message);
        let long_tag = ReflectionEditForm {
            text: "fine".into(),
            tags: "x".repeat(501),
            ..ReflectionEditForm::default()
        };
        let err = Refusal::from(
            edit_reflection(&mut s, &r.id, long_tag, &clock(), &zone()).expect_err("tag"),
        );
        assert_eq!(err.field.as_deref(), Some("tags"), "{}", err.message);
        assert_eq!(s.reflection(&r.id).expect("read"), Some(r.clone()));

        let err = edit_reflection(
            &mut s,
            "no-such-id",
            ReflectionEditForm::default(),
            &clock(),
            &zone(),
        )
        .expect_err("missing");
        assert!(err.to_string().contains("no-such-id"), "{err}");
        let err = s.delete_reflection("no-such-id").expect_err("missing");
        assert!(err.to_string().contains("no-such-id"), "{err}");

        // Undo of a reflection whose id is in the journal again changes nothing.
        let err = s.restore_reflection(&r, &clock()).expect_err("taken");
        assert!(err.to_string().contains(&r.id), "{err}");
        let deleted = s.delete_reflection(&r.id).expect("delete");
        let mut bad = deleted.clone();
        bad.mood = Some(0);
        let err = Refusal::from(s.restore_reflection(&bad, &clock()).expect_err("mood"));
        assert_eq!(err.field.as_deref(), Some("mood"), "{}", err.message);
        assert!(s.reflections(&Query::default()).expect("all").is_empty());
    }

    #[test]
    fn a_reflection_s_day_time_mood_and_star_are_edited_as_writing_one_reads_them() {
        let (mut s, _, r) = journal();
        // Left as written, the instant is kept to the second.
        let same = edit_reflection(&mut s, &r.id, form_of(&r), &clock(), &zone()).expect("same");
        assert_eq!(same, r);
        let form = ReflectionEditForm {
            date: Some("2026-11-11".into()),
            time: Some("7:30 pm".into()),
            mood: Some(4.0),
            starred: false,
            ..form_of(&r)
        };
        let edited = edit_reflection(&mut s, &r.id, form, &clock(), &zone()).expect("edit");
        assert_eq!(edited.at.to_rfc3339(), "2026-11-11T19:30:00+01:00");
        assert_eq!((edited.mood, edited.starred), (Some(4), false));
        assert_eq!(
            (&edited.text, &edited.prompt_id, &edited.tags),
            (&r.text, &r.prompt_id, &r.tags)
        );
        assert_eq!(s.reflection(&r.id).expect("read"), Some(edited.clone()));
        // A mood cleared is none; a star set is kept.
        let form = ReflectionEditForm {
            mood: None,
            starred: true,
            ..form_of(&edited)
        };
        let again = edit_reflection(&mut s, &r.id, form, &clock(), &zone()).expect("edit");
        assert_eq!((again.mood, again.starred), (None, true));
        assert_eq!(again.at, edited.at);

        // Refused as writing one is, each by its field, and nothing changes.
        for (form, field) in [
            (
                ReflectionEditForm {
                    date: Some("2026-11-21".into()),
                    ..form_of(&again)
                },
                "date",
            ),
            (
                ReflectionEditForm {
                    date: Some("11/11/2026".into()),
                    ..form_of(&again)
                },
                "date",
            ),
            (
                ReflectionEditForm {
                    time: Some("25:00".into()),
                    ..form_of(&again)
                },
                "time",
            ),
            (
                ReflectionEditForm {
                    mood: Some(6.0),
                    ..form_of(&again)
                },
                "mood",
            ),
            (
                ReflectionEditForm {
                    mood: Some(2.5),
                    ..form_of(&again)
                },
                "mood",
            ),
        ] {
            let err = Refusal::from(
                edit_reflection(&mut s, &r.id, form, &clock(), &zone()).expect_err(field),
            );
            assert_eq!(err.field.as_deref(), Some(field), "{}", err.message);
        }
        assert_eq!(s.reflection(&r.id).expect("read"), Some(again.clone()));

        // Every problem at once.
        let bad = ReflectionEditForm {
            time: Some("7 o'clock".into()),
            mood: Some(9.0),
            text: " ".into(),
            title: None,
            ..form_of(&again)
        };
        let fields: Vec<String> = reflection_edit_problems(&s, &r.id, &bad, &clock(), &zone())
            .expect("read")
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["time", "mood", "text"]);
        let fine = reflection_edit_problems(&s, &r.id, &form_of(&again), &clock(), &zone());
        assert!(fine.expect("read").is_empty());
    }

    #[test]
    fn a_deleted_reflection_comes_back_with_its_id_and_provenance() {
        let (mut s, _, r) = journal();
        // An imported reflection keeps where it came from.
        let imported = Reflection {
            id: "daylio:1".into(),
            source: Some(Source {
                app: "daylio".into(),
                file: Some("export.csv".into()),
                import_id: None,
            }),
            ..r.clone()
        };
        s.restore_reflection(&imported, &clock()).expect("add");
        for one in [r, imported] {
            let deleted = s.delete_reflection(&one.id).expect("delete");
            assert_eq!(deleted, one);
            assert_eq!(s.reflection(&one.id).expect("read"), None);
            let back = s.restore_reflection(&deleted, &clock()).expect("undo");
            assert_eq!(back, one);
            assert_eq!(s.reflection(&one.id).expect("read"), Some(one));
        }
        assert_eq!(found(&s, "email"), 2);
    }

    #[test]
    fn a_session_logs_edits_deletes_and_restores_in_its_own_zone() {
        let session = Session::fixed(Store::open_in_memory().expect("store"), clock());
        let form = EventForm {
            kind: "delayed_start".into(),
            task: "Send the proposal".into(),
            date: Some("2026-11-19".into()),
            time: Some("7:30 pm".into()),
            thought: Some("They will pick it apart".into()),
            tags: "pitch, clients".into(),
            ..EventForm::default()
        };
        let logged = session.log_event(form.clone()).expect("logged");
        // The wall-clock time is placed in the session's zone.
        assert_eq!(logged.at.to_rfc3339(), "2026-11-19T19:30:00+01:00");
        assert_eq!(
            session.suggestions("task", " sen").expect("task"),
            ["Send the proposal"]
        );
        let page = session.journal_page(None, None).expect("page");
        assert_eq!(page.days.len(), 1);
        assert_eq!(page.days[0].events, std::slice::from_ref(&logged));
        let hits = session
            .search("proposal", &SearchFilters::default())
            .expect("search");
        assert_eq!(hits.len(), 1);

        let edited = EventForm {
            task: "Send the revised proposal".into(),
            ..form
        };
        let edited = session.edit_event(&logged.id, edited).expect("edited");
        assert_eq!(
            (edited.id.as_str(), edited.task.as_str()),
            (logged.id.as_str(), "Send the revised proposal")
        );
        let deleted = session.delete_event(&logged.id).expect("deleted");
        assert!(session
            .journal_page(None, None)
            .expect("page")
            .days
            .is_empty());
        assert_eq!(
            session.restore_event(deleted.clone()).expect("back"),
            deleted
        );
        assert_eq!(
            session.journal_page(None, None).expect("page").days[0].events,
            [deleted]
        );
    }

    #[test]
    fn a_session_names_every_problem_and_writes_nothing() {
        let session = Session::fixed(Store::open_in_memory().expect("store"), clock());
        let bad = EventForm {
            kind: "napping".into(),
            task: " ".into(),
            time: Some("25:00".into()),
            ..EventForm::default()
        };
        let fields: Vec<_> = session
            .event_form_problems(&bad)
            .into_iter()
            .filter_map(|r| r.field)
            .collect();
        assert!(fields.len() >= 3, "{fields:?}");
        for field in ["kind", "task", "time"] {
            assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
        }
        assert!(session.log_event(bad).is_err());
        assert_eq!(
            session
                .edit_event("nope", EventForm::default())
                .err()
                .map(|r| r.field.is_some() || !r.message.is_empty()),
            Some(true)
        );
        assert!(session
            .suggestions("colour", "")
            .is_err_and(|r| r.field.as_deref() == Some("what")));
        assert!(session
            .delete_checkin("yesterday-ish")
            .is_err_and(|r| r.field.as_deref() == Some("date")));
        assert!(session
            .journal_page(None, None)
            .expect("page")
            .days
            .is_empty());
    }
}
