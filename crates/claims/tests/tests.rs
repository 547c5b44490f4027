//! Integration tests, one binary.

mod gold;
mod report;
mod seeds;
mod unseen;
