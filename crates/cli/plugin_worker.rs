//! `--plugin-isolation process`: plugins run in worker processes, each this
//! binary re-executed with the hidden `__plugin-worker` subcommand (see
//! `khabar-plugin-worker`).
//!
//! The parent hands each worker the extract options that shape the
//! pipeline and its records as a small JSON setup; the worker builds the
//! same pipeline without plugins, loads each plugin on its own, and runs
//! chunks until its input ends.

use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use khabar::Pipeline;
use khabar::plugin_host::{Options, PluginSpec};
use khabar::record::{Offsets, RecordOptions};
use khabar_plugin_worker::{PoolOptions, WorkerPool, WorkerSetup, load_each, worker_main};
use serde_json::{Value, json};

use crate::{ExtractArgs, OffsetsArg};

/// The hidden subcommand's name.
pub const SUBCOMMAND: &str = "__plugin-worker";

/// The worker's setup: what of `args` shapes the pipeline and the records.
fn setup_blob(args: &ExtractArgs) -> anyhow::Result<Vec<u8>> {
    let gazetteers = args
        .gazetteers
        .iter()
        .map(|g| {
            g.to_str().map(str::to_string).with_context(|| {
                format!(
                    "gazetteer path {} is not UTF-8 (use --plugin-isolation thread)",
                    g.display()
                )
            })
        })
        .collect::<anyhow::Result<Vec<String>>>()?;
    let v = json!({
        "gazetteers": gazetteers,
        "builtin_gazetteer": !args.no_builtin_gazetteer,
        "variants": !args.no_variants,
        "names": !args.no_names,
        "plugins": args.plugins,
        "plugin_configs": args.plugin_configs,
        "claims": args.claims,
        "offsets": match args.offsets { OffsetsArg::Byte => "byte", OffsetsArg::Char => "char" },
        "include_text": args.include_text,
    });
    Ok(v.to_string().into_bytes())
}

/// Starts `threads` workers for `args`' plugins; `fallback` is the
/// pipeline without plugins. A plugin that cannot load is an error here
/// (exit 2), with the worker's message.
pub fn start(
    args: &ExtractArgs,
    threads: usize,
    fallback: Arc<Pipeline>,
    record: RecordOptions,
) -> anyhow::Result<WorkerPool> {
    let exe =
        std::env::current_exe().context("cannot find the khabar binary for plugin workers")?;
    if !(args.plugin_timeout > 0.0 && args.plugin_timeout.is_finite()) {
        anyhow::bail!("--plugin-timeout must be a positive number of seconds");
    }
    let opts = PoolOptions {
        workers: threads,
        timeout: Duration::from_secs_f64(args.plugin_timeout),
        memory_mib: Some(args.plugin_memory),
        max_failures: args.plugin_max_failures,
        ..PoolOptions::default()
    };
    WorkerPool::start(
        Box::new(move || {
            let mut c = Command::new(&exe);
            c.arg(SUBCOMMAND);
            c
        }),
        setup_blob(args)?,
        fallback,
        record,
        opts,
    )
    .map_err(anyhow::Error::new)
}

/// The worker process's main: `khabar __plugin-worker`.
pub fn main() -> ExitCode {
    worker_main(setup)
}

fn setup(blob: &[u8]) -> Result<WorkerSetup, String> {
    let v: Value = serde_json::from_slice(blob).map_err(|e| format!("bad worker setup: {e}"))?;
    let mut builder = Pipeline::builder();
    builder
        .builtin_gazetteer(v["builtin_gazetteer"].as_bool().unwrap_or(true))
        .variants(v["variants"].as_bool().unwrap_or(true))
        .names(v["names"].as_bool().unwrap_or(true))
        .claims(v["claims"].as_bool().unwrap_or(false));
    for g in v["gazetteers"].as_array().into_iter().flatten() {
        builder.gazetteer_file(g.as_str().unwrap_or_default());
    }
    let pipeline = builder.build().map_err(|e| e.to_string())?;
    let specs = v["plugins"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let p = p.as_str().unwrap_or_default();
            p.parse::<PluginSpec>()
                .map_err(|e| format!("bad --plugin {p:?}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut options = Options::default();
    for c in v["plugin_configs"].as_array().into_iter().flatten() {
        let c = c.as_str().unwrap_or_default();
        let Some((name, config)) = c.split_once('=').filter(|(n, _)| !n.is_empty()) else {
            return Err(format!(
                "bad --plugin-config {c:?}: expected NAME=STRING (NAME as `khabar plugin info` prints it)"
            ));
        };
        options.plugin_config(name, config);
    }
    let plugins = load_each(&specs, &options).map_err(|e| e.to_string())?;
    Ok(WorkerSetup {
        pipeline,
        plugins,
        record: RecordOptions {
            offsets: if v["offsets"] == "char" {
                Offsets::Char
            } else {
                Offsets::Byte
            },
            include_text: v["include_text"].as_bool().unwrap_or(false),
        },
    })
}
