//! The anchored matcher of the default engine: a trie over the keys, walked
//! only where a name can start, behind a three-letter prefilter.
//!
//! A gazetteer match can only start at a word start or right after a
//! proclitic sequence, and most words of news text (function words, verbs)
//! start with three letters that begin no name at all. So instead of an
//! Aho-Corasick automaton that steps through every byte of the text (and
//! restarts after every match inside a word), the driver visits the
//! possible starts only, asks a 32 KiB bitmap whether the first three key
//! bytes there begin some pattern, and walks the trie only when they may.
//! The trie gives the longest pattern at a position, which is what the
//! automaton's leftmost-longest search gives at the leftmost position where
//! a pattern starts: the matches are the same (the engine test and the
//! property tests compare every engine).

/// Nodes with more children than this get a dense row.
const WIDE: usize = 6;

/// No pattern ends at this node.
const NONE: u32 = u32::MAX;

/// Bits of the prefilter index: three classes of six bits.
const CLASS_BITS: u32 = 6;

/// The class of a key byte in the prefilter: each Arabic letter code its
/// own class, other bytes shared (false positives only cost a trie walk),
/// class 0 for the end of the text.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 1;
    while i < 256 {
        t[i] = if i >= 0x80 && i < 0x80 + 42 {
            (i - 0x80 + 1) as u8
        } else {
            (i % 21 + 43) as u8
        };
        i += 1;
    }
    t
};

/// Prefilter index of the three bytes at a position (0 past the end).
#[inline]
fn index(c0: u8, c1: u8, c2: u8) -> usize {
    ((CLASS[c0 as usize] as usize) << (2 * CLASS_BITS))
        | ((CLASS[c1 as usize] as usize) << CLASS_BITS)
        | CLASS[c2 as usize] as usize
}

/// Slot of four key bytes in a table of `1 << bits` slots: the high bits
/// of a multiplicative hash, the only bits of the product that depend on
/// all four bytes (the low bits of the product see only the low bytes of
/// the input, which left the first letter out of the table's hash).
#[inline]
fn hash4(four: u32, mul: u32, bits: u32) -> usize {
    (four.wrapping_mul(mul) >> (32 - bits)) as usize
}

/// Multiplier of the table of heads.
const HEADS_MUL: u32 = 0x9E37_79B1;
/// Multiplier of the bitmap of heads (another one, so that the two filter
/// independently).
const BITS_MUL: u32 = 0x85EB_CA6B;

/// One node of the trie: everything a step of the walk reads, in one
/// place (the walk is bound by memory latency, not by instructions).
#[derive(Clone, Copy, Debug, Default)]
struct Node {
    /// First child (children are contiguous), or for a node of more than
    /// [`WIDE`] children the start of its row of 256 children by byte in
    /// `dense`.
    link: u32,
    /// Pattern ending at the node, or `NONE`.
    pat: u32,
    /// Number of children.
    count: u16,
    /// The byte on the edge into the node.
    label: u8,
    /// Length of the chain from this node: this node and the next
    /// `chain - 1` nodes are each the only child of the one before, and
    /// no pattern ends before the last of them (see `Trie::walk`).
    chain: u8,
}

/// Most heads begin at most this many patterns: their patterns' tails are
/// compared one after the other instead of walked.
const BUCKET: usize = 8;

/// An entry of the table of heads.
#[derive(Clone, Copy, Debug, Default)]
struct Head {
    /// The first four key bytes, big-endian (0: empty slot).
    four: u32,
    /// The trie node at depth four on this path.
    node: u32,
    /// The head's patterns in `bucket`, from here (`count` 0: walk the
    /// trie from `node` instead).
    first: u32,
    /// How many.
    count: u32,
}

/// Keys in a trie laid out depth first by blocks of siblings (see
/// `lay_out`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Trie {
    /// The root's children by byte (0: none).
    root: Vec<u32>,
    /// The nodes, root first.
    nodes: Vec<Node>,
    /// The nodes' labels in node order, then eight zeros: a chain of
    /// single children (laid out one after the other) is compared with
    /// the text eight bytes at a time.
    labels: Vec<u8>,
    /// Rows of children by byte (0: none), one per wide node: a linear
    /// scan of forty labels (the letters after a first letter) costs more
    /// than the rest of the walk.
    dense: Vec<u32>,
    /// One bit per three-class index: some pattern of one to three bytes
    /// starts with these classes.
    short: Vec<u64>,
    /// `short` by its first two classes (512 bytes, always cached): the
    /// few short patterns leave it almost empty, so the 32 KiB `short` is
    /// rarely read.
    short_pairs: Vec<u64>,
    /// Every path of four bytes that begins a pattern, by those bytes,
    /// open addressing: the filter for the longer patterns and the first
    /// four steps of their walk in one probe.
    heads: Vec<Head>,
    /// The patterns of the heads that begin at most [`BUCKET`] of them,
    /// grouped by head, longest first: (pattern, offset of the key bytes
    /// after the head in `tails`, their number). A walk past the head
    /// loads a node per letter or chain, often each from another cache
    /// line; a few tails side by side are compared in one or two.
    bucket: Vec<(u32, u32, u32)>,
    /// The key bytes after the head of the patterns in `bucket`, then
    /// eight zeros.
    tails: Vec<u8>,
    /// One bit per hash of four bytes that begin a pattern, about eight
    /// bits per head (4 KiB for the built-in gazetteer): it stays in the
    /// first-level cache between documents where the table of heads does
    /// not, and turns most positions away before the probe.
    head_bits: Vec<u64>,
    /// Log2 of the slots of `heads`.
    heads_log: u32,
    /// Log2 of the bits of `head_bits`.
    head_bits_log: u32,
}

impl Trie {
    /// Builds the trie of `keys` (pattern `i` is `keys[i]`; keys are
    /// distinct and non-empty).
    pub(crate) fn build(keys: &[Box<[u8]>]) -> Trie {
        let mut t = Trie {
            root: vec![0; 256],
            nodes: vec![Node {
                pat: NONE,
                ..Node::default()
            }],
            dense: Vec::new(),
            labels: Vec::new(),
            short: vec![0; 1 << (3 * CLASS_BITS - 6)],
            short_pairs: vec![0; 1 << (2 * CLASS_BITS - 6)],
            heads: Vec::new(),
            bucket: Vec::new(),
            tails: Vec::new(),
            head_bits: Vec::new(),
            heads_log: 0,
            head_bits_log: 0,
        };
        t.lay_out(keys);
        t.link_chains();
        t.index_heads(keys);
        t
    }

    /// Lays the nodes out depth first, each node's children allocated as
    /// one block when the node is visited: the children of a node are
    /// contiguous (one short scan), and the block of a first child follows
    /// its parent's, so the single-child chains that end most names lie in
    /// one or two cache lines instead of one line per letter.
    fn lay_out(&mut self, keys: &[Box<[u8]>]) {
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
        let key = |i: usize| &*keys[order[i] as usize];
        // A stack of (node, sorted key range, depth); every key of the
        // range has the node's path as its prefix.
        let mut stack = vec![(0usize, 0usize, order.len(), 0usize)];
        let mut kids = Vec::new();
        while let Some((node, mut lo, hi, depth)) = stack.pop() {
            // The key equal to the path sorts first in its range.
            if lo < hi && key(lo).len() == depth {
                self.nodes[node].pat = order[lo];
                lo += 1;
            }
            let first = self.nodes.len();
            let mut n = 0usize;
            while lo < hi {
                let b = key(lo)[depth];
                let mut end = lo + 1;
                while end < hi && key(end)[depth] == b {
                    end += 1;
                }
                let child = self.nodes.len();
                self.nodes.push(Node {
                    label: b,
                    pat: NONE,
                    ..Node::default()
                });
                if node == 0 {
                    self.root[b as usize] = child as u32;
                }
                kids.push((child, lo, end, depth + 1));
                n += 1;
                lo = end;
            }
            stack.extend(kids.drain(..).rev());
            self.nodes[node].link = first as u32;
            self.nodes[node].count = n as u16;
            if n > WIDE && node != 0 {
                let base = self.dense.len();
                self.dense.resize(base + 256, 0);
                for c in first..first + n {
                    self.dense[base + self.nodes[c].label as usize] = c as u32;
                }
                self.nodes[node].link = base as u32;
            }
        }
    }

    /// The labels and chains, from the last node back: a node continues
    /// into the next when the next is its only child and no pattern ends
    /// at it.
    fn link_chains(&mut self) {
        self.labels = self.nodes.iter().map(|nd| nd.label).collect();
        self.labels.extend_from_slice(&[0; 8]);
        let mut after = 0u8;
        for x in (1..self.nodes.len()).rev() {
            let nd = self.nodes[x];
            let goes_on = nd.count == 1 && nd.link as usize == x + 1 && nd.pat == NONE;
            after = if goes_on {
                after.saturating_add(1).min(64)
            } else {
                1
            };
            self.nodes[x].chain = after;
        }
    }

    /// The filters of pattern starts: the table of four-byte heads with
    /// their buckets and bits, and the bits of the short patterns.
    fn index_heads(&mut self, keys: &[Box<[u8]>]) {
        let long = keys.iter().filter(|k| k.len() >= 4).count();
        // The patterns of each head, longest first.
        let mut by_head: std::collections::HashMap<u32, Vec<u32>> =
            std::collections::HashMap::new();
        for (i, k) in keys.iter().enumerate().filter(|(_, k)| k.len() >= 4) {
            by_head.entry(head(k)).or_default().push(i as u32);
        }
        self.heads = vec![Head::default(); (2 * by_head.len()).next_power_of_two().max(16)];
        self.head_bits = vec![0; (8 * long / 64).next_power_of_two().max(64)];
        self.heads_log = self.heads.len().trailing_zeros();
        self.head_bits_log = (self.head_bits.len() * 64).trailing_zeros();
        for k in keys {
            let c0 = k.first().copied().unwrap_or(0);
            match (k.get(1), k.get(2), k.get(3)) {
                (Some(_), Some(_), Some(_)) => self.add_head(keys, k, &mut by_head),
                (Some(&c1), Some(&c2), None) => self.set_short(index(c0, c1, c2)),
                (Some(&c1), None, _) => {
                    let base = index(c0, c1, 0);
                    (0..1 << CLASS_BITS).for_each(|c| self.set_short(base | c));
                }
                _ => {
                    let base = index(c0, 0, 0);
                    (0..1 << (2 * CLASS_BITS)).for_each(|c| self.set_short(base | c));
                }
            }
        }
        self.tails.extend_from_slice(&[0; 8]);
    }

    /// Enters the head of key `k` (four bytes or more): its bit, its node
    /// four levels down and, the first time, the bucket of its patterns.
    fn add_head(
        &mut self,
        keys: &[Box<[u8]>],
        k: &[u8],
        by_head: &mut std::collections::HashMap<u32, Vec<u32>>,
    ) {
        let mut node = 0;
        for &b in &k[..4] {
            node = self.child(node, b).unwrap_or(0);
        }
        let bit = self.head_bit(head(k));
        set(&mut self.head_bits, bit);
        let (first, count) = match by_head.get_mut(&head(k)) {
            Some(pats) if !pats.is_empty() && pats.len() <= BUCKET => {
                pats.sort_by_key(|&p| std::cmp::Reverse(keys[p as usize].len()));
                let first = self.bucket.len() as u32;
                for &p in pats.iter() {
                    let tail = &keys[p as usize][4..];
                    self.bucket
                        .push((p, self.tails.len() as u32, tail.len() as u32));
                    self.tails.extend_from_slice(tail);
                }
                let count = pats.len() as u32;
                // Once per head.
                pats.clear();
                (first, count)
            }
            // Done for an earlier key of this head, or too many.
            _ => match self.head(head(k)) {
                Some(h) => (h.first, h.count),
                None => (0, 0),
            },
        };
        self.insert_head(Head {
            four: head(k),
            node: node as u32,
            first,
            count,
        });
    }

    /// The child of `node` by byte `b`.
    #[inline]
    fn child(&self, node: usize, b: u8) -> Option<usize> {
        if node == 0 {
            return match self.root[b as usize] {
                0 => None,
                c => Some(c as usize),
            };
        }
        let nd = self.nodes[node];
        let f = nd.link as usize;
        let n = nd.count as usize;
        if n > WIDE {
            match self.dense[f + b as usize] {
                0 => None,
                c => Some(c as usize),
            }
        } else {
            self.nodes[f..f + n]
                .iter()
                .position(|c| c.label == b)
                .map(|k| f + k)
        }
    }

    /// The bit of `four` in `head_bits` (other bits of the hash than the
    /// table's slot, so that the two filter independently).
    #[inline]
    fn head_bit(&self, four: u32) -> usize {
        hash4(four, BITS_MUL, self.head_bits_log)
    }

    fn set_short(&mut self, i: usize) {
        set(&mut self.short, i);
        set(&mut self.short_pairs, i >> CLASS_BITS);
    }

    /// Whether a pattern of one to three bytes may start with the classes
    /// of index `i`.
    #[inline]
    fn short_may(&self, i: usize) -> bool {
        get(&self.short_pairs, i >> CLASS_BITS) && get(&self.short, i)
    }

    fn insert_head(&mut self, head: Head) {
        let mask = self.heads.len() - 1;
        let mut h = hash4(head.four, HEADS_MUL, self.heads_log);
        while self.heads[h].four != 0 && self.heads[h].four != head.four {
            h = (h + 1) & mask;
        }
        self.heads[h] = head;
    }

    /// The entry of the path `four`, if a pattern begins so.
    #[inline]
    fn head(&self, four: u32) -> Option<Head> {
        let mask = self.heads.len() - 1;
        let mut h = hash4(four, HEADS_MUL, self.heads_log);
        loop {
            let entry = *self.heads.get(h)?;
            if entry.four == four {
                return Some(entry);
            }
            if entry.four == 0 {
                return None;
            }
            h = (h + 1) & mask;
        }
    }

    /// The longest pattern after the head `hd` at `hay[i..]` (the head's
    /// four bytes end at `i`): its end and id.
    #[inline]
    fn after_head(&self, hay: &[u8], hd: Head, i: usize) -> Option<(usize, u32)> {
        if hd.count == 0 {
            return self.walk(hay, hd.node as usize, i);
        }
        let first = hd.first as usize;
        let pats = self.bucket.get(first..first + hd.count as usize)?;
        // Longest first: the first that matches is the walk's answer.
        pats.iter()
            .find(|&&(_, off, len)| starts_with(hay, i, &self.tails, off as usize, len as usize))
            .map(|&(p, _, len)| (i + len as usize, p))
    }

    /// False when no pattern starts at `hay[at..end]` (`at < end`), by the
    /// small bitmaps alone; true when one may. Cheap enough to run inline
    /// at every candidate position before the call that probes and walks.
    #[inline(always)]
    pub(crate) fn may_start(&self, hay: &[u8], at: usize, end: usize) -> bool {
        let four = match hay.get(at..at + 4) {
            Some(w) if at + 4 <= end => u32::from_be_bytes([w[0], w[1], w[2], w[3]]),
            _ => head(hay.get(at..end).unwrap_or_default()),
        };
        let [c0, c1, c2, _] = four.to_be_bytes();
        (at + 4 <= end && get(&self.head_bits, self.head_bit(four)))
            || get(&self.short_pairs, index(c0, c1, c2) >> CLASS_BITS)
    }

    /// The longest pattern starting at `at` and ending at or before `end`:
    /// its end and id. The same as [`longest_at`](Self::longest_at), with
    /// the prefilter first: a probe of the table of four-byte heads for
    /// the patterns of four bytes or more, a bit for the shorter ones.
    #[inline]
    pub(crate) fn find(&self, hay: &[u8], at: usize, end: usize) -> Option<(usize, u32)> {
        let hay = hay.get(..end)?;
        if let Some(w) = hay.get(at..at + 4) {
            let four = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
            if get(&self.head_bits, self.head_bit(four))
                && let Some(hd) = self.head(four)
                && let Some(m) = self.after_head(hay, hd, at + 4)
            {
                return Some(m);
            }
            // No pattern of four bytes or more here.
            if !self.short_may(index(w[0], w[1], w[2])) {
                return None;
            }
            return self.longest_at(hay, at, at + 3);
        }
        let [c0, c1, c2, _] = head(hay.get(at..)?).to_be_bytes();
        if !self.short_may(index(c0, c1, c2)) {
            return None;
        }
        self.longest_at(hay, at, end)
    }

    /// The longest pattern starting at `at` and ending at or before `end`,
    /// walked from the root: its end and id.
    #[inline]
    pub(crate) fn longest_at(&self, hay: &[u8], at: usize, end: usize) -> Option<(usize, u32)> {
        let hay = hay.get(..end)?;
        let node = self.child(0, *hay.get(at)?)?;
        self.walk(hay, node, at + 1)
    }

    /// The deepest pattern on the path from `node` (reached with the bytes
    /// before `i`) along `hay[i..]`: its end and id.
    #[inline]
    fn walk(&self, hay: &[u8], mut node: usize, mut i: usize) -> Option<(usize, u32)> {
        let mut best = None;
        loop {
            let nd = self.nodes[node];
            if nd.pat != NONE {
                best = Some((i, nd.pat));
            }
            let Some(&b) = hay.get(i) else { break };
            let f = nd.link as usize;
            let n = nd.count as usize;
            if n > WIDE {
                match self.dense[f + b as usize] {
                    0 => break,
                    c => node = c as usize,
                }
            } else if n == 1 && self.nodes[f].chain > 1 {
                // A chain of single children: all of it or nothing (no
                // pattern ends inside it).
                let len = self.nodes[f].chain as usize;
                if !starts_with(hay, i, &self.labels, f, len) {
                    break;
                }
                node = f + len - 1;
                i += len;
                continue;
            } else {
                match self.nodes[f..f + n].iter().position(|c| c.label == b) {
                    Some(k) => node = f + k,
                    None => break,
                }
            }
            i += 1;
        }
        best
    }

    pub(crate) fn memory_usage(&self) -> usize {
        self.root.len() * 4
            + self.nodes.len() * std::mem::size_of::<Node>()
            + self.dense.len() * 4
            + self.labels.len()
            + self.short.len() * 8
            + self.short_pairs.len() * 8
            + self.heads.len() * std::mem::size_of::<Head>()
            + self.bucket.len() * 12
            + self.tails.len()
            + self.head_bits.len() * 8
    }
}

/// True when `hay[i..]` begins with `table[first..first + len]`, compared
/// eight bytes at a time (`table` ends with eight bytes of padding).
#[inline]
fn starts_with(hay: &[u8], mut i: usize, table: &[u8], mut first: usize, mut len: usize) -> bool {
    while len > 0 {
        let (Some(h), Some(l)) = (hay.get(i..i + 8), table.get(first..first + 8)) else {
            // Near the end of the text: byte by byte.
            return hay.get(i..i + len) == table.get(first..first + len);
        };
        let x = u64::from_le_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]])
            ^ u64::from_le_bytes([l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7]]);
        let step = len.min(8);
        if ((x.trailing_zeros() / 8) as usize) < step {
            return false;
        }
        len -= step;
        i += step;
        first += step;
    }
    true
}

/// The first four bytes of `k`, big-endian, zero-padded.
#[inline]
fn head(k: &[u8]) -> u32 {
    let mut w = [0u8; 4];
    for (d, s) in w.iter_mut().zip(k) {
        *d = *s;
    }
    u32::from_be_bytes(w)
}

fn set(bits: &mut [u64], i: usize) {
    if let Some(w) = bits.get_mut(i >> 6) {
        *w |= 1 << (i & 63);
    }
}

#[inline]
fn get(bits: &[u64], i: usize) -> bool {
    bits.get(i >> 6).is_some_and(|w| w & (1 << (i & 63)) != 0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The longest key that starts at `at` and ends by `end`, by brute force.
    fn naive(keys: &[Box<[u8]>], hay: &[u8], at: usize, end: usize) -> Option<(usize, u32)> {
        keys.iter()
            .enumerate()
            .filter(|(_, k)| at + k.len() <= end && hay[at..at + k.len()] == ***k)
            .max_by_key(|(_, k)| k.len())
            .map(|(i, k)| (at + k.len(), i as u32))
    }

    fn keys_of(v: Vec<Vec<u8>>) -> Vec<Box<[u8]>> {
        let mut seen = std::collections::HashSet::new();
        v.into_iter()
            .filter(|k| !k.is_empty() && seen.insert(k.clone()))
            .map(Vec::into_boxed_slice)
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// The walk agrees with a brute-force search, and the prefilter
        /// never says no where a key starts.
        #[test]
        fn agrees_with_naive(
            keys in prop::collection::vec(
                prop::collection::vec(prop::sample::select(&[0x80u8, 0x81, 0x82, 0xA9, b'a', 0xFE][..]), 1..20),
                1..40),
            pieces in prop::collection::vec(
                (
                    any::<bool>(),
                    any::<prop::sample::Index>(),
                    any::<prop::sample::Index>(),
                    prop::sample::select(&[0x80u8, 0x81, 0x82, 0xA9, b'a', 0xFE][..]),
                ),
                0..30),
            cut in 0usize..8,
        ) {
            let keys = keys_of(keys);
            let t = Trie::build(&keys);
            // Keys, and keys cut anywhere and followed by a random byte
            // (near misses at every depth), so that long keys occur too.
            let mut hay = Vec::new();
            for (whole, i, cut, b) in pieces {
                let k = &keys[i.index(keys.len())];
                if whole {
                    hay.extend_from_slice(k);
                } else {
                    hay.extend_from_slice(&k[..cut.index(k.len())]);
                    hay.push(b);
                }
            }
            let end = hay.len().saturating_sub(cut);
            for at in 0..end {
                let want = naive(&keys, &hay, at, end);
                prop_assert_eq!(t.longest_at(&hay, at, end), want);
                prop_assert_eq!(t.find(&hay, at, end), want);
                // The inline filter never refuses where a key starts.
                if want.is_some() {
                    prop_assert!(t.may_start(&hay, at, end));
                }
            }
        }
    }

    /// The filter sees all four bytes of a head: heads that differ from a
    /// key's in the first byte only are turned away (the low bits of the
    /// hash product, used before, left the first byte out).
    #[test]
    fn prefilter_depends_on_the_first_byte() {
        let keys = keys_of(vec![vec![0x80, 0x81, 0x82, 0x83, 0x84]]);
        let t = Trie::build(&keys);
        let hay = [0x80, 0x81, 0x82, 0x83, 0x84];
        assert!(t.may_start(&hay, 0, 5));
        let passing = (0x81..0x80 + 42)
            .filter(|&b| t.may_start(&[b, 0x81, 0x82, 0x83, 0x84], 0, 5))
            .count();
        assert!(passing <= 1, "{passing} of 41 heads pass the filter");
        let same_slot = (0x81..0x80 + 42u32)
            .filter(|&b| {
                let four = (b << 24) | 0x0081_8283;
                hash4(four, HEADS_MUL, t.heads_log) == hash4(0x8081_8283, HEADS_MUL, t.heads_log)
            })
            .count();
        assert!(
            same_slot <= 1,
            "{same_slot} of 41 heads share the key's slot"
        );
    }

    /// A head with more patterns than a bucket holds is walked, one with
    /// fewer compared tail by tail: both give the longest pattern.
    #[test]
    fn big_and_small_heads_give_the_longest_pattern() {
        let head = [0x80u8, 0x81, 0x82, 0x83];
        let tails: [&[u8]; 12] = [
            b"",
            &[0x84],
            &[0x84, 0x85],
            &[0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C],
            &[0x85],
            &[0x86, 0x84],
            &[0x87],
            &[0x88],
            &[0x89],
            &[0x8A],
            &[0x8B, 0x8B],
            &[0x8C],
        ];
        for n in [3, tails.len()] {
            let keys = keys_of(
                tails[..n]
                    .iter()
                    .map(|t| [&head[..], t].concat())
                    .chain([vec![0x90, 0x91, 0x92, 0x93, 0x94]])
                    .collect(),
            );
            let t = Trie::build(&keys);
            let mut hay = Vec::new();
            for tail in tails {
                hay.extend_from_slice(&head);
                hay.extend_from_slice(tail);
                hay.push(0x99);
            }
            hay.extend_from_slice(&[0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86]);
            for end in [hay.len(), hay.len() - 1, hay.len() - 3] {
                for at in 0..end {
                    assert_eq!(
                        t.find(&hay, at, end),
                        naive(&keys, &hay, at, end),
                        "{n} {at} {end}"
                    );
                }
            }
        }
    }

    #[test]
    fn prefilter_refuses_what_starts_no_key() {
        let keys = keys_of(vec![vec![0x80, 0x81, 0x82, 0x83], vec![0x90, 0x91]]);
        let t = Trie::build(&keys);
        assert_eq!(t.find(&[0x80, 0x81, 0x82, 0x83, 0x99], 0, 5), Some((4, 0)));
        assert_eq!(t.find(&[0x80, 0x81, 0x82, 0x99], 0, 4), None);
        assert_eq!(t.find(&[0x80, 0x81, 0x82, 0x83], 0, 3), None);
        assert_eq!(t.find(&[0x90, 0x91, 0x99], 0, 3), Some((2, 1)));
        assert_eq!(t.find(&[0x99, 0x90, 0x91, 0x99, 0x99], 1, 5), Some((3, 1)));
        assert_eq!(t.find(&[0x90, 0x92, 0x99], 0, 3), None);
        assert_eq!(t.find(&[0x90], 0, 1), None);
        assert_eq!(t.longest_at(&[0x90, 0x91], 0, 2), Some((2, 1)));
        assert_eq!(t.longest_at(&[0x90, 0x91], 0, 1), None);
    }
}
