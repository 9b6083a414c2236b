//! Writing a journal file: every record of the journal as format version 1, pretty-printed,
//! every field present (null when empty) and the collections in a stable order (by time, then
//! id).

use serde::Serialize;

use super::{FORMAT, VERSION};
use crate::domain::{
    format_instant, Checkin, CustomBelief, Event, Instant, Pathway, Reflection, Verdict,
};
use crate::interchange::ImportBatch;

/// What an export contains: every record of the journal.
#[derive(Debug, Clone, Copy)]
pub struct JournalRef<'a> {
    pub events: &'a [Event],
    pub checkins: &'a [Checkin],
    pub reflections: &'a [Reflection],
    pub beliefs: &'a [CustomBelief],
    pub verdicts: &'a [Verdict],
    pub pathways: &'a [Pathway],
}

impl<'a> From<&'a ImportBatch> for JournalRef<'a> {
    fn from(b: &'a ImportBatch) -> Self {
        JournalRef {
            events: &b.events,
            checkins: &b.checkins,
            reflections: &b.reflections,
            beliefs: &b.beliefs,
            verdicts: &b.verdicts,
            pathways: &b.pathways,
        }
    }
}

/// A check-in exactly as §2 writes it (no provenance field).
#[derive(Serialize)]
pub struct CheckinOut<'a> {
    pub date: String,
    pub alignment: u8,
    pub energy: Option<u8>,
    pub mood: Option<u8>,
    pub note: &'a Option<String>,
    pub tags: &'a [String],
}

impl<'a> From<&'a Checkin> for CheckinOut<'a> {
    fn from(c: &'a Checkin) -> Self {
        CheckinOut {
            date: c.date.format("%Y-%m-%d").to_string(),
            alignment: c.alignment,
            energy: c.energy,
            mood: c.mood,
            note: &c.note,
            tags: &c.tags,
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    exported_at: String,
    events: Vec<&'a Event>,
    checkins: Vec<CheckinOut<'a>>,
    reflections: Vec<&'a Reflection>,
    beliefs: Vec<&'a CustomBelief>,
    verdicts: Vec<&'a Verdict>,
    pathways: Vec<&'a Pathway>,
}

/// Sorts events by time (UTC instant), then id.
pub fn sorted_events(events: &[Event]) -> Vec<&Event> {
    let mut v: Vec<&Event> = events.iter().collect();
    v.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    v
}

pub fn sorted_checkins(checkins: &[Checkin]) -> Vec<&Checkin> {
    let mut v: Vec<&Checkin> = checkins.iter().collect();
    v.sort_by_key(|c| c.date);
    v
}

pub fn sorted_reflections(reflections: &[Reflection]) -> Vec<&Reflection> {
    let mut v: Vec<&Reflection> = reflections.iter().collect();
    v.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    v
}

/// Writes the journal as format version 1: pretty JSON ending in a newline.
pub fn write<'a>(journal: impl Into<JournalRef<'a>>, exported_at: &Instant) -> String {
    let j = journal.into();
    let mut beliefs: Vec<&CustomBelief> = j.beliefs.iter().collect();
    beliefs.sort_by(|a, b| a.id.cmp(&b.id));
    let mut verdicts: Vec<&Verdict> = j.verdicts.iter().collect();
    verdicts.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.belief_id.cmp(&b.belief_id)));
    let mut pathways: Vec<&Pathway> = j.pathways.iter().collect();
    pathways.sort_by(|a, b| {
        a.started_on
            .cmp(&b.started_on)
            .then_with(|| a.id.cmp(&b.id))
    });
    let doc = Document {
        format: FORMAT,
        version: VERSION,
        exported_at: format_instant(exported_at),
        events: sorted_events(j.events),
        checkins: sorted_checkins(j.checkins)
            .into_iter()
            .map(CheckinOut::from)
            .collect(),
        reflections: sorted_reflections(j.reflections),
        beliefs,
        verdicts,
        pathways,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("journal values always serialise");
    s.push('\n');
    s
}
