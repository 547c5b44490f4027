//! Writing gazetteer lines: names cleaned so that every line loads.

use std::io::Write;

/// A name as the gazetteer accepts it: tabs, line breaks and other control
/// characters become spaces, runs of spaces one, trimmed; `None` when no
/// letter or digit is left (the gazetteer refuses such a name).
pub(crate) fn clean_name(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        if c.is_control() || c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    // A name starting with '#' would read as a comment line if first.
    let out = out.trim_start_matches('#').trim().to_string();
    out.chars().any(char::is_alphanumeric).then_some(out)
}

/// Writes one entry; the names are cleaned and deduplicated, and an entry
/// left without a name is not written. Returns the number of names written.
pub(crate) fn write_entry<'a>(
    out: &mut impl Write,
    id: &str,
    kind: &str,
    names: impl IntoIterator<Item = &'a str>,
    seen: &mut Vec<String>,
) -> std::io::Result<usize> {
    seen.clear();
    for n in names {
        if let Some(c) = clean_name(n)
            && !seen.contains(&c)
        {
            seen.push(c);
        }
    }
    if seen.is_empty() {
        return Ok(0);
    }
    out.write_all(id.as_bytes())?;
    out.write_all(b"\t")?;
    out.write_all(kind.as_bytes())?;
    for n in seen.iter() {
        out.write_all(b"\t")?;
        out.write_all(n.as_bytes())?;
    }
    out.write_all(b"\n")?;
    Ok(seen.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name(" a\tb\n c "), Some("a b c".to_string()));
        assert_eq!(clean_name("--"), None);
        assert_eq!(clean_name("#تاغ"), Some("تاغ".to_string()));
        assert_eq!(clean_name("دمشق"), Some("دمشق".to_string()));
    }
}
