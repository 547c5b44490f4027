//! Sentence boundaries in Arabic news text.
//!
//! Arabic news ends sentences with `.`, `؟`, `!`, `?` and `؛`, breaks
//! paragraphs with new lines, and puts a closing quotation mark after the
//! stop (`قال: «لن نتراجع.»`). A full stop also appears where no sentence
//! ends: inside numbers (`2.5`), after abbreviations (`د. أحمد`، `ق.م`،
//! `U.S.`), in URLs and emails (`www.un.org`، `info@who.int`). This crate
//! finds the boundaries with one general rule and those exceptions:
//!
//! * a boundary follows a run of terminators (`.` `؟` `!` `?` `؛` `…`)
//!   and any closing quotes or brackets right after it, or a line break;
//! * a `.` is not a boundary between two digits, after a single letter or
//!   an abbreviation in `data/abbreviations.txt`, or when a Latin letter or
//!   digit follows it without a space (a host name, a file name, an email);
//! * `?` and `!` followed directly by a Latin letter, digit, `=` or `&` are
//!   part of a URL.
//!
//! Sentences are byte ranges of the input, trimmed of surrounding
//! whitespace, in order, never overlapping, and together they cover every
//! character that is not whitespace. Candidates are found with `memchr`, so
//! the splitter runs at memory speed on text with few stops.
//!
//! # Example
//!
//! ```
//! let text = "ارتفع النمو إلى 2.5 في المئة. وقال د. أحمد إن ذلك متوقع؟ نعم!";
//! let sentences: Vec<&str> = khabar_sentences::split(text).map(|r| &text[r]).collect();
//! assert_eq!(sentences, [
//!     "ارتفع النمو إلى 2.5 في المئة.",
//!     "وقال د. أحمد إن ذلك متوقع؟",
//!     "نعم!",
//! ]);
//! ```
//!
//! The sentence around a byte offset:
//!
//! ```
//! let text = "قتل 5 أشخاص.\nونزح 300 آخرون.";
//! let at = text.find("300").unwrap_or(0);
//! let s = khabar_sentences::sentence_at(text, at);
//! assert_eq!(s.map(|r| &text[r]), Some("ونزح 300 آخرون."));
//! ```
#![deny(missing_docs)]

use std::ops::Range;
use std::sync::LazyLock;

const ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");

/// The abbreviations of the data file, lower-cased, sorted.
static ABBREVS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut v: Vec<String> = ABBREVIATIONS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect();
    v.sort();
    v.dedup();
    v
});

/// The sentences of `text` as byte ranges, in order.
///
/// Each range starts and ends on a character boundary, has no leading or
/// trailing whitespace, and is never empty.
pub fn split(text: &str) -> Sentences<'_> {
    Sentences {
        text,
        pos: 0,
        ascii: memchr::memchr3_iter(b'.', b'!', b'?', text.as_bytes()).peekable(),
        other: memchr::memchr3_iter(b'\n', 0x9F, 0x9B, text.as_bytes()).peekable(),
        ellipsis: memchr::memchr_iter(0xA6, text.as_bytes()).peekable(),
    }
}

/// The sentence that contains byte offset `at`, if `at` is inside one.
pub fn sentence_at(text: &str, at: usize) -> Option<Range<usize>> {
    split(text)
        .take_while(|r| r.start <= at)
        .find(|r| r.contains(&at))
}

/// Iterator over the sentences of a text: see [`split`].
#[derive(Debug)]
pub struct Sentences<'t> {
    text: &'t str,
    /// Where the next sentence starts (before trimming).
    pos: usize,
    ascii: std::iter::Peekable<memchr::Memchr3<'t>>,
    other: std::iter::Peekable<memchr::Memchr3<'t>>,
    ellipsis: std::iter::Peekable<memchr::Memchr<'t>>,
}

impl<'t> Sentences<'t> {
    /// The next candidate terminator at or after `self.pos`: (byte offset,
    /// the character there).
    fn next_candidate(&mut self) -> Option<(usize, char)> {
        let bytes = self.text.as_bytes();
        loop {
            let pos = self.pos;
            for it in [&mut self.ascii, &mut self.other] {
                while it.next_if(|&i| i < pos).is_some() {}
            }
            while self.ellipsis.next_if(|&i| i < pos).is_some() {}
            let a = self.ascii.peek().copied();
            let b = self.other.peek().copied();
            let c = self.ellipsis.peek().copied();
            let i = [a, b, c].into_iter().flatten().min()?;
            if a == Some(i) {
                self.ascii.next();
            }
            if b == Some(i) {
                self.other.next();
            }
            if c == Some(i) {
                self.ellipsis.next();
            }
            let ch = match bytes[i] {
                b'.' => '.',
                b'!' => '!',
                b'?' => '?',
                b'\n' => '\n',
                // Continuation bytes: the character is ؟ (D8 9F), ؛ (D8 9B)
                // or … (E2 80 A6); anything else is some other letter.
                0x9F if i > 0 && bytes[i - 1] == 0xD8 => '؟',
                0x9B if i > 0 && bytes[i - 1] == 0xD8 => '؛',
                0xA6 if i > 1 && bytes[i - 2] == 0xE2 && bytes[i - 1] == 0x80 => '…',
                _ => continue,
            };
            // Offsets of multi-byte terminators point at their first byte.
            let at = i + 1 - ch.len_utf8();
            return Some((at, ch));
        }
    }
}

impl Iterator for Sentences<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let text = self.text;
        loop {
            if self.pos >= text.len() {
                return None;
            }
            let start = self.pos;
            let end = loop {
                match self.next_candidate() {
                    None => break text.len(),
                    Some((at, ch)) => {
                        if let Some(end) = boundary(text, at, ch) {
                            break end;
                        }
                        // Not a boundary: search on after this character.
                        self.pos = at + ch.len_utf8();
                    }
                }
            };
            self.pos = end;
            if let Some(r) = trim(text, start, end) {
                return Some(r);
            }
        }
    }
}

impl std::iter::FusedIterator for Sentences<'_> {}

/// Whitespace that never belongs to a sentence's edges.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}')
}

fn trim(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let s = text.get(start..end)?;
    let t = s.trim_start_matches(is_space);
    let lead = s.len() - t.len();
    let t = t.trim_end_matches(is_space);
    if t.is_empty() {
        return None;
    }
    Some(start + lead..start + lead + t.len())
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '؛' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '»' | '"' | '\'' | '’' | ')' | ']' | '}' | '›')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c)
}

/// Where the sentence ends if the terminator `ch` at `at` ends one.
fn boundary(text: &str, at: usize, ch: char) -> Option<usize> {
    if ch == '\n' {
        return Some(at + 1);
    }
    let before = text[..at].chars().next_back();
    let after = text[at + ch.len_utf8()..].chars().next();
    match ch {
        '.' => {
            if let (Some(b), Some(a)) = (before, after) {
                // 2.5, ٢.٥
                if is_digit(b) && is_digit(a) {
                    return None;
                }
            }
            // www.un.org, info@who.int, report.pdf: no space after the stop.
            if after.is_some_and(|a| a.is_ascii_alphanumeric() || a == '_' || a == '/') {
                return None;
            }
            if is_abbreviation(&text[..at]) {
                return None;
            }
        }
        '?' | '!' if after.is_some_and(|a| a.is_ascii_alphanumeric() || a == '=' || a == '&') => {
            return None;
        }
        _ => {}
    }
    // The run of terminators and closing marks that follows.
    let mut end = at + ch.len_utf8();
    for c in text[end..].chars() {
        if is_terminator(c) || is_closer(c) {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    Some(end)
}

/// Whether the word that ends `head` (just before a full stop) is an
/// abbreviation: one letter, or a form in the data file.
fn is_abbreviation(head: &str) -> bool {
    let word_start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| is_space(c) || c == '(' || c == '«' || c == '“')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &head[word_start..];
    // The last dotted part: `U.S` → `S`, `ق.م` → `م`.
    let last = word.rsplit('.').next().unwrap_or(word);
    let mut chars = last.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_alphabetic()
    {
        return true;
    }
    if word.is_empty() || word.len() > 16 {
        return false;
    }
    let lower = word.to_lowercase();
    ABBREVS.binary_search(&lower).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        split(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn data_file_parses() {
        assert!(ABBREVS.len() > 20);
        assert!(ABBREVS.iter().all(|a| !a.contains(char::is_whitespace)));
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("   \n\n ", &[]),
            ("جملة واحدة بلا نقطة", &["جملة واحدة بلا نقطة"]),
            ("الأولى. الثانية.", &["الأولى.", "الثانية."]),
            (
                "هل انتهى؟ نعم! ثم ماذا؛ لا شيء",
                &["هل انتهى؟", "نعم!", "ثم ماذا؛", "لا شيء"],
            ),
            ("Really? Yes.", &["Really?", "Yes."]),
            ("سطر أول\nسطر ثان", &["سطر أول", "سطر ثان"]),
            ("سطر أول\r\nسطر ثان", &["سطر أول", "سطر ثان"]),
            ("نما الاقتصاد 2.5 في المئة.", &["نما الاقتصاد 2.5 في المئة."]),
            (
                "نما بنسبة ٢.٥ بالمئة. ثم تراجع.",
                &["نما بنسبة ٢.٥ بالمئة.", "ثم تراجع."],
            ),
            (
                "نما بنسبة ٢٫٥ بالمئة. ثم تراجع.",
                &["نما بنسبة ٢٫٥ بالمئة.", "ثم تراجع."],
            ),
            ("قال د. محمد إن الوضع صعب.", &["قال د. محمد إن الوضع صعب."]),
            ("وصل م. أحمد. ثم غادر.", &["وصل م. أحمد.", "ثم غادر."]),
            ("بني عام 300 ق.م. في روما.", &["بني عام 300 ق.م. في روما."]),
            (
                "راسلنا على ص.ب. 120 في عمان.",
                &["راسلنا على ص.ب. 120 في عمان."],
            ),
            (
                "The U.S. Army said so. Then left.",
                &["The U.S. Army said so.", "Then left."],
            ),
            (
                "قال Dr. Smith ذلك. وانتهى.",
                &["قال Dr. Smith ذلك.", "وانتهى."],
            ),
            (
                "زوروا www.un.org للمزيد. شكرا.",
                &["زوروا www.un.org للمزيد.", "شكرا."],
            ),
            (
                "الرابط https://a.org/x?id=5&y=2 هنا. تم.",
                &["الرابط https://a.org/x?id=5&y=2 هنا.", "تم."],
            ),
            (
                "راسلوا info@who.int اليوم. شكرا.",
                &["راسلوا info@who.int اليوم.", "شكرا."],
            ),
            (
                "قال: «لن نتراجع.» ثم صمت.",
                &["قال: «لن نتراجع.»", "ثم صمت."],
            ),
            (
                "قال: “انتهى الأمر!” وغادر.",
                &["قال: “انتهى الأمر!”", "وغادر."],
            ),
            ("ماذا؟! لا أصدق...", &["ماذا؟!", "لا أصدق..."]),
            ("انتظر… ثم تكلم.", &["انتظر…", "ثم تكلم."]),
            (
                "في عام 2024. وقال الوزير.",
                &["في عام 2024.", "وقال الوزير."],
            ),
            ("قتل 5 أشخاص.ونزح 300.", &["قتل 5 أشخاص.", "ونزح 300."]),
        ];
        for (text, want) in cases {
            assert_eq!(sents(text), *want, "{text:?}");
        }
    }

    #[test]
    fn sentence_at_finds_the_containing_range() {
        let text = "قتل خمسة. نزح مئة.";
        let at = text.find('ن').unwrap_or(0);
        assert_eq!(sentence_at(text, at).map(|r| &text[r]), Some("نزح مئة."));
        // The space between two sentences belongs to neither.
        let gap = text.find(". ").map_or(0, |i| i + 1);
        assert_eq!(sentence_at(text, gap), None);
    }
}

/// This crate's README example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
