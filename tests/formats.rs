//! Every corpus format users have: BOM and UTF-16 JSON Lines, `.gz` and
//! `.zst`, `.json`, plain text on standard input, directory walks.

use std::io::Write;

use crate::util::*;

/// Three JSON Lines documents, written for these tests.
const LINES: &str = "{\"id\":\"a\",\"text\":\"وصل لافروف إلى موسكو\"}\n{\"id\":\"b\",\"text\":\"نزح نحو 300 شخص\"}\n{\"id\":\"c\",\"text\":\"قال المتحدث باسم الحكومة\"}\n";

fn ids(args: &[&str], stdin: &[u8]) -> Vec<String> {
    let mut all = vec!["extract", "--progress", "never"];
    all.extend_from_slice(args);
    let out = run(&all, stdin);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    records(&out)
        .iter()
        .map(|r| {
            assert!(r.get("error").is_none(), "{r}");
            r["id"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn a_bom_and_utf16_json_lines_lose_no_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(LINES.as_bytes());
    let bom = write(dir.path(), "bom.jsonl", &bom);
    let mut le = vec![0xFF, 0xFE];
    le.extend(LINES.encode_utf16().flat_map(u16::to_le_bytes));
    let le = write(dir.path(), "le.jsonl", &le);
    let mut be = vec![0xFE, 0xFF];
    be.extend(LINES.encode_utf16().flat_map(u16::to_be_bytes));
    let be = write(dir.path(), "be.jsonl", &be);
    for p in [&bom, &le, &be] {
        assert_eq!(
            ids(&[p.to_str().unwrap()], b""),
            ["a", "b", "c"],
            "{}",
            p.display()
        );
    }
    let out = run(
        &["extract", "--progress", "never", le.to_str().unwrap()],
        b"",
    );
    assert_eq!(records(&out)[0]["entities"][0]["id"], "sergey-lavrov");
}

#[test]
fn gzip_and_zstd_are_read_as_they_stream() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(LINES.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let zst = zstd::stream::encode_all(LINES.as_bytes(), 3).unwrap();
    let a = write(dir.path(), "a.jsonl.gz", &gz);
    let b = write(dir.path(), "b.jsonl.zst", &zst);
    // No compression extension: told by its magic bytes.
    let c = write(dir.path(), "c.jsonl", &gz);
    for p in [&a, &b, &c] {
        assert_eq!(
            ids(&[p.to_str().unwrap()], b""),
            ["a", "b", "c"],
            "{}",
            p.display()
        );
    }
    // A compressed text file is one document, its id without extensions.
    let text = zstd::stream::encode_all("زار لافروف موسكو".as_bytes(), 3).unwrap();
    let t = write(dir.path(), "article.txt.zst", &text);
    assert_eq!(ids(&[t.to_str().unwrap()], b""), ["article"]);
}

#[test]
fn json_files_hold_one_document_or_an_array() {
    let dir = tempfile::tempdir().unwrap();
    let one = write(
        dir.path(),
        "one.json",
        "{\"id\": \"x\", \"text\": \"زار لافروف موسكو\", \"url\": \"u\"}".as_bytes(),
    );
    let many = write(
        dir.path(),
        "many.json",
        "[{\"id\": \"p\", \"text\": \"روسيا\"}, {\"text\": \"موسكو\"}]".as_bytes(),
    );
    assert_eq!(ids(&[one.to_str().unwrap()], b""), ["x"]);
    assert_eq!(ids(&[many.to_str().unwrap()], b""), ["p", "many:2"]);
    let out = run(
        &["extract", "--progress", "never", one.to_str().unwrap()],
        b"",
    );
    assert_eq!(records(&out)[0]["meta"]["url"], "u");
}

#[test]
fn plain_text_on_standard_input_is_one_document() {
    let text = "قال لافروف إن نحو 10 آلاف جندي وصلوا.\n{ليس سطرًا من JSON}\nسطر ثالث\n";
    assert_eq!(ids(&["-"], text.as_bytes()), ["stdin"]);
    assert_eq!(ids(&["-"], LINES.as_bytes()), ["a", "b", "c"]);
    // Leading blank lines do not hide the `{`.
    let padded = format!("\n  \n{LINES}");
    assert_eq!(ids(&["-"], padded.as_bytes()), ["a", "b", "c"]);
    // Forced either way.
    assert_eq!(
        ids(&["--input-format", "text", "-"], LINES.as_bytes()),
        ["stdin"]
    );
}

#[test]
fn input_format_forces_json_lines_or_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "corpus.txt", LINES.as_bytes());
    let p = p.to_str().unwrap();
    assert_eq!(ids(&[p], b""), ["corpus"]);
    assert_eq!(ids(&["--input-format", "jsonl", p], b""), ["a", "b", "c"]);
}

#[test]
fn directory_walks_skip_hidden_files_and_give_unique_relative_ids() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for sub in ["news", "wire", ".git", "news/.cache"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    let text = "زار لافروف موسكو".as_bytes();
    write(&root.join("news"), "a.txt", text);
    write(&root.join("wire"), "a.txt", text);
    write(&root.join(".git"), "config", text);
    write(&root.join("news/.cache"), "x.txt", text);
    write(root, ".hidden.txt", text);
    // Two names that are not UTF-8 and differ only there.
    use std::os::unix::ffi::OsStrExt;
    for name in [&b"bad\xff.txt"[..], &b"bad\xfe.txt"[..]] {
        std::fs::write(root.join(std::ffi::OsStr::from_bytes(name)), text).unwrap();
    }
    let root_s = root.to_str().unwrap();
    assert_eq!(
        ids(&[root_s], b""),
        ["bad\\xFE", "bad\\xFF", "news/a", "wire/a"]
    );
    let all = ids(&["--hidden", root_s], b"");
    assert_eq!(all.len(), 7, "{all:?}");
    assert!(all.contains(&".git/config".to_string()), "{all:?}");
    // A file named directly is read even when hidden; its id is its stem.
    let hidden = root.join(".hidden.txt");
    assert_eq!(ids(&[hidden.to_str().unwrap()], b""), [".hidden"]);
}
