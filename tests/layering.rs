//! The data flow's arrows point one way (STYLE.md §1): each stage may use
//! the stages before it, never those after it, and the library never prints.

use std::path::Path;

/// Every `.rs` file under `dir` (or the file itself), with its text.
fn sources(path: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for entry in std::fs::read_dir(&p).unwrap() {
                stack.push(entry.unwrap().path());
            }
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    assert!(!out.is_empty(), "no sources under {path}");
    out
}

/// What code that reads and writes models only must not use: the later
/// stages, and the crates they bring.
const MODELS_ONLY: &[&str] = &[
    "petgraph",
    "rand",
    "rayon",
    "clap",
    "crate::graph",
    "crate::sim",
    "crate::analysis",
    "crate::compare",
    "crate::render",
];

fn forbid(path: &str, words: &[&str]) {
    for (file, text) in sources(path) {
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for w in words {
                assert!(!line.contains(w), "{file} uses {w}: {line}");
            }
        }
    }
}

const PRINTING: [&str; 4] = ["println!", "eprintln!", "print!(", "eprint!("];

#[test]
fn the_model_knows_nothing_of_later_stages() {
    forbid("src/model", MODELS_ONLY);
}

#[test]
fn scenarios_work_on_models_only() {
    forbid(
        "src/scenario",
        &[
            "petgraph",
            "rayon",
            "crate::graph",
            "crate::sim",
            "crate::analysis",
            "crate::render",
        ],
    );
}

#[test]
fn the_graph_draws_no_random_numbers() {
    for path in ["src/graph.rs", "src/graph"] {
        forbid(
            path,
            &[
                "rand",
                "serde_json",
                "crate::sim",
                "crate::analysis",
                "crate::render",
            ],
        );
    }
}

#[test]
fn analysis_and_simulation_are_independent() {
    forbid(
        "src/analysis",
        &["crate::sim", "crate::render", "crate::compare", "rand::"],
    );
    forbid(
        "src/sim",
        &[
            "crate::analysis",
            "crate::render",
            "crate::compare",
            "serde_json",
        ],
    );
}

#[test]
fn comparison_does_not_render_and_rendering_does_not_parse_arguments() {
    forbid("src/compare", &["crate::render", "clap", "crate::advise"]);
    forbid("src/render", &["clap", "rand::"]);
}

/// The advisor sits after compare and before render: it may use compare,
/// never draw or parse arguments.
#[test]
fn the_advisor_comes_after_compare_and_before_render() {
    forbid("src/advise", &["crate::render", "clap"]);
    for dir in [
        "src/model",
        "src/scenario",
        "src/graph.rs",
        "src/analysis",
        "src/sim",
    ] {
        forbid(dir, &["crate::advise"]);
    }
}

#[test]
fn interop_reads_and_writes_models_only() {
    forbid("src/interop", MODELS_ONLY);
}

#[test]
fn the_generator_writes_models_only() {
    forbid(
        "src/generate",
        &[
            "petgraph",
            "rayon",
            "clap",
            "crate::graph",
            "crate::sim",
            "crate::analysis",
            "crate::compare",
            "crate::render",
        ],
    );
}

#[test]
fn the_library_never_prints() {
    for dir in [
        "src/generate",
        "src/model",
        "src/scenario",
        "src/graph.rs",
        "src/graph",
        "src/analysis",
        "src/sim",
        "src/compare",
        "src/advise",
        "src/render",
        "src/interop",
        "src/lib.rs",
    ] {
        forbid(dir, &PRINTING);
    }
    forbid("src/lib.rs", &["mod cli"]);
}

/// Library error messages say what is wrong, not which flag fixes it: the
/// CLI maps errors to its flags (issue 9).
#[test]
fn library_error_messages_name_no_cli_flag() {
    for dir in [
        "src/model",
        "src/scenario",
        "src/analysis",
        "src/sim",
        "src/compare",
        "src/advise",
        "src/render",
        "src/interop",
    ] {
        for (file, text) in sources(dir) {
            for line in text.lines().filter(|l| l.contains("#[error(")) {
                let flag = line.contains("\"--") || line.contains(" --");
                assert!(!flag, "{file} names a flag in an error message: {line}");
            }
        }
    }
}
