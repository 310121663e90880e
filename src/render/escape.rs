//! One escaping function per target, used by every writer: a model's names,
//! kinds, sources and reading texts are the user's text and must stay text
//! in Markdown, in a spreadsheet and in XML.
//!
//! - [`markdown`]: no raw HTML (`<` and an entity's `&` become entities), no
//!   emphasis, code, link or table syntax, no line break;
//! - [`csv_cell`]: RFC 4180 quoting, and (unless turned off with
//!   [`keep_csv_formulas`], `--raw-csv` on the command line) OWASP's rule
//!   against formula injection: a cell that starts with `=`, `+`, `-`, `@`,
//!   TAB or CR and is not a number gets a leading `'`;
//! - [`xml`]: XML's metacharacters (SVG, DOT's HTML labels), and [`html`]:
//!   the same with right-to-left overrides isolated in `<bdi>`.
//!
//! Control characters never reach them from a model: the loader rejects
//! them in ids and names.

use std::borrow::Cow;

/// `s` as literal Markdown text, safe in a table cell, a list item or a
/// heading: `<` (and an `&` that could start an entity) as entities, so no
/// HTML tag can open (`>` alone opens nothing; "a -> b" stays), Markdown's
/// inline syntax
/// backslash-escaped, line breaks as spaces. An underscore inside a word
/// (`steering_group`) is left as it is: it cannot start emphasis.
pub fn markdown(s: &str) -> Cow<'_, str> {
    let special = |c: char| {
        matches!(
            c,
            '<' | '&' | '\\' | '`' | '*' | '_' | '~' | '|' | ']' | '\n' | '\r'
        )
    };
    if !s.contains(special) {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let word = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        match c {
            '<' => out.push_str("&lt;"),
            // Only where it could start an entity (`&lt;`, `&#60;`): "A & B" stays.
            '&' if chars
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '#') =>
            {
                out.push_str("&amp;")
            }
            '\n' | '\r' => out.push(' '),
            '_' if word(i.checked_sub(1)) && word(Some(i + 1)) => out.push('_'),
            // `]` only matters before `(`, `[` or `:` (a link); "[1 – 2]" stays.
            ']' if !matches!(chars.get(i + 1), Some('(' | '[' | ':')) => out.push(']'),
            '\\' | '`' | '*' | '_' | '~' | '|' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

pub use crate::interop::{csv_formula_guard, keep_csv_formulas};

/// `s` as one RFC 4180 CSV field: neutralised against formulas, then
/// quoted when it holds a comma, a quote or a line break.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let s = csv_formula_guard(s);
    if s.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        s
    }
}

/// `s` with `& < > "` as XML entities (attributes are double-quoted).
pub fn xml(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `s` as HTML text: [`xml`], and text holding bidirectional controls
/// (a right-to-left override) isolated in `<bdi>` so it cannot reorder
/// the page around it.
pub fn html(s: &str) -> Cow<'_, str> {
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if s.contains(bidi) {
        Cow::Owned(format!("<bdi>{}</bdi>", xml(s)))
    } else {
        xml(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_html_and_syntax_as_text() {
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "&lt;script>alert(1)&lt;/script>"
        );
        assert_eq!(markdown("A & B -> &lt;"), "A & B -> &amp;lt;");
        assert_eq!(markdown("[x](javascript:y)"), "[x\\](javascript:y)");
        assert_eq!(markdown("a|b *c* `d`"), "a\\|b \\*c\\* \\`d\\`");
        assert_eq!(markdown("# a\nb"), "# a b");
        assert_eq!(markdown("steering_group _x_"), "steering_group \\_x\\_");
        assert_eq!(markdown("[24 % – 27 %]"), "[24 % – 27 %]");
    }

    #[test]
    fn csv_cells_that_start_a_formula_are_neutralised_but_numbers_are_not() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for s in ["+1+2x", "-x", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_formula_guard(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(csv_cell("-0.25"), "-0.25");
        assert_eq!(csv_cell("plain"), "plain");
    }

    #[test]
    fn html_isolates_right_to_left_overrides() {
        assert_eq!(html("a\u{202E}<b"), "<bdi>a\u{202E}&lt;b</bdi>");
        assert_eq!(html("plain"), "plain");
    }

    #[test]
    fn xml_escapes_the_metacharacters() {
        assert_eq!(
            xml("<a href=x>&\"</a>"),
            "&lt;a href=x&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
