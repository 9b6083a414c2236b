//! The statistics every stage shares.
//!
//! - [`fisher_greater`]: one-sided Fisher exact test on a 2×2 table (slice vs rest, breaks vs
//!   completions), summing the hypergeometric upper tail in log space (log-gamma), so it stays
//!   exact and finite for a million events.
//! - [`benjamini_hochberg`]: q-values controlling the false discovery rate across every test.
//! - [`wilson`]: the Wilson score interval for a proportion (95 %).
//! - [`shrink`]: the posterior mean of a rate under a Beta prior centred on the baseline, so a
//!   slice with 4 breaks out of 5 does not outrank one with 60 out of 100.
//! - [`binomial_greater`]: the exact upper tail of a binomial, for shares tested against a
//!   fixed reference.

use statrs::function::gamma::ln_gamma;

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

fn ln_choose(n: u64, k: u64) -> f64 {
    if k > n {
        return f64::NEG_INFINITY;
    }
    ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
}

/// One-sided Fisher exact test: the probability, if breaks fell on events at random, that a
/// slice of `n` events (out of `total`, of which `total_breaks` are breaks) would hold `b` or
/// more breaks. Returns 1.0 for degenerate tables.
pub fn fisher_greater(b: u64, n: u64, total_breaks: u64, total: u64) -> f64 {
    if n == 0 || total == 0 || n > total || total_breaks > total || b > n || b > total_breaks {
        return 1.0;
    }
    let max_x = n.min(total_breaks);
    // The smallest x the margins allow.
    let min_x = (n + total_breaks).saturating_sub(total);
    let start = b.max(min_x);
    if start > max_x {
        return 0.0;
    }
    let ln_denom = ln_choose(total, n);
    let ln_pmf =
        |x: u64| ln_choose(total_breaks, x) + ln_choose(total - total_breaks, n - x) - ln_denom;
    // Sum the tail from `start` upward with the pmf ratio recurrence; stop once terms vanish.
    let first = ln_pmf(start);
    let mut term = 1.0_f64; // relative to exp(first)
    let mut sum = 1.0_f64;
    let mut x = start;
    while x < max_x {
        let num = (n - x) as f64 * (total_breaks - x) as f64;
        let den = (x + 1) as f64 * (total + x + 1 - n - total_breaks) as f64;
        term *= num / den;
        sum += term;
        x += 1;
        if term < sum * 1e-17 {
            break;
        }
    }
    (first + sum.ln()).exp().clamp(0.0, 1.0)
}

/// Exact binomial upper tail P(X ≥ k) for X ~ Binomial(n, p).
pub fn binomial_greater(k: u64, n: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let lp = p.ln();
    let lq = (1.0 - p).ln();
    let first = ln_choose(n, k) + k as f64 * lp + (n - k) as f64 * lq;
    let mut term = 1.0_f64;
    let mut sum = 1.0_f64;
    let ratio = p / (1.0 - p);
    for x in k..n {
        term *= (n - x) as f64 / (x + 1) as f64 * ratio;
        sum += term;
        if term < sum * 1e-17 {
            break;
        }
    }
    (first + sum.ln()).exp().clamp(0.0, 1.0)
}

/// Benjamini–Hochberg q-values, in the order of `p`.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut q = vec![1.0; m];
    let mut running = 1.0_f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        let v = (p[i] * m as f64 / (rank + 1) as f64).min(1.0);
        running = running.min(v);
        q[i] = running;
    }
    q
}

/// The Wilson score interval (95 %) for `b` successes out of `n`; `(0, 1)` when `n` is 0.
pub fn wilson(b: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n_f = n as f64;
    let p = b as f64 / n_f;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = Z95 * ((p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt()) / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// Prior strength (in pseudo-events) of the Beta prior used by [`shrink`].
pub const PRIOR_EVENTS: f64 = 10.0;

/// Posterior mean of a rate under a Beta prior with mean `baseline` and
/// [`PRIOR_EVENTS`] pseudo-events.
pub fn shrink(b: u64, n: u64, baseline: f64) -> f64 {
    (b as f64 + PRIOR_EVENTS * baseline) / (n as f64 + PRIOR_EVENTS)
}

/// `b / n`, or `None` without a denominator.
pub fn rate(b: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| b as f64 / n as f64)
}

/// Rounds to three decimals for output (stable, readable numbers).
pub fn r3(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}

pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn fisher_matches_known_values() {
        // Lady tasting tea: 3 of 4 in a slice of 4, 4 of 8 overall → p = 17/70.
        assert!(close(fisher_greater(3, 4, 4, 8), 17.0 / 70.0, 1e-12));
        assert!(close(fisher_greater(4, 4, 4, 8), 1.0 / 70.0, 1e-12));
        assert!(close(fisher_greater(0, 4, 4, 8), 1.0, 1e-12));
        // Degenerate tables.
        assert_eq!(fisher_greater(0, 0, 3, 10), 1.0);
        assert_eq!(fisher_greater(5, 4, 5, 10), 1.0);
        // Large tables stay finite and tiny for an extreme slice.
        let p = fisher_greater(900, 1000, 100_000, 1_000_000);
        assert!(p >= 0.0);
        assert!(p < 1e-100);
        let p = fisher_greater(100, 1000, 100_000, 1_000_000);
        assert!(p > 0.4 && p < 0.6, "{p}");
    }

    #[test]
    fn binomial_tail() {
        assert!(close(binomial_greater(2, 2, 0.5), 0.25, 1e-12));
        assert!(close(binomial_greater(1, 2, 0.5), 0.75, 1e-12));
        assert_eq!(binomial_greater(0, 5, 0.3), 1.0);
        assert_eq!(binomial_greater(6, 5, 0.3), 0.0);
    }

    #[test]
    fn bh_is_monotone_and_known() {
        let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.5]);
        assert!(close(q[0], 0.04, 1e-12));
        assert!(close(q[2], 0.04 * 4.0 / 3.0 * 0.75 / 0.75, 0.06));
        assert!(q[1] >= q[2] && q[3] >= q[1]);
        assert!(close(q[3], 0.5, 1e-12));
        assert!(benjamini_hochberg(&[]).is_empty());
    }

    #[test]
    fn wilson_known() {
        let (lo, hi) = wilson(5, 10);
        assert!(close(lo, 0.2366, 1e-3) && close(hi, 0.7634, 1e-3));
        assert_eq!(wilson(0, 0), (0.0, 1.0));
        let (lo, hi) = wilson(0, 20);
        assert_eq!(lo, 0.0);
        assert!(hi > 0.1 && hi < 0.2);
    }

    #[test]
    fn shrink_pulls_small_slices() {
        assert!(shrink(4, 5, 0.2) < shrink(60, 100, 0.2));
        assert!(close(shrink(0, 0, 0.3), 0.3, 1e-12));
    }
}
