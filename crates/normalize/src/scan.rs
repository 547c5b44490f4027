//! Finding the next character a profile changes.
//!
//! News text changes one character in a dozen or so, so most of the work of
//! normalizing is proving that a stretch of text needs nothing. The scalar
//! scan does that one character at a time (a table lookup each); on x86_64
//! with AVX2 the same question is answered for 32 bytes at once, and only
//! the few characters that may change are then looked up one by one.
//!
//! On CPUs with AVX-512 VBMI a third engine also patches the same-width
//! folds of the Arabic block (most changes) with vector lookups, which
//! matters most for scraped text where they mix with other changes.
//!
//! All engines report exactly the same changes in the same order (a
//! property test and an exhaustive test of every character at every chunk
//! position check it), so the output does not depend on the CPU.

use crate::tables::Tables;

/// A change found in the input: its offset, its action (an index into
/// [`Tables::repl`], never 0) and its width in bytes.
pub(crate) type Change = (usize, u16, usize);

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

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2 {
    //! The AVX2 engine: classify 32 bytes, copy them, patch the folds.

    use std::arch::x86_64::{
        __m256i, _mm256_and_si256, _mm256_andnot_si256, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8,
        _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
        _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_srli_epi16,
    };

    use super::{char_action, next_change};
    use crate::Writer;
    use crate::tables::{Repl, Tables};

    /// Bytes classified per step.
    pub(super) const CHUNK: usize = 32;

    /// The nibble tables of `t`, in both lanes of a vector.
    #[target_feature(enable = "avx2")]
    pub(super) fn nibble_vectors(t: &Tables) -> (__m256i, __m256i) {
        let lo: [u8; 32] = std::array::from_fn(|k| t.nibbles.lo[k % 16]);
        let hi: [u8; 32] = std::array::from_fn(|k| t.nibbles.hi[k % 16]);
        // SAFETY: both arrays are 32 bytes; loadu needs no alignment.
        unsafe {
            (
                _mm256_loadu_si256(lo.as_ptr().cast()),
                _mm256_loadu_si256(hi.as_ptr().cast()),
            )
        }
    }

    /// The candidates among `window[..32]`, bit `j` for byte `j`.
    ///
    /// Candidates are the lead bytes of D8/D9 characters that the nibble
    /// tables say change, and every other lead byte of a two- or three-byte
    /// character (to be looked up in the tables as the scalar scan does).
    /// ASCII and four-byte characters never change and continuation bytes
    /// are never leads, so a chunk without candidates needs nothing.
    /// `window` holds 33 bytes, the last one being the continuation of a
    /// lead at position 31.
    #[target_feature(enable = "avx2")]
    #[inline]
    pub(super) fn candidates(window: &[u8; CHUNK + 1], lo: __m256i, hi: __m256i) -> u32 {
        // SAFETY: `window` has 33 bytes, so both 32-byte loads, at 0 and
        // at 1, stay inside it.
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
                _mm256_shuffle_epi8(lo, lo_idx),
                _mm256_shuffle_epi8(hi, hi_idx),
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

    /// Normalizes `bytes` (a `&str`'s) into `w`.
    ///
    /// Each 32-byte chunk is copied to the output whole; a fold to a
    /// character of the same width (أ → ا, ة → ه, the bulk of the changes
    /// in news text) is patched over the copy, on the same stride, so it
    /// costs no checkpoint and does not end the unchanged run. Any other
    /// change (a deletion, a width change, or a fold that crosses the
    /// chunk's end) cuts the copy back to where it starts, writes its
    /// replacement as the scalar engine does, and the next chunk starts
    /// right after it. The last 32 bytes or fewer go through the scalar
    /// scan.
    ///
    /// The checkpoints are exactly the scalar engine's: a run of unchanged
    /// text and same-width folds gets one, when it does not continue the
    /// open one, at the point where it starts.
    #[target_feature(enable = "avx2")]
    pub(crate) fn normalize(t: &Tables, bytes: &[u8], w: &mut Writer) {
        let (lo, hi) = nibble_vectors(t);
        w.text.reserve(bytes.len() + CHUNK);
        // The current unchanged run: where it starts in the input and in
        // the output. Its checkpoint is written when it ends.
        let mut run = (0, 0);
        // The next input byte to copy; it may be inside a character whose
        // lead the previous chunk has already classified.
        let mut pos = 0;
        while let Some(window) = bytes
            .get(pos..pos + CHUNK + 1)
            .and_then(|w| <&[u8; CHUNK + 1]>::try_from(w).ok())
        {
            let mut mask = candidates(window, lo, hi);
            let base = w.text.len();
            w.text.extend_from_slice(&window[..CHUNK]);
            let mut next = pos + CHUNK;
            while mask != 0 {
                let j = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let p = pos + j;
                let Some((r, width)) = patch_or_cut(t, bytes, window, j, p, &mut w.text, base + j)
                else {
                    continue;
                };
                w.text.truncate(base + j);
                end_run(w, run, p);
                w.push(r.text.as_bytes(), p, r.in_width, r.out_width);
                next = p + width;
                run = (next, w.text.len());
                break;
            }
            pos = next;
        }
        tail(t, bytes, w, pos, run);
    }

    /// The 33 bytes from `pos` on, if there are that many: a chunk and the
    /// byte after it (the continuation of a lead at the chunk's end).
    #[inline(always)]
    pub(super) fn window_at(bytes: &[u8], pos: usize) -> Option<&[u8; CHUNK + 1]> {
        bytes
            .get(pos..pos + CHUNK + 1)
            .and_then(|w| <&[u8; CHUNK + 1]>::try_from(w).ok())
    }

    /// Applies the candidates `mask` of the chunk `window` at input offset
    /// `pos`, just copied to the end of `w.text`, and returns where the
    /// copy of the chunk ends (32, or more when a change crosses the
    /// chunk's end).
    ///
    /// A change the writer takes cuts the copy back to where the change
    /// starts; `recopy(text, cut)` then appends the chunk's bytes from
    /// `cut` on again, and the candidates after it are still valid (the
    /// classification is per lead byte), so a word full of diacritics
    /// costs one classification per 32 bytes, not one per mark.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) fn candidate_loop(
        t: &Tables,
        bytes: &[u8],
        w: &mut Writer,
        window: &[u8; CHUNK + 1],
        pos: usize,
        mut mask: u32,
        run: &mut (usize, usize),
        mut recopy: impl FnMut(&mut Vec<u8>, usize),
    ) -> usize {
        // The copy of the chunk from byte `cut` on starts at output
        // offset `cut_at`; a change the writer handles moves both.
        let mut cut = 0;
        let mut cut_at = w.text.len() - CHUNK;
        while mask != 0 {
            let j = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let p = pos + j;
            // Candidates are lead bytes and `cut` is the end of a
            // character before them, so `j >= cut`.
            let at = cut_at + (j - cut);
            let Some((r, width)) = patch_or_cut(t, bytes, window, j, p, &mut w.text, at) else {
                continue;
            };
            // A deletion, a width change or a fold across the chunk's
            // end: the writer takes it, then the rest of the chunk.
            w.text.truncate(at);
            end_run(w, *run, p);
            w.push(r.text.as_bytes(), p, r.in_width, r.out_width);
            cut = j + width;
            cut_at = w.text.len();
            *run = (p + width, cut_at);
            if cut < CHUNK {
                recopy(&mut w.text, cut);
            }
        }
        cut
    }

    /// The input from `pos` on, after the last whole window: through the
    /// scalar scan. A character that `pos` cuts was classified (as
    /// unchanged) with the chunk before; the rest of it is copied first.
    #[inline(always)]
    pub(super) fn tail(
        t: &Tables,
        bytes: &[u8],
        w: &mut Writer,
        mut pos: usize,
        mut run: (usize, usize),
    ) {
        let mut from = pos;
        while bytes.get(from).is_some_and(|&b| (b as i8) < -0x40) {
            from += 1;
        }
        while let Some((p, action, width)) = next_change(t, bytes, from) {
            if let Some(unchanged) = bytes.get(pos..p) {
                w.text.extend_from_slice(unchanged);
            }
            if let Some(r) = t.repl.get(usize::from(action)) {
                end_run(w, run, p);
                w.push(r.text.as_bytes(), p, r.in_width, r.out_width);
            }
            pos = p + width;
            from = pos;
            run = (pos, w.text.len());
        }
        if let Some(unchanged) = bytes.get(pos..) {
            w.text.extend_from_slice(unchanged);
        }
        end_run(w, run, bytes.len());
    }

    /// The candidate at `window[j]` (input offset `p`), whose copy in `text`
    /// starts at `at`: a fold to a character of the same width is patched
    /// over the copy (`None`, as for a character that does not change);
    /// any other change is returned with its width, for the writer.
    #[inline(always)]
    pub(super) fn patch_or_cut<'t>(
        t: &'t Tables,
        bytes: &[u8],
        window: &[u8; CHUNK + 1],
        j: usize,
        p: usize,
        text: &mut [u8],
        at: usize,
    ) -> Option<(&'t Repl, usize)> {
        // The common case first: an Arabic letter folded to another
        // (أ ة ى إ), patched over the copy.
        let lead = window[j];
        if lead & 0xFE == 0xD8
            && let Some(&cont) = window.get(j + 1)
            && let Some(&same) = t
                .arabic_same
                .get(usize::from(lead & 1) << 6 | usize::from(cont & 0x3F))
            && same[0] != 0
            && j + 2 <= CHUNK
            && let Some(dst) = text.get_mut(at..at + 2)
        {
            dst.copy_from_slice(&same);
            return None;
        }
        let (action, width) = char_action(t, bytes, p, lead);
        let r = t.repl.get(usize::from(action)).filter(|_| action != 0)?;
        if j + width <= CHUNK && r.same[0] != 0 && patch(text, at, &r.same, width) {
            return None;
        }
        Some((r, width))
    }

    /// Writes the `width` bytes of `same` over `text` at `at`, if they fit;
    /// constant widths, so that no call to `memcpy` is made for two bytes.
    #[inline(always)]
    fn patch(text: &mut [u8], at: usize, same: &[u8; 4], width: usize) -> bool {
        match width {
            2 => text
                .get_mut(at..at + 2)
                .map(|d| d.copy_from_slice(&same[..2])),
            3 => text
                .get_mut(at..at + 3)
                .map(|d| d.copy_from_slice(&same[..3])),
            _ => None,
        }
        .is_some()
    }

    /// Ends the unchanged run that started at `run` (input, output) where
    /// input offset `at` is: its checkpoint, unless it is empty or
    /// continues the open one.
    #[inline(always)]
    fn end_run(w: &mut Writer, run: (usize, usize), at: usize) {
        if at > run.0 {
            w.mark(run.1, run.0, 1, 1);
        }
    }
}

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx512 {
    //! The AVX-512 engine: the Arabic block's folds patched into the chunk
    //! by vector lookups.
    //!
    //! Most changes are same-width folds (أ → ا, ة → ه, ى → ي). The AVX2
    //! engine patches them one by one in its candidate loop; that is cheap
    //! while nearly every candidate is such a fold, but in scraped text
    //! they mix with diacritics, tatweel and presentation forms, and the
    //! loop's branches on the kind of each candidate then mispredict.
    //! Here a 128-entry byte lookup (`vpermi2b`, AVX-512 VBMI) indexed by
    //! each D8/D9 lead and the six low bits of the byte after it gives the
    //! folded lead byte (high bit set) or 0x01 for any other change, so
    //! the same lookup yields the Arabic block's candidates (replacing the
    //! AVX2 nibble test) and its folds; a second lookup, indexed from the
    //! byte before each continuation byte, gives the folded continuation
    //! bytes, and two masked blends write both. Only the other changes go
    //! to the candidate loop, which continues in the same chunk after a
    //! change the writer takes (see [`candidate_loop`](super::avx2)).
    //!
    //! The text and the checkpoints are exactly the other engines' (the
    //! tests compare all three on every input).

    use std::arch::x86_64::{
        __m256i, __m512i, _mm256_add_epi8, _mm256_and_si256, _mm256_cmpeq_epi8_mask,
        _mm256_cmpgt_epi8_mask, _mm256_loadu_si256, _mm256_mask_blend_epi8, _mm256_movepi8_mask,
        _mm256_or_si256, _mm256_permutexvar_epi8, _mm256_set1_epi8, _mm256_slli_epi16,
        _mm256_storeu_si256, _mm256_test_epi8_mask, _mm512_castsi256_si512, _mm512_castsi512_si256,
        _mm512_loadu_si512, _mm512_permutex2var_epi8,
    };

    use super::avx2::{CHUNK, candidate_loop, tail, window_at};
    use crate::Writer;
    use crate::tables::Tables;

    /// A 128-byte table as two 64-byte vectors.
    #[target_feature(enable = "avx512f")]
    fn table(bytes: &[u8; 128]) -> (__m512i, __m512i) {
        // SAFETY: 128 bytes, two 64-byte loads; loadu needs no alignment.
        unsafe {
            (
                _mm512_loadu_si512(bytes.as_ptr().cast()),
                _mm512_loadu_si512(bytes.as_ptr().add(64).cast()),
            )
        }
    }

    /// Looks up each byte of `idx` (0..=127) in the table `tbl`.
    #[target_feature(enable = "avx512f,avx512vbmi")]
    #[inline]
    fn lookup(tbl: (__m512i, __m512i), idx: __m256i) -> __m256i {
        _mm512_castsi512_si256(_mm512_permutex2var_epi8(
            tbl.0,
            _mm512_castsi256_si512(idx),
            tbl.1,
        ))
    }

    /// Appends the bytes of `chunk` from `cut` (less than 32) on to `text`.
    ///
    /// The rest is moved to the front of a vector by a byte permute and
    /// stored whole into the spare capacity (the length then set to keep
    /// only the rest): no `memcpy` call, and no reload of the chunk from
    /// memory at an offset, which would stall on store forwarding.
    #[target_feature(enable = "avx2,avx512f,avx512bw,avx512vl,avx512vbmi")]
    #[inline]
    fn append_rest(text: &mut Vec<u8>, chunk: __m256i, cut: usize) {
        const IOTA: [u8; CHUNK] = {
            let mut iota = [0; CHUNK];
            let mut k = 0;
            while k < CHUNK {
                iota[k] = k as u8;
                k += 1;
            }
            iota
        };
        let n = CHUNK.saturating_sub(cut);
        // SAFETY: 32 bytes; loadu needs no alignment.
        let iota = unsafe { _mm256_loadu_si256(IOTA.as_ptr().cast()) };
        // Byte k of `rest` is byte k + cut of the chunk (wrapping past 32,
        // beyond the `n` bytes kept).
        let rest =
            _mm256_permutexvar_epi8(_mm256_add_epi8(iota, _mm256_set1_epi8(cut as i8)), chunk);
        match text.spare_capacity_mut().get_mut(..CHUNK) {
            Some(dst) => {
                // SAFETY: `dst` has 32 bytes; storeu needs no alignment.
                // The first `n <= 32` of them are initialized once written.
                unsafe {
                    _mm256_storeu_si256(dst.as_mut_ptr().cast(), rest);
                    text.set_len(text.len() + n);
                }
            }
            None => {
                let mut buf = [0u8; CHUNK];
                // SAFETY: 32 bytes; storeu needs no alignment.
                unsafe { _mm256_storeu_si256(buf.as_mut_ptr().cast(), rest) };
                text.extend_from_slice(buf.get(..n).unwrap_or_default());
            }
        }
    }

    /// The tables' index of each character whose lead byte is in `lead`
    /// and continuation byte in `cont`: the low lead bit, then the
    /// continuation's six bits.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn index(lead: __m256i, cont: __m256i) -> __m256i {
        _mm256_or_si256(
            _mm256_slli_epi16::<6>(_mm256_and_si256(lead, _mm256_set1_epi8(1))),
            _mm256_and_si256(cont, _mm256_set1_epi8(0x3F)),
        )
    }

    /// Normalizes `bytes` (a `&str`'s) into `w`; the output and its
    /// checkpoints are exactly the AVX2 and the scalar engines'.
    #[target_feature(enable = "avx2,avx512f,avx512bw,avx512vl,avx512vbmi")]
    pub(crate) fn normalize(t: &Tables, bytes: &[u8], w: &mut Writer) {
        let leads = table(&t.arabic_same_split[0]);
        let conts = table(&t.arabic_same_split[1]);
        w.text.reserve(bytes.len() + CHUNK);
        let mut run = (0, 0);
        let mut pos = 0;
        while let Some(window) = window_at(bytes, pos) {
            // SAFETY: `window` has 33 bytes, so both 32-byte loads, at 0
            // and at 1, stay inside it.
            let (v0, v1) = unsafe {
                (
                    _mm256_loadu_si256(window.as_ptr().cast()),
                    _mm256_loadu_si256(window.as_ptr().add(1).cast()),
                )
            };
            // The bytes one before the chunk's (the first chunk's byte 0,
            // which is no continuation, gets a zero), to index the tables
            // from each continuation byte too.
            let before = match pos.checked_sub(1) {
                // SAFETY: `pos + 33 <= bytes.len()` (the window), so the 32
                // bytes from `pos - 1` are inside `bytes`.
                Some(q) => unsafe { _mm256_loadu_si256(bytes.as_ptr().add(q).cast()) },
                None => {
                    let mut shifted = [0u8; CHUNK];
                    shifted[1..].copy_from_slice(&window[..CHUNK - 1]);
                    // SAFETY: 32 bytes; loadu needs no alignment.
                    unsafe { _mm256_loadu_si256(shifted.as_ptr().cast()) }
                }
            };
            // Leads D8 and D9, and each one's index into the tables.
            let arabic = _mm256_cmpeq_epi8_mask(
                _mm256_and_si256(v0, _mm256_set1_epi8(0xFEu8 as i8)),
                _mm256_set1_epi8(0xD8u8 as i8),
            );
            // The folded lead of each fold (high bit set), 0x01 for the
            // other changes: the Arabic block's candidates in one lookup.
            let lead = lookup(leads, index(v0, v1));
            // A fold whose continuation byte is in the next chunk is left
            // to the candidate loop, as in the AVX2 engine.
            let folds = arabic & _mm256_movepi8_mask(lead) & (u32::MAX >> 1);
            let changes = arabic & _mm256_test_epi8_mask(lead, lead);
            // Every other lead byte of a two- or three-byte character
            // (C0..EF, signed -64..-17) is looked up by the candidate loop.
            let other = !arabic
                & _mm256_cmpgt_epi8_mask(v0, _mm256_set1_epi8(-65))
                & _mm256_cmpgt_epi8_mask(_mm256_set1_epi8(-16), v0);
            // Each continuation byte's fold, indexed from its own lead.
            let cont = lookup(conts, index(before, v0));
            let patched =
                _mm256_mask_blend_epi8(folds << 1, _mm256_mask_blend_epi8(folds, v0, lead), cont);
            let mask = (changes & !folds) | other;
            w.text.reserve(2 * CHUNK);
            append_rest(&mut w.text, patched, 0);
            let cut = candidate_loop(t, bytes, w, window, pos, mask, &mut run, |text, cut| {
                append_rest(text, patched, cut);
            });
            pos += cut.max(CHUNK);
        }
        tail(t, bytes, w, pos, run);
    }
}
