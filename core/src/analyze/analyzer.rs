//! The entry points ([`analyze`], [`analyze_with`], [`analyze_journal`]), the kept
//! [`Analyzer`] that reads only new rows and adds only them to its sums, and the finish that
//! turns a window's tally into the analysis.

use super::*;

/// Reads the journal from the store and analyses it, with thoughts read by markers alone.
pub fn analyze(
    store: &Store,
    opts: &AnalyzeOptions,
    clock: &dyn Clock,
) -> Result<Analysis, AnalyzeError> {
    analyze_with(store, opts, clock, Err(NO_MODEL.into()))
}

/// Reads the journal from the store, with the vectors stored for `model`'s when it is given
/// (or why not), and analyses it.
pub fn analyze_with(
    store: &Store,
    opts: &AnalyzeOptions,
    clock: &dyn Clock,
    model: Result<&crate::embed::Embedder, String>,
) -> Result<Analysis, AnalyzeError> {
    let now = clock.now();
    let (from, to) = bounds(opts, now)?;
    let mut journal = Dataset::read(store, from, Some(to))?;
    match model {
        Ok(m) => {
            semantic::attach_stored(&mut journal, m, store)?;
        }
        Err(why) => journal.vectors.unavailable = Some(why),
    }
    analyze_journal(&journal, opts, now)
}

/// The analyzer with its memory: keeps the narrow rows, the text-derived features and the
/// last window's tally between analyses, so after new events only those rows are read, only
/// their new strings and thoughts are scanned and only they are added to the sums. Edits and
/// deletes, and any write by another connection (another process), reload everything; an
/// event dated before the last one, a new day or a change to check-ins, reflections, beliefs
/// or pathways starts a new tally.
#[derive(Debug, Default)]
pub struct Analyzer {
    pub(super) journal: Dataset,
    cache: cache::Cache,
    /// Where the store stood at the last refresh.
    marks: Option<Marks>,
    /// The last window's tally, what it was built for, and whether its events were all read
    /// in time order since.
    tally: Option<Kept>,
    /// How many times a tally was started from the first event.
    tallies_started: u64,
    /// How many times the whole journal was read ([`Analyzer::reload`]).
    whole_reads: u64,
    /// The sentence model, when the front end has loaded it, or why not.
    model: TextModelState,
    /// How far the journal's vectors follow the store.
    synced: semantic::Synced,
    /// The thoughts last found without a vector.
    waiting: semantic::Waiting,
    /// Moves whenever what the analysis is made of may have changed: rows read, side records
    /// read again, a reload, another model, sums forgotten.
    generation: u64,
    /// The last analysis, for the same journal and window asked for again.
    last: Option<Last>,
}

/// An analysis and what it was made of: nothing but its `generated_at` would differ in another
/// made of the same (the window's end is a date; `now` sets only that line).
#[derive(Debug)]
struct Last {
    /// The analyzer's generation, and how many event rows and which read of the side records
    /// the journal held (a journal changed in place, as tests do, is not taken for the same).
    made_of: (u64, usize, u64),
    since: Option<NaiveDate>,
    until: NaiveDate,
    analysis: Analysis,
}

/// The `text_model` note of an analysis that was given no sentence model.
pub const NO_MODEL: &str = "no text model was given";

/// The analyzer's sentence model: loaded, or why the thoughts are read by markers alone.
#[derive(Debug, Clone)]
pub(super) enum TextModelState {
    Loaded(std::sync::Arc<crate::embed::Embedder>),
    Missing(String),
}

impl Default for TextModelState {
    fn default() -> Self {
        TextModelState::Missing(NO_MODEL.into())
    }
}

/// Where the store stood at a refresh: the largest event row read, the counts of event edits
/// and of side-record changes made through this connection, its total changes, and the data
/// version (which moves when another connection commits).
#[derive(Debug, Clone, Copy)]
pub(super) struct Marks {
    rowid: i64,
    edits: i64,
    side: i64,
    changes: u64,
    version: i64,
}

/// A whole-journal read that [`Analyzer::catch_up`] found necessary, with the store's marks at
/// that moment.
#[derive(Debug)]
#[must_use = "the journal must be read with Analyzer::reload"]
pub struct Reload {
    marks: Marks,
}

/// A tally and what it holds for: `--since` (as a day) and the beliefs, reflections and
/// pathways it was built with.
#[derive(Debug)]
pub(super) struct Kept {
    since: Option<i32>,
    /// The journal's read of the side records the tally was last found to hold for.
    side_read: u64,
    beliefs: Vec<BeliefSpec>,
    reflections: Vec<(i32, String)>,
    pathways: Vec<Pathway>,
    tally: tally::Tally,
}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// Gives the analyzer the sentence model (or says why there is none: the reason appears in
    /// the analysis' `text_model` note). A different model reads the whole journal again.
    pub fn set_model(&mut self, model: Result<std::sync::Arc<crate::embed::Embedder>, String>) {
        let same = match (&self.model, &model) {
            (TextModelState::Loaded(a), Ok(b)) => a.id() == b.id(),
            (TextModelState::Missing(a), Err(b)) => a == b,
            _ => false,
        };
        if !same {
            self.model = match model {
                Ok(m) => TextModelState::Loaded(m),
                Err(why) => TextModelState::Missing(why),
            };
            self.marks = None;
            self.generation += 1;
        }
    }

    /// The loaded sentence model, if any.
    pub fn model(&self) -> Option<&std::sync::Arc<crate::embed::Embedder>> {
        match &self.model {
            TextModelState::Loaded(m) => Some(m),
            TextModelState::Missing(_) => None,
        }
    }

    /// The texts of the remembered journal (thoughts and reflections) that have no stored
    /// vector yet: what the front end embeds and stores before the next refresh.
    pub fn texts_without_vectors(&mut self) -> Vec<String> {
        if self.model().is_none() {
            return Vec::new();
        }
        semantic::texts_without_vectors(&self.journal, &mut self.waiting)
    }

    /// Brings the remembered journal up to date with the store: reads only the new event rows,
    /// and the check-ins, reflections, beliefs, verdicts and pathways only when they changed.
    /// What follows from them is worked out by the next analysis, which needs no store.
    pub fn refresh(&mut self, store: &Store) -> Result<(), StoreError> {
        match self.catch_up(store)? {
            Some(reload) => self.reload(store, reload),
            None => Ok(()),
        }
    }

    /// The cheap part of [`Analyzer::refresh`]: appends new rows and reads changed side
    /// records, or, when the journal must be read whole (the first time, after an edit or
    /// delete, or after another process wrote), says so. [`Analyzer::reload`] then reads it,
    /// and may be given another connection to the same journal, so that whoever holds `store`
    /// need not hold it meanwhile.
    pub fn catch_up(&mut self, store: &Store) -> Result<Option<Reload>, StoreError> {
        let (edits, side) = store.analysis_edit_count()?;
        let (changes, version) = store.analysis_change_counter()?;
        let now = Marks {
            rowid: 0,
            edits,
            side,
            changes,
            version,
        };
        match self.marks {
            Some(m)
                if (m.edits, m.side, m.changes, m.version) == (edits, side, changes, version) =>
            {
                Ok(None)
            }
            // Only this connection wrote, and it edited no event: new rows are appends.
            Some(m) if m.edits == edits && m.version == version => {
                self.generation += 1;
                let max = store.analysis_max_event_rowid()?;
                if max > m.rowid && !self.journal.append_from(store, m.rowid)? {
                    // Rows before the last one moved: the tally's positions no longer hold.
                    self.tally = None;
                }
                if m.side != side {
                    self.journal.refresh_side(store)?;
                }
                if let TextModelState::Loaded(model) = &self.model {
                    semantic::sync_stored(
                        &mut self.journal,
                        model,
                        store,
                        &mut self.synced,
                        m.side != side,
                    )?;
                }
                self.marks = Some(Marks { rowid: max, ..now });
                Ok(None)
            }
            _ => {
                let max = store.analysis_max_event_rowid()?;
                // Until the reload is done, nothing remembered is trusted.
                self.marks = None;
                self.generation += 1;
                Ok(Some(Reload {
                    marks: Marks { rowid: max, ..now },
                }))
            }
        }
    }

    /// Reads the whole journal as [`Analyzer::catch_up`] asked, from `store` or from another
    /// connection to the same journal: the event rows it had then (later ones are appends for
    /// the next catch-up) and every side record. A change made meanwhile through the first
    /// connection moves its counters past the marks taken then, so the next catch-up sees it.
    pub fn reload(&mut self, store: &Store, reload: Reload) -> Result<(), StoreError> {
        self.journal = Dataset::read_upto(store, reload.marks.rowid)?;
        self.waiting = semantic::Waiting::default();
        match &self.model {
            TextModelState::Loaded(model) => {
                self.synced = semantic::attach_stored(&mut self.journal, model, store)?;
            }
            TextModelState::Missing(why) => self.journal.vectors.unavailable = Some(why.clone()),
        }
        self.cache = cache::Cache::new();
        self.tally = None;
        self.marks = Some(reload.marks);
        self.generation += 1;
        self.whole_reads += 1;
        Ok(())
    }

    /// How many times this analyzer read the whole journal (the first time, and again after
    /// an edit, a delete or another program's write).
    pub fn whole_reads(&self) -> u64 {
        self.whole_reads
    }

    /// How many times an analysis summed the window from its first event (rather than adding
    /// only the new events to the sums it kept).
    pub fn tallies_started(&self) -> u64 {
        self.tallies_started
    }

    /// Drops the kept sums, so the next analysis sums the window from its first event again
    /// (what the benchmarks time as the full analysis).
    pub fn forget_sums(&mut self) {
        self.tally = None;
        self.last = None;
    }

    /// Drops the last analysis but keeps the sums, so the next analysis finishes them again
    /// (what the benchmarks time as an analysis with nothing new).
    pub fn forget_last_analysis(&mut self) {
        self.last = None;
    }

    /// Refreshes, then analyses the remembered journal.
    pub fn analyze(
        &mut self,
        store: &Store,
        opts: &AnalyzeOptions,
        clock: &dyn Clock,
    ) -> Result<Analysis, AnalyzeError> {
        self.refresh(store)?;
        self.analyze_warm(opts, clock.now())
    }

    /// Analyses the remembered journal as of the last refresh, carrying on the last window's
    /// tally when it still holds. Nothing read since the last analysis of the same window: that
    /// analysis again, made at `now`.
    pub fn analyze_warm(
        &mut self,
        opts: &AnalyzeOptions,
        now: Instant,
    ) -> Result<Analysis, AnalyzeError> {
        let (since, until) = bounds(opts, now)?;
        let made_of = (
            self.generation,
            self.journal.events.len(),
            self.journal.side_read,
        );
        if let Some(last) = self
            .last
            .as_ref()
            .filter(|l| (l.made_of, l.since, l.until) == (made_of, since, until))
        {
            let mut a = last.analysis.clone();
            a.generated_at = format_instant(&now);
            return Ok(a);
        }
        let a = self.analyze_anew(since, until, now);
        self.last = Some(Last {
            made_of,
            since,
            until,
            analysis: a.clone(),
        });
        Ok(a)
    }

    /// [`Analyzer::analyze_warm`] when the last analysis does not hold.
    fn analyze_anew(
        &mut self,
        since: Option<NaiveDate>,
        until: NaiveDate,
        now: Instant,
    ) -> Analysis {
        // The text of new strings and thoughts is read here, not in `refresh`: the caller
        // need not hold the journal for it.
        if !self.cache.update(&self.journal) {
            self.tally = None;
        }
        let to_day = day_number(until);
        let since_day = since.map(day_number);
        let j = &self.journal;
        // Side records read again (a verdict, say) may still be the ones the tally holds for.
        let same_side = |k: &Kept| {
            k.side_read == j.side_read
                || (k.beliefs == j.beliefs
                    && k.reflections == j.reflections
                    && k.pathways == j.pathways
                    && k.tally.same_checkins(j))
        };
        let taken = self.tally.take();
        let continues = taken.as_ref().is_some_and(|k| {
            k.since == since_day && k.tally.to_day == to_day && same_side(k) && k.tally.continues(j)
        });
        // A new tally: the change points of the daily alignment depend on the window's
        // check-ins alone, so they are taken from the last tally while those are the same,
        // else found on a thread of their own while the events are summed (over years of
        // daily check-ins, PELT costs as much as all the rest of a full analysis).
        let mut alignment = None;
        let mut kept = match taken {
            Some(k) if continues => k,
            last => {
                self.tallies_started += 1;
                let from = window_start(j, since_day, to_day);
                let checkins = tally::window_checkins(j, from, to_day);
                let known: Option<Vec<Shift>> = last
                    .as_ref()
                    .and_then(|k| k.tally.alignment_shifts_for(&checkins))
                    .map(<[Shift]>::to_vec);
                let finding = (known.is_none() && checkins.len() >= PARALLEL_MIN_CHECKINS)
                    .then(|| {
                        let mine = checkins.clone();
                        std::thread::Builder::new()
                            .name("plumbline-alignment".into())
                            .spawn(move || trends::alignment_shifts(&mine))
                            .ok()
                    })
                    .flatten();
                alignment = Some((checkins, known, finding));
                Kept {
                    since: since_day,
                    side_read: j.side_read,
                    beliefs: j.beliefs.clone(),
                    reflections: j.reflections.clone(),
                    pathways: j.pathways.clone(),
                    tally: tally::Tally::new(j, &self.cache, from, to_day),
                }
            }
        };
        kept.side_read = j.side_read;
        kept.tally.extend(j, &self.cache);
        if let Some((checkins, known, finding)) = alignment {
            if let Some(shifts) = known.or_else(|| finding.map(|h| joined(h.join()))) {
                kept.tally.give_alignment_shifts(&checkins, shifts);
            }
        }
        let a = finish(j, &self.cache, &kept.tally, until, now);
        self.tally = Some(kept);
        a
    }
}

pub(super) fn bounds(
    opts: &AnalyzeOptions,
    now: Instant,
) -> Result<(Option<NaiveDate>, NaiveDate), AnalyzeError> {
    if let (Some(s), Some(u)) = (opts.since, opts.until) {
        if s > u {
            return Err(AnalyzeError::EmptyWindow { since: s, until: u });
        }
    }
    Ok((opts.since, opts.until.unwrap_or_else(|| now.date_naive())))
}

/// The window's first day: `--since`, else the first logged day up to its end.
pub(super) fn window_start(j: &Dataset, since: Option<i32>, to_day: i32) -> i32 {
    since.unwrap_or_else(|| {
        j.events
            .iter()
            .map(|e| e.day)
            .filter(|d| *d <= to_day)
            .min()
            .unwrap_or(to_day)
    })
}

/// Analyses an in-memory journal. `now` sets `generated_at` and "today" (the default end of the
/// window).
pub fn analyze_journal(
    j: &Dataset,
    opts: &AnalyzeOptions,
    now: Instant,
) -> Result<Analysis, AnalyzeError> {
    let mut c = cache::Cache::new();
    c.update(j);
    let (since, until) = bounds(opts, now)?;
    let to_day = day_number(until);
    let mut t = tally::Tally::new(
        j,
        &c,
        window_start(j, since.map(day_number), to_day),
        to_day,
    );
    t.extend(j, &c);
    Ok(finish(j, &c, &t, until, now))
}

/// The confidence model's features of every belief for an in-memory journal over its whole
/// window, with the belief ids: what the model's weights are fitted on (empty below the
/// minimum of data). Not part of the analysis.
#[doc(hidden)]
pub fn link_features(j: &Dataset, now: Instant) -> Vec<(String, beliefs::Features)> {
    let mut c = cache::Cache::new();
    c.update(j);
    let to_day = day_number(now.date_naive());
    let mut t = tally::Tally::new(j, &c, window_start(j, None, to_day), to_day);
    t.extend(j, &c);
    let view = View::new(j, &c, &t);
    let mut totals = t.totals.clone();
    totals.break_rate = None;
    if !missing(t.days.len(), &totals).is_empty() {
        return Vec::new();
    }
    let scores = beliefs::score_all(&view, &t.beliefs, None);
    let f = beliefs::Features::all(&scores, c.semantic());
    j.beliefs.iter().map(|b| b.id.clone()).zip(f).collect()
}

/// The analysis from a window's tally: the tests, intervals, rankings and change points.
pub(super) fn finish(
    j: &Dataset,
    c: &cache::Cache,
    t: &tally::Tally,
    until: NaiveDate,
    now: Instant,
) -> Analysis {
    let view = View::new(j, c, t);
    let mut totals = t.totals.clone();
    totals.break_rate = stats::rate(
        totals.breaks as u64,
        (totals.breaks + totals.completed) as u64,
    )
    .map(stats::r3);
    let days = t.days.len();
    let missing = missing(days, &totals);
    let enough = missing.is_empty();

    let found = if enough {
        patterns::find(&view, &t.patterns)
    } else {
        Vec::new()
    };
    let scores = if enough {
        beliefs::score_all(&view, &t.beliefs, None)
    } else {
        Vec::new()
    };
    let weekly = trends::weekly(&view, &t.weeks);
    let (links, top) = if enough {
        beliefs::link(&view, &t.beliefs, &found, &scores)
    } else {
        (Vec::new(), 0.0)
    };
    let mut shifts = trends::shifts(&weekly, &mut t.shift_memo().break_rate);
    shifts.extend(t.alignment_shifts().iter().cloned());
    shifts.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.series.cmp(&b.series)));
    let (layers_now, week_layers) = layers::read(&weekly, top);
    let pathway_effects = pathways::effects(&view, &t.pathways, t.swings());
    let mondays: Vec<i32> = weekly.iter().map(|w| w.monday).collect();
    let (costs, friction_hints) = costs::finish(&t.costs, t.swings(), &mondays, days, &j.strings);
    let cost_shifts = costs::shifts(&costs, &mut t.shift_memo().costs);

    let detail = Detail {
        weeks: weekly
            .iter()
            .zip(week_layers)
            .map(|(w, l)| WeekDetail {
                week: w.label.clone(),
                start: day_date(w.monday),
                breaks_by_kind: w.by_kind,
                completed: w.completed,
                by_domain: w.by_domain.clone(),
                layers: l,
            })
            .collect(),
        breaks_matched: j
            .beliefs
            .iter()
            .zip(&scores)
            .map(|(b, s)| (b.id.clone(), s.matched.len()))
            .collect(),
        pattern_rows: found
            .iter()
            .map(|f| f.events.iter().map(|&i| view.ev(i as usize).row).collect())
            .collect(),
        link_rows: links
            .iter()
            .map(|l| {
                j.beliefs
                    .iter()
                    .position(|b| b.id == l.belief_id)
                    .map(|b| scores[b].matched.iter().map(|&i| view.ev(i).row).collect())
                    .unwrap_or_default()
            })
            .collect(),
        friction_hints,
        cost_shifts,
    };

    Analysis {
        format: "plumbline-analysis".to_string(),
        version: 1,
        generated_at: format_instant(&now),
        window: Window {
            from: day_date(t.from_day.min(t.to_day)),
            to: until,
            days_logged: days,
        },
        enough_data: enough,
        missing,
        totals,
        patterns: found.into_iter().map(|f| f.pattern).collect(),
        beliefs: links,
        layers: layers_now,
        costs,
        trend: weekly.iter().map(trends::Week::public).collect(),
        shifts,
        pathways: pathway_effects,
        text_model: text_model(j, c),
        detail,
    }
}

/// Which text model read the thoughts, and why not the sentence model when it did not.
pub(super) fn text_model(j: &Dataset, c: &cache::Cache) -> TextModel {
    if c.semantic() {
        let (with, all) = (j.vectors.thoughts_with_vectors(), j.thoughts.len());
        let model = j
            .vectors
            .prototypes
            .as_ref()
            .map_or("", |p| p.model.as_str());
        let note = if with >= all {
            format!("thoughts read by the sentence model {model}")
        } else {
            format!(
                "thoughts read by the sentence model {model}; {} of {all} not read yet, so markers stand in for them",
                all - with
            )
        };
        TextModel {
            kind: TextModelKind::Embedding,
            note,
        }
    } else {
        TextModel {
            kind: TextModelKind::Markers,
            note: j.vectors.unavailable.clone().unwrap_or_else(|| {
                "the sentence model is not available, so thoughts are read by the belief markers alone".to_string()
            }),
        }
    }
}

/// A scoped thread's result; its panic (only a bug can get there) goes on in the caller.
/// Below this many check-ins in the window, the alignment's change points are found in line:
/// a thread would cost more than it saves.
const PARALLEL_MIN_CHECKINS: usize = 365;

pub(super) fn joined<T>(r: std::thread::Result<T>) -> T {
    r.unwrap_or_else(|p| std::panic::resume_unwind(p))
}

pub(super) fn unit(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// What is lacking before anything can be claimed, in plain words.
pub(super) fn missing(days: usize, t: &Totals) -> Vec<String> {
    let mut out = Vec::new();
    if days < MIN_DAYS {
        let n = MIN_DAYS - days;
        out.push(format!(
            "log {n} more {} (you have {days} of the {MIN_DAYS} logged days needed)",
            unit(n, "day", "days")
        ));
    }
    if t.events < MIN_EVENTS {
        let n = MIN_EVENTS - t.events;
        out.push(format!(
            "log {n} more {} (you have {} of the {MIN_EVENTS} needed)",
            unit(n, "event", "events"),
            t.events
        ));
    }
    if t.completed == 0 {
        out.push(
            "no completed tasks yet: log what went well too, so break rates mean something"
                .to_string(),
        );
    } else if t.completed < MIN_COMPLETIONS {
        let n = MIN_COMPLETIONS - t.completed;
        out.push(format!(
            "log {n} more completed {}: what went well counts as much as what broke",
            unit(n, "task", "tasks")
        ));
    }
    if t.breaks == 0 {
        out.push(
            "no breaks logged yet: log delayed starts, unfinished, avoided or switched work when it happens"
                .to_string(),
        );
    } else if t.breaks < MIN_BREAKS {
        let n = MIN_BREAKS - t.breaks;
        out.push(format!(
            "log {n} more {} (delayed starts, unfinished, avoided or switched work) when they happen",
            unit(n, "break", "breaks")
        ));
    }
    out
}
