//! The organisation chart in every output format: DOT always, SVG through
//! Graphviz's `dot` (graphviz-rust's exec) or the built-in layout, and PNG
//! and PDF from that SVG.

use super::raster::{self, RasterError};
use super::scene::Scene;
use graphviz_rust::cmd::{CommandArg, Format};
use std::fmt;
use std::path::Path;

/// A chart file format, chosen by the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    /// Graphviz DOT text.
    Dot,
    /// SVG.
    Svg,
    /// PNG bitmap.
    Png,
    /// PDF page.
    Pdf,
}

impl ChartFormat {
    /// Every format, for messages.
    pub const ALL: [ChartFormat; 4] = [
        ChartFormat::Dot,
        ChartFormat::Svg,
        ChartFormat::Png,
        ChartFormat::Pdf,
    ];

    /// The extension.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Dot => "dot",
            ChartFormat::Svg => "svg",
            ChartFormat::Png => "png",
            ChartFormat::Pdf => "pdf",
        }
    }

    /// The format for a file name (case-insensitive extension).
    ///
    /// # Errors
    /// [`ChartError::Extension`] for any other extension.
    pub fn for_path(path: &Path) -> Result<ChartFormat, ChartError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|f| f.extension() == ext)
            .ok_or_else(|| ChartError::Extension {
                path: path.display().to_string(),
            })
    }
}

impl fmt::Display for ChartFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Who lays the chart out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// Graphviz's `dot` program.
    Dot,
    /// hviske's own layered layout (pure Rust).
    Builtin,
}

impl fmt::Display for Renderer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Renderer::Dot => "Graphviz dot",
            Renderer::Builtin => "built-in layered layout",
        })
    }
}

/// Why a chart could not be produced.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// The output's extension names no chart format.
    #[error("{path}: cannot write a chart of this type (use .dot, .svg, .png or .pdf)")]
    Extension {
        /// The file asked for.
        path: String,
    },
    /// Graphviz's `dot` failed or is missing.
    #[error("Graphviz dot failed: {0}")]
    Dot(#[source] std::io::Error),
    /// PNG or PDF conversion failed.
    #[error(transparent)]
    Raster(#[from] RasterError),
    /// The built-in layout was asked for more nodes than it draws.
    #[error(
        "the built-in layout would take about {} for {nodes} nodes; it draws at most \
         {MAX_BUILTIN_NODES}: use --collapse-enterprises, --levels A:B, a .dot file, or \
         --renderer dot (Graphviz)",
        seconds_words(*.seconds)
    )]
    TooLarge {
        /// Nodes in the chart.
        nodes: usize,
        /// The layout's estimated time for them, in seconds.
        seconds: f64,
    },
}

/// The most nodes [`Renderer::Builtin`] lays out: about 8 seconds of work
/// (see [`builtin_seconds`]). Above it the chart is refused at once, with
/// the estimate, instead of running for minutes (or hours on a national
/// model).
pub const MAX_BUILTIN_NODES: usize = 25_000;

/// The built-in layout's time for `nodes` nodes, in seconds. It grows with
/// the square of the node count; measured with `hviske chart G.json
/// --renderer builtin` on generated models on a loaded 2-core machine:
/// 3,932 nodes 0.5 s, 26,196 nodes 7.1 s, 51,811 nodes 34 s.
pub fn builtin_seconds(nodes: usize) -> f64 {
    let n = nodes as f64;
    BUILTIN_SECONDS_PER_NODE_SQUARED * n * n
}

/// Seconds per node squared of the built-in layout (see [`builtin_seconds`]).
const BUILTIN_SECONDS_PER_NODE_SQUARED: f64 = 1.3e-8;

/// "40 seconds", "12 minutes", "3.5 hours".
fn seconds_words(seconds: f64) -> String {
    if seconds < 120.0 {
        format!("{seconds:.0} seconds")
    } else if seconds < 7200.0 {
        format!("{:.0} minutes", seconds / 60.0)
    } else {
        format!("{:.1} hours", seconds / 3600.0)
    }
}

/// True when Graphviz's `dot` runs on this machine.
pub fn dot_installed() -> bool {
    std::process::Command::new("dot")
        .arg("-V")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The renderer to use: the one asked for, else `dot` when installed, else
/// the built-in layout.
pub fn choose_renderer(asked: Option<Renderer>) -> Renderer {
    asked.unwrap_or_else(|| {
        if dot_installed() {
            Renderer::Dot
        } else {
            Renderer::Builtin
        }
    })
}

/// The chart as an SVG document.
///
/// # Errors
/// [`ChartError::Dot`] when `dot` fails.
pub fn chart_svg(scene: &Scene, renderer: Renderer) -> Result<String, ChartError> {
    match renderer {
        Renderer::Builtin if scene.nodes.len() > MAX_BUILTIN_NODES => Err(ChartError::TooLarge {
            nodes: scene.nodes.len(),
            seconds: builtin_seconds(scene.nodes.len()),
        }),
        Renderer::Builtin => Ok(super::svg::svg(scene)),
        Renderer::Dot => {
            let bytes = graphviz_rust::exec_dot(
                super::dot::dot(scene),
                vec![CommandArg::Format(Format::Svg)],
            )
            .map_err(ChartError::Dot)?;
            String::from_utf8(bytes).map_err(|e| {
                ChartError::Dot(std::io::Error::new(std::io::ErrorKind::InvalidData, e))
            })
        }
    }
}

/// The chart in `format`. DOT needs no renderer; the others lay the chart
/// out with `renderer`.
///
/// # Errors
/// [`ChartError`] when `dot` or the conversion fails.
pub fn chart(
    scene: &Scene,
    format: ChartFormat,
    renderer: Renderer,
) -> Result<Vec<u8>, ChartError> {
    match format {
        ChartFormat::Dot => Ok(super::dot::dot(scene).into_bytes()),
        ChartFormat::Svg => Ok(chart_svg(scene, renderer)?.into_bytes()),
        ChartFormat::Png => Ok(raster::png(&chart_svg(scene, renderer)?, 2.0)?),
        ChartFormat::Pdf => Ok(raster::pdf(&chart_svg(scene, renderer)?)?),
    }
}

/// An SVG document without its XML declaration and DOCTYPE, to inline in HTML.
pub fn inline_svg(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |i| &svg[i..])
}
