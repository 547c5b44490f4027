//! Integration tests, one binary.

mod common;
mod report;
mod seeds;
mod unseen;
