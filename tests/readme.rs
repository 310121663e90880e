//! Every `hviske` command in the README's ```console blocks runs as a test,
//! so the README cannot drift from the program: a renamed flag, a moved
//! model or a command that fails breaks the build.
//!
//! - A block whose lines start with `$ ` shows output: the lines after each
//!   command are what it must print, byte for byte.
//! - Other commands run as written, with `-q`, `--trials 64` (and
//!   `--draws 4` for `compare` and `report` without `--point`) appended where the command takes them
//!   and the README gives none, so the suite stays quick; `-o FILE`,
//!   `--plot FILE` and `> FILE` write into a temporary folder. Each must succeed and write
//!   something.
//! - A command whose input files are the reader's own (the import
//!   walkthrough: `actors.csv`, `org.json`, ...) cannot run here: its
//!   subcommand's `--help` must list every flag it uses.

use crate::util::hviske;
use std::path::Path;

/// One command of a console block.
#[derive(Debug)]
struct Example {
    /// README line of the command.
    line: usize,
    /// The words after `hviske`.
    args: Vec<String>,
    /// The output the README shows for it, for `$ ` blocks.
    shown: Option<String>,
}

/// Splits a command line into words: spaces separate, single and double
/// quotes group.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => {
                if started {
                    out.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (_, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

/// The `hviske` commands of the README's console blocks, in order.
fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut pending = String::new();
    let mut start = 0;
    let mut prompted = false;
    for (i, raw) in readme.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed == "```console" {
            in_block = true;
            prompted = false;
            continue;
        }
        if !in_block {
            continue;
        }
        if trimmed == "```" {
            in_block = false;
            continue;
        }
        let is_prompt = trimmed.starts_with("$ ");
        if prompted && !is_prompt && pending.is_empty() {
            // Output shown under the last `$ ` command.
            if let Some(e) = out.last_mut().filter(|e| e.shown.is_some()) {
                let shown = e.shown.as_mut().unwrap();
                shown.push_str(raw);
                shown.push('\n');
            }
            continue;
        }
        if pending.is_empty() {
            start = i + 1;
            prompted = is_prompt;
        }
        let text = trimmed.strip_prefix("$ ").unwrap_or(trimmed);
        match text.strip_suffix('\\') {
            Some(head) => {
                pending.push_str(head);
                pending.push(' ');
                continue;
            }
            None => pending.push_str(text),
        }
        let line = std::mem::take(&mut pending);
        let command = line
            .strip_prefix("hviske ")
            .or_else(|| line.strip_prefix("cargo run --release -- "));
        if let Some(rest) = command {
            out.push(Example {
                line: start,
                args: words(rest),
                shown: prompted.then(String::new),
            });
        }
    }
    out
}

/// Inputs named by the example that are not in the repository (files of
/// the reader's own).
fn missing_inputs(args: &[String]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    let mut after_output = false;
    for a in args {
        let is_file = [".json", ".csv", ".graphml"].iter().any(|x| a.ends_with(x));
        if is_file && !after_output && !a.starts_with('-') && !root.join(a).exists() {
            missing.push(a.clone());
        }
        after_output = ["-o", "--output", "--plot", ">"].contains(&a.as_str());
    }
    missing
}

/// The flags of `hviske <sub> --help`.
fn help_of(sub: &str) -> String {
    let out = hviske().args([sub, "--help"]).output().unwrap();
    assert!(out.status.success(), "hviske {sub} --help failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The example as run here: output into `dir`, quick settings appended.
fn as_run(e: &Example, dir: &Path) -> Vec<String> {
    let mut args = Vec::new();
    let mut it = e.args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            // Every file the example writes goes to the temporary folder,
            // never over a file of the repository (docs/ holds the README's
            // own charts).
            "-o" | "--output" | "--plot" => {
                let file = it.next().expect("a file after the flag");
                let name = Path::new(file).file_name().unwrap();
                args.push(a.clone());
                args.push(dir.join(name).to_str().unwrap().to_string());
            }
            ">" => {
                it.next();
            }
            _ => args.push(a.clone()),
        }
    }
    let quick = ["compare", "sweep", "report", "simulate"];
    if quick.contains(&args[0].as_str()) && !args.iter().any(|a| a == "--trials") {
        args.extend(["--trials".to_string(), "64".to_string()]);
    }
    let draws = ["compare", "report"].contains(&args[0].as_str());
    if draws && !args.iter().any(|a| a == "--point" || a == "--draws") {
        args.extend(["--draws".to_string(), "4".to_string()]);
    }
    if e.shown.is_none() {
        args.push("-q".to_string());
    }
    args
}

#[test]
fn the_readme_console_examples_run() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let examples = examples(&readme);
    let (mut ran, mut shown, mut helped) = (0, 0, 0);
    for e in &examples {
        let sub = e.args[0].as_str();
        let missing = missing_inputs(&e.args);
        if !missing.is_empty() {
            let help = help_of(sub);
            for flag in e.args.iter().filter(|a| a.starts_with("--")) {
                assert!(
                    help.contains(flag.as_str()),
                    "README.md:{}: `hviske {sub}` has no {flag}",
                    e.line
                );
            }
            helped += 1;
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let args = as_run(e, dir.path());
        let out = hviske().args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "README.md:{}: hviske {} failed: {}",
            e.line,
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        let wrote = std::fs::read_dir(dir.path()).unwrap().count() > 0;
        assert!(
            !out.stdout.is_empty() || wrote,
            "README.md:{}: hviske {} wrote nothing",
            e.line,
            args.join(" ")
        );
        if let Some(want) = &e.shown {
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                *want,
                "README.md:{}: the output shown differs",
                e.line
            );
            shown += 1;
        }
        ran += 1;
    }
    // The README as it stands: guards against the parser finding nothing.
    assert!(ran >= 14, "ran only {ran} of {} examples", examples.len());
    assert!(shown >= 1, "no example with its output was checked");
    assert!(helped >= 1, "the import walkthrough was not checked");
}

#[test]
fn commands_split_into_words_as_a_shell_would() {
    assert_eq!(
        words(r#"import a.csv --name "Municipality X" --what-if 'attendance:nnn=1'"#),
        [
            "import",
            "a.csv",
            "--name",
            "Municipality X",
            "--what-if",
            "attendance:nnn=1"
        ]
    );
    let readme = "```console\n$ hviske validate m.json\nm.json: ok\n```\n\
                  ```console\nhviske compare a.json \\\n    b.json\n```\n";
    let found = examples(readme);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].shown.as_deref(), Some("m.json: ok\n"));
    assert_eq!(found[1].args, ["compare", "a.json", "b.json"]);
    assert_eq!(found[1].line, 6);
}
