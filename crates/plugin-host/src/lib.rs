//! Loads, checks and runs khabar extractor plugins.
//!
//! Plugins are shared libraries written against `khabar-plugin-abi` (usually
//! through `khabar-plugin-sdk`). They are someone else's code, compiled by
//! someone else's compiler, so this crate trusts nothing it has not checked:
//!
//! * **Loading** ([`PluginSet::load`]): explicit paths only — a relative path
//!   is resolved against the current directory and reported as absolute;
//!   the dynamic loader's search path is never used. An optional SHA-256 pin
//!   (`path#sha256=…`, see [`PluginSpec`]) is checked before the library is
//!   opened. The header is checked field by field (magic, ABI major equal,
//!   minor not newer, sizes, non-null functions, name and version) before
//!   any plugin function runs; each rejection is a [`LoadError`] whose
//!   message names the file, the problem and both ABI versions. Libraries
//!   are never unloaded.
//! * **Running** ([`PluginSet::process_batch`]): documents go to each plugin
//!   in batches; callable from many threads at once. A plugin without the
//!   thread-safe capability gets one instance per concurrent caller.
//! * **Validation**: every annotation is checked as it is emitted (document
//!   index, span bounds and order, UTF-8 boundaries, label UTF-8, attributes
//!   UTF-8 JSON) and copied; invalid ones are dropped and counted.
//! * **Failure**: a panic (caught by the SDK) costs only the document it
//!   happened on: that document gets a [`PluginError`] of kind `panic`, the
//!   instance is discarded and the rest of the batch goes on with a fresh
//!   one. After [`Options::max_panics`] panics, or
//!   [`Options::max_invalid_annotations`] invalid annotations, the plugin is
//!   quarantined: it is not called again and documents get an error of kind
//!   `quarantined`. A plugin built with `panic = "abort"` cannot be
//!   protected: its panic aborts the process.
//! * **Slowness**: a call slower than [`Options::slow_doc`] per document is
//!   counted and reported in the [`Summary`] (a soft deadline: it is not
//!   interrupted).
//!
//! # Example
//!
//! ```
//! use khabar_plugin_host::{DocView, PluginSet, PluginSpec};
//!
//! // Loading a file that is not a plugin fails with a one-line message.
//! let spec: PluginSpec = "no/such/libdates.so".parse().unwrap();
//! let err = PluginSet::load(&[spec]).unwrap_err();
//! assert!(err.to_string().contains("no/such/libdates.so"));
//!
//! // An empty set processes documents without doing anything.
//! let set = PluginSet::load(&[]).unwrap();
//! assert!(set.is_empty());
//! let map: Vec<u32> = (0..=5).collect();
//! let doc = DocView {
//!     text: "hello",
//!     normalized: "hello",
//!     norm_to_orig: &map,
//!     entities: &[],
//!     figures: &[],
//! };
//! let out = set.process_batch(&[doc]);
//! assert_eq!(out.len(), 1);
//! assert!(out[0].annotations.is_empty());
//! ```
#![deny(missing_docs)]

mod load;
mod run;

pub use load::{LoadError, LoadErrorKind, PluginInfo, PluginSpec, SpecError, plugin_info};
pub use run::{PluginSet, PluginSummary, Summary};

use std::time::Duration;

/// The ABI version this host implements, `(major, minor)`.
pub const ABI_VERSION: (u32, u32) = (khabar_plugin_abi::ABI_MAJOR, khabar_plugin_abi::ABI_MINOR);

/// One document as the pipeline hands it to plugins (borrowed).
#[derive(Clone, Copy, Debug)]
pub struct DocView<'a> {
    /// Decoded original text.
    pub text: &'a str,
    /// Search-profile normalized text.
    pub normalized: &'a str,
    /// `normalized.len() + 1` entries: for each byte offset of the
    /// normalized text, the byte offset in `text` it came from.
    pub norm_to_orig: &'a [u32],
    /// Entities (original byte offsets).
    pub entities: &'a [EntityView<'a>],
    /// Figures (original byte offsets).
    pub figures: &'a [FigureView<'a>],
}

/// An entity as passed to plugins.
#[derive(Clone, Copy, Debug)]
pub struct EntityView<'a> {
    /// Start byte offset in the original text.
    pub start: usize,
    /// End byte offset in the original text.
    pub end: usize,
    /// Stable gazetteer id.
    pub id: &'a str,
    /// Type (`PER`, `LOC`, `ORG`, …).
    pub kind: &'a str,
    /// Canonical name.
    pub name: &'a str,
}

/// A figure as passed to plugins.
#[derive(Clone, Copy, Debug)]
pub struct FigureView<'a> {
    /// Start byte offset in the original text.
    pub start: usize,
    /// End byte offset in the original text.
    pub end: usize,
    /// Lower bound (NaN for none).
    pub low: f64,
    /// Upper bound (NaN for none).
    pub high: f64,
    /// Qualifier (`exact`, `about`, …).
    pub approx: &'a str,
    /// Unit (`""` for none).
    pub unit: &'a str,
    /// Kind (`count`, `percent`, …).
    pub kind: &'a str,
}

/// What the plugins produced for one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocOutput {
    /// Annotations, grouped by plugin in load order, each plugin's in the
    /// order it emitted them.
    pub annotations: Vec<Annotation>,
    /// Errors of plugins on this document.
    pub errors: Vec<PluginError>,
}

/// An annotation produced by a plugin, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// The plugin's name.
    pub plugin: String,
    /// The label, e.g. `DATE`.
    pub label: String,
    /// Start byte offset in the original text.
    pub start: usize,
    /// End byte offset in the original text (`start <= end`, both on
    /// character boundaries).
    pub end: usize,
    /// Attributes (valid JSON), if the plugin gave any.
    pub attrs: Option<serde_json::Value>,
}

/// A plugin's failure on one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PluginError {
    /// The plugin's name.
    pub plugin: String,
    /// `panic`, `quarantined`, `error` or `invalid-annotation`.
    pub kind: String,
    /// Human-readable message.
    pub message: String,
}

/// Limits and thresholds; [`Options::default`] suits most runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Configuration string passed to every plugin's `create` (default
    /// empty).
    pub config: String,
    /// Soft deadline per document: a call taking longer than this times the
    /// number of documents is counted as slow (default 100 ms).
    pub slow_doc: Duration,
    /// Panics after which a plugin is quarantined (default 3).
    pub max_panics: u64,
    /// Invalid annotations after which a plugin is quarantined (default
    /// 1000).
    pub max_invalid_annotations: u64,
    /// Annotations kept per document and plugin; the rest are dropped and
    /// counted as invalid (default 10 000).
    pub max_annotations_per_doc: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            config: String::new(),
            slow_doc: Duration::from_millis(100),
            max_panics: 3,
            max_invalid_annotations: 1000,
            max_annotations_per_doc: 10_000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_set_can_be_shared_between_workers() {
        fn shared<T: Send + Sync>() {}
        shared::<PluginSet>();
        shared::<Summary>();
    }
}
