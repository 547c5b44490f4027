//! The `khabar` command-line tool.

fn main() {}
