//! `hviske report` (issue 11): a well-formed, self-contained HTML file with
//! every section, the same bytes on any thread count, Markdown with its
//! figures beside it, the plots as SVG and PNG, and the report opened in
//! headless Chromium without console errors.

use crate::chart::{assert_png, assert_svg, have};
use crate::util::{arg, hviske, model};
use std::path::Path;

fn report(out: &Path, threads: &str) -> String {
    report_with(out, threads, &[])
}

/// A report of the shipped pair; 4 draws of the readings and ranges unless
/// `extra` says `--point` or `--draws`, so the suite stays quick.
fn report_with(out: &Path, threads: &str, extra: &[&str]) -> String {
    let draws: &[&str] = if extra.iter().any(|a| *a == "--point" || *a == "--draws") {
        &[]
    } else {
        &["--draws", "4"]
    };
    hviske()
        .args([
            "report",
            &model("three-two-one"),
            &model("industry-council"),
        ])
        .args(extra)
        .args(draws)
        .args([
            "--trials",
            "128",
            "--threads",
            threads,
            "--renderer",
            "builtin",
            "-o",
            arg(out),
        ])
        .assert()
        .success();
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn the_html_report_is_well_formed_self_contained_and_has_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let html = report(&dir.path().join("r.html"), "2");
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(&html, opts).expect("well-formed (X)HTML");
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("section"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    for id in hviske::render::report::SECTION_IDS {
        assert!(ids.contains(&id), "missing section {id}: {ids:?}");
    }
    for n in doc.descendants().filter(|n| n.is_element()) {
        for a in n.attributes() {
            let external = matches!(a.name(), "src" | "href") && !a.value().starts_with('#');
            assert!(
                !external,
                "<{}> references {}",
                n.tag_name().name(),
                a.value()
            );
        }
        assert!(
            !matches!(
                n.tag_name().name(),
                "script" | "link" | "img" | "iframe" | "object"
            ),
            "<{}> in the report",
            n.tag_name().name()
        );
    }
    assert!(!html.contains("@import") && !html.contains("url(http"));
    assert!(html.contains("@media print"));
    assert!(
        html.matches("<svg").count() >= 6,
        "charts with and without overlay, and two plots"
    );
    assert!(html.contains("Seed 321"));
}

#[test]
fn the_report_is_the_same_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let a = report(&dir.path().join("a.html"), "1");
    let b = report(&dir.path().join("b.html"), "2");
    assert!(a == b, "the report depends on the thread count");
}

#[test]
fn the_markdown_report_writes_its_figures_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let md = report(&dir.path().join("memo.md"), "2");
    for name in [
        "memo-retention.svg",
        "memo-arrival.svg",
        "memo-three-two-one-chart.svg",
        "memo-industry-council-chart-overlay.svg",
    ] {
        assert!(md.contains(&format!("({name})")), "{name} not linked");
        assert_svg(&std::fs::read(dir.path().join(name)).unwrap());
    }
    for id in [
        "## The single run at the point values",
        "## Key actors",
        "## Assumptions",
    ] {
        assert!(md.contains(id), "{id}");
    }
}

#[test]
fn the_plots_are_svg_and_rasterise_to_png() {
    let m = hviske::model::load(format!(
        "{}/models/industry-council.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let g = hviske::graph::build(&m);
    let q = hviske::sim::Query::direction(&m, true).unwrap();
    let cfg = hviske::sim::SimConfig {
        trials: Some(64),
        ..hviske::sim::SimConfig::default()
    };
    let sim =
        hviske::sim::simulate_with(&g, &q, &cfg, Some(hviske::sim::Method::General), None).unwrap();
    let series = [hviske::render::plot::Labelled {
        label: "industry-council",
        sim: &sim,
    }];
    for svg in [
        hviske::render::plot::retention_svg(&series).unwrap(),
        hviske::render::plot::arrival_svg(&series).unwrap(),
    ] {
        assert_svg(svg.as_bytes());
        assert!(svg.contains("industry-council") && svg.contains("Seed 321"));
        assert_png(&hviske::render::raster::png(&svg, 1.0).unwrap());
    }
}

#[test]
fn a_report_type_it_cannot_write_is_an_error_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    hviske()
        .args([
            "report",
            "no-such.json",
            "-o",
            arg(&dir.path().join("r.gif")),
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("use .html, .md or .pdf"));
}

#[test]
fn headless_chromium_opens_the_report_without_console_errors() {
    if !have("chromium", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    report(&page, "2");
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("report.png");
    let _ = std::fs::remove_file(&shot);
    let profile = tempfile::tempdir().unwrap();
    let run = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2400",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    let console: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.contains("CONSOLE")
                || l.contains("Uncaught")
                || l.contains("ERR_FILE_NOT_FOUND")
                || l.contains("net::ERR")
        })
        .collect();
    assert!(run.status.success(), "chromium failed: {stderr}");
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert_png(&std::fs::read(&shot).expect("a screenshot"));
}

#[test]
fn with_point_the_report_says_it_shows_one_run_and_the_readings_were_not_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let html = report_with(&dir.path().join("r.html"), "2", &["--point"]);
    let at = html
        .find("<section id=\"readings\">")
        .expect("a readings section");
    let section = &html[at..at + html[at..].find("</section>").unwrap()];
    assert!(section.contains("were not drawn") && section.contains("without --point"));
    assert!(!section.contains("<svg"));
    let summary = &html[html.find("<section id=\"summary\">").unwrap()..at];
    assert!(
        summary.contains("one run at the point values only"),
        "{summary}"
    );
}

#[test]
fn the_summary_leads_with_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let html = report(&dir.path().join("r.html"), "2");
    let at = html.find("<section id=\"summary\">").unwrap();
    let summary = &html[at..at + html[at..].find("</section>").unwrap()];
    let ahead = summary
        .find("comes out ahead")
        .expect("the sentence across the evidence");
    let point = summary
        .find("The single run at the point values")
        .expect("the point run, labelled");
    assert!(ahead < point, "{summary}");
    assert!(
        summary.contains("Where the gap industry-council − three-two-one"),
        "{summary}"
    );
    assert!(summary.contains("What would flip it"), "{summary}");
    assert!(!summary.contains("CI"), "{summary}");
}

/// The readings' analysis (issue 11): every contested reading with its
/// effect, a tornado chart, and "what would flip the verdict" said plainly;
/// the same bytes on one and two threads.
#[test]
fn with_uncertain_the_report_shows_each_readings_effect_the_tornado_and_what_would_flip_it() {
    let dir = tempfile::tempdir().unwrap();
    // Enough draws to fit each reading's effect (more draws than readings).
    let flags = ["--draws", "30"];
    let a = report_with(&dir.path().join("a.html"), "1", &flags);
    let b = report_with(&dir.path().join("b.html"), "2", &flags);
    assert!(
        a == b,
        "the report with the draws depends on the thread count"
    );
    let at = a.find("<section id=\"readings\">").unwrap();
    let section = &a[at..at + a[at..].find("</section>").unwrap()];
    let m = hviske::model::load(model("three-two-one")).unwrap();
    for r in &m.readings {
        assert!(section.contains(&r.id), "reading {} missing", r.id);
    }
    assert!(section.contains("What would flip the verdict"));
    assert!(
        section.contains("flips it")
            || section.contains("immaterial")
            || section.contains("Nothing in the model's readings flips it"),
        "no plain statement of what would flip it"
    );
    assert_eq!(section.matches("<svg").count(), 1, "one tornado chart");
    assert!(section.contains("What each reading does to industry-council − three-two-one"));
    assert!(section.contains("Seed 321; 30 draws"));
}

#[test]
fn collapse_enterprises_never_draws_every_enterprise() {
    let dir = tempfile::tempdir().unwrap();
    let auto = report(&dir.path().join("a.html"), "2");
    let never = report_with(
        &dir.path().join("n.html"),
        "2",
        &["--collapse-enterprises=never"],
    );
    // Single actors are ellipses, bodies boxes; a collapsed group is one of them.
    let nodes = |h: &str| h.matches("<ellipse").count() + h.matches("<rect").count();
    assert!(
        nodes(&never) > nodes(&auto),
        "{} nodes with =never, {} by default",
        nodes(&never),
        nodes(&auto)
    );
}

/// Issue 23: the report printed to an A4 PDF by headless Chromium (through
/// `report -o FILE.pdf`, the path users take): a bounded number of pages,
/// the summary on the first, no literal backticks, names rather than ids,
/// the date, and the comparison table's difference column. The pages are
/// kept as PNG under `target/screenshots/` when pdftoppm is installed.
#[test]
fn the_report_prints_to_an_a4_pdf_with_the_summary_on_page_one() {
    if !have("chromium", "--version") || !have("pdftotext", "-v") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf_path = dir.path().join("r.pdf");
    hviske()
        .args([
            "report",
            &model("three-two-one"),
            &model("industry-council"),
            "--trials",
            "128",
            "--date",
            "2026-03-01",
            "-q",
            "-o",
            arg(&pdf_path),
        ])
        .assert()
        .success();
    let pdf = std::fs::read(&pdf_path).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = |first: usize, last: usize| {
        let run = std::process::Command::new("pdftotext")
            .args(["-layout", "-f", &first.to_string(), "-l", &last.to_string()])
            .arg(&pdf_path)
            .arg("-")
            .output()
            .unwrap();
        assert!(run.status.success());
        String::from_utf8_lossy(&run.stdout).to_string()
    };
    let all = text(1, 1000);
    let pages = all.matches('\u{c}').count();
    assert!((4..=30).contains(&pages), "{pages} pages");
    let first = text(1, 1);
    assert!(first.contains("Summary"), "page 1: {first}");
    assert!(first.contains("Dated 2026-03-01"), "page 1: {first}");
    assert!(
        !all.contains('`'),
        "a literal backtick in the printed report"
    );
    assert!(
        !all.contains("meat01_pg"),
        "a raw actor id in the printed report"
    );
    assert!(
        all.contains("Difference"),
        "the comparison's difference column"
    );
    // A4 is 595 × 842 pt.
    let text_pdf = String::from_utf8_lossy(&pdf);
    assert!(text_pdf.contains("/MediaBox [0 0 594.9"), "an A4 page");
    if have("pdftoppm", "-v") {
        let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&shots).unwrap();
        let run = std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "60"])
            .arg(&pdf_path)
            .arg(shots.join("report-page"))
            .output()
            .unwrap();
        assert!(run.status.success());
    }
}

#[test]
fn a_pdf_report_without_chromium_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    hviske()
        .env("HVISKE_CHROMIUM", "/no/such/chromium")
        .args(["report", &model("industry-council"), "-o"])
        .arg(dir.path().join("r.pdf"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("headless Chromium"));
    assert!(!dir.path().join("r.pdf").exists());
}
