//! The stable C ABI between khabar and its extractor plugins.
//!
//! A khabar plugin is a shared library (`cdylib`) that may be compiled by a
//! different rustc, with a different standard library, at a different time
//! than the host that loads it. Rust's own ABI (trait objects, `String`,
//! `Vec`, enums, `bool`) is not stable across such a boundary, so everything
//! that crosses it is defined here: plain `#[repr(C)]` structs, fixed-width
//! integers, function pointers and pointer+length byte strings. This crate has
//! no dependencies and contains no logic, so that both sides can depend on it
//! without dragging anything else along.
//!
//! Plugin authors should not use this crate directly: `khabar-plugin-sdk`
//! wraps it in a safe trait and an `export_plugin!` macro. It is public so
//! that plugins can be written in any language with a C FFI.
//!
//! # The contract in one page
//!
//! * The library exports one function, [`ENTRY_SYMBOL`]
//!   (`khabar_plugin_v1`), of type [`EntryFn`]. It returns a pointer to a
//!   [`PluginHeader`] that lives as long as the library.
//! * The host checks, before calling anything else: [`PluginHeader::magic`]
//!   equals [`MAGIC`]; `abi_major == ABI_MAJOR`; `abi_minor <= ABI_MINOR` of
//!   the host; `header_size` and `vtable_size` are at least the sizes of
//!   version 1.0; every function pointer in the [`PluginVTable`] is non-null;
//!   `name` and `version` are non-empty UTF-8.
//! * Structs only ever grow by appending fields in a new *minor* version; a
//!   size field tells the reader how much of a struct the writer knew about.
//!   Arrays of structs are read with the element size the writer recorded
//!   ([`Batch::doc_size`], [`Doc::entity_size`], [`Doc::figure_size`],
//!   [`Doc::sentence_size`], [`Annotation::link_size`]), never with the
//!   reader's own `size_of`. The host reads a plugin's [`Annotation`] only
//!   as far as the plugin's declared minor version defines it
//!   ([`ANNOTATION_SIZE_1_0`]).
//! * The C declarations are in `include/khabar_plugin.h` of this crate,
//!   checked against these definitions by the crate's tests.
//! * **Memory**: every input is a host-owned view valid for the duration of
//!   one call. The plugin returns annotations one at a time through
//!   [`Sink::emit`], which copies them before returning; error text goes into
//!   a host-provided [`ErrorBuf`]. Neither side ever frees memory that the
//!   other allocated; instances are freed by the plugin's own
//!   [`PluginVTable::destroy`].
//! * **Panics never cross the boundary.** Functions are `extern "C"`, not
//!   `extern "C-unwind"`: a panic from another standard library is a foreign
//!   exception. A plugin must catch its panics and return [`STATUS_PANIC`].
//! * All strings passed by the host are valid UTF-8. Strings passed by the
//!   plugin are validated by the host.
//! * The ABI version ([`ABI_MAJOR`].[`ABI_MINOR`]) is independent of the
//!   semver of any crate.
//!
//! # Example
//!
//! Describing a plugin by hand (the SDK macro generates exactly this):
//!
//! ```
//! use khabar_plugin_abi as abi;
//!
//! unsafe extern "C" fn create(
//!     _config: abi::Str,
//!     out: *mut *mut core::ffi::c_void,
//!     _err: *mut abi::ErrorBuf,
//! ) -> abi::Status {
//!     // A stateless plugin: any non-null pointer will do as its instance.
//!     unsafe { *out = core::ptr::NonNull::<u8>::dangling().as_ptr().cast() };
//!     abi::STATUS_OK
//! }
//! unsafe extern "C" fn process(
//!     _instance: *mut core::ffi::c_void,
//!     _batch: *const abi::Batch,
//!     _sink: *const abi::Sink,
//!     _err: *mut abi::ErrorBuf,
//! ) -> abi::Status {
//!     abi::STATUS_OK
//! }
//! unsafe extern "C" fn destroy(_instance: *mut core::ffi::c_void) {}
//!
//! static VTABLE: abi::PluginVTable = abi::PluginVTable {
//!     create: Some(create),
//!     process_batch: Some(process),
//!     destroy: Some(destroy),
//! };
//! static HEADER: abi::PluginHeader = abi::PluginHeader::new(
//!     "noop",
//!     "0.1.0",
//!     abi::CAP_THREAD_SAFE,
//!     &VTABLE,
//! );
//!
//! #[unsafe(no_mangle)]
//! pub extern "C" fn khabar_plugin_v1() -> *const abi::PluginHeader {
//!     &HEADER
//! }
//!
//! let header = unsafe { &*khabar_plugin_v1() };
//! assert_eq!(header.magic, abi::MAGIC);
//! assert_eq!(unsafe { header.name.as_bytes() }, b"noop");
//! ```
#![deny(missing_docs)]
#![no_std]

use core::ffi::c_void;

/// The value of [`PluginHeader::magic`], `0x4C50_5241_4241_484B`: the
/// ASCII bytes `KHABARPL` read as a little-endian `u64`. Checked before any
/// other field is trusted.
pub const MAGIC: u64 = 0x4C50_5241_4241_484B;

const _: () = assert!(MAGIC == u64::from_le_bytes(*b"KHABARPL"));

/// Major ABI version. A host loads only plugins with exactly this major.
pub const ABI_MAJOR: u32 = 1;

/// Minor ABI version. A host loads plugins whose minor is at most its own;
/// minors only append fields and capability bits.
///
/// * 1.0: text, normalized text and its offset map, entities, figures;
///   annotations with one span.
/// * 1.1: appends to [`Doc`] the document id and meta JSON, sentence spans
///   and the original→normalized offset map; to [`Entity`] the `prefix`
///   and `how`; to [`Annotation`] extra labelled spans ([`Link`]).
pub const ABI_MINOR: u32 = 1;

/// The oldest minor version of [`ABI_MAJOR`] a host of this version loads.
pub const ABI_MINOR_OLDEST: u32 = 0;

/// Size of a [`Doc`] in ABI 1.0 (the fields before `id`).
pub const DOC_SIZE_1_0: usize = core::mem::offset_of!(Doc, id);
/// Size of an [`Entity`] in ABI 1.0 (the fields before `prefix`).
pub const ENTITY_SIZE_1_0: usize = core::mem::offset_of!(Entity, prefix);
/// Size of an [`Annotation`] in ABI 1.0 (the fields before `links`).
pub const ANNOTATION_SIZE_1_0: usize = core::mem::offset_of!(Annotation, links);
/// Most links one annotation may carry.
pub const MAX_LINKS: usize = 64;

/// The name of the one exported function, NUL-terminated for `dlsym`.
pub const ENTRY_SYMBOL: &[u8] = b"khabar_plugin_v1\0";

/// The exported entry point: returns the plugin's header, which must stay
/// valid (and unchanged) for as long as the library is loaded.
pub type EntryFn = unsafe extern "C" fn() -> *const PluginHeader;

/// A status code returned by plugin functions.
pub type Status = i32;
/// The call succeeded.
pub const STATUS_OK: Status = 0;
/// The call failed with an error described in the [`ErrorBuf`].
pub const STATUS_ERROR: Status = 1;
/// The plugin panicked (and caught the panic); its instance must not be used
/// again. The message is in the [`ErrorBuf`].
pub const STATUS_PANIC: Status = 2;

/// Capability bit: one instance may be called from several threads at once.
/// Without it the host gives each concurrent caller its own instance and
/// never calls one instance from two threads at the same time (an instance
/// may still move between threads from one call to the next).
pub const CAP_THREAD_SAFE: u32 = 1;

/// Error kind for [`Sink::doc_error`]: the plugin reported an error.
pub const DOC_ERROR: u32 = 1;
/// Error kind for [`Sink::doc_error`]: the plugin panicked on this document.
pub const DOC_PANIC: u32 = 2;

/// [`Annotation::space`]: offsets index the original text.
pub const SPACE_ORIGINAL: u32 = 0;
/// [`Annotation::space`]: offsets index the normalized text; the host maps
/// them to the original text with the offset map.
pub const SPACE_NORMALIZED: u32 = 1;

/// A borrowed byte string: pointer and length. `len == 0` is the empty
/// string, whatever `ptr` holds.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Str {
    /// First byte (may be dangling or null when `len == 0`).
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: usize,
}

impl Str {
    /// The empty string.
    pub const EMPTY: Str = Str {
        ptr: core::ptr::null(),
        len: 0,
    };

    /// A view of `s` (valid as long as `s`).
    pub const fn new(s: &str) -> Str {
        Str {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }

    /// The bytes this string points to.
    ///
    /// # Safety
    ///
    /// `ptr` must point to `len` readable bytes that stay valid and
    /// unchanged for the returned lifetime (any `ptr` is fine when
    /// `len == 0`).
    pub unsafe fn as_bytes<'a>(self) -> &'a [u8] {
        if self.len == 0 || self.ptr.is_null() {
            &[]
        } else {
            // SAFETY: guaranteed by the caller.
            unsafe { core::slice::from_raw_parts(self.ptr, self.len) }
        }
    }
}

/// What a plugin tells the host about itself. Returned by the [`EntryFn`].
#[repr(C)]
#[derive(Debug)]
pub struct PluginHeader {
    /// Always [`MAGIC`].
    pub magic: u64,
    /// The [`ABI_MAJOR`] the plugin was built against.
    pub abi_major: u32,
    /// The [`ABI_MINOR`] the plugin was built against.
    pub abi_minor: u32,
    /// `size_of::<PluginHeader>()` as the plugin was compiled.
    pub header_size: u32,
    /// Capability bits ([`CAP_THREAD_SAFE`]); unknown bits are ignored.
    pub capabilities: u32,
    /// The plugin's name (non-empty UTF-8), used in annotations and errors.
    pub name: Str,
    /// The plugin's own version (non-empty UTF-8), free-form.
    pub version: Str,
    /// The function table.
    pub vtable: *const PluginVTable,
    /// `size_of::<PluginVTable>()` as the plugin was compiled.
    pub vtable_size: u32,
    /// Reserved, zero.
    pub reserved: u32,
}

// SAFETY: a header is an immutable descriptor in static memory; its raw
// pointers point to immutable statics, so sharing it between threads is
// sound. This impl exists so that plugins can keep the header in a `static`.
unsafe impl Sync for PluginHeader {}

impl PluginHeader {
    /// A header for the current ABI version with the given fields.
    pub const fn new(
        name: &'static str,
        version: &'static str,
        capabilities: u32,
        vtable: &'static PluginVTable,
    ) -> PluginHeader {
        PluginHeader {
            magic: MAGIC,
            abi_major: ABI_MAJOR,
            abi_minor: ABI_MINOR,
            header_size: core::mem::size_of::<PluginHeader>() as u32,
            capabilities,
            name: Str::new(name),
            version: Str::new(version),
            vtable,
            vtable_size: core::mem::size_of::<PluginVTable>() as u32,
            reserved: 0,
        }
    }
}

/// Creates an instance. `config` is UTF-8 (empty when there is none). On
/// success writes a non-null instance pointer to `*out` and returns
/// [`STATUS_OK`]; otherwise writes a message into `err`.
pub type CreateFn =
    unsafe extern "C" fn(config: Str, out: *mut *mut c_void, err: *mut ErrorBuf) -> Status;

/// Processes a batch of documents, emitting annotations through `sink`.
/// Returns [`STATUS_OK`], or [`STATUS_ERROR`] / [`STATUS_PANIC`] with a
/// message in `err`. After [`STATUS_PANIC`] the host never uses the instance
/// again.
pub type ProcessBatchFn = unsafe extern "C" fn(
    instance: *mut c_void,
    batch: *const Batch,
    sink: *const Sink,
    err: *mut ErrorBuf,
) -> Status;

/// Frees an instance created by [`CreateFn`].
pub type DestroyFn = unsafe extern "C" fn(instance: *mut c_void);

/// The plugin's function table. Entries are `Option`s so that a null
/// pointer is representable (and rejected by the host) rather than UB.
#[repr(C)]
#[derive(Debug)]
pub struct PluginVTable {
    /// See [`CreateFn`].
    pub create: Option<CreateFn>,
    /// See [`ProcessBatchFn`].
    pub process_batch: Option<ProcessBatchFn>,
    /// See [`DestroyFn`].
    pub destroy: Option<DestroyFn>,
}

/// A host-provided buffer for an error message. The plugin writes at most
/// `cap` bytes of UTF-8 at `ptr` and sets `len`.
#[repr(C)]
#[derive(Debug)]
pub struct ErrorBuf {
    /// Start of the host's buffer.
    pub ptr: *mut u8,
    /// Capacity in bytes.
    pub cap: usize,
    /// Bytes written by the plugin (initially 0).
    pub len: usize,
}

/// A batch of documents passed to [`ProcessBatchFn`].
#[repr(C)]
#[derive(Debug)]
pub struct Batch {
    /// `size_of::<Batch>()` as the host was compiled.
    pub size: usize,
    /// First document.
    pub docs: *const Doc,
    /// Number of documents.
    pub n_docs: usize,
    /// Distance in bytes between consecutive documents.
    pub doc_size: usize,
}

/// A span of the original text (byte offsets), e.g. one sentence.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// Start byte offset in the original text.
    pub start: usize,
    /// End byte offset in the original text.
    pub end: usize,
}

/// One document: host-owned views valid for the duration of the call.
///
/// Fields after `figure_size` were added in ABI 1.1; a plugin built for
/// 1.0 does not know them and walks documents with [`Batch::doc_size`].
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Doc {
    /// The decoded original text (UTF-8). Spans index this text.
    pub text: Str,
    /// The search-profile normalized text (UTF-8).
    pub normalized: Str,
    /// `normalized.len + 1` offsets: for each byte offset of the normalized
    /// text, the byte offset in `text` it came from.
    pub norm_to_orig: *const u32,
    /// Length of `norm_to_orig`.
    pub norm_to_orig_len: usize,
    /// Entities found so far.
    pub entities: *const Entity,
    /// Number of entities.
    pub n_entities: usize,
    /// Distance in bytes between consecutive entities.
    pub entity_size: usize,
    /// Figures found so far.
    pub figures: *const Figure,
    /// Number of figures.
    pub n_figures: usize,
    /// Distance in bytes between consecutive figures.
    pub figure_size: usize,
    /// (1.1) The document's id (UTF-8; empty when the caller gave none).
    pub id: Str,
    /// (1.1) The document's other input fields as a JSON object (UTF-8;
    /// empty when there are none).
    pub meta_json: Str,
    /// (1.1) Sentence spans of the original text, in text order.
    pub sentences: *const Range,
    /// (1.1) Number of sentences.
    pub n_sentences: usize,
    /// (1.1) Distance in bytes between consecutive sentences.
    pub sentence_size: usize,
    /// (1.1) `text.len + 1` offsets: for each byte offset of the original
    /// text, the byte offset of the normalized text it maps to (a removed
    /// character maps to where the next kept one starts).
    pub orig_to_norm: *const u32,
    /// (1.1) Length of `orig_to_norm`.
    pub orig_to_norm_len: usize,
}

/// A gazetteer entity (span in the original text).
///
/// `prefix` and `how` were added in ABI 1.1.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Entity {
    /// Start byte offset in the original text.
    pub start: usize,
    /// End byte offset in the original text.
    pub end: usize,
    /// Stable gazetteer id, e.g. `sergey-lavrov`; empty when the entity
    /// has none (`how` = `pattern`).
    pub id: Str,
    /// Type, e.g. `PER`, `LOC`, `ORG`.
    pub kind: Str,
    /// Canonical name (the name as written for a `pattern` entity).
    pub name: Str,
    /// (1.1) The attached proclitic stripped before the name (`و`, `ب`,
    /// `ال` …), empty when there was none; the span still covers it.
    pub prefix: Str,
    /// (1.1) How the entity was found: `gazetteer`, `pattern` or
    /// `coreference`.
    pub how: Str,
}

/// A parsed figure (span in the original text).
///
/// `low`/`high` may be negative and fractional (`-2.5`, `0.75`); NaN stands
/// for "no bound" (a vague amount has no `high`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Figure {
    /// Start byte offset in the original text.
    pub start: usize,
    /// End byte offset in the original text.
    pub end: usize,
    /// Lower bound (NaN when there is none).
    pub low: f64,
    /// Upper bound (NaN when there is none).
    pub high: f64,
    /// Qualifier: `exact`, `about`, `at_least`, … (empty when unknown).
    pub approx: Str,
    /// Counted noun or unit (empty when there is none).
    pub unit: Str,
    /// Kind: `count`, `percent`, `money`, `length`, `duration`, `year`,
    /// `date`, `ordinal`, `quantity`, `label` (more may come: treat an
    /// unknown kind as opaque).
    pub kind: Str,
}

/// (1.1) An extra labelled span of an [`Annotation`]: a quote's speaker, a
/// claim's source. In the same offset space as its annotation, validated
/// and converted (`--offsets char`) like the main span.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Link {
    /// The span's role, e.g. `speaker` (non-empty UTF-8, at most 64 bytes).
    pub role: Str,
    /// Start byte offset (in the text selected by the annotation's `space`).
    pub start: usize,
    /// End byte offset.
    pub end: usize,
}

/// One annotation emitted through [`Sink::emit`].
///
/// The host reads the fields after `attrs_json` (added in ABI 1.1) only
/// from plugins whose header declares minor 1 or later.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Annotation {
    /// Index of the document in the batch.
    pub doc: usize,
    /// Label, e.g. `DATE` (non-empty UTF-8).
    pub label: Str,
    /// Start byte offset (in the text selected by `space`).
    pub start: usize,
    /// End byte offset (in the text selected by `space`).
    pub end: usize,
    /// [`SPACE_ORIGINAL`] or [`SPACE_NORMALIZED`].
    pub space: u32,
    /// Reserved, zero.
    pub reserved: u32,
    /// Attributes as a JSON document (UTF-8); empty for none.
    pub attrs_json: Str,
    /// (1.1) Extra labelled spans (null when `n_links == 0`).
    pub links: *const Link,
    /// (1.1) Number of links (at most 64).
    pub n_links: usize,
    /// (1.1) Distance in bytes between consecutive links
    /// (`size_of::<Link>()` as the plugin was compiled).
    pub link_size: usize,
}

/// Emits one annotation. The host validates and copies it before
/// returning; returns [`STATUS_OK`] if it was accepted, [`STATUS_ERROR`] if
/// it was dropped as invalid.
pub type EmitFn = unsafe extern "C" fn(ctx: *mut c_void, annotation: *const Annotation) -> Status;

/// Reports that document `doc` failed ([`DOC_ERROR`] or [`DOC_PANIC`]); the
/// host copies `message` before returning and discards the plugin's
/// annotations for that document.
pub type DocErrorFn = unsafe extern "C" fn(ctx: *mut c_void, doc: usize, kind: u32, message: Str);

/// The host's callbacks for one [`ProcessBatchFn`] call.
///
/// The callbacks may only be called during that call, from the thread that
/// received it (the context is not synchronised).
#[repr(C)]
#[derive(Debug)]
pub struct Sink {
    /// Opaque host context, passed back to the callbacks.
    pub ctx: *mut c_void,
    /// See [`EmitFn`].
    pub emit: EmitFn,
    /// See [`DocErrorFn`].
    pub doc_error: DocErrorFn,
}

/// A plugin's entry point that can be passed around safely: only code that
/// vouches for the function (the SDK's `export_plugin!` macro) can build one.
/// Used to run a plugin linked into the same binary (in tests) through the
/// same checks as a loaded library.
#[derive(Clone, Copy, Debug)]
pub struct EntryPoint(EntryFn);

impl EntryPoint {
    /// Wraps an entry function.
    ///
    /// # Safety
    ///
    /// `f` must follow this crate's contract: return a pointer to a
    /// [`PluginHeader`] (or null), valid for the rest of the process, whose
    /// function pointers follow the contract too.
    pub const unsafe fn new(f: EntryFn) -> EntryPoint {
        EntryPoint(f)
    }

    /// The wrapped function.
    pub const fn get(self) -> EntryFn {
        self.0
    }
}
