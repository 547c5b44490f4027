//! Why a [`Names`](crate::Names) could not be built.

use std::fmt;

/// Why a [`Names`](crate::Names) could not be built: a data file has a bad
/// line. Opaque; [`BuildError::kind`] tells what went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    kind: ErrorKind,
}

/// What went wrong while building.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A line of a data file is malformed.
    BadLine {
        /// The file's name (`given-names.tsv`).
        file: String,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with it.
        problem: String,
    },
}

impl BuildError {
    pub(crate) fn bad_line(file: &str, line: usize, problem: &str) -> BuildError {
        BuildError {
            kind: ErrorKind::BadLine {
                file: file.to_string(),
                line,
                problem: problem.to_string(),
            },
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::BadLine {
                file,
                line,
                problem,
            } => write!(f, "{file}:{line}: {problem}"),
        }
    }
}

impl std::error::Error for BuildError {}
