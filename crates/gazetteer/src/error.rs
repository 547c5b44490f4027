//! Typed errors: one line naming the source, the line and the problem.

use std::fmt;

/// A gazetteer file or reader could not be loaded.
///
/// Its `Display` is one line, `file:line: problem`, for example
/// `people.tsv:12: expected id<TAB>type<TAB>name, found 2 fields`.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.render())]
pub struct LoadError {
    source_name: String,
    line: Option<usize>,
    kind: LoadErrorKind,
}

#[derive(Debug)]
pub(crate) enum LoadErrorKind {
    Io(std::io::Error),
    Line(LineProblem),
}

/// What is wrong with one line of a gazetteer file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LineProblem {
    Fields(usize),
    NotUtf8,
    EmptyField(usize),
    NoLetters(usize),
}

impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineProblem::Fields(n) => {
                write!(
                    f,
                    "expected id<TAB>type<TAB>name, found {n} field{}",
                    plural(*n)
                )
            }
            LineProblem::NotUtf8 => f.write_str("line is not valid UTF-8"),
            LineProblem::EmptyField(i) => write!(f, "field {i} is empty"),
            LineProblem::NoLetters(i) => write!(f, "name in field {i} has no letters or digits"),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl LoadError {
    pub(crate) fn io(source_name: &str, line: Option<usize>, e: std::io::Error) -> LoadError {
        LoadError {
            source_name: source_name.to_string(),
            line,
            kind: LoadErrorKind::Io(e),
        }
    }

    pub(crate) fn line(source_name: &str, line: usize, p: LineProblem) -> LoadError {
        LoadError {
            source_name: source_name.to_string(),
            line: Some(line),
            kind: LoadErrorKind::Line(p),
        }
    }

    /// The file (or reader) name the error is about.
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The 1-based line number, when the problem is on one line.
    pub fn line_number(&self) -> Option<usize> {
        self.line
    }

    fn render(&self) -> String {
        let place = match self.line {
            Some(n) => format!("{}:{n}", self.source_name),
            None => self.source_name.clone(),
        };
        match &self.kind {
            LoadErrorKind::Io(e) => format!("{place}: {e}"),
            LoadErrorKind::Line(p) => format!("{place}: {p}"),
        }
    }
}

/// The gazetteer could not be built.
///
/// Its `Display` is one line naming the source and line where it applies,
/// e.g. `user.tsv:3: id "moscow" has type ORG here but LOC at cities.tsv:40`.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct BuildError {
    message: String,
}

impl BuildError {
    pub(crate) fn new(message: String) -> BuildError {
        BuildError { message }
    }
}
