//! Any bytes: the decoder must not panic, and what it returns must hold
//! together (spans in range, on char boundaries, in order; valid UTF-8
//! input rebuilt exactly from the output and the repairs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(d) = khabar_decode::decode(data) else {
        return;
    };
    let mut prev_end = 0;
    let mut rebuilt = String::new();
    for r in &d.repairs {
        assert!(prev_end <= r.start && r.start <= r.end && r.end <= d.text.len());
        assert!(d.text.is_char_boundary(r.start) && d.text.is_char_boundary(r.end));
        rebuilt.push_str(&d.text[prev_end..r.start]);
        rebuilt.push_str(&r.original);
        prev_end = r.end;
    }
    rebuilt.push_str(&d.text[prev_end..]);
    if d.encoding == "utf-8" {
        if let Ok(input) = std::str::from_utf8(data) {
            assert_eq!(rebuilt, input, "a change was not reported");
        }
    }
});
