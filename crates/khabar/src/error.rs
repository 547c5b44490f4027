//! The facade's errors: one shape, an opaque struct with a public kind.

use std::fmt;

/// Why one document has no findings: it could not be read, parsed or
/// decoded, or a stage failed on it. The document still gets a record,
/// with `error: {kind, message}` in place of its findings.
///
/// The error is opaque on purpose: match on [`ProcessError::kind`], show
/// the [`Display`](fmt::Display) message to people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessError {
    kind: ProcessErrorKind,
    message: String,
}

/// The broad reason behind a [`ProcessError`]; [`as_str`](Self::as_str) is
/// the record's `error.kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProcessErrorKind {
    /// The input is not text (`binary`).
    Binary,
    /// The input is text in an encoding the decoder does not read
    /// (`unsupported-encoding`).
    UnsupportedEncoding,
    /// The document could not be read (`io`).
    Io,
    /// A JSON Lines line is not JSON or not a document object (`json`).
    Json,
    /// The document is larger than the source's limit (`too-large`).
    TooLarge,
    /// A bug in khabar, contained to this document (`internal`).
    Internal,
}

impl ProcessErrorKind {
    /// The kebab-case name written as the record's `error.kind`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ProcessErrorKind::Binary => "binary",
            ProcessErrorKind::UnsupportedEncoding => "unsupported-encoding",
            ProcessErrorKind::Io => "io",
            ProcessErrorKind::Json => "json",
            ProcessErrorKind::TooLarge => "too-large",
            ProcessErrorKind::Internal => "internal",
        }
    }
}

impl fmt::Display for ProcessErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ProcessError {
    /// An error of `kind`: for sources and callers that fail before the
    /// pipeline runs (a file that cannot be read, a line that is not JSON).
    pub fn new(kind: ProcessErrorKind, message: impl Into<String>) -> ProcessError {
        ProcessError {
            kind,
            message: message.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ProcessErrorKind {
        self.kind
    }
}

impl fmt::Display for ProcessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ProcessError {}

impl From<khabar_decode::DecodeError> for ProcessError {
    fn from(e: khabar_decode::DecodeError) -> ProcessError {
        let kind = match e.kind() {
            khabar_decode::DecodeErrorKind::Binary => ProcessErrorKind::Binary,
            khabar_decode::DecodeErrorKind::UnsupportedEncoding => {
                ProcessErrorKind::UnsupportedEncoding
            }
            // A kind added to the decoder later: still an error record,
            // under the nearest name.
            _ => ProcessErrorKind::UnsupportedEncoding,
        };
        ProcessError::new(kind, e.to_string())
    }
}

/// Why a [`Pipeline`](crate::Pipeline) could not be built: a gazetteer or
/// a plugin. The message names the file and the problem;
/// [`source`](std::error::Error::source) is the part's own error.
#[derive(Debug)]
pub struct BuildError {
    kind: BuildErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
}

/// The part a [`BuildError`] comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A gazetteer file could not be read, has a bad line, or the
    /// gazetteer could not be compiled.
    Gazetteer,
    /// A plugin could not be loaded.
    Plugin,
    /// The name recognizer's word lists could not be loaded.
    Names,
}

impl BuildError {
    /// Which part failed.
    pub fn kind(&self) -> BuildErrorKind {
        self.kind
    }
}

impl fmt::Display for BuildError {
    // The part's own message, which names the file and the problem (the
    // command line prints it as its one-line error).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.source.fmt(f)
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.source()
    }
}

impl From<khabar_gazetteer::LoadError> for BuildError {
    fn from(e: khabar_gazetteer::LoadError) -> BuildError {
        BuildError {
            kind: BuildErrorKind::Gazetteer,
            source: Box::new(e),
        }
    }
}

impl From<khabar_gazetteer::BuildError> for BuildError {
    fn from(e: khabar_gazetteer::BuildError) -> BuildError {
        BuildError {
            kind: BuildErrorKind::Gazetteer,
            source: Box::new(e),
        }
    }
}

impl From<khabar_names::BuildError> for BuildError {
    fn from(e: khabar_names::BuildError) -> BuildError {
        BuildError {
            kind: BuildErrorKind::Names,
            source: Box::new(e),
        }
    }
}

impl From<khabar_plugin_host::LoadError> for BuildError {
    fn from(e: khabar_plugin_host::LoadError) -> BuildError {
        BuildError {
            kind: BuildErrorKind::Plugin,
            source: Box::new(e),
        }
    }
}
