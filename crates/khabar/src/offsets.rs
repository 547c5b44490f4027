//! Byte offsets to char offsets, for the records that count in chars.

/// Converts UTF-8 byte offsets of one text to Unicode scalar (char)
/// offsets.
///
/// Every span khabar finds is a byte range of
/// [`Document::text`](crate::Document::text); records written with
/// [`Offsets::Char`](crate::record::Offsets::Char) (`--offsets char`, the
/// Python package's `offsets="char"`) count chars instead, as Python
/// strings and most JSON consumers index. Build one converter per text
/// and ask it for every offset of that text: building takes one pass over
/// the text (a running count every 256 bytes), and each conversion then
/// counts at most 255 bytes, whatever the order the offsets come in.
///
/// An offset past the end of the text converts as the end; one inside a
/// character counts that character (khabar's spans are always on
/// character boundaries).
///
/// ```
/// use khabar::CharOffsets;
///
/// let text = "زار لافروف موسكو";
/// let chars = CharOffsets::new(text);
/// let start = text.find("موسكو").unwrap();
/// assert_eq!(start, 20); // bytes
/// assert_eq!(chars.char_of(start), 11); // chars
/// assert_eq!(chars.char_of(text.len()), text.chars().count());
/// assert_eq!(chars.char_of(0), 0);
/// ```
#[derive(Clone, Debug)]
pub struct CharOffsets<'t> {
    bytes: &'t [u8],
    /// `blocks[i]`: the chars that start in the first `i * BLOCK` bytes.
    blocks: Vec<usize>,
}

/// Bytes between two running counts.
const BLOCK: usize = 256;

impl<'t> CharOffsets<'t> {
    /// The converter of `text`, in one pass over it.
    pub fn new(text: &'t str) -> CharOffsets<'t> {
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut chars = 0;
        blocks.push(0);
        for block in bytes.chunks(BLOCK) {
            chars += char_starts(block);
            blocks.push(chars);
        }
        CharOffsets { bytes, blocks }
    }

    /// The char offset of byte offset `byte`: the number of characters
    /// that start before it.
    pub fn char_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        let block = byte / BLOCK;
        let before = self.blocks.get(block).copied().unwrap_or(0);
        before + char_starts(self.bytes.get(block * BLOCK..byte).unwrap_or(&[]))
    }
}

/// The characters that start in `bytes`: every byte that is not a UTF-8
/// continuation byte (10xxxxxx) starts one.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Every byte offset, on a character boundary or not, past the
        /// end or not, converts to the count of the characters before it.
        #[test]
        fn char_of_counts_the_chars_before(text in "([ء-ي ]|[a-z]|[é€😀]){0,700}", extra in 0usize..4) {
            let chars = CharOffsets::new(&text);
            for byte in 0..=text.len() + extra {
                let want = text
                    .char_indices()
                    .take_while(|&(i, _)| i < byte.min(text.len()))
                    .count();
                prop_assert_eq!(chars.char_of(byte), want, "byte {}", byte);
            }
        }
    }
}
