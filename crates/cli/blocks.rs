//! `khabar normalize` and `khabar decode` over inputs of any size: the
//! input is cut into blocks of about a megabyte that end at a line end,
//! each decoded (and normalized) on its own, so memory stays bounded.
//!
//! Every repair and fold the decoder and normalizer make is local to a
//! line (mojibake runs and residue never cross one), so cutting at line
//! ends changes nothing but where encoding detection looks: each block is
//! detected on its own, which for a file in one encoding gives the same
//! answer. UTF-16 input (a BOM) is read whole, since its line ends are not
//! single bytes.

use std::io::{self, Read};

/// Bytes per block, before extending to the next line end.
const BLOCK: usize = 1 << 20;
/// A block with no line end is cut here (at an ASCII byte when there is
/// one, so that no character is split).
const MAX_BLOCK: usize = 16 << 20;

/// Calls `f` with each block of `r`, in order.
pub fn for_each_block(
    mut r: impl Read,
    mut f: impl FnMut(&[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut buf: Vec<u8> = Vec::with_capacity(2 * BLOCK);
    let mut first = true;
    loop {
        let start = buf.len();
        buf.resize(start + BLOCK, 0);
        let n = read_full(&mut r, &mut buf[start..])?;
        buf.truncate(start + n);
        let eof = n == 0;
        if first && (buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF])) {
            // UTF-16: whole.
            r.read_to_end(&mut buf)?;
            return f(&buf);
        }
        first = false;
        if eof {
            if !buf.is_empty() {
                f(&buf)?;
            }
            return Ok(());
        }
        let cut = match memchr::memrchr(b'\n', &buf) {
            Some(i) => Some(i + 1),
            None if buf.len() >= MAX_BLOCK => Some(
                buf.iter()
                    .rposition(u8::is_ascii)
                    .map_or(buf.len(), |i| i + 1),
            ),
            None => None,
        };
        if let Some(cut) = cut {
            f(&buf[..cut])?;
            buf.drain(..cut);
        }
    }
}

/// Reads until `buf` is full or the input ends.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn blocks_end_at_line_ends_and_cover_the_input() {
        let line = "سطر من نص عربي للتجربة\n";
        let text = line.repeat(200_000);
        let mut seen = Vec::new();
        let mut count = 0;
        for_each_block(text.as_bytes(), |b| {
            assert!(b.ends_with(b"\n"));
            assert!(b.len() <= 2 * BLOCK);
            seen.extend_from_slice(b);
            count += 1;
            Ok(())
        })
        .unwrap();
        assert!(seen == text.as_bytes());
        assert!(count > 1);
    }
}
