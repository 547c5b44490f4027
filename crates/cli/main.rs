//! The `khabar` command-line tool: Arabic news text in, structured facts out.
//!
//! See the README for the commands and the output schema.

mod blocks;
mod commands;
mod extract;
mod import;
mod output;
mod plugin_worker;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// `khabar --version`: the crate version and the plugin ABI versions this
/// build loads.
static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{} (plugin ABI {}.{}, loads {})",
        env!("CARGO_PKG_VERSION"),
        khabar::plugin_host::ABI_VERSION.0,
        khabar::plugin_host::ABI_VERSION.1,
        khabar::plugin_host::abi_range()
    )
});

/// Arabic news text to structured facts: repaired text, entities, figures.
#[derive(Parser, Debug)]
#[command(name = "khabar", version = VERSION.as_str(), about, long_about = None, arg_required_else_help = true)]
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
        /// Write to FILE (as FILE.partial, renamed at the end) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Decode and repair bytes; repaired UTF-8 on standard output, repairs on standard error.
    Decode {
        /// Input file; `-` or none for standard input.
        file: Option<PathBuf>,
        /// Write to FILE (as FILE.partial, renamed at the end) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
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
    /// Group the claims of many records (from `extract --claims`, best with
    /// `--include-text`): who says how many, and where sources disagree.
    #[command(arg_required_else_help = true)]
    Claims(ClaimsArgs),
    /// A plugin worker process (started by `extract --plugin-isolation process`).
    #[command(name = "__plugin-worker", hide = true)]
    PluginWorker,
}

#[derive(clap::Args, Debug)]
struct ClaimsArgs {
    /// Record files (JSON Lines, as `khabar extract` writes them); `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ClaimsFormat::Table)]
    format: ClaimsFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Report groups with at least N claims.
    #[arg(long, value_name = "N", default_value_t = 2)]
    min_members: usize,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ClaimsFormat {
    Table,
    Json,
    Html,
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
    /// Report only the gazetteer's names: no names found by their context
    /// (`how: pattern`), no coreference, no context disambiguation.
    #[arg(long)]
    no_names: bool,
    /// Load an extractor plugin (repeatable): PATH or PATH#sha256=HEX.
    #[arg(long = "plugin", value_name = "PATH")]
    plugins: Vec<String>,
    /// Give the plugin named NAME (as `khabar plugin info` prints it) the
    /// configuration STRING at start (repeatable).
    #[arg(long = "plugin-config", value_name = "NAME=STRING")]
    plugin_configs: Vec<String>,
    /// Offsets in the output: UTF-8 bytes or Unicode chars.
    #[arg(long, value_enum, default_value_t = OffsetsArg::Byte)]
    offsets: OffsetsArg,
    /// Include the decoded text in every record.
    #[arg(long)]
    include_text: bool,
    /// Add `claims` to every record: each figure's subject, sentence,
    /// entities and source (SPEC §11).
    #[arg(long)]
    claims: bool,
    /// Progress bar on standard error.
    #[arg(long, value_enum, default_value_t = extract::Progress::Auto)]
    progress: extract::Progress,
    /// Input format: by extension (auto; `-`: JSON Lines when it starts with `{`), or forced.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    input_format: InputFormatArg,
    /// Read hidden files and folders (names starting with `.`) in directories.
    #[arg(long)]
    hidden: bool,
    /// Where plugins run: worker processes (a plugin that hangs, aborts or
    /// exhausts memory costs only the documents it was on) or threads of
    /// this process.
    #[arg(long, value_enum, default_value_t = Isolation::Process)]
    plugin_isolation: Isolation,
    /// Longest time one document may take in a plugin worker, in seconds
    /// (process isolation); then the worker is killed and the document gets
    /// a `timeout` plugin error.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    plugin_timeout: f64,
    /// Address-space limit of each plugin worker, in MiB (process isolation).
    #[arg(long, value_name = "MIB", default_value_t = 4096)]
    plugin_memory: u64,
    /// Failures after which a plugin is quarantined (not run again; its
    /// documents get a `quarantined` plugin error): panics, and in process
    /// isolation timeouts, crashes and memory, counted over the whole run.
    #[arg(long, visible_alias = "max-failures", value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u64).range(1..))]
    plugin_max_failures: u64,
}

/// Where plugins run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Isolation {
    /// In worker processes.
    Process,
    /// In the worker threads of this process.
    Thread,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum InputFormatArg {
    Auto,
    Jsonl,
    Text,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum OffsetsArg {
    Byte,
    Char,
}

#[derive(Subcommand, Debug)]
enum GazetteerCommand {
    /// Validate gazetteer files: counts, duplicates, variant collisions, bad lines,
    /// and what each shares with the built-in gazetteer (the user's entries win).
    Check {
        /// TSV files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Make a gazetteer TSV from Wikidata or GeoNames.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// From a Wikidata JSON dump (.json, .json.gz, .json.bz2; streamed):
    /// labels and aliases, Q-ids, PER/LOC/ORG from `instance of` (P31).
    Wikidata {
        /// The dump file.
        dump: PathBuf,
        /// Output TSV file.
        #[arg(short, long, value_name = "OUT.tsv")]
        output: PathBuf,
        /// Languages of the labels and aliases, in order of preference.
        #[arg(long, default_value = "ar", value_name = "ar,arz,…")]
        lang: String,
        /// Map another class to a type (repeatable), e.g. Q17737=ORG.
        #[arg(long = "class", value_name = "Q123=TYPE")]
        classes: Vec<String>,
        /// Progress bar on standard error.
        #[arg(long, value_enum, default_value_t = extract::Progress::Auto)]
        progress: extract::Progress,
    },
    /// From GeoNames: Arabic alternate names joined to their places (geonames:ID, LOC).
    Geonames {
        /// alternateNamesV2.txt (plain, .gz or .bz2).
        alternate_names: PathBuf,
        /// allCountries.txt or a country file of the same format.
        all_countries: PathBuf,
        /// Output TSV file.
        #[arg(short, long, value_name = "OUT.tsv")]
        output: PathBuf,
        /// Languages of the alternate names.
        #[arg(long, default_value = "ar", value_name = "ar,…")]
        lang: String,
        /// Leave out places with a smaller population.
        #[arg(long, default_value_t = 0, value_name = "N")]
        min_population: u64,
        /// Feature classes kept (A countries and divisions, P populated places,
        /// H water, L areas, T mountains, S spots, R roads, U undersea, V vegetation).
        #[arg(long, default_value = "A,P,H,L,T", value_name = "A,P,…")]
        feature_classes: String,
        /// Progress bar on standard error.
        #[arg(long, value_enum, default_value_t = extract::Progress::Auto)]
        progress: extract::Progress,
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
    /// Show a plugin's name, version, ABI, capabilities and SHA-256, or why it cannot load.
    Info {
        /// Path to the plugin's shared library: PATH or PATH#sha256=HEX.
        path: String,
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
