//! A user gazetteer beside the built-in one: the user's entries win.

use khabar_gazetteer::{builtin, overlaps};

const USER: &str = "\
# a user's own gazetteer
moscow-club\tORG\tموسكو
sergey-lavrov\tORG\tلافروف للاستشارات
berlin\tLOC\tبرلين\tالعاصمة الألمانية
";

#[test]
fn user_entry_wins_a_shared_name() {
    let mut b = builtin();
    b.add_tsv_reader("user.tsv", USER.as_bytes()).unwrap();
    let g = b.build().unwrap();
    let m = g.find_str("وصل الفريق إلى موسكو")[0];
    assert_eq!((m.id, m.kind), ("moscow-club", "ORG"));
    // Names only the built-in data holds still match.
    assert_eq!(g.find_str("زار بكين")[0].id, "beijing");
}

#[test]
fn id_clash_is_no_build_error_and_the_user_type_wins() {
    let mut b = builtin();
    b.add_tsv_reader("user.tsv", USER.as_bytes()).unwrap();
    let g = b.build().unwrap();
    assert_eq!(g.stats().type_conflicts, 0);
    let m = g.find_str("قالت لافروف للاستشارات")[0];
    assert_eq!((m.id, m.kind), ("sergey-lavrov", "ORG"));
    // The built-in person's names went with the replaced entry.
    assert!(
        g.find_str("قال سيرغي لافروف")
            .iter()
            .all(|m| m.kind == "ORG")
    );
    // Same id, same type: names merged, the user's first name canonical.
    let m = g.find_str("في العاصمة الألمانية")[0];
    assert_eq!((m.id, m.name), ("berlin", "برلين"));
}

#[test]
fn overlaps_are_reported_with_lines() {
    let o = overlaps("user.tsv", USER.as_bytes()).unwrap();
    assert_eq!(o.shared_names, 1);
    assert_eq!(o.id_clashes, 1);
    assert_eq!(o.extended_ids, 1);
    assert!(o.shared_name_examples[0].starts_with("user.tsv:2: name \"موسكو\""));
    assert!(o.id_clash_examples[0].starts_with("user.tsv:3: id \"sergey-lavrov\""));
    let w = o.warning().unwrap();
    assert!(
        w.contains("1 name of other ids and 1 id with another type"),
        "{w}"
    );
    assert!(o.to_string().contains("shared names     1"));
    // The builder reports the same for what was added to it.
    let mut b = builtin();
    b.add_tsv_reader("user.tsv", USER.as_bytes()).unwrap();
    assert_eq!(b.overlaps().shared_names, 1);
    // A file sharing nothing has nothing to warn about.
    let o = overlaps("own.tsv", "acme\tORG\tأكمي للصناعات\n".as_bytes()).unwrap();
    assert!(o.is_empty() && o.warning().is_none());
}
