//! `khabar gazetteer import wikidata|geonames`: the importers of
//! khabar-gazetteer-import with a progress bar and a summary.

use std::fs::File;
use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use khabar_gazetteer_import::{
    GeonamesOptions, Progress, Summary, WikidataOptions, geonames_files, wikidata_file,
};

use crate::ImportCommand;
use crate::extract::Progress as Mode;

pub fn run(command: ImportCommand) -> anyhow::Result<ExitCode> {
    let (summary, output) = match command {
        ImportCommand::Wikidata {
            dump,
            output,
            lang,
            classes,
            progress,
        } => {
            let mut options = WikidataOptions::default();
            options.langs_arg(&lang)?;
            for c in &classes {
                options.classes.insert_arg(c)?;
            }
            let out = create(&output)?;
            let bar = bar(progress, &dump);
            let summary = wikidata_file(&dump, &options, out, |p| tick(&bar, p))?;
            bar.finish_and_clear();
            (summary, output)
        }
        ImportCommand::Geonames {
            alternate_names,
            all_countries,
            output,
            lang,
            min_population,
            feature_classes,
            progress,
        } => {
            let mut options = GeonamesOptions::default();
            options.langs = lang.split(',').map(|l| l.trim().to_string()).collect();
            options.min_population = min_population;
            options.feature_classes_arg(&feature_classes)?;
            let out = create(&output)?;
            let bar = bar(progress, &all_countries);
            let summary = geonames_files(&alternate_names, &all_countries, &options, out, |p| {
                tick(&bar, p)
            })?;
            bar.finish_and_clear();
            (summary, output)
        }
    };
    report(&summary, &output);
    Ok(ExitCode::SUCCESS)
}

fn create(path: &Path) -> anyhow::Result<File> {
    File::create(path).with_context(|| format!("cannot create {}", path.display()))
}

fn bar(mode: Mode, input: &Path) -> ProgressBar {
    let show = match mode {
        Mode::Never => false,
        Mode::Always => true,
        Mode::Auto => io::stderr().is_terminal(),
    };
    if !show {
        return ProgressBar::hidden();
    }
    let total = std::fs::metadata(input).map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}",
    ) {
        bar.set_style(style);
    }
    bar
}

fn tick(bar: &ProgressBar, p: &Progress) {
    bar.set_position(p.bytes);
    bar.set_message(format!("{} written", p.written));
}

fn report(summary: &Summary, output: &Path) {
    eprint!("{summary}");
    eprintln!("wrote {}", output.display());
    if summary.bad_lines > 0 {
        eprintln!(
            "khabar: warning: {} bad line(s) skipped (listed above, first {})",
            summary.bad_lines,
            Summary::MAX_EXAMPLES
        );
    }
}
