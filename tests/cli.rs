//! Command-line behaviour: exit codes, messages, record counts, ordering.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use crate::util::*;

#[test]
fn no_input_prints_usage_and_exits_2() {
    let out = run(&["extract"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Usage"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_input_path_exits_2_naming_it() {
    let out = run(&["extract", "seeds", "no/such/file.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no/such/file.txt"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        out.stdout.is_empty(),
        "nothing processed before the usage error"
    );
}

#[test]
fn every_document_yields_one_record_even_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a_good.txt", "زار لافروف موسكو".as_bytes());
    write(dir.path(), "b_empty.txt", b"");
    let mut binary = vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0];
    binary.extend(std::iter::repeat_n(0u8, 4096));
    write(dir.path(), "c_binary.bin", &binary);
    write(
        dir.path(),
        "d_lines.jsonl",
        "{\"id\":\"x1\",\"text\":\"روسيا\"}\nnot json\n\n{\"id\":\"x3\"}\n{\"id\":\"x4\",\"text\":\"نص\",\"url\":\"http://a\"}\n"
            .as_bytes(),
    );
    let out = run(
        &[
            "extract",
            "--progress",
            "never",
            dir.path().to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    // 3 files + 4 non-blank JSON Lines lines, in sorted path order.
    assert_eq!(
        ids,
        [
            "a_good",
            "b_empty",
            "c_binary",
            "x1",
            "d_lines:2",
            "x3",
            "x4"
        ]
    );
    assert!(recs[0].get("error").is_none());
    assert_eq!(
        recs[1]["entities"].as_array().unwrap().len(),
        0,
        "empty file: empty record"
    );
    assert!(recs[1].get("error").is_none());
    assert!(
        recs[2]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("binary"),
        "{}",
        recs[2]
    );
    let msg = recs[4]["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("d_lines.jsonl:2"),
        "names file and line: {msg}"
    );
    assert!(
        recs[5]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("d_lines.jsonl:4")
    );
    assert_eq!(
        recs[6]["meta"]["url"], "http://a",
        "other fields pass through under meta"
    );
    let err = stderr(&out);
    assert!(
        err.contains("7 documents") && err.contains("3 errors"),
        "summary: {err}"
    );
}

#[test]
fn output_is_identical_for_any_thread_count() {
    // Enough documents to span several batches and sub-batches.
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for round in 0..150 {
        for entry in std::fs::read_dir(seeds()).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let line = serde_json::json!({"id": format!("r{round}"), "text": text});
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
    }
    let corpus = write(dir.path(), "corpus.jsonl", lines.as_bytes());
    let corpus = corpus.to_str().unwrap();
    let one = run(
        &["extract", "-j", "1", "--progress", "never", "seeds", corpus],
        b"",
    );
    let two = run(
        &["extract", "-j", "2", "--progress", "never", "seeds", corpus],
        b"",
    );
    let four = run(
        &["extract", "-j", "4", "--progress", "never", "seeds", corpus],
        b"",
    );
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(records(&one).len(), 5 + 750);
    assert!(one.stdout == two.stdout, "-j 1 and -j 2 differ");
    assert!(one.stdout == four.stdout, "-j 1 and -j 4 differ");
}

#[test]
fn stdin_records_are_flushed_as_they_come() {
    let mut child = khabar()
        .args(["extract", "--progress", "never", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for i in 0..3 {
        writeln!(
            stdin,
            "{{\"id\":\"s{i}\",\"text\":\"وصل لافروف إلى بيونغ يانغ\"}}"
        )
        .unwrap();
        stdin.flush().unwrap();
        // The record must arrive while standard input is still open.
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let rec: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(rec["id"], format!("s{i}"));
        assert_eq!(rec["source"], format!("<stdin>:{}", i + 1));
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn char_offsets_and_text_slices_agree() {
    for mode in ["byte", "char"] {
        let out = run(
            &[
                "extract",
                "--offsets",
                mode,
                "--include-text",
                "--progress",
                "never",
                "seeds",
            ],
            b"",
        );
        assert_eq!(out.status.code(), Some(0));
        for rec in records(&out) {
            let text = rec["text"].as_str().unwrap();
            let chars: Vec<char> = text.chars().collect();
            for key in ["entities", "figures"] {
                for span in rec[key].as_array().unwrap() {
                    let (s, e) = (
                        span["start"].as_u64().unwrap() as usize,
                        span["end"].as_u64().unwrap() as usize,
                    );
                    let slice: String = if mode == "char" {
                        chars[s..e].iter().collect()
                    } else {
                        text[s..e].to_string()
                    };
                    assert_eq!(slice, span["text"].as_str().unwrap(), "{mode} span {span}");
                }
            }
        }
    }
}

#[test]
fn bad_gazetteer_line_exits_2_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "mine.tsv",
        "# comment\nacme\tORG\tأكمي\nbroken-line-without-tabs\n".as_bytes(),
    );
    let out = run(
        &["extract", "--gazetteer", g.to_str().unwrap(), "seeds"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("mine.tsv:3"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn user_gazetteer_adds_entities_and_builtin_can_be_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "mine.tsv",
        "wonsan-port\tLOC\tميناء وونسان\n".as_bytes(),
    );
    let doc = "{\"id\":\"d\",\"text\":\"وصل لافروف إلى ميناء وونسان\"}\n";
    let out = run(
        &["extract", "--gazetteer", g.to_str().unwrap(), "-"],
        doc.as_bytes(),
    );
    let ids: Vec<String> = records(&out)[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.contains(&"wonsan-port".to_string()), "{ids:?}");
    assert!(ids.contains(&"sergey-lavrov".to_string()), "{ids:?}");
    let out = run(
        &[
            "extract",
            "--no-builtin-gazetteer",
            "--gazetteer",
            g.to_str().unwrap(),
            "-",
        ],
        doc.as_bytes(),
    );
    let ents = records(&out)[0]["entities"].as_array().unwrap().clone();
    assert_eq!(ents.len(), 1);
    assert_eq!(ents[0]["id"], "wonsan-port");
}

#[test]
fn output_file_option_writes_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl");
    let out = run(
        &[
            "extract",
            "-o",
            path.to_str().unwrap(),
            "--progress",
            "never",
            "seeds",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 5);
}

#[test]
fn normalize_and_decode_subcommands() {
    let out = run(
        &["normalize", "--profile", "search"],
        "أَحْمَدُ ـــ ٢٠٢٤".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "احمد  2024");
    let mojibake = "Ù„Ø§Ù\u{81}Ø±ÙˆÙ\u{81}".as_bytes(); // "لافروف" read as Windows-1252
    let out = run(&["decode"], mojibake);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout.clone()).unwrap(), "لافروف");
    assert!(stderr(&out).contains("mojibake"), "{}", stderr(&out));
}

#[test]
fn records_stay_one_line_for_every_line_splitter() {
    // "من" through Latin-1 mojibake contains U+0085 (NEL, from م = D9 85); the repair's
    // `original` keeps it. Readers that split on NEL, U+2028 and U+2029
    // (Python's str.splitlines, older JavaScript) must still see one record.
    let mojibake: String = "لافروف من".bytes().map(char::from).collect();
    let doc = serde_json::json!({"id": "n", "text": format!("{mojibake} \u{2028} \u{2029}")});
    let out = run(
        &["extract", "--include-text", "--progress", "never", "-"],
        format!("{doc}\n").as_bytes(),
    );
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(stdout.contains("\\u0085"), "{stdout}");
    let splitters = [
        '\n', '\r', '\u{0b}', '\u{0c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}',
        '\u{2029}',
    ];
    assert_eq!(
        stdout.trim_end_matches('\n').split(&splitters[..]).count(),
        1,
        "{stdout}"
    );
    assert_eq!(
        records(&out)[0]["text"].as_str().unwrap(),
        "لافروف من \u{2028} \u{2029}"
    );
}

#[test]
fn gazetteer_check_reports_counts_and_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "good.tsv",
        "# c\nacme\tORG\tأكمي\tACME\nzed\tPER\tزيد عمرو\n".as_bytes(),
    );
    let out = run(&["gazetteer", "check", good.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("good.tsv"), "{report}");
    let bad = write(
        dir.path(),
        "bad.tsv",
        "acme\tORG\tأكمي\nno tabs here\n".as_bytes(),
    );
    let out = run(&["gazetteer", "check", bad.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("bad.tsv:2"), "{report}");
}

#[test]
fn progress_bar_goes_to_stderr_only() {
    let out = run(&["extract", "--progress", "always", "seeds"], b"");
    assert_eq!(out.status.code(), Some(0));
    // Every stdout line is a record; the bar never leaks into the output.
    assert_eq!(records(&out).len(), 5);
    assert!(stderr(&out).contains("5 documents"), "{}", stderr(&out));
}

#[test]
fn claims_flag_and_claims_subcommand_show_who_says_how_many() {
    let dir = tempfile::tempdir().unwrap();
    let recfile = dir.path().join("seeds.jsonl");
    let seeds = seeds();
    let out = run(
        &[
            "extract",
            seeds.to_str().unwrap(),
            "--claims",
            "--include-text",
            "--offsets",
            "char",
            "-o",
            recfile.to_str().unwrap(),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&recfile).unwrap();
    let recs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 5);
    // Claims with char offsets: the source slice is the source text.
    let pentagon = recs
        .iter()
        .flat_map(|r| r["claims"].as_array().unwrap().iter().map(move |c| (r, c)))
        .find(|(_, c)| c["source"]["id"] == "pentagon")
        .expect("the Pentagon's claim");
    let t: Vec<char> = pentagon.0["text"].as_str().unwrap().chars().collect();
    let s = &pentagon.1["source"];
    let slice: String = t
        [s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize]
        .iter()
        .collect();
    assert_eq!(slice, "البنتاغون");
    // Without --claims, no claims field.
    let plain = run(&["extract", seeds.to_str().unwrap()], b"");
    assert!(records(&plain).iter().all(|r| r.get("claims").is_none()));

    let report = dir.path().join("report.json");
    let out = run(
        &[
            "claims",
            recfile.to_str().unwrap(),
            "--format",
            "json",
            "-o",
            report.to_str().unwrap(),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let troops = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            g["members"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["text"] == "نحو 10 آلاف جندي")
        })
        .expect("the troops group");
    assert_eq!(troops["disagree"], true);
    let html = run(
        &["claims", recfile.to_str().unwrap(), "--format", "html"],
        b"",
    );
    assert!(html.status.success());
    assert!(String::from_utf8_lossy(&html.stdout).contains(r#"<html dir="rtl" lang="ar">"#));
    let missing = run(&["claims", "no/such/records.jsonl"], b"");
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no/such/records.jsonl"));
}

#[test]
fn imported_wikidata_gazetteer_is_used_by_extract_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let dump = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/gazetteer-import/tests/data/wikidata.json");
    let tsv = dir.path().join("wd.tsv");
    let out = run(
        &[
            "gazetteer",
            "import",
            "wikidata",
            dump.to_str().unwrap(),
            "-o",
            tsv.to_str().unwrap(),
            "--progress",
            "never",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("entries written   6"), "{err}");
    assert!(err.contains("wikidata.json:8: not an entity"), "{err}");
    let doc = "{\"id\":\"d\",\"text\":\"قال نبيل الحداد إن الوضع في وادي الزيتون هادئ\"}\n";
    let out = run(
        &["extract", "--gazetteer", tsv.to_str().unwrap(), "-"],
        doc.as_bytes(),
    );
    let ids: Vec<String> = records(&out)[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, vec!["Q1001".to_string(), "Q1002".to_string()]);
}

#[test]
fn user_entries_win_over_builtin_with_one_warning_and_check_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "mine.tsv",
        "moscow-club\tORG\tموسكو\nsergey-lavrov\tORG\tلافروف للاستشارات\n".as_bytes(),
    );
    // An id the built-in data types differently no longer fails the run.
    let doc = "{\"id\":\"d\",\"text\":\"فاز موسكو على ضيفه\"}\n";
    let out = run(
        &["extract", "--gazetteer", g.to_str().unwrap(), "-"],
        doc.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let e = &records(&out)[0]["entities"][0];
    assert_eq!(
        (e["id"].as_str(), e["type"].as_str()),
        (Some("moscow-club"), Some("ORG"))
    );
    let err = stderr(&out);
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(
        err.contains("1 name of other ids and 1 id with another type"),
        "{err}"
    );
    let out = run(&["gazetteer", "check", g.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("shared names     1"), "{text}");
    assert!(
        text.contains("mine.tsv:2: id \"sergey-lavrov\" has type ORG here but PER"),
        "{text}"
    );
}
