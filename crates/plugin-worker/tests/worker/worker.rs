//! The worker side as the tests run it: `worker_main` with a JSON setup
//! `{"plugins": [PATH, ...], "include_text": bool}`. The khabar CLI's
//! hidden `__plugin-worker` subcommand does the same with its own options.

use khabar::Pipeline;
use khabar::plugin_host::{Options, PluginSpec};
use khabar::record::RecordOptions;
use khabar_plugin_worker::{WorkerSetup, load_each, worker_main};

fn setup(blob: &[u8]) -> Result<WorkerSetup, String> {
    let v: serde_json::Value = serde_json::from_slice(blob).map_err(|e| e.to_string())?;
    let mut specs = Vec::new();
    for p in v["plugins"].as_array().into_iter().flatten() {
        let p = p.as_str().ok_or("a plugin path is not a string")?;
        specs.push(p.parse::<PluginSpec>().map_err(|e| e.to_string())?);
    }
    let pipeline = Pipeline::builder().build().map_err(|e| e.to_string())?;
    let plugins = load_each(&specs, &Options::default()).map_err(|e| e.to_string())?;
    Ok(WorkerSetup {
        pipeline,
        plugins,
        record: RecordOptions {
            include_text: v["include_text"].as_bool().unwrap_or(false),
            ..RecordOptions::default()
        },
    })
}

fn main() -> std::process::ExitCode {
    worker_main(setup)
}
