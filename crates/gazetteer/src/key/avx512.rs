use std::arch::x86_64::{
    __m512i, _bzhi_u64, _mm512_add_epi32, _mm512_and_si512, _mm512_cmpeq_epi8_mask,
    _mm512_cmplt_epu8_mask, _mm512_cmpneq_epi8_mask, _mm512_cvtepu8_epi32,
    _mm512_extracti32x4_epi32, _mm512_loadu_si512, _mm512_mask_blend_epi8,
    _mm512_maskz_compress_epi8, _mm512_maskz_loadu_epi8, _mm512_movepi8_mask, _mm512_movm_epi8,
    _mm512_or_si512, _mm512_permutex2var_epi8, _mm512_set_epi8, _mm512_set1_epi8,
    _mm512_set1_epi32, _mm512_slli_epi16, _mm512_storeu_si512, _mm512_sub_epi8, _pext_u64,
};

use super::{Cursor, GAP, KEY_ARABIC, KEY_ASCII, OTHER_NONWORD, SEP, SKIP};

/// Positions per window.
const W: usize = 64;

/// True when this CPU runs [`windows`].
#[inline]
pub(super) fn available() -> bool {
    std::arch::is_x86_feature_detected!("bmi1")
        && std::arch::is_x86_feature_detected!("bmi2")
        && std::arch::is_x86_feature_detected!("popcnt")
        && std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512bw")
        && std::arch::is_x86_feature_detected!("avx512vbmi")
        && std::arch::is_x86_feature_detected!("avx512vbmi2")
}

/// The code tables, 64 bytes to a register: [`KEY_ASCII`] in two,
/// [`KEY_ARABIC`] in four.
struct Tables {
    ascii: [__m512i; 2],
    arabic: [[__m512i; 2]; 2],
}

/// Stores `base` plus the sixteen bytes of lane `L` of `bytes`, widened
/// to `u32`, at `dst[16 * L..16 * L + 16]` (nothing when `dst` is
/// shorter).
#[inline]
#[target_feature(enable = "avx512f")]
fn widen_add_store<const L: i32>(dst: &mut [u32], base: __m512i, bytes: __m512i) {
    let from = 16 * L as usize;
    let Some(d) = dst.get_mut(from..from + 16) else {
        return;
    };
    let v = _mm512_add_epi32(
        base,
        _mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32::<L>(bytes)),
    );
    // SAFETY: `d` holds the sixteen `u32`s (64 bytes) the store writes.
    unsafe { _mm512_storeu_si512(d.as_mut_ptr().cast(), v) }
}

/// [`Tables`], loaded.
#[inline]
#[target_feature(enable = "avx512f")]
fn tables() -> Tables {
    let at = |t: &[u8], i: usize| match t.get(64 * i..64 * i + 64) {
        // SAFETY: the slice has the 64 bytes the load reads.
        Some(b) => unsafe { _mm512_loadu_si512(b.as_ptr().cast()) },
        None => _mm512_set1_epi8(0),
    };
    Tables {
        ascii: [at(&KEY_ASCII, 0), at(&KEY_ASCII, 1)],
        arabic: [
            [at(&KEY_ARABIC, 0), at(&KEY_ARABIC, 1)],
            [at(&KEY_ARABIC, 2), at(&KEY_ARABIC, 3)],
        ],
    }
}

/// One window's characters, where they are ASCII or U+0600..U+06FF
/// (the others are not covered).
struct Chars {
    /// Bit `p`: a character at `p` that gives a key byte.
    kept: u64,
    /// Bit `p`: a separator at `p` (white space, dashes).
    seps: u64,
    /// Bit `p`: the key code at `p` is a word character.
    word: u64,
    /// Bit `p`: the byte at `p` gives nothing and is no separator (a
    /// dropped character, or the second byte of a character).
    other: u64,
    /// Bit `p`: the byte at `p` belongs to one of those characters.
    covered: u64,
    /// Whether a two-byte character starts at 63 (its second byte is
    /// the next window's).
    spill: bool,
    /// The key code of the character at every position where one
    /// starts.
    code: __m512i,
}

/// 128-entry lookup of the low seven bits of `idx` in `t`.
#[inline]
#[target_feature(enable = "avx512f,avx512vbmi")]
fn lookup(t: [__m512i; 2], idx: __m512i) -> __m512i {
    _mm512_permutex2var_epi8(t[0], idx, t[1])
}

/// [`Chars`] of the 64 bytes at `lead` (then the byte after each at
/// `next`); bytes past the text read as 0, dropped characters.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
fn classify(t: &Tables, lead: __m512i, next: __m512i) -> Chars {
    let ascii = !_mm512_movepi8_mask(lead);
    let arabic = _mm512_cmplt_epu8_mask(
        _mm512_sub_epi8(lead, _mm512_set1_epi8(0xD8u8 as i8)),
        _mm512_set1_epi8(4),
    );
    // Index of U+0600..U+06FF in `KEY_ARABIC`: the lead byte's low
    // two bits, then the second byte's low six (the sixteen-bit
    // shift moves no bit across a byte).
    let idx = _mm512_or_si512(
        _mm512_slli_epi16(_mm512_and_si512(lead, _mm512_set1_epi8(3)), 6),
        _mm512_and_si512(next, _mm512_set1_epi8(0x3F)),
    );
    let arabic_code = _mm512_mask_blend_epi8(
        _mm512_movepi8_mask(idx),
        lookup(t.arabic[0], idx),
        lookup(t.arabic[1], idx),
    );
    let code = _mm512_mask_blend_epi8(ascii, arabic_code, lookup(t.ascii, lead));
    let chars = ascii | arabic;
    let seps = chars & _mm512_cmpeq_epi8_mask(code, _mm512_set1_epi8(SEP as i8));
    let skips = chars & _mm512_cmpeq_epi8_mask(code, _mm512_set1_epi8(SKIP as i8));
    // `IS_WORD`: ASCII letters and digits, and the codes from 80 but
    // the two that are not.
    let alnum = _mm512_cmplt_epu8_mask(
        _mm512_sub_epi8(code, _mm512_set1_epi8(b'0' as i8)),
        _mm512_set1_epi8(10),
    ) | _mm512_cmplt_epu8_mask(
        _mm512_sub_epi8(
            _mm512_or_si512(code, _mm512_set1_epi8(0x20)),
            _mm512_set1_epi8(b'a' as i8),
        ),
        _mm512_set1_epi8(26),
    );
    let high = _mm512_movepi8_mask(code)
        & _mm512_cmpneq_epi8_mask(code, _mm512_set1_epi8(OTHER_NONWORD as i8))
        & _mm512_cmpneq_epi8_mask(code, _mm512_set1_epi8(SKIP as i8));
    let seconds = arabic << 1;
    Chars {
        kept: chars & !seps & !skips,
        seps,
        word: alnum | high,
        other: skips | seconds,
        covered: chars | seconds,
        spill: arabic >> 63 != 0,
        code,
    }
}

/// The text from `at`: 64 bytes, then the 64 from `at + 1`, as far
/// as `end` (zeros past it).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,bmi2")]
fn load(bytes: &[u8], at: usize, end: usize) -> (__m512i, __m512i) {
    let n = end.min(bytes.len()).saturating_sub(at);
    let lead = _bzhi_u64(!0, n.min(64) as u32);
    let next = _bzhi_u64(!0, n.saturating_sub(1).min(64) as u32);
    match bytes.get(at..) {
        // SAFETY: the masked loads read only the bytes their masks
        // select, which are in `bytes[at..end]`.
        Some(b) => unsafe {
            (
                _mm512_maskz_loadu_epi8(lead, b.as_ptr().cast()),
                _mm512_maskz_loadu_epi8(next, b.as_ptr().wrapping_add(1).cast()),
            )
        },
        None => (_mm512_set1_epi8(0), _mm512_set1_epi8(0)),
    }
}

/// The windows of `text` up to `limit`, 64 bytes at a time: the text
/// position reached (at least `limit`, or where the last window that
/// ends before `limit` ends when the text goes on past it).
#[target_feature(enable = "bmi1,bmi2,popcnt,avx512f,avx512bw,avx512vbmi,avx512vbmi2")]
pub(super) fn windows(cur: &mut Cursor<'_>, text: &str, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let t = tables();
    // Only a text cut at `limit` (2 GiB) may have a character across
    // it; then the last bytes are left to the caller.
    let whole = limit == bytes.len();
    let mut at = 0;
    let mut from = 0;
    while at + W < limit || (whole && at < limit) {
        // A window's starts (a character past its end included), and
        // slack for the stores of `stretch`.
        cur.room(2 * W + 8);
        let (lead, next) = load(bytes, at, limit);
        from = cur.window_avx512(&t, text, at, lead, next, from) - W;
        at += W;
    }
    at + from
}

impl Cursor<'_> {
    /// [`Cursor::window`] with AVX-512, 64 bytes: stretches of ASCII
    /// and U+0600..U+06FF through [`Cursor::stretch`], other
    /// characters through [`Cursor::general`].
    #[inline]
    #[target_feature(enable = "bmi1,bmi2,popcnt,avx512f,avx512bw,avx512vbmi,avx512vbmi2")]
    fn window_avx512(
        &mut self,
        t: &Tables,
        text: &str,
        at: usize,
        lead: __m512i,
        next: __m512i,
        from: usize,
    ) -> usize {
        let w = classify(t, lead, next);
        let mut p = from;
        while p < W {
            let q = p + (!w.covered >> p).trailing_zeros() as usize;
            if q > p {
                self.stretch(&w, at, p, q);
            }
            if q >= W {
                return if w.spill { W + 1 } else { W };
            }
            p = q + self.general(text, at + q);
        }
        p
    }

    /// Transcodes the characters of window `w` at positions `p..q`,
    /// all of them covered.
    #[inline]
    #[target_feature(enable = "bmi1,bmi2,popcnt,avx512f,avx512bw,avx512vbmi,avx512vbmi2")]
    fn stretch(&mut self, w: &Chars, at: usize, p: usize, q: usize) {
        let span = _bzhi_u64(!0, q as u32) & !_bzhi_u64(!0, p as u32);
        let l = w.kept & span;
        let s = w.seps & span;
        if l == 0 {
            if s != 0 {
                self.gap = GAP;
            }
            return;
        }
        // A character has a gap when the last separator or kept
        // character before it is a separator (dropped characters and
        // second bytes between them do not count): `e` marks the
        // positions right after a separator (or `p` after a gap), and
        // the sum carries each such mark through the run of `other`
        // bytes that follows it.
        let x = w.other & span;
        let e = (s << 1) | if self.gap != 0 { 1u64 << p } else { 0 };
        let gaps = l & ((e & !x) | (x.wrapping_add(e & x) & !x));
        let last = 63 - l.leading_zeros();
        self.gap = if s >> last != 0 { GAP } else { 0 };
        let was_word = self.word;
        self.word = (w.word >> last) & 1 != 0;

        let (k, ns) = (self.k, self.ns);
        let n = l.count_ones();
        // A key byte starts a word after a gap, after a byte that is
        // not a word character, or where it is not one.
        let word = _pext_u64(w.word, l);
        let prev = (word << 1) | u64::from(was_word);
        let st = (_pext_u64(gaps, l) | !prev | !word) & _bzhi_u64(!0, n);
        // The codes, gap flags, positions and starts of the kept
        // characters, packed.
        let keys = _mm512_maskz_compress_epi8(l, w.code);
        let back = _mm512_maskz_compress_epi8(
            l,
            _mm512_and_si512(_mm512_movm_epi8(gaps), _mm512_set1_epi8(0x80u8 as i8)),
        );
        // Byte offsets 0..64: the kept characters' offsets in the
        // window, and the starts' offsets in the key from `k`, packed,
        // then widened sixteen at a time.
        let iota = _mm512_set_epi8(
            63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42,
            41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20,
            19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
        );
        let offsets = _mm512_maskz_compress_epi8(l, iota);
        let start_offsets = _mm512_maskz_compress_epi8(st, iota);
        let nst = st.count_ones() as usize;
        // Room: 64 key slots of slack past the text, and `k` is at
        // most the text position; a window's starts and 64 more.
        let (Some(kd), Some(bd), Some(pd), Some(sd)) = (
            self.key.get_mut(k..k + W),
            self.back.get_mut(k..k + W),
            self.pos.get_mut(k..k + W),
            self.starts.get_mut(ns..ns + W),
        ) else {
            return;
        };
        let at_v = _mm512_set1_epi32(at as i32);
        let k_v = _mm512_set1_epi32(k as i32);
        // SAFETY: 64 bytes each for the key and the gap flags, the
        // slices' lengths.
        unsafe {
            _mm512_storeu_si512(kd.as_mut_ptr().cast(), keys);
            _mm512_storeu_si512(bd.as_mut_ptr().cast(), back);
        }
        widen_add_store::<0>(pd, at_v, offsets);
        widen_add_store::<1>(pd, at_v, offsets);
        widen_add_store::<2>(pd, at_v, offsets);
        widen_add_store::<3>(pd, at_v, offsets);
        widen_add_store::<0>(sd, k_v, start_offsets);
        // More than sixteen starts in a window is rare (short words or
        // punctuation).
        if nst > 16 {
            widen_add_store::<1>(sd, k_v, start_offsets);
            widen_add_store::<2>(sd, k_v, start_offsets);
            widen_add_store::<3>(sd, k_v, start_offsets);
        }
        let so = nst;
        self.k = k + n as usize;
        self.ns = ns + so;
    }
}
