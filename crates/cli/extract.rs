//! `khabar extract`: documents in, one JSON record per document out.
//!
//! The work is the facade's stream ([`khabar::stream`]); this module draws
//! the progress bar and formats the summary.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khabar::Pipeline;
use khabar::record::RecordOptions;
use khabar::source::Source;
use khabar::stream::StreamErrorKind;

/// When to draw a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Progress {
    /// When standard error is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// What a run did, for the summary line.
#[derive(Debug, Default)]
pub struct Summary {
    /// Documents read (== records written).
    pub documents: u64,
    /// Input bytes.
    pub bytes: u64,
    /// Error records.
    pub errors: u64,
    /// Wall time.
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        let mb = self.bytes as f64 / 1e6;
        let rate = if secs > 0.0 { mb / secs } else { 0.0 };
        write!(
            f,
            "khabar: {} documents, {:.2} MB, {} errors, {:.2} s, {:.1} MB/s",
            self.documents, mb, self.errors, secs, rate
        )
    }
}

/// How to run an extraction.
pub struct Run<'a> {
    /// Record options.
    pub opts: RecordOptions,
    /// Worker threads.
    pub threads: usize,
    /// Progress bar.
    pub progress: Progress,
    /// Set by a signal: stop reading, finish the records in flight.
    pub stop: &'a AtomicBool,
}

impl Run<'_> {
    /// Runs the extraction over `source`, writing records to `out`.
    pub fn run(
        &self,
        pipeline: &Pipeline,
        source: Source<'_>,
        out: impl Write,
    ) -> anyhow::Result<Summary> {
        run(pipeline, source, out, self)
    }
}

fn run(
    pipeline: &Pipeline,
    source: Source<'_>,
    out: impl Write,
    r: &Run<'_>,
) -> anyhow::Result<Summary> {
    let (opts, threads, progress) = (r.opts, r.threads, r.progress);
    let bar = progress_bar(progress, &source);
    let bar_w = bar.clone();
    // The totals so far, for the summary of a run cut short.
    let last = std::cell::Cell::new(khabar::stream::Summary::default());
    let written = pipeline
        .stream(source)
        .threads(threads)
        .record_options(opts)
        .stop_when(r.stop)
        .on_progress(|s| {
            bar_w.set_position(s.bytes);
            last.set(*s);
        })
        .write_json(out);
    bar.finish_and_clear();
    let s = match written {
        Ok(s) => s,
        // A reader that went away (`khabar extract ... | head`): not an error.
        Err(e)
            if e.kind() == StreamErrorKind::Write
                && e.io_error().map(io::Error::kind) == Some(io::ErrorKind::BrokenPipe) =>
        {
            last.get()
        }
        Err(e) => return Err(e.into()),
    };
    Ok(Summary {
        documents: s.documents,
        bytes: s.bytes,
        errors: s.errors,
        elapsed: s.elapsed,
    })
}

fn progress_bar(mode: Progress, source: &Source<'_>) -> ProgressBar {
    let show = match mode {
        Progress::Never => false,
        Progress::Always => true,
        Progress::Auto => io::stderr().is_terminal(),
    };
    if !show {
        return ProgressBar::hidden();
    }
    let bar = match source.total_bytes() {
        Some(total) => {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        }
        None => {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bytes} {bytes_per_sec}",
            ) {
                bar.set_style(style);
            }
            bar
        }
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar
}
