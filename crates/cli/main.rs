//! The `khabar` command-line tool: Arabic news text in, structured facts out.
//!
//! See the README for the commands and the output schema.

mod commands;
mod extract;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Arabic news text to structured facts: repaired text, entities, figures.
#[derive(Parser, Debug)]
#[command(name = "khabar", version, about, long_about = None, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract entities, figures and plugin annotations; one JSON record per document.
    #[command(arg_required_else_help = true)]
    Extract(ExtractArgs),
    /// Normalize text (from FILE or standard input) and print it.
    Normalize {
        /// Normalization profile.
        #[arg(long, default_value = "search", value_parser = ["display", "search"])]
        profile: String,
        /// Input file; `-` or none for standard input.
        file: Option<PathBuf>,
    },
    /// Decode and repair bytes; repaired UTF-8 on standard output, repairs on standard error.
    Decode {
        /// Input file; `-` or none for standard input.
        file: Option<PathBuf>,
    },
    /// Gazetteer tools.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    /// Benchmark corpus tools.
    #[command(subcommand)]
    Corpus(CorpusCommand),
    /// Plugin tools.
    #[command(subcommand)]
    Plugin(PluginCommand),
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// Files, directories (walked recursively, sorted) or `-` for JSON Lines on standard input.
    /// `.jsonl`/`.ndjson` files hold one `{"id", "text"}` document per line.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Write records to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,
    /// Add a gazetteer TSV file (repeatable); merged with the built-in one.
    #[arg(long = "gazetteer", value_name = "FILE")]
    gazetteers: Vec<PathBuf>,
    /// Do not load the built-in gazetteer.
    #[arg(long)]
    no_builtin_gazetteer: bool,
    /// Do not generate spelling variants of gazetteer names.
    #[arg(long)]
    no_variants: bool,
    /// Load an extractor plugin (repeatable): PATH or PATH#sha256=HEX.
    #[arg(long = "plugin", value_name = "PATH")]
    plugins: Vec<String>,
    /// Offsets in the output: UTF-8 bytes or Unicode chars.
    #[arg(long, value_enum, default_value_t = OffsetsArg::Byte)]
    offsets: OffsetsArg,
    /// Include the decoded text in every record.
    #[arg(long)]
    include_text: bool,
    /// Progress bar on standard error.
    #[arg(long, value_enum, default_value_t = extract::Progress::Auto)]
    progress: extract::Progress,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum OffsetsArg {
    Byte,
    Char,
}

#[derive(Subcommand, Debug)]
enum GazetteerCommand {
    /// Validate gazetteer files: counts, duplicates, variant collisions, bad lines.
    Check {
        /// TSV files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum CorpusCommand {
    /// Generate a deterministic synthetic Arabic news corpus.
    Generate {
        /// Size, e.g. 64MiB, 1GiB, 500MB.
        #[arg(long, default_value = "64MiB")]
        size: String,
        /// Random seed: the same seed gives the same bytes.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output: a .jsonl file (format jsonl) or a directory (format dir).
        #[arg(short, long)]
        output: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
        format: FormatArg,
        /// Share of documents written as Windows-1256 (dir format).
        #[arg(long, default_value_t = 0.0)]
        cp1256_share: f64,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Jsonl,
    Dir,
}

#[derive(Subcommand, Debug)]
enum PluginCommand {
    /// Show a plugin's name, version, ABI and capabilities, or why it cannot load.
    Info {
        /// Path to the plugin's shared library.
        path: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => {
            // One line that names the file and the problem.
            let mut msg = e.to_string();
            for cause in e.chain().skip(1) {
                msg.push_str(": ");
                msg.push_str(&cause.to_string());
            }
            eprintln!("khabar: error: {msg}");
            ExitCode::from(2)
        }
    }
}
