//! Lines and words of plain-text inputs (whitespace-separated edge lists,
//! matrices, UCINET DL, Pajek): line numbers that count `\n`, `\r\n` and a
//! lone `\r` each as one line break, as an editor shows them, and words
//! separated by blanks where a double-quoted word may hold blanks.

/// The lines of `text` with their 1-based numbers; `\n`, `\r\n` and a lone
/// `\r` each end a line.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    let mut rest = text;
    let mut n = 0u64;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        n += 1;
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..end];
        let skip = match rest.as_bytes().get(end) {
            Some(b'\r') if rest.as_bytes().get(end + 1) == Some(&b'\n') => 2,
            Some(_) => 1,
            None => 0,
        };
        rest = &rest[end + skip..];
        Some((n, line))
    })
}

/// The words of a line: separated by blanks (spaces, tabs); `"two words"`
/// is one word without its quotes.
pub(crate) fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else {
            return out;
        };
        let mut word = String::new();
        if first == '"' {
            chars.next();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                word.push(c);
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
        }
        out.push(word);
    }
}

/// Turns byte offsets into 1-based line numbers, for offsets given in
/// increasing order (each call scans only the text since the last one).
pub(crate) struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of byte `offset` (an offset before the last one asked
    /// about gives the last answer).
    pub fn line(&mut self, offset: usize) -> u64 {
        let end = offset.min(self.text.len());
        while self.at < end {
            match self.text[self.at] {
                b'\n' => self.line += 1,
                b'\r' if self.text.get(self.at + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.at += 1;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_crlf_and_lone_cr_as_one_break_each() {
        let got: Vec<(u64, &str)> = lines("a\r\nb\rc\n\nd").collect();
        assert_eq!(got, vec![(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
        let mut c = LineCounter::new("a\r\nb\rc\nd");
        assert_eq!(c.line(0), 1);
        assert_eq!(c.line(3), 2);
        assert_eq!(c.line(5), 3);
        assert_eq!(c.line(7), 4);
    }

    #[test]
    fn words_split_on_blanks_and_keep_quoted_blanks() {
        assert_eq!(
            words("  1 \"Kari Nordmann\"\t0.5 "),
            vec!["1", "Kari Nordmann", "0.5"]
        );
        assert!(words("   ").is_empty());
    }
}
