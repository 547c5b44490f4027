//! The gazetteer file format: UTF-8 TSV, `id<TAB>type<TAB>name[<TAB>name…]`.

use std::io::BufRead;
use std::sync::Arc;

use crate::error::{LineProblem, LoadError};

/// One data line: an id, its type and one or more names.
///
/// Kept compact (the fields joined by tabs in one allocation), because a
/// builder holds every line of a million-name gazetteer.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    /// `id<TAB>type<TAB>name[<TAB>name…]`, fields trimmed.
    fields: Box<str>,
    /// From a short-forms source: surname-only names.
    pub short: bool,
    pub source: Arc<str>,
    pub line: usize,
}

impl Line {
    pub fn new(
        id: &str,
        kind: &str,
        names: &[&str],
        short: bool,
        source: Arc<str>,
        line: usize,
    ) -> Line {
        let mut f = String::with_capacity(
            id.len() + kind.len() + names.iter().map(|n| n.len() + 1).sum::<usize>() + 1,
        );
        f.push_str(id);
        f.push('\t');
        f.push_str(kind);
        for n in names {
            f.push('\t');
            f.push_str(n);
        }
        Line {
            fields: f.into_boxed_str(),
            short,
            source,
            line,
        }
    }

    pub fn id(&self) -> &str {
        self.fields.split('\t').next().unwrap_or("")
    }

    pub fn kind(&self) -> &str {
        self.fields.split('\t').nth(1).unwrap_or("")
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.fields.split('\t').skip(2)
    }

    pub fn place(&self) -> String {
        format!("{}:{}", self.source, self.line)
    }
}

/// Parses one line's text into its fields; `Ok(None)` for blank and comment
/// lines.
pub(crate) fn parse_line(text: &str) -> Result<Option<Vec<&str>>, LineProblem> {
    let text = text.strip_suffix('\r').unwrap_or(text);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() || text.trim_start().starts_with('#') {
        return Ok(None);
    }
    let fields: Vec<&str> = text.split('\t').map(str::trim).collect();
    if fields.len() < 3 {
        return Err(LineProblem::Fields(fields.len()));
    }
    if let Some(i) = fields.iter().position(|f| f.is_empty()) {
        return Err(LineProblem::EmptyField(i + 1));
    }
    if let Some(i) = fields[2..]
        .iter()
        .position(|f| !f.chars().any(char::is_alphanumeric))
    {
        return Err(LineProblem::NoLetters(i + 3));
    }
    Ok(Some(fields))
}

/// Reads every line of `r`, calling `each` with a parsed line or a problem.
/// Stops at the first I/O error.
pub(crate) fn read_lines(
    source_name: &str,
    mut r: impl BufRead,
    short: bool,
    mut each: impl FnMut(Result<Line, (usize, LineProblem)>),
) -> Result<(), LoadError> {
    let source: Arc<str> = Arc::from(source_name);
    let mut buf = Vec::new();
    let mut n = 0usize;
    loop {
        buf.clear();
        let read = r
            .read_until(b'\n', &mut buf)
            .map_err(|e| LoadError::io(source_name, Some(n + 1), e))?;
        if read == 0 {
            return Ok(());
        }
        n += 1;
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        let Ok(text) = std::str::from_utf8(&buf) else {
            each(Err((n, LineProblem::NotUtf8)));
            continue;
        };
        match parse_line(text) {
            Ok(None) => {}
            Ok(Some(f)) => each(Ok(Line::new(f[0], f[1], &f[2..], short, source.clone(), n))),
            Err(p) => each(Err((n, p))),
        }
    }
}

/// Reads all lines of `r`, failing on the first bad one.
pub(crate) fn load(
    source_name: &str,
    r: impl BufRead,
    short: bool,
) -> Result<Vec<Line>, LoadError> {
    let mut lines = Vec::new();
    let mut first_bad = None;
    read_lines(source_name, r, short, |l| match l {
        Ok(line) => {
            if first_bad.is_none() {
                lines.push(line)
            }
        }
        Err((n, p)) => {
            if first_bad.is_none() {
                first_bad = Some((n, p));
            }
        }
    })?;
    match first_bad {
        Some((n, p)) => Err(LoadError::line(source_name, n, p)),
        None => Ok(lines),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn line_table() {
        let ok = parse_line("moscow\tLOC\t موسكو \tMoscow\r")
            .unwrap()
            .unwrap();
        assert_eq!(ok, vec!["moscow", "LOC", "موسكو", "Moscow"]);
        let line = Line::new(ok[0], ok[1], &ok[2..], false, "x".into(), 1);
        assert_eq!((line.id(), line.kind()), ("moscow", "LOC"));
        assert_eq!(line.names().collect::<Vec<_>>(), vec!["موسكو", "Moscow"]);
        assert_eq!(parse_line("# comment"), Ok(None));
        assert_eq!(parse_line("   "), Ok(None));
        assert_eq!(parse_line("a\tLOC"), Err(LineProblem::Fields(2)));
        assert_eq!(parse_line("a"), Err(LineProblem::Fields(1)));
        assert_eq!(parse_line("a\t\tx"), Err(LineProblem::EmptyField(2)));
        assert_eq!(parse_line("a\tLOC\tx\t"), Err(LineProblem::EmptyField(4)));
        assert_eq!(parse_line("a\tLOC\t--"), Err(LineProblem::NoLetters(3)));
    }

    #[test]
    fn errors_name_file_and_line() {
        let data = "# header\nmoscow\tLOC\tموسكو\nbad line\n";
        let e = load("people.tsv", data.as_bytes(), false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "people.tsv:3: expected id<TAB>type<TAB>name, found 1 field"
        );
        assert_eq!(e.line_number(), Some(3));
        let e = load("x.tsv", &b"a\tLOC\t\xff\xfe\n"[..], false).unwrap_err();
        assert_eq!(e.to_string(), "x.tsv:1: line is not valid UTF-8");
    }
}
