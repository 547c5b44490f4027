//! What never happens (SPEC §12): an input overwritten, a truncated file
//! under the output's final name, a document lost to a signal.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use crate::util::*;

fn lines(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let line = serde_json::json!({"id": format!("n{i}"), "text": format!("قال المتحدث إن نحو {i} جندي وصلوا إلى موسكو صباح اليوم.")});
        s.push_str(&line.to_string());
        s.push('\n');
    }
    s
}

#[test]
fn output_naming_an_input_is_refused_before_anything_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "corpus.jsonl", lines(3).as_bytes());
    let before = std::fs::read(&input).unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    let sub = dir.path().join("docs");
    std::fs::create_dir(&sub).unwrap();
    write(&sub, "a.txt", "زار لافروف موسكو".as_bytes());
    let inside = sub.join("out.jsonl");
    let cases: [(&str, &std::path::Path, &std::path::Path); 3] = [
        ("the same file", &input, &input),
        ("through a symlink", &input, &link),
        ("inside a walked directory", &sub, &inside),
    ];
    for (what, input_arg, out) in cases {
        let out_s = out.to_str().unwrap();
        let out_run = run(
            &[
                "extract",
                "--progress",
                "never",
                "-o",
                out_s,
                input_arg.to_str().unwrap(),
            ],
            b"",
        );
        assert_eq!(
            out_run.status.code(),
            Some(2),
            "{what}: {}",
            stderr(&out_run)
        );
        let err = stderr(&out_run);
        assert_eq!(err.lines().count(), 1, "{what}: one line: {err}");
        assert!(err.contains(out_s), "{what}: names the output: {err}");
        assert_eq!(
            std::fs::read(&input).unwrap(),
            before,
            "{what}: input untouched"
        );
        assert!(
            !inside.exists()
                && !crate::util::root()
                    .join(format!("{out_s}.partial"))
                    .exists()
        );
    }
    assert!(!dir.path().join("corpus.jsonl.partial").exists());
}

#[test]
fn output_is_written_as_partial_and_renamed_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.jsonl", lines(20).as_bytes());
    let out = dir.path().join("out.jsonl");
    let r = run(
        &[
            "extract",
            "--progress",
            "never",
            "-o",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
    assert!(!dir.path().join("out.jsonl.partial").exists());
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 20);
}

/// Sends `sig` once the first record is out, then checks what is left.
fn interrupted_by(sig: &str, code: i32) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let partial = dir.path().join("out.jsonl.partial");
    let mut child = khabar()
        .args([
            "extract",
            "-j",
            "2",
            "--progress",
            "never",
            "-o",
            out.to_str().unwrap(),
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Feed slowly: records are written (and flushed) as they come.
    stdin.write_all(lines(50).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::fs::metadata(&partial).map_or(0, |m| m.len()) == 0 {
        assert!(std::time::Instant::now() < deadline, "no record written");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let killed = std::process::Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    // The reader is waiting on standard input: closing it lets it see
    // the stop.
    drop(stdin);
    let status = child.wait().unwrap();
    let mut err = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .lines()
        .for_each(|l| err.push_str(&(l.unwrap() + "\n")));
    assert_eq!(status.code(), Some(code), "{err}");
    assert!(!out.exists(), "no file under the final name");
    assert!(
        err.contains("stopped by") && err.contains("out.jsonl.partial"),
        "{err}"
    );
    let text = std::fs::read_to_string(&partial).unwrap();
    assert!(text.ends_with('\n'), "whole records only");
    for (i, line) in text.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["id"], format!("n{i}"), "in order, none lost before it");
    }
}

#[test]
fn sigint_leaves_whole_records_in_the_partial_file_and_exits_130() {
    interrupted_by("-INT", 130);
}

#[test]
fn sigterm_leaves_whole_records_in_the_partial_file_and_exits_143() {
    interrupted_by("-TERM", 143);
}

#[test]
fn normalize_and_decode_stream_to_an_output_file() {
    use khabar::normalize::{Normalizer, Profile};
    let dir = tempfile::tempdir().unwrap();
    // Several blocks: lines of news text, some with mojibake and controls.
    let mut text = String::new();
    for i in 0..60_000 {
        text.push_str(&format!(
            "قال المتحدثُ إن نحو {i} جندي وصلوا إلى بيونغ يانغ\u{200F} Ø§Ù„Ù‚Ø¯Ø³\n"
        ));
    }
    let input = write(dir.path(), "big.txt", text.as_bytes());
    let whole = khabar::decode::decode(text.as_bytes()).unwrap();
    let want_norm = Normalizer::new(Profile::Search).normalize(&whole.text);
    let norm_out = dir.path().join("norm.txt");
    let r = run(
        &[
            "normalize",
            "-o",
            norm_out.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
    assert!(std::fs::read_to_string(&norm_out).unwrap() == want_norm.as_str());
    let dec_out = dir.path().join("dec.txt");
    let r = run(
        &[
            "decode",
            "-o",
            dec_out.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
    assert!(std::fs::read_to_string(&dec_out).unwrap() == whole.text);
    let first = stderr(&r).lines().next().unwrap().to_string();
    assert!(
        first.ends_with(&format!("encoding utf-8, {} repairs", whole.repairs.len())),
        "{first}"
    );
    // The output may not be the input.
    let r = run(
        &[
            "decode",
            "-o",
            input.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).unwrap(), text.as_bytes());
}
