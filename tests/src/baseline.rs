//! A plain marker-only baseline the analyzer must beat.
//!
//! For each catalog belief, a few task words and thought words taken from the wording of
//! DESIGN §2 alone; then a one-sided Fisher exact test of "breaks among events whose task or
//! thought matches the belief's words" against the rest of the counted events.

use serde_json::Value;

/// One line per belief: `id: task words / thought words`, `|`-separated. Matching is
/// case-insensitive at word starts.
const WORDS: &str = "
identity_ceiling: win|stakes|streak|level / people like me|sustain|success|this level|streak|momentum
scale_control: delegat|hir|automat|system|team|outsourc / grow|control|myself|delegat|redo|hand off
visibility_risk: publish|post|pitch|present|send|ship / seen|scrutin|danger|visible|judg|people will
consistency_trap: daily|weekly|routine|recurring|schedul / freedom|routine|consisten|trapped|boring|every day
perfection_standard: final|submit|edit|review|polish / excellent|perfect|good enough|not good|flaw|rework
failure_exposure: important|exam|interview|big / fail|ability|try|prove|capable|my best
success_burden: growth|opportunit|promotion|expan / expectation|expect|keep up|keep meeting|pressure|achiev
belonging_loss: promotion|status|apply|leader / who am i|family|friends|peers|outgrow|lose them
undeserving: pric|ask|sell|sales|invoice|credit|raise / deserv|earned|found out|fraud|impostor|worth
autonomy_resistance: deadline|required|mandatory|obligat|request / expected|giving in|told|have to|should|my terms|deadline";

fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        i == 0
            || !text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// ln(n!) for n = 0..=max.
fn log_factorials(max: usize) -> Vec<f64> {
    let mut out = vec![0.0; max + 1];
    for i in 1..=max {
        out[i] = out[i - 1] + (i as f64).ln();
    }
    out
}

/// P(X >= a) for X ~ Hypergeometric(population n, successes k, draws m), in log space.
fn upper_tail(a: usize, n: usize, k: usize, m: usize, lf: &[f64]) -> f64 {
    let ln_choose = |x: usize, y: usize| lf[x] - lf[y] - lf[x - y];
    let hi = k.min(m);
    let terms: Vec<f64> = (a..=hi)
        .filter(|&x| m - x <= n - k)
        .map(|x| ln_choose(k, x) + ln_choose(n - k, m - x) - ln_choose(n, m))
        .collect();
    let top = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if top == f64::NEG_INFINITY {
        return 1.0;
    }
    (top + terms.iter().map(|t| (t - top).exp()).sum::<f64>().ln())
        .exp()
        .min(1.0)
}

/// Ranks the catalog beliefs by the baseline's p-value, smallest first (ties keep catalog order).
pub fn rank(journal_json: &str) -> Vec<(String, f64)> {
    let doc: Value = serde_json::from_str(journal_json).expect("a journal file is JSON");
    let mut rows: Vec<(bool, String, String)> = Vec::new(); // (break, task text, thought)
    for e in doc["events"].as_array().into_iter().flatten() {
        let is_break = match e["kind"].as_str() {
            Some("completed") => false,
            Some("delayed_start" | "unfinished" | "avoided" | "switched") => true,
            _ => continue,
        };
        let tags: Vec<&str> = e["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let task =
            format!("{} {}", e["task"].as_str().unwrap_or(""), tags.join(" ")).to_lowercase();
        rows.push((
            is_break,
            task,
            e["thought"].as_str().unwrap_or("").to_lowercase(),
        ));
    }
    let n = rows.len();
    let k = rows.iter().filter(|r| r.0).count();
    let lf = log_factorials(n);
    let mut out: Vec<(String, f64)> = WORDS
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(id, words)| {
            let (task_words, thought_words) = words.split_once(" / ").expect("two word lists");
            let hit = |r: &(bool, String, String)| {
                task_words.split('|').any(|w| has_word(&r.1, w))
                    || thought_words.split('|').any(|w| has_word(&r.2, w))
            };
            let m = rows.iter().filter(|r| hit(r)).count();
            let a = rows.iter().filter(|r| r.0 && hit(r)).count();
            let p = if m == 0 {
                1.0
            } else {
                upper_tail(a, n, k, m, &lf)
            };
            (id.to_string(), p)
        })
        .collect();
    out.sort_by(|x, y| x.1.total_cmp(&y.1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fisher_tail_matches_a_hand_computed_table() {
        // 2x2 table [[3, 0], [0, 3]]: P(X >= 3) = 1 / C(6, 3) = 0.05.
        let lf = log_factorials(6);
        assert!((upper_tail(3, 6, 3, 3, &lf) - 0.05).abs() < 1e-12);
        assert!((upper_tail(0, 6, 3, 3, &lf) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn finds_normal_plants_and_stays_quiet_on_null_journals() {
        use crate::heldout::{journal, load_bank, Spec, Strength, BELIEF_IDS};
        let bank = load_bank("tune");
        let mut top3 = 0;
        for (i, b) in BELIEF_IDS.iter().enumerate() {
            let spec = Spec::Single {
                belief: (*b).to_string(),
                strength: Strength::Normal,
            };
            let ranked = rank(&journal(&bank, &spec, 500 + i as u64).json);
            assert_eq!(ranked.len(), BELIEF_IDS.len());
            assert!(ranked.windows(2).all(|w| w[0].1 <= w[1].1), "not ascending");
            top3 += usize::from(ranked.iter().take(3).any(|(id, _)| id == b));
        }
        assert!(top3 >= 9, "planted belief in the top three in {top3} of 10");
        for seed in 0..10 {
            let ranked = rank(&journal(&bank, &Spec::Null, 600 + seed).json);
            assert!(ranked[0].1 > 1e-3, "null journal {seed}: {ranked:?}");
        }
    }

    #[test]
    fn words_match_at_word_starts_only() {
        assert!(has_word("publish the post", "post"));
        assert!(!has_word("compost the leaves", "post"));
    }
}
