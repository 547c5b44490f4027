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
//! let doc = DocView::new("hello", "hello", &map);
//! let out = set.process_batch(&[doc]);
//! assert_eq!(out.len(), 1);
//! assert!(out[0].annotations.is_empty());
//! ```
#![deny(missing_docs)]

mod load;
mod run;

pub use load::{
    LoadError, LoadErrorKind, PluginInfo, PluginSpec, SpecError, SpecErrorKind, plugin_info,
    plugin_info_entry, plugin_info_spec,
};
pub use run::{PluginSet, PluginSummary, Summary, check_config_names};

/// The ABI crate (for [`abi::Range`], the sentence span of a [`DocView`]).
pub use khabar_plugin_abi as abi;

use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::time::Duration;

use khabar_plugin_abi::Str;

/// The ABI version this host implements, `(major, minor)`.
pub const ABI_VERSION: (u32, u32) = (khabar_plugin_abi::ABI_MAJOR, khabar_plugin_abi::ABI_MINOR);

/// The plugin ABI versions this host loads, for `--version` and messages:
/// `"1.0-1.1"`.
pub fn abi_range() -> String {
    format!(
        "{major}.{}-{major}.{}",
        khabar_plugin_abi::ABI_MINOR_OLDEST,
        khabar_plugin_abi::ABI_MINOR,
        major = khabar_plugin_abi::ABI_MAJOR
    )
}

impl Options {
    /// Sets the configuration string of the plugin named `name`.
    pub fn plugin_config(
        &mut self,
        name: impl Into<String>,
        config: impl Into<String>,
    ) -> &mut Options {
        self.configs.insert(name.into(), config.into());
        self
    }
}

/// One document as the pipeline hands it to plugins (borrowed).
///
/// Entities, figures and sentences are the ABI's own structs (wrapped so
/// that safe code can only build them from borrowed strings): the pipeline
/// writes them once, into its per-document arena, and plugins read that
/// very memory. Nothing is converted or copied on the way.
#[derive(Clone, Copy, Debug)]
pub struct DocView<'a> {
    /// Decoded original text.
    pub text: &'a str,
    /// Search-profile normalized text.
    pub normalized: &'a str,
    /// `normalized.len() + 1` entries: for each byte offset of the
    /// normalized text, the byte offset in `text` it came from.
    pub norm_to_orig: &'a [u32],
    /// `text.len() + 1` entries: for each byte offset of the original text,
    /// the byte offset of the normalized text it maps to; empty when the
    /// caller has none (see [`invert_offset_map`]).
    pub orig_to_norm: &'a [u32],
    /// Entities (original byte offsets), in text order.
    pub entities: &'a [EntityView<'a>],
    /// Figures (original byte offsets), in text order.
    pub figures: &'a [FigureView<'a>],
    /// Sentence spans (original byte offsets), in text order.
    pub sentences: &'a [khabar_plugin_abi::Range],
    /// The document's id (empty when unknown).
    pub id: &'a str,
    /// The document's other input fields as a JSON object (empty when none).
    pub meta_json: &'a str,
}

impl<'a> DocView<'a> {
    /// A view of `text` with its normalization and nothing else (no
    /// entities, figures, sentences, id or meta).
    pub fn new(text: &'a str, normalized: &'a str, norm_to_orig: &'a [u32]) -> DocView<'a> {
        DocView {
            text,
            normalized,
            norm_to_orig,
            orig_to_norm: &[],
            entities: &[],
            figures: &[],
            sentences: &[],
            id: "",
            meta_json: "",
        }
    }
}

/// Fills `out` with the original→normalized map (`text_len + 1` entries)
/// that inverts `norm_to_orig` (a monotone normalized→original map, as
/// [`DocView::norm_to_orig`]): each original offset maps to the first
/// normalized offset whose original offset is at or after it, so a removed
/// character (a diacritic) maps to where the next kept one starts.
///
/// ```
/// // "بَب": the fatha (2 bytes at 2..4) is removed by normalization.
/// let norm_to_orig = [0u32, 1, 4, 5, 6]; // "بب" (4 bytes) + end
/// let mut out = Vec::new();
/// khabar_plugin_host::invert_offset_map(&norm_to_orig, 6, &mut out);
/// assert_eq!(out, [0, 1, 2, 2, 2, 3, 4]);
/// ```
pub fn invert_offset_map(norm_to_orig: &[u32], text_len: usize, out: &mut Vec<u32>) {
    let last = u32::try_from(norm_to_orig.len().saturating_sub(1)).unwrap_or(u32::MAX);
    out.clear();
    out.resize(text_len + 1, last);
    // Two straight passes instead of a search: (1) each normalized offset
    // marks the original offset it came from, the smallest one winning
    // (walked backwards); (2) a suffix minimum carries each mark back over
    // the original offsets of removed characters, which map to where the
    // next kept one starts.
    for (n, &o) in norm_to_orig.iter().enumerate().rev() {
        if let Some(slot) = out.get_mut(o as usize) {
            *slot = u32::try_from(n).unwrap_or(u32::MAX);
        }
    }
    let mut min = last;
    for slot in out.iter_mut().rev() {
        min = min.min(*slot);
        *slot = min;
    }
}

/// An entity as passed to plugins: the ABI struct, borrowing its strings.
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct EntityView<'a> {
    raw: khabar_plugin_abi::Entity,
    _strings: PhantomData<&'a str>,
}

// SAFETY: the raw struct only holds shared borrows of `'a` strings.
unsafe impl Send for EntityView<'_> {}
// SAFETY: as above.
unsafe impl Sync for EntityView<'_> {}

impl<'a> EntityView<'a> {
    /// An entity at `start..end` (original byte offsets) with its gazetteer
    /// `id` (empty for none), type, canonical name, stripped `prefix` (empty
    /// for none) and `how` (`gazetteer`, `pattern`, `coreference`).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        start: usize,
        end: usize,
        id: &'a str,
        kind: &'a str,
        name: &'a str,
        prefix: &'a str,
        how: &'a str,
    ) -> EntityView<'a> {
        EntityView {
            raw: khabar_plugin_abi::Entity {
                start,
                end,
                id: Str::new(id),
                kind: Str::new(kind),
                name: Str::new(name),
                prefix: Str::new(prefix),
                how: Str::new(how),
            },
            _strings: PhantomData,
        }
    }

    /// Start byte offset.
    pub fn start(&self) -> usize {
        self.raw.start
    }

    /// End byte offset.
    pub fn end(&self) -> usize {
        self.raw.end
    }

    /// The gazetteer id (empty for none).
    pub fn id(&self) -> &'a str {
        // SAFETY: built from a `&'a str` in `new`.
        unsafe { view_str(self.raw.id) }
    }

    /// The type.
    pub fn kind(&self) -> &'a str {
        // SAFETY: as in `id`.
        unsafe { view_str(self.raw.kind) }
    }

    /// The canonical name.
    pub fn name(&self) -> &'a str {
        // SAFETY: as in `id`.
        unsafe { view_str(self.raw.name) }
    }

    /// The stripped prefix (empty for none).
    pub fn prefix(&self) -> &'a str {
        // SAFETY: as in `id`.
        unsafe { view_str(self.raw.prefix) }
    }

    /// How the entity was found.
    pub fn how(&self) -> &'a str {
        // SAFETY: as in `id`.
        unsafe { view_str(self.raw.how) }
    }
}

/// A figure as passed to plugins: the ABI struct, borrowing its strings.
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct FigureView<'a> {
    raw: khabar_plugin_abi::Figure,
    _strings: PhantomData<&'a str>,
}

// SAFETY: the raw struct only holds shared borrows of `'a` strings.
unsafe impl Send for FigureView<'_> {}
// SAFETY: as above.
unsafe impl Sync for FigureView<'_> {}

impl<'a> FigureView<'a> {
    /// A figure at `start..end` with its bounds (`None` for none; negative
    /// and fractional values are fine), qualifier, unit and kind.
    pub fn new(
        start: usize,
        end: usize,
        low: Option<f64>,
        high: Option<f64>,
        approx: &'a str,
        unit: Option<&'a str>,
        kind: &'a str,
    ) -> FigureView<'a> {
        FigureView {
            raw: khabar_plugin_abi::Figure {
                start,
                end,
                // The ABI's "no bound" is NaN (a NaN bound is no bound).
                low: low.unwrap_or(f64::NAN),
                high: high.unwrap_or(f64::NAN),
                approx: Str::new(approx),
                unit: Str::new(unit.unwrap_or("")),
                kind: Str::new(kind),
            },
            _strings: PhantomData,
        }
    }

    /// Start byte offset.
    pub fn start(&self) -> usize {
        self.raw.start
    }

    /// End byte offset.
    pub fn end(&self) -> usize {
        self.raw.end
    }

    /// Lower bound.
    pub fn low(&self) -> Option<f64> {
        Some(self.raw.low).filter(|x| !x.is_nan())
    }

    /// Upper bound.
    pub fn high(&self) -> Option<f64> {
        Some(self.raw.high).filter(|x| !x.is_nan())
    }

    /// The qualifier.
    pub fn approx(&self) -> &'a str {
        // SAFETY: built from a `&'a str` in `new`.
        unsafe { view_str(self.raw.approx) }
    }

    /// The unit.
    pub fn unit(&self) -> Option<&'a str> {
        // SAFETY: as in `approx`.
        Some(unsafe { view_str(self.raw.unit) }).filter(|u| !u.is_empty())
    }

    /// The kind.
    pub fn kind(&self) -> &'a str {
        // SAFETY: as in `approx`.
        unsafe { view_str(self.raw.kind) }
    }
}

/// # Safety
/// `s` must have been built by `Str::new` from a `&'a str`.
unsafe fn view_str<'a>(s: Str) -> &'a str {
    // SAFETY: the caller's contract: UTF-8 bytes borrowed for `'a`.
    unsafe { std::str::from_utf8_unchecked(s.as_bytes()) }
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
    /// Extra labelled spans (ABI 1.1), validated like the main span and
    /// in original byte offsets.
    pub links: Vec<Link>,
}

/// An extra labelled span of an [`Annotation`] (a quote's speaker).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The role, e.g. `speaker`.
    pub role: String,
    /// Start byte offset in the original text.
    pub start: usize,
    /// End byte offset in the original text.
    pub end: usize,
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
    /// Configuration strings by plugin name (as its header gives it),
    /// passed to that plugin's `create`; a plugin not listed gets the empty
    /// string. A name that matches no loaded plugin is a load error
    /// ([`LoadErrorKind::UnknownConfig`]).
    pub configs: BTreeMap<String, String>,
    /// Whether loading fails when `configs` names a plugin that is not in
    /// the set (default yes). Turn it off when loading plugins into several
    /// sets with the same options, and call [`check_config_names`] with all
    /// their names.
    pub reject_unknown_configs: bool,
    /// Soft deadline per document: a call taking longer than this times the
    /// number of documents is counted as slow (default 100 ms).
    pub slow_doc: Duration,
    /// Panics after which a plugin is quarantined (default 3; the CLI's
    /// `--plugin-max-failures` with `--plugin-isolation thread`).
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
            configs: BTreeMap::new(),
            reject_unknown_configs: true,
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

    /// The definition: each original offset maps to the first normalized
    /// offset whose original offset is at or after it.
    fn naive_invert(map: &[u32], text_len: usize) -> Vec<u32> {
        let last = map.len().saturating_sub(1);
        (0..=text_len)
            .map(|o| {
                let n = (0..last).find(|&n| map[n] as usize >= o).unwrap_or(last);
                n as u32
            })
            .collect()
    }

    #[test]
    fn inverted_map_matches_the_definition() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut out = Vec::new();
        for _ in 0..500 {
            // A monotone map: each normalized byte advances the original
            // by 0..4 bytes (0: a folded sequence), ending at the text's end.
            let n = (next() % 40) as usize;
            let mut map = Vec::with_capacity(n + 1);
            let mut o = (next() % 3) as u32;
            for _ in 0..n {
                map.push(o);
                o += (next() % 5) as u32;
            }
            let text_len = o as usize + (next() % 4) as usize;
            map.push(text_len as u32);
            invert_offset_map(&map, text_len, &mut out);
            assert_eq!(out, naive_invert(&map, text_len), "{map:?} {text_len}");
        }
        invert_offset_map(&[0], 0, &mut out);
        assert_eq!(out, [0]);
    }

    #[test]
    fn plugin_set_can_be_shared_between_workers() {
        fn shared<T: Send + Sync>() {}
        shared::<PluginSet>();
        shared::<Summary>();
    }
}
