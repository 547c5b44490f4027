//! Small JSON writers (strings through serde_json, numbers as the record
//! writer prints them).

pub(crate) fn str(out: &mut Vec<u8>, s: &str) {
    // serde_json never fails writing a str into a Vec.
    if serde_json::to_writer(&mut *out, s).is_err() {
        out.extend_from_slice(b"\"\"");
    }
}

pub(crate) fn uint(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(n.to_string().as_bytes());
}

/// A number: integers without a fraction, others as serde_json writes
/// them; `None` and non-finite values as null.
pub(crate) fn num(out: &mut Vec<u8>, n: Option<f64>) {
    match n {
        Some(v) if v.is_finite() => {
            if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
                out.extend_from_slice((v as i64).to_string().as_bytes());
            } else if serde_json::to_writer(&mut *out, &v).is_err() {
                out.extend_from_slice(b"null");
            }
        }
        _ => out.extend_from_slice(b"null"),
    }
}
