//! The counted noun after a number.

use super::{Ctx, UnitOut};
use crate::Kind;
use crate::lex::TokKind;
use crate::lexicon::tag;

impl<'a, 't> Ctx<'a, 't> {
    /// Clean unit word candidate at token `j`, if any.
    pub(crate) fn unit_word(
        &mut self,
        j: usize,
        value: f64,
        indefinite: bool,
    ) -> Option<(UnitOut, Kind, usize)> {
        let (w, t) = self.word(j)?;
        if t.nl_before {
            return None;
        }
        // A cardinal counts an indefinite noun (ثلاثة جنود، 100 صاروخ); a
        // definite word after it starts something else (خمس السكان is "a
        // fifth of the population", قرار 2231 الصادر).
        let _ = indefinite;
        let article = w.starts_with("ال") && self.article(j);
        if article {
            return None;
        }
        let v = self.vars(j);
        if v.exact()
            .is_some_and(|i| i.stop || i.num.is_some() || i.ordinal.is_some() || i.vague.is_some())
        {
            return None;
        }
        // A one-letter unit only before a glued ² or ³ (147 م²).
        if w.chars().count() < 2 {
            let text = self.text;
            if !self
                .cur
                .get(j + 1)
                .is_some_and(|s| s.glued && matches!(&text[s.start..s.end], "²" | "³"))
            {
                return None;
            }
        }
        if self.tags(j) & tag::NOT_UNIT != 0 {
            return None;
        }
        // A counted noun is indefinite: a word with an object or
        // possessive pronoun (21 صاروخا من أصل 24 أطلقتها) is none, unless
        // the lexicon knows it (درهم).
        if w.chars().count() >= 5
            && (w.ends_with("تها")
                || w.ends_with("وها")
                || w.ends_with("هم")
                || w.ends_with("هن")
                || w.ends_with("كم"))
            && !self.known_noun(w)
            && self.info(w).is_none_or(|i| i.unit_kind.is_none())
        {
            return None;
        }
        // و starts the next clause (شفيت منها 57103 وتوفيت 3163): a word
        // in و is the counted noun only when the lexicon knows it as one
        // (وفيات، وحدة، وثيقة).
        if w.starts_with('و') && !self.known_noun(w) {
            return None;
        }
        // A prepositional phrase is not a counted noun (5 ملايين للاجئين).
        for p in ["لل", "بال", "وال", "فال", "كال"] {
            if w.starts_with(p) {
                return None;
            }
        }
        if v.find(|x| x.dual_of.is_some()).is_some() {
            // ثلاث رحلتين is not Arabic; a dual after a number is its own figure.
            return None;
        }
        // آلية، ألغام: the folded ال is no article (see above).
        let strip_al = false;
        let core = w;
        // لشخص → شخص: a proclitic before a noun the lexicon knows.
        let pre = self.known_noun_clitic(core);
        let core = &core[pre..];
        // بمونديال، بفارق، لأقصى: ب or ل before a word is a preposition
        // unless the lexicon knows the word as a noun (برميل، بيت، لاعب).
        if pre == 0
            && core.starts_with(['ب', 'ل'])
            && !self.known_noun(core)
            && self.lx.is_plural(core, true) != Some(true)
        {
            return None;
        }
        let int = value.fract() == 0.0;
        let m = value % 100.0;
        let alef_heur = int && (11.0..=99.0).contains(&m);
        let mut kind = self.info(core).and_then(|i| i.unit_kind);
        // 87ر74 دولارا: the accusative alef of a unit whose bare form is
        // also listed, whatever the number.
        let mut alef_heur = alef_heur
            || core.strip_suffix('ا').is_some_and(|c| {
                (kind.is_some() && self.info(c).is_some_and(|i| i.unit_kind == kind))
                    || (kind.is_none() && self.lx.nouns.contains_key(c))
            });
        if kind.is_none()
            && let Some(c) = core.strip_suffix('ا')
        {
            kind = self.info(c).and_then(|i| i.unit_kind);
            // طنا → طن: the accusative alef of a unit the lexicon knows.
            alef_heur |= kind.is_some();
        }
        let unit = UnitOut::Word {
            start: t.start,
            end: t.end,
            pre,
            strip_al,
            alef_heur,
            dual: None,
            maqsura: false,
        };
        Some((unit, kind.unwrap_or(Kind::Count), j + 1))
    }

    /// Is `w` a noun of the lexicon: a unit, a countable singular or its
    /// dual, a listed plural, also with the accusative alef or as the
    /// feminine of a listed noun (وظيفتين، وزراء، وحدة، لاعبة)?
    pub(crate) fn known_noun(&self, w: &str) -> bool {
        let known = |x: &str| {
            self.lx
                .nouns
                .get(x)
                .is_some_and(|&b| b & !crate::lexicon::noun::MODEL != 0)
                || self
                    .info(x)
                    .is_some_and(|i| i.unit_kind.is_some() || i.dual_of.is_some())
        };
        // لاعبة: the feminine of a noun the lexicon knows (ة folds to ه).
        known(w)
            || w.strip_suffix('ا').is_some_and(known)
            || w.strip_suffix('ه')
                .is_some_and(|m| m.chars().count() >= 3 && known(m))
    }

    /// ثلاثة من الجنود، قتل ثلاثة من عناصر الشرطة: the counted noun after
    /// من is a plural (partitive); a singular (إعلان 12 من الوزير، 10 من
    /// الشهر) or a word the lexicon cannot tell is not what the number
    /// counts, and neither is a plural of places (فر 500 من المخيمات).
    /// Definite: a listed or sound plural; indefinite (the head of a
    /// construct, عناصر الشرطة): a listed plural or one in ـات.
    pub(crate) fn partitive_unit(&mut self, j: usize) -> Option<(UnitOut, Kind, usize)> {
        let (w, t) = self.word(j)?;
        if w != "من" || t.nl_before {
            return None;
        }
        let (n, nt) = self.word(j + 1)?;
        if nt.nl_before || n.chars().count() < 3 || self.is_stop(n) {
            return None;
        }
        let definite = n.starts_with("ال") && n.chars().count() >= 4 && self.article(j + 1);
        let core = if definite { &n["ال".len()..] } else { n };
        if self.lx.is_place(core) {
            return None;
        }
        let plural = if definite {
            self.lx.is_plural(core, true)
        } else {
            self.lx
                .is_plural(n, false)
                .or_else(|| (n.ends_with("ات") && n.chars().count() >= 5).then_some(true))
        };
        if plural != Some(true) {
            return None;
        }
        self.unit_word_vague(j + 1)
    }

    /// Does word token `j`, spelled ال… when folded, start with the
    /// article? Not when the original writes آ/أ/إ (آلية، ألغام، إلكتروني:
    /// folded to ا they look definite). True without the original.
    pub(crate) fn article(&mut self, j: usize) -> bool {
        let Some(t) = self.cur.get(j) else {
            return true;
        };
        self.source.is_none_or(|(o, map)| {
            o.get(map.original_range(t.start..t.end))
                .and_then(|s| s.chars().next())
                .is_none_or(|c| !matches!(c, 'آ' | 'أ' | 'إ'))
        })
    }

    pub(crate) fn unit_word_vague(&mut self, j: usize) -> Option<(UnitOut, Kind, usize)> {
        let (w, t) = self.word(j)?;
        if t.nl_before || w.chars().count() < 2 || self.tags(j) & tag::NOT_UNIT != 0 {
            return None;
        }
        if self
            .info(w)
            .is_some_and(|i| i.stop || i.num.is_some() || i.vague.is_some())
        {
            return None;
        }
        let strip_al = w.starts_with("ال") && w.chars().count() >= 4 && self.article(j);
        let core = if strip_al { &w["ال".len()..] } else { w };
        let kind = self
            .info(core)
            .and_then(|i| i.unit_kind)
            .unwrap_or(Kind::Count);
        Some((
            UnitOut::Word {
                start: t.start,
                end: t.end,
                pre: 0,
                strip_al,
                alef_heur: false,
                dual: None,
                maqsura: false,
            },
            kind,
            j + 1,
        ))
    }

    /// The noun a lone fraction divides (نصف الأراضي، ثلثا الناخبين،
    /// ربع ساعة): definite or not; not النهائي (نصف النهائي, a
    /// semi-final).
    pub(crate) fn divided_noun(&mut self, j: usize) -> Option<(UnitOut, Kind, usize)> {
        self.word(j)?;
        if self.tags(j) & (tag::NOT_DIVIDED | tag::NOT_UNIT) != 0 {
            return None;
        }
        self.unit_word_vague(j)
    }

    /// A length unit made a quantity by the word or sign after it: `متر
    /// مربع` (area), `متر مكعب` (volume), `كم²`, `كم/ساعة` (speed). Returns
    /// the end byte and the token after.
    pub(crate) fn quantity_suffix(&mut self, j: usize) -> Option<(usize, usize)> {
        let t = self.cur.get(j)?;
        if t.nl_before {
            return None;
        }
        let s = &self.text[t.start..t.end];
        if t.kind == TokKind::Word && self.tags(j) & tag::QTY_SUFFIX != 0 {
            return Some((t.end, j + 1));
        }
        if t.glued && matches!(s, "²" | "³") {
            return Some((t.end, j + 1));
        }
        if t.glued
            && t.kind == TokKind::Slash
            && let Some((w, wt)) = self.word(j + 1)
            && wt.glued
            && matches!(w, "ساعه" | "سا" | "س" | "ث" | "ثانيه")
        {
            return Some((wt.end, j + 2));
        }
        None
    }

    /// Bytes of a proclitic ل/ب before a countable noun the lexicon knows
    /// (`data/countable.txt`): 0 when there is none. Not before units
    /// (`45 لعام 2023` is not 45 years).
    fn known_noun_clitic(&self, w: &str) -> usize {
        for c in ['ل', 'ب'] {
            if let Some(rest) = w.strip_prefix(c)
                && rest.chars().count() >= 3
                && self.info(rest).is_none_or(|i| i.unit_kind.is_none())
                && self
                    .lx
                    .get(&format!("{rest}ين"))
                    .is_some_and(|i| i.dual_of.is_some())
            {
                return c.len_utf8();
            }
        }
        0
    }
}
