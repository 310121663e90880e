//! Replays the fuzz seeds and every crash the fuzzers found
//! (`tests/fuzz/seeds/<target>/`, `tests/fuzz/crashes/<target>/`) through
//! the same entry points as the fuzz targets: none may panic, and each must
//! finish within a few seconds (a crash found as a timeout was a hang).

use std::path::Path;
use std::time::{Duration, Instant};

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut count = 0;
    for dir in ["seeds", "crashes"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("corpus entry").path();
            let bytes = std::fs::read(&path).expect("corpus file");
            let start = Instant::now();
            run(&bytes);
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "{} took {:?}",
                path.display(),
                start.elapsed()
            );
            count += 1;
        }
    }
    assert!(count > 0, "no corpus for {target}");
}

#[test]
fn model_loader_corpus_replays() {
    replay("model_loader", hviske::fuzzing::model_bytes);
}

#[test]
fn scenario_loader_corpus_replays() {
    replay("scenario_loader", hviske::fuzzing::scenario_bytes);
}

#[test]
fn what_if_corpus_replays() {
    replay("what_if", hviske::fuzzing::what_if_bytes);
}
