//! Skeleton: see the issue for this crate.
#![deny(missing_docs)]
