//! Which prompt a reminder carries.
//!
//! A reflection reminder carries one prompt:
//! 1. from the weakest layer the analyzer found (with enough data), else from a rotation across
//!    the three layers by local date;
//! 2. preferring, within that layer, prompts tied to the current strongest pattern (its template
//!    is filled with the person's own data: "You put off {task} {count} times this week — …")
//!    and prompts tied to a belief the person confirmed;
//! 3. never one shown (or answered) within the last seven days while another is left; when all
//!    were, the least recently shown.
//!
//! Before all this, a cost of misalignment that has stayed high for weeks may be cited instead
//! ("Friction on publishing work has been 4 of 5 for three weeks — what is the negotiation
//! about?", id `cost:<key>`), on one day of the week fixed by its id, and not when it was
//! shown within seven days.
//!
//! No repeat within a week holds by construction, whether or not deliveries were recorded: the
//! prompts are dealt into seven groups by their place in the list (prompt `i` into group
//! `i mod 7`), and a local date chooses only from its own group (`days since CE mod 7`). Any
//! seven consecutive dates use seven different groups, so no two of them can carry the same
//! prompt; a cost's prompt belongs to the one group its id gives. The rules above pick within
//! the group. A further reflection reminder on the same day, once its group is used up (which
//! only the recorded history can say), takes a prompt not shown this week from any group. With
//! fewer than seven prompts there are no groups and the recorded history alone keeps them apart.
//!
//! The choice is a pure function of its inputs, so for a given journal and instant it is always
//! the same. A pathway reminder carries the pathway's next action instead.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::catalog::{fill_template, prompt_template, template_placeholders};
use crate::domain::{Instant, Kind, Layer, Pathway, Prompt};

/// A prompt is not repeated within this many days.
pub const NO_REPEAT_DAYS: i64 = 7;

/// What the choice needs to know about the journal, taken from the analysis and the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PromptContext {
    /// The layer with the lowest reading, when the analysis has one.
    pub weakest_layer: Option<Layer>,
    /// The current strongest pattern, with this week's numbers.
    pub top_pattern: Option<PatternHint>,
    /// A belief the person confirmed (its id), the most recent if several.
    pub confirmed_belief: Option<String>,
    /// Prompts shown by reminders or answered in reflections, with when.
    pub recent_prompt_ids: Vec<(String, Instant)>,
    /// Whether the analysis had enough data to claim patterns.
    pub enough_data: bool,
    /// The prompt that cites a cost of misalignment that has stayed high for weeks.
    pub cost: Option<ChosenPrompt>,
}

/// The strongest pattern, in the terms a prompt can use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatternHint {
    /// The slice's dimension, as in the analysis (`tag`, `domain`, `kind`, `task`, …).
    pub dimension: String,
    pub value: String,
    /// The analysis's description of the pattern.
    pub description: String,
    /// How many breaks of `kind` (of any kind when `kind` is `None`) in this slice happened in
    /// the last seven days.
    pub count_this_week: u32,
    /// The most common break kind in the slice this week, if known.
    pub kind: Option<Kind>,
    /// A task in the slice as the person wrote it (the most frequent this week), if known;
    /// prompts quote it.
    pub task: Option<String>,
    /// The domain of the slice's breaks this week, if one dominates.
    pub domain: Option<String>,
}

/// The prompt a reminder carries (`due --json`'s `prompt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChosenPrompt {
    pub id: String,
    pub layer: Layer,
    pub text: String,
}

/// The prompt for a reflection reminder firing at `at` (its local date drives the rotation).
/// `None` only when there are no prompts at all.
pub fn choose_prompt(prompts: &[Prompt], ctx: &PromptContext, at: Instant) -> Option<ChosenPrompt> {
    if prompts.is_empty() {
        return None;
    }
    let week_ago = at - Duration::days(NO_REPEAT_DAYS);
    let group = day_group(at.date_naive());
    let in_group = |i: usize| prompts.len() < GROUPS || i % GROUPS == group;
    let last_shown = |id: &str| -> Option<Instant> {
        ctx.recent_prompt_ids
            .iter()
            .filter(|(p, t)| p == id && *t <= at)
            .map(|(_, t)| *t)
            .max()
    };
    let is_fresh = |i: usize| last_shown(&prompts[i].id).is_none_or(|t| t <= week_ago);
    let fresh: Vec<usize> = (0..prompts.len())
        .filter(|&i| in_group(i) && is_fresh(i))
        .collect();
    // A second reflection reminder on the same day, once the day's group is used up, takes a
    // prompt of another group that was not shown this week; only when there is none does the
    // least recently shown of the day's group come back.
    let fresh = if fresh.is_empty() {
        (0..prompts.len()).filter(|&i| is_fresh(i)).collect()
    } else {
        fresh
    };
    let exhausted = fresh.is_empty();
    let pool: Vec<usize> = if exhausted {
        (0..prompts.len()).filter(|&i| in_group(i)).collect()
    } else {
        fresh
    };

    let use_analysis = ctx.enough_data && ctx.weakest_layer.is_some();
    // A cost that stayed high is cited first, unless it was shown within the week.
    if let Some(c) = ctx
        .cost
        .as_ref()
        .filter(|c| use_analysis && id_group(&c.id) == group)
    {
        if last_shown(&c.id).is_none_or(|t| t <= week_ago) {
            return Some(c.clone());
        }
    }
    let layer = match ctx.weakest_layer.filter(|_| use_analysis) {
        Some(l) => l,
        None => rotation_layer(at.date_naive()),
    };
    let values = ctx
        .top_pattern
        .as_ref()
        .filter(|_| use_analysis)
        .map(pattern_values);
    let filled = |p: &Prompt| -> Option<String> {
        let values = values.as_ref()?;
        let template = prompt_template(&p.id)?;
        fits(&p.id, values).then_some(())?;
        fill(template, values)
    };
    let belief_tied = |p: &Prompt| {
        ctx.confirmed_belief
            .as_deref()
            .is_some_and(|b| belief_prompts(b).contains(&p.id.as_str()))
    };
    // The layer first; then a template written for this kind of break, then any filled
    // template; then a tie to the confirmed belief.
    let score = |p: &Prompt| -> u8 {
        let pattern = match (filled(p), &values) {
            (Some(_), Some(v)) if kind_specific(&p.id, v) => 4,
            (Some(_), _) => 2,
            _ => 0,
        };
        u8::from(p.layer == layer) * 8 + pattern + u8::from(belief_tied(p))
    };

    // Among equals, rotate by date so a journal without logged prompts still varies.
    let day = u64::try_from(at.date_naive().num_days_from_ce()).unwrap_or(0);
    let n = prompts.len() as u64;
    let rotated = |i: usize| (i as u64 + n - day % n) % n;
    let best = pool.into_iter().min_by(|&a, &b| {
        let (pa, pb) = (&prompts[a], &prompts[b]);
        let by_score = score(pb).cmp(&score(pa));
        let by_age = last_shown(&pa.id).cmp(&last_shown(&pb.id));
        let by_turn = rotated(a).cmp(&rotated(b));
        if exhausted {
            by_age.then(by_score).then(by_turn)
        } else {
            by_score.then(by_age).then(by_turn)
        }
    })?;
    let p = &prompts[best];
    Some(ChosenPrompt {
        id: p.id.clone(),
        layer: p.layer,
        text: filled(p).unwrap_or_else(|| p.text.clone()),
    })
}

/// What a pathway reminder carries: the pathway's next action (else its if-then plan, its cycle
/// or its reframe), under the id `pathway:<id>`.
pub fn pathway_prompt(p: &Pathway) -> Option<ChosenPrompt> {
    let text = [&p.next_action, &p.if_then, &p.cycle, &p.reframe]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .find(|s| !s.is_empty())?;
    Some(ChosenPrompt {
        id: format!("pathway:{}", p.id),
        layer: Layer::Execution,
        text: text.to_string(),
    })
}

pub use crate::catalog::rotation_layer;

/// How many groups the prompts are dealt into: one per day of a week.
pub const GROUPS: usize = 7;

/// The group of prompts a local date chooses from.
pub fn day_group(date: NaiveDate) -> usize {
    usize::try_from(date.num_days_from_ce().rem_euclid(GROUPS as i32)).unwrap_or(0)
}

/// The one group a prompt that is not in the list (a cost's, `cost:<key>`) belongs to: fixed
/// by its id, so it too comes at most once in any seven consecutive days.
pub fn id_group(id: &str) -> usize {
    id.bytes().map(usize::from).sum::<usize>() % GROUPS
}

/// The placeholder values a pattern provides.
#[derive(Debug, Clone, Default)]
struct Values {
    task: Option<String>,
    domain: Option<String>,
    kind: Option<Kind>,
    count: u32,
    after_win: bool,
}

fn pattern_values(p: &PatternHint) -> Values {
    let dim = p.dimension.trim().to_ascii_lowercase();
    let value = Some(p.value.trim().to_string()).filter(|v| !v.is_empty());
    let task = p
        .task
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| value.clone().filter(|_| dim == "task" || dim == "tag"));
    let domain = p
        .domain
        .clone()
        .filter(|d| !d.trim().is_empty())
        .or_else(|| value.clone().filter(|_| dim == "domain"));
    let kind = p.kind.or_else(|| {
        value
            .as_deref()
            .filter(|_| dim == "kind")
            .and_then(|v| v.parse().ok())
    });
    let after_win = dim == "after" && p.value.trim() == "win";
    Values {
        task,
        domain,
        kind,
        count: p.count_this_week,
        after_win,
    }
}

/// Whether a templated prompt's wording fits the pattern: "You put off {task}" only for
/// delayed starts, "switched away from" only for switches, and so on.
fn fits(prompt_id: &str, v: &Values) -> bool {
    let kind_is = |kinds: &[Kind]| v.kind.is_some_and(|k| kinds.contains(&k));
    match prompt_id {
        "thinking.before_delay" => kind_is(&[Kind::DelayedStart]),
        "thinking.quiet_reframe" | "execution.switch_point" => kind_is(&[Kind::Switched]),
        "execution.avoided_clear_action" => kind_is(&[Kind::Avoided]),
        "thinking.after_a_win" => v.after_win,
        // The other templates speak of breaks in general.
        _ => v.kind.is_none_or(Kind::is_break),
    }
}

/// Whether a template was written for exactly the pattern's kind of break.
fn kind_specific(prompt_id: &str, v: &Values) -> bool {
    v.kind.is_some()
        && matches!(
            prompt_id,
            "thinking.before_delay"
                | "thinking.quiet_reframe"
                | "execution.switch_point"
                | "execution.avoided_clear_action"
        )
        && fits(prompt_id, v)
}

/// The template filled in, or `None` if a placeholder has no value. Counts below two do not
/// make a pattern ("1 times this week"), so a template needing `{count}` wants at least two.
fn fill(template: &str, v: &Values) -> Option<String> {
    let count = v.count.to_string();
    let task = v
        .task
        .as_deref()
        .map(|t| format!("\u{201c}{}\u{201d}", t.trim()));
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for name in template_placeholders(template) {
        let value = match name {
            "task" => task.as_deref()?,
            "domain" => v.domain.as_deref()?,
            "kind_label" => v.kind?.label(),
            "count" if v.count >= 2 => count.as_str(),
            _ => return None,
        };
        pairs.push((name, value));
    }
    Some(fill_template(template, &pairs))
}

/// The built-in prompts that speak most directly to each catalog belief.
fn belief_prompts(belief_id: &str) -> &'static [&'static str] {
    match belief_id {
        "identity_ceiling" => &["belief.identity", "thinking.after_a_win"],
        "scale_control" => &["belief.cost_of_success", "execution.smallest_step"],
        "visibility_risk" => &["belief.resisting_part", "thinking.before_delay"],
        "consistency_trap" => &["execution.where_it_breaks", "thinking.quiet_reframe"],
        "perfection_standard" => &["thinking.kind_answer", "execution.smallest_step"],
        "failure_exposure" => &["thinking.setback_reading", "belief.resisting_part"],
        "success_burden" => &["belief.cost_of_success", "thinking.after_a_win"],
        "belonging_loss" => &["belief.identity", "belief.cost_of_success"],
        "undeserving" => &["belief.permission", "thinking.kind_answer"],
        "autonomy_resistance" => &["belief.resisting_part", "thinking.quiet_reframe"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin_prompts;
    use crate::domain::parse_instant;

    fn at(s: &str) -> Instant {
        parse_instant(s).expect("valid instant in test")
    }

    fn publish_pattern(kind: Kind, count: u32) -> PatternHint {
        PatternHint {
            dimension: "tag".into(),
            value: "publish".into(),
            description: "Breaks on tasks tagged publish: 71% vs 24% elsewhere".into(),
            count_this_week: count,
            kind: Some(kind),
            task: Some("publishing".into()),
            domain: None,
        }
    }

    fn analysed(layer: Layer, pattern: Option<PatternHint>) -> PromptContext {
        PromptContext {
            weakest_layer: Some(layer),
            top_pattern: pattern,
            enough_data: true,
            ..PromptContext::default()
        }
    }

    const NOW: &str = "2026-11-24T21:00:00+01:00";
    /// A date whose group holds `thinking.before_delay` and `execution.avoided_clear_action`.
    const GROUP5: &str = "2026-11-27T21:00:00+01:00";

    #[test]
    fn weakest_layer_with_a_pattern_gets_a_filled_prompt_in_the_persons_words() {
        let ps = builtin_prompts();
        let ctx = analysed(
            Layer::Thinking,
            Some(publish_pattern(Kind::DelayedStart, 3)),
        );
        // 27 November's group holds the prompts on delays and on avoidance.
        let c = choose_prompt(&ps, &ctx, at(GROUP5)).unwrap();
        assert_eq!(c.id, "thinking.before_delay");
        assert_eq!(c.layer, Layer::Thinking);
        assert_eq!(
            c.text,
            "You put off \u{201c}publishing\u{201d} 3 times this week — what did you tell yourself right before?"
        );
        // Avoidance fills the execution template that speaks of stepping around.
        let ctx = analysed(Layer::Execution, Some(publish_pattern(Kind::Avoided, 4)));
        let c = choose_prompt(&ps, &ctx, at(GROUP5)).unwrap();
        assert_eq!(c.layer, Layer::Execution);
        assert!(
            c.text.contains("publishing") && c.text.contains('4'),
            "{}",
            c.text
        );
        assert!(!c.text.contains('{'), "{}", c.text);
        // A template is never filled with words that misdescribe the pattern.
        let ctx = analysed(Layer::Thinking, Some(publish_pattern(Kind::Switched, 3)));
        let c = choose_prompt(&ps, &ctx, at(GROUP5)).unwrap();
        assert!(!c.text.contains("put off"), "{}", c.text);
        assert!(!c.text.contains("publishing"), "{}", c.text);
    }

    #[test]
    fn a_single_occurrence_is_not_called_a_pattern() {
        let ps = builtin_prompts();
        let ctx = analysed(
            Layer::Thinking,
            Some(publish_pattern(Kind::DelayedStart, 1)),
        );
        let c = choose_prompt(&ps, &ctx, at(NOW)).unwrap();
        assert!(!c.text.contains("1 times"), "{}", c.text);
        assert_eq!(c.layer, Layer::Thinking);
    }

    #[test]
    fn a_confirmed_belief_pulls_its_prompts_forward_within_the_layer() {
        let ps = builtin_prompts();
        // 24 November's group: belief.resisting_part and thinking.kind_answer, both tied to
        // beliefs.
        let mut ctx = analysed(Layer::Thinking, None);
        ctx.confirmed_belief = Some("autonomy_resistance".into());
        assert_eq!(
            choose_prompt(&ps, &ctx, at(NOW)).unwrap().id,
            "thinking.kind_answer",
            "the layer comes before the tie"
        );
        // With neither prompt in the weakest layer, the tie decides.
        ctx.weakest_layer = Some(Layer::Execution);
        assert_eq!(
            choose_prompt(&ps, &ctx, at(NOW)).unwrap().id,
            "belief.resisting_part"
        );
        ctx.confirmed_belief = Some("perfection_standard".into());
        assert_eq!(
            choose_prompt(&ps, &ctx, at(NOW)).unwrap().id,
            "thinking.kind_answer"
        );
    }

    #[test]
    fn no_prompt_repeats_within_a_week() {
        let ps = builtin_prompts();
        let mut ctx = analysed(
            Layer::Thinking,
            Some(publish_pattern(Kind::DelayedStart, 3)),
        );
        ctx.recent_prompt_ids = vec![(
            "thinking.before_delay".into(),
            at("2026-11-21T21:30:00+01:00"),
        )];
        let c = choose_prompt(&ps, &ctx, at(GROUP5)).unwrap();
        assert_eq!(c.id, "execution.avoided_clear_action");
        // Eight days later it may come back.
        ctx.recent_prompt_ids = vec![(
            "thinking.before_delay".into(),
            at("2026-11-19T21:00:00+01:00"),
        )];
        assert_eq!(
            choose_prompt(&ps, &ctx, at(GROUP5)).unwrap().id,
            "thinking.before_delay"
        );
    }

    #[test]
    fn seven_consecutive_days_never_repeat_even_when_nothing_was_recorded() {
        let ps = builtin_prompts();
        let contexts = [
            PromptContext::default(),
            analysed(
                Layer::Thinking,
                Some(publish_pattern(Kind::DelayedStart, 3)),
            ),
            analysed(Layer::Execution, Some(publish_pattern(Kind::Avoided, 5))),
            analysed(Layer::Belief, None),
        ];
        for start in 0..7 {
            // The context may even change from day to day (new data, a new weakest layer):
            // the date alone keeps the week's prompts apart.
            let week: Vec<String> = (0..7)
                .map(|d| {
                    let when = at(NOW) + Duration::days(start + d);
                    let ctx = &contexts[usize::try_from(start + d).unwrap() % contexts.len()];
                    choose_prompt(&ps, ctx, when).unwrap().id
                })
                .collect();
            let mut distinct = week.clone();
            distinct.sort();
            distinct.dedup();
            assert_eq!(distinct.len(), 7, "a repeat within a week: {week:?}");
        }
        // Within a day's group the weakest layer still comes first.
        let ctx = analysed(Layer::Execution, None);
        for d in 0..7 {
            let when = at(NOW) + Duration::days(d);
            let group = day_group(when.date_naive());
            let has_execution = ps
                .iter()
                .enumerate()
                .any(|(i, p)| i % GROUPS == group && p.layer == Layer::Execution);
            let c = choose_prompt(&ps, &ctx, when).unwrap();
            assert_eq!(c.layer == Layer::Execution, has_execution, "{}", c.id);
        }
    }

    #[test]
    fn when_everything_was_shown_the_least_recent_comes_back() {
        let ps: Vec<Prompt> = builtin_prompts().into_iter().take(3).collect();
        let mut ctx = analysed(Layer::Belief, None);
        ctx.recent_prompt_ids = vec![
            (ps[0].id.clone(), at("2026-11-23T21:00:00+01:00")),
            (ps[1].id.clone(), at("2026-11-20T21:00:00+01:00")),
            (ps[2].id.clone(), at("2026-11-22T21:00:00+01:00")),
        ];
        assert_eq!(choose_prompt(&ps, &ctx, at(NOW)).unwrap().id, ps[1].id);
    }

    #[test]
    fn without_enough_data_it_rotates_across_the_layers() {
        let ps = builtin_prompts();
        let mut ctx = PromptContext {
            weakest_layer: Some(Layer::Thinking),
            top_pattern: Some(publish_pattern(Kind::DelayedStart, 3)),
            enough_data: false,
            ..PromptContext::default()
        };
        let mut layers = Vec::new();
        // On the days whose group holds a prompt of the rotation's layer, that layer.
        for d in 0..21 {
            let when = at(NOW) + Duration::days(d);
            let group = day_group(when.date_naive());
            let layer = rotation_layer(when.date_naive());
            if !ps
                .iter()
                .enumerate()
                .any(|(i, p)| i % GROUPS == group && p.layer == layer)
            {
                continue;
            }
            let c = choose_prompt(&ps, &ctx, when).unwrap();
            assert_eq!(c.layer, layer);
            assert!(
                !c.text.contains("publishing"),
                "no pattern claims without data"
            );
            layers.push(c.layer);
            ctx.recent_prompt_ids.push((c.id, when));
        }
        layers.sort();
        layers.dedup();
        assert_eq!(layers, Layer::ALL, "the rotation reaches every layer");
        // With no weakest layer at all it rotates too.
        let c = choose_prompt(&ps, &PromptContext::default(), at(NOW)).unwrap();
        assert_eq!(c.layer, rotation_layer(at(NOW).date_naive()));
    }

    #[test]
    fn the_choice_is_deterministic_and_needs_prompts() {
        let ps = builtin_prompts();
        let ctx = analysed(Layer::Belief, Some(publish_pattern(Kind::Avoided, 5)));
        let a = choose_prompt(&ps, &ctx, at(NOW));
        assert_eq!(a, choose_prompt(&ps, &ctx, at(NOW)));
        assert_eq!(choose_prompt(&[], &ctx, at(NOW)), None);
        // Shown entries after the instant do not count: the query is "as of" that instant.
        let mut later = ctx.clone();
        later.recent_prompt_ids = vec![(a.clone().unwrap().id, at("2026-11-25T08:00:00+01:00"))];
        assert_eq!(choose_prompt(&ps, &later, at(NOW)), a);
    }

    #[test]
    fn a_custom_prompt_takes_part_with_its_plain_text() {
        let mut ps = builtin_prompts();
        ps.retain(|p| p.layer != Layer::Belief);
        ps.push(Prompt {
            id: "custom:worth".into(),
            layer: Layer::Belief,
            text: "What am I assuming about what I deserve?".into(),
            builtin: false,
        });
        let ctx = analysed(Layer::Belief, Some(publish_pattern(Kind::Avoided, 5)));
        // The custom prompt is the eleventh: group 3, which 25 November chooses from.
        let c = choose_prompt(&ps, &ctx, at("2026-11-25T21:00:00+01:00")).unwrap();
        assert_eq!(c.id, "custom:worth");
        assert_eq!(c.text, "What am I assuming about what I deserve?");
    }

    #[test]
    fn pathway_reminders_carry_the_next_action() {
        let mut p = Pathway {
            id: "p1".into(),
            belief_id: "visibility_risk".into(),
            reframe: Some("Being seen is how the work reaches people".into()),
            next_action: Some("Post the draft as it is".into()),
            cycle: Some("Publish Tuesdays 10:00".into()),
            if_then: None,
            started_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        };
        let c = pathway_prompt(&p).unwrap();
        assert_eq!(
            (c.id.as_str(), c.layer, c.text.as_str()),
            ("pathway:p1", Layer::Execution, "Post the draft as it is")
        );
        p.next_action = Some("  ".into());
        assert_eq!(pathway_prompt(&p).unwrap().text, "Publish Tuesdays 10:00");
        p.cycle = None;
        p.reframe = None;
        assert_eq!(pathway_prompt(&p), None);
    }

    fn friction_hint() -> ChosenPrompt {
        ChosenPrompt {
            id: "cost:cognitive_friction".into(),
            layer: Layer::Thinking,
            text: "Friction on publishing work has been 4 of 5 for three weeks — what is the negotiation about?".into(),
        }
    }

    #[test]
    fn a_high_cost_is_cited_but_not_within_a_week_of_the_last_time() {
        let ps = builtin_prompts();
        let mut ctx = analysed(Layer::Belief, Some(publish_pattern(Kind::Avoided, 5)));
        ctx.cost = Some(friction_hint());
        let c = choose_prompt(&ps, &ctx, at(NOW)).unwrap();
        assert_eq!(c.id, "cost:cognitive_friction");
        assert_eq!(c.layer, Layer::Thinking);
        assert!(c
            .text
            .starts_with("Friction on publishing work has been 4 of 5"));
        // Shown six days ago: the ordinary choice instead.
        ctx.recent_prompt_ids = vec![(c.id.clone(), at("2026-11-18T21:00:00+01:00"))];
        let other = choose_prompt(&ps, &ctx, at(NOW)).unwrap();
        assert_ne!(other.id, "cost:cognitive_friction");
        assert_eq!(other.layer, Layer::Belief);
        // Eight days later it may come back.
        ctx.recent_prompt_ids = vec![(c.id.clone(), at("2026-11-16T21:00:00+01:00"))];
        assert_eq!(choose_prompt(&ps, &ctx, at(NOW)).unwrap().id, c.id);
        // Without enough data no cost is cited.
        ctx.enough_data = false;
        assert_ne!(choose_prompt(&ps, &ctx, at(NOW)).unwrap().id, c.id);
    }

    #[test]
    fn pattern_values_come_from_the_slice_when_not_given() {
        let v = pattern_values(&PatternHint {
            dimension: "domain".into(),
            value: "content".into(),
            count_this_week: 4,
            kind: Some(Kind::Unfinished),
            ..PatternHint::default()
        });
        assert_eq!(v.domain.as_deref(), Some("content"));
        assert_eq!(v.task, None);
        let t = prompt_template("execution.where_it_breaks").unwrap();
        assert_eq!(
            fill(t, &v).unwrap(),
            "\"Unfinished\" came up 4 times in content this week. Where exactly did it break, and what was happening around that moment?"
        );
        let k = pattern_values(&PatternHint {
            dimension: "kind".into(),
            value: "avoided".into(),
            ..PatternHint::default()
        });
        assert_eq!(k.kind, Some(Kind::Avoided));
    }
}
