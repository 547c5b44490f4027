//! Folding and words: the small amount of Arabic text handling claims need.

/// Folds a word for lexicon lookup: drops diacritics and tatweel, and
/// writes أ إ آ ٱ as ا, ى as ي, ة as ه, ؤ as و, ئ as ي.
pub(crate) fn fold_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            'ة' => out.push('ه'),
            'ؤ' => out.push('و'),
            'ئ' => out.push('ي'),
            _ => out.push(c),
        }
    }
}

/// [`fold_into`] into a new string.
pub(crate) fn fold(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    fold_into(word, &mut s);
    s
}

/// Whether `c` belongs to a word: letters, digits and Arabic marks.
pub(crate) fn is_word_char(c: char) -> bool {
    // Fast paths: ASCII, and the Arabic block (letters, marks, digits).
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if ('\u{0621}'..='\u{0669}').contains(&c) || ('\u{066E}'..='\u{06D3}').contains(&c) {
        return true;
    }
    c.is_alphanumeric()
        || ('\u{064B}'..='\u{065F}').contains(&c)
        || c == '\u{0670}'
        || c == '\u{0640}'
}

/// A token of a sentence: a word, or one punctuation character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte offsets into the document text.
    pub start: usize,
    pub end: usize,
    /// A punctuation character, or `None` for a word.
    pub punct: Option<char>,
}

impl Token {
    pub(crate) fn is_word(&self) -> bool {
        self.punct.is_none()
    }
}

/// The tokens of `text[range]` (offsets into `text`), appended to `out`.
pub(crate) fn tokens_into(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    out.clear();
    let Some(s) = text.get(start..end) else {
        return;
    };
    let mut word: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let at = start + i;
        if is_word_char(c) {
            if word.is_none() {
                word = Some(at);
            }
            continue;
        }
        if let Some(w) = word.take() {
            out.push(Token {
                start: w,
                end: at,
                punct: None,
            });
        }
        if !c.is_whitespace() {
            out.push(Token {
                start: at,
                end: at + c.len_utf8(),
                punct: Some(c),
            });
        }
    }
    if let Some(w) = word {
        out.push(Token {
            start: w,
            end,
            punct: None,
        });
    }
}

/// Whether a punctuation character ends a clause.
pub(crate) fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        '،' | ','
            | '؛'
            | ';'
            | ':'
            | '.'
            | '!'
            | '?'
            | '؟'
            | '-'
            | '–'
            | '—'
            | '\n'
            | '“'
            | '”'
            | '«'
            | '»'
            | '"'
    )
}

/// Candidate lookup keys for a folded word: itself, then with a leading
/// conjunction (و ف), a preposition (ب ل ك), the article (ال, لل) and an
/// attached pronoun (ه ها هم هما) stripped, longest stripping last.
pub(crate) fn stems(folded: &str) -> impl Iterator<Item = &str> {
    let mut v: [&str; 8] = [folded; 8];
    let mut n = 1;
    let long = |s: &str, k: usize| s.chars().count() >= k;
    let mut w = folded;
    if let Some(r) = w.strip_prefix(['و', 'ف']).filter(|r| long(r, 2)) {
        w = r;
        v[n] = w;
        n += 1;
    }
    // لل is ل + ال: the rest has no article left.
    if let Some(r) = w.strip_prefix("لل").filter(|r| long(r, 2)) {
        w = r;
        v[n] = w;
        n += 1;
    } else if let Some(r) = w.strip_prefix(['ب', 'ل', 'ك']).filter(|r| long(r, 3)) {
        w = r;
        v[n] = w;
        n += 1;
    }
    if let Some(r) = w.strip_prefix("ال").filter(|r| long(r, 2)) {
        w = r;
        v[n] = w;
        n += 1;
    }
    for suf in ["هما", "هم", "ها", "ه"] {
        if let Some(r) = w.strip_suffix(suf).filter(|r| long(r, 3)) {
            v[n] = r;
            n += 1;
            break;
        }
    }
    // Verb endings (أفرجت → أفرج، قتلوا → قتل) and the alef of an
    // accusative tanwin (قتيلا → قتيل، أضرارا → أضرار).
    for suf in ["وا", "ت", "ا"] {
        if let Some(r) = w.strip_suffix(suf).filter(|r| long(r, 3)) {
            v[n] = r;
            n += 1;
            break;
        }
    }
    v.into_iter().take(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("أُرسِلَت"), "ارسلت");
        assert_eq!(fold("مسيّرة"), "مسيره");
        assert_eq!(fold("قتلى"), "قتلي");
    }

    #[test]
    fn stemming() {
        let f = fold("وبإرسالها");
        let s: Vec<&str> = stems(&f).collect();
        assert!(s.contains(&"ارسال"), "{s:?}");
        let f = fold("للمخابرات");
        assert!(stems(&f).any(|s| s == "مخابرات"));
        let f = fold("لإرسال");
        assert!(stems(&f).any(|s| s == "ارسال"));
    }

    #[test]
    fn tokens() {
        let t = "قال، «نعم» 5";
        let mut v = Vec::new();
        tokens_into(t, 0, t.len(), &mut v);
        let words: Vec<&str> = v.iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(words, ["قال", "،", "«", "نعم", "»", "5"]);
    }
}
