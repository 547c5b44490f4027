//! The stream's contract: one record per document, in input order, the same
//! bytes for any thread count and chunking, bounded reading ahead, clean
//! stops.
#![allow(clippy::unwrap_used, missing_docs)]

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use khabar::record::{DocMeta, Offsets, RecordOptions};
use khabar::source::{Input, Source, SourceErrorKind};
use khabar::stream::StreamErrorKind;
use khabar::{Pipeline, ProcessError, ProcessErrorKind};

/// News-style sentences written for these tests, with names and figures.
const SENTENCES: &[&str] = &[
    "أعلنت وزارة الدفاع أن نحو 4000 جندي وصلوا إلى بيونغ يانغ صباح الثلاثاء.",
    "قال لافروف في مؤتمر صحفي بموسكو إن المحادثات ستستمر.",
    "ارتفعت الأسعار بنسبة 12 في المئة خلال الربع الأول من العام.",
    "نزح ما بين 25 ألفًا و30 ألف شخص من القرى الحدودية.",
    "",
];

/// `n` documents: the sentences in turn, with a number so that no two are
/// alike, and every seventh one a document that could not be read.
fn inputs(n: usize) -> Vec<Input> {
    (0..n)
        .map(|i| {
            if i % 7 == 6 {
                let e = ProcessError::new(ProcessErrorKind::Io, format!("cannot read doc {i}"));
                return Input::failed(format!("d{i}"), "test", e);
            }
            let text = format!("{} ({i})", SENTENCES[i % SENTENCES.len()]);
            Input::new(format!("d{i}"), text).with_source(format!("mem:{i}"))
        })
        .collect()
}

/// The records one at a time, on this thread: what every stream must equal.
fn oracle(p: &Pipeline, inputs: &[Input], opts: &RecordOptions) -> Vec<u8> {
    let mut out = Vec::new();
    for input in inputs {
        let result = match input.body() {
            Ok(body) => p.process_batch_owned(vec![body.clone()]).pop().unwrap(),
            Err(e) => Err(e.clone()),
        };
        let meta = DocMeta {
            id: input.id(),
            source: input.source(),
            meta: input.meta(),
        };
        p.write_record(&mut out, &meta, &result, opts);
    }
    out
}

#[test]
fn write_json_is_the_same_bytes_for_any_threads_and_chunking() {
    let p = Pipeline::builder().build().unwrap();
    let docs = inputs(300);
    let opts = RecordOptions {
        offsets: Offsets::Char,
        include_text: true,
    };
    let want = oracle(&p, &docs, &opts);
    for (threads, chunk_docs, in_flight) in [(1, 64, 0), (2, 1, 1), (3, 5, 2), (4, 64, 0)] {
        let mut out = Vec::new();
        let summary = p
            .stream(Source::inputs(docs.clone()))
            .threads(threads)
            .chunk(chunk_docs, 1 << 20)
            .chunks_in_flight(in_flight)
            .record_options(opts)
            .write_json(&mut out)
            .unwrap();
        assert!(out == want, "threads {threads}, chunks of {chunk_docs}");
        assert_eq!(summary.documents, 300);
        assert_eq!(summary.errors, 300 / 7);
    }
}

#[test]
fn records_come_in_input_order_with_their_documents_and_json() {
    let p = Pipeline::builder().build().unwrap();
    let docs = inputs(100);
    let want = oracle(&p, &docs, &RecordOptions::default());
    let mut ids = Vec::new();
    let mut rendered = Vec::new();
    let mut on_demand = Vec::new();
    let summary = p
        .stream(Source::inputs(docs))
        .threads(3)
        .chunk(4, 1 << 20)
        .render_json(true)
        .for_each(|r| {
            ids.push(r.id().to_string());
            rendered.extend_from_slice(r.json().unwrap());
            r.write_json(&mut on_demand).unwrap();
            if r.id() == "d1" {
                let doc = r.document().unwrap();
                assert_eq!(doc.entities[0].id, Some("sergey-lavrov"));
                assert_eq!(r.to_value()["entities"][0]["id"], "sergey-lavrov");
            }
            if r.id() == "d6" {
                assert_eq!(r.error().unwrap().kind(), ProcessErrorKind::Io);
            }
        })
        .unwrap();
    let expected: Vec<String> = (0..100).map(|i| format!("d{i}")).collect();
    assert_eq!(ids, expected);
    assert!(rendered == want);
    assert!(on_demand == want);
    assert_eq!(summary.documents, 100);
}

#[test]
fn a_consumer_that_stops_early_stops_the_stream() {
    let p = Pipeline::builder().build().unwrap();
    let pulled = AtomicUsize::new(0);
    let docs = (0..100_000).map(|i| {
        pulled.fetch_add(1, Ordering::Relaxed);
        Input::new(format!("d{i}"), SENTENCES[i % SENTENCES.len()])
    });
    let (ids, summary) = p
        .stream(Source::inputs(docs))
        .threads(2)
        .records(|r| r.take(3).map(|r| r.id().to_string()).collect::<Vec<_>>())
        .unwrap();
    assert_eq!(ids, ["d0", "d1", "d2"]);
    assert_eq!(summary.documents, 3);
    assert!(pulled.load(Ordering::Relaxed) < 100_000);
}

#[test]
fn reading_ahead_is_bounded_by_the_chunks_in_flight() {
    let p = Pipeline::builder().build().unwrap();
    let pulled = AtomicUsize::new(0);
    let docs = (0..1000).map(|i| {
        pulled.fetch_add(1, Ordering::Relaxed);
        Input::new(format!("d{i}"), SENTENCES[i % SENTENCES.len()])
    });
    let ((), _) = p
        .stream(Source::inputs(docs))
        .threads(1)
        .chunk(1, 1 << 20)
        .chunks_in_flight(2)
        .records(|r| {
            assert!(r.next().is_some());
            // Give the reader every chance to run ahead.
            std::thread::sleep(std::time::Duration::from_millis(200));
            // In flight (2 chunks of 1), one chunk waiting for a token,
            // the queue (2), one the reader is sending, one consumed.
            let n = pulled.load(Ordering::Relaxed);
            assert!(n <= 8, "read {n} documents ahead");
        })
        .unwrap();
}

#[test]
fn a_stop_flag_ends_the_stream_with_whole_records() {
    let p = Pipeline::builder().build().unwrap();
    let stop = AtomicBool::new(false);
    let docs = (0..100_000).map(|i| Input::new(format!("d{i}"), SENTENCES[i % SENTENCES.len()]));
    let mut n = 0;
    let summary = p
        .stream(Source::inputs(docs))
        .threads(2)
        .stop_when(&stop)
        .for_each(|r| {
            assert_eq!(r.id(), format!("d{n}"), "in order, none skipped");
            n += 1;
            stop.store(true, Ordering::Relaxed);
        })
        .unwrap();
    assert!((1..100_000).contains(&n));
    assert_eq!(summary.documents, n);
}

/// A writer that fails after `ok` bytes.
struct Failing {
    ok: usize,
}

impl Write for Failing {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        if self.ok < b.len() {
            return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
        }
        self.ok -= b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_output_is_a_write_error_naming_the_cause() {
    let p = Pipeline::builder().build().unwrap();
    let err = p
        .stream(Source::inputs(inputs(2000)))
        .threads(2)
        .write_json(Failing { ok: 10_000 })
        .unwrap_err();
    assert_eq!(err.kind(), StreamErrorKind::Write);
    assert_eq!(err.io_error().unwrap().kind(), io::ErrorKind::StorageFull);
    assert_eq!(err.to_string(), "cannot write output");
}

#[test]
fn files_directories_and_json_lines_make_one_record_each() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "زار لافروف موسكو").unwrap();
    std::fs::write(
        dir.path().join("b.jsonl"),
        "{\"id\":\"x\",\"text\":\"روسيا\",\"lang\":\"ar\"}\nnot json\n\n",
    )
    .unwrap();
    let extra = "{\"text\":\"نص\"}\n";
    let source = Source::path(dir.path())
        .unwrap()
        .then(Source::jsonl("extra.jsonl", extra.as_bytes()));
    assert_eq!(source.total_bytes(), None, "a reader has no known size");
    let (records, summary) = Pipeline::builder()
        .build()
        .unwrap()
        .stream(source)
        .records(|r| {
            r.map(|r| {
                (
                    r.id().to_string(),
                    r.source().to_string(),
                    r.error().map(|e| e.kind()),
                )
            })
            .collect::<Vec<_>>()
        })
        .unwrap();
    let b = dir.path().join("b.jsonl").display().to_string();
    assert_eq!(
        records,
        [
            (
                "a".into(),
                dir.path().join("a.txt").display().to_string(),
                None
            ),
            ("x".into(), format!("{b}:1"), None),
            ("b:2".into(), format!("{b}:2"), Some(ProcessErrorKind::Json)),
            ("extra:1".into(), "extra.jsonl:1".into(), None),
        ]
    );
    assert_eq!(summary.errors, 1);
}

#[test]
fn source_errors_are_found_before_any_work() {
    let missing = Source::paths(["no/such/input.jsonl"]).unwrap_err();
    assert_eq!(missing.kind(), SourceErrorKind::Unreadable);
    assert_eq!(missing.to_string(), "cannot read input no/such/input.jsonl");
    assert!(std::error::Error::source(&missing).is_some());
    let twice = Source::paths(["-", "-"]).unwrap_err();
    assert_eq!(twice.kind(), SourceErrorKind::StdinTwice);
}
