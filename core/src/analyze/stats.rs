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
//! - [`chi2_upper_even`]: the upper tail of a chi-square with an even number of degrees of
//!   freedom, which is what Fisher's method of combining p-values needs.
//! - [`ln_gamma`]: the logarithm of the gamma function (Lanczos).

/// The Lanczos approximation's parameters (g and coefficients as in Boost and statrs, good to
/// about 1e-15 relative), with their published digits.
const LANCZOS_G: f64 = 10.900511;
#[allow(clippy::excessive_precision)]
const LANCZOS: [f64; 11] = [
    2.485_740_891_387_535_655_46e-5,
    1.051_423_785_817_219_742_10,
    -3.456_870_972_220_162_354_69,
    4.512_277_094_668_948_237_00,
    -2.982_852_253_235_766_557_21,
    1.056_397_115_771_267_130_77,
    -1.954_287_731_916_458_695_83e-1,
    1.709_705_434_044_412_243_07e-2,
    -5.719_261_174_043_057_812_83e-4,
    4.633_994_733_599_056_367_08e-6,
    -2.719_949_084_886_077_039_10e-9,
];
/// ln(2·√(e/π)).
#[allow(clippy::excessive_precision)]
const LN_2_SQRT_E_OVER_PI: f64 = 0.620_782_237_635_245_222_345_518_445_781_647_212_251_852_7;

/// ln Γ(x) for x ≥ 0.5 (every argument here is a count plus one).
pub fn ln_gamma(x: f64) -> f64 {
    debug_assert!(x >= 0.5, "ln_gamma is used for x >= 0.5 only, not {x}");
    let s = LANCZOS
        .iter()
        .enumerate()
        .skip(1)
        .fold(LANCZOS[0], |s, (k, c)| s + c / (x + k as f64 - 1.0));
    s.ln() + LN_2_SQRT_E_OVER_PI + (x - 0.5) * ((x - 0.5 + LANCZOS_G) / std::f64::consts::E).ln()
}

/// P(X ≥ x) for X chi-square with 2k degrees of freedom: the regularized upper incomplete
/// gamma Q(k, x/2), which for a whole k is e^(−y)·Σ_{i<k} y^i/i! with y = x/2 (summed in log
/// space, so it neither overflows nor underflows early).
pub fn chi2_upper_even(k: usize, x: f64) -> f64 {
    if k == 0 {
        return 0.0;
    }
    if x.is_nan() || x <= 0.0 {
        return 1.0;
    }
    let y = x / 2.0;
    let ln_y = y.ln();
    let mut ln_term = -y;
    let mut terms = Vec::with_capacity(k);
    for i in 0..k {
        if i > 0 {
            ln_term += ln_y - (i as f64).ln();
        }
        terms.push(ln_term);
    }
    let top = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = terms.iter().map(|t| (t - top).exp()).sum();
    (top + sum.ln()).exp().clamp(0.0, 1.0)
}

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
    #[allow(clippy::excessive_precision)]
    fn ln_gamma_matches_factorials_and_known_values() {
        assert!(close(ln_gamma(1.0), 0.0, 1e-14));
        assert!(close(ln_gamma(2.0), 0.0, 1e-14));
        // ln 10! and ln 170!, exact to the digits shown.
        assert!(close(ln_gamma(11.0), 15.104_412_573_075_516, 1e-12));
        assert!(close(ln_gamma(171.0), 706.573_062_245_787_4, 1e-9));
        // Γ(1/2) = √π.
        assert!(close(ln_gamma(0.5), 0.572_364_942_924_700_1, 1e-14));
        // ln Γ(2.5) = ln(3√π/4).
        assert!(close(ln_gamma(2.5), 0.284_682_870_472_919_2, 1e-14));
        // ln(10^6)! by Stirling's series, which is exact to far more than these digits there.
        let n: f64 = 1e6;
        let stirling =
            n * n.ln() - n + 0.5 * (2.0 * std::f64::consts::PI * n).ln() + 1.0 / (12.0 * n)
                - 1.0 / (360.0 * n.powi(3));
        assert!((ln_gamma(n + 1.0) - stirling).abs() / stirling < 1e-14);
        // Consecutive values differ by ln x.
        for x in [3.0, 17.5, 250.0, 12_345.0] {
            assert!(close(ln_gamma(x + 1.0) - ln_gamma(x), f64::ln(x), 1e-10));
        }
    }

    #[test]
    #[allow(clippy::excessive_precision)]
    fn chi2_upper_even_matches_closed_forms_and_tables() {
        // 2 degrees of freedom: e^(-x/2).
        for x in [0.1, 1.0, 5.991_464_547_107_979, 40.0] {
            assert!(close(chi2_upper_even(1, x), (-x / 2.0).exp(), 1e-15));
        }
        // 4 degrees of freedom: e^(-y)(1 + y).
        let y = 3.7;
        assert!(close(
            chi2_upper_even(2, 2.0 * y),
            (-y).exp() * (1.0 + y),
            1e-15
        ));
        // Table critical values: 5 % at 4, 6 and 10 degrees of freedom, 1 % at 20.
        assert!(close(
            chi2_upper_even(2, 9.487_729_036_781_154),
            0.05,
            1e-12
        ));
        assert!(close(
            chi2_upper_even(3, 12.591_587_243_743_977),
            0.05,
            1e-12
        ));
        assert!(close(
            chi2_upper_even(5, 18.307_038_053_275_146),
            0.05,
            1e-12
        ));
        assert!(close(
            chi2_upper_even(10, 37.566_234_786_625_5),
            0.01,
            1e-12
        ));
        // Edges: nothing observed, an enormous statistic, no p-values.
        assert_eq!(chi2_upper_even(3, 0.0), 1.0);
        assert_eq!(chi2_upper_even(3, 1e6), 0.0);
        // Many degrees of freedom: at its mean (400) the tail is a little under a half.
        let mid = chi2_upper_even(200, 400.0);
        assert!(mid > 0.45 && mid < 0.5, "{mid}");
        assert_eq!(chi2_upper_even(0, 1.0), 0.0);
        // Tails shrink as the statistic grows.
        let mut last = 1.0;
        for x in [1.0, 5.0, 10.0, 50.0, 200.0] {
            let p = chi2_upper_even(4, x);
            assert!(p < last && p > 0.0);
            last = p;
        }
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
