//! Integration tests of the `khabar` binary, built as one test binary.
#![allow(clippy::unwrap_used, missing_docs)]

mod cli;
mod corpus;
mod plugins;
mod seeds;
mod util;
