//! An anchored matcher for large gazetteers: sorted keys, searched only at
//! the positions where a name can start.
//!
//! An Aho-Corasick automaton finds patterns anywhere, and pays for it with a
//! failure link per state and (for a DFA) a transition table per state: at a
//! million names, aho-corasick's contiguous NFA builds in 20 s and more, and
//! daachorse's builder peaks at well over a gigabyte. But a gazetteer match
//! can only start at a word start or right after a proclitic, so an anchored
//! longest-prefix search at those few positions is enough. Sorted keys in one
//! buffer give it with binary searches that narrow the range one byte at a
//! time; building is a sort.

/// Keys sorted bytewise, end to end, with their pattern ids.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sorted {
    bytes: Vec<u8>,
    /// Start of key `i` (in sorted order) in `bytes`; one more at the end.
    offs: Vec<u32>,
    /// Pattern id of key `i`.
    ids: Vec<u32>,
    /// The first eight bytes of key `i`, big-endian, zero-padded (no key
    /// byte is zero): the binary searches of the first levels read one
    /// word instead of chasing an offset into the bytes.
    heads: Vec<u64>,
    /// Keys starting with byte `b`: `first[b]..first[b + 1]`.
    first: Vec<u32>,
    /// Keys of two bytes or more starting with `b0 b1`:
    /// `second[i]..second[i + 1]` with `i = b0 * 256 + b1`. Saves the two
    /// widest binary searches.
    second: Vec<u32>,
}

impl Sorted {
    pub(crate) fn build(keys: &[Box<[u8]>]) -> Sorted {
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
        let total: usize = keys.iter().map(|k| k.len()).sum();
        let mut bytes = Vec::with_capacity(total);
        let mut offs = Vec::with_capacity(keys.len() + 1);
        for &p in &order {
            offs.push(bytes.len() as u32);
            bytes.extend_from_slice(&keys[p as usize]);
        }
        offs.push(bytes.len() as u32);
        let mut first = vec![0u32; 257];
        let mut i = 0usize;
        for (b, slot) in first.iter_mut().enumerate() {
            while i < order.len()
                && (keys[order[i] as usize].first().copied().unwrap_or(0) as usize) < b
            {
                i += 1;
            }
            *slot = i as u32;
        }
        // Keys of one byte sort before the longer keys with that byte.
        let mut second = vec![0u32; 65537];
        let mut i = 0usize;
        for (b, slot) in second.iter_mut().enumerate() {
            while i < order.len() {
                let k = &keys[order[i] as usize];
                let two = if k.len() >= 2 {
                    (k[0] as usize) * 256 + k[1] as usize
                } else {
                    (k.first().copied().unwrap_or(0) as usize) * 256
                };
                // A one-byte key belongs before every two-byte key with its
                // first byte, so it is passed over with the start of its block.
                if two < b || (k.len() < 2 && two <= b) {
                    i += 1;
                } else {
                    break;
                }
            }
            *slot = i as u32;
        }
        let heads = order
            .iter()
            .map(|&p| {
                let k = &keys[p as usize];
                let mut w = [0u8; 8];
                let n = k.len().min(8);
                w[..n].copy_from_slice(&k[..n]);
                u64::from_be_bytes(w)
            })
            .collect();
        Sorted {
            bytes,
            offs,
            ids: order,
            heads,
            first,
            second,
        }
    }

    fn key(&self, i: usize) -> &[u8] {
        &self.bytes[self.offs[i] as usize..self.offs[i + 1] as usize]
    }

    /// Byte `d` of key `i` (which has more than `d` bytes).
    #[inline(always)]
    fn byte(&self, i: usize, d: usize) -> u8 {
        if d < 8 {
            (self.heads[i] >> (56 - 8 * d)) as u8
        } else {
            self.key(i)[d]
        }
    }

    /// Length of key `i`.
    #[inline]
    fn len_of(&self, i: usize) -> usize {
        (self.offs[i + 1] - self.offs[i]) as usize
    }

    /// Every pattern that `hay[at..]` starts with, as `(end, pattern)`,
    /// shortest first, appended to `out`.
    pub(crate) fn prefixes_at(&self, hay: &[u8], at: usize, out: &mut Vec<(usize, u32)>) {
        let Some(&b0) = hay.get(at) else { return };
        let (lo, hi) = (
            self.first[b0 as usize] as usize,
            self.first[b0 as usize + 1] as usize,
        );
        if lo == hi {
            return;
        }
        // A one-byte key sorts first among the keys starting with b0.
        if self.len_of(lo) == 1 {
            out.push((at + 1, self.ids[lo]));
        }
        let Some(&b1) = hay.get(at + 1) else { return };
        let i = (b0 as usize) * 256 + b1 as usize;
        let (mut lo, mut hi) = (self.second[i] as usize, self.second[i + 1] as usize);
        let mut d = 2;
        while lo < hi {
            // Keys of length d sort first in the range: a whole-key match.
            if self.len_of(lo) == d {
                out.push((at + d, self.ids[lo]));
                lo += 1;
            }
            let Some(&c) = hay.get(at + d) else { return };
            // Narrow to the keys whose byte d is c (all have length > d).
            lo = partition(lo, hi, |i| self.byte(i, d) < c);
            hi = partition(lo, hi, |i| self.byte(i, d) <= c);
            d += 1;
        }
    }

    pub(crate) fn memory_usage(&self) -> usize {
        self.bytes.capacity()
            + 4 * (self.offs.capacity()
                + self.ids.capacity()
                + self.first.capacity()
                + self.second.capacity())
            + 8 * self.heads.capacity()
    }
}

/// The first index in `lo..hi` for which `pred` is false (`pred` true then
/// false over the range).
#[inline(always)]
fn partition(mut lo: usize, mut hi: usize, pred: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn naive(keys: &[Box<[u8]>], hay: &[u8], at: usize) -> Vec<(usize, u32)> {
        let mut v: Vec<(usize, u32)> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| hay[at..].starts_with(k))
            .map(|(i, k)| (at + k.len(), i as u32))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn agrees_with_naive_prefix_search() {
        let words = [
            "a", "ab", "abc", "abd", "b", "ba", "bab", "abcde", "x", "ab\u{80}", "\u{80}a",
            "\u{80}", "\u{ff}",
        ];
        let keys: Vec<Box<[u8]>> = words.iter().map(|w| w.as_bytes().into()).collect();
        let s = Sorted::build(&keys);
        let hay = "abcdeab\u{80}babxab\u{80}\u{ff}\u{80}a".as_bytes();
        for at in 0..hay.len() {
            let mut got = Vec::new();
            s.prefixes_at(hay, at, &mut got);
            assert_eq!(got, naive(&keys, hay, at), "at {at}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        fn agrees_with_naive_on_random_keys(
            keys in proptest::collection::btree_set(proptest::collection::vec(1u8..4, 1..12), 1..40),
            hay in proptest::collection::vec(1u8..4, 0..40),
        ) {
            let keys: Vec<Box<[u8]>> = keys.into_iter().map(|k| k.into_boxed_slice()).collect();
            let s = Sorted::build(&keys);
            for at in 0..hay.len() {
                let mut got = Vec::new();
                s.prefixes_at(&hay, at, &mut got);
                proptest::prop_assert_eq!(got, naive(&keys, &hay, at));
            }
        }
    }
}
