//! Finding the next character a profile changes.
//!
//! News text changes one character in a dozen or so, so most of the work of
//! normalizing is proving that a stretch of text needs nothing. The scalar
//! scan does that one character at a time (a table lookup each); on x86_64
//! with AVX2 the same question is answered for 32 bytes at once, and only
//! the few characters that may change are then looked up one by one.
//!
//! Both scanners report exactly the same changes in the same order (a
//! property test and an exhaustive test of every character at every chunk
//! position check it), so the output does not depend on the CPU.

use crate::tables::Tables;

/// A change found in the input: its offset, its action (an index into
/// [`Tables::repl`], never 0) and its width in bytes.
pub(crate) type Change = (usize, u16, usize);

/// Something that yields the changes of one input in order.
pub(crate) trait Scanner {
    /// The first change at or after `i`, which is a character boundary no
    /// earlier than the end of the change returned before.
    fn next_change(&mut self, t: &Tables, bytes: &[u8], i: usize) -> Option<Change>;
}

/// The portable scanner: one table lookup per non-ASCII character.
pub(crate) struct Scalar;

impl Scanner for Scalar {
    #[inline(always)]
    fn next_change(&mut self, t: &Tables, bytes: &[u8], i: usize) -> Option<Change> {
        next_change(t, bytes, i)
    }
}

/// Finds the first character at or after `i` that the tables change:
/// its offset, its action and its width in bytes.
#[inline(always)]
pub(crate) fn next_change(t: &Tables, bytes: &[u8], mut i: usize) -> Option<Change> {
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            i += 1;
            continue;
        }
        let (action, width) = char_action(t, bytes, i, b);
        if action != 0 {
            return Some((i, action, width));
        }
        i += width;
    }
    None
}

/// The action and width of the non-ASCII character whose lead byte `b` is
/// at `i`.
#[inline(always)]
fn char_action(t: &Tables, bytes: &[u8], i: usize, b: u8) -> (u16, usize) {
    if b < 0xE0 {
        let c = bytes.get(i + 1).copied().unwrap_or(0);
        (t.two[usize::from(b & 0x1F) << 6 | usize::from(c & 0x3F)], 2)
    } else if b < 0xF0 {
        (three_byte_action(t, bytes, i, b), 3)
    } else {
        (0, 4)
    }
}

#[inline]
fn three_byte_action(t: &Tables, bytes: &[u8], i: usize, lead: u8) -> u16 {
    let c1 = bytes.get(i + 1).copied().unwrap_or(0);
    let c2 = bytes.get(i + 2).copied().unwrap_or(0);
    let block = t.three_index[usize::from(lead & 0x0F) << 6 | usize::from(c1 & 0x3F)];
    match t.three.get(usize::from(block)) {
        Some(block) => block[usize::from(c2 & 0x3F)],
        None => 0,
    }
}

/// The nibble tables that let a vector classify the letters of the Arabic
/// block (U+0600..U+067F, lead bytes D8 and D9) in one shuffle each.
///
/// For a continuation byte `c` after lead `L`, the character changes when
/// `lo[c & 15] & hi[c >> 4] & lead_bits(L) != 0`: each of the 8 bits stands
/// for one (lead, high nibble) pair, bits 0-3 for D8 and 4-7 for D9.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ArabicNibbles {
    pub(crate) lo: [u8; 16],
    pub(crate) hi: [u8; 16],
}

impl ArabicNibbles {
    /// The nibble tables for the two-byte table `two` of a profile.
    pub(crate) fn build(two: &[u16; 2048]) -> ArabicNibbles {
        let mut n = ArabicNibbles::default();
        for (lead_bit, lead) in [(0u8, 0xD8u8), (4, 0xD9)] {
            for cont in 0x80u8..=0xBF {
                let hi = cont >> 4;
                let bit = 1u8 << (lead_bit + hi - 8);
                n.hi[usize::from(hi)] |= bit;
                if two[usize::from(lead & 0x1F) << 6 | usize::from(cont & 0x3F)] != 0 {
                    n.lo[usize::from(cont & 0x0F)] |= bit;
                }
            }
        }
        n
    }

    /// Whether the character `lead cont` changes, by the nibble tables (the
    /// scalar model of the vector test).
    #[cfg(test)]
    pub(crate) fn changes(&self, lead: u8, cont: u8) -> bool {
        let lead_bits = match lead {
            0xD8 => 0x0F,
            0xD9 => 0xF0,
            _ => 0,
        };
        self.lo[usize::from(cont & 0x0F)] & self.hi[usize::from(cont >> 4)] & lead_bits != 0
    }
}

#[cfg(target_arch = "x86_64")]
pub(crate) use avx2::Avx2;

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::{
        __m256i, _mm256_and_si256, _mm256_andnot_si256, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8,
        _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
        _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_srli_epi16,
    };

    use super::{Change, Scanner, char_action, next_change};
    use crate::tables::Tables;

    /// Bytes classified per step.
    const CHUNK: usize = 32;

    /// The AVX2 scanner: 32 bytes per step, then one lookup per candidate.
    ///
    /// Candidates are the lead bytes of D8/D9 characters that the nibble
    /// tables say change, and every other lead byte of a two- or three-byte
    /// character (looked up in the tables as the scalar scan does). ASCII
    /// and four-byte characters never change, continuation bytes are never
    /// leads, so a chunk without candidates needs nothing.
    pub(crate) struct Avx2 {
        lo: __m256i,
        hi: __m256i,
        /// Start of the chunk whose candidates are in `mask`.
        base: usize,
        /// Candidates of the current chunk not yet looked at, bit `j` for
        /// byte `base + j`.
        mask: u32,
        /// Where the next chunk starts, unless the caller is already past it.
        next: usize,
    }

    impl Avx2 {
        /// A scanner with the nibble tables of `t`.
        ///
        /// # Safety
        ///
        /// The CPU must support AVX2.
        #[target_feature(enable = "avx2")]
        #[inline]
        pub(crate) unsafe fn new(t: &Tables) -> Avx2 {
            let lo = t.nibbles.lo;
            let hi = t.nibbles.hi;
            let mut lo2 = [0u8; 32];
            let mut hi2 = [0u8; 32];
            lo2[..16].copy_from_slice(&lo);
            lo2[16..].copy_from_slice(&lo);
            hi2[..16].copy_from_slice(&hi);
            hi2[16..].copy_from_slice(&hi);
            // SAFETY: both arrays are 32 bytes, loadu has no alignment need.
            let (lo, hi) = unsafe {
                (
                    _mm256_loadu_si256(lo2.as_ptr().cast()),
                    _mm256_loadu_si256(hi2.as_ptr().cast()),
                )
            };
            Avx2 {
                lo,
                hi,
                base: 0,
                mask: 0,
                next: 0,
            }
        }

        /// The candidates among `window[..32]`; `window` holds 33 bytes, the
        /// last one being the continuation of a lead at position 31.
        #[target_feature(enable = "avx2")]
        #[inline]
        fn candidates(&self, window: &[u8; CHUNK + 1]) -> u32 {
            // SAFETY: `window` has 33 bytes, so both 32-byte loads, at 0
            // and at 1, stay inside it.
            let (v0, v1) = unsafe {
                (
                    _mm256_loadu_si256(window.as_ptr().cast()),
                    _mm256_loadu_si256(window.as_ptr().add(1).cast()),
                )
            };
            let d8 = _mm256_cmpeq_epi8(v0, _mm256_set1_epi8(0xD8u8 as i8));
            let d9 = _mm256_cmpeq_epi8(v0, _mm256_set1_epi8(0xD9u8 as i8));
            let lead_bits = _mm256_or_si256(
                _mm256_and_si256(d8, _mm256_set1_epi8(0x0F)),
                _mm256_and_si256(d9, _mm256_set1_epi8(0xF0u8 as i8)),
            );
            let nib = _mm256_set1_epi8(0x0F);
            let lo_idx = _mm256_and_si256(v1, nib);
            let hi_idx = _mm256_and_si256(_mm256_srli_epi16::<4>(v1), nib);
            let hit = _mm256_and_si256(
                _mm256_and_si256(
                    _mm256_shuffle_epi8(self.lo, lo_idx),
                    _mm256_shuffle_epi8(self.hi, hi_idx),
                ),
                lead_bits,
            );
            let miss = _mm256_cmpeq_epi8(hit, _mm256_setzero_si256());
            // Lead bytes C0..EF (signed -64..-17) other than D8 and D9.
            let lead23 = _mm256_and_si256(
                _mm256_cmpgt_epi8(v0, _mm256_set1_epi8(-65)),
                _mm256_cmpgt_epi8(_mm256_set1_epi8(-16), v0),
            );
            let other = _mm256_andnot_si256(_mm256_or_si256(d8, d9), lead23);
            let changed = !(_mm256_movemask_epi8(miss) as u32);
            changed | _mm256_movemask_epi8(other) as u32
        }
    }

    impl Scanner for Avx2 {
        #[inline(always)]
        fn next_change(&mut self, t: &Tables, bytes: &[u8], i: usize) -> Option<Change> {
            loop {
                // Drop the candidates before `i` (inside an earlier change).
                let skip = i.saturating_sub(self.base);
                self.mask &= if skip < CHUNK { u32::MAX << skip } else { 0 };
                while self.mask != 0 {
                    let p = self.base + self.mask.trailing_zeros() as usize;
                    self.mask &= self.mask - 1;
                    let b = bytes.get(p).copied().unwrap_or(0);
                    let (action, width) = char_action(t, bytes, p, b);
                    if action != 0 {
                        return Some((p, action, width));
                    }
                }
                let base = self.next.max(i);
                let window = bytes
                    .get(base..base + CHUNK + 1)
                    .and_then(|w| <&[u8; CHUNK + 1]>::try_from(w).ok());
                let Some(window) = window else {
                    // The tail: back to the start of the character that
                    // `base` may cut (never before `i`, a boundary), then
                    // one character at a time.
                    let mut from = base;
                    while from > i && bytes.get(from).is_some_and(|&b| (b as i8) < -0x40) {
                        from -= 1;
                    }
                    return next_change(t, bytes, from);
                };
                self.base = base;
                self.next = base + CHUNK;
                // SAFETY: an `Avx2` is only made by `new`, whose contract
                // is that the CPU supports AVX2.
                self.mask = unsafe { self.candidates(window) };
            }
        }
    }
}
