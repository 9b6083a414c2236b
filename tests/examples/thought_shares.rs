//! How the text model reads each belief's own thoughts and reflections in the tuning banks the
//! belief head was not fitted on: for every belief, how often a text's largest share goes to
//! it, to a neighbour or to the neutral class, and the mean share it keeps; with the head and
//! with nearest prototypes alone (`HEAD=0`). It never reads the reporting bank.
//!
//! `cargo run --release -p plumbline-tests --example thought_shares [-- BELIEF]` (with a belief id,
//! also prints that belief's texts that went elsewhere)

use std::collections::BTreeMap;

use plumbline_core::catalog::builtin_belief_ids;
use plumbline_tests::heldout::{self, BELIEF_IDS};

fn main() {
    let show = std::env::args().nth(1);
    let model = plumbline_tests::text_model();
    let mut protos = plumbline_tests::catalog_prototypes(&[]);
    if std::env::var("HEAD").as_deref() == Ok("0") {
        protos = protos.without_head();
    }
    let ids = builtin_belief_ids();
    let class = |i: usize| -> &str { ids.get(i).copied().unwrap_or("neutral") };
    let mut shares = Vec::new();
    let mut total_hits = 0usize;
    let mut total = 0usize;
    let mut neutral_leak = 0.0f64;
    let mut neutral_n = 0usize;
    // Per belief: texts read right, texts, the sum of its own shares, where the rest went.
    type Tally = (usize, usize, f64, BTreeMap<String, usize>);
    let mut per: BTreeMap<&str, Tally> = BTreeMap::new();
    for name in heldout::judging_banks() {
        let bank = heldout::load_bank(name);
        for id in BELIEF_IDS {
            let b = &bank.beliefs[id];
            for t in b.thoughts.iter().chain(&b.reflections) {
                protos.shares(&model.embed(t), &mut shares);
                let best = plumbline_tests::argmax(&shares);
                let own = ids.iter().position(|x| *x == id).expect("catalog id");
                let e = per.entry(id).or_default();
                e.1 += 1;
                e.2 += f64::from(shares[own]);
                total += 1;
                if best == own {
                    e.0 += 1;
                    total_hits += 1;
                } else {
                    *e.3.entry(class(best).to_string()).or_default() += 1;
                    if show.as_deref() == Some(id) {
                        println!("{name:8} → {:20} own {:.2}: {t}", class(best), shares[own]);
                    }
                }
            }
        }
        for t in &bank.neutral_thoughts {
            protos.shares(&model.embed(t), &mut shares);
            neutral_leak += f64::from(1.0 - shares[shares.len() - 1]);
            neutral_n += 1;
        }
    }
    for (id, (hits, n, share, wrong)) in &per {
        let mut w: Vec<_> = wrong.iter().collect();
        w.sort_by(|a, b| b.1.cmp(a.1));
        let w: Vec<String> = w.iter().take(4).map(|(k, v)| format!("{k} {v}")).collect();
        println!(
            "{id:20} {hits:4}/{n:<4} {:5.1}%  mean own share {:.2}  → {}",
            100.0 * *hits as f64 / *n as f64,
            share / *n as f64,
            w.join(", ")
        );
    }
    println!(
        "all {total_hits}/{total} {:.1}%; neutral thoughts' share to beliefs {:.3}",
        100.0 * total_hits as f64 / total as f64,
        neutral_leak / neutral_n as f64
    );
}
