//! The fast checks: where in valid UTF-8 a repair can start, so that
//! everything else is copied in bulk.

/// True when valid UTF-8 `b` may hold something [`clean`] changes.
///
/// It looks only for the bytes that can start one: C0 controls and DEL,
/// `C3` (every mojibake lead `Â`..`ô` and residue character `Â Ã â`), `C2
/// 80..9F` (C1 controls) and `C2 AD` (soft hyphen), the `E2 80`/`E2 81`
/// forms of the invisible controls, `EF BB BF` (BOM) and `D8 9C` (Arabic
/// letter mark). Arabic text, ASCII and typographic quotes pass.
pub(crate) fn may_need_cleaning(b: &[u8]) -> bool {
    first_need(b) != Need::No
}

/// What [`first_need`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    /// Nothing that [`clean`] changes: no C0 control either.
    No,
    /// A C0 control or DEL (the scan stops there, without a position).
    Control,
    /// No C0 control or DEL anywhere; the first of the other bytes that
    /// can start a repair is at this char boundary. Residue before it may
    /// still belong to a group that it completes ([`clean_from`] backs up).
    At(usize),
}

/// The test behind [`may_need_cleaning`], with what it learnt: whether the
/// bytes hold C0 controls at all (binary detection and the UTF-16 sniff
/// need them) and where the first other candidate is (cleaning can copy
/// everything before it). The bytes need not be valid UTF-8.
pub(crate) fn first_need(b: &[u8]) -> Need {
    if has_c0_control(b) {
        return Need::Control;
    }
    for i in memchr::memchr3_iter(0xC2, 0xC3, 0xE2, b) {
        let n1 = b.get(i + 1).copied().unwrap_or(0);
        let n2 = b.get(i + 2).copied().unwrap_or(0);
        let hit = match b[i] {
            0xC3 => true,
            0xC2 => matches!(n1, 0x80..=0x9F | 0xAD),
            _ => {
                (n1 == 0x80 && matches!(n2, 0x8B..=0x8F | 0xAA..=0xAE))
                    || (n1 == 0x81 && matches!(n2, 0xA0..=0xAF))
            }
        };
        if hit {
            // A BOM or letter mark may come earlier: only documents that
            // need cleaning pay for this second look at their prefix.
            return Need::At(bom_or_letter_mark(&b[..i]).unwrap_or(i));
        }
    }
    bom_or_letter_mark(b).map_or(Need::No, Need::At)
}

/// The first `EF BB BF` (BOM) or `D8 9C` (Arabic letter mark). 9C is also
/// the last byte of the common `“`, so check the byte before it.
pub(super) fn bom_or_letter_mark(b: &[u8]) -> Option<usize> {
    memchr::memchr2_iter(0xEF, 0x9C, b).find_map(|i| {
        if b[i] == 0xEF {
            (b.get(i + 1..i + 3) == Some(&[0xBB, 0xBF][..])).then_some(i)
        } else {
            (i > 0 && b[i - 1] == 0xD8).then(|| i - 1)
        }
    })
}

#[inline(always)]
pub(super) fn is_bad_c0(x: u8) -> bool {
    ((x < 0x20) & !(0x09..=0x0D).contains(&x)) | (x == 0x7F)
}

/// Whether `b` holds a C0 control or DEL ([`is_bad_c0`]), compiled for
/// AVX2 when the CPU has it.
pub(super) fn has_c0_control(b: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above.
        return unsafe { has_c0_control_avx2(b) };
    }
    has_c0_control_generic(b)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
pub(super) fn has_c0_control_avx2(b: &[u8]) -> bool {
    has_c0_control_generic(b)
}

/// Branch-free per 32-byte block so that the compiler vectorizes it.
#[inline(always)]
pub(super) fn has_c0_control_generic(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(32);
    for chunk in &mut chunks {
        let mut any = false;
        for &x in chunk {
            any |= is_bad_c0(x);
        }
        if any {
            return true;
        }
    }
    chunks.remainder().iter().any(|&x| is_bad_c0(x))
}

/// Whether the character starting with byte `x`, followed by byte `y`,
/// may be one [`clean`] looks at: C0 controls and DEL; C1 controls,
/// Latin-1 symbols and letters (C2, C3), the Windows-1252 extras (C5,
/// C6, CB, E2 80, € E2 82, ™ E2 84), which are mojibake and residue
/// characters; bidi and zero-width controls (E2 80, E2 81), the BOM (EF
/// BB) and the Arabic letter mark (D8 9C). Everything else is copied in
/// bulk. Arabic presentation forms (EF B9..EF BB with other second bytes
/// than the BOM's) are common in scraped text and pass; that the BOM's
/// third byte is BF is checked by the caller. Also true on a continuation
/// byte `x` that equals one of these leads: never, since all are leads or
/// ASCII.
///
/// Written with comparisons rather than tables so that the search in
/// [`find_suspect`] vectorizes.
#[inline(always)]
pub(super) const fn is_suspect(x: u8, y: u8) -> bool {
    (x < 0x09)
        | ((x > 0x0D) & (x < 0x20))
        | (x == 0x7F)
        | (x == 0xC2)
        | (x == 0xC3)
        | (x == 0xC5)
        | (x == 0xC6)
        | (x == 0xCB)
        | ((x == 0xE2) & (((y & 0xFC) == 0x80) | (y == 0x84)))
        | ((x == 0xEF) & (y == 0xBB))
        | ((x == 0xD8) & (y == 0x9C))
}

/// The first position at or after `i` where [`is_suspect`] holds (with
/// `y` = 0 past the end), compiled for AVX2 when the CPU has it (the
/// build targets baseline x86-64).
pub(super) fn find_suspect(bytes: &[u8], i: usize) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above.
        return unsafe { find_suspect_avx2(bytes, i) };
    }
    find_suspect_generic(bytes, i)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
pub(super) fn find_suspect_avx2(bytes: &[u8], i: usize) -> Option<usize> {
    find_suspect_generic(bytes, i)
}

/// [`find_suspect`] for any CPU. Per 32-byte block, the flags are computed
/// branch-free into bytes (the compiler vectorizes that) and read back as
/// four words, whose trailing zeros give the position: no byte-by-byte
/// search at a stop.
#[inline(always)]
pub(super) fn find_suspect_generic(bytes: &[u8], i: usize) -> Option<usize> {
    let mut at = i;
    // Each block reads one byte past itself.
    while let Some(block) = bytes.get(at..at + 33) {
        let mut flags = [0u8; 32];
        for (k, f) in flags.iter_mut().enumerate() {
            *f = u8::from(is_suspect(block[k], block[k + 1]));
        }
        for (w, word) in flags.chunks_exact(8).enumerate() {
            let mut le = [0u8; 8];
            le.copy_from_slice(word);
            let v = u64::from_le_bytes(le);
            if v != 0 {
                return Some(at + w * 8 + (v.trailing_zeros() / 8) as usize);
            }
        }
        at += 32;
    }
    (at..bytes.len()).find(|&k| is_suspect(bytes[k], bytes.get(k + 1).copied().unwrap_or(0)))
}

/// The char boundary of the next character from char boundary `i` that
/// [`clean`] must look at; the length of `bytes` if none.
pub(super) fn next_suspect(bytes: &[u8], i: usize) -> usize {
    let mut from = i;
    while let Some(k) = find_suspect(bytes, from) {
        if bytes[k] == 0xEF && bytes.get(k + 2) != Some(&0xBF) {
            // EF BB but not the BOM (a presentation form U+FEC0..U+FEFE).
            from = k + 1;
            continue;
        }
        return k;
    }
    bytes.len()
}
