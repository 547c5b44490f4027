//! A small end-to-end runner over a JSON Lines corpus, with plugins either
//! in-thread (the pipeline's own `PluginSet`) or in worker processes (a
//! `WorkerPool` that re-executes this program with `__plugin-worker`, as
//! the khabar CLI does). Used by the overhead measurement
//! (`benches/reports/plugins.md`) and the soak test (`scripts/soak.sh`).
//!
//! ```text
//! pool_run [--mode thread|process] [-j N] [--plugin PATH]... [--timeout SECONDS]
//!          [--memory MIB] [--max-failures N] [--chunk DOCS] INPUT.jsonl > records.jsonl
//! ```
//!
//! Reads `{"id", "text"}` lines, groups them in chunks of 64 documents (or
//! 1 MiB), processes chunks on N threads and writes records in input
//! order; a summary goes to standard error.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::{Command, ExitCode};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use khabar::plugin_host::{Options, PluginSpec};
use khabar::record::{DocMeta, RecordOptions};
use khabar::source::Input;
use khabar::{Owned, Pipeline, ProcessError, ProcessErrorKind};
use khabar_plugin_worker::{PoolOptions, WorkerPool, WorkerSetup, load_each, worker_main};

const WORKER_ARG: &str = "__plugin-worker";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(WORKER_ARG) {
        return worker_main(setup);
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pool_run: {e}");
            ExitCode::from(2)
        }
    }
}

/// The worker's setup: `{"plugins": [PATH...]}`.
fn setup(blob: &[u8]) -> Result<WorkerSetup, String> {
    let paths: Vec<String> = serde_json::from_slice(blob).map_err(|e| e.to_string())?;
    let specs = specs(&paths)?;
    Ok(WorkerSetup {
        pipeline: Pipeline::builder().build().map_err(|e| e.to_string())?,
        plugins: load_each(&specs, &Options::default()).map_err(|e| e.to_string())?,
        record: RecordOptions::default(),
    })
}

fn specs(paths: &[String]) -> Result<Vec<PluginSpec>, String> {
    paths
        .iter()
        .map(|p| p.parse::<PluginSpec>().map_err(|e| e.to_string()))
        .collect()
}

#[allow(clippy::large_enum_variant)] // one value per run
enum Engine {
    Thread(Pipeline),
    Process(WorkerPool),
}

fn run(args: &[String]) -> Result<(), String> {
    let mut mode = "process".to_string();
    let mut threads = 2usize;
    let mut plugins = Vec::new();
    let mut timeout = 30.0f64;
    let mut memory = 4096u64;
    let mut input = None;
    let mut chunk_docs = 64usize;
    let mut max_failures = 3u64;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().cloned().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--mode" => mode = val()?,
            "-j" => threads = val()?.parse().map_err(|e| format!("-j: {e}"))?,
            "--plugin" => plugins.push(val()?),
            "--timeout" => timeout = val()?.parse().map_err(|e| format!("--timeout: {e}"))?,
            "--max-failures" => {
                max_failures = val()?.parse().map_err(|e| format!("--max-failures: {e}"))?
            }
            "--chunk" => chunk_docs = val()?.parse().map_err(|e| format!("--chunk: {e}"))?,
            "--memory" => memory = val()?.parse().map_err(|e| format!("--memory: {e}"))?,
            _ => input = Some(a.clone()),
        }
    }
    let input = input.ok_or("no INPUT")?;
    let started = Instant::now();
    let engine = match mode.as_str() {
        "thread" => {
            let mut b = Pipeline::builder();
            b.plugin_options(Options {
                max_panics: max_failures,
                ..Options::default()
            });
            for s in specs(&plugins)? {
                b.plugin(s);
            }
            Engine::Thread(b.build().map_err(|e| e.to_string())?)
        }
        "process" => {
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            let fallback = Arc::new(Pipeline::builder().build().map_err(|e| e.to_string())?);
            let pool = WorkerPool::start(
                Box::new(move || {
                    let mut c = Command::new(&exe);
                    c.arg(WORKER_ARG);
                    c
                }),
                serde_json::to_vec(&plugins).map_err(|e| e.to_string())?,
                fallback,
                RecordOptions::default(),
                PoolOptions {
                    workers: threads,
                    timeout: Duration::from_secs_f64(timeout),
                    memory_mib: Some(memory),
                    max_failures,
                    ..PoolOptions::default()
                },
            )
            .map_err(|e| e.to_string())?;
            Engine::Process(pool)
        }
        other => return Err(format!("unknown mode {other}")),
    };
    let file = std::fs::File::open(&input).map_err(|e| format!("{input}: {e}"))?;
    let (chunk_tx, chunk_rx) = sync_channel::<(u64, Vec<Input>)>(threads * 2);
    let (done_tx, done_rx) = sync_channel::<(u64, Vec<u8>, u64)>(threads * 4);
    let chunk_rx = Arc::new(Mutex::new(chunk_rx));
    let (docs, bytes, errors) = std::thread::scope(|s| {
        let engine = &engine;
        let reader =
            s.spawn(move || read_chunks(BufReader::new(file), &input, chunk_docs, chunk_tx));
        for _ in 0..threads {
            let rx = Arc::clone(&chunk_rx);
            let tx = done_tx.clone();
            s.spawn(move || {
                loop {
                    let next = rx.lock().unwrap().recv();
                    let Ok((seq, chunk)) = next else { break };
                    let mut out = Vec::new();
                    let errors = match engine {
                        Engine::Thread(p) => in_thread(p, chunk, &mut out),
                        Engine::Process(pool) => pool.process(chunk, &mut out),
                    };
                    if tx.send((seq, out, errors)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let errors = write_in_order(done_rx);
        let (docs, bytes) = reader.join().unwrap();
        (docs, bytes, errors)
    });
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "pool_run: mode {mode}, -j {threads}: {docs} documents, {:.2} MB, {errors} errors, {secs:.2} s, {:.1} MB/s",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
    if let Engine::Process(pool) = &engine {
        for line in pool.summary().lines() {
            eprintln!("{line}");
        }
    }
    Ok(())
}

/// Reads JSON Lines into chunks; returns (documents, bytes).
fn read_chunks(
    r: impl BufRead,
    name: &str,
    chunk_docs: usize,
    tx: std::sync::mpsc::SyncSender<(u64, Vec<Input>)>,
) -> (u64, u64) {
    let (mut docs, mut bytes, mut seq) = (0u64, 0u64, 0u64);
    let mut chunk = Vec::new();
    let mut chunk_bytes = 0usize;
    for (i, line) in r.lines().enumerate() {
        let Ok(line) = line else { break };
        bytes += line.len() as u64 + 1;
        docs += 1;
        chunk_bytes += line.len();
        let source = format!("{name}:{}", i + 1);
        let doc = match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(v) => Input::new(
                v["id"].as_str().unwrap_or(""),
                Owned::Text(v["text"].as_str().unwrap_or("").to_string()),
            )
            .with_source(source),
            Err(e) => Input::failed(
                "",
                source,
                ProcessError::new(ProcessErrorKind::Json, e.to_string()),
            ),
        };
        chunk.push(doc);
        if chunk.len() >= chunk_docs || chunk_bytes >= 1 << 20 {
            if tx.send((seq, std::mem::take(&mut chunk))).is_err() {
                return (docs, bytes);
            }
            seq += 1;
            chunk_bytes = 0;
        }
    }
    if !chunk.is_empty() {
        let _ = tx.send((seq, chunk));
    }
    (docs, bytes)
}

fn in_thread(p: &Pipeline, chunk: Vec<Input>, out: &mut Vec<u8>) -> u64 {
    let inputs: Vec<Owned> = chunk
        .iter()
        .filter_map(|d| d.body().ok().cloned())
        .collect();
    let mut results = p.process_batch_owned(inputs).into_iter();
    let mut errors = 0;
    for d in &chunk {
        let r = match d.body() {
            Err(e) => Err(e.clone()),
            Ok(_) => results
                .next()
                .unwrap_or_else(|| Err(ProcessError::new(ProcessErrorKind::Internal, "missing"))),
        };
        errors += u64::from(r.is_err());
        let meta = DocMeta {
            id: d.id(),
            source: d.source(),
            meta: None,
        };
        p.write_record(out, &meta, &r, &RecordOptions::default());
    }
    errors
}

fn write_in_order(rx: Receiver<(u64, Vec<u8>, u64)>) -> u64 {
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let mut waiting = BTreeMap::new();
    let (mut next, mut errors) = (0u64, 0u64);
    while let Ok((seq, bytes, e)) = rx.recv() {
        waiting.insert(seq, (bytes, e));
        while let Some((bytes, e)) = waiting.remove(&next) {
            if out.write_all(&bytes).is_err() {
                return errors;
            }
            errors += e;
            next += 1;
        }
    }
    let _ = out.flush();
    errors
}
