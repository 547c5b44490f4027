//! Byte-indexed lookup tables built once per profile from [`crate::rules`].
//!
//! The fast engine never decodes characters: a UTF-8 lead byte tells the
//! width, and the lead plus continuation bytes index these tables directly.
//! Entry 0 means "keep"; any other entry indexes [`Tables::repl`].

use std::sync::LazyLock;

use crate::Profile;
use crate::rules;

/// What to emit for one changed input character.
#[derive(Debug)]
pub(crate) struct Repl {
    /// The replacement text; empty for a deletion.
    pub(crate) text: Box<str>,
    /// UTF-8 width of the input character when the replacement is a single
    /// character (1 when both have the same width: the bytes then map one
    /// to one); 0 when the replacement is several characters.
    pub(crate) in_width: u8,
    /// UTF-8 width of the single output character (1 when the widths are
    /// equal), or 0 when the replacement is several characters.
    pub(crate) out_width: u8,
    /// The replacement when it is one character of the input character's
    /// width (أ → ا), padded with zeros: such a fold can be patched over a
    /// copy of the input in place. All zeros otherwise.
    pub(crate) same: [u8; 4],
}

/// Lookup tables for one profile.
#[derive(Debug)]
pub(crate) struct Tables {
    /// Two-byte characters, indexed by `(lead & 0x1F) << 6 | (cont & 0x3F)`.
    pub(crate) two: [u16; 2048],
    /// Three-byte characters, first level: `(lead & 0x0F) << 6 | (c1 & 0x3F)`
    /// gives a block number; block 0 keeps everything.
    pub(crate) three_index: [u16; 1024],
    /// Three-byte characters, second level, indexed by `c2 & 0x3F`.
    pub(crate) three: Vec<[u16; 64]>,
    /// Replacements; index 0 is unused (it means "keep").
    pub(crate) repl: Vec<Repl>,
    /// The two-byte table's Arabic block as nibble tables, for the vector
    /// scanner.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    pub(crate) nibbles: ArabicNibbles,
    /// For the characters with lead byte D8 or D9, indexed by
    /// `(lead & 1) << 6 | (cont & 0x3F)`: the replacement's two bytes when
    /// the character folds to another two-byte one (أ → ا), else zeros.
    /// The vector engine patches these without a look at [`Tables::repl`].
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    pub(crate) arabic_same: [[u8; 2]; 128],
    /// [`Tables::arabic_same`] split into its lead bytes (`[0]`) and its
    /// continuation bytes (`[1]`), the layout of a 128-byte vector lookup;
    /// in `[0]`, a character the profile changes in another way (a
    /// deletion, a width change) has 0x01, so that one lookup tells both
    /// the folds (high bit set) and every change (non-zero).
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    pub(crate) arabic_same_split: [[u8; 128]; 2],
}

static DISPLAY: LazyLock<Tables> = LazyLock::new(|| Tables::build(Profile::Display));
static SEARCH: LazyLock<Tables> = LazyLock::new(|| Tables::build(Profile::Search));

/// The tables of `profile`, built on first use.
pub(crate) fn tables(profile: Profile) -> &'static Tables {
    match profile {
        Profile::Display => &DISPLAY,
        Profile::Search => &SEARCH,
    }
}

impl Tables {
    fn build(profile: Profile) -> Tables {
        let mut t = Tables {
            two: [0; 2048],
            three_index: [0; 1024],
            three: vec![[0; 64]],
            repl: vec![Repl {
                text: "".into(),
                in_width: 1,
                out_width: 1,
                same: [0; 4],
            }],
            nibbles: ArabicNibbles::default(),
            arabic_same: [[0; 2]; 128],
            arabic_same_split: [[0; 128]; 2],
        };
        let mut buf = String::new();
        // No rule touches ASCII or the supplementary planes, which the
        // engine relies on (checked by `rules_only_touch_two_and_three_byte_chars`).
        for c in '\u{80}'..='\u{FFFF}' {
            if !changes(profile, c, &mut buf) {
                continue;
            }
            let Ok(action) = u16::try_from(t.repl.len()) else {
                // More than 65535 changed characters cannot happen with the
                // rules as written; keeping the rest unchanged is the safe
                // degradation, and the equivalence tests would catch it.
                break;
            };
            t.repl.push(Repl::of(c, &buf));
            t.set_action(c, action);
        }
        t.nibbles = ArabicNibbles::build(&t.two);
        t.build_arabic_same();
        t
    }

    /// Points the table entry of `c` (two or three bytes) at `action`.
    fn set_action(&mut self, c: char, action: u16) {
        let mut utf8 = [0u8; 4];
        let bytes = c.encode_utf8(&mut utf8).as_bytes();
        match *bytes {
            [lead, cont] => {
                self.two[usize::from(lead & 0x1F) << 6 | usize::from(cont & 0x3F)] = action;
            }
            [lead, c1, c2] => {
                let first = usize::from(lead & 0x0F) << 6 | usize::from(c1 & 0x3F);
                let mut block = self.three_index[first];
                if block == 0 {
                    block = u16::try_from(self.three.len()).unwrap_or(0);
                    self.three.push([0; 64]);
                    self.three_index[first] = block;
                }
                if let Some(b) = self.three.get_mut(usize::from(block)) {
                    b[usize::from(c2 & 0x3F)] = action;
                }
            }
            _ => {}
        }
    }

    /// The same-width replacements of U+0600..U+067F (lead bytes D8, D9), for
    /// the Arabic fast path: [`Tables::arabic_same`] and its split.
    fn build_arabic_same(&mut self) {
        for (k, same) in self.arabic_same.iter_mut().enumerate() {
            let action = self.two[(0xD8 & 0x1F) << 6 | k];
            if let Some(r) = self.repl.get(usize::from(action)).filter(|_| action != 0)
                && r.text.len() == 2
                && (r.in_width, r.out_width) == (1, 1)
            {
                same.copy_from_slice(&r.same[..2]);
            }
        }
        for (k, same) in self.arabic_same.iter().enumerate() {
            let changes = self.two[(0xD8 & 0x1F) << 6 | k] != 0;
            self.arabic_same_split[0][k] = if same[0] != 0 {
                same[0]
            } else {
                u8::from(changes)
            };
            self.arabic_same_split[1][k] = same[1];
        }
    }
}

impl Repl {
    /// The replacement of `c` by `text` (its folded form).
    fn of(c: char, text: &str) -> Repl {
        let (in_width, out_width) = match text.chars().count() {
            1 if text.len() == c.len_utf8() => (1, 1),
            1 => (c.len_utf8() as u8, text.len() as u8),
            _ => (0, 0),
        };
        let mut same = [0u8; 4];
        if (in_width, out_width) == (1, 1)
            && let Some(dst) = same.get_mut(..text.len())
        {
            dst.copy_from_slice(text.as_bytes());
        }
        Repl {
            text: text.into(),
            in_width,
            out_width,
            same,
        }
    }
}

/// Folds `c` into `buf` and says whether that changed it.
pub(crate) fn changes(profile: Profile, c: char, buf: &mut String) -> bool {
    buf.clear();
    rules::fold_into(profile, c, buf);
    let mut one = [0u8; 4];
    buf.as_str() != c.encode_utf8(&mut one)
}

/// The nibble tables that let a vector classify the letters of the Arabic
/// block (U+0600..U+067F, lead bytes D8 and D9) in one shuffle each.
///
/// For a continuation byte `c` after lead `L`, the character changes when
/// `lo[c & 15] & hi[c >> 4] & lead_bits(L) != 0`: each of the 8 bits stands
/// for one (lead, high nibble) pair, bits 0-3 for D8 and 4-7 for D9.
#[derive(Clone, Copy, Debug, Default)]
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rules_only_touch_two_and_three_byte_chars() {
        let mut buf = String::new();
        for profile in [Profile::Display, Profile::Search] {
            for c in (0..0x80u8).map(char::from) {
                assert!(!changes(profile, c, &mut buf), "{c:?}");
            }
            for c in '\u{10000}'..=char::MAX {
                assert!(!changes(profile, c, &mut buf), "{c:?}");
            }
        }
    }

    #[test]
    fn tables_are_small() {
        for profile in [Profile::Display, Profile::Search] {
            let t = tables(profile);
            assert!(t.three.len() < 32, "{}", t.three.len());
            assert!(t.repl.len() > 700 && t.repl.len() < 2000);
        }
    }
}
