//! The proclitic sequences accepted before a name, and their lookup table.

use crate::key::key_of;

/// The proclitic sequences accepted before a name, as written in normalized
/// text: an optional conjunction (و ف), an optional preposition (ب ل ك), an
/// optional article (ال); ل + ال is written لل.
pub(crate) const PREFIXES: [&str; 23] = [
    "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "وك", "فب", "فل",
    "فك", "وبال", "ولل", "وكال", "فبال", "فلل", "فكال",
];

/// Longest proclitic sequence, in letters.
pub(crate) const MAX_PREFIX: usize = 4;

/// The proclitic sequences as a lookup table: each letter that occurs in
/// one gets a code of three bits (1..=7), a sequence of up to four letters
/// the number made of their codes, and the table the written form of each
/// sequence at that number. Checking the letters before a match is then a
/// few table reads instead of a search of the list.
#[derive(Clone, Debug)]
pub(crate) struct Proclitics {
    /// Code of each key byte (0: in no proclitic).
    pub(crate) code: [u8; 256],
    /// Written form of the sequence with this number.
    pub(crate) table: Vec<Option<&'static str>>,
}

impl Proclitics {
    pub(crate) fn new() -> Proclitics {
        let mut code = [0u8; 256];
        let mut next = 1u8;
        let mut table = vec![None; 1 << (3 * MAX_PREFIX)];
        for p in PREFIXES {
            let mut idx = 0usize;
            for b in key_of(p) {
                if code[b as usize] == 0 {
                    // PREFIXES uses six letters (و ف ب ل ك ا); a test
                    // checks that they fit in three bits.
                    code[b as usize] = next;
                    next = next.saturating_add(1);
                }
                idx = (idx << 3) | (code[b as usize] & 7) as usize;
            }
            if let Some(slot) = table.get_mut(idx) {
                *slot = Some(p);
            }
        }
        Proclitics { code, table }
    }

    /// The written form of a proclitic sequence, given its key bytes.
    #[inline]
    pub(crate) fn get(&self, bytes: &[u8]) -> Option<&'static str> {
        if bytes.is_empty() || bytes.len() > MAX_PREFIX {
            return None;
        }
        let mut idx = 0usize;
        for &b in bytes {
            let c = self.code[b as usize];
            if c == 0 {
                return None;
            }
            idx = (idx << 3) | c as usize;
        }
        self.table.get(idx).copied().flatten()
    }
}
