//! Finding, checking and describing plugin libraries.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use khabar_plugin_abi as abi;
use sha2::{Digest, Sha256};

/// Where to load a plugin from, optionally pinned to a SHA-256 digest.
///
/// Parsed from `path/to/libfoo.so` or `path/to/libfoo.so#sha256=<64 hex>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PluginSpec {
    /// The library's path (relative paths are resolved against the current
    /// directory; no other search is done).
    pub path: PathBuf,
    /// Expected SHA-256 of the file, lowercase hex.
    pub sha256: Option<String>,
}

impl PluginSpec {
    /// A spec for `path` without pinning.
    pub fn new(path: impl Into<PathBuf>) -> PluginSpec {
        PluginSpec {
            path: path.into(),
            sha256: None,
        }
    }
}

/// Why a [`PluginSpec`] could not be parsed.
///
/// Opaque, like every error of the workspace: match on
/// [`SpecError::kind`], read the [`Display`](fmt::Display) message for
/// people.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid plugin spec {spec:?}: {reason}")]
pub struct SpecError {
    kind: SpecErrorKind,
    spec: String,
    reason: &'static str,
}

/// The reason behind a [`SpecError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpecErrorKind {
    /// A `#key=value` suffix other than `#sha256=` (configuration goes
    /// through `--plugin-config`).
    Suffix,
    /// The `#sha256=` pin is not 64 hexadecimal digits.
    Pin,
    /// The path is empty.
    EmptyPath,
}

impl SpecError {
    /// What kind of failure this is.
    pub fn kind(&self) -> SpecErrorKind {
        self.kind
    }

    /// The spec as given.
    pub fn spec(&self) -> &str {
        &self.spec
    }
}

impl FromStr for PluginSpec {
    type Err = SpecError;

    fn from_str(s: &str) -> Result<PluginSpec, SpecError> {
        let err = |kind, reason| SpecError {
            kind,
            spec: s.to_string(),
            reason,
        };
        // `lib.so#kinds=count`: a `#` suffix that looks like `key=value`
        // but is not a pin. Refused with a pointer to the right options
        // rather than taken as a file name ("No such file").
        if let Some(i) = s.rfind('#') {
            let suffix = &s[i + 1..];
            if !suffix.starts_with("sha256=")
                && suffix.contains('=')
                && !suffix.contains(['/', std::path::MAIN_SEPARATOR])
            {
                return Err(err(
                    SpecErrorKind::Suffix,
                    "the only `#` suffix of a plugin path is `#sha256=<64 hex digits>` (a pin); pass configuration with `--plugin-config NAME=STRING` (PipelineBuilder::plugin_config)",
                ));
            }
        }
        let (path, sha256) = match s.rfind("#sha256=") {
            Some(i) => {
                let hex = &s[i + "#sha256=".len()..];
                if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(err(
                        SpecErrorKind::Pin,
                        "the SHA-256 must be 64 hexadecimal digits",
                    ));
                }
                (&s[..i], Some(hex.to_ascii_lowercase()))
            }
            None => (s, None),
        };
        if path.is_empty() {
            return Err(err(SpecErrorKind::EmptyPath, "the path is empty"));
        }
        Ok(PluginSpec {
            path: PathBuf::from(path),
            sha256,
        })
    }
}

impl fmt::Display for PluginSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(h) = &self.sha256 {
            write!(f, "#sha256={h}")?;
        }
        Ok(())
    }
}

/// What a plugin says about itself (from its header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PluginInfo {
    /// Absolute path of the library (or `<in-process:…>`).
    pub path: PathBuf,
    /// The plugin's name.
    pub name: String,
    /// The plugin's own version.
    pub version: String,
    /// ABI major version it was built against.
    pub abi_major: u32,
    /// ABI minor version it was built against.
    pub abi_minor: u32,
    /// Whether one instance may serve all threads.
    pub thread_safe: bool,
    /// Raw capability bits.
    pub capabilities: u32,
    /// SHA-256 of the library file (lowercase hex), when it was read
    /// (always by [`plugin_info`]; `None` for in-process plugins).
    pub sha256: Option<String>,
}

impl fmt::Display for PluginInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "path:         {}", self.path.display())?;
        writeln!(f, "name:         {}", self.name)?;
        writeln!(f, "version:      {}", self.version)?;
        writeln!(
            f,
            "abi:          {}.{} (this khabar loads ABI {})",
            self.abi_major,
            self.abi_minor,
            crate::abi_range()
        )?;
        if let Some(h) = &self.sha256 {
            writeln!(f, "sha256:       {h}")?;
            writeln!(
                f,
                "pin:          --plugin '{}#sha256={h}'",
                self.path.display()
            )?;
        }
        write!(
            f,
            "capabilities: {}",
            if self.thread_safe {
                "thread-safe (one shared instance)"
            } else {
                "per-thread instances"
            }
        )
    }
}

/// Why a plugin could not be loaded. Its `Display` is one line naming the
/// absolute path and the problem.
#[derive(Debug)]
pub struct LoadError {
    path: PathBuf,
    kind: LoadErrorKind,
    /// The plugin's ABI version, once its header was read.
    plugin_abi: Option<(u32, u32)>,
}

impl LoadError {
    pub(crate) fn new(path: &Path, kind: LoadErrorKind) -> LoadError {
        LoadError {
            path: path.to_path_buf(),
            kind,
            plugin_abi: None,
        }
    }

    pub(crate) fn with_abi(mut self, major: u32, minor: u32) -> LoadError {
        self.plugin_abi = Some((major, minor));
        self
    }

    /// The plugin's ABI version `(major, minor)`, when its header could be
    /// read.
    pub fn plugin_abi(&self) -> Option<(u32, u32)> {
        self.plugin_abi
    }

    /// The (absolute) path of the plugin.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What went wrong.
    pub fn kind(&self) -> &LoadErrorKind {
        &self.kind
    }
}

/// Every message ends with the versions: `(plugin ABI 1.0; this khabar
/// loads ABI 1.0-1.1)`, or `(plugin ABI unknown; …)` before the header
/// was read.
impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.as_os_str().is_empty() {
            // Not about one library (a configuration for no plugin).
            return write!(f, "plugins: {}", self.kind);
        }
        write!(f, "plugin {}: {}", self.path.display(), self.kind)?;
        match self.plugin_abi {
            Some((major, minor)) => write!(f, " (plugin ABI {major}.{minor}; ")?,
            None => write!(f, " (plugin ABI unknown; ")?,
        }
        write!(f, "this khabar loads ABI {})", crate::abi_range())
    }
}

impl std::error::Error for LoadError {}

/// The kinds of [`LoadError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// The file's SHA-256 is not the pinned one.
    #[error("SHA-256 mismatch: expected {expected}, the file has {actual}")]
    Sha256Mismatch {
        /// The pinned digest.
        expected: String,
        /// The file's digest.
        actual: String,
    },
    /// The dynamic loader rejected the file (not a shared library, missing
    /// dependency, wrong architecture, …).
    #[error("not a loadable library: {0}")]
    Library(String),
    /// The entry symbol is missing.
    #[error("no `khabar_plugin_v1` symbol: not a khabar plugin (or built for another ABI)")]
    MissingSymbol,
    /// The entry function returned null.
    #[error("`khabar_plugin_v1` returned a null header")]
    NullHeader,
    /// The magic value is wrong.
    #[error(
        "bad magic {found:#018x} (expected {:#018x}): not a khabar plugin header",
        abi::MAGIC
    )]
    BadMagic {
        /// The value found.
        found: u64,
    },
    /// The ABI major version differs from the host's.
    #[error(
        "ABI major version {major} is not this khabar's {}: rebuild the plugin against a matching khabar-plugin-sdk",
        abi::ABI_MAJOR
    )]
    AbiMajor {
        /// Plugin's major.
        major: u32,
        /// Plugin's minor.
        minor: u32,
    },
    /// The plugin needs a newer minor version than the host has.
    #[error(
        "ABI {major}.{minor} is newer than this khabar's ABI {}.{}: upgrade khabar or build the plugin with an older SDK",
        abi::ABI_MAJOR,
        abi::ABI_MINOR
    )]
    AbiMinor {
        /// Plugin's major.
        major: u32,
        /// Plugin's minor.
        minor: u32,
    },
    /// A size recorded in the header is too small.
    #[error("{what} size {found} is smaller than ABI {major}.{minor} requires ({expected})")]
    Truncated {
        /// Which struct.
        what: &'static str,
        /// Size found.
        found: u64,
        /// Minimum size.
        expected: u64,
        /// Plugin's major.
        major: u32,
        /// Plugin's minor.
        minor: u32,
    },
    /// The function table, or an entry of it, is null.
    #[error("null function pointer `{0}` in the plugin's function table")]
    NullEntry(&'static str),
    /// The name or version is empty or not UTF-8.
    #[error("invalid {what} in header: {reason}")]
    BadField {
        /// `name` or `version`.
        what: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// Creating the first instance failed.
    #[error("plugin {name:?} failed to start: {message}")]
    Create {
        /// The plugin's name.
        name: String,
        /// The plugin's message.
        message: String,
    },
    /// A configuration string names no loaded plugin.
    #[error(
        "a configuration is given for {name:?} (--plugin-config {name}=…), but no loaded plugin has that name (loaded: {loaded})"
    )]
    UnknownConfig {
        /// The name given.
        name: String,
        /// The loaded plugins' names, comma-separated.
        loaded: String,
    },
    /// Two loaded plugins have the same name (their annotations and
    /// configurations could not be told apart).
    #[error("two plugins are named {name:?}; the other one is {other}")]
    DuplicateName {
        /// The name.
        name: String,
        /// The other plugin's path.
        other: String,
    },
}

/// Longest accepted name or version, in bytes.
const MAX_FIELD: usize = 256;

/// A checked copy of a plugin's header.
#[derive(Clone, Copy)]
pub(crate) struct Checked {
    pub create: abi::CreateFn,
    pub process_batch: abi::ProcessBatchFn,
    pub destroy: abi::DestroyFn,
}

/// Resolves `path` to an absolute path without touching the file system
/// search path of the dynamic loader.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    match std::fs::canonicalize(path) {
        Ok(p) => p,
        Err(_) => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The file's SHA-256, lowercase hex.
pub(crate) fn sha256_of(path: &Path) -> Result<String, LoadError> {
    let bytes =
        std::fs::read(path).map_err(|e| LoadError::new(path, LoadErrorKind::Io(e.to_string())))?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Checks the pinned digest, if any; returns the file's digest when it was
/// computed.
pub(crate) fn check_sha256(
    path: &Path,
    expected: Option<&str>,
) -> Result<Option<String>, LoadError> {
    let Some(expected) = expected else {
        return Ok(None);
    };
    let actual = sha256_of(path)?;
    if actual.eq_ignore_ascii_case(expected) {
        Ok(Some(actual))
    } else {
        Err(LoadError::new(
            path,
            LoadErrorKind::Sha256Mismatch {
                expected: expected.to_ascii_lowercase(),
                actual,
            },
        ))
    }
}

/// Opens the library at the absolute `path` and finds its entry point. The
/// library is never unloaded (unloading a Rust library after it has
/// registered thread-local destructors crashes the process).
pub(crate) fn open(path: &Path) -> Result<abi::EntryFn, LoadError> {
    if let Err(e) = std::fs::metadata(path) {
        return Err(LoadError::new(path, LoadErrorKind::Io(e.to_string())));
    }
    // SAFETY: loading a library runs its initialisers; that is the point of
    // a plugin, and the user named this file explicitly.
    let lib = unsafe { open_library(path) }
        .map_err(|e| LoadError::new(path, LoadErrorKind::Library(one_line(&chain(&e)))))?;
    let lib: &'static libloading::Library = Box::leak(Box::new(lib));
    // SAFETY: the symbol's type is fixed by the ABI; we only trust it as far
    // as the checks in `check_header` go.
    let entry = unsafe { lib.get::<abi::EntryFn>(abi::ENTRY_SYMBOL) }
        .map_err(|_| LoadError::new(path, LoadErrorKind::MissingSymbol))?;
    Ok(*entry)
}

#[cfg(unix)]
unsafe fn open_library(path: &Path) -> Result<libloading::Library, libloading::Error> {
    use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
    // RTLD_NOW: fail here, not in the middle of a run, on unresolved
    // symbols. RTLD_LOCAL: plugins cannot interpose on each other.
    // SAFETY: see `open`.
    unsafe { Library::open(Some(path), RTLD_NOW | RTLD_LOCAL) }.map(Into::into)
}

#[cfg(not(unix))]
unsafe fn open_library(path: &Path) -> Result<libloading::Library, libloading::Error> {
    // SAFETY: see `open`.
    unsafe { libloading::Library::new(path) }
}

/// An error and its sources: libloading's `Display` alone says only
/// "dlopen failed"; the reason is in the source.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Calls the entry point and checks the header, in the order that makes
/// each read safe: magic, then versions, then sizes, then pointers.
pub(crate) fn check_header(
    path: &Path,
    entry: abi::EntryFn,
) -> Result<(PluginInfo, Checked), LoadError> {
    let (header, major, minor) = header_of(path, entry)?;
    let err = |kind| LoadError::new(path, kind).with_abi(major, minor);
    // SAFETY: the plugin declares a full v1.0 header.
    let h = unsafe { &*header };
    let checked = checked_vtable(h, &err, major, minor)?;
    let name = field(h.name, "name").map_err(err)?;
    let version = field(h.version, "version").map_err(err)?;
    let info = PluginInfo {
        path: path.to_path_buf(),
        name,
        version,
        abi_major: major,
        abi_minor: minor,
        thread_safe: h.capabilities & abi::CAP_THREAD_SAFE != 0,
        capabilities: h.capabilities,
        sha256: None,
    };
    Ok((info, checked))
}

/// Calls the entry point and checks the magic, the ABI version and the
/// declared header size: (header, major, minor) of a full v1.0 header.
fn header_of(
    path: &Path,
    entry: abi::EntryFn,
) -> Result<(*const abi::PluginHeader, u32, u32), LoadError> {
    let err = |kind| LoadError::new(path, kind);
    // SAFETY: the entry point of a library the user chose; SDK-generated
    // entry points only return the address of a static.
    let header = unsafe { entry() };
    if header.is_null() {
        return Err(err(LoadErrorKind::NullHeader));
    }
    // SAFETY: the pointer is non-null; the magic is the first field, read
    // before trusting anything else.
    let magic = unsafe { std::ptr::read_unaligned(header.cast::<u64>()) };
    if magic != abi::MAGIC {
        return Err(err(LoadErrorKind::BadMagic { found: magic }));
    }
    // SAFETY: the magic says this is a header; major/minor/size are part of
    // every version of it.
    let (major, minor, header_size) = unsafe {
        (
            std::ptr::read_unaligned(std::ptr::addr_of!((*header).abi_major)),
            std::ptr::read_unaligned(std::ptr::addr_of!((*header).abi_minor)),
            std::ptr::read_unaligned(std::ptr::addr_of!((*header).header_size)),
        )
    };
    let err = |kind| LoadError::new(path, kind).with_abi(major, minor);
    if major != abi::ABI_MAJOR {
        return Err(err(LoadErrorKind::AbiMajor { major, minor }));
    }
    if minor > abi::ABI_MINOR {
        return Err(err(LoadErrorKind::AbiMinor { major, minor }));
    }
    let need = size_of::<abi::PluginHeader>();
    if (header_size as usize) < need {
        return Err(err(LoadErrorKind::Truncated {
            what: "header",
            found: header_size.into(),
            expected: need as u64,
            major,
            minor,
        }));
    }
    Ok((header, major, minor))
}

/// Checks the function table of a full header: non-null, full size, and
/// every required function present.
fn checked_vtable(
    h: &abi::PluginHeader,
    err: &impl Fn(LoadErrorKind) -> LoadError,
    major: u32,
    minor: u32,
) -> Result<Checked, LoadError> {
    if h.vtable.is_null() {
        return Err(err(LoadErrorKind::NullEntry("vtable")));
    }
    let need = size_of::<abi::PluginVTable>();
    if (h.vtable_size as usize) < need {
        return Err(err(LoadErrorKind::Truncated {
            what: "function table",
            found: h.vtable_size.into(),
            expected: need as u64,
            major,
            minor,
        }));
    }
    // SAFETY: non-null, and the plugin declares a full v1.0 table.
    let vt = unsafe { &*h.vtable };
    let create = vt
        .create
        .ok_or_else(|| err(LoadErrorKind::NullEntry("create")))?;
    let process_batch = vt
        .process_batch
        .ok_or_else(|| err(LoadErrorKind::NullEntry("process_batch")))?;
    let destroy = vt
        .destroy
        .ok_or_else(|| err(LoadErrorKind::NullEntry("destroy")))?;
    Ok(Checked {
        create,
        process_batch,
        destroy,
    })
}

fn field(s: abi::Str, what: &'static str) -> Result<String, LoadErrorKind> {
    let bad = |reason| LoadErrorKind::BadField { what, reason };
    if s.len == 0 {
        return Err(bad("empty"));
    }
    if s.ptr.is_null() {
        return Err(bad("null pointer"));
    }
    if s.len > MAX_FIELD {
        return Err(bad("longer than 256 bytes"));
    }
    // SAFETY: non-null, bounded length, in the plugin's static data.
    let bytes = unsafe { s.as_bytes() };
    let s = std::str::from_utf8(bytes).map_err(|_| bad("not UTF-8"))?;
    if s.chars().any(char::is_control) {
        return Err(bad("contains control characters"));
    }
    Ok(s.to_string())
}

/// Reads a plugin's header without creating an instance (for
/// `khabar plugin info`); the info includes the file's SHA-256.
pub fn plugin_info(path: &Path) -> Result<PluginInfo, LoadError> {
    plugin_info_spec(&PluginSpec::new(path))
}

/// [`plugin_info`] for a plugin linked into this binary (see
/// `PluginSet::from_entry_points`): its header, checked, without creating
/// an instance. `label` stands for the path in messages.
pub fn plugin_info_entry(label: &str, entry: abi::EntryPoint) -> Result<PluginInfo, LoadError> {
    let path = PathBuf::from(format!("<in-process:{label}>"));
    check_header(&path, entry.get()).map(|(info, _)| info)
}

/// [`plugin_info`] for a spec: a pinned spec (`PATH#sha256=HEX`) is
/// checked before the library is opened, as `--plugin` does.
pub fn plugin_info_spec(spec: &PluginSpec) -> Result<PluginInfo, LoadError> {
    let path = absolute(&spec.path);
    let sha256 = match check_sha256(&path, spec.sha256.as_deref())? {
        Some(h) => h,
        None => sha256_of(&path)?,
    };
    let entry = open(&path)?;
    check_header(&path, entry).map(|(info, _)| PluginInfo {
        sha256: Some(sha256),
        ..info
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn spec_parsing() {
        let h = "ab".repeat(32);
        let cases: Vec<(String, Option<PluginSpec>)> = vec![
            ("lib.so".into(), Some(PluginSpec::new("lib.so"))),
            (
                format!("a/lib.so#sha256={}", h.to_uppercase()),
                Some(PluginSpec {
                    path: "a/lib.so".into(),
                    sha256: Some(h.clone()),
                }),
            ),
            ("dir#1/lib.so".into(), Some(PluginSpec::new("dir#1/lib.so"))),
            ("lib.so#sha256=abc".into(), None),
            (format!("lib.so#sha256={}", "g".repeat(64)), None),
            (format!("#sha256={h}"), None),
            ("".into(), None),
        ];
        for (s, want) in cases {
            assert_eq!(s.parse::<PluginSpec>().ok(), want, "{s}");
        }
        let spec: PluginSpec = format!("x.so#sha256={h}").parse().unwrap();
        assert_eq!(spec.to_string().parse::<PluginSpec>().unwrap(), spec);
        let kind = |s: &str| s.parse::<PluginSpec>().unwrap_err().kind();
        assert_eq!(kind("lib.so#sha256=abc"), SpecErrorKind::Pin);
        assert_eq!(kind(&format!("#sha256={h}")), SpecErrorKind::EmptyPath);
        assert_eq!(kind("lib.so#kinds=count"), SpecErrorKind::Suffix);
        assert_eq!(
            "#sha256=abc".parse::<PluginSpec>().unwrap_err().spec(),
            "#sha256=abc"
        );
    }

    #[test]
    fn a_config_in_the_path_is_refused_with_the_right_options() {
        for s in ["lib.so#kinds=count", "a/b/lib.so#x=1", "lib.so#sha25=ab"] {
            let e = s.parse::<PluginSpec>().unwrap_err().to_string();
            assert!(e.contains("--plugin-config NAME=STRING"), "{e}");
            assert!(e.contains("#sha256="), "{e}");
        }
        // A `#` inside a directory name is still a path.
        assert!("dir#a=b/lib.so".parse::<PluginSpec>().is_ok());
    }

    #[test]
    fn missing_file_is_reported_with_absolute_path() {
        let e = plugin_info(Path::new("no/such/libplugin.so")).unwrap_err();
        assert!(e.path().is_absolute());
        assert!(matches!(e.kind(), LoadErrorKind::Io(_)));
        let msg = e.to_string();
        assert!(
            msg.contains("no/such/libplugin.so") && !msg.contains('\n'),
            "{msg}"
        );
    }
}
