//! The importers on fixtures written in the exact Wikidata and GeoNames
//! formats, with every edge: aliases, missing labels, several P31 values,
//! ranks, escapes, bad lines; and the output loaded by the gazetteer.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use khabar_gazetteer::GazetteerBuilder;
use khabar_gazetteer_import::{
    GeonamesOptions, ImportErrorKind, WikidataOptions, geonames_files, wikidata, wikidata_file,
};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn entries(tsv: &str) -> Vec<Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect()
}

fn import(options: &WikidataOptions) -> (String, khabar_gazetteer_import::Summary) {
    let mut out = Vec::new();
    let s = wikidata_file(&data("wikidata.json"), options, &mut out, |_| {}).unwrap();
    (String::from_utf8(out).unwrap(), s)
}

#[test]
fn wikidata_fixture() {
    let (tsv, s) = import(&WikidataOptions::default());
    let e = entries(&tsv);
    assert_eq!(
        e,
        vec![
            // Label first, then aliases; other languages ignored.
            vec!["Q1001", "PER", "نبيل حداد", "نبيل الحداد", "ن. حداد"],
            // The first P31 in the table (Q999999 is not).
            vec!["Q1002", "LOC", "وادي الزيتون"],
            // Deprecated Q5 ignored: the company class.
            vec!["Q1005", "ORG", "مجموعة الواحة"],
            // Escapes decoded, tabs made spaces, a name without letters dropped.
            vec!["Q1008", "LOC", "جبل \"الشيخ\" الكبير", "جبل الشيخ"],
            // The preferred statement wins over the normal one.
            vec!["Q1009", "LOC", "قرية السلام"],
            vec!["Q1010", "ORG", "حزب الفجر الجديد"],
        ]
    );
    // 12 entity lines: Q1003, Q1004 (arz only), Q1007 (labels []) have no
    // Arabic label; Q1006 and the property have no class in the table.
    assert_eq!(s.entities, 12);
    assert_eq!(s.written, 6);
    assert_eq!(s.no_label, 3);
    assert_eq!(s.filtered, 2);
    assert_eq!(s.bad_lines, 1);
    assert!(
        s.bad_line_examples[0].ends_with(
            "wikidata.json:8: not an entity: EOF while parsing a string at line 1 column 72"
        ) || s.bad_line_examples[0].contains("wikidata.json:8: not an entity"),
        "{:?}",
        s.bad_line_examples
    );
    assert!(s.to_string().contains("bad lines         1"));
}

#[test]
fn wikidata_languages_and_classes() {
    let mut o = WikidataOptions::default();
    o.langs_arg("ar,arz").unwrap();
    o.classes.insert_arg("Q17737=ORG").unwrap();
    let (tsv, s) = import(&o);
    let e = entries(&tsv);
    assert!(e.contains(&vec!["Q1004", "ORG", "شركة النيل للنسيج"]));
    assert!(e.contains(&vec!["Q1006", "ORG", "نظرية الأوتار"]));
    assert!(e.contains(&vec!["Q1010", "ORG", "حزب الفجر الجديد", "الفجر الجديد"]));
    assert_eq!(s.written, 8);
    // Bad options are typed errors.
    let mut o = WikidataOptions::default();
    assert_eq!(
        o.langs_arg(" , ").unwrap_err().kind(),
        ImportErrorKind::Option
    );
    assert_eq!(
        o.classes.insert_arg("X1=ORG").unwrap_err().kind(),
        ImportErrorKind::Option
    );
    assert_eq!(
        o.classes.insert_arg("Q1").unwrap_err().kind(),
        ImportErrorKind::Option
    );
    assert_eq!(
        o.classes.insert_arg("Q1=A B").unwrap_err().kind(),
        ImportErrorKind::Option
    );
}

#[test]
fn wikidata_output_loads_and_matches() {
    let (tsv, _) = import(&WikidataOptions::default());
    let mut b = GazetteerBuilder::new();
    b.add_tsv_reader("wikidata.tsv", tsv.as_bytes()).unwrap();
    let g = b.build().unwrap();
    let m = g.find_str("قال نبيل الحداد إن الوضع في وادي الزيتون هادئ.");
    let ids: Vec<_> = m.iter().map(|m| (m.id, m.kind)).collect();
    assert_eq!(ids, vec![("Q1001", "PER"), ("Q1002", "LOC")]);
    let r = khabar_gazetteer::check("wikidata.tsv", tsv.as_bytes());
    assert!(r.is_ok(), "{r}");
}

fn compressed(kind: &str) -> tempfile::TempPath {
    let raw = std::fs::read(data("wikidata.json")).unwrap();
    let f = tempfile::Builder::new()
        .suffix(&format!(".json.{kind}"))
        .tempfile()
        .unwrap();
    let (file, path) = f.into_parts();
    match kind {
        "gz" => {
            let mut w = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
            w.write_all(&raw).unwrap();
            w.finish().unwrap();
        }
        _ => {
            let mut w = bzip2::write::BzEncoder::new(file, bzip2::Compression::fast());
            w.write_all(&raw).unwrap();
            w.finish().unwrap();
        }
    }
    path
}

#[test]
fn compressed_dumps_give_the_same_output() {
    let (plain, _) = import(&WikidataOptions::default());
    for kind in ["gz", "bz2"] {
        let path = compressed(kind);
        let mut out = Vec::new();
        let mut last = None;
        let s = wikidata_file(&path, &WikidataOptions::default(), &mut out, |p| {
            last = Some(*p)
        })
        .unwrap();
        assert_eq!(s.written, 6, "{kind}");
        let got = String::from_utf8(out).unwrap();
        // Only the header names the file.
        assert_eq!(entries(&got), entries(&plain), "{kind}");
        let p = last.unwrap();
        assert_eq!(p.total_bytes, Some(std::fs::metadata(&path).unwrap().len()));
        assert_eq!(p.bytes, p.total_bytes.unwrap());
        assert_eq!(p.written, 6);
    }
}

#[test]
fn wikidata_reader_and_missing_file() {
    let raw = std::fs::read(data("wikidata.json")).unwrap();
    let mut out = Vec::new();
    let s = wikidata(&raw[..], &WikidataOptions::default(), &mut out, |_| {}).unwrap();
    assert_eq!(s.written, 6);
    assert!(s.bad_line_examples[0].starts_with("<dump>:8:"));
    let e = wikidata_file(
        Path::new("/nonexistent.json"),
        &WikidataOptions::default(),
        Vec::new(),
        |_| {},
    )
    .unwrap_err();
    assert_eq!(e.kind(), ImportErrorKind::Io);
}

fn geo(options: &GeonamesOptions) -> (String, khabar_gazetteer_import::Summary) {
    let mut out = Vec::new();
    let s = geonames_files(
        &data("alternateNamesV2.txt"),
        &data("allCountries.txt"),
        options,
        &mut out,
        |_| {},
    )
    .unwrap();
    (String::from_utf8(out).unwrap(), s)
}

#[test]
fn geonames_fixture() {
    let (tsv, s) = geo(&GeonamesOptions::default());
    assert_eq!(
        entries(&tsv),
        vec![
            // Preferred first, then short; historic and English left out.
            vec!["geonames:7000001", "LOC", "وادي الزيتون", "الزيتون"],
            // Colloquial left out.
            vec!["geonames:7000002", "LOC", "جبل الشيخ"],
            vec!["geonames:7000003", "LOC", "النجع الصغير"],
            // An empty population is 0; the "link" language is not Arabic.
            vec!["geonames:7000006", "LOC", "قرية النور"],
        ]
    );
    // Places: 6 good lines (two bad ones); 7000004 has no Arabic name;
    // 7000005 is a hotel (class S).
    assert_eq!(s.entities, 6);
    assert_eq!(s.no_label, 1);
    assert_eq!(s.filtered, 1);
    assert_eq!(s.written, 4);
    assert_eq!(s.bad_lines, 4, "{:?}", s.bad_line_examples);
    let bad = s.bad_line_examples.join("\n");
    assert!(
        bad.contains("alternateNamesV2.txt:3: geonameid \"not-a-number\" is not a number"),
        "{bad}"
    );
    assert!(
        bad.contains("alternateNamesV2.txt:5: expected 10 columns, found 2"),
        "{bad}"
    );
    assert!(
        bad.contains("allCountries.txt:4: expected 19 columns, found 3"),
        "{bad}"
    );
    assert!(
        bad.contains("allCountries.txt:6: geonameid \"abc\" is not a number"),
        "{bad}"
    );
}

#[test]
fn geonames_filters_and_output_loads() {
    let mut o = GeonamesOptions::default();
    o.min_population = 100;
    let (tsv, s) = geo(&o);
    let ids: Vec<&str> = entries(&tsv).iter().map(|e| e[0]).collect();
    assert_eq!(ids, vec!["geonames:7000001"]);
    assert_eq!(s.filtered, 4);
    let mut o = GeonamesOptions::default();
    o.feature_classes_arg("S").unwrap();
    let (tsv, _) = geo(&o);
    assert_eq!(
        entries(&tsv),
        vec![vec!["geonames:7000005", "LOC", "فندق الواحة"]]
    );
    assert_eq!(
        o.feature_classes_arg("Z").unwrap_err().kind(),
        ImportErrorKind::Option
    );

    let (tsv, _) = geo(&GeonamesOptions::default());
    let mut b = GazetteerBuilder::new();
    b.add_tsv_reader("geonames.tsv", tsv.as_bytes()).unwrap();
    let g = b.build().unwrap();
    let m = g.find_str("وصلت القافلة إلى وادي الزيتون قرب جبل الشيخ.");
    let ids: Vec<_> = m.iter().map(|m| m.id).collect();
    assert_eq!(ids, vec!["geonames:7000001", "geonames:7000002"]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Any input: no panic, and every entity line is written, skipped or
    /// counted as bad.
    #[test]
    fn any_dump_is_accounted_for(lines in proptest::collection::vec(
        proptest::prop_oneof![
            proptest::string::string_regex("\\PC{0,40}").unwrap(),
            proptest::strategy::Just(r#"{"id":"Q1","labels":{"ar":{"language":"ar","value":"دمشق"}},"claims":{"P31":[{"mainsnak":{"datavalue":{"value":{"id":"Q515"}}}}]}},"#.to_string()),
            proptest::strategy::Just(r#"{"id":"Q2","labels":{"ar":{"value":1}}},"#.to_string()),
            proptest::strategy::Just("[".to_string()),
        ], 0..20)) {
        let dump = lines.join("\n");
        let mut out = Vec::new();
        let s = wikidata(dump.as_bytes(), &WikidataOptions::default(), &mut out, |_| {}).unwrap();
        proptest::prop_assert_eq!(s.written + s.no_label + s.filtered + s.bad_lines, s.entities);
        let tsv = String::from_utf8(out).unwrap();
        let r = khabar_gazetteer::check("x.tsv", tsv.as_bytes());
        proptest::prop_assert!(r.is_ok(), "{}", r);
    }
}
