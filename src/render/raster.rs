//! SVG to PNG (resvg) and PDF (svg2pdf), in pure Rust, so both work on a
//! machine without Graphviz. Text is drawn with the system's fonts (loaded
//! once per process); the SVGs ask for DejaVu Sans first.

use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// Why an SVG could not be turned into PNG or PDF.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RasterError {
    /// The SVG does not parse (a bug in the renderer that made it).
    #[error("the SVG does not parse: {0}")]
    Parse(#[from] usvg::Error),
    /// The picture is empty or too large for a bitmap.
    #[error("cannot make a {width}×{height} pixel image")]
    Size {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// PNG encoding failed (the encoder's error as the source).
    #[error("cannot encode the PNG: {0}")]
    Png(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// PDF conversion failed.
    #[error("cannot convert to PDF: {0}")]
    Pdf(svg2pdf::ConversionError),
}

/// The largest bitmap side, in pixels: beyond it the PNG is scaled down.
const MAX_SIDE: f32 = 12_000.0;

fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            db.set_sans_serif_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

fn tree(svg: &str) -> Result<usvg::Tree, RasterError> {
    let opts = usvg::Options {
        fontdb: fonts(),
        font_family: "DejaVu Sans".into(),
        ..usvg::Options::default()
    };
    Ok(usvg::Tree::from_str(svg, &opts)?)
}

/// `svg` as a PNG at `scale` × its size (white background).
///
/// # Errors
/// [`RasterError`] when the SVG does not parse or the image is empty.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, RasterError> {
    let tree = tree(svg)?;
    let size = tree.size();
    let scale = scale.min(MAX_SIDE / size.width().max(size.height()));
    let (width, height) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or(RasterError::Size { width, height })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| RasterError::Png(Box::new(e)))
}

/// `svg` as a one-page PDF, text embedded as text. SVG lengths are CSS
/// lengths (96 px to the inch), so a chart sized `297mm` × `210mm` makes an
/// A4 landscape page.
///
/// # Errors
/// [`RasterError`] when the SVG does not parse or conversion fails.
pub fn pdf(svg: &str) -> Result<Vec<u8>, RasterError> {
    let tree = tree(svg)?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: 96.0 },
    )
    .map_err(RasterError::Pdf)
}
