//! The one error type: an opaque struct with a public kind.

/// An import could not run (a bad line is no error: it is counted in the
/// [`Summary`](crate::Summary)).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ImportError {
    kind: ImportErrorKind,
    message: String,
    #[source]
    source: Option<std::io::Error>,
}

/// What kind of problem an [`ImportError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImportErrorKind {
    /// A file could not be opened, read or written (or its compressed
    /// stream is corrupt).
    Io,
    /// An option is malformed (`--class Q123=ORG`, a language code).
    Option,
}

impl ImportError {
    pub(crate) fn io(what: impl std::fmt::Display, e: std::io::Error) -> ImportError {
        ImportError {
            kind: ImportErrorKind::Io,
            message: format!("{what}: {e}"),
            source: Some(e),
        }
    }

    pub(crate) fn option(message: String) -> ImportError {
        ImportError {
            kind: ImportErrorKind::Option,
            message,
            source: None,
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ImportErrorKind {
        self.kind
    }
}
