//! Typesetting the printed documents with typst, used as a library. The fonts are read once from the system's
//! Noto CJK collections (Debian `fonts-noto-cjk`) and subsetted into each PDF. A missing font is an
//! error here: typst would only warn and print empty boxes.

use std::path::{Path, PathBuf};

use typst::foundations::{Dict, IntoValue};
use typst::layout::{Frame, FrameItem, PagedDocument};
use typst_as_lib::TypstEngine;

use super::Printable;

/// Every template, by the name a `Printable` gives.
const TEMPLATES: [(&str, &str); 3] = [
    (
        "declaration.typ",
        include_str!("../../templates/declaration.typ"),
    ),
    (
        "publicity.typ",
        include_str!("../../templates/publicity.typ"),
    ),
    (
        "certificate.typ",
        include_str!("../../templates/certificate.typ"),
    ),
];

/// The font files the template names (`Noto Serif CJK SC` for text, `Noto Sans CJK SC` for labels).
pub const FONT_FILES: [&str; 3] = [
    "NotoSerifCJK-Regular.ttc",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJK-Bold.ttc",
];

/// Where Debian installs them.
pub const DEFAULT_FONT_DIR: &str = "/usr/share/fonts/opentype/noto";

#[derive(Debug, thiserror::Error)]
pub enum TypesetError {
    #[error("font file {0} is missing: install Debian's fonts-noto-cjk or set CHUDING_FONT_DIR")]
    FontMissing(PathBuf),
    #[error("the template failed: {0}")]
    Template(String),
    #[error("writing the PDF failed: {0}")]
    Pdf(String),
    #[error("no font has these characters, they would print as empty boxes: {0}")]
    MissingGlyphs(String),
}

pub struct Typesetter {
    engine: TypstEngine,
}

impl Typesetter {
    /// Reads the fonts (about 80 ms here, and ~60 MB kept in memory), so do it once.
    pub fn load(font_dir: &Path) -> Result<Typesetter, TypesetError> {
        let mut fonts = Vec::new();
        for file in FONT_FILES {
            let path = font_dir.join(file);
            let bytes =
                std::fs::read(&path).map_err(|_| TypesetError::FontMissing(path.clone()))?;
            fonts.push(bytes);
        }
        let engine = TypstEngine::builder()
            .with_static_source_file_resolver(TEMPLATES)
            .fonts(fonts)
            .build();
        Ok(Typesetter { engine })
    }

    /// The document as a PDF. Text people typed may hold characters no font has (an emoji in a
    /// name registered before names were checked, a symbol in an answer): those print as `□`,
    /// logged, rather than leaving the whole document (a unit's 公示 of hundreds) unprinted.
    pub fn pdf<D: Printable>(&self, document: &D) -> Result<Vec<u8>, TypesetError> {
        let data =
            serde_json::to_string(document).map_err(|e| TypesetError::Template(e.to_string()))?;
        let document = self.compile::<D>(&data)?;
        let missing = missing_glyphs(&document);
        let document = if missing.is_empty() {
            document
        } else {
            tracing::warn!(
                template = D::TEMPLATE,
                characters = missing.chars().count(),
                "characters no font has are printed as □"
            );
            let data: String = data
                .chars()
                .map(|c| if missing.contains(c) { NO_GLYPH } else { c })
                .collect();
            let document = self.compile::<D>(&data)?;
            let still = missing_glyphs(&document);
            if !still.is_empty() {
                return Err(TypesetError::MissingGlyphs(still));
            }
            document
        };
        typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
            .map_err(|e| TypesetError::Pdf(format!("{e:?}")))
    }

    fn compile<D: Printable>(&self, data: &str) -> Result<PagedDocument, TypesetError> {
        let mut inputs = Dict::new();
        inputs.insert("data".into(), data.into_value());
        let compiled = self
            .engine
            .compile_with_input::<_, _, PagedDocument>(D::TEMPLATE, inputs);
        // Any warning (an unknown font family above all) means the document would not print right.
        if let Some(w) = compiled.warnings.first() {
            return Err(TypesetError::Template(w.message.to_string()));
        }
        compiled
            .output
            .map_err(|e| TypesetError::Template(format!("{e:?}")))
    }
}

/// What a character no font has is printed as (the fonts have it).
pub const NO_GLYPH: char = '□';

/// The characters no loaded font has (typst sets them as glyph 0, an empty box, without a word).
fn missing_glyphs(document: &PagedDocument) -> String {
    fn walk(frame: &Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, out),
                FrameItem::Text(text) => {
                    for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                        for c in text.text.get(glyph.range()).unwrap_or_default().chars() {
                            if !out.contains(c) {
                                out.push(c);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    for page in &document.pages {
        walk(&page.frame, &mut out);
    }
    out
}

/// The typesetter, loaded on first use (or by `preload` at start) and shared by every request.
pub struct LazyTypesetter {
    font_dir: PathBuf,
    cell: tokio::sync::OnceCell<Result<std::sync::Arc<Typesetter>, String>>,
}

impl LazyTypesetter {
    pub fn new(font_dir: PathBuf) -> LazyTypesetter {
        LazyTypesetter {
            font_dir,
            cell: tokio::sync::OnceCell::new(),
        }
    }

    pub async fn get(&self) -> Result<std::sync::Arc<Typesetter>, String> {
        self.cell
            .get_or_init(|| async {
                let dir = self.font_dir.clone();
                let loaded = tokio::task::spawn_blocking(move || Typesetter::load(&dir)).await;
                match loaded {
                    Ok(Ok(t)) => Ok(std::sync::Arc::new(t)),
                    Ok(Err(e)) => {
                        tracing::error!(error = %e, "no PDF can be generated (fonts)");
                        Err(e.to_string())
                    }
                    Err(e) => Err(e.to_string()),
                }
            })
            .await
            .clone()
    }
}
