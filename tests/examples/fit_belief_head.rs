//! Fits the analyzer's belief head (`core/src/analyze/belief_head.rs`, see
//! `plumbline_core::analyze::head`) for the committed text model: a multinomial logistic
//! regression over each labelled text's centred sentence vector and its nearest-prototype
//! similarities, on the thoughts and reflections of every belief and the neutral thoughts of the
//! held-out banks in `head::TRAINING_BANKS`. The banks the analyzer is judged on stay out.
//!
//! Full-batch Adam on the mean log-loss with an L2 penalty on the weights ([`LAMBDA`]); the same
//! inputs give the same bytes.
//!
//! `cargo run --release -p plumbline-tests --example fit_belief_head`

use plumbline_core::analyze::head::{self, Head};
use plumbline_core::analyze::semantic::TEMPERATURE;
use plumbline_core::catalog::builtin_belief_ids;
use plumbline_core::embed::DIM;
use plumbline_tests::heldout::{self, BELIEF_IDS, REPORTING};

/// The L2 penalty on the weights, per unit of mean log-loss.
const LAMBDA: f64 = 3e-5;
const STEPS: usize = 4000;
const RATE: f64 = 0.02;

struct Example {
    centred: Vec<f32>,
    sims: Vec<f32>,
    class: usize,
}

/// Every class's logit for `e` under the parameters `p` (`z.len()` rows of `DIM` weights, one
/// bias per class, then the scale): what the head computes, in f64.
fn logits(p: &[f64], e: &Example, z: &mut [f64]) {
    let k = z.len();
    let scale = p[p.len() - 1];
    for (c, zc) in z.iter_mut().enumerate() {
        let w = &p[c * DIM..(c + 1) * DIM];
        let dot: f64 = w
            .iter()
            .zip(&e.centred)
            .map(|(a, b)| a * f64::from(*b))
            .sum();
        *zc = scale * f64::from(e.sims[c]) + p[k * DIM + c] + dot;
    }
}

fn main() {
    let model = plumbline_tests::text_model();
    let protos = plumbline_tests::catalog_prototypes(&[]).without_head();
    let mut ids: Vec<&str> = builtin_belief_ids();
    ids.push(head::NEUTRAL);
    let k = ids.len();
    let example = |t: &str, class: usize| {
        let v = model.embed(t);
        let mut sims = Vec::new();
        protos.similarities(&v, &mut sims);
        sims.iter_mut().for_each(|s| *s /= TEMPERATURE);
        Example {
            centred: protos.centred(&v),
            sims,
            class,
        }
    };
    let mut data = Vec::new();
    for name in head::TRAINING_BANKS {
        assert_ne!(name, REPORTING, "the reporting bank is never fitted on");
        let bank = heldout::load_bank(name);
        for id in BELIEF_IDS {
            let class = ids.iter().position(|x| *x == id).expect("catalog id");
            let b = &bank.beliefs[id];
            for t in b.thoughts.iter().chain(&b.reflections) {
                data.push(example(t, class));
            }
        }
        for t in &bank.neutral_thoughts {
            data.push(example(t, k - 1));
        }
    }
    let n = data.len() as f64;
    // Parameters: k·DIM weights, k biases, the scale.
    let np = k * DIM + k + 1;
    let mut p = vec![0.0f64; np];
    p[np - 1] = 1.0;
    let (mut m1, mut m2) = (vec![0.0f64; np], vec![0.0f64; np]);
    let mut loss = 0.0;
    for step in 1..=STEPS {
        let mut g = vec![0.0f64; np];
        loss = 0.0;
        let mut z = vec![0.0f64; k];
        for e in &data {
            logits(&p, e, &mut z);
            let mx = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let sum: f64 = z.iter().map(|x| (x - mx).exp()).sum();
            loss -= z[e.class] - mx - sum.ln();
            for c in 0..k {
                let d = (z[c] - mx).exp() / sum - if c == e.class { 1.0 } else { 0.0 };
                let d = d / n;
                for (gw, x) in g[c * DIM..(c + 1) * DIM].iter_mut().zip(&e.centred) {
                    *gw += d * f64::from(*x);
                }
                g[k * DIM + c] += d;
                g[np - 1] += d * f64::from(e.sims[c]);
            }
        }
        loss /= n;
        for i in 0..k * DIM {
            loss += LAMBDA * p[i] * p[i];
            g[i] += 2.0 * LAMBDA * p[i];
        }
        // Adam.
        let (b1, b2) = (0.9f64, 0.999f64);
        for i in 0..np {
            m1[i] = b1 * m1[i] + (1.0 - b1) * g[i];
            m2[i] = b2 * m2[i] + (1.0 - b2) * g[i] * g[i];
            let mh = m1[i] / (1.0 - b1.powi(step as i32));
            let vh = m2[i] / (1.0 - b2.powi(step as i32));
            p[i] -= RATE * mh / (vh.sqrt() + 1e-9);
        }
        if step % 500 == 0 {
            eprintln!("step {step}: loss {loss:.5}");
        }
    }
    let mut z = vec![0.0f64; k];
    let hits = data
        .iter()
        .filter(|e| {
            logits(&p, e, &mut z);
            plumbline_tests::argmax(&z) == e.class
        })
        .count();
    let leak = |v: Vec<f32>| -> &'static [f32] { Box::leak(v.into_boxed_slice()) };
    let head = Head {
        model: Box::leak(model.id().to_string().into_boxed_str()),
        dim: DIM,
        ids: Box::leak(ids.clone().into_boxed_slice()),
        scale: p[np - 1] as f32,
        bias: leak(p[k * DIM..k * DIM + k].iter().map(|&x| x as f32).collect()),
        weights: leak(p[..k * DIM].iter().map(|&x| x as f32).collect()),
    };
    let file = "core/src/analyze/belief_head.rs";
    let path = format!("{}/../{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(&path, head.to_rust()).expect("writing the head");
    println!(
        "{} texts, loss {loss:.4}, {:.1}% read right on the training texts, scale {:.3}; wrote {file}",
        data.len(),
        100.0 * hits as f64 / n,
        head.scale,
    );
}
