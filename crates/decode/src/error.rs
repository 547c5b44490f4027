//! The decoder's error type.

use std::fmt;

/// Why a byte string could not be turned into text.
///
/// The error is opaque on purpose: match on [`DecodeError::kind`], read the
/// [`Display`](fmt::Display) message for people.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DecodeError {
    kind: DecodeErrorKind,
    message: String,
}

/// The broad reason behind a [`DecodeError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input is not text: a known binary signature (image, executable,
    /// archive) or too many NUL and control bytes.
    Binary,
    /// The input is text in an encoding this crate does not decode (UTF-32).
    UnsupportedEncoding,
}

impl DecodeErrorKind {
    /// A short kebab-case name: `binary` or `unsupported-encoding`.
    pub fn as_str(&self) -> &'static str {
        match self {
            DecodeErrorKind::Binary => "binary",
            DecodeErrorKind::UnsupportedEncoding => "unsupported-encoding",
        }
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl DecodeError {
    pub(crate) fn binary(why: impl fmt::Display) -> DecodeError {
        DecodeError {
            kind: DecodeErrorKind::Binary,
            message: format!("looks like a binary file: {why}"),
        }
    }

    pub(crate) fn unsupported(why: impl fmt::Display) -> DecodeError {
        DecodeError {
            kind: DecodeErrorKind::UnsupportedEncoding,
            message: format!("unsupported encoding: {why}"),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }
}
