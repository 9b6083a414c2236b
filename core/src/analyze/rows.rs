//! The narrow rows the analyzer works on: one compact event per row ([`Ev`]) with strings
//! interned ([`Interner`], [`Thoughts`]), the beliefs as the analyzer uses them
//! ([`BeliefSpec`]), the whole [`Dataset`] read from the store's rows, and day numbers.

use super::*;

/// Marker for "no value" in interned fields.
pub const NONE: u32 = u32::MAX;

/// One event as the analyzer sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ev {
    pub at_utc: i64,
    /// Local calendar day, days since 1970-01-01.
    pub day: i32,
    /// Local minute of the day, 0–1439.
    pub minute: u16,
    pub kind: Kind,
    /// Interned normalised task.
    pub task: u32,
    pub domain: u32,
    pub emotion: u32,
    /// 1–5, 0 = not given.
    pub friction: u8,
    /// 0.0–1.0, negative = not given.
    pub progress: f32,
    /// Minutes, [`NONE`] = not given.
    pub delay: u32,
    tags_start: u32,
    tags_len: u16,
    /// Index into [`Dataset::thoughts`], [`NONE`] = no thought.
    pub thought: u32,
    /// The event's row in the store (its position, for journals built in memory).
    pub row: i64,
}

/// Interned strings (tasks, domains, emotions and tags share one table).
#[derive(Debug, Clone, Default)]
pub struct Interner {
    ids: HashMap<String, u32>,
    strings: Vec<String>,
    /// Text as written → id of its normalised form, so repeated spellings skip normalising.
    raw: HashMap<String, u32>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.strings.len()).unwrap_or(NONE - 1);
        self.strings.push(s.to_string());
        self.ids.insert(s.to_string(), id);
        id
    }
    /// Interns the normalised form of `s` (see [`normalise`]).
    pub fn intern_normalised(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.raw.get(s) {
            return id;
        }
        let id = self.intern(&normalise(s));
        self.raw.insert(s.to_string(), id);
        id
    }

    pub fn get(&self, id: u32) -> &str {
        self.strings.get(id as usize).map_or("", String::as_str)
    }
    pub fn len(&self) -> usize {
        self.strings.len()
    }
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}

/// Distinct texts, each kept once: one arena of text, and a map from a text's hash to its id
/// (the text itself is compared on a hit, and the rare texts whose hash another text already
/// has go to an exact map).
#[derive(Debug, Clone, Default)]
pub struct Thoughts {
    text: String,
    /// End of each text in `text` (its start is the previous one's end).
    ends: Vec<u32>,
    pub(super) by_hash: HashMap<u64, u32>,
    collided: HashMap<String, u32>,
}

impl Thoughts {
    pub(super) fn hash(t: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        t.hash(&mut h);
        h.finish()
    }

    /// The id of `t`, added if new.
    pub fn intern(&mut self, t: &str) -> u32 {
        let h = Self::hash(t);
        match self.by_hash.get(&h) {
            Some(&id) if self.get(id) == t => return id,
            Some(_) => {
                if let Some(&id) = self.collided.get(t) {
                    return id;
                }
            }
            None => {}
        }
        let id = u32::try_from(self.ends.len()).unwrap_or(NONE - 1);
        self.text.push_str(t);
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        match self.by_hash.entry(h) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(id);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collided.insert(t.to_string(), id);
            }
        }
        id
    }

    /// The id of `t`, if it was interned.
    pub fn find(&self, t: &str) -> Option<u32> {
        match self.by_hash.get(&Self::hash(t)) {
            Some(&id) if self.get(id) == t => Some(id),
            Some(_) => self.collided.get(t).copied(),
            None => None,
        }
    }

    /// The text of an id ("" for an unknown one).
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start as usize..end as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// What the behavioural signature of a belief points at (owned copy of the catalog's).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignatureSpec {
    pub task_keywords: Vec<String>,
    pub kinds: Vec<Kind>,
    pub after_wins: bool,
    pub high_progress_unfinished: bool,
    pub recurring: bool,
    pub set_by_others: bool,
    pub high_stakes: bool,
}

/// A belief as the analyzer uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct BeliefSpec {
    pub id: String,
    pub markers: Vec<String>,
    pub signature: SignatureSpec,
    /// The belief's statement and description (prototypes of the text model).
    pub statement: String,
    pub description: String,
}

pub use crate::store::RowIn;

/// Everything the analyzer reads — its dataset, built from the rows the store hands out, not
/// the journal file or the store itself: narrow event rows, check-ins, reflections, beliefs,
/// verdicts and pathways.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub events: Vec<Ev>,
    pub strings: Interner,
    tag_ids: Vec<u32>,
    /// Distinct thoughts (events share an index when they share the words).
    pub thoughts: Thoughts,
    /// (day, alignment), any order.
    pub checkins: Vec<(i32, u8)>,
    /// (day, mood, energy) of the same check-ins, 0 = not given, any order.
    pub moods: Vec<(i32, u8, u8)>,
    /// (day, text).
    pub reflections: Vec<(i32, String)>,
    pub beliefs: Vec<BeliefSpec>,
    /// Verdicts with the breaks matched when they were given.
    pub verdicts: Vec<(Verdict, Option<u32>)>,
    pub pathways: Vec<Pathway>,
    /// Sentence vectors of thoughts and reflections and the prototypes to read them against,
    /// when the text model is available.
    pub vectors: semantic::Vectors,
    /// Which read of the check-ins, reflections, beliefs, verdicts and pathways these are:
    /// unique in the process, so the same number means the same records.
    pub(super) side_read: u64,
}

pub use crate::domain::normalise;

/// Days since 1970-01-01 of a date.
pub fn day_number(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch");
    i32::try_from((d - epoch).num_days()).unwrap_or(0)
}

/// The date of a day number.
pub fn day_date(day: i32) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch");
    epoch + chrono::Duration::days(i64::from(day))
}

/// Monday-based week index (weeks since the Monday before 1970-01-01).
pub fn week_of(day: i32) -> i32 {
    (day + 3).div_euclid(7)
}

/// 0 = Monday … 6 = Sunday.
pub fn weekday_of(day: i32) -> usize {
    (day + 3).rem_euclid(7) as usize
}

impl EventRows for Dataset {
    fn push_event(&mut self, row: RowIn<'_>) {
        Dataset::push_event(self, row);
    }
    fn push_tag(&mut self, tag: &str) {
        Dataset::push_tag(self, tag);
    }
    fn set_last_row(&mut self, row: i64) {
        Dataset::set_last_row(self, row);
    }
}

impl Dataset {
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything the analyzer needs for events dated `since..=until` (local days; `None` =
    /// unbounded), read from the store, in time order.
    pub fn read(
        store: &Store,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Dataset, StoreError> {
        let mut j = Dataset::new();
        store.analysis_events(since, until, &mut j)?;
        j.sort();
        j.set_side(store.analysis_side(since, until)?);
        Ok(j)
    }

    /// Everything the analyzer needs, for event rows up to `max_rowid` (later rows are read
    /// as appends), in time order.
    pub fn read_upto(store: &Store, max_rowid: i64) -> Result<Dataset, StoreError> {
        let mut j = Dataset::new();
        store.analysis_events_upto(max_rowid, &mut j)?;
        j.sort();
        j.set_side(store.analysis_side(None, None)?);
        Ok(j)
    }

    /// Appends the events inserted after row `after_rowid` (kept in time order). Returns true
    /// when they all came at or after the last event held, so every earlier event kept its
    /// position.
    pub fn append_from(&mut self, store: &Store, after_rowid: i64) -> Result<bool, StoreError> {
        let (held, last) = (self.events.len(), self.events.last().map(|e| e.at_utc));
        store.analysis_events_after(after_rowid, self)?;
        let in_order = last.is_none_or(|at| self.events[held..].iter().all(|e| e.at_utc >= at));
        // The events held are in order: only the new ones need looking at.
        if !in_order || !sorted(&self.events[held..]) {
            self.sort();
        }
        Ok(in_order)
    }

    /// Replaces the check-ins, reflections, beliefs, verdicts and pathways with the journal's
    /// current ones (all dates).
    pub fn refresh_side(&mut self, store: &Store) -> Result<(), StoreError> {
        self.set_side(store.analysis_side(None, None)?);
        Ok(())
    }

    fn set_side(&mut self, side: SideRecords) {
        static READS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        self.side_read = READS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.checkins = side.checkins;
        self.moods = side.moods;
        self.reflections = side.reflections;
        self.beliefs = belief_specs(&side.beliefs);
        self.verdicts = side.verdicts;
        self.pathways = side.pathways;
    }

    /// Adds one event row; tags are added with [`Dataset::push_tag`] right after.
    pub fn push_event(&mut self, r: RowIn<'_>) {
        let task = self.strings.intern(&normalise(r.task));
        let domain = r
            .domain
            .map_or(NONE, |d| self.strings.intern(&normalise(d)));
        let emotion = r
            .emotion
            .map_or(NONE, |e| self.strings.intern(&normalise(e)));
        let thought = match r.thought.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => self.thoughts.intern(t),
            None => NONE,
        };
        self.events.push(Ev {
            at_utc: r.at_utc,
            day: r.day,
            minute: r.minute.min(1439),
            kind: r.kind,
            task,
            domain,
            emotion,
            friction: r.friction.filter(|f| (1..=5).contains(f)).unwrap_or(0),
            progress: r.progress.map_or(-1.0, |p| p.clamp(0.0, 1.0) as f32),
            delay: r.delay.unwrap_or(NONE),
            tags_start: u32::try_from(self.tag_ids.len()).unwrap_or(0),
            tags_len: 0,
            thought,
            row: self.events.len() as i64 + 1,
        });
    }

    /// Sets the store row of the event pushed last.
    pub fn set_last_row(&mut self, row: i64) {
        if let Some(last) = self.events.last_mut() {
            last.row = row;
        }
    }

    /// Adds a tag to the event pushed last.
    pub fn push_tag(&mut self, tag: &str) {
        if tag.trim().is_empty() {
            return;
        }
        let id = self.strings.intern_normalised(tag);
        if let Some(last) = self.events.last_mut() {
            let start = last.tags_start as usize;
            if self.tag_ids[start..].contains(&id) {
                return;
            }
            self.tag_ids.push(id);
            last.tags_len = last.tags_len.saturating_add(1);
        }
    }

    /// Adds a domain event (tests, the demo and imports build journals this way).
    pub fn push(&mut self, e: &Event) {
        let at = e.at;
        let delay = e.input().effective_delay();
        self.push_event(RowIn {
            at_utc: at.timestamp(),
            day: day_number(at.date_naive()),
            minute: u16::try_from(at.hour() * 60 + at.minute()).unwrap_or(0),
            kind: e.kind,
            task: &e.task,
            domain: e.domain.as_deref(),
            emotion: e.emotion.as_deref(),
            friction: e.friction,
            progress: e.progress,
            delay,
            thought: e.thought.as_deref(),
        });
        for t in &e.tags {
            self.push_tag(t);
        }
    }

    /// The event's tags (interned ids).
    pub fn tags(&self, e: &Ev) -> &[u32] {
        let s = e.tags_start as usize;
        &self.tag_ids[s..s + e.tags_len as usize]
    }

    pub fn thought(&self, e: &Ev) -> Option<&str> {
        (e.thought != NONE).then(|| self.thoughts.get(e.thought))
    }

    /// Sorts events by time (stable), as the sequence slices need.
    pub fn sort(&mut self) {
        if !sorted(&self.events) {
            self.events.sort_by_key(|e| e.at_utc);
        }
    }
}

/// Whether `events` are in time order.
pub(super) fn sorted(events: &[Ev]) -> bool {
    events.windows(2).all(|w| w[0].at_utc <= w[1].at_utc)
}

/// The belief specs for the store's beliefs: catalog signatures, custom markers.
pub fn belief_specs(beliefs: &[crate::domain::Belief]) -> Vec<BeliefSpec> {
    beliefs
        .iter()
        .map(|b| {
            let signature = match crate::catalog::signature(&b.id) {
                Some(s) => SignatureSpec {
                    task_keywords: s.task_keywords.iter().map(|k| (*k).to_string()).collect(),
                    kinds: s.kinds.to_vec(),
                    after_wins: s.after_wins,
                    high_progress_unfinished: s.high_progress_unfinished,
                    recurring: s.recurring,
                    set_by_others: s.set_by_others,
                    high_stakes: s.high_stakes,
                },
                // A custom belief's markers also name the work it shows up on.
                None => SignatureSpec {
                    task_keywords: b.markers.clone(),
                    ..SignatureSpec::default()
                },
            };
            BeliefSpec {
                id: b.id.clone(),
                markers: b.markers.clone(),
                signature,
                statement: b.statement.clone(),
                description: b.description.clone(),
            }
        })
        .collect()
}

/// The ISO week label ("2026-W47") of a day number.
pub fn iso_week_label(day: i32) -> String {
    let w = day_date(day).iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}
