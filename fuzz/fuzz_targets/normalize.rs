//! Any text: the search normalizer must not panic, must be idempotent, and
//! its offset map back to the input must be monotone and in range.
#![no_main]

use khabar_normalize::{Normalizer, Profile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let normalizer = Normalizer::new(Profile::Search);
    let once = normalizer.normalize(&input);
    let twice = normalizer.normalize(once.as_str());
    assert_eq!(once.as_str(), twice.as_str(), "not idempotent");
    let mut prev = 0;
    for i in 0..=once.len() {
        let o = once.to_original(i);
        assert!(o >= prev, "to_original not monotone at {i}");
        assert!(o <= input.len(), "to_original out of range at {i}");
        prev = o;
    }
    assert_eq!(once.to_original(once.len()), input.len());
});
