//! Legacy encodings that cannot hold Arabic are decoded, but never in
//! silence: a `legacy-encoding` repair says what was guessed and how sure
//! the guess is. The Arabic code pages stay silent.

#![allow(clippy::unwrap_used)]

use encoding_rs::{
    EUC_KR, Encoding, GBK, IBM866, ISO_8859_6, KOI8_R, SHIFT_JIS, WINDOWS_1251, WINDOWS_1252,
    WINDOWS_1256,
};
use khabar_decode::{Decoded, RepairKind, decode, legacy_confidence};

const RUSSIAN: &str = "Министерство иностранных дел сообщило в понедельник, что переговоры \
     о прекращении огня возобновятся на следующей неделе в Женеве, а делегации уже прибыли.";
const FRENCH: &str = "Le ministère des Affaires étrangères a annoncé lundi que les \
     négociations reprendront à Genève la semaine prochaine, selon un communiqué publié à Paris.";
const JAPANESE: &str =
    "外務省は月曜日、停戦交渉が来週ジュネーブで再開されると発表した。代表団はすでに到着している。";
const CHINESE: &str = "外交部星期一表示，停火谈判将于下周在日内瓦恢复，各国代表团已经抵达当地。";
const KOREAN: &str = "외교부는 월요일 휴전 협상이 다음 주 제네바에서 재개될 것이라고 발표했다.";
const ARABIC: &str = "أعلنت وزارة الخارجية يوم الاثنين أن مفاوضات وقف إطلاق النار ستستأنف \
     الأسبوع المقبل في جنيف، وأن الوفود وصلت بالفعل إلى المدينة.";

fn encoded(enc: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(!unmappable, "{} cannot hold the test text", enc.name());
    bytes.into_owned()
}

/// The `legacy-encoding` notes of a decode.
fn notes(d: &Decoded) -> Vec<&str> {
    d.repairs
        .iter()
        .filter(|r| r.kind == RepairKind::LegacyEncoding)
        .map(|r| r.original.as_str())
        .collect()
}

/// The confidence written in a note.
fn confidence(note: &str) -> f32 {
    let rest = note.split("(confidence ").nth(1).unwrap_or_default();
    rest[..4].parse().unwrap_or(-1.0)
}

/// `text` in `enc` decodes back, labelled `name` (or `other`: KOI8-U is
/// KOI8-R with a few more letters, and either label is right for Russian),
/// with one note first, at 0, naming the label, the script and a
/// confidence of at least 0.7.
fn check_foreign(enc: &'static Encoding, text: &str, name: &str, script: &str) {
    check_foreign_or(enc, text, name, name, script);
}

fn check_foreign_or(enc: &'static Encoding, text: &str, name: &str, other: &str, script: &str) {
    let d = decode(&encoded(enc, text)).unwrap();
    assert!(d.encoding == name || d.encoding == other, "{}", d.encoding);
    let name = d.encoding;
    assert_eq!(d.text, text, "{name} decodes back");
    let n = notes(&d);
    assert_eq!(n.len(), 1, "{name}: {:?}", d.repairs);
    let r = &d.repairs[0];
    assert_eq!((r.kind, r.start, r.end), (RepairKind::LegacyEncoding, 0, 0));
    assert!(
        n[0].starts_with(&format!("decoded as {name} (confidence ")),
        "{}",
        n[0]
    );
    assert!(n[0].contains(&format!(", {script} letters)")), "{}", n[0]);
    assert!(n[0].ends_with("): probably not Arabic"), "{}", n[0]);
    assert!(confidence(n[0]) >= 0.7, "{}", n[0]);
}

#[test]
fn windows_1251_is_reported_with_its_confidence() {
    check_foreign(WINDOWS_1251, RUSSIAN, "windows-1251", "Cyrillic");
}

#[test]
fn koi8_r_is_reported_with_its_confidence() {
    check_foreign_or(KOI8_R, RUSSIAN, "koi8-r", "koi8-u", "Cyrillic");
}

#[test]
fn ibm866_is_reported_with_its_confidence() {
    check_foreign(IBM866, RUSSIAN, "ibm866", "Cyrillic");
}

#[test]
fn windows_1252_is_reported_with_its_confidence() {
    check_foreign(WINDOWS_1252, FRENCH, "windows-1252", "Latin");
}

#[test]
fn shift_jis_is_reported_with_its_confidence() {
    check_foreign(SHIFT_JIS, JAPANESE, "shift_jis", "CJK");
}

#[test]
fn gbk_is_reported_with_its_confidence() {
    check_foreign(GBK, CHINESE, "gbk", "CJK");
}

#[test]
fn euc_kr_is_reported_with_its_confidence() {
    check_foreign(EUC_KR, KOREAN, "euc-kr", "CJK");
}

#[test]
fn the_arabic_code_pages_stay_silent() {
    for (enc, name) in [(WINDOWS_1256, "windows-1256"), (ISO_8859_6, "iso-8859-6")] {
        let d = decode(&encoded(enc, ARABIC)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (name, ARABIC));
        assert!(d.repairs.is_empty(), "{name}: {:?}", d.repairs);
    }
    // Unicode input never gets the note either.
    for bytes in [ARABIC.as_bytes().to_vec(), encoded(WINDOWS_1251, "")] {
        assert!(notes(&decode(&bytes).unwrap()).is_empty());
    }
}

#[test]
fn bytes_that_are_not_text_get_a_low_confidence() {
    // Every high byte once, in a scrambled order, between spaces: no code
    // page makes words of it.
    let mut bytes = Vec::new();
    let mut x = 7u32;
    for _ in 0..512 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        bytes.push(0x80 | (x >> 16) as u8);
        if x.is_multiple_of(5) {
            bytes.push(b' ');
        }
    }
    let d = decode(&bytes).unwrap();
    let n = notes(&d);
    assert_eq!(n.len(), 1, "{}: {:?}", d.encoding, d.repairs.first());
    assert!(confidence(n[0]) < 0.7, "{}", n[0]);
}

#[test]
fn the_note_comes_first_and_other_repairs_follow() {
    // A soft hyphen (0xAD in Windows-1251) inside a word is removed.
    let text = RUSSIAN.replace("переговоры", "перего\u{AD}воры");
    let d = decode(&encoded(WINDOWS_1251, &text)).unwrap();
    let kinds: Vec<RepairKind> = d.repairs.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, [RepairKind::LegacyEncoding, RepairKind::Control]);
    assert_eq!(d.repairs[1].original, "\u{AD}");
    assert_eq!(d.text, RUSSIAN);
}

#[test]
fn confidence_is_the_share_of_letters_of_one_script() {
    let c = legacy_confidence("abc Россия é");
    // ASCII is not counted: "Россия" is 6 of the 7 other characters.
    assert_eq!(c.script, Some("Cyrillic"));
    assert!((c.confidence - 6.0 / 7.0).abs() < 1e-6);
    assert_eq!(legacy_confidence("ascii only").confidence, 0.0);
    assert_eq!(legacy_confidence("ascii only").script, None);
    assert!(legacy_confidence("\u{FFFD}\u{FFFD}ж").confidence < 0.34);
}
