//! One function per subcommand.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use khabar::Pipeline;
use khabar::record::{Offsets, RecordOptions};

use crate::{
    ClaimsArgs, ClaimsFormat, Command, CorpusCommand, ExtractArgs, FormatArg, GazetteerCommand,
    InputFormatArg, Isolation, OffsetsArg, PluginCommand,
};

pub fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Extract(args) => extract(args),
        Command::Normalize {
            profile,
            file,
            output,
        } => normalize(&profile, file.as_deref(), output.as_deref()),
        Command::Decode { file, output } => decode(file.as_deref(), output.as_deref()),
        Command::Gazetteer(GazetteerCommand::Check { files }) => gazetteer_check(&files),
        Command::Gazetteer(GazetteerCommand::Import(command)) => crate::import::run(command),
        Command::Corpus(CorpusCommand::Generate {
            size,
            seed,
            output,
            format,
            cp1256_share,
        }) => corpus_generate(&size, seed, &output, format, cp1256_share),
        Command::Plugin(PluginCommand::Info { path }) => plugin_info(&path),
        Command::Claims(args) => claims(args),
        Command::PluginWorker => Ok(crate::plugin_worker::main()),
    }
}

fn extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    use khabar::source::InputFormat;
    let source = khabar::source::Source::paths(&args.inputs)?
        .hidden(args.hidden)
        .input_format(match args.input_format {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Text => InputFormat::Text,
        });
    if let Some(out) = &args.output {
        crate::output::refuse_inputs(out, &args.inputs)?;
    }
    let mut builder = Pipeline::builder();
    builder
        .builtin_gazetteer(!args.no_builtin_gazetteer)
        .variants(!args.no_variants)
        .names(!args.no_names)
        .claims(args.claims);
    for g in &args.gazetteers {
        builder.gazetteer_file(g);
    }
    // Process isolation: this process's pipeline has no plugins (the
    // workers load them); it checks the gazetteers and writes the records
    // of documents whose worker died outside the plugins.
    let isolated = args.plugin_isolation == Isolation::Process && !args.plugins.is_empty();
    builder.plugin_options(khabar::plugin_host::Options {
        max_panics: args.plugin_max_failures,
        ..Default::default()
    });
    for p in &args.plugins {
        let spec = p
            .parse::<khabar::plugin_host::PluginSpec>()
            .map_err(|e| anyhow::anyhow!("bad --plugin {p:?}: {e}"))?;
        if !isolated {
            builder.plugin(spec);
        }
    }
    for c in &args.plugin_configs {
        let Some((name, config)) = c.split_once('=').filter(|(n, _)| !n.is_empty()) else {
            bail!(
                "bad --plugin-config {c:?}: expected NAME=STRING (NAME as `khabar plugin info` prints it)"
            );
        };
        if !isolated {
            builder.plugin_config(name, config);
        }
    }
    let pipeline = std::sync::Arc::new(builder.build()?);
    if let Some(warning) = pipeline.gazetteer_overlaps().and_then(|o| o.warning()) {
        eprintln!("khabar: warning: {warning}");
    }
    let threads = match args.threads {
        Some(0) => bail!("-j/--threads must be at least 1"),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let opts = RecordOptions {
        offsets: match args.offsets {
            OffsetsArg::Byte => Offsets::Byte,
            OffsetsArg::Char => Offsets::Char,
        },
        include_text: args.include_text,
    };
    let pool = if isolated {
        Some(crate::plugin_worker::start(
            &args,
            threads,
            std::sync::Arc::clone(&pipeline),
            opts,
        )?)
    } else {
        None
    };
    let signals = crate::output::Signals::install()?;
    let mut out = crate::output::Output::create(args.output.as_deref())?;
    let run = crate::extract::Run {
        opts,
        threads,
        progress: args.progress,
        stop: &signals.stop,
        writer: pool.as_ref().map(|p| p as &dyn khabar::stream::ChunkWriter),
    };
    let summary = run.run(&pipeline, source, &mut out)?;
    eprintln!("{summary}");
    if let Some(pool) = &pool {
        for line in pool.summary().lines() {
            eprintln!("{line}");
        }
    }
    if let Some((name, code)) = signals.caught() {
        let partial = out.partial().map(|p| p.display().to_string());
        drop(out);
        match partial {
            Some(p) => eprintln!(
                "khabar: stopped by {name}: {} whole records in {p} (not renamed: the run is incomplete)",
                summary.documents
            ),
            None => eprintln!(
                "khabar: stopped by {name}: {} whole records written",
                summary.documents
            ),
        }
        return Ok(ExitCode::from(code));
    }
    out.finish()?;
    if let Some(plugins) = pipeline.plugins() {
        let summary = plugins.summary();
        eprintln!("{summary}");
        for warning in summary.warnings() {
            eprintln!("khabar: warning: {warning}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn input_name(file: Option<&Path>) -> String {
    file.map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string())
}

/// The input of `normalize`/`decode`: a file, or standard input.
fn open_input(file: Option<&Path>) -> anyhow::Result<Box<dyn Read>> {
    Ok(match file {
        None => Box::new(io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(io::stdin().lock()),
        Some(p) => Box::new(File::open(p).with_context(|| format!("cannot read {}", p.display()))?),
    })
}

/// The output of `normalize`/`decode`: refused when it is the input.
fn open_output(
    output: Option<&Path>,
    file: Option<&Path>,
) -> anyhow::Result<crate::output::Output> {
    if let Some(out) = output {
        let inputs: Vec<PathBuf> = file.map(Path::to_path_buf).into_iter().collect();
        crate::output::refuse_inputs(out, &inputs)?;
    }
    crate::output::Output::create(output)
}

fn normalize(
    profile: &str,
    file: Option<&Path>,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    use khabar::normalize::{NormalizedText, Normalizer, Profile};
    let profile =
        Profile::from_name(profile).with_context(|| format!("unknown profile {profile:?}"))?;
    let normalizer = Normalizer::new(profile);
    let input = open_input(file)?;
    let mut out = open_output(output, file)?;
    let mut normalized = NormalizedText::default();
    crate::blocks::for_each_block(input, |block| {
        let decoded = khabar::decode::decode(block)
            .with_context(|| format!("cannot decode {}", input_name(file)))?;
        normalizer.normalize_into(&decoded.text, &mut normalized);
        write_out(&mut out, normalized.as_str().as_bytes())
    })
    .with_context(|| format!("cannot read {}", input_name(file)))?;
    finish(out)
}

fn decode(file: Option<&Path>, output: Option<&Path>) -> anyhow::Result<ExitCode> {
    let input = open_input(file)?;
    let mut out = open_output(output, file)?;
    let mut encodings: Vec<&'static str> = Vec::new();
    let mut repairs = Vec::new();
    let mut written = 0usize;
    crate::blocks::for_each_block(input, |block| {
        let decoded = khabar::decode::decode(block)
            .with_context(|| format!("cannot decode {}", input_name(file)))?;
        if !encodings.contains(&decoded.encoding) {
            encodings.push(decoded.encoding);
        }
        for mut r in decoded.repairs {
            r.start += written;
            r.end += written;
            repairs.push(r);
        }
        written += decoded.text.len();
        write_out(&mut out, decoded.text.as_bytes())
    })
    .with_context(|| format!("cannot read {}", input_name(file)))?;
    let code = finish(out)?;
    let mut err = io::stderr().lock();
    writeln!(
        err,
        "khabar: {}: encoding {}, {} repairs",
        input_name(file),
        encodings.first().copied().unwrap_or("utf-8"),
        repairs.len()
    )?;
    if encodings.len() > 1 {
        writeln!(
            err,
            "khabar: warning: blocks decoded as {}",
            encodings.join(", ")
        )?;
    }
    for r in &repairs {
        writeln!(
            err,
            "  {} {}..{} original {:?}",
            r.kind.as_str(),
            r.start,
            r.end,
            r.original
        )?;
    }
    Ok(code)
}

/// Writes a block; a reader that went away ends the output quietly.
fn write_out(out: &mut crate::output::Output, bytes: &[u8]) -> anyhow::Result<()> {
    match out.write_all(bytes) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write output"),
    }
}

fn finish(out: crate::output::Output) -> anyhow::Result<ExitCode> {
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn gazetteer_check(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut clean = true;
    for path in files {
        let file = File::open(path)
            .with_context(|| format!("cannot open gazetteer {}", path.display()))?;
        let name = path.display().to_string();
        let report = khabar::gazetteer::check(&name, BufReader::new(file));
        print!("{report}");
        clean &= report.is_ok();
        // What the file shares with the built-in gazetteer: informational
        // (the user's entries win), not an error.
        if report.is_ok() {
            let file = File::open(path)
                .with_context(|| format!("cannot open gazetteer {}", path.display()))?;
            let overlaps = khabar::gazetteer::overlaps(&name, BufReader::new(file))?;
            print!("{overlaps}");
        }
    }
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn corpus_generate(
    size: &str,
    seed: u64,
    output: &Path,
    format: FormatArg,
    cp1256_share: f64,
) -> anyhow::Result<ExitCode> {
    use khabar_corpus::{CorpusConfig, Format};
    if !(0.0..=1.0).contains(&cp1256_share) {
        bail!("--cp1256-share must be between 0 and 1, got {cp1256_share}");
    }
    let size_bytes =
        khabar_corpus::parse_size(size).with_context(|| format!("bad --size {size:?}"))?;
    let format = match format {
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Dir => Format::Dir,
    };
    let cfg = CorpusConfig {
        size_bytes,
        seed,
        format,
        cp1256_share,
    };
    let started = std::time::Instant::now();
    let expected = match format {
        Format::Jsonl => {
            let file = File::create(output)
                .with_context(|| format!("cannot create {}", output.display()))?;
            let mut w = BufWriter::with_capacity(1 << 20, file);
            let e = khabar_corpus::generate_jsonl(&cfg, &mut w)
                .with_context(|| format!("cannot write {}", output.display()))?;
            w.flush()
                .with_context(|| format!("cannot write {}", output.display()))?;
            e
        }
        Format::Dir => khabar_corpus::generate_dir(&cfg, output)
            .with_context(|| format!("cannot write {}", output.display()))?,
    };
    let mut expected_path = output.as_os_str().to_owned();
    expected_path.push(".expected.json");
    let expected_path = PathBuf::from(expected_path);
    let json = serde_json::to_vec_pretty(&expected)?;
    std::fs::write(&expected_path, json)
        .with_context(|| format!("cannot write {}", expected_path.display()))?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "khabar: wrote {} documents, {:.1} MB to {} in {:.2} s ({:.0} MB/s); expected counts in {}",
        expected.documents,
        expected.bytes as f64 / 1e6,
        output.display(),
        secs,
        expected.bytes as f64 / 1e6 / secs.max(1e-9),
        expected_path.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn plugin_info(path: &str) -> anyhow::Result<ExitCode> {
    let spec = path
        .parse::<khabar::plugin_host::PluginSpec>()
        .map_err(|e| anyhow::anyhow!("bad plugin path {path:?}: {e}"))?;
    let info = khabar::plugin_host::plugin_info_spec(&spec)?;
    println!("{info}");
    Ok(ExitCode::SUCCESS)
}

/// `khabar claims`: groups the claims of record streams and writes the
/// report; the output file appears under its name only when complete.
fn claims(args: ClaimsArgs) -> anyhow::Result<ExitCode> {
    use khabar::claims::group::Format;
    let mut inputs: Vec<(String, Box<dyn io::BufRead>)> = Vec::new();
    for path in &args.inputs {
        if path.as_os_str() == "-" {
            inputs.push(("-".to_string(), Box::new(BufReader::new(io::stdin()))));
        } else {
            let file = File::open(path)
                .with_context(|| format!("cannot read input {}", path.display()))?;
            inputs.push((
                path.display().to_string(),
                Box::new(BufReader::with_capacity(1 << 20, file)),
            ));
        }
    }
    let opts = khabar::claims::RunOptions {
        format: match args.format {
            ClaimsFormat::Table => Format::Table,
            ClaimsFormat::Json => Format::Json,
            ClaimsFormat::Html => Format::Html,
        },
        min_members: args.min_members.max(1),
        ..Default::default()
    };
    let summary = match &args.output {
        None => khabar::claims::run(inputs, &opts, BufWriter::new(io::stdout().lock()))?,
        Some(path) => {
            let mut tmp = path.as_os_str().to_owned();
            tmp.push(".part");
            let tmp = PathBuf::from(tmp);
            let file = File::create(&tmp)
                .with_context(|| format!("cannot create output file {}", path.display()))?;
            let result = khabar::claims::run(inputs, &opts, BufWriter::new(file));
            match result {
                Ok(s) => {
                    std::fs::rename(&tmp, path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    s
                }
                Err(e) => {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(e.into());
                }
            }
        }
    };
    eprintln!(
        "khabar: {} records, {} claims, {} groups",
        summary.records, summary.claims, summary.groups
    );
    Ok(ExitCode::SUCCESS)
}
