//! Golden files for what users see: the table, Markdown, JSON and CSV
//! outputs of every command on the small example model
//! (`models/examples/small.json`) and on the shipped designs, with the
//! default seed and small `--trials`, compared byte for byte with
//! `tests/golden/<case>`. `HVISKE_BLESS=1 cargo test golden` rewrites them on
//! purpose; review the diff before committing it.

use crate::util::{arg, hviske};
use std::path::Path;

const SMALL: &str = "models/examples/small.json";
const THREE_TWO_ONE: &str = "models/three-two-one.json";
const COUNCIL: &str = "models/industry-council.json";

/// A golden case: the file name under `tests/golden/` and the arguments.
struct Case {
    name: String,
    args: Vec<String>,
}

fn case(name: &str, args: &[&str]) -> Case {
    Case {
        name: name.to_string(),
        args: args.iter().map(|a| a.to_string()).collect(),
    }
}

/// `name.<format>` for each format, with `-f <format>` appended to `args`.
fn formats(cases: &mut Vec<Case>, name: &str, args: &[&str], formats: &[&str]) {
    for format in formats {
        let mut c = case(&format!("{name}.{format}"), args);
        c.args
            .extend(["-f".to_string(), format.to_string(), "-q".to_string()]);
        cases.push(c);
    }
}

const ALL: &[&str] = &["table", "markdown", "json", "csv"];
const NO_CSV: &[&str] = &["table", "markdown", "json"];

/// The commands on the small example model.
fn small_cases(cases: &mut Vec<Case>) {
    cases.push(case("small.validate.txt", &["validate", SMALL]));
    formats(cases, "small.inspect", &["inspect", SMALL], NO_CSV);
    formats(cases, "small.analyze", &["analyze", SMALL], ALL);
    let remove = ["analyze", SMALL, "--remove", "b"];
    formats(cases, "small.analyze-remove-b", &remove, ALL);
    let up = ["simulate", SMALL, "--direction", "up", "--trials", "256"];
    formats(cases, "small.simulate-up", &up, ALL);
    let exact = [
        "simulate", SMALL, "--from", "a", "--to", "d", "--exact", "--trials", "256",
    ];
    formats(cases, "small.simulate-exact", &exact, ALL);
    let point = [
        "compare",
        SMALL,
        "--what-if",
        "remove:u",
        "--point",
        "--trials",
        "256",
    ];
    formats(cases, "small.compare-point", &point, ALL);
    let compare = [
        "compare",
        SMALL,
        "--what-if",
        "remove:u",
        "--draws",
        "8",
        "--draw-trials",
        "64",
        "--trials",
        "256",
    ];
    formats(cases, "small.compare", &compare, ALL);
    let sweep = [
        "sweep",
        SMALL,
        "--what-if",
        "remove:u",
        "--param",
        "fidelity",
        "--steps",
        "3",
        "--trials",
        "128",
    ];
    formats(cases, "small.sweep", &sweep, &["table", "json", "csv"]);
    let advise = ["advise", SMALL, "--steps", "2", "--trials", "256"];
    formats(cases, "small.advise", &advise, NO_CSV);
    for to in ["graphml", "gexf", "json", "dot"] {
        let name = format!("small.export.{to}");
        cases.push(case(&name, &["export", SMALL, "--to", to, "-o", "-"]));
    }
}

/// The commands on the two shipped designs.
fn shipped_cases(cases: &mut Vec<Case>) {
    for (name, model) in [
        ("three-two-one", THREE_TWO_ONE),
        ("industry-council", COUNCIL),
    ] {
        formats(
            cases,
            &format!("{name}.inspect"),
            &["inspect", model],
            NO_CSV,
        );
        formats(cases, &format!("{name}.analyze"), &["analyze", model], ALL);
    }
    let compare = [
        "compare",
        THREE_TWO_ONE,
        COUNCIL,
        "--draws",
        "20",
        "--trials",
        "256",
    ];
    formats(cases, "designs.compare", &compare, ALL);
}

fn stdout(args: &[String]) -> String {
    let out = hviske()
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "hviske {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Compares `got` with the golden file `name` (or writes it when blessing);
/// a mismatch is pushed onto `failures` with both texts in full.
fn check(name: &str, got: &str, failures: &mut Vec<String>) {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("HVISKE_BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, got).unwrap();
    }
    let expected = std::fs::read_to_string(&golden)
        .unwrap_or_else(|_| panic!("no {}; run with HVISKE_BLESS=1", golden.display()));
    if got != expected {
        failures.push(format!("{name}\n--- expected\n{expected}--- got\n{got}"));
    }
}

#[test]
fn golden_outputs_of_every_command_are_unchanged() {
    let mut cases = Vec::new();
    small_cases(&mut cases);
    shipped_cases(&mut cases);
    let mut failures = Vec::new();
    for c in &cases {
        check(&c.name, &stdout(&c.args), &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `export --to csv` writes two files named from `-o`; both are golden.
#[test]
fn golden_csv_export_of_the_small_model_is_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("small.csv");
    let args: Vec<String> = ["export", SMALL, "--to", "csv", "-q", "-o", arg(&out)]
        .iter()
        .map(|a| a.to_string())
        .collect();
    stdout(&args);
    let mut failures = Vec::new();
    for table in ["actors", "channels"] {
        let written = std::fs::read_to_string(dir.path().join(format!("small-{table}.csv")))
            .expect("export wrote the table");
        check(
            &format!("small.export.{table}.csv"),
            &written,
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Charts, the tornado plot and the Markdown report are files named by
/// `-o` (or `--plot`); each is golden. The builtin layout keeps the SVG
/// independent of an installed Graphviz.
#[test]
fn golden_charts_plot_and_report_are_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = |name: &str| dir.path().join(name);
    let (dot, svg, tornado, md) = (
        file("c.dot"),
        file("c.svg"),
        file("t.svg"),
        file("report.md"),
    );
    let runs: [Vec<&str>; 4] = [
        vec![
            "chart",
            SMALL,
            "--date",
            "2026-03-01",
            "-q",
            "-o",
            arg(&dot),
        ],
        vec![
            "chart",
            SMALL,
            "--renderer",
            "builtin",
            "--evidence",
            "--date",
            "2026-03-01",
            "-q",
            "-o",
            arg(&svg),
        ],
        vec![
            "compare",
            SMALL,
            "--what-if",
            "remove:u",
            "--draws",
            "8",
            "--draw-trials",
            "64",
            "--trials",
            "64",
            "-q",
            "--plot",
            arg(&tornado),
        ],
        vec![
            "report",
            THREE_TWO_ONE,
            COUNCIL,
            "--trials",
            "64",
            "--renderer",
            "builtin",
            "--draws",
            "2",
            "--date",
            "2026-03-01",
            "-q",
            "-o",
            arg(&md),
        ],
    ];
    for args in runs {
        stdout(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>());
    }
    let mut failures = Vec::new();
    for (name, path) in [
        ("small.chart.dot", &dot),
        ("small.chart-builtin.svg", &svg),
        ("small.tornado.svg", &tornado),
        ("designs.report.md", &md),
    ] {
        let written = std::fs::read_to_string(path).expect("written");
        check(name, &written, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// No screen calls the simulation noise of one run the confidence of a
/// conclusion: no golden file of any command says "CI" or "confidence
/// interval".
#[test]
fn no_output_calls_simulation_noise_a_confidence_interval() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for word in ["95% CI", " CI ", "(CI", "confidence interval"] {
            assert!(!text.contains(word), "{} says {word:?}", path.display());
        }
    }
}
