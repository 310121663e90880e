//! The built-in layered layout (used when Graphviz is not installed, with
//! `--renderer builtin`, and for every page-sized chart): a Sugiyama-style
//! layout with the layers fixed by the model's levels. Every actor sits on
//! its level's row; an actor without a level sits on the row of its
//! neighbours' median level (drawn with a dashed outline), and only in a
//! model without levels do they stand in a band to the right.
//! The order within each row comes from barycentre sweeps (each node moves
//! towards the mean position of its neighbours in other rows, passes
//! alternating down and up), which keeps edge crossings low. A row wider
//! than the width asked for wraps into several lines within its level's
//! band.
//!
//! Edges are orthogonal and never pass through a node: they leave a node
//! from a port on its top or bottom (a band actor from its left side), run
//! along the channel between two lines of nodes, and cross the lines in
//! between through a gap (a vertical corridor kept free of nodes, at the
//! latest the one between the level labels and the first node). Edges
//! sharing a channel or a corridor take separate lanes, so parallel ties of
//! different kinds are drawn apart. Deterministic: stable sorts, no hashing.

use super::scene::{Scene, Shape};

/// Character width and line height of node text, in user units (10 unit
/// sans-serif).
pub(crate) const CHAR_W: f64 = 5.75;
pub(crate) const LINE_H: f64 = 12.0;
/// Node text size, in user units.
pub(crate) const NODE_FONT: f64 = 10.0;
const GAP_X: f64 = 12.0;
/// Height of the channel between two lines of nodes, where edges run.
const CHANNEL: f64 = 26.0;
/// Spacing of edges sharing a channel or a corridor.
const LANE: f64 = 3.5;
/// Width of the level-label column on the left.
pub(crate) const LABEL_W: f64 = 140.0;
/// The free corridor between the level labels and the first node.
const CORRIDOR: f64 = 26.0;
/// Where the first node of a line may start.
const LEFT: f64 = LABEL_W + CORRIDOR;
/// Room between the widest line and the band of unlevelled actors (its
/// right part is the band's corridor).
const BAND_GAP: f64 = 64.0;
const SWEEPS: usize = 12;
/// Characters per line of a level label.
pub(crate) const ROW_LABEL_CHARS: usize = 20;

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

impl BoxPos {
    /// True when the segment from `a` to `b` passes through the inside of
    /// this box (touching its outline is not passing through).
    pub fn crossed_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        const EPS: f64 = 0.5;
        let (x0, x1) = (self.x - self.hw + EPS, self.x + self.hw - EPS);
        let (y0, y1) = (self.y - self.hh + EPS, self.y + self.hh - EPS);
        // Liang–Barsky clipping of the segment against the shrunk box.
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let mut t = (0.0_f64, 1.0_f64);
        for (p, q) in [
            (-dx, a.0 - x0),
            (dx, x1 - a.0),
            (-dy, a.1 - y0),
            (dy, y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t.0 = t.0.max(r);
                } else {
                    t.1 = t.1.min(r);
                }
            }
        }
        t.0 < t.1
    }
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// One box per scene node.
    pub boxes: Vec<BoxPos>,
    /// Top and bottom of each level's band (all its lines), in
    /// [`Scene::rows`] order.
    pub rows: Vec<(f64, f64)>,
    /// Left edge of the band of unlevelled actors (`None` when there are none).
    pub band_x: Option<f64>,
    /// Width and height of the drawing (without legend and footer).
    pub size: (f64, f64),
    /// Each scene edge as a polyline from sender to receiver.
    pub routes: Vec<Vec<(f64, f64)>>,
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
    let (w, h) = (chars * CHAR_W + 12.0, lines.len() as f64 * LINE_H + 7.0);
    match scene.nodes[i].shape {
        // A pill: room for the rounded ends.
        Shape::Single => (w / 2.0 + 4.0, h / 2.0),
        Shape::Body => (w / 2.0, h / 2.0),
        // Room for the stack's two back sheets.
        Shape::Group => (w / 2.0 + 3.0, h / 2.0 + 3.0),
    }
}

/// The width of the widest level row on one line, and of the widest node:
/// the range of widths [`layout`] can be asked to wrap to.
pub fn width_range(scene: &Scene) -> (f64, f64) {
    let sizes: Vec<(f64, f64)> = (0..scene.nodes.len())
        .map(|i| half_size(scene, i))
        .collect();
    let row_of = row_of(scene);
    let widest_row = (0..scene.rows.len())
        .map(|r| {
            (0..scene.nodes.len())
                .filter(|&i| row_of[i] == Some(r))
                .map(|i| 2.0 * sizes[i].0 + GAP_X)
                .sum::<f64>()
        })
        .fold(0.0, f64::max);
    let widest_node = sizes.iter().map(|s| 2.0 * s.0 + GAP_X).fold(0.0, f64::max);
    (widest_row, widest_node)
}

/// Lays out `scene` below `top`, wrapping rows wider than `max_width`
/// (user units; `None`: every level on one line).
pub fn layout(scene: &Scene, top: f64, max_width: Option<f64>) -> Placement {
    let n = scene.nodes.len();
    let sizes: Vec<(f64, f64)> = (0..n).map(|i| half_size(scene, i)).collect();
    let order = ordered_rows(scene, &sizes);
    let lines: Vec<(usize, Vec<usize>)> = order
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            wrap_row(row, &sizes, max_width)
                .into_iter()
                .map(move |l| (r, l))
        })
        .collect();
    let width = lines
        .iter()
        .map(|(_, l)| row_width(l, &sizes))
        .fold(0.0, f64::max);
    let mut xs = vec![0.0; n];
    for (_, l) in &lines {
        pack(l, &sizes, width, &mut xs);
    }
    let mut p = place(scene, &lines, &sizes, &xs, width, top);
    let line_of = {
        let mut v = vec![None; n];
        for (k, (_, l)) in lines.iter().enumerate() {
            for &i in l {
                v[i] = Some(k);
            }
        }
        v
    };
    let extents = line_extents(&lines, &p.boxes);
    p.routes = Router::new(scene, &p, &line_of, &lines, &extents, width).route_all();
    p
}

/// The row each node is drawn on (index into [`Scene::rows`]): its level's,
/// or for an unlevelled node its neighbours' median level's
/// ([`Scene::band_levels`]); `None` only when the scene has no rows.
fn row_of(scene: &Scene) -> Vec<Option<usize>> {
    let index = |level: u32| scene.rows.iter().position(|r| r.level == level);
    let mut out: Vec<Option<usize>> = scene
        .nodes
        .iter()
        .map(|n| n.level.and_then(index))
        .collect();
    for (i, level) in scene.band_levels() {
        out[i] = index(level);
    }
    out
}

/// The order of each level's row after the barycentre sweeps.
fn ordered_rows(scene: &Scene, sizes: &[(f64, f64)]) -> Vec<Vec<usize>> {
    let n = scene.nodes.len();
    let row_of = row_of(scene);
    let mut order: Vec<Vec<usize>> = (0..scene.rows.len())
        .map(|r| (0..n).filter(|&i| row_of[i] == Some(r)).collect())
        .collect();
    let neighbours = neighbours(scene);
    let mut xs = vec![0.0; n];
    let width = order
        .iter()
        .map(|row| row_width(row, sizes))
        .fold(0.0, f64::max);
    for row in &order {
        pack(row, sizes, width, &mut xs);
    }
    for sweep in 0..SWEEPS {
        let rows: Vec<usize> = if sweep % 2 == 0 {
            (0..order.len()).collect()
        } else {
            (0..order.len()).rev().collect()
        };
        for r in rows {
            reorder(&mut order[r], &neighbours, &xs, &row_of);
            pack(&order[r], sizes, width, &mut xs);
        }
    }
    order
}

/// Splits a row into lines of about equal width, none wider than `max`
/// (a node wider than `max` gets a line of its own).
fn wrap_row(row: &[usize], sizes: &[(f64, f64)], max: Option<f64>) -> Vec<Vec<usize>> {
    let total = row_width(row, sizes);
    let Some(max) = max.filter(|&m| total > m) else {
        return vec![row.to_vec()];
    };
    let count = (total / max).ceil().max(1.0);
    let target = (total / count).max(1.0);
    let mut out: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0.0;
    for &i in row {
        let w = 2.0 * sizes[i].0 + GAP_X;
        let line = out.last_mut().expect("one line");
        if !line.is_empty() && (used + w > max || used + w / 2.0 > target) {
            out.push(vec![i]);
            used = w;
        } else {
            line.push(i);
            used += w;
        }
    }
    out
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
    let mut x = LEFT + (width - row_width(row, sizes)) / 2.0 + GAP_X / 2.0;
    for &i in row {
        xs[i] = x + sizes[i].0;
        x += 2.0 * sizes[i].0 + GAP_X;
    }
}

/// Sorts a row by the mean x of each node's neighbours in other rows.
fn reorder(row: &mut [usize], nb: &[Vec<usize>], xs: &[f64], row_of: &[Option<usize>]) {
    let mut keyed: Vec<(f64, usize)> = row
        .iter()
        .map(|&i| {
            let others: Vec<f64> = nb[i]
                .iter()
                .filter(|&&j| row_of[j].is_some() && row_of[j] != row_of[i])
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
    lines: &[(usize, Vec<usize>)],
    sizes: &[(f64, f64)],
    xs: &[f64],
    width: f64,
    top: f64,
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
    let mut rows = vec![(f64::INFINITY, f64::NEG_INFINITY); scene.rows.len()];
    let mut y = top + CHANNEL;
    for (k, (r, line)) in lines.iter().enumerate() {
        let first = k == 0 || lines[k - 1].0 != *r;
        let label_lines = super::scene::wrap(&scene.rows[*r].label, ROW_LABEL_CHARS)
            .lines()
            .count() as f64;
        // The level label stands beside the first line of its level.
        let floor = if first {
            label_lines * LINE_H / 2.0 + 2.0
        } else {
            0.0
        };
        let hh = line.iter().map(|&i| sizes[i].1).fold(floor, f64::max);
        for &i in line {
            boxes[i].y = y + hh;
        }
        rows[*r] = (rows[*r].0.min(y - 6.0), rows[*r].1.max(y + 2.0 * hh + 6.0));
        y += 2.0 * hh + CHANNEL;
    }
    let placed: Vec<bool> = {
        let mut v = vec![false; scene.nodes.len()];
        for (_, l) in lines {
            for &i in l {
                v[i] = true;
            }
        }
        v
    };
    let band: Vec<usize> = (0..scene.nodes.len()).filter(|&i| !placed[i]).collect();
    let band_x = (!band.is_empty()).then_some(LEFT + width + BAND_GAP);
    let mut right = LEFT + width;
    if let Some(bx) = band_x {
        right = stack_band(&band, &neighbours(scene), &mut boxes, bx, top + 28.0, y);
    }
    let bottom = boxes.iter().map(|b| b.y + b.hh + CHANNEL).fold(y, f64::max);
    Placement {
        boxes,
        rows,
        band_x,
        size: (right + 16.0, bottom),
        routes: Vec::new(),
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

/// Top and bottom of each line of nodes.
fn line_extents(lines: &[(usize, Vec<usize>)], boxes: &[BoxPos]) -> Vec<(f64, f64)> {
    lines
        .iter()
        .map(|(_, l)| {
            let y = boxes[l[0]].y;
            let hh = l.iter().map(|&i| boxes[i].hh).fold(0.0, f64::max);
            (y - hh, y + hh)
        })
        .collect()
}

/// Which side of a node an edge end attaches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Top,
    Bottom,
    Left,
}

/// Routes the edges of a placed scene (see the module docs).
struct Router<'a> {
    scene: &'a Scene,
    boxes: &'a [BoxPos],
    line_of: &'a [Option<usize>],
    lines: &'a [(usize, Vec<usize>)],
    /// Top and bottom of each line.
    extents: &'a [(f64, f64)],
    /// Right end of the area where lines' corridors may run.
    right: f64,
    band_x: Option<f64>,
    /// Horizontal segments taken in each channel: (x0, x1, y).
    taken_h: Vec<Vec<(f64, f64, f64)>>,
    /// Vertical segments taken: (x, y0, y1).
    taken_v: Vec<(f64, f64, f64)>,
}

impl<'a> Router<'a> {
    fn new(
        scene: &'a Scene,
        p: &'a Placement,
        line_of: &'a [Option<usize>],
        lines: &'a [(usize, Vec<usize>)],
        extents: &'a [(f64, f64)],
        width: f64,
    ) -> Router<'a> {
        Router {
            scene,
            boxes: &p.boxes,
            line_of,
            lines,
            extents,
            right: LEFT + width + 20.0,
            band_x: p.band_x,
            taken_h: vec![Vec::new(); lines.len() + 1],
            taken_v: Vec::new(),
        }
    }

    /// The side each end of edge `e` attaches to, and the channel it
    /// enters first (`None` for a band actor).
    fn ends(&self, e: usize) -> [(Side, Option<usize>); 2] {
        let edge = &self.scene.edges[e];
        let (a, b) = (edge.from, edge.to);
        let toward = |line: usize, other: usize| -> (Side, Option<usize>) {
            let (top, bottom) = self.extents[line];
            if self.boxes[other].y < (top + bottom) / 2.0 {
                (Side::Top, Some(line))
            } else {
                (Side::Bottom, Some(line + 1))
            }
        };
        match (self.line_of[a], self.line_of[b]) {
            (Some(la), Some(lb)) if la < lb => {
                [(Side::Bottom, Some(la + 1)), (Side::Top, Some(lb))]
            }
            (Some(la), Some(lb)) if la > lb => {
                [(Side::Top, Some(la)), (Side::Bottom, Some(lb + 1))]
            }
            (Some(la), Some(_)) => [(Side::Bottom, Some(la + 1)), (Side::Bottom, Some(la + 1))],
            (Some(la), None) => [toward(la, b), (Side::Left, None)],
            (None, Some(lb)) => [(Side::Left, None), toward(lb, a)],
            (None, None) => [(Side::Left, None), (Side::Left, None)],
        }
    }

    /// The port of every edge end: `ports[e][0]` the sender's, `[1]` the
    /// receiver's, spread along the side in the order of the other ends.
    fn ports(&self, ends: &[[(Side, Option<usize>); 2]]) -> Vec<[(f64, f64); 2]> {
        let edges = &self.scene.edges;
        let mut at: Vec<Vec<(Side, f64, usize, usize)>> = vec![Vec::new(); self.boxes.len()];
        for (e, edge) in edges.iter().enumerate() {
            for (k, (node, other)) in [(edge.from, edge.to), (edge.to, edge.from)]
                .into_iter()
                .enumerate()
            {
                let side = ends[e][k].0;
                let o = self.boxes[other];
                let key = if side == Side::Left { o.y } else { o.x };
                at[node].push((side, key, e, k));
            }
        }
        let mut out = vec![[(0.0, 0.0); 2]; edges.len()];
        for (node, list) in at.iter_mut().enumerate() {
            list.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
            let b = self.boxes[node];
            let pill = self.scene.nodes[node].shape == Shape::Single;
            for side in [Side::Top, Side::Bottom, Side::Left] {
                let here: Vec<&(Side, f64, usize, usize)> =
                    list.iter().filter(|x| x.0 == side).collect();
                let n = here.len() as f64;
                for (j, &&(_, _, e, k)) in here.iter().enumerate() {
                    let t = 2.0 * (j as f64 + 1.0) / (n + 1.0) - 1.0;
                    out[e][k] = port(&b, side, t, pill);
                }
            }
        }
        out
    }

    fn route_all(mut self) -> Vec<Vec<(f64, f64)>> {
        let ends: Vec<_> = (0..self.scene.edges.len()).map(|e| self.ends(e)).collect();
        let ports = self.ports(&ends);
        (0..self.scene.edges.len())
            .map(|e| self.route(ends[e], ports[e]))
            .collect()
    }

    fn route(
        &mut self,
        ends: [(Side, Option<usize>); 2],
        ports: [(f64, f64); 2],
    ) -> Vec<(f64, f64)> {
        let [pa, pb] = ports;
        match (ends[0].1, ends[1].1) {
            (Some(ca), Some(cb)) if ca == cb => {
                let y = self.lane(ca, pa.0, pb.0);
                vec![pa, (pa.0, y), (pb.0, y), pb]
            }
            (Some(ca), Some(cb)) => {
                let mid = (pa.0 + pb.0) / 2.0;
                let (y_guess_a, y_guess_b) = (self.channel_mid(ca), self.channel_mid(cb));
                let x = self.corridor(ca.min(cb)..ca.max(cb), mid, y_guess_a, y_guess_b);
                let ya = self.lane(ca, pa.0, x);
                let yb = self.lane(cb, x, pb.0);
                self.taken_v.push((x, ya.min(yb), ya.max(yb)));
                vec![pa, (pa.0, ya), (x, ya), (x, yb), (pb.0, yb), pb]
            }
            (Some(ca), None) => {
                let x = self.band_lane(self.channel_mid(ca), pb.1);
                let y = self.lane(ca, pa.0, x);
                vec![pa, (pa.0, y), (x, y), (x, pb.1), pb]
            }
            (None, Some(cb)) => {
                let x = self.band_lane(pa.1, self.channel_mid(cb));
                let y = self.lane(cb, x, pb.0);
                vec![pa, (x, pa.1), (x, y), (pb.0, y), pb]
            }
            (None, None) => {
                let x = self.band_lane(pa.1, pb.1);
                vec![pa, (x, pa.1), (x, pb.1), pb]
            }
        }
    }

    /// Top and bottom of channel `c` (the one above line `c`; the last is
    /// below the last line).
    fn channel(&self, c: usize) -> (f64, f64) {
        let n = self.extents.len();
        if c < n {
            let top = if c == 0 {
                self.extents[0].0 - CHANNEL
            } else {
                self.extents[c - 1].1
            };
            (top, self.extents[c].0)
        } else {
            let bottom = self.extents[n - 1].1;
            (bottom, bottom + CHANNEL)
        }
    }

    fn channel_mid(&self, c: usize) -> f64 {
        let (a, b) = self.channel(c);
        (a + b) / 2.0
    }

    /// A free lane in channel `c` for a horizontal run from `x0` to `x1`.
    fn lane(&mut self, c: usize, x0: f64, x1: f64) -> f64 {
        let (top, bottom) = self.channel(c);
        let mid = (top + bottom) / 2.0;
        let room = ((bottom - top) / 2.0 - 5.0).max(0.0);
        let (lo, hi) = (x0.min(x1) - 2.0, x0.max(x1) + 2.0);
        let steps = (room / LANE).floor() as i32;
        let free = |y: f64, taken: &[(f64, f64, f64)]| {
            taken
                .iter()
                .all(|&(a, b, ty)| (ty - y).abs() >= LANE / 2.0 || b < lo || a > hi)
        };
        let y = (0..=2 * steps)
            .map(|k| {
                let j = f64::from((k + 1) / 2) * if k % 2 == 1 { -1.0 } else { 1.0 };
                mid + j * LANE
            })
            .find(|&y| free(y, &self.taken_h[c]))
            .unwrap_or(mid);
        self.taken_h[c].push((lo, hi, y));
        y
    }

    /// An x where a vertical run from `y0` to `y1` crosses the lines
    /// `lines` through gaps, near `mid`, in a free lane when there is one.
    fn corridor(&self, lines: std::ops::Range<usize>, mid: f64, y0: f64, y1: f64) -> f64 {
        let mut free = vec![(LEFT - CORRIDOR + 5.0, self.right)];
        for l in lines {
            for &i in &self.lines[l].1 {
                let b = self.boxes[i];
                free = subtract(&free, b.x - b.hw - 4.0, b.x + b.hw + 4.0);
            }
        }
        let (ylo, yhi) = (y0.min(y1) - 4.0, y0.max(y1) + 4.0);
        let clear = |x: f64| {
            self.taken_v
                .iter()
                .all(|&(tx, a, b)| (tx - x).abs() >= LANE * 0.9 || b < ylo || a > yhi)
        };
        let mut best: Option<(f64, f64)> = None;
        for &(a, b) in free.iter().filter(|(a, b)| b - a >= 1.0) {
            let centre = mid.clamp(a + 0.5, b - 0.5);
            let steps = ((b - a) / LANE).floor() as i32;
            for k in 0..=2 * steps {
                let j = f64::from((k + 1) / 2) * if k % 2 == 1 { -1.0 } else { 1.0 };
                let x = centre + j * LANE;
                if x < a + 0.5 || x > b - 0.5 {
                    continue;
                }
                let cost = (x - mid).abs() + if clear(x) { 0.0 } else { 1e4 };
                if best.is_none_or(|(_, c)| cost < c) {
                    best = Some((x, cost));
                }
            }
        }
        best.map_or(LEFT - CORRIDOR / 2.0, |(x, _)| x)
    }

    /// A lane of the band's corridor (left of the band) for a vertical run.
    fn band_lane(&mut self, y0: f64, y1: f64) -> f64 {
        let base = self.band_x.unwrap_or(self.right + BAND_GAP) - 10.0;
        let (lo, hi) = (y0.min(y1) - 4.0, y0.max(y1) + 4.0);
        let x = (0..10)
            .map(|k| base - f64::from(k) * LANE)
            .find(|&x| {
                self.taken_v
                    .iter()
                    .all(|&(tx, a, b)| (tx - x).abs() >= LANE * 0.9 || b < lo || a > hi)
            })
            .unwrap_or(base);
        self.taken_v.push((x, lo, hi));
        x
    }
}

/// The point on side `side` of box `b` at relative position `t` in [-1, 1]
/// (on a pill, clear of its rounded ends).
fn port(b: &BoxPos, side: Side, t: f64, pill: bool) -> (f64, f64) {
    match side {
        Side::Top | Side::Bottom => {
            let reach = if pill {
                (b.hw - b.hh.min(PILL_R)).max(0.0)
            } else {
                b.hw * 0.85
            };
            let dx = t * reach;
            (
                b.x + dx,
                if side == Side::Top {
                    b.y - b.hh
                } else {
                    b.y + b.hh
                },
            )
        }
        Side::Left => (b.x - b.hw, b.y + t * b.hh * 0.6),
    }
}

/// The corner radius of a single actor's pill.
pub(crate) const PILL_R: f64 = 12.0;

/// Intervals minus `[a, b]`.
fn subtract(intervals: &[(f64, f64)], a: f64, b: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for &(x0, x1) in intervals {
        if b <= x0 || a >= x1 {
            out.push((x0, x1));
            continue;
        }
        if a > x0 {
            out.push((x0, a));
        }
        if b < x1 {
            out.push((b, x1));
        }
    }
    out
}

/// Counts pairs of edge segments (of different edges) that cross, over the
/// drawn routes (for tests and for measuring the layout).
pub fn crossings(p: &Placement) -> usize {
    type Segment = ((f64, f64), (f64, f64));
    let segs: Vec<Vec<Segment>> = p
        .routes
        .iter()
        .map(|r| r.windows(2).map(|w| (w[0], w[1])).collect())
        .collect();
    let mut count = 0;
    for (i, a) in segs.iter().enumerate() {
        for b in &segs[i + 1..] {
            for &(p1, p2) in a {
                for &(q1, q2) in b {
                    if proper_cross(p1, p2, q1, q2) {
                        count += 1;
                    }
                }
            }
        }
    }
    count
}

fn proper_cross(a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)) -> bool {
    let orient = |p: (f64, f64), q: (f64, f64), r: (f64, f64)| {
        let v = (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0);
        if v.abs() < 1e-9 {
            0
        } else if v > 0.0 {
            1
        } else {
            -1
        }
    };
    orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::{scene, ChartOptions};

    fn shipped(name: &str, collapse: bool) -> Scene {
        let m =
            crate::model::load(format!("{}/models/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let opts = ChartOptions {
            collapse_enterprises: collapse,
            ..ChartOptions::default()
        };
        scene(&m, &opts).unwrap()
    }

    /// Every segment of every route against every node box but its own two.
    fn assert_no_edge_through_a_node(s: &Scene, p: &Placement) {
        for (e, r) in p.routes.iter().enumerate() {
            let edge = &s.edges[e];
            for w in r.windows(2) {
                for (i, b) in p.boxes.iter().enumerate() {
                    if i == edge.from || i == edge.to {
                        continue;
                    }
                    assert!(
                        !b.crossed_by(w[0], w[1]),
                        "edge {e} ({} → {}) segment {:?} crosses node {}",
                        s.nodes[edge.from].key,
                        s.nodes[edge.to].key,
                        w,
                        s.nodes[i].key
                    );
                }
            }
        }
    }

    #[test]
    fn a_box_is_crossed_through_its_inside_only() {
        let b = BoxPos {
            x: 10.0,
            y: 10.0,
            hw: 5.0,
            hh: 5.0,
        };
        assert!(b.crossed_by((0.0, 10.0), (20.0, 10.0)));
        assert!(b.crossed_by((10.0, 0.0), (10.0, 11.0)));
        assert!(!b.crossed_by((0.0, 5.0), (20.0, 5.0)), "along the outline");
        assert!(!b.crossed_by((0.0, 0.0), (4.0, 20.0)));
        assert!(!b.crossed_by((16.0, 0.0), (16.0, 20.0)));
    }

    #[test]
    fn no_edge_passes_through_a_node_on_the_shipped_models_wrapped_or_not() {
        for (name, collapse) in [
            ("three-two-one.json", true),
            ("three-two-one.json", false),
            ("industry-council.json", false),
            ("industry-council-best-case.json", false),
        ] {
            let s = shipped(name, collapse);
            let (widest, node) = width_range(&s);
            for max in [None, Some(widest * 0.5), Some(node)] {
                let p = layout(&s, 60.0, max);
                assert_eq!(p.routes.len(), s.edges.len());
                assert_no_edge_through_a_node(&s, &p);
            }
        }
    }

    #[test]
    fn wrapping_makes_the_drawing_narrower_and_taller() {
        let s = shipped("three-two-one.json", true);
        let (widest, _) = width_range(&s);
        let one = layout(&s, 60.0, None);
        let wrapped = layout(&s, 60.0, Some(widest * 0.5));
        assert!(
            wrapped.size.0 < one.size.0 * 0.75,
            "{:?} {:?}",
            wrapped.size,
            one.size
        );
        assert!(wrapped.size.1 > one.size.1);
    }

    #[test]
    fn routes_start_and_end_on_their_nodes_and_are_orthogonal() {
        let s = shipped("industry-council.json", false);
        let p = layout(&s, 60.0, None);
        for (e, r) in p.routes.iter().enumerate() {
            let (a, b) = (p.boxes[s.edges[e].from], p.boxes[s.edges[e].to]);
            let near = |pt: (f64, f64), bx: BoxPos| {
                (pt.0 - bx.x).abs() <= bx.hw + 0.01 && (pt.1 - bx.y).abs() <= bx.hh + 0.01
            };
            assert!(near(r[0], a) && near(*r.last().unwrap(), b), "{r:?}");
            for w in r.windows(2) {
                assert!(
                    (w[0].0 - w[1].0).abs() < 1e-9 || (w[0].1 - w[1].1).abs() < 1e-9,
                    "{w:?}"
                );
            }
        }
    }
}
