//! A small table builder shared by every report: aligned text for a
//! terminal, Markdown for a memo, CSV for a spreadsheet.

use super::escape;

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text columns.
    Left,
    /// Number columns.
    Right,
}

/// Rows of cells under a header.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
    /// Rows that are section titles (bold in Markdown).
    sections: Vec<usize>,
}

impl Table {
    /// A table with these headers; the first column is left-aligned, the
    /// others right-aligned until [`Table::align`] says otherwise.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        let headers: Vec<String> = headers.into_iter().map(Into::into).collect();
        let align = (0..headers.len())
            .map(|i| if i == 0 { Align::Left } else { Align::Right })
            .collect();
        Table {
            headers,
            align,
            rows: Vec::new(),
            sections: Vec::new(),
        }
    }

    /// Sets the alignment of column `col`.
    pub fn align(mut self, col: usize, align: Align) -> Self {
        if let Some(a) = self.align.get_mut(col) {
            *a = align;
        }
        self
    }

    /// Appends a row (missing cells are blank, extra cells are dropped).
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let mut row: Vec<String> = cells
            .into_iter()
            .map(|c| crate::model::escape_control(&c.into()).into_owned())
            .collect();
        row.resize(self.headers.len(), String::new());
        self.rows.push(row);
    }

    /// The headers.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The rows, each as wide as the headers.
    pub fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }

    /// Appends a section-title row: `title` in the first cell, bold in
    /// Markdown, plain in text and CSV.
    pub fn section(&mut self, title: &str) {
        self.sections.push(self.rows.len());
        self.row([title]);
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn widths(&self) -> Vec<usize> {
        (0..self.headers.len())
            .map(|c| {
                std::iter::once(&self.headers[c])
                    .chain(self.rows.iter().map(|r| &r[c]))
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }

    fn line(&self, cells: &[String], widths: &[usize], sep: &str) -> String {
        let mut out = String::new();
        for (c, cell) in cells.iter().enumerate() {
            let pad = widths[c].saturating_sub(cell.chars().count());
            if c > 0 {
                out.push_str(sep);
            }
            let last = c + 1 == cells.len();
            match self.align[c] {
                Align::Left if last => out.push_str(cell),
                Align::Left => {
                    out.push_str(cell);
                    out.push_str(&" ".repeat(pad));
                }
                Align::Right => {
                    out.push_str(&" ".repeat(pad));
                    out.push_str(cell);
                }
            }
        }
        out.trim_end().to_string()
    }

    /// Aligned plain text, columns two spaces apart, a rule under the header.
    pub fn text(&self) -> String {
        let widths = self.widths();
        let mut out = self.line(&self.headers, &widths, "  ");
        out.push('\n');
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for r in &self.rows {
            out.push_str(&self.line(r, &widths, "  "));
            out.push('\n');
        }
        out
    }

    /// A GitHub-flavoured Markdown table.
    /// Every cell is literal text ([`escape::markdown`]): a name cannot
    /// carry HTML, a link or a column break into the page.
    pub fn markdown(&self) -> String {
        let esc = |s: &String| escape::markdown(s).into_owned();
        let mut out = format!(
            "| {} |\n|",
            self.headers
                .iter()
                .map(|h| h.replace('|', "\\|"))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        for a in &self.align {
            out.push_str(if *a == Align::Right { "---:|" } else { "---|" });
        }
        out.push('\n');
        for (i, r) in self.rows.iter().enumerate() {
            let mut cells: Vec<String> = r.iter().map(esc).collect();
            if self.sections.contains(&i) {
                cells[0] = format!("**{}**", cells[0]);
            }
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out
    }

    /// RFC 4180 CSV with a header row; a cell that would start a
    /// spreadsheet formula is neutralised ([`escape::csv_cell`]).
    pub fn csv(&self) -> String {
        let field = |s: &String| escape::csv_cell(s).into_owned();
        let mut out = String::new();
        for r in std::iter::once(&self.headers).chain(&self.rows) {
            out.push_str(&r.iter().map(field).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_aligns_numbers_right() {
        let mut t = Table::new(["name", "n"]);
        t.row(["a", "1"]);
        t.row(["bbb", "22"]);
        assert_eq!(t.text(), "name   n\n----  --\na      1\nbbb   22\n");
    }

    #[test]
    fn csv_quotes_commas_and_quotes() {
        let mut t = Table::new(["x"]);
        t.row(["a,\"b\""]);
        assert_eq!(t.csv(), "x\n\"a,\"\"b\"\"\"\n");
    }
}
