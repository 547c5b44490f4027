//! Integration tests of the `khabar` binary, built as one test binary.
#![allow(clippy::unwrap_used, missing_docs)]

mod cli;
mod corpus;
mod formats;
mod plugins;
mod safety;
mod seeds;
/// The unit folding the figure tests compare with (one copy, shared).
#[path = "../crates/figures/tests/common/mod.rs"]
mod unit_fold;
mod util;
