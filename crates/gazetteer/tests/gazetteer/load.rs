//! Load errors name file:line; check reports every problem.

use std::io::Write;

use khabar_gazetteer::{GazetteerBuilder, check};

#[test]
fn file_errors_name_path_and_line() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        f,
        "# comment\nmoscow\tLOC\tموسكو\nbroken\tLOC\nkyiv\tLOC\tكييف"
    )
    .unwrap();
    let path = f.path().to_path_buf();
    let err = GazetteerBuilder::new().add_tsv_file(&path).err().unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "{}:3: expected id<TAB>type<TAB>name, found 2 fields",
            path.display()
        )
    );
    assert_eq!(err.line_number(), Some(3));
}

#[test]
fn missing_file_names_the_file() {
    let err = GazetteerBuilder::new()
        .add_tsv_file(std::path::Path::new("/nonexistent/x.tsv"))
        .err()
        .unwrap();
    assert!(err.to_string().starts_with("/nonexistent/x.tsv: "), "{err}");
}

#[test]
fn reader_errors_table() {
    let cases = [
        (
            "a\tLOC\n",
            "people.tsv:1: expected id<TAB>type<TAB>name, found 2 fields",
        ),
        ("# c\n\na\t\tname\n", "people.tsv:3: field 2 is empty"),
        ("a\tLOC\tx\t\n", "people.tsv:1: field 4 is empty"),
        (
            "a\tLOC\t…\n",
            "people.tsv:1: name in field 3 has no letters or digits",
        ),
    ];
    for (data, want) in cases {
        let err = GazetteerBuilder::new()
            .add_tsv_reader("people.tsv", data.as_bytes())
            .err()
            .unwrap();
        assert_eq!(err.to_string(), want);
    }
}

#[test]
fn type_conflict_is_a_build_error() {
    let mut b = GazetteerBuilder::new();
    b.add_tsv_reader("a.tsv", "x\tLOC\tموسكو\n".as_bytes())
        .unwrap();
    b.add_tsv_reader("b.tsv", "\nx\tORG\tكييف\n".as_bytes())
        .unwrap();
    let err = b.build().unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"b.tsv:2: id "x" has type ORG here but LOC at a.tsv:1"#
    );
}

#[test]
fn check_reports_every_bad_line_and_collisions() {
    let data = "moscow\tLOC\tموسكو\nbad\nalso-bad\tLOC\nmoscow-2\tLOC\tموسكو\nseoul\tLOC\tسول\tسول\n\
                pyongyang\tLOC\tبيونغ يانغ\npyongyang-alt\tLOC\tبيونج يانج\n";
    let r = check("user.tsv", data.as_bytes());
    assert!(!r.is_ok());
    assert_eq!(
        r.bad_lines,
        vec![
            "user.tsv:2: expected id<TAB>type<TAB>name, found 1 field".to_string(),
            "user.tsv:3: expected id<TAB>type<TAB>name, found 2 fields".to_string()
        ]
    );
    assert_eq!(r.stats.entries, 5);
    assert_eq!(r.stats.name_collisions, 1);
    assert_eq!(r.stats.duplicate_names, 1);
    // بيونج يانج (pyongyang-alt) folds like بيونغ يانغ (pyongyang): a shared
    // key, on which only the exact spellings match.
    assert_eq!(r.stats.shared_keys, 1, "{r}");
    let shown = r.to_string();
    assert!(shown.contains("user.tsv:2: expected"), "{shown}");
    assert!(shown.contains("name collision: user.tsv:4"), "{shown}");
    assert!(shown.contains("shared keys      1"), "{shown}");
}

#[test]
fn collisions_are_never_merged() {
    let mut b = GazetteerBuilder::new();
    b.add_entry("pyongyang", "LOC", &["بيونغ يانغ"]);
    b.add_entry("other", "LOC", &["بيونج يانج"]);
    let g = b.build().unwrap();
    // Each entry keeps its own name; the shared variants go to neither.
    assert_eq!(g.find_str("بيونغ يانغ")[0].id, "pyongyang");
    assert_eq!(g.find_str("بيونج يانج")[0].id, "other");
    assert!(g.find_str("بيونج يانغ").is_empty());
    assert!(g.find_str("بيونغ يانج").is_empty());
}

#[test]
fn first_full_name_wins_and_full_beats_short() {
    let mut b = GazetteerBuilder::new();
    b.add_short_forms_reader("short.tsv", "kim-jong-un\tPER\tكيم\n".as_bytes())
        .unwrap();
    b.add_entry("kim-city", "LOC", &["كيم"]);
    b.add_entry("a", "LOC", &["زاوية"]);
    b.add_entry("b", "LOC", &["زاوية"]);
    let g = b.build().unwrap();
    assert_eq!(g.find_str("كيم")[0].id, "kim-city");
    assert_eq!(g.find_str("زاوية")[0].id, "a");
    assert_eq!(g.stats().name_collisions, 2);
}

#[test]
fn variants_that_are_common_words_are_dropped() {
    let mut b = GazetteerBuilder::new();
    // Without its article الأمن would be أمن, a common word: not generated.
    b.add_entry("x", "ORG", &["الأمن"]);
    // Through the g rule الغنوب would match الجنوب, a common word:
    // refused. (A name of three letters or fewer, as غرم, takes no g
    // alternation at all: matching.rs.)
    b.add_entry("y", "LOC", &["الغنوب"]);
    let g = b.build().unwrap();
    assert_eq!(g.stats().dropped_stopwords, 1);
    assert!(g.find_str("أمن").is_empty());
    assert_eq!(g.find_str("الأمن").len(), 1);
    // ...but ل + الأمن contracts to للأمن, where it is the name.
    assert_eq!(g.find_str("للأمن")[0].id, "x");
    assert!(g.find_str("الجنوب").is_empty());
    assert_eq!(g.find_str("القنوب")[0].id, "y");
    assert_eq!(g.find_str("الغنوب")[0].id, "y");
}

#[test]
fn qaf_in_a_name_is_not_a_g() {
    let mut b = GazetteerBuilder::new();
    b.add_entry("qom", "LOC", &["قم"]);
    b.add_entry("iraq", "LOC", &["العراق"]);
    let g = b.build().unwrap();
    assert_eq!(g.find_str("قم").len(), 1);
    assert!(g.find_str("جم").is_empty());
    assert!(g.find_str("غم").is_empty());
    assert!(g.find_str("العراج").is_empty());
}

#[test]
fn empty_gazetteer_builds_and_finds_nothing() {
    for engine in crate::ENGINES {
        let mut b = GazetteerBuilder::new();
        b.engine(engine);
        let g = b.build().unwrap_or_else(|e| panic!("{engine:?}: {e}"));
        assert!(g.find_str("موسكو CNN").is_empty());
        assert_eq!(g.stats().patterns, 0);
    }
}

#[test]
fn a_proclitic_and_a_name_that_spell_a_common_word_are_not_a_mention() {
    // حماس is a movement and the noun "zeal": بحماس and الحماس are the noun.
    let mut b = GazetteerBuilder::new();
    b.add_entry("hamas", "ORG", &["حماس"]);
    let g = b.build().unwrap();
    for noun in [
        "تحدث بحماس عن المستقبل",
        "فقد الحماس",
        "واصل العمل بالحماس نفسه",
    ] {
        assert!(g.find_str(noun).is_empty(), "{noun}");
    }
    for name in ["قال متحدث باسم حماس", "وحماس ترفض", "رسالة لحماس"]
    {
        let found = g.find_str(name);
        assert_eq!(found.len(), 1, "{name}");
        assert_eq!(found[0].id, "hamas");
    }
}

#[test]
fn builtin_names_do_not_match_the_common_words_they_resemble() {
    let g = khabar_gazetteer::builtin().build().unwrap();
    // المقر "headquarters" (not المجر Hungary), البرتقال "orange" (not
    // البرتغال Portugal), رياض the given name (not الرياض Riyadh).
    for text in ["وصل إلى المقر الرئيسي", "أكل البرتقال", "قال رياض سلامة"]
    {
        let ids: Vec<&str> = g.find_str(text).iter().map(|m| m.id).collect();
        assert!(
            !ids.iter()
                .any(|id| ["hungary", "portugal", "riyadh"].contains(id)),
            "{text}: {ids:?}"
        );
    }
    assert_eq!(g.find_str("زار المجر والبرتغال والرياض").len(), 3);
}

#[test]
fn an_article_less_common_word_is_a_name_only_after_contracted_lil() {
    // الرياض without its article is رياض, a given name: alone or after و it
    // is the person, but ل + الرياض is written للرياض and is the city.
    let g = khabar_gazetteer::builtin().build().unwrap();
    for city in [
        "الرياض",
        "بالرياض",
        "والرياض",
        "للرياض",
        "وللرياض",
        "فللرياض",
    ] {
        let found = g.find_str(&format!("وصل الوفد {city} أمس"));
        assert_eq!(
            found.iter().map(|m| m.id).collect::<Vec<_>>(),
            ["riyadh"],
            "{city}"
        );
    }
    for person in ["رياض", "ورياض", "برياض"] {
        let found = g.find_str(&format!("قال {person} سلامة"));
        assert!(
            found.iter().all(|m| m.id != "riyadh"),
            "{person}: {found:?}"
        );
    }
    assert_eq!(g.find_str("زيارة للهند")[0].id, "india");
    assert_eq!(g.find_str("عاد للرباط")[0].id, "rabat");
}
