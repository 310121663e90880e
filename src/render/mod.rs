//! Stage 5: reports and graphs as text and bytes (tables, Markdown, JSON,
//! CSV; organisation charts as DOT, SVG, PNG and PDF).
//!
//! Renderers return strings; they never print and never touch files. The
//! binary decides where the bytes go.

mod advise;
mod analysis;
mod analysis_json;
mod assessment;
mod chart;
mod comparison;
pub mod dot;
pub mod escape;
mod inspect;
pub mod layout;
pub mod orgchart;
pub mod plot;
pub mod raster;
pub mod report;
mod report_readings;
pub mod scene;
mod simulation;
pub mod svg;
pub mod table;

pub use advise::{advice, advice_svg};
pub use analysis::{analysis, removal};
pub use assessment::assessment;
pub use chart::sweep_svg;
pub use comparison::{comparison, robustness, sweep};
pub use inspect::inspection;
pub use orgchart::{chart, ChartError, ChartFormat, Renderer};
pub use scene::{scene, ChartOptions, Overlay};
pub use simulation::simulation;

use serde::Serialize;
use std::fmt;

/// An output format a renderer can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned plain-text tables for a terminal.
    Table,
    /// Pretty JSON, every figure, stable key names.
    Json,
    /// Markdown tables, to paste into a memo.
    Markdown,
    /// Comma-separated values, one row per figure.
    Csv,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
        })
    }
}

/// What a renderer suggests the reader ask for to see more. The library
/// names no command-line flag: the caller words each hint (the program as
/// its flags), and [`Hint`]'s `Display` gives plain words for other callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hint {
    /// A horizon, which gives arrival days on the loss-only path.
    Horizon,
    /// The JSON output, which lists everything.
    Json,
    /// A longer list, or the JSON output.
    TopOrJson,
    /// The JSON or Markdown output (the full rows).
    JsonOrMarkdown,
    /// Drawing the readings and parameter ranges.
    Uncertain,
    /// The commands that draw the readings and parameter ranges.
    UncertainCommands,
    /// The comparison across the evidence (what `compare` gives without
    /// asking for the point run alone).
    AcrossEvidence,
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Hint::Horizon => "a horizon",
            Hint::Json => "the JSON output",
            Hint::TopOrJson => "a longer list or the JSON output",
            Hint::JsonOrMarkdown => "the JSON or Markdown output",
            Hint::Uncertain => "drawn readings and ranges",
            Hint::UncertainCommands => "a report or comparison over drawn readings and ranges",
            Hint::AcrossEvidence => "the comparison across the drawn readings and ranges",
        })
    }
}

/// Words a [`Hint`] for the reader; `&|h| h.to_string()` gives plain words.
pub type Wording<'a> = &'a dyn Fn(Hint) -> String;

/// A renderer could not produce the requested output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// This report has no such format.
    #[error("{what} cannot be written as {format} (try {supported})")]
    Unsupported {
        /// The report.
        what: &'static str,
        /// The format asked for.
        format: Format,
        /// The formats it has.
        supported: &'static str,
    },
    /// The chart library could not draw the chart.
    #[error("cannot draw the chart: {0}")]
    Chart(#[from] DrawError),
}

/// Why the chart library could not draw a chart.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DrawError {
    /// The drawing backend failed: writing the SVG text, or laying out a
    /// label's font.
    #[error("{0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The chart's areas do not fit the canvas.
    #[error("the chart's layout does not fit")]
    Layout,
    /// The drawing area was in use by another drawing.
    #[error("the drawing area is in use")]
    Busy,
}

impl<E: std::error::Error + Send + Sync + 'static> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for RenderError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        use plotters::drawing::DrawingAreaErrorKind as Area;
        RenderError::Chart(match e {
            Area::BackendError(e) => DrawError::Backend(Box::new(e)),
            Area::LayoutError => DrawError::Layout,
            Area::SharingError => DrawError::Busy,
        })
    }
}

/// How a human-readable report is laid out: Markdown, or plain text for a
/// terminal. Shared by the renderers so every report reads the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Markdown rather than plain text.
    pub md: bool,
}

impl Layout {
    /// A table in this layout.
    pub(crate) fn table(self, t: &table::Table) -> String {
        if self.md {
            t.markdown()
        } else {
            t.text()
        }
    }

    /// The report's title line and a blank line.
    pub(crate) fn title(self, s: &str) -> String {
        if self.md {
            let s = escape::markdown(s);
            format!(
                "# {s}

"
            )
        } else {
            let s = crate::model::escape_control(s);
            format!(
                "{s}

"
            )
        }
    }

    /// A section heading.
    pub(crate) fn heading(self, s: &str) -> String {
        if self.md {
            let s = escape::markdown(s);
            format!(
                "## {s}

"
            )
        } else {
            let s = crate::model::escape_control(s);
            format!(
                "{s}
"
            )
        }
    }
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain data structs cannot fail: no maps with non-string
    // keys, no NaN (figures that may be undefined are `Option`s).
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("\"{e}\""));
    s.push('\n');
    s
}

/// A number with a fixed count of decimals, or "–" when absent.
pub fn num(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.decimals$}"))
}
