//! Runs khabar's extractor plugins in worker processes.
//!
//! A plugin is someone else's native code. In the host's own process a
//! plugin that loops forever hangs the run, and one that calls `abort()`,
//! writes through a null pointer or exhausts memory takes every record with
//! it. This crate moves the plugins out: a [`WorkerPool`] starts worker
//! processes (the khabar binary re-executed with a hidden subcommand that
//! calls [`worker_main`]); each runs the **whole pipeline** with the
//! plugins on the documents it is given and sends back finished records.
//! The protocol carries document bytes in and record bytes out, so it does
//! not change when the plugin ABI grows.
//!
//! What the pool guarantees, whatever a plugin does:
//!
//! * every document gets exactly one record, in input order;
//! * a document on which a plugin hangs past the deadline
//!   ([`PoolOptions::timeout`], `--plugin-timeout`), aborts, crashes or runs
//!   out of memory ([`PoolOptions::memory_mib`], `--plugin-memory`, an
//!   address-space limit) gets a `plugin_errors` entry of kind `timeout`,
//!   `crash` or `memory` naming that plugin, and the **other plugins'**
//!   results: the worker is killed and replaced, and the document is done
//!   again in the new worker without the plugin that failed on it;
//! * the chunk's other documents are finished by the new worker, complete;
//! * a plugin that fails [`PoolOptions::max_failures`] times (panics,
//!   timeouts, crashes and memory together) is quarantined: it is not run
//!   again and documents get an entry of kind `quarantined`;
//! * [`WorkerPool::summary`] counts the failures by plugin and kind, for
//!   standard error.
//!
//! How a worker's position is known: a word of shared memory (a `memfd`
//! mapped by both processes) holds the document and the stage (the
//! pipeline's own stages, or plugin *k*) it is in; the worker stores it
//! before each stage (no system call), and the pool reads it to watch the
//! deadline and, after a death, to name the document and plugin.
//!
//! Linux only (`memfd`, `RLIMIT_AS`, `poll`).
//!
//! # Example
//!
//! The parent side, as the khabar CLI wires it (the worker program is the
//! CLI itself with its hidden subcommand; the setup blob is whatever the
//! worker's callback understands):
//!
//! ```no_run
//! use std::process::Command;
//! use std::sync::Arc;
//! use khabar::{Pipeline, record::RecordOptions, source::Input};
//! use khabar_plugin_worker::{PoolOptions, WorkerPool};
//!
//! let exe = std::env::current_exe()?;
//! let fallback = Arc::new(Pipeline::builder().build()?); // no plugins
//! let pool = WorkerPool::start(
//!     Box::new(move || {
//!         let mut c = Command::new(&exe);
//!         c.arg("__plugin-worker");
//!         c
//!     }),
//!     br#"{"plugins": ["target/release/libdates.so"]}"#.to_vec(),
//!     fallback,
//!     RecordOptions::default(),
//!     PoolOptions { workers: 2, ..PoolOptions::default() },
//! )?;
//! let mut out = Vec::new();
//! let errors = pool.process(
//!     vec![Input::new("a", "وصل الوفد في 3 آذار 2024").with_source("inline")],
//!     &mut out,
//! );
//! assert_eq!(errors, 0);
//! for line in pool.summary().lines() {
//!     eprintln!("{line}");
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The worker side is one call from the hidden subcommand:
//!
//! ```no_run
//! use khabar::{Pipeline, record::RecordOptions, plugin_host::{Options, PluginSpec}};
//! use khabar_plugin_worker::{WorkerSetup, load_each, worker_main};
//!
//! fn plugin_worker() -> std::process::ExitCode {
//!     worker_main(|blob| {
//!         let specs: Vec<PluginSpec> = serde_json::from_slice::<Vec<String>>(blob)
//!             .map_err(|e| e.to_string())?
//!             .iter()
//!             .map(|s| s.parse().map_err(|e| format!("{e}")))
//!             .collect::<Result<_, _>>()?;
//!         Ok(WorkerSetup {
//!             pipeline: Pipeline::builder().build().map_err(|e| e.to_string())?,
//!             plugins: load_each(&specs, &Options::default()).map_err(|e| e.to_string())?,
//!             record: RecordOptions::default(),
//!         })
//!     })
//! }
//! ```
#![deny(missing_docs)]
#![cfg(target_os = "linux")]

mod frame;
mod pool;
mod progress;
mod worker;

pub use pool::{
    CommandFn, PluginFailures, PoolError, PoolErrorKind, PoolOptions, PoolSummary, WorkerPool,
};
pub use worker::{WorkerSetup, worker_main};

use khabar::plugin_host::{LoadError, Options, PluginSet, PluginSpec};

/// Loads each plugin as a set of its own (what [`WorkerSetup::plugins`]
/// wants: the worker runs them one at a time to know which one it is in),
/// each with its configuration from `options`; a configuration for a
/// plugin that is not loaded is refused as [`PluginSet::load_with`] does.
///
/// `options.max_panics` is ignored: in a worker the host's own panic limit
/// is off, because it would count only the panics one worker process saw
/// (and quarantine a plugin behind the pool's back); the pool's
/// [`PoolOptions::max_failures`] counts panics, timeouts, crashes and
/// memory over all workers and is the one limit.
pub fn load_each(specs: &[PluginSpec], options: &Options) -> Result<Vec<PluginSet>, LoadError> {
    let mut each = options.clone();
    each.reject_unknown_configs = false;
    each.max_panics = u64::MAX;
    let sets = specs
        .iter()
        .map(|s| PluginSet::load_with(std::slice::from_ref(s), each.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    if options.reject_unknown_configs {
        let names: Vec<String> = sets
            .iter()
            .flat_map(PluginSet::infos)
            .map(|i| i.name)
            .collect();
        khabar::plugin_host::check_config_names(options, names.iter().map(String::as_str))?;
    }
    Ok(sets)
}
