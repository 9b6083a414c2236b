//! Maximum-likelihood logistic regression (Newton's method with a small ridge), for fitting the
//! analyzer's confidence weights on generated journals.

/// Fits `P(y) = σ(w₀ + Σ wᵢ xᵢ)` to `(x, y)` rows; returns `[w₀, w₁, …]`. `ridge` is the L2
/// penalty on the weights other than the intercept.
pub fn logistic(rows: &[(Vec<f64>, bool)], ridge: f64) -> Vec<f64> {
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    let d = first.0.len() + 1;
    let mut w = vec![0.0; d];
    for _ in 0..50 {
        let mut g = vec![0.0; d];
        let mut h = vec![vec![0.0; d]; d];
        for (x, y) in rows {
            let xi: Vec<f64> = std::iter::once(1.0).chain(x.iter().copied()).collect();
            let z: f64 = w.iter().zip(&xi).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let r = p - f64::from(u8::from(*y));
            let s = (p * (1.0 - p)).max(1e-9);
            for a in 0..d {
                g[a] += r * xi[a];
                for b in 0..d {
                    h[a][b] += s * xi[a] * xi[b];
                }
            }
        }
        for a in 1..d {
            g[a] += ridge * w[a];
            h[a][a] += ridge;
        }
        h[0][0] += 1e-9;
        let step = solve(h, g);
        let mut moved = 0.0_f64;
        for (wa, sa) in w.iter_mut().zip(&step) {
            *wa -= sa;
            moved = moved.max(sa.abs());
        }
        if moved < 1e-8 {
            break;
        }
    }
    w
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for c in 0..n {
        let p = (c..n)
            .max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))
            .unwrap_or(c);
        a.swap(c, p);
        b.swap(c, p);
        let d = a[c][c];
        if d.abs() < 1e-12 {
            continue;
        }
        let (pivot, pb) = (a[c].clone(), b[c]);
        for (r, (row, br)) in a.iter_mut().zip(b.iter_mut()).enumerate() {
            if r == c {
                continue;
            }
            let f = row[c] / d;
            if f == 0.0 {
                continue;
            }
            for (x, p) in row[c..].iter_mut().zip(&pivot[c..]) {
                *x -= f * p;
            }
            *br -= f * pb;
        }
    }
    (0..n)
        .map(|i| {
            if a[i][i].abs() < 1e-12 {
                0.0
            } else {
                b[i] / a[i][i]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_known_model() {
        // y = 1 exactly when x > 0.5, softened: the fit puts the boundary near 0.5.
        let rows: Vec<(Vec<f64>, bool)> = (0..200)
            .map(|i| {
                let x = f64::from(i) / 200.0;
                (vec![x], (i * 7919) % 200 < i)
            })
            .collect();
        let w = logistic(&rows, 1e-6);
        assert!(w[1] > 0.0, "{w:?}");
        let boundary = -w[0] / w[1];
        assert!((boundary - 0.5).abs() < 0.2, "{w:?}");
    }
}
