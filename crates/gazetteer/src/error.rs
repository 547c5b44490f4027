//! Typed errors: one line naming the source, the line and the problem.
//!
//! Both errors are opaque structs with a public `kind()` enum (the shape of
//! aho-corasick's `BuildError`): match on the kind, print the error.

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
    repr: Repr,
}

#[derive(Debug)]
enum Repr {
    Io(std::io::Error),
    Line(LineProblem),
}

/// What kind of problem a [`LoadError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The file or reader could not be read.
    Io,
    /// A line has fewer than three tab-separated fields.
    Fields,
    /// A line is not valid UTF-8.
    NotUtf8,
    /// A field is empty.
    EmptyField,
    /// A name has no letters or digits.
    NoLetters,
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
            repr: Repr::Io(e),
        }
    }

    pub(crate) fn line(source_name: &str, line: usize, p: LineProblem) -> LoadError {
        LoadError {
            source_name: source_name.to_string(),
            line: Some(line),
            repr: Repr::Line(p),
        }
    }

    /// The file (or reader) name the error is about.
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> LoadErrorKind {
        match &self.repr {
            Repr::Io(_) => LoadErrorKind::Io,
            Repr::Line(LineProblem::Fields(_)) => LoadErrorKind::Fields,
            Repr::Line(LineProblem::NotUtf8) => LoadErrorKind::NotUtf8,
            Repr::Line(LineProblem::EmptyField(_)) => LoadErrorKind::EmptyField,
            Repr::Line(LineProblem::NoLetters(_)) => LoadErrorKind::NoLetters,
        }
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
        match &self.repr {
            Repr::Io(e) => format!("{place}: {e}"),
            Repr::Line(p) => format!("{place}: {p}"),
        }
    }
}

/// The gazetteer could not be built.
///
/// Its `Display` is one line naming the source and line where it applies,
/// e.g. `user.tsv:3: id "moscow" has type ORG here but LOC at user.tsv:1`.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct BuildError {
    kind: BuildErrorKind,
    message: String,
}

/// What kind of problem a [`BuildError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// An id is given two different types (within the user's data; a user
    /// id that the built-in data types differently replaces it instead).
    TypeConflict,
    /// The built-in data does not load (a bug: its tests check it).
    Builtin,
}

impl BuildError {
    pub(crate) fn type_conflict(message: String) -> BuildError {
        BuildError {
            kind: BuildErrorKind::TypeConflict,
            message,
        }
    }

    pub(crate) fn builtin(message: String) -> BuildError {
        BuildError {
            kind: BuildErrorKind::Builtin,
            message,
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> BuildErrorKind {
        self.kind
    }
}
