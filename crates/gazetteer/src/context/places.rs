//! Place context: towns whose one-word name is also a common word.
//!
//! صور is Tyre and "pictures", الرمادي Ramadi and "grey", القائم Al-Qaim and
//! "the one in charge" (القائم بالأعمال). Listed bare, such a name would be
//! found in every sentence about pictures; left out, the town is never
//! found. The ids of `lists/context-places.tsv` are reported, when matched
//! by a one-word name, only where the sentence makes the word a place:
//!
//! * **after a place noun** or a direction (`lists/place-words.tsv`, classes
//!   `head`, `head-f`, `dir`): مدينة صور، قضاء القائم، بمخيم جنين، سكان هيت،
//!   شمال الرمادي. For a name that is also an indefinite feminine adjective
//!   (`adj`: حديثة "modern") a feminine noun is not enough (مدينة حديثة "a
//!   modern city"): it needs one of the other contexts too;
//! * **before a direction phrase**: a direction word (after an optional في)
//!   followed by a known place or a place noun (class `place`): الرمادي غرب
//!   العراق، صور جنوبي لبنان، حديثة شمال غرب البلاد;
//! * **in apposition**: a comma, then a class `app` word: الرمادي، مركز
//!   محافظة الأنبار;
//! * **in a list with a known place**: joined by و or a comma to a place
//!   that needs no context or has its own: الفلوجة والرمادي، حديثة وهيت
//!   والقائم في محافظة الأنبار;
//! * level `prep` also **after a preposition** (`lists/prepositions.txt`, or
//!   the proclitic ب or ل) when what follows cannot continue a common
//!   word's phrase: punctuation or the end of the text, a direction word, a
//!   place noun, a known place (في الرمادي، but not في الحلة الجديدة "in the
//!   new suit");
//! * level `bare` everywhere;
//! * **one sense per document**: once a name of level `prep` is a place
//!   in a document, its other mentions there are too (في الحلة حصيلة after
//!   مدينة الحلة), except before a definite word that may be its adjective
//!   (الحلة الجديدة).
//!
//! In every level, the article written before a name that has none is the
//! common word: الصور "the pictures", الجنين "the fetus"; and so is a name
//! written with tanwin (جنينٍ "a fetus": names of towns take none), a rule
//! of [`super::on_source`], which sees the marks.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use khabar_normalize::{Normalizer, Profile};

use crate::{Fnv, Match};

const CONTEXT_PLACES: &str = include_str!("../../lists/context-places.tsv");
const PLACE_WORDS: &str = include_str!("../../lists/place-words.tsv");

/// How much context a listed name needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// A place noun, a direction phrase, an apposition or a list.
    Head,
    /// Also a preposition before and punctuation or the end after.
    Punct,
    /// Also a preposition before and a boundary after.
    Prep,
    /// Everywhere (but not with an article the name does not have).
    Bare,
}

/// The context a listed id needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    /// The contexts that make the word a place.
    pub(crate) level: Level,
    /// The name is also an indefinite feminine adjective.
    pub(crate) adj: bool,
}

/// Word classes of `lists/place-words.tsv`, as bits.
const HEAD: u16 = 1;
const HEAD_F: u16 = 2;
const DIR: u16 = 4;
const PLACE: u16 = 8;
const APP: u16 = 16;
const NEAR: u16 = 32;
const ACT: u16 = 64;
const SKIP: u16 = 128;
const NISBA: u16 = 256;
const UNIT: u16 = 512;
const REL: u16 = 1024;
const TEAM: u16 = 2048;

fn class_bit(class: &str) -> Option<u16> {
    Some(match class {
        "head" => HEAD,
        "head-f" => HEAD_F,
        "dir" => DIR,
        "place" => PLACE,
        "app" => APP,
        "near" => NEAR,
        "act" => ACT,
        "skip" => SKIP,
        "nisba" => NISBA,
        "unit" => UNIT,
        "rel" => REL,
        "team" => TEAM,
        _ => return None,
    })
}

/// Parses a `context-places.tsv` line's fields after the id.
pub(crate) fn parse_rule<'a>(mut fields: impl Iterator<Item = &'a str>) -> Option<Rule> {
    let level = match fields.next()?.trim() {
        "head" => Level::Head,
        "punct" => Level::Punct,
        "prep" => Level::Prep,
        "bare" => Level::Bare,
        _ => return None,
    };
    let adj = match fields.next().map(str::trim) {
        None => false,
        Some("adj") => true,
        Some(_) => return None,
    };
    fields.next().is_none().then_some(Rule { level, adj })
}

pub(crate) struct Places {
    /// Listed ids and the context each needs.
    pub(crate) ids: HashMap<String, Rule, BuildHasherDefault<Fnv>>,
    /// Normalized place words and their classes.
    pub(crate) words: HashMap<String, u16>,
}

pub(crate) fn places() -> &'static Places {
    static PLACES: OnceLock<Places> = OnceLock::new();
    PLACES.get_or_init(|| {
        let n = Normalizer::new(Profile::Search);
        // A line that does not parse is left out (the strictest reading
        // for an id is not to report it); a unit test keeps them all valid.
        let ids = super::data_lines(CONTEXT_PLACES)
            .filter_map(|l| {
                let mut f = l.split('\t');
                let id = f.next()?.trim();
                Some((id.to_string(), parse_rule(f)?))
            })
            .collect();
        let mut words: HashMap<String, u16> = HashMap::new();
        for l in super::data_lines(PLACE_WORDS) {
            if let Some((w, c)) = l.split_once('\t')
                && let Some(bit) = class_bit(c.trim())
            {
                *words
                    .entry(n.normalize(w.trim()).as_str().to_string())
                    .or_default() |= bit;
            }
        }
        Places { ids, words }
    })
}

/// Blank characters between two words of a line (not a line break).
fn is_blank(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

/// The word that ends before byte `at`, across blanks (none if `at`
/// follows a letter or punctuation).
fn prev_word(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?;
    // An opening quote between the word and the name: مدينة "الحلة".
    let before = before.trim_end_matches(['"', '«', '»', '\'', '“', '”']);
    let trimmed = before.trim_end_matches(is_blank);
    if trimmed.len() == before.len() {
        return None;
    }
    let start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| !super::is_word_char(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let w = &trimmed[start..];
    (!w.is_empty()).then_some(w)
}

/// The word that starts after byte `at` across blanks, and where it ends.
fn next_word(text: &str, at: usize) -> Option<(&str, usize, usize)> {
    let after = text.get(at..)?;
    let trimmed = after.trim_start_matches(is_blank);
    if trimmed.len() == after.len() {
        return None;
    }
    let start = at + (after.len() - trimmed.len());
    let len = trimmed
        .char_indices()
        .find(|&(_, c)| !super::is_word_char(c))
        .map_or(trimmed.len(), |(i, _)| i);
    (len > 0).then(|| (&trimmed[..len], start, start + len))
}

/// Nothing of a phrase follows byte `at`: the end of the text, or
/// punctuation (after blanks).
fn boundary_after(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|a| a.trim_start_matches(is_blank).chars().next())
        .is_none_or(|c| !super::is_word_char(c))
}

/// The classes of a word of the text, its proclitics (و ف, then ب ل ك)
/// stripped as needed.
fn classes(p: &Places, word: &str) -> u16 {
    let mut bits = p.words.get(word).copied().unwrap_or(0);
    let mut rest = word;
    for set in ["وف", "بلك"] {
        match rest.chars().next() {
            Some(c) if set.contains(c) => {
                rest = &rest[c.len_utf8()..];
                bits |= p.words.get(rest).copied().unwrap_or(0);
            }
            _ => {}
        }
    }
    bits
}

/// What the pass decided about each match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Not a listed name: kept, and a known place for the list rule.
    Free,
    /// A listed name in a place context.
    Place,
    /// A listed name with no context yet (a list may still confirm it).
    Pending,
    /// A listed name that is the common word.
    Word,
}

/// A known place starts at byte `at`: a match of a place that needs no
/// context, or has its own.
fn place_at(found: &[Match<'_>], states: &[State], at: usize) -> bool {
    // The matches are sorted by start and do not overlap.
    let i = found.partition_point(|m| m.start < at);
    found
        .get(i)
        .is_some_and(|m| m.start == at && m.kind == "LOC")
        && states
            .get(i)
            .is_some_and(|s| matches!(s, State::Free | State::Place))
}

/// The context after a listed name ending at `end`: a direction phrase
/// (an optional في or class `skip` word, one or two direction or nearness
/// words, then a known place, or, with `loose`, a place noun: الرمادي
/// غربي البلاد; صور جنوب المدينة may be "pictures of the city's south"),
/// or, with `located`, a known place after an optional في (في الرمادي
/// بمحافظة الأنبار).
fn place_phrase_after(
    p: &Places,
    norm: &str,
    found: &[Match<'_>],
    states: &[State],
    end: usize,
    loose: bool,
    located: bool,
) -> bool {
    // A comma may come first: الزاوية، الواقعة غربي ليبيا.
    let end = norm.get(end..).map_or(end, |a| {
        let t = a.trim_start_matches(is_blank);
        match t.strip_prefix('،').or_else(|| t.strip_prefix(',')) {
            Some(rest) => norm.len() - rest.len(),
            None => end,
        }
    });
    let Some((mut w, mut s, mut e)) = next_word(norm, end) else {
        return false;
    };
    if w == "في" || classes(p, w) & SKIP != 0 {
        match next_word(norm, e) {
            Some(next) => (w, s, e) = next,
            None => return false,
        }
    }
    if located && place_at(found, states, s) {
        return true;
    }
    if classes(p, w) & (DIR | NEAR) == 0 {
        return false;
    }
    // A place named with its direction: صور جنوب لبنان.
    if place_at(found, states, s) {
        return true;
    }
    let mut next = next_word(norm, e);
    if let Some((w2, _, e2)) = next
        && classes(p, w2) & (DIR | NEAR) != 0
    {
        next = next_word(norm, e2);
    }
    next.is_some_and(|(w3, s3, _)| {
        (loose && p.words.get(w3).is_some_and(|c| c & PLACE != 0)) || place_at(found, states, s3)
    })
}

/// A distance in brackets after the name: الرمادي (110 كم غرب بغداد).
fn distance_after(p: &Places, norm: &str, end: usize) -> bool {
    let Some(after) = norm.get(end..) else {
        return false;
    };
    let Some(rest) = after.trim_start_matches(is_blank).strip_prefix('(') else {
        return false;
    };
    let rest = rest.trim_start_matches(is_blank);
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return false;
    }
    // The unit, written apart or glued to the number (110كم).
    let unit = rest[digits..].trim_start_matches(is_blank);
    next_word(&format!(" {unit}"), 0).is_some_and(|(w, _, _)| classes(p, w) & UNIT != 0)
}

/// A definite name followed by a definite word that may be its adjective
/// (الطبقة الوسطى، الحلة الجديدة): not a nisba, a `skip`, `place` or `rel`
/// word (الأقصر التي), or a known place.
fn adjective_after(
    p: &Places,
    norm: &str,
    found: &[Match<'_>],
    states: &[State],
    m: &Match<'_>,
) -> bool {
    let bare = norm
        .get(m.start..m.end)
        .and_then(|w| w.get(m.prefix.map_or(0, str::len)..))
        .unwrap_or("");
    bare.starts_with("ال")
        && next_word(norm, m.end).is_some_and(|(w, s, _)| {
            w.starts_with("ال")
                && classes(p, w) & (NISBA | SKIP | PLACE | REL) == 0
                && !place_at(found, states, s)
        })
}

/// The proclitic sequence of a match governs it as a preposition (ب or ل).
fn prefix_is_preposition(prefix: Option<&str>) -> bool {
    prefix.is_some_and(|p| p.contains('ب') || p.starts_with('ل') || p.starts_with("ول"))
}

/// The decision for one listed name, before the list rule.
fn decide(
    p: &Places,
    norm: &str,
    found: &[Match<'_>],
    states: &[State],
    m: &Match<'_>,
    rule: Rule,
) -> State {
    let Some(word) = norm.get(m.start..m.end) else {
        return State::Word;
    };
    let bare = word.get(m.prefix.map_or(0, str::len)..).unwrap_or("");
    let definite = bare.starts_with("ال");
    // The article written before a name that has none: الصور، الجنين.
    let has_article = |n: &str| n.rsplit(' ').next().is_some_and(|w| w.starts_with("ال"));
    // A name of several words (مخيم جنين، منطقة الشرقية) carries its own
    // context; its first word decides the article: a construct never
    // takes it (والمنطقة الشرقية للمدينة "and the city's eastern area").
    if bare.contains(|c: char| c.is_whitespace() || c == '-') {
        let first = |n: &str| {
            n.split([' ', '-'])
                .next()
                .is_some_and(|w| w.starts_with("ال"))
        };
        return match m.prefix {
            Some(pre) if pre.ends_with("ال") && !first(bare) => State::Word,
            Some(pre) if pre.ends_with("لل") && !first(m.name) => State::Word,
            _ => State::Place,
        };
    }
    match m.prefix {
        Some(pre) if pre.ends_with("ال") && !definite => return State::Word,
        Some(pre) if pre.ends_with("لل") && !has_article(m.name) => return State::Word,
        _ => {}
    }
    if rule.level == Level::Bare {
        return State::Place;
    }
    let prep = rule.level >= Level::Prep;
    // A place noun or a direction before the name governs it.
    if m.prefix.is_none()
        && let Some(prev) = prev_word(norm, m.start)
    {
        let c = classes(p, prev);
        let indefinite_adj = rule.adj && !definite;
        // قرب الباب is also "near the door", تحرير الخبر "editing the
        // news": nearness and action words govern only the names that are
        // places after a preposition too.
        // A definite word after the name may be its adjective (أبناء
        // الطبقة الوسطى "members of the middle class"): then an action
        // or people word is not enough.
        let adjective_after = adjective_after(p, norm, found, states, m);
        let near = (c & NEAR != 0 || (c & ACT != 0 && !adjective_after)) && prep;
        if c & (HEAD | DIR) != 0 || near || (c & HEAD_F != 0 && !indefinite_adj) {
            return State::Place;
        }
    }
    let after_preposition = || {
        prefix_is_preposition(m.prefix)
            || (m.prefix.is_none()
                && prev_word(norm, m.start)
                    .is_some_and(|w| super::lists().prepositions.contains(w)))
    };
    let located = prep && after_preposition();
    if place_phrase_after(p, norm, found, states, m.end, prep, located) {
        return State::Place;
    }
    if distance_after(p, norm, m.end) {
        return State::Place;
    }
    // A definite feminine country nisba cannot agree with an indefinite
    // name (صور اللبنانية is the town; the pictures would be الصور) nor
    // with a masculine one (الرمادي العراقية); after a feminine definite
    // name it may be its adjective (العمارة المصرية "Egyptian
    // architecture").
    let feminine = bare.ends_with('ه') || bare.ends_with("اء");
    if (!definite || !feminine)
        && let Some((w, _, _)) = next_word(norm, m.end)
        && p.words.get(w).is_some_and(|c| c & NISBA != 0)
    {
        return State::Place;
    }
    // Apposition: الرمادي، مركز محافظة الأنبار; without the comma for the
    // names of level prep (الرمادي مركز المحافظة).
    if let Some(after) = norm.get(m.end..) {
        let after = after.trim_start_matches(is_blank);
        let (rest, comma) = match after.strip_prefix('،').or_else(|| after.strip_prefix(',')) {
            Some(rest) => (rest, true),
            None => (after, false),
        };
        if (comma || prep)
            && let Some((w, _, _)) = next_word(&format!(" {rest}"), 0)
            && classes(p, w) & APP != 0
        {
            return State::Place;
        }
    }
    if rule.level >= Level::Punct && after_preposition() {
        // "X in pictures" is a headline (الحدث في صور:، أبرز الأحداث في
        // صور): for a `punct` name only a comma, which goes on with the
        // sentence, is a boundary.
        let comma = norm.get(m.end..).is_some_and(|a| {
            a.trim_start_matches(is_blank)
                .starts_with(['،', ',', '؛', ';'])
        });
        if (prep && boundary_after(norm, m.end)) || comma {
            return State::Place;
        }
        let next_is_place = next_word(norm, m.end).is_some_and(|(w, s, _)| {
            classes(p, w) & (DIR | NEAR) != 0 || place_at(found, states, s)
        });
        if prep && next_is_place {
            return State::Place;
        }
    }
    State::Pending
}

/// The separator between two neighbouring matches makes them a list: a
/// comma, a lone و, a dash (طريق الزرقاء – المفرق), or the second's
/// proclitic و.
fn listed_together(norm: &str, first: &Match<'_>, second: &Match<'_>) -> bool {
    let Some(gap) = norm.get(first.end..second.start) else {
        return false;
    };
    let g = gap.trim_matches(is_blank);
    match g {
        "" => !gap.is_empty() && second.prefix.is_some_and(|p| p.starts_with('و')),
        "،" | "," | "و" | "-" | "–" => true,
        _ => false,
    }
}

/// Applies the place-context rules to `out[first..]` (spans of `norm`):
/// drops the listed names that are not in a place context.
pub(crate) fn apply(norm: &str, out: &mut Vec<Match<'_>>, first: usize) {
    let p = places();
    let Some(found) = out.get(first..) else {
        return;
    };
    // Most documents have no listed name: one lookup per place match.
    let rule_of = |m: &Match<'_>| -> Option<Rule> {
        if m.kind != "LOC" {
            return None;
        }
        p.ids.get(m.id).copied()
    };
    let Some(first_listed) = found.iter().position(|m| rule_of(m).is_some()) else {
        return;
    };
    let rules: Vec<Option<Rule>> = found
        .iter()
        .enumerate()
        .map(|(i, m)| if i < first_listed { None } else { rule_of(m) })
        .collect();
    let mut states: Vec<State> = rules
        .iter()
        .map(|r| {
            if r.is_some() {
                State::Pending
            } else {
                State::Free
            }
        })
        .collect();
    for (i, rule) in rules.iter().enumerate() {
        if let Some(rule) = *rule {
            states[i] = decide(p, norm, found, &states, &found[i], rule);
        }
    }
    // A list with a known place; a confirmed name confirms its own
    // neighbours (حديثة وهيت والقائم غرب الأنبار): a sweep each way
    // covers a chain of any length.
    let n = found.len();
    let mut list_sweep = |order: &mut dyn Iterator<Item = usize>| {
        for i in order {
            if states[i] != State::Pending {
                continue;
            }
            let known = |j: usize| {
                found[j].kind == "LOC" && matches!(states[j], State::Free | State::Place)
            };
            // A list after a match word is one of teams named after their
            // towns (مواجهة عجمان والعين): no place.
            let teams = |k: usize| {
                prev_word(norm, found[k].start).is_some_and(|w| classes(p, w) & TEAM != 0)
            };
            let before = i > 0
                && known(i - 1)
                && listed_together(norm, &found[i - 1], &found[i])
                && !teams(i - 1);
            let after = i + 1 < n
                && known(i + 1)
                && listed_together(norm, &found[i], &found[i + 1])
                && !teams(i);
            if before || after {
                states[i] = State::Place;
            }
        }
    };
    list_sweep(&mut (0..n));
    list_sweep(&mut (0..n).rev());
    // One sense per document: once a `prep` name is a place in the
    // document, its other mentions are too (في الحلة حصيلة after مدينة
    // الحلة), unless a definite word follows that may be its adjective
    // (الحلة الجديدة); the article that made a name the word (الصور) is
    // never overruled.
    let mut confirmed: Vec<&str> = Vec::new();
    for (m, s) in found.iter().zip(&states) {
        if *s == State::Place && !confirmed.contains(&m.id) {
            confirmed.push(m.id);
        }
    }
    for i in 0..n {
        let m = &found[i];
        if states[i] == State::Pending
            && rules[i].is_some_and(|r| r.level >= Level::Prep)
            && confirmed.contains(&m.id)
            && !adjective_after(p, norm, found, &states, m)
        {
            states[i] = State::Place;
        }
    }
    let mut keep = states
        .iter()
        .map(|s| matches!(s, State::Free | State::Place));
    let mut index = 0;
    out.retain(|_| {
        index += 1;
        index <= first || keep.next().unwrap_or(true)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse() {
        // Every line of both lists is valid: a bad line would silently
        // leave an id out (or a word without its class).
        for l in super::super::data_lines(CONTEXT_PLACES) {
            let mut f = l.split('\t');
            let id = f.next().unwrap_or("");
            assert!(!id.is_empty(), "{l}");
            assert!(parse_rule(f).is_some(), "bad line: {l}");
        }
        for l in super::super::data_lines(PLACE_WORDS) {
            let c = l.split_once('\t').map(|(_, c)| c.trim());
            assert!(c.and_then(class_bit).is_some(), "bad line: {l}");
        }
        let p = places();
        assert_eq!(p.ids.get("tyre").map(|r| r.level), Some(Level::Punct));
        assert_eq!(p.ids.get("al-bab").map(|r| r.level), Some(Level::Head));
        assert_eq!(p.ids.get("haditha").map(|r| r.adj), Some(true));
        assert_eq!(p.words.get("مدينه").copied(), Some(HEAD_F | APP));
    }

    #[test]
    fn rules_parse() {
        let r = |s: &str| parse_rule(s.split('\t'));
        assert_eq!(
            r("prep"),
            Some(Rule {
                level: Level::Prep,
                adj: false
            })
        );
        assert_eq!(
            r("head\tadj"),
            Some(Rule {
                level: Level::Head,
                adj: true
            })
        );
        assert_eq!(r("loose"), None);
        assert_eq!(r("bare\tnoun"), None);
        assert_eq!(r("bare\tadj\tx"), None);
    }

    #[test]
    fn words_around() {
        let t = "في مدينة  صور، جنوب لبنان";
        let at = t.find("صور").unwrap_or(0);
        assert_eq!(prev_word(t, at), Some("مدينة"));
        assert!(prev_word(t, 0).is_none());
        assert!(prev_word("x\nصور", 2).is_none());
        let end = at + "صور".len();
        assert!(boundary_after(t, end));
        assert_eq!(next_word(t, end).map(|w| w.0), None);
        assert!(boundary_after(t, t.len()));
        let p = places();
        assert_eq!(classes(p, "وبمدينه"), HEAD_F | APP);
        assert_eq!(classes(p, "بلده"), HEAD_F | APP);
        assert_eq!(classes(p, "كتاب"), 0);
    }
}
