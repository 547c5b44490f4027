//! One function per subcommand.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use khabar::Pipeline;
use khabar::record::{Offsets, RecordOptions};

use crate::{
    Command, CorpusCommand, ExtractArgs, FormatArg, GazetteerCommand, OffsetsArg, PluginCommand,
};

pub fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Extract(args) => extract(args),
        Command::Normalize { profile, file } => normalize(&profile, file.as_deref()),
        Command::Decode { file } => decode(file.as_deref()),
        Command::Gazetteer(GazetteerCommand::Check { files }) => gazetteer_check(&files),
        Command::Corpus(CorpusCommand::Generate {
            size,
            seed,
            output,
            format,
            cp1256_share,
        }) => corpus_generate(&size, seed, &output, format, cp1256_share),
        Command::Plugin(PluginCommand::Info { path }) => plugin_info(&path),
    }
}

fn extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let source = khabar::source::Source::paths(&args.inputs)?;
    let mut builder = Pipeline::builder();
    builder
        .builtin_gazetteer(!args.no_builtin_gazetteer)
        .variants(!args.no_variants);
    for g in &args.gazetteers {
        builder.gazetteer_file(g);
    }
    for p in &args.plugins {
        let spec = p
            .parse::<khabar::plugin_host::PluginSpec>()
            .map_err(|e| anyhow::anyhow!("bad --plugin {p:?}: {e}"))?;
        builder.plugin(spec);
    }
    let pipeline = builder.build()?;
    // Records are written a chunk (tens to hundreds of KiB) at a time; a
    // chunk at least as large as the buffer goes straight to the file
    // instead of being copied into it first.
    const OUT_BUF: usize = 64 << 10;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::with_capacity(
            OUT_BUF,
            File::create(path)
                .with_context(|| format!("cannot create output file {}", path.display()))?,
        )),
        None => Box::new(BufWriter::with_capacity(OUT_BUF, io::stdout())),
    };
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
    let summary = crate::extract::run(&pipeline, source, out, opts, threads, args.progress)?;
    eprintln!("{summary}");
    if let Some(plugins) = pipeline.plugins() {
        let summary = plugins.summary();
        eprintln!("{summary}");
        for warning in summary.warnings() {
            eprintln!("khabar: warning: {warning}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a whole file, or standard input for `None` or `-`.
fn read_input(file: Option<&Path>) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    match file {
        None => io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?,
        Some(p) if p.as_os_str() == "-" => io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?,
        Some(p) => File::open(p)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {}", p.display()))?,
    };
    Ok(bytes)
}

fn input_name(file: Option<&Path>) -> String {
    file.map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string())
}

fn normalize(profile: &str, file: Option<&Path>) -> anyhow::Result<ExitCode> {
    use khabar::normalize::{Normalizer, Profile};
    let profile =
        Profile::from_name(profile).with_context(|| format!("unknown profile {profile:?}"))?;
    let bytes = read_input(file)?;
    let decoded = khabar::decode::decode(&bytes)
        .with_context(|| format!("cannot decode {}", input_name(file)))?;
    let normalized = Normalizer::new(profile).normalize(&decoded.text);
    write_stdout(normalized.as_str().as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn decode(file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let bytes = read_input(file)?;
    let decoded = khabar::decode::decode(&bytes)
        .with_context(|| format!("cannot decode {}", input_name(file)))?;
    write_stdout(decoded.text.as_bytes())?;
    let mut err = io::stderr().lock();
    writeln!(
        err,
        "khabar: {}: encoding {}, {} repairs",
        input_name(file),
        decoded.encoding,
        decoded.repairs.len()
    )?;
    for r in &decoded.repairs {
        writeln!(
            err,
            "  {} {}..{} original {:?}",
            r.kind.as_str(),
            r.start,
            r.end,
            r.original
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write standard output")
        }
        _ => Ok(()),
    }
}

fn gazetteer_check(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut clean = true;
    for path in files {
        let file = File::open(path)
            .with_context(|| format!("cannot open gazetteer {}", path.display()))?;
        let report = khabar::gazetteer::check(&path.display().to_string(), BufReader::new(file));
        print!("{report}");
        clean &= report.is_ok();
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

fn plugin_info(path: &Path) -> anyhow::Result<ExitCode> {
    let info = khabar::plugin_host::plugin_info(path)?;
    println!("{info}");
    Ok(ExitCode::SUCCESS)
}
