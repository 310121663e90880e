//! The report's readings section: each contested reading's effect on the
//! verdict under uncertainty, the tornado charts, and what would flip the
//! verdict, said plainly (from [`crate::compare::pair_flips`]).

use super::report::{Block, ReportInput, Section};
use crate::compare::{pair_flips, FlipOutcome, PairFlips, Robustness, SettledReading, Spread};

/// Signed percentage points.
fn pts(x: f64) -> String {
    format!("{:+.1}", 100.0 * x)
}

fn settled(r: &SettledReading) -> String {
    format!("{} {}", r.id, if r.on { "on" } else { "off" })
}

fn outcome_words(o: FlipOutcome, f: &PairFlips) -> String {
    let other = if f.leader == f.design {
        &f.first
    } else {
        &f.design
    };
    match o {
        FlipOutcome::Flips => format!("flips it to {other}"),
        FlipOutcome::Immaterial => "makes the difference immaterial (under 1 pt)".into(),
        FlipOutcome::Holds => format!("{} still leads", f.leader),
    }
}

/// The section; without draws it says how to ask for them.
pub(super) fn section(r: &ReportInput<'_>) -> Section {
    let blocks = match &r.readings {
        None => not_drawn(r),
        Some(x) => {
            let mut b = drawn(x.robustness);
            for (label, svg) in &x.tornado {
                b.push(Block::Figure(
                    format!("{label}-tornado"),
                    svg.clone(),
                    format!("Each reading's mean paired effect on {label} − {} in facts held intact, from the median difference over the draws.", x.robustness.designs[0].label),
                ));
            }
            b.push(Block::Heading("What would flip the verdict".into()));
            b.push(Block::List(flip_sentences(x.robustness)));
            b.push(Block::Heading("How the draws were made".into()));
            b.push(Block::List(x.robustness.assumptions.clone()));
            b
        }
    };
    Section {
        id: "readings".into(),
        title: "Contested readings and what would flip the verdict".into(),
        blocks,
    }
}

fn not_drawn(r: &ReportInput<'_>) -> Vec<Block> {
    let counts: Vec<String> = r
        .designs
        .iter()
        .map(|d| format!("{}: {} readings", d.label, d.model.readings.len()))
        .collect();
    vec![
        Block::Para(format!("The readings were not drawn for this report, so it does not say how much the verdict rests on them. {} draws every reading with its probability and every channel kind's parameters from their ranges, and shows each reading's effect, a tornado chart and what would flip the verdict. The readings are listed under \"Designs and scenarios run\".", r.uncertain_hint)),
        Block::List(counts),
    ]
}

fn spread(s: &Spread, f: impl Fn(f64) -> String) -> String {
    let g = |x: Option<f64>| x.map_or("–".into(), &f);
    format!("{} ({} to {})", g(s.median), g(s.p5), g(s.p95))
}

/// The odds table and the readings' effects table.
fn drawn(r: &Robustness) -> Vec<Block> {
    let first = &r.designs[0].label;
    let odds = r
        .designs
        .iter()
        .map(|d| {
            vec![
                d.label.clone(),
                format!(
                    "{:.0} % [{:.0} – {:.0}]",
                    100.0 * d.wins_intact.estimate,
                    100.0 * d.wins_intact.ci_low,
                    100.0 * d.wins_intact.ci_high
                ),
                spread(&d.intact, |x| format!("{:.0} %", 100.0 * x)),
                d.difference.as_ref().map_or("–".into(), |s| spread(s, pts)),
            ]
        })
        .collect();
    let flips = pair_flips(r);
    let mut head: Vec<String> = ["Reading", "In", "Probability"].map(String::from).to_vec();
    for f in &flips {
        head.push(format!("Effect on {} − {first}, pts", f.design));
        head.push(format!("Settled against {} alone", f.leader));
    }
    let rows = r
        .readings
        .iter()
        .map(|e| {
            let mut row = vec![
                format!("{} ({})", e.id, e.name),
                e.designs.join(", "),
                format!("{:.2}", e.probability),
            ];
            for f in &flips {
                let i = r.designs.iter().position(|d| d.label == f.design);
                let effect = i.and_then(|i| e.effect_on_difference.get(i).copied().flatten());
                row.push(effect.map_or("–".into(), pts));
                row.push(
                    f.readings
                        .iter()
                        .find(|s| s.id == e.id)
                        .map_or("–".into(), |s| {
                            format!(
                                "{}: {} → {} pts, {}",
                                settled(s),
                                pts(f.difference),
                                pts(s.difference_after),
                                outcome_words(s.outcome, f)
                            )
                        }),
                );
            }
            row
        })
        .collect();
    let mut out = vec![
        Block::Para(format!(
            "{} draws (seed {}, {} trials per source per draw): in each, every reading is on with its probability and every channel kind's parameters are drawn from their ranges; every design gets the same draws.",
            r.draws, r.seed, r.trials
        )),
        Block::Table(
            ["Design", "Wins (share intact at the top)", "Intact, median (5–95 %)", &format!("Difference from {first}, pts")]
                .map(String::from)
                .to_vec(),
            odds,
        ),
        Block::Heading("Each contested reading's effect".into()),
    ];
    if r.readings.is_empty() {
        out.push(Block::Para(
            "No design has readings: only the channel kinds' parameters were drawn.".into(),
        ));
    } else {
        out.push(Block::Table(head, rows));
        out.push(Block::Para("Effect: the mean over the draws of the difference with the reading minus without it, the rest of each draw unchanged (paired). Settled: the reading on in every case (or off), whichever works against the leader; the difference moves by the effect times the share of draws it was not already so. An estimate.".into()));
    }
    out
}

/// The plain "what would flip it" sentences, one group per design pair.
fn flip_sentences(r: &Robustness) -> Vec<String> {
    let mut out = Vec::new();
    for f in pair_flips(r) {
        let (lo, hi) = f.band;
        out.push(format!(
            "{} − {}: {} pts at the median of the draws (5–95 %: {} to {}); {}.",
            f.design,
            f.first,
            pts(f.difference),
            pts(lo),
            pts(hi),
            if f.material {
                format!("{} leads", f.leader)
            } else {
                "no material difference (under 1 pt)".into()
            }
        ));
        if !f.material {
            continue;
        }
        out.push(single_sentence(&f));
        out.push(together_sentence(&f));
    }
    out.push(format!(
        "In the draws themselves: {}",
        r.flip
            .to_string()
            .trim_start_matches("What would flip it: ")
    ));
    out.push("Moves are estimates from the paired effects: settling several readings adds their moves, so interactions between readings are ignored; the draws above show what happened with them.".into());
    out
}

fn single_sentence(f: &PairFlips) -> String {
    let changing: Vec<String> = f
        .readings
        .iter()
        .filter(|s| s.outcome != FlipOutcome::Holds)
        .map(|s| {
            format!(
                "settling {} ({} pts) {}",
                settled(s),
                pts(s.difference_after),
                outcome_words(s.outcome, f)
            )
        })
        .collect();
    if !changing.is_empty() {
        return format!("One reading is enough: {}.", changing.join("; "));
    }
    match f.readings.first() {
        Some(s) => format!(
            "No single reading changes it: the largest move, settling {}, leaves {} pts.",
            settled(s),
            pts(s.difference_after)
        ),
        None => "No reading moves this difference.".into(),
    }
}

fn together_sentence(f: &PairFlips) -> String {
    let Some((after, o)) = f.together else {
        return format!(
            "Nothing in the model's readings flips it: no reading moves {} − {}.",
            f.design, f.first
        );
    };
    match f.fewest() {
        Some((set, at, o)) if set.len() > 1 => format!(
            "Together, {} ({} pts) {}; all {} readings settled against {} give {} pts.",
            set.iter().map(settled).collect::<Vec<_>>().join(", "),
            pts(at),
            outcome_words(o, f),
            f.readings.len(),
            f.leader,
            pts(after)
        ),
        Some(_) => format!(
            "All {} readings settled against {} together give {} pts: {}.",
            f.readings.len(),
            f.leader,
            pts(after),
            outcome_words(o, f)
        ),
        None => format!(
            "Nothing in the model's readings flips it: all {} settled against {} together still leave {} pts, {} ahead.",
            f.readings.len(),
            f.leader,
            pts(after),
            f.leader
        ),
    }
}
