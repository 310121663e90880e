//! Ordinary least squares for the uncertainty analysis: each reading's
//! effect from the draws themselves, and which ranges pull a point run
//! away from the middle of its draws.
//!
//! The problems are small (a few hundred draws, at most a few dozen
//! columns), so the normal equations are solved directly by Gauss–Jordan
//! elimination with partial pivoting, which also gives the inverse needed
//! for the standard errors. Columns without variation are left out (their
//! coefficient is `None`), so a reading that is always off, or a parameter
//! nobody draws, never makes the system singular.

/// A fitted coefficient: its value and standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Coef {
    pub value: f64,
    pub se: f64,
}

impl Coef {
    /// The 95 % interval, value ± 1.96 standard errors.
    pub fn interval(self) -> [f64; 2] {
        let h = crate::sim::stats::Z95 * self.se;
        [self.value - h, self.value + h]
    }
}

/// Fits `y ≈ Σ b_j x_j (+ c)` over the rows: `columns[j][d]` is column `j`
/// in row `d`; with `intercept`, a constant column is added first and its
/// coefficient comes first in the result. Returns one `Option<Coef>` per
/// column given (after the intercept's, when asked): `None` for a column
/// that does not vary (or, without an intercept, is all zero), or when
/// there are no more rows than fitted columns.
///
/// Complexity: O(rows · k² + k³) for k fitted columns.
pub(super) fn ols(columns: &[Vec<f64>], y: &[f64], intercept: bool) -> Vec<Option<Coef>> {
    let rows = y.len();
    let varies = |c: &[f64]| {
        if intercept {
            c.iter().any(|&x| x != c[0])
        } else {
            c.iter().any(|&x| x != 0.0)
        }
    };
    let mut kept: Vec<usize> = (0..columns.len())
        .filter(|&j| columns[j].len() == rows && varies(&columns[j]))
        .collect();
    let ones = vec![1.0; rows];
    let col = |j: usize| -> &[f64] {
        if j == usize::MAX {
            &ones
        } else {
            &columns[j]
        }
    };
    if intercept {
        kept.insert(0, usize::MAX);
    }
    let k = kept.len();
    let mut out = vec![None; columns.len() + usize::from(intercept)];
    if k == 0 || rows <= k {
        return out;
    }
    // The augmented normal equations [X'X | X'y | I].
    let width = 2 * k + 1;
    let mut a = vec![vec![0.0; width]; k];
    for (r, &jr) in kept.iter().enumerate() {
        for (c, &jc) in kept.iter().enumerate() {
            a[r][c] = dot(col(jr), col(jc));
        }
        a[r][k] = dot(col(jr), y);
        a[r][k + 1 + r] = 1.0;
    }
    if !gauss_jordan(&mut a, k) {
        return out;
    }
    let b: Vec<f64> = (0..k).map(|r| a[r][k]).collect();
    let residual: f64 = (0..rows)
        .map(|d| {
            let fit: f64 = kept.iter().zip(&b).map(|(&j, bj)| col(j)[d] * bj).sum();
            (y[d] - fit).powi(2)
        })
        .sum();
    let sigma2 = residual / (rows - k) as f64;
    for (r, &j) in kept.iter().enumerate() {
        let slot = if j == usize::MAX {
            0
        } else {
            j + usize::from(intercept)
        };
        out[slot] = Some(Coef {
            value: b[r],
            se: (sigma2 * a[r][k + 1 + r]).max(0.0).sqrt(),
        });
    }
    out
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Reduces the k × (2k + 1) augmented matrix so its left block is the
/// identity; false when it is (numerically) singular.
fn gauss_jordan(a: &mut [Vec<f64>], k: usize) -> bool {
    let scale = (0..k).map(|r| a[r][r].abs()).fold(0.0, f64::max);
    for c in 0..k {
        let Some(p) = (c..k).max_by(|&x, &y| a[x][c].abs().total_cmp(&a[y][c].abs())) else {
            return false;
        };
        if a[p][c].abs() <= 1e-12 * scale.max(f64::MIN_POSITIVE) {
            return false;
        }
        a.swap(c, p);
        let pivot = a[c][c];
        a[c].iter_mut().for_each(|x| *x /= pivot);
        for r in 0..k {
            if r != c && a[r][c] != 0.0 {
                let f = a[r][c];
                let (row, pivot_row) = if r < c {
                    let (lo, hi) = a.split_at_mut(c);
                    (&mut lo[r], &hi[0])
                } else {
                    let (lo, hi) = a.split_at_mut(r);
                    (&mut hi[0], &lo[c])
                };
                row.iter_mut()
                    .zip(pivot_row.iter())
                    .for_each(|(x, p)| *x -= f * p);
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_known_coefficients_and_textbook_standard_errors() {
        // y = 2 + 3 x exactly, plus a column that never varies.
        let x: Vec<f64> = (0..10).map(f64::from).collect();
        let y: Vec<f64> = x.iter().map(|x| 2.0 + 3.0 * x).collect();
        let fit = ols(&[x.clone(), vec![5.0; 10]], &y, true);
        assert!((fit[0].unwrap().value - 2.0).abs() < 1e-9);
        assert!((fit[1].unwrap().value - 3.0).abs() < 1e-9);
        assert!(fit[1].unwrap().se < 1e-9);
        assert_eq!(fit[2], None, "a constant column is left out");
        // Simple regression with noise: se(b) = sqrt(s² / Σ(x − x̄)²).
        let y2: Vec<f64> = [1.0, 3.0, 2.0, 5.0, 4.0].to_vec();
        let x2: Vec<f64> = [1.0, 2.0, 3.0, 4.0, 5.0].to_vec();
        let fit = ols(&[x2], &y2, true);
        // b = Sxy / Sxx = 8 / 10, a = ȳ − b x̄ = 3 − 0.8 · 3.
        let b = fit[1].unwrap();
        assert!((b.value - 0.8).abs() < 1e-12);
        let sse: f64 = [1.0_f64, 3.0, 2.0, 5.0, 4.0]
            .iter()
            .zip([1.0_f64, 2.0, 3.0, 4.0, 5.0])
            .map(|(y, x)| (y - (0.6 + 0.8 * x)).powi(2))
            .sum();
        let se = (sse / 3.0 / 10.0_f64).sqrt();
        assert!((b.se - se).abs() < 1e-12, "{} vs {se}", b.se);
    }

    #[test]
    fn without_an_intercept_indicators_give_their_means() {
        // Two readings never on together: each coefficient is the mean of
        // y where it is on.
        let a = vec![1.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        let b = vec![0.0, 0.0, 1.0, 1.0, 0.0, 0.0];
        let y = vec![-0.1, -0.3, 0.2, 0.4, 0.0, 0.0];
        let fit = ols(&[a, b, vec![0.0; 6]], &y, false);
        assert!((fit[0].unwrap().value + 0.2).abs() < 1e-12);
        assert!((fit[1].unwrap().value - 0.3).abs() < 1e-12);
        assert_eq!(fit[2], None);
    }
}
