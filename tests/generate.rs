//! `hviske generate`: synthetic organisations that validate, the same bytes
//! for the same seed, the sizes the presets promise, and refused shapes.

use crate::util::{arg, hviske, stdout_of};

#[test]
fn a_preset_validates_and_the_edges_list_every_arc() {
    let dir = tempfile::tempdir().unwrap();
    let (model, edges) = (dir.path().join("m.json"), dir.path().join("m.csv"));
    hviske()
        .args(["generate", "--preset", "municipality", "-q", "-o"])
        .args([arg(&model), "--edges", arg(&edges)])
        .assert()
        .success();
    let out = stdout_of(hviske().args(["validate", "--strict", arg(&model)]));
    let actors: usize = out
        .split("\" (")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((3_900..4_100).contains(&actors), "{out}");
    assert!(out.contains("levels 1-4"), "{out}");
    let csv = std::fs::read_to_string(&edges).unwrap();
    assert!(csv.starts_with("source,target,fidelity\n"));
    assert!(csv.lines().count() > 2 * actors);
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let run = |seed: &str| {
        hviske()
            .args([
                "generate", "--span", "3", "--depth", "4", "--seed", seed, "-q",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(run("5"), run("5"));
    assert_ne!(run("5"), run("6"));
}

#[test]
fn flags_override_the_preset_and_bad_shapes_are_refused() {
    let out = stdout_of(hviske().args(["generate", "--preset", "small", "--employees", "2", "-q"]));
    assert!(
        out.contains("span 10, depth 3, 2 employees"),
        "{}",
        &out[..300]
    );
    for (args, message) in [
        (
            vec!["--preset", "national", "--span", "20"],
            "more than the limit of 2000000",
        ),
        (vec!["--depth", "1"], "depth must be 2 to 20"),
        (vec!["--lateral", "2"], "lateral must be a share in [0, 1]"),
    ] {
        hviske()
            .arg("generate")
            .args(args)
            .assert()
            .failure()
            .stderr(predicates::str::contains(message));
    }
}

#[test]
fn edges_and_model_must_be_different_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("same.csv");
    hviske()
        .args(["generate", "-o", arg(&path), "--edges", arg(&path)])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the same file as -o"));
    assert!(!path.exists());
}
