//! Markdown export (`plumbline export --format markdown`): the journal as a readable document.
//!
//! One section per local date, oldest first: the day's check-in, its execution events in time
//! order with their kind, and its reflections. The person's own beliefs, verdicts and pathways
//! follow at the end. Text the person wrote is escaped so it cannot turn into Markdown markup.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::journal::{sorted_checkins, sorted_events, sorted_reflections, JournalRef};
use crate::domain::{format_instant, Checkin, Event, Instant, Reflection};

#[derive(Default)]
struct Day<'a> {
    checkin: Option<&'a Checkin>,
    events: Vec<&'a Event>,
    reflections: Vec<&'a Reflection>,
}

/// Escapes Markdown's inline markup characters in one line of the person's text.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let at_start = i == 0;
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' if at_start => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A block of text as a quote, each line escaped.
fn quote(out: &mut String, indent: &str, text: &str) {
    for line in text.lines() {
        if line.trim().is_empty() {
            let _ = writeln!(out, "{indent}>");
        } else {
            let _ = writeln!(out, "{indent}> {}", esc(line));
        }
    }
}

fn tags(t: &[String]) -> String {
    t.iter()
        .map(|t| format!("#{}", esc(t)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn hm(at: &Instant) -> String {
    at.format("%H:%M").to_string()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes the journal as Markdown.
pub fn write<'a>(journal: impl Into<JournalRef<'a>>, exported_at: &Instant) -> String {
    let j = journal.into();
    let prompts = crate::catalog::builtin_prompts();
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    for c in sorted_checkins(j.checkins) {
        days.entry(c.date).or_default().checkin = Some(c);
    }
    for e in sorted_events(j.events) {
        days.entry(e.local_date()).or_default().events.push(e);
    }
    for r in sorted_reflections(j.reflections) {
        days.entry(r.at.date_naive())
            .or_default()
            .reflections
            .push(r);
    }

    let mut out = String::new();
    let _ = writeln!(out, "# Plumbline journal\n");
    let _ = writeln!(
        out,
        "Exported {} · {} · {} · {}\n",
        format_instant(exported_at),
        plural(j.events.len(), "event", "events"),
        plural(j.checkins.len(), "check-in", "check-ins"),
        plural(j.reflections.len(), "reflection", "reflections"),
    );

    for (date, day) in &days {
        let _ = writeln!(
            out,
            "## {} ({})\n",
            date.format("%Y-%m-%d"),
            date.format("%A")
        );
        if let Some(c) = day.checkin {
            let mut line = format!("**Check-in:** alignment {}/5", c.alignment);
            if let Some(e) = c.energy {
                let _ = write!(line, " · energy {e}/5");
            }
            if let Some(m) = c.mood {
                let _ = write!(line, " · mood {m}/5");
            }
            if !c.tags.is_empty() {
                let _ = write!(line, " · {}", tags(&c.tags));
            }
            let _ = writeln!(out, "{line}");
            if let Some(n) = &c.note {
                let _ = writeln!(out);
                quote(&mut out, "", n);
            }
            let _ = writeln!(out);
        }
        for e in &day.events {
            let mut details: Vec<String> = Vec::new();
            if let Some(d) = &e.domain {
                details.push(esc(d));
            }
            if let Some(p) = &e.planned_at {
                details.push(format!("planned {}", hm(p)));
            }
            if let Some(d) = e.input().effective_delay() {
                details.push(format!("{d} min late"));
            }
            if let Some(p) = e.progress {
                details.push(format!("{:.0}% done", p * 100.0));
            }
            if let Some(f) = e.friction {
                details.push(format!("friction {f}/5"));
            }
            if let Some(em) = &e.emotion {
                details.push(esc(em));
            }
            let mut line = format!("- {} **{}**: {}", hm(&e.at), e.kind.label(), esc(&e.task));
            if !details.is_empty() {
                let _ = write!(line, " ({})", details.join(", "));
            }
            if !e.tags.is_empty() {
                let _ = write!(line, " {}", tags(&e.tags));
            }
            let _ = writeln!(out, "{line}");
            if let Some(t) = &e.thought {
                quote(&mut out, "  ", t);
            }
            if let Some(n) = &e.note {
                let mut lines = n.lines();
                if let Some(first) = lines.next() {
                    let _ = writeln!(out, "  Note: {}", esc(first));
                }
                for l in lines {
                    let _ = writeln!(out, "  {}", esc(l));
                }
            }
        }
        if !day.events.is_empty() {
            let _ = writeln!(out);
        }
        for r in &day.reflections {
            let mut head = format!("### {} ", hm(&r.at));
            match &r.title {
                Some(t) => head.push_str(&esc(t)),
                None => head.push_str("Reflection"),
            }
            if r.starred {
                head.push_str(" ★");
            }
            let _ = writeln!(out, "{head}\n");
            let mut meta: Vec<String> = Vec::new();
            if let Some(p) = &r.prompt_id {
                // The prompt as the person read it; an id only when its text is not known here.
                match prompts.iter().find(|b| &b.id == p) {
                    Some(b) => meta.push(format!("answers \u{201c}{}\u{201d}", esc(&b.text))),
                    None => meta.push(format!("answers prompt `{p}`")),
                }
            }
            if let Some(m) = r.mood {
                meta.push(format!("mood {m}/5"));
            }
            if !r.tags.is_empty() {
                meta.push(tags(&r.tags));
            }
            if !meta.is_empty() {
                let _ = writeln!(out, "*{}*\n", meta.join(" · "));
            }
            if !r.text.is_empty() {
                quote(&mut out, "", &r.text);
                let _ = writeln!(out);
            }
        }
    }

    if !j.beliefs.is_empty() {
        let _ = writeln!(out, "## My beliefs\n");
        let mut beliefs: Vec<_> = j.beliefs.iter().collect();
        beliefs.sort_by(|a, b| a.id.cmp(&b.id));
        for b in beliefs {
            let _ = write!(out, "- `{}`: {}", b.id, esc(&b.statement));
            if !b.markers.is_empty() {
                let m: Vec<String> = b.markers.iter().map(|m| format!("“{}”", esc(m))).collect();
                let _ = write!(out, " (markers: {})", m.join(", "));
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out);
    }
    if !j.verdicts.is_empty() {
        let _ = writeln!(out, "## Verdicts\n");
        let mut verdicts: Vec<_> = j.verdicts.iter().collect();
        verdicts.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.belief_id.cmp(&b.belief_id)));
        for v in verdicts {
            let _ = writeln!(
                out,
                "- `{}`: {} on {}",
                v.belief_id,
                v.verdict.as_str(),
                v.at.format("%Y-%m-%d")
            );
        }
        let _ = writeln!(out);
    }
    if !j.pathways.is_empty() {
        let _ = writeln!(out, "## Pathways\n");
        let mut pathways: Vec<_> = j.pathways.iter().collect();
        pathways.sort_by(|a, b| {
            a.started_on
                .cmp(&b.started_on)
                .then_with(|| a.id.cmp(&b.id))
        });
        for p in pathways {
            let _ = writeln!(
                out,
                "### For `{}`, since {}\n",
                p.belief_id,
                p.started_on.format("%Y-%m-%d")
            );
            for (label, v) in [
                ("Reframe", &p.reframe),
                ("Next action", &p.next_action),
                ("Cycle", &p.cycle),
                ("If-then", &p.if_then),
            ] {
                if let Some(v) = v {
                    let _ = writeln!(out, "- {label}: {}", esc(v));
                }
            }
            let _ = writeln!(out);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        parse_date, parse_instant, CustomBelief, EventInput, Kind, Pathway, ReflectionInput,
        Verdict, VerdictKind,
    };
    use crate::interchange::ImportBatch;

    fn at(s: &str) -> Instant {
        parse_instant(s).expect("instant")
    }

    #[test]
    fn journal_by_day_snapshot() {
        let mut b = ImportBatch::default();
        let mut e = EventInput::new(
            at("2026-11-20T09:40:00+01:00"),
            Kind::DelayedStart,
            "Write the *client* newsletter",
        );
        e.domain = Some("content".into());
        e.planned_at = Some(at("2026-11-20T09:00:00+01:00"));
        e.friction = Some(4);
        e.emotion = Some("anxious".into());
        e.thought = Some("It needs another pass\nbefore anyone sees it".into());
        e.tags = vec!["newsletter".into()];
        b.events.push(e.into_event("e2".into(), None));
        let mut e = EventInput::new(at("2026-11-20T08:00:00+01:00"), Kind::Completed, "Gym");
        e.note = Some("Short session".into());
        b.events.push(e.into_event("e1".into(), None));
        let mut e = EventInput::new(
            at("2026-11-21T16:00:00+01:00"),
            Kind::Unfinished,
            "Tax forms",
        );
        e.progress = Some(0.8);
        b.events.push(e.into_event("e3".into(), None));
        let mut c = Checkin::new(parse_date("2026-11-20").expect("date"), 2);
        c.energy = Some(3);
        c.note = Some("Heavy day".into());
        b.checkins.push(c);
        let mut r = ReflectionInput::new(
            at("2026-11-20T21:10:00+01:00"),
            "I said I'd start after one more email.\n\n# not a heading",
        );
        r.prompt_id = Some("thinking.before_delay".into());
        r.mood = Some(3);
        r.starred = true;
        b.reflections.push(r.into_reflection("r1".into(), None));
        b.beliefs.push(CustomBelief {
            id: "custom:no-time".into(),
            statement: "There is never enough time".into(),
            markers: vec!["no time".into()],
        });
        b.verdicts.push(Verdict {
            belief_id: "visibility_risk".into(),
            verdict: VerdictKind::Confirmed,
            at: at("2026-11-21T20:00:00+01:00"),
        });
        b.pathways.push(Pathway {
            id: "p1".into(),
            belief_id: "visibility_risk".into(),
            reframe: Some("Drafts are allowed to be seen".into()),
            next_action: Some("Send one paragraph".into()),
            cycle: None,
            if_then: None,
            started_on: parse_date("2026-11-22").expect("date"),
        });
        let want = "\
# Plumbline journal

Exported 2026-11-24T09:00:00Z · 3 events · 1 check-in · 1 reflection

## 2026-11-20 (Friday)

**Check-in:** alignment 2/5 · energy 3/5

> Heavy day

- 08:00 **Completed**: Gym
  Note: Short session
- 09:40 **Delayed start**: Write the \\*client\\* newsletter (content, planned 09:00, 40 min late, friction 4/5, anxious) #newsletter
  > It needs another pass
  > before anyone sees it

### 21:10 Reflection ★

*answers “Right before you put something off today, what did you say to yourself? Write it as close to word for word as you can.” · mood 3/5*

> I said I'd start after one more email.
>
> \\# not a heading

## 2026-11-21 (Saturday)

- 16:00 **Unfinished**: Tax forms (80% done)

## My beliefs

- `custom:no-time`: There is never enough time (markers: “no time”)

## Verdicts

- `visibility_risk`: confirmed on 2026-11-21

## Pathways

### For `visibility_risk`, since 2026-11-22

- Reframe: Drafts are allowed to be seen
- Next action: Send one paragraph
";
        let got = write(&b, &at("2026-11-24T09:00:00Z"));
        assert_eq!(got, want, "\n{got}");
    }

    #[test]
    fn empty_journal() {
        let b = ImportBatch::default();
        assert_eq!(
            write(&b, &at("2026-11-24T09:00:00Z")),
            "# Plumbline journal\n\nExported 2026-11-24T09:00:00Z · 0 events · 0 check-ins · 0 reflections\n"
        );
    }
}
