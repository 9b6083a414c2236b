//! Plumbline's built-in reflection prompts (and their day-by-day rotation, [`prompt_for`]) and
//! belief catalog, as plain data.
//!
//! Prompt ids have the form `<layer>.<snake_slug>` and belief ids are the catalog ids of the
//! design; both are stable (journals and verdicts refer to them). Wording, markers and
//! signatures may be improved over time; ids may not change.
//!
//! # How markers and keywords match
//!
//! Belief markers (and signature task keywords) are lowercase terms. The analyzer matches them
//! through its own index of stemmed tokens, aware of negation (`crate::analyze::text` and
//! `crate::analyze::cache`); [`term_matches`] is the plain match the catalog's own checks use: a
//! term must begin at the start of a word in the text, and it matches as a **prefix**, because a
//! term ends without a word boundary. So `perfect` matches "perfection" and "perfectly", `judg`
//! matches "judged" and "judgement", but `hire` does not match "shire". Multi-word terms
//! ("people will see") match the same way. Text is compared case-insensitively, and typographic
//! apostrophes (’) count as plain ones, so `can't` matches "Can’t". Markers are chosen so that
//! no marker of one belief matches a marker of another, except the few in [`SHARED_MARKERS`].
//!
//! # Templated prompts
//!
//! Many prompts have a templated variant ([`prompt_template`]) that reminders fill with the
//! person's own data via [`fill_template`]. The placeholders are those in [`PLACEHOLDERS`].

use chrono::{Datelike, NaiveDate};

use crate::domain::{Belief, Kind, Layer, Prompt};

/// The placeholders templated prompts may use.
///
/// - `{task}`: the task's text, as the person wrote it;
/// - `{count}`: how many times something happened (a number, as digits);
/// - `{kind_label}`: the event kind's label, e.g. "Delayed start" ([`Kind::label`]);
/// - `{domain}`: a life or work domain, e.g. "writing".
pub const PLACEHOLDERS: [&str; 4] = ["task", "count", "kind_label", "domain"];

/// One built-in prompt: its id, layer, plain wording and optional templated wording.
struct PromptDef {
    id: &'static str,
    layer: Layer,
    text: &'static str,
    template: Option<&'static str>,
}

const PROMPTS: &[PromptDef] = &[
    // ── Belief layer ────────────────────────────────────────────────────────────────────────
    PromptDef {
        id: "belief.sustainable_if",
        layer: Layer::Belief,
        text: "What would have to be true about you for this goal to feel sustainable, \
               not just reachable?",
        template: Some(
            "What would have to be true about you for {domain} to feel sustainable, \
             not just reachable?",
        ),
    },
    PromptDef {
        id: "belief.identity",
        layer: Layer::Belief,
        text: "Who would you need to be for this outcome to feel normal? \
               What feels unfamiliar about that person?",
        template: Some(
            "Who would you need to be for success in {domain} to feel normal? \
             What feels unfamiliar about that person?",
        ),
    },
    PromptDef {
        id: "belief.resisting_part",
        layer: Layer::Belief,
        text: "Some part of you may not want this yet. If that part could speak kindly, \
               what would it say it is protecting you from?",
        template: Some(
            "Some part of you keeps slowing {task} down. If that part could speak kindly, \
             what would it say it is protecting you from?",
        ),
    },
    PromptDef {
        id: "belief.cost_of_success",
        layer: Layer::Belief,
        text: "If this worked out fully, what might you worry you would lose, \
               or have to keep proving?",
        template: Some(
            "If things in {domain} worked out fully, what might you worry you would lose, \
             or have to keep proving?",
        ),
    },
    PromptDef {
        id: "belief.permission",
        layer: Layer::Belief,
        text: "Where do you feel you have not earned the next step yet? \
               Whose voice does that sound like?",
        template: None,
    },
    // ── Thinking layer ──────────────────────────────────────────────────────────────────────
    PromptDef {
        id: "thinking.before_delay",
        layer: Layer::Thinking,
        text: "Right before you put something off today, what did you say to yourself? \
               Write it as close to word for word as you can.",
        template: Some(
            "You put off {task} {count} times this week — \
             what did you tell yourself right before?",
        ),
    },
    PromptDef {
        id: "thinking.setback_reading",
        layer: Layer::Thinking,
        text: "When something did not go to plan, what did you decide it meant about you? \
               Is there another reading that fits the facts just as well?",
        template: Some(
            "{task} did not go to plan recently. What did you decide it meant about you, \
             and is there another reading that fits just as well?",
        ),
    },
    PromptDef {
        id: "thinking.quiet_reframe",
        layer: Layer::Thinking,
        text: "Was there a moment you quietly changed what you had committed to — \
               \"later\", \"not really needed\", \"good enough for now\"? \
               What made it feel reasonable at the time?",
        template: Some(
            "Your plan for {task} shifted {count} times lately. \
             Which of those changes did you really choose, and which just happened?",
        ),
    },
    PromptDef {
        id: "thinking.after_a_win",
        layer: Layer::Thinking,
        text: "After the last thing that went well, what did you tell yourself next?",
        template: Some(
            "Breaks in {domain} have tended to follow a win. \
             After the last one, what did you tell yourself next?",
        ),
    },
    PromptDef {
        id: "thinking.kind_answer",
        layer: Layer::Thinking,
        text: "What was the harshest thing you thought about your own work this week? \
               How would you answer a friend who said it about theirs?",
        template: None,
    },
    // ── Execution layer ─────────────────────────────────────────────────────────────────────
    PromptDef {
        id: "execution.where_it_breaks",
        layer: Layer::Execution,
        text: "Where did consistency break this week — at the start, midway, \
               or close to the finish? What was happening around that moment?",
        template: Some(
            "\"{kind_label}\" came up {count} times in {domain} this week. \
             Where exactly did it break, and what was happening around that moment?",
        ),
    },
    PromptDef {
        id: "execution.repeating_pattern",
        layer: Layer::Execution,
        text: "Which pattern showed up again despite your intention? \
               What usually comes just before it?",
        template: Some(
            "{kind_label} on {task} has happened {count} times now. \
             What usually comes just before it?",
        ),
    },
    PromptDef {
        id: "execution.avoided_clear_action",
        layer: Layer::Execution,
        text: "Which clear, simple action have you been stepping around? \
               What is the smallest version of it you could do today?",
        template: Some(
            "{task} has been stepped around {count} times. \
             What is the smallest version of it you could do today?",
        ),
    },
    PromptDef {
        id: "execution.switch_point",
        layer: Layer::Execution,
        text: "When you switched away from something today, what did you switch to, \
               and what did it give you in that moment?",
        template: Some(
            "You switched away from {task} {count} times. What did you switch to, \
             and what did it give you in that moment?",
        ),
    },
    PromptDef {
        id: "execution.smallest_step",
        layer: Layer::Execution,
        text: "What is one step small enough that starting it would barely feel like a decision?",
        template: Some(
            "What is one step on {task} small enough that starting it would barely feel \
             like a decision?",
        ),
    },
];

/// A machine-usable behavioural signature, for the analyzer: where a belief's breaks tend to
/// concentrate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    /// Terms in task, domain or tag text the signature points at.
    pub task_keywords: &'static [&'static str],
    /// The break kinds the belief tends to leave.
    pub kinds: &'static [Kind],
    /// Breaks rise right after wins (completions, good streaks, achievements).
    pub after_wins: bool,
    /// Work is left unfinished when it is nearly done.
    pub high_progress_unfinished: bool,
    /// Breaks concentrate on recurring, scheduled, routine work.
    pub recurring: bool,
    /// Breaks concentrate on work set by other people (deadlines, requests, obligations).
    pub set_by_others: bool,
    /// Breaks concentrate on the most important, highest-stakes work.
    pub high_stakes: bool,
}

/// One catalog belief: ids, words, markers and machine signature.
struct BeliefDef {
    id: &'static str,
    statement: &'static str,
    description: &'static str,
    signature_text: &'static str,
    markers: &'static [&'static str],
    signature: Signature,
}

const NONE: Signature = Signature {
    task_keywords: &[],
    kinds: &[],
    after_wins: false,
    high_progress_unfinished: false,
    recurring: false,
    set_by_others: false,
    high_stakes: false,
};

const BELIEFS: &[BeliefDef] = &[
    BeliefDef {
        id: "identity_ceiling",
        statement: "People like me don't get to keep success at this level.",
        description: "A probable belief that success past a certain level does not belong to \
                      someone like you, so things drift back toward the familiar. \
                      It tends to show up as momentum fading right after good runs and as \
                      breaks rising when the stakes climb.",
        signature_text: "Breaks rise after wins and at higher stakes; momentum fades after \
                         good streaks.",
        markers: &[
            "people like me",
            "not someone who",
            "not the kind of person",
            "too good to be true",
            "can't last",
            "won't last",
            "never lasts",
            "always mess",
            "mess it up",
            "blow it",
            "sabotag",
            "ceiling",
            "out of my league",
            "not for me",
            "back to normal",
            "my luck",
            "fluke",
            "peaked",
            "this isn't me",
            "not who i am",
            "coast",
            "other shoe",
        ],
        signature: Signature {
            task_keywords: &[
                "milestone",
                "stretch",
                "target",
                "goal",
                "revenue",
                "growth",
                "quarter",
                "big",
            ],
            kinds: &[Kind::DelayedStart, Kind::Unfinished, Kind::Avoided],
            after_wins: true,
            high_stakes: true,
            ..NONE
        },
    },
    BeliefDef {
        id: "scale_control",
        statement: "If this grows, I'll lose control of it.",
        description: "A probable belief that growth means things slipping out of your hands, \
                      so it feels safer to keep everything small and close. \
                      It tends to show up as delaying delegation, hiring or automation, and as \
                      redoing work that others have already done.",
        signature_text: "Delay or avoidance of delegating, hiring, automating and \
                         systematising; redoing others' work.",
        markers: &[
            "control",
            "do it myself",
            "faster if i",
            "quicker to do it",
            "quicker if i",
            "nobody else",
            "no one else",
            "can't trust",
            "trust them",
            "they'll mess",
            "explain it",
            "delegat",
            "hand off",
            "hand it over",
            "hire",
            "hiring",
            "automat",
            "lose track",
            "out of hand",
            "gets too big",
            "too big to",
            "fix their",
            "check their",
            "cleaning up after",
            "let go",
        ],
        signature: Signature {
            task_keywords: &[
                "delegat",
                "hire",
                "hiring",
                "recruit",
                "automat",
                "handoff",
                "hand off",
                "onboard",
                "process",
                "system",
                "sop",
                "document",
                "workflow",
                "outsourc",
                "contractor",
                "training",
            ],
            kinds: &[Kind::DelayedStart, Kind::Avoided, Kind::Unfinished],
            ..NONE
        },
    },
    BeliefDef {
        id: "visibility_risk",
        statement: "If people really see my work, I'm open to attack.",
        description: "A probable belief that being visible opens you up to judgement or \
                      attack, so work stays private a little longer than planned. \
                      It tends to show up as breaks gathering around publishing, posting, \
                      pitching, presenting, sending and shipping.",
        signature_text: "Breaks concentrate on publishing, posting, pitching, presenting, \
                         sending and shipping.",
        markers: &[
            "judg",
            "people will see",
            "everyone will see",
            "they'll see",
            "embarrass",
            "critic",
            "critique",
            "mocked",
            "make fun",
            "laugh at",
            "cringe",
            "expose",
            "spotlight",
            "attention",
            "noticed",
            "visible",
            "posting",
            "posted",
            "post it",
            "post this",
            "publish",
            "hit send",
            "public",
            "what will people think",
            "what people think",
            "scrutin",
            "look stupid",
            "look foolish",
            "who am i to",
        ],
        signature: Signature {
            task_keywords: &[
                "publish",
                "post",
                "pitch",
                "present",
                "send",
                "ship",
                "launch",
                "share",
                "submit",
                "release",
                "announce",
                "demo",
                "talk",
                "video",
                "newsletter",
                "blog",
                "portfolio",
                "outreach",
            ],
            kinds: &[Kind::DelayedStart, Kind::Avoided, Kind::Unfinished],
            ..NONE
        },
    },
    BeliefDef {
        id: "consistency_trap",
        statement: "If I commit to a routine, I lose my freedom.",
        description: "A probable belief that steady repetition closes you in, so scheduled \
                      work starts to feel like a cage to slip out of. \
                      It tends to show up as breaks on recurring and routine work, and as \
                      frequent switching to something newer.",
        signature_text: "Breaks on recurring, scheduled and routine work; frequent switching.",
        markers: &[
            "routine",
            "boring",
            "bored",
            "tedious",
            "same thing",
            "every day",
            "every single",
            "again today",
            "trapped",
            "stuck doing",
            "cage",
            "freedom",
            "free to",
            "not in the mood",
            "don't feel like",
            "spontan",
            "rigid",
            "schedule",
            "monoton",
            "grind",
            "chore",
            "something new",
            "switch it up",
            "mix it up",
            "restless",
        ],
        signature: Signature {
            task_keywords: &[
                "daily", "weekly", "routine", "habit", "workout", "gym", "run", "journal", "every",
                "practice", "meditat", "standup", "study", "admin", "inbox", "chores",
            ],
            kinds: &[Kind::Switched, Kind::DelayedStart, Kind::Avoided],
            recurring: true,
            ..NONE
        },
    },
    BeliefDef {
        id: "perfection_standard",
        statement: "If it isn't excellent, it shows I'm not good enough.",
        description: "A probable belief that anything less than excellent says something bad \
                      about you, so finishing and being judged both feel risky. \
                      It tends to show up as work left unfinished when it is nearly done, \
                      as rework, and as delays right before anything gets evaluated.",
        signature_text: "Unfinished at high progress; rework; delays before anything gets \
                         judged.",
        markers: &[
            "perfect",
            "not good enough",
            "not ready",
            "isn't ready",
            "not there yet",
            "one more pass",
            "one more edit",
            "polish",
            "tweak",
            "redo",
            "rewrite",
            "start over",
            "from scratch",
            "flaw",
            "mistake",
            "sloppy",
            "mediocre",
            "half-baked",
            "half baked",
            "standard",
            "excellent",
            "quality",
            "exactly right",
            "just right",
            "amateur",
        ],
        signature: Signature {
            task_keywords: &[
                "draft",
                "edit",
                "design",
                "polish",
                "revis",
                "rewrite",
                "final",
                "write",
                "writing",
                "proposal",
                "thesis",
                "chapter",
                "manuscript",
            ],
            kinds: &[Kind::Unfinished, Kind::DelayedStart],
            high_progress_unfinished: true,
            ..NONE
        },
    },
    BeliefDef {
        id: "failure_exposure",
        statement: "If I try fully and fail, it proves I lack ability.",
        description: "A probable belief that a real, full-effort attempt would settle the \
                      question of your ability for good, so holding back keeps it open. \
                      It tends to show up as late starts on the most important work and as \
                      effort quietly held in reserve.",
        signature_text: "Late starts on the most important work; effort held back.",
        markers: &[
            "fail",
            "what if it doesn't work",
            "what if i can't",
            "can't do it",
            "not capable",
            "not smart enough",
            "not talented",
            "prove",
            "proof",
            "give it my all",
            "all in",
            "full effort",
            "hold back",
            "holding back",
            "safer not to",
            "not really trying",
            "wasn't trying",
            "if i don't try",
            "out of my depth",
            "too hard",
            "incompetent",
            "the important one",
            "stakes",
        ],
        signature: Signature {
            task_keywords: &[
                "exam",
                "test",
                "interview",
                "audition",
                "application",
                "important",
                "core",
                "competition",
                "certification",
                "assessment",
            ],
            kinds: &[Kind::DelayedStart, Kind::Avoided],
            high_stakes: true,
            ..NONE
        },
    },
    BeliefDef {
        id: "success_burden",
        statement: "If I succeed, I'll have to keep meeting higher expectations.",
        description: "A probable belief that each success raises a bar you will then have to \
                      clear forever, so success itself starts to feel heavy. \
                      It tends to show up as breaks right after achievements and when new \
                      growth opportunities appear.",
        signature_text: "Breaks after achievements or when growth opportunities appear.",
        markers: &[
            "expect",
            "keep it up",
            "keep up",
            "live up to",
            "raise the bar",
            "the bar is",
            "next level",
            "more will be asked",
            "asked of me",
            "they'll want more",
            "want more from me",
            "pressure",
            "sustain",
            "maintain",
            "can't keep",
            "burn out",
            "burnout",
            "one-hit",
            "one hit",
            "top that",
            "now what",
            "responsib",
        ],
        signature: Signature {
            task_keywords: &[
                "promotion",
                "opportunit",
                "offer",
                "expand",
                "next phase",
                "follow-up",
                "follow up",
                "sequel",
                "role",
                "lead",
                "grow",
                "scale",
            ],
            kinds: &[
                Kind::DelayedStart,
                Kind::Avoided,
                Kind::Unfinished,
                Kind::Switched,
            ],
            after_wins: true,
            ..NONE
        },
    },
    BeliefDef {
        id: "belonging_loss",
        statement: "If I outgrow my people, I'll lose them.",
        description: "A probable belief that rising above where you come from would cost you \
                      the people you belong with, so status-raising moves feel disloyal. \
                      It tends to show up as breaks on work that would raise your standing and \
                      as thoughts about peers, family and \"who am I to\".",
        signature_text: "Breaks on status-raising work; thoughts about peers, family, \
                         \"who am I to\".",
        markers: &[
            "who am i to",
            "my family",
            "my friends",
            "my parents",
            "my mum",
            "my mom",
            "my dad",
            "where i come from",
            "people like us",
            "leave them behind",
            "left behind",
            "outgrow",
            "too big for",
            "getting above",
            "above myself",
            "above my station",
            "show off",
            "showing off",
            "brag",
            "think i've changed",
            "different from them",
            "fit in",
            "lonely",
            "jealous",
            "envy",
            "drift apart",
        ],
        signature: Signature {
            task_keywords: &[
                "degree",
                "course",
                "certificat",
                "relocat",
                "move",
                "speak",
                "award",
                "conference",
                "network",
                "title",
                "business",
                "startup",
            ],
            kinds: &[Kind::Avoided, Kind::DelayedStart, Kind::Switched],
            ..NONE
        },
    },
    BeliefDef {
        id: "undeserving",
        statement: "I haven't earned this, and sooner or later I'll be found out.",
        description: "A probable belief that you are not yet entitled to what you are \
                      reaching for, so claiming it feels like getting away with something. \
                      It tends to show up as avoiding pricing, asking, selling and taking \
                      credit for your work.",
        signature_text: "Avoidance of pricing, asking, selling and claiming credit.",
        markers: &[
            "deserve",
            "earned",
            "fraud",
            "impostor",
            "imposter",
            "found out",
            "fake",
            "faking",
            "pretend",
            "too expensive",
            "overcharg",
            "worth it",
            "not worth",
            "ask for",
            "asking for",
            "take credit",
            "lucky",
            "greedy",
            "cheeky",
            "presumptuous",
            "salesy",
            "pushy",
            "bother them",
            "imposing",
            "my rate",
            "my price",
        ],
        signature: Signature {
            task_keywords: &[
                "price",
                "pricing",
                "invoice",
                "ask",
                "sell",
                "sales",
                "raise",
                "negotiat",
                "credit",
                "rate",
                "fee",
                "quote",
                "charge",
                "salary",
                "referral",
                "testimonial",
                "case study",
            ],
            kinds: &[Kind::Avoided, Kind::DelayedStart],
            ..NONE
        },
    },
    BeliefDef {
        id: "autonomy_resistance",
        statement: "If I do what's expected of me, I'm giving in.",
        description: "A probable belief that going along with what others ask costs you your \
                      independence, so resisting feels like keeping yourself intact. \
                      It tends to show up as breaks on work set by others, on deadlines and \
                      on obligations.",
        signature_text: "Breaks on work set by others, deadlines and obligations.",
        markers: &[
            "have to",
            "had to",
            "supposed to",
            "forced",
            "force me",
            "made me",
            "make me",
            "told me to",
            "asked me to",
            "being told",
            "orders",
            "boss",
            "my manager",
            "deadline",
            "obligat",
            "someone else's",
            "not my idea",
            "not my choice",
            "why should i",
            "my own terms",
            "pointless",
            "busywork",
            "box-ticking",
            "box ticking",
            "micromanag",
            "breathing down",
            "resent",
        ],
        signature: Signature {
            task_keywords: &[
                "deadline",
                "report",
                "timesheet",
                "requested",
                "request",
                "boss",
                "client asked",
                "compliance",
                "tax",
                "paperwork",
                "forms",
                "meeting",
                "assigned",
                "required",
                "mandatory",
                "expense",
            ],
            kinds: &[Kind::DelayedStart, Kind::Avoided, Kind::Unfinished],
            set_by_others: true,
            ..NONE
        },
    },
];

/// Markers that are deliberately shared by more than one belief, because the same words
/// genuinely point at both.
pub const SHARED_MARKERS: &[&str] = &["who am i to"];

/// The ids of the built-in belief catalog, in catalog order.
pub fn builtin_belief_ids() -> Vec<&'static str> {
    BELIEFS.iter().map(|b| b.id).collect()
}

fn to_prompt(d: &PromptDef) -> Prompt {
    Prompt {
        id: d.id.to_string(),
        layer: d.layer,
        text: d.text.to_string(),
        builtin: true,
    }
}

fn to_belief(d: &BeliefDef) -> Belief {
    Belief {
        id: d.id.to_string(),
        statement: d.statement.to_string(),
        description: d.description.to_string(),
        signature: d.signature_text.to_string(),
        markers: d.markers.iter().map(|m| m.to_string()).collect(),
        builtin: true,
    }
}

/// All built-in reflection prompts, grouped by layer (belief, thinking, execution).
pub fn builtin_prompts() -> Vec<Prompt> {
    PROMPTS.iter().map(to_prompt).collect()
}

/// The built-in prompts of one layer.
pub fn builtin_prompts_in(layer: Layer) -> Vec<Prompt> {
    PROMPTS
        .iter()
        .filter(|p| p.layer == layer)
        .map(to_prompt)
        .collect()
}

/// The built-in prompt with this id.
pub fn prompt(id: &str) -> Option<Prompt> {
    PROMPTS.iter().find(|p| p.id == id).map(to_prompt)
}

/// The templated variant of a built-in prompt, with placeholders from [`PLACEHOLDERS`], for
/// reminders to fill with the person's data. `None` for unknown ids and prompts without one.
pub fn prompt_template(id: &str) -> Option<&'static str> {
    PROMPTS.iter().find(|p| p.id == id).and_then(|p| p.template)
}

/// The placeholder names (without braces) a template uses, in order of first appearance.
pub fn template_placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                if is_placeholder_name(name) && !names.contains(&name) {
                    names.push(name);
                }
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names
}

fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Fills `{name}` placeholders in a template with the given values, in one pass (a value that
/// itself contains `{...}` is inserted as is, never filled again). Placeholders without a value
/// are left untouched, so a caller can see what is missing with [`template_placeholders`].
pub fn fill_template(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v, close))
        });
        match filled {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The built-in belief catalog.
pub fn builtin_beliefs() -> Vec<Belief> {
    BELIEFS.iter().map(to_belief).collect()
}

/// The catalog belief with this id.
pub fn belief(id: &str) -> Option<Belief> {
    BELIEFS.iter().find(|b| b.id == id).map(to_belief)
}

/// The machine-usable behavioural signature of a catalog belief.
pub fn signature(belief_id: &str) -> Option<Signature> {
    BELIEFS
        .iter()
        .find(|b| b.id == belief_id)
        .map(|b| b.signature)
}

/// A reframe a person might start from for a catalog belief (realignment step 2): the thought
/// to practise instead, in their own words once they have found them.
pub fn suggested_reframe(belief_id: &str) -> Option<&'static str> {
    Some(match belief_id {
        "identity_ceiling" => {
            "Success at this level is a skill I can practise, not a place I have to deserve."
        }
        "scale_control" => "Growth can come with structure I design: I decide how it scales.",
        "visibility_risk" => {
            "Being seen is how good work reaches people; feedback is information, not an attack."
        }
        "consistency_trap" => {
            "A routine I choose protects my freedom: it spends less will on deciding."
        }
        "perfection_standard" => "Done and shared teaches me more than perfect and hidden.",
        "failure_exposure" => {
            "A full try that falls short shows me what to learn next, not what I lack."
        }
        "success_burden" => "I can succeed and still choose my own pace and limits.",
        "belonging_loss" => "Growing lets me bring more to the people I care about.",
        "undeserving" => "I earn it by doing the work in front of me, one step at a time.",
        "autonomy_resistance" => "Keeping a commitment I chose is my own decision, not giving in.",
        _ => return None,
    })
}

/// Lowercases and turns typographic apostrophes into plain ones.
fn normalize(text: &str) -> String {
    text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'")
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

/// Whether a marker or keyword `term` occurs in `text`: starting at a word start, matching as a
/// prefix (a stem), case-insensitively, with typographic apostrophes treated as plain ones.
/// An empty term matches nothing.
pub fn term_matches(term: &str, text: &str) -> bool {
    let term = normalize(term.trim());
    if term.is_empty() {
        return false;
    }
    let text = normalize(text);
    text.match_indices(term.as_str()).any(|(at, _)| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c))
    })
}

// ---------------------------------------------------------------------------------------------
// The prompt rotation

/// The layer of the prompt rotation on a local date: belief, thinking, execution, belief, …
pub fn rotation_layer(date: NaiveDate) -> Layer {
    let i = date.num_days_from_ce().rem_euclid(3);
    Layer::ALL[usize::try_from(i).unwrap_or(0)]
}

/// The built-in prompt for a date: the layer rotates day by day ([`rotation_layer`]), and
/// within a layer the prompts take turns, so the same date always gets the same prompt.
pub fn prompt_for(date: NaiveDate, prompts: &[Prompt]) -> Option<Prompt> {
    let day = i64::from(date.num_days_from_ce());
    let layer = rotation_layer(date);
    let of_layer: Vec<&Prompt> = prompts
        .iter()
        .filter(|p| p.builtin && p.layer == layer)
        .collect();
    let pool: Vec<&Prompt> = if of_layer.is_empty() {
        prompts.iter().filter(|p| p.builtin).collect()
    } else {
        of_layer
    };
    if pool.is_empty() {
        return None;
    }
    let turn = usize::try_from(day.div_euclid(3)).unwrap_or(0) % pool.len();
    Some(pool[turn].clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const BELIEF_IDS: [&str; 10] = [
        "identity_ceiling",
        "scale_control",
        "visibility_risk",
        "consistency_trap",
        "perfection_standard",
        "failure_exposure",
        "success_burden",
        "belonging_loss",
        "undeserving",
        "autonomy_resistance",
    ];

    fn is_snake_slug(s: &str) -> bool {
        !s.is_empty()
            && !s.starts_with('_')
            && !s.ends_with('_')
            && !s.contains("__")
            && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    }

    #[test]
    fn every_catalog_belief_has_a_suggested_reframe() {
        for b in builtin_beliefs() {
            let r = suggested_reframe(&b.id).unwrap_or_default();
            assert!(r.len() > 20, "{}: {r:?}", b.id);
        }
        assert_eq!(suggested_reframe("custom:mine"), None);
    }

    #[test]
    fn prompt_ids_are_unique_and_well_formed() {
        let prompts = builtin_prompts();
        let ids: HashSet<&str> = prompts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), prompts.len(), "duplicate prompt id");
        for p in &prompts {
            let (layer, slug) = p.id.split_once('.').expect("id has a dot");
            assert_eq!(
                layer,
                p.layer.as_str(),
                "{} is filed under the wrong layer",
                p.id
            );
            assert!(is_snake_slug(slug), "{} has a malformed slug", p.id);
            assert!(p.builtin, "{} is not marked built-in", p.id);
            assert!(p.text.trim().len() > 20, "{} has hardly any text", p.id);
            assert!(p.text.contains('?'), "{} does not ask", p.id);
            assert!(
                !p.text.contains('{'),
                "{} plain text has a placeholder",
                p.id
            );
        }
    }

    #[test]
    fn every_layer_has_enough_prompts() {
        for layer in Layer::ALL {
            let n = builtin_prompts_in(layer).len();
            assert!(n >= 4, "{layer} has only {n} prompts");
            assert!(builtin_prompts_in(layer).iter().all(|p| p.layer == layer));
        }
        let total: usize = Layer::ALL
            .iter()
            .map(|l| builtin_prompts_in(*l).len())
            .sum();
        assert_eq!(total, builtin_prompts().len());
    }

    #[test]
    fn every_design_topic_has_its_prompt() {
        let topics = [
            ("belief.sustainable_if", Layer::Belief),
            ("belief.identity", Layer::Belief),
            ("belief.resisting_part", Layer::Belief),
            ("thinking.setback_reading", Layer::Thinking),
            ("thinking.before_delay", Layer::Thinking),
            ("thinking.quiet_reframe", Layer::Thinking),
            ("execution.where_it_breaks", Layer::Execution),
            ("execution.repeating_pattern", Layer::Execution),
            ("execution.avoided_clear_action", Layer::Execution),
        ];
        for (id, layer) in topics {
            let p = prompt(id).unwrap_or_else(|| panic!("missing prompt {id}"));
            assert_eq!(p.layer, layer, "{id}");
            assert_eq!(p.id, id);
        }
    }

    #[test]
    fn prompt_lookup_refuses_unknown_ids() {
        assert_eq!(prompt("thinking.nope"), None);
        assert_eq!(prompt(""), None);
        assert_eq!(prompt("THINKING.BEFORE_DELAY"), None);
        assert_eq!(prompt_template("thinking.nope"), None);
        assert!(prompt("thinking.kind_answer").is_some());
        assert_eq!(prompt_template("thinking.kind_answer"), None);
    }

    #[test]
    fn templates_use_only_known_placeholders_and_balanced_braces() {
        let mut with_template = 0;
        for p in builtin_prompts() {
            let Some(t) = prompt_template(&p.id) else {
                continue;
            };
            with_template += 1;
            let names = template_placeholders(t);
            assert!(!names.is_empty(), "{} template has no placeholder", p.id);
            for n in &names {
                assert!(PLACEHOLDERS.contains(n), "{} uses unknown {{{n}}}", p.id);
            }
            assert_eq!(
                t.matches('{').count(),
                t.matches('}').count(),
                "{} has unbalanced braces",
                p.id
            );
        }
        assert!(with_template >= 9, "only {with_template} templated prompts");
    }

    #[test]
    fn templates_fill_completely_when_all_values_are_given() {
        let values = [
            ("task", "the newsletter"),
            ("count", "3"),
            ("kind_label", Kind::DelayedStart.label()),
            ("domain", "writing"),
        ];
        for p in builtin_prompts() {
            if let Some(t) = prompt_template(&p.id) {
                let filled = fill_template(t, &values);
                assert!(!filled.contains('{'), "{}: {filled}", p.id);
                assert!(!filled.contains('}'), "{}: {filled}", p.id);
            }
        }
        let t = prompt_template("thinking.before_delay").unwrap();
        assert_eq!(
            fill_template(t, &values),
            "You put off the newsletter 3 times this week — what did you tell yourself right before?"
        );
    }

    #[test]
    fn fill_template_leaves_missing_and_odd_braces_alone() {
        assert_eq!(
            fill_template("{task} ran {count} times", &[("task", "Run")]),
            "Run ran {count} times"
        );
        assert_eq!(
            fill_template("no placeholders", &[("task", "x")]),
            "no placeholders"
        );
        assert_eq!(fill_template("open { only", &[]), "open { only");
        assert_eq!(fill_template("{task", &[("task", "x")]), "{task");
        assert_eq!(fill_template("", &[("task", "x")]), "");
        // Values are inserted once, never filled again.
        assert_eq!(
            fill_template("{task} / {count}", &[("task", "{count}"), ("count", "2")]),
            "{count} / 2"
        );
        // Repeated placeholders are all filled; non-ASCII text around them survives.
        assert_eq!(fill_template("{task}—{task} é", &[("task", "ü")]), "ü—ü é");
    }

    #[test]
    fn template_placeholders_lists_names_once_in_order() {
        assert_eq!(
            template_placeholders("{count} of {task}, {count} again, {Not} {} {task"),
            vec!["count", "task"]
        );
        assert!(template_placeholders("plain").is_empty());
    }

    #[test]
    fn the_catalog_has_exactly_the_ten_design_beliefs() {
        let ids = builtin_belief_ids();
        assert_eq!(ids, BELIEF_IDS.to_vec());
        for id in BELIEF_IDS {
            let b = belief(id).unwrap_or_else(|| panic!("missing belief {id}"));
            assert_eq!(b.id, id);
            assert!(b.builtin);
            assert!(signature(id).is_some(), "{id} has no signature");
        }
        assert_eq!(builtin_beliefs().len(), 10);
        assert_eq!(belief("custom:x"), None);
        assert_eq!(belief("Visibility_Risk"), None);
        assert_eq!(signature("nope"), None);
    }

    #[test]
    fn belief_words_are_first_person_probable_and_not_diagnostic() {
        for b in builtin_beliefs() {
            let words: Vec<String> = b
                .statement
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .map(str::to_string)
                .collect();
            assert!(
                words
                    .iter()
                    .any(|w| ["i", "i'm", "i'll", "me", "my"].contains(&w.as_str())),
                "{}: statement is not first person",
                b.id
            );
            assert!(b.statement.len() <= 80, "{}: statement too long", b.id);
            assert_eq!(
                b.description.matches(". ").count() + 1,
                2,
                "{}: description is not two sentences",
                b.id
            );
            assert!(b.description.ends_with('.'), "{}", b.id);
            let d = b.description.to_lowercase();
            assert!(d.contains("probable"), "{}: not framed as probable", b.id);
            for banned in ["diagnos", "disorder", "symptom", "patholog", "you have a"] {
                assert!(!d.contains(banned), "{}: says {banned}", b.id);
            }
            assert!(
                !b.signature.trim().is_empty(),
                "{}: no signature words",
                b.id
            );
        }
    }

    #[test]
    fn every_belief_has_enough_clean_markers() {
        for b in builtin_beliefs() {
            let n = b.markers.len();
            assert!((12..=30).contains(&n), "{} has {n} markers", b.id);
            let unique: HashSet<&String> = b.markers.iter().collect();
            assert_eq!(unique.len(), n, "{} repeats a marker", b.id);
            for m in &b.markers {
                assert!(!m.trim().is_empty(), "{}: empty marker", b.id);
                assert_eq!(m, &m.to_lowercase(), "{}: {m:?} is not lowercase", b.id);
                assert_eq!(m, m.trim(), "{}: {m:?} has outer spaces", b.id);
                assert!(
                    !m.contains('\u{2019}'),
                    "{}: {m:?} has a curly apostrophe",
                    b.id
                );
            }
        }
    }

    #[test]
    fn no_marker_of_one_belief_matches_a_marker_of_another() {
        let beliefs = builtin_beliefs();
        let mut clashes = Vec::new();
        for a in &beliefs {
            for b in &beliefs {
                if a.id == b.id {
                    continue;
                }
                for ma in &a.markers {
                    if SHARED_MARKERS.contains(&ma.as_str()) {
                        continue;
                    }
                    for mb in &b.markers {
                        if term_matches(ma, mb) {
                            clashes.push(format!("{}:{ma} ~ {}:{mb}", a.id, b.id));
                        }
                    }
                }
            }
        }
        assert!(clashes.is_empty(), "markers clash: {clashes:?}");
        // Every allowed shared marker really is shared, so the allow-list stays honest.
        for shared in SHARED_MARKERS {
            let holders = beliefs
                .iter()
                .filter(|b| b.markers.iter().any(|m| m == shared))
                .count();
            assert!(holders >= 2, "{shared} is listed as shared but is not");
        }
    }

    #[test]
    fn signatures_are_usable() {
        for id in BELIEF_IDS {
            let s = signature(id).unwrap();
            assert!(!s.kinds.is_empty(), "{id}: no kinds");
            for k in s.kinds {
                assert!(Kind::BREAKS.contains(k), "{id}: {k:?} is not a break kind");
            }
            assert!(s.task_keywords.len() >= 5, "{id}: too few task keywords");
            let unique: HashSet<&&str> = s.task_keywords.iter().collect();
            assert_eq!(
                unique.len(),
                s.task_keywords.len(),
                "{id}: repeated keyword"
            );
            for k in s.task_keywords {
                assert!(
                    !k.is_empty() && *k == k.to_lowercase(),
                    "{id}: bad keyword {k:?}"
                );
            }
        }
        // The design's table, as flags.
        assert!(signature("identity_ceiling").unwrap().after_wins);
        assert!(signature("identity_ceiling").unwrap().high_stakes);
        assert!(signature("success_burden").unwrap().after_wins);
        assert!(
            signature("perfection_standard")
                .unwrap()
                .high_progress_unfinished
        );
        assert!(signature("consistency_trap").unwrap().recurring);
        assert!(signature("consistency_trap")
            .unwrap()
            .kinds
            .contains(&Kind::Switched));
        assert!(signature("autonomy_resistance").unwrap().set_by_others);
        assert!(signature("failure_exposure").unwrap().high_stakes);
        assert!(!signature("visibility_risk").unwrap().set_by_others);
    }

    #[test]
    fn signature_keywords_point_at_the_designed_work() {
        let hits = |id: &str, task: &str| {
            signature(id)
                .unwrap()
                .task_keywords
                .iter()
                .any(|k| term_matches(k, task))
        };
        assert!(hits("visibility_risk", "Publish the blog post"));
        assert!(hits("visibility_risk", "Sending the pitch deck"));
        assert!(hits("scale_control", "Delegate invoicing to Sam"));
        assert!(hits("scale_control", "Automating the weekly export"));
        assert!(hits("undeserving", "Update pricing page"));
        assert!(hits("undeserving", "Negotiate the contract"));
        assert!(hits("autonomy_resistance", "Timesheet for October"));
        assert!(hits("consistency_trap", "Daily workout"));
        assert!(hits("perfection_standard", "Second draft of chapter 3"));
        assert!(!hits("visibility_risk", "Water the plants"));
        assert!(!hits("undeserving", "Water the plants"));
    }

    #[test]
    fn term_matching_is_prefix_at_word_start() {
        assert!(term_matches("perfect", "It has to be perfection."));
        assert!(term_matches("perfect", "PERFECT"));
        assert!(term_matches("judg", "they'll be judging me"));
        assert!(term_matches(
            "who am i to",
            "Honestly, who am I to post this?"
        ));
        assert!(term_matches("can't last", "This can’t last"));
        assert!(!term_matches("hire", "the shire"));
        assert!(!term_matches("post it", "I'll postpone it"));
        assert!(!term_matches("fail", "without fa il"));
        assert!(!term_matches("", "anything"));
        assert!(!term_matches("  ", "anything"));
        assert!(!term_matches("perfect", ""));
        // An apostrophe is part of a word, so "t" inside "don't" is not a word start.
        assert!(!term_matches("t", "don't"));
    }

    #[test]
    fn markers_recognise_typical_inner_dialogue() {
        let matched = |text: &str| -> Vec<String> {
            builtin_beliefs()
                .into_iter()
                .filter(|b| b.markers.iter().any(|m| term_matches(m, text)))
                .map(|b| b.id)
                .collect()
        };
        assert_eq!(
            matched("What will people think if I publish this? They'll judge it."),
            vec!["visibility_risk"]
        );
        assert_eq!(
            matched("It's quicker to do it myself than explain it to them."),
            vec!["scale_control"]
        );
        assert_eq!(
            matched("Needs one more pass, it isn't ready."),
            vec!["perfection_standard"]
        );
        assert_eq!(
            matched("Who do they think they are, I'm not being told what to do."),
            vec!["autonomy_resistance"]
        );
        assert_eq!(
            matched("I feel like a fraud asking for that much."),
            vec!["undeserving"]
        );
        // Plain scheduling words carry no belief signal.
        for neutral in [
            "later",
            "tomorrow",
            "I'll postpone it",
            "after lunch",
            "too tired",
        ] {
            assert!(
                matched(neutral).is_empty(),
                "{neutral:?} matched {:?}",
                matched(neutral)
            );
        }
    }

    fn builtin(id: &str, layer: Layer) -> Prompt {
        Prompt {
            id: id.into(),
            layer,
            text: id.into(),
            builtin: true,
        }
    }

    #[test]
    fn prompts_rotate_by_date_across_layers() {
        let prompts = vec![
            builtin("b1", Layer::Belief),
            builtin("b2", Layer::Belief),
            builtin("t1", Layer::Thinking),
            builtin("e1", Layer::Execution),
            Prompt {
                builtin: false,
                ..builtin("custom:mine", Layer::Thinking)
            },
        ];
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        let layers: Vec<Layer> = (0..3)
            .map(|i| {
                prompt_for(d + chrono::Days::new(i), &prompts)
                    .expect("a prompt")
                    .layer
            })
            .collect();
        assert_eq!(layers.len(), 3);
        assert!(Layer::ALL.iter().all(|l| layers.contains(l)));
        // The same date always gets the same prompt; custom prompts are not rotated in.
        for i in 0..12 {
            let day = d + chrono::Days::new(i);
            let p = prompt_for(day, &prompts).expect("a prompt");
            assert_eq!(Some(&p), prompt_for(day, &prompts).as_ref());
            assert!(p.builtin);
        }
        // Both belief prompts take turns.
        let beliefs: std::collections::BTreeSet<String> = (0..12)
            .map(|i| prompt_for(d + chrono::Days::new(i), &prompts).expect("a prompt"))
            .filter(|p| p.layer == Layer::Belief)
            .map(|p| p.id)
            .collect();
        assert_eq!(beliefs.len(), 2);
        assert_eq!(prompt_for(d, &[]), None);
    }
}
