use std::arch::x86_64::{
    __m128i, _mm_add_epi8, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8,
    _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_packus_epi16,
    _mm_set1_epi8, _mm_set1_epi16, _mm_setzero_si128, _mm_srli_epi16, _mm_storeu_si128,
    _mm_sub_epi8, _mm_xor_si128,
};

use super::{FOLDS, G, RARE_FIRST, RARE_LAST, WINDOW, Window};

/// Sixteen bytes of `c` from `at` (at most 17), as a vector.
#[inline]
#[target_feature(enable = "sse2")]
fn load(c: &[u8; WINDOW], at: usize) -> __m128i {
    let at = at.min(WINDOW - 16);
    // SAFETY: `at + 16 <= WINDOW`: the sixteen bytes read are in `c`.
    unsafe { _mm_loadu_si128(c.as_ptr().add(at).cast()) }
}

/// Sixteen positions: a mask of the plain letters, a mask of the
/// spaces, and every position's letter code as if a letter were
/// there.
#[inline]
#[target_feature(enable = "sse2")]
fn half(lead: __m128i, next: __m128i) -> (u32, u32, __m128i) {
    let d8 = _mm_cmpeq_epi8(lead, _mm_set1_epi8(0xD8u8 as i8));
    let d9 = _mm_cmpeq_epi8(lead, _mm_set1_epi8(0xD9u8 as i8));
    // Second bytes shifted to signed order: A1..BA to 21..3A, 81..8A
    // to 01..0A.
    let nx = _mm_xor_si128(next, _mm_set1_epi8(0x80u8 as i8));
    let ok8 = _mm_and_si128(
        d8,
        _mm_and_si128(
            _mm_cmpgt_epi8(nx, _mm_set1_epi8(0x20)),
            _mm_cmplt_epi8(nx, _mm_set1_epi8(0x3B)),
        ),
    );
    let ok9 = _mm_and_si128(
        d9,
        _mm_and_si128(
            _mm_cmpgt_epi8(nx, _mm_set1_epi8(0x00)),
            _mm_cmplt_epi8(nx, _mm_set1_epi8(0x0B)),
        ),
    );
    let letters = _mm_movemask_epi8(_mm_or_si128(ok8, ok9)) as u32 & 0xFFFF;
    let spaces = _mm_movemask_epi8(_mm_cmpeq_epi8(lead, _mm_set1_epi8(b' ' as i8))) as u32 & 0xFFFF;
    let code = _mm_add_epi8(
        _mm_and_si128(next, _mm_set1_epi8(0x3F)),
        _mm_add_epi8(_mm_set1_epi8(0x5F), _mm_and_si128(d9, _mm_set1_epi8(0x40))),
    );
    (letters, spaces, code)
}

/// [`super::window_scalar`] with SSE2 (part of the x86_64 baseline).
#[inline]
#[target_feature(enable = "sse2")]
fn window_sse2(c: &[u8; WINDOW]) -> Window {
    let (l0, s0, c0) = half(load(c, 0), load(c, 1));
    let (l1, s1, c1) = half(load(c, 16), load(c, 17));
    let mut w = Window {
        letters: l0 | (l1 << 16),
        spaces: s0 | (s1 << 16),
        ..Window::default()
    };
    // Even positions are the low bytes of the sixteen-bit lanes, odd
    // ones the high bytes.
    let low = _mm_set1_epi16(0xFF);
    let even = _mm_packus_epi16(_mm_and_si128(c0, low), _mm_and_si128(c1, low));
    let odd = _mm_packus_epi16(_mm_srli_epi16(c0, 8), _mm_srli_epi16(c1, 8));
    // SAFETY: the array is 64 bytes; the stores write bytes 0..16 and
    // 32..48.
    unsafe {
        _mm_storeu_si128(w.codes.as_mut_ptr().cast(), even);
        _mm_storeu_si128(w.codes.as_mut_ptr().add(32).cast(), odd);
    }
    w
}

#[inline(always)]
pub(super) fn window(c: &[u8; WINDOW]) -> Window {
    // SAFETY: this module is compiled only when SSE2 is enabled for
    // the whole build (`target_feature = "sse2"`, the x86_64
    // baseline), so every CPU that runs this code has it.
    unsafe { window_sse2(c) }
}

/// [`super::fold_key_scalar`] sixteen bytes at a time. The g-letters
/// ج and ق are in every text; the other sources (alef and hamza
/// seats, ة, ى) are folded by the search profile's normalizer
/// already, so a chunk is checked for them with one test and folded
/// the long way only when it has one.
#[target_feature(enable = "sse2")]
fn fold_key_sse2(key: &mut [u8]) {
    let mut chunks = key.chunks_exact_mut(16);
    for chunk in &mut chunks {
        // SAFETY: `chunk` is 16 bytes, what the load reads and the
        // store writes.
        let code = unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) };
        let from_run = _mm_sub_epi8(code, _mm_set1_epi8(RARE_FIRST as i8));
        let mut rare = _mm_cmpeq_epi8(
            _mm_min_epu8(from_run, _mm_set1_epi8((RARE_LAST - RARE_FIRST) as i8)),
            from_run,
        );
        let mut g = _mm_setzero_si128();
        for (from, to) in FOLDS {
            let hit = _mm_cmpeq_epi8(code, _mm_set1_epi8(from as i8));
            if to == G {
                g = _mm_or_si128(g, _mm_and_si128(hit, _mm_set1_epi8((from ^ to) as i8)));
            } else if !(RARE_FIRST..=RARE_LAST).contains(&from) {
                rare = _mm_or_si128(rare, hit);
            }
        }
        let mut out = _mm_xor_si128(code, g);
        if _mm_movemask_epi8(rare) != 0 {
            let mut flip = _mm_setzero_si128();
            for (from, to) in FOLDS {
                if to != G {
                    flip = _mm_or_si128(
                        flip,
                        _mm_and_si128(
                            _mm_cmpeq_epi8(code, _mm_set1_epi8(from as i8)),
                            _mm_set1_epi8((from ^ to) as i8),
                        ),
                    );
                }
            }
            out = _mm_xor_si128(out, flip);
        }
        // SAFETY: as above.
        unsafe { _mm_storeu_si128(chunk.as_mut_ptr().cast(), out) };
    }
    super::fold_key_scalar(chunks.into_remainder());
}

#[inline(always)]
pub(super) fn fold_key(key: &mut [u8]) {
    // SAFETY: as for `window`.
    unsafe { fold_key_sse2(key) }
}
