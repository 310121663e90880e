//! The built-in layered layout (used when Graphviz is not installed, or with
//! `--renderer builtin`): a Sugiyama-style layout with the layers fixed by
//! the model's levels. Every actor sits on its level's row; actors without
//! a level stand in a band to the right. The order within each row comes
//! from barycentre sweeps (each node moves towards the mean position of its
//! neighbours in other rows, a few passes alternating down and up), which
//! keeps edge crossings low. Deterministic: stable sorts, no hashing.

use super::scene::{Scene, Shape};

/// Character width and line height of node text, in pixels (11 px sans).
pub(crate) const CHAR_W: f64 = 6.3;
pub(crate) const LINE_H: f64 = 13.0;
const GAP_X: f64 = 16.0;
const GAP_Y: f64 = 64.0;
/// Width of the level-label column on the left.
pub(crate) const LABEL_W: f64 = 210.0;
const TOP: f64 = 56.0;
const SWEEPS: usize = 8;

/// A node's box: centre and half sizes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxPos {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Half width.
    pub hw: f64,
    /// Half height.
    pub hh: f64,
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// One box per scene node.
    pub boxes: Vec<BoxPos>,
    /// Centre y and half height of each row, in [`Scene::rows`] order.
    pub rows: Vec<(f64, f64)>,
    /// Left edge of the band of unlevelled actors (`None` when there are none).
    pub band_x: Option<f64>,
    /// Width and height of the drawing (without the legend).
    pub size: (f64, f64),
}

/// The lines of a node's text (label, then the overlay share).
pub(crate) fn node_lines(scene: &Scene, i: usize) -> Vec<String> {
    let n = &scene.nodes[i];
    let mut lines: Vec<String> = n.label.lines().map(str::to_string).collect();
    if let Some(share) = n.intact {
        lines.push(format!("{:.0} % intact", share * 100.0));
    }
    lines
}

fn half_size(scene: &Scene, i: usize) -> (f64, f64) {
    let lines = node_lines(scene, i);
    let chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
    let (w, h) = (chars * CHAR_W + 14.0, lines.len() as f64 * LINE_H + 10.0);
    match scene.nodes[i].shape {
        Shape::Single => (w * 0.62, h * 0.62),
        Shape::Body | Shape::Group => (w / 2.0, h / 2.0),
    }
}

/// Lays out `scene`.
pub fn layout(scene: &Scene) -> Placement {
    let n = scene.nodes.len();
    let sizes: Vec<(f64, f64)> = (0..n).map(|i| half_size(scene, i)).collect();
    let mut order: Vec<Vec<usize>> = scene
        .rows
        .iter()
        .map(|r| {
            (0..n)
                .filter(|&i| scene.nodes[i].level == Some(r.level))
                .collect()
        })
        .collect();
    let neighbours = neighbours(scene);
    let mut xs = vec![0.0; n];
    let width = order
        .iter()
        .map(|row| row_width(row, &sizes))
        .fold(0.0, f64::max);
    for row in &order {
        pack(row, &sizes, width, &mut xs);
    }
    for sweep in 0..SWEEPS {
        let rows: Vec<usize> = if sweep % 2 == 0 {
            (0..order.len()).collect()
        } else {
            (0..order.len()).rev().collect()
        };
        for r in rows {
            reorder(&mut order[r], &neighbours, &xs, scene);
            pack(&order[r], &sizes, width, &mut xs);
        }
    }
    place(scene, &order, &sizes, &xs, width, &neighbours)
}

/// Every node's neighbours (either direction).
fn neighbours(scene: &Scene) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); scene.nodes.len()];
    for e in &scene.edges {
        out[e.from].push(e.to);
        out[e.to].push(e.from);
    }
    out
}

fn row_width(row: &[usize], sizes: &[(f64, f64)]) -> f64 {
    row.iter().map(|&i| 2.0 * sizes[i].0 + GAP_X).sum::<f64>()
}

/// Packs a row left to right, centred in `width`.
fn pack(row: &[usize], sizes: &[(f64, f64)], width: f64, xs: &mut [f64]) {
    let mut x = LABEL_W + (width - row_width(row, sizes)) / 2.0;
    for &i in row {
        xs[i] = x + sizes[i].0;
        x += 2.0 * sizes[i].0 + GAP_X;
    }
}

/// Sorts a row by the mean x of each node's levelled neighbours in other rows.
fn reorder(row: &mut [usize], nb: &[Vec<usize>], xs: &[f64], scene: &Scene) {
    let level = |i: usize| scene.nodes[i].level;
    let mut keyed: Vec<(f64, usize)> = row
        .iter()
        .map(|&i| {
            let others: Vec<f64> = nb[i]
                .iter()
                .filter(|&&j| level(j).is_some() && level(j) != level(i))
                .map(|&j| xs[j])
                .collect();
            let bary = if others.is_empty() {
                xs[i]
            } else {
                others.iter().sum::<f64>() / others.len() as f64
            };
            (bary, i)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (slot, (_, i)) in row.iter_mut().zip(keyed) {
        *slot = i;
    }
}

fn place(
    scene: &Scene,
    order: &[Vec<usize>],
    sizes: &[(f64, f64)],
    xs: &[f64],
    width: f64,
    nb: &[Vec<usize>],
) -> Placement {
    let mut boxes: Vec<BoxPos> = sizes
        .iter()
        .enumerate()
        .map(|(i, &(hw, hh))| BoxPos {
            x: xs[i],
            y: 0.0,
            hw,
            hh,
        })
        .collect();
    let mut rows = Vec::new();
    let mut y = TOP;
    for (r, row) in order.iter().enumerate() {
        let label_lines = super::scene::wrap(&scene.rows[r].label, 28).lines().count() as f64;
        let hh = row
            .iter()
            .map(|&i| sizes[i].1)
            .fold(label_lines * 7.5 + 6.0, f64::max);
        for &i in row {
            boxes[i].y = y + hh;
        }
        rows.push((y + hh, hh));
        y += 2.0 * hh + GAP_Y;
    }
    let band: Vec<usize> = (0..scene.nodes.len())
        .filter(|&i| scene.nodes[i].level.is_none())
        .collect();
    let band_x = (!band.is_empty()).then_some(LABEL_W + width + 40.0);
    let mut right = LABEL_W + width;
    if let Some(bx) = band_x {
        right = stack_band(&band, nb, &mut boxes, bx, TOP + 24.0, y);
    }
    let bottom = boxes
        .iter()
        .map(|b| b.y + b.hh)
        .fold(y.max(TOP) - GAP_Y, f64::max);
    Placement {
        boxes,
        rows,
        band_x,
        size: (right + 28.0, bottom + 20.0),
    }
}

/// Stacks the unlevelled actors in a column at `x`, each near the mean y of
/// its neighbours, in that order, without overlaps. Returns the right edge.
fn stack_band(
    band: &[usize],
    nb: &[Vec<usize>],
    boxes: &mut [BoxPos],
    x: f64,
    top: f64,
    bottom: f64,
) -> f64 {
    let mut keyed: Vec<(f64, usize)> = band
        .iter()
        .map(|&i| {
            let ys: Vec<f64> = nb[i]
                .iter()
                .filter(|j| !band.contains(j))
                .map(|&j| boxes[j].y)
                .collect();
            let y = if ys.is_empty() {
                bottom
            } else {
                ys.iter().sum::<f64>() / ys.len() as f64
            };
            (y, i)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let max_hw = band.iter().map(|&i| boxes[i].hw).fold(0.0, f64::max);
    let mut next_top = top;
    for (want, i) in keyed {
        let b = &mut boxes[i];
        b.y = (want).max(next_top + b.hh);
        b.x = x + max_hw;
        next_top = b.y + b.hh + 10.0;
    }
    x + 2.0 * max_hw
}

/// Counts pairs of edges between adjacent rows that cross (for tests and
/// for reporting the layout's quality).
pub fn crossings(scene: &Scene, p: &Placement) -> usize {
    let levelled: Vec<(f64, f64, f64, f64)> = scene
        .edges
        .iter()
        .filter_map(|e| {
            let (a, b) = (&scene.nodes[e.from], &scene.nodes[e.to]);
            let (la, lb) = (a.level?, b.level?);
            (la.abs_diff(lb) == 1).then(|| {
                let (top, bottom) = if la < lb {
                    (e.from, e.to)
                } else {
                    (e.to, e.from)
                };
                (p.boxes[top].x, p.boxes[bottom].x, p.boxes[top].y, 0.0)
            })
        })
        .collect();
    let mut count = 0;
    for (i, a) in levelled.iter().enumerate() {
        for b in &levelled[i + 1..] {
            if a.2 == b.2 && (a.0 - b.0) * (a.1 - b.1) < 0.0 {
                count += 1;
            }
        }
    }
    count
}
