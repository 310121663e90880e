//! The bad-input corpus: every file under `tests/corpus/models/` must be
//! rejected on load with the exit code and message in
//! `tests/corpus/expected/<name>.txt` (first line `exit N`, then stderr),
//! by every command that reads a model. `HVISKE_BLESS=1 cargo test corpus`
//! rewrites the expected files from `validate`.

use crate::util::hviske;
use std::path::Path;

/// Every command that reads a model, as arguments before the model path.
const COMMANDS: &[&[&str]] = &[
    &["validate"],
    &["inspect"],
    &["analyze"],
    &["simulate", "--direction", "up", "--trials", "64"],
    &["compare", "--point", "--trials", "64"],
    &[
        "sweep", "--param", "fidelity", "--steps", "2", "--trials", "64",
    ],
    &["export", "--to", "json"],
    // Rejected inputs never reach the output: nothing is written.
    &["chart", "-o", "/nonexistent-hviske-dir/chart.dot"],
    &["report", "-o", "/nonexistent-hviske-dir/report.html"],
];

fn outcome(args: &[&str], model: &str) -> String {
    let out = hviske()
        .args(args)
        .arg(model)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .expect("runs");
    format!(
        "exit {}\n{}",
        out.status.code().map_or("signal".into(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn every_command_rejects_every_corpus_file_with_its_golden_message() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut names: Vec<String> = std::fs::read_dir(root.join("models"))
        .expect("corpus")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 60, "the corpus has {} files", names.len());
    let bless = std::env::var_os("HVISKE_BLESS").is_some();
    let mut failures = Vec::new();
    for name in &names {
        let model = format!("tests/corpus/models/{name}");
        let golden = root.join("expected").join(name.replace(".json", ".txt"));
        if bless {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(&golden, outcome(COMMANDS[0], &model)).unwrap();
        }
        let expected = std::fs::read_to_string(&golden)
            .unwrap_or_else(|_| panic!("no {}; run with HVISKE_BLESS=1", golden.display()));
        assert!(!expected.starts_with("exit 0"), "{name} is accepted");
        for args in COMMANDS {
            let got = outcome(args, &model);
            if got != expected {
                failures.push(format!(
                    "{} {model}\n--- expected\n{expected}--- got\n{got}",
                    args.join(" ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Bad survey files under `tests/corpus/import/` (edge lists and GraphML):
/// `hviske import` rejects each with the exit code and message in
/// `tests/corpus/expected/import-<name>.txt` and writes nothing.
#[test]
fn import_rejects_every_corpus_file_with_its_golden_message() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut names: Vec<String> = std::fs::read_dir(root.join("import"))
        .expect("import corpus")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.len() >= 6,
        "the import corpus has {} files",
        names.len()
    );
    let bless = std::env::var_os("HVISKE_BLESS").is_some();
    let mut failures = Vec::new();
    for name in &names {
        let input = format!("tests/corpus/import/{name}");
        let got = outcome(&["import"], &input);
        let golden = root.join("expected").join(format!("import-{name}.txt"));
        if bless {
            std::fs::write(&golden, &got).unwrap();
        }
        let expected = std::fs::read_to_string(&golden)
            .unwrap_or_else(|_| panic!("no {}; run with HVISKE_BLESS=1", golden.display()));
        assert!(expected.starts_with("exit 1\n"), "{name}: {expected}");
        if got != expected {
            failures.push(format!("{input}\n--- expected\n{expected}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
