//! The Wikidata JSON dump: one entity per line, only the needed fields
//! decoded.
//!
//! A dump is a JSON array written one entity per line (`[`, then
//! `{…},` lines, then `]`). Each line is parsed on its own, so memory is
//! bounded by the longest entity. Of an entity only `id`, the labels and
//! aliases of the chosen languages and the values of P31 (`instance of`)
//! are built; every other field (descriptions, sitelinks, the other
//! claims) is skipped by the JSON scanner without allocating, and the
//! labels and aliases of other languages likewise.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::error::ImportError;
use crate::input;
use crate::output::write_entry;
use crate::{Progress, Summary};

const CLASSES: &str = include_str!("../data/wikidata-classes.tsv");

/// Wikidata classes (P31 values) and the gazetteer type each gives.
///
/// The default table is `data/wikidata-classes.tsv` (people: Q5; places:
/// countries, cities, settlements, regions, administrative divisions …;
/// organisations: companies, parties, clubs, universities, media …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassTable {
    map: HashMap<u64, String>,
}

impl Default for ClassTable {
    fn default() -> ClassTable {
        let mut t = ClassTable {
            map: HashMap::new(),
        };
        for line in CLASSES.lines().filter(|l| !l.starts_with('#')) {
            let mut f = line.split('\t');
            if let (Some(q), Some(kind)) = (f.next(), f.next())
                && let Some(n) = qid_number(q)
            {
                t.map.insert(n, kind.to_string());
            }
        }
        t
    }
}

impl ClassTable {
    /// An empty table.
    pub fn empty() -> ClassTable {
        ClassTable {
            map: HashMap::new(),
        }
    }

    /// Maps class `qid` (`Q123`) to `kind`; replaces an earlier mapping.
    ///
    /// # Errors
    ///
    /// `qid` is not `Q` followed by digits, or `kind` is empty or holds a
    /// tab or white space.
    pub fn insert(&mut self, qid: &str, kind: &str) -> Result<&mut Self, ImportError> {
        let n = qid_number(qid.trim())
            .ok_or_else(|| ImportError::option(format!("not a Wikidata class id: {qid:?}")))?;
        let kind = kind.trim();
        if kind.is_empty() || kind.chars().any(char::is_whitespace) {
            return Err(ImportError::option(format!("not a type: {kind:?}")));
        }
        self.map.insert(n, kind.to_string());
        Ok(self)
    }

    /// Adds a mapping written `Q123=ORG` (the `--class` option).
    ///
    /// # Errors
    ///
    /// The text is not `Q<digits>=<type>`.
    pub fn insert_arg(&mut self, arg: &str) -> Result<&mut Self, ImportError> {
        let (q, k) = arg
            .split_once('=')
            .ok_or_else(|| ImportError::option(format!("expected Q123=TYPE, found {arg:?}")))?;
        self.insert(q, k)
    }

    /// The type of class `Q<n>`.
    pub fn get(&self, n: u64) -> Option<&str> {
        self.map.get(&n).map(String::as_str)
    }

    /// Number of classes.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

fn qid_number(q: &str) -> Option<u64> {
    let d = q.strip_prefix('Q')?;
    if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    d.parse().ok()
}

/// Options of the Wikidata importer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WikidataOptions {
    /// Languages of the labels and aliases taken, in order of preference
    /// (the first label found is the canonical name). Default `["ar"]`.
    pub langs: Vec<String>,
    /// The class table.
    pub classes: ClassTable,
}

impl Default for WikidataOptions {
    fn default() -> WikidataOptions {
        WikidataOptions {
            langs: vec!["ar".to_string()],
            classes: ClassTable::default(),
        }
    }
}

impl WikidataOptions {
    /// Sets the languages from a comma-separated list (`ar,arz,apc`).
    ///
    /// # Errors
    ///
    /// The list is empty or a code is not made of letters and `-`.
    pub fn langs_arg(&mut self, list: &str) -> Result<&mut Self, ImportError> {
        let langs: Vec<String> = list
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if langs.is_empty()
            || langs
                .iter()
                .any(|l| !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(ImportError::option(format!(
                "expected language codes like ar,arz, found {list:?}"
            )));
        }
        self.langs = langs;
        Ok(self)
    }
}

#[derive(Deserialize)]
struct Entity<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(default, borrow)]
    labels: Option<&'a RawValue>,
    #[serde(default, borrow)]
    aliases: Option<&'a RawValue>,
    /// Parsed in the one pass (an empty one is `[]` in some dumps).
    #[serde(default, borrow, deserialize_with = "claims_map_or_empty")]
    claims: Option<Claims<'a>>,
}

/// The claims object, or `None` for the `[]` some dumps write for an
/// empty one.
fn claims_map_or_empty<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Claims<'de>>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<Claims<'de>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of claims or an empty array")
        }

        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
            Claims::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
        }

        fn visit_seq<S: serde::de::SeqAccess<'de>>(
            self,
            mut seq: S,
        ) -> Result<Self::Value, S::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V)
}

#[derive(Deserialize)]
struct Claims<'a> {
    #[serde(rename = "P31", default, borrow)]
    p31: Vec<Statement<'a>>,
}

#[derive(Deserialize)]
struct Statement<'a> {
    #[serde(borrow)]
    mainsnak: Snak<'a>,
    #[serde(default, borrow)]
    rank: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Snak<'a> {
    #[serde(default, borrow)]
    datavalue: Option<DataValue<'a>>,
}

#[derive(Deserialize)]
struct DataValue<'a> {
    #[serde(borrow)]
    value: ItemValue<'a>,
}

#[derive(Deserialize)]
struct ItemValue<'a> {
    #[serde(default, rename = "numeric-id")]
    numeric_id: Option<u64>,
    #[serde(default, borrow)]
    id: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Term<'a> {
    #[serde(borrow)]
    value: Cow<'a, str>,
}

/// Labels (`{"ar": {…}}`) or aliases (`{"ar": [{…}]}`) of the chosen
/// languages: (language index, value), other languages skipped.
struct Pick<'l, 'v, 'a> {
    langs: &'l [String],
    aliases: bool,
    out: &'v mut Vec<(usize, Cow<'a, str>)>,
}

impl<'de, 'l, 'v> DeserializeSeed<'de> for Pick<'l, 'v, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, 'l, 'v> Visitor<'de> for Pick<'l, 'v, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of languages")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        while let Some(lang) = map.next_key::<Cow<'de, str>>()? {
            match self.langs.iter().position(|l| *l == lang) {
                Some(i) if self.aliases => {
                    let terms: Vec<Term<'de>> = map.next_value()?;
                    self.out.extend(terms.into_iter().map(|t| (i, t.value)));
                }
                Some(i) => {
                    let t: Term<'de> = map.next_value()?;
                    self.out.push((i, t.value));
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

fn pick<'a>(
    raw: Option<&'a RawValue>,
    langs: &[String],
    aliases: bool,
    out: &mut Vec<(usize, Cow<'a, str>)>,
) -> Result<(), serde_json::Error> {
    let Some(raw) = raw else { return Ok(()) };
    // An entity without labels is written `"labels":[]` in some dumps.
    if raw.get().starts_with('[') {
        return Ok(());
    }
    let mut de = serde_json::Deserializer::from_str(raw.get());
    Pick {
        langs,
        aliases,
        out,
    }
    .deserialize(&mut de)
}

/// The type of an entity: its first P31 value in the table, preferred
/// statements before normal ones, deprecated ones ignored.
fn entity_type<'t>(claims: &Option<Claims<'_>>, table: &'t ClassTable) -> Option<&'t str> {
    let st = &claims.as_ref()?.p31;
    let class = |s: &Statement<'_>| {
        let v = &s.mainsnak.datavalue.as_ref()?.value;
        let n = v
            .numeric_id
            .or_else(|| v.id.as_deref().and_then(qid_number))?;
        table.get(n)
    };
    fn is_rank(s: &Statement<'_>, rank: &str) -> bool {
        s.rank.as_deref().unwrap_or("normal") == rank
    }
    st.iter()
        .filter(|s| is_rank(s, "preferred"))
        .chain(st.iter().filter(|s| is_rank(s, "normal")))
        .find_map(class)
}

/// Imports a Wikidata JSON dump read from `input` (already decompressed),
/// writing gazetteer lines to `out` and calling `progress` now and then.
///
/// # Errors
///
/// Reading `input` or writing `out` fails. Lines that are not an entity
/// are counted in the summary with their line numbers, not errors.
pub fn wikidata(
    input: impl BufRead,
    options: &WikidataOptions,
    out: impl Write,
    progress: impl FnMut(&Progress),
) -> Result<Summary, ImportError> {
    run(input, "<dump>", None, options, out, progress)
}

/// Imports the Wikidata JSON dump at `path` (`.json`, `.json.gz` or
/// `.json.bz2`, streamed); [`Progress::bytes`] counts the file's bytes.
///
/// # Errors
///
/// As [`wikidata`], and the file cannot be opened.
pub fn wikidata_file(
    path: &Path,
    options: &WikidataOptions,
    out: impl Write,
    progress: impl FnMut(&Progress),
) -> Result<Summary, ImportError> {
    let opened = input::open(path)?;
    let name = path.display().to_string();
    let counter = opened.read.clone();
    run(
        opened.reader,
        &name,
        Some((counter, opened.total)),
        options,
        out,
        progress,
    )
}

type Counter = (std::rc::Rc<std::cell::Cell<u64>>, Option<u64>);

fn run(
    mut input: impl BufRead,
    source: &str,
    counter: Option<Counter>,
    options: &WikidataOptions,
    out: impl Write,
    mut progress: impl FnMut(&Progress),
) -> Result<Summary, ImportError> {
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let mut summary = Summary::default();
    let mut p = Progress {
        total_bytes: counter.as_ref().and_then(|c| c.1),
        ..Progress::default()
    };
    let write_err = |e| ImportError::io("cannot write the gazetteer", e);
    writeln!(
        out,
        "# khabar gazetteer imported from the Wikidata dump {source} (Wikidata: CC0)\n# languages {}; id<TAB>type<TAB>name…",
        options.langs.join(",")
    )
    .map_err(write_err)?;
    let mut buf = Vec::with_capacity(1 << 16);
    let mut seen = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| ImportError::io(format!("{source}:{}", line_no + 1), e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let line = trim_line(&buf);
        if line.is_empty() || line == b"[" || line == b"]" {
            continue;
        }
        summary.entities += 1;
        // Names borrow from the line (no copy unless escaped).
        let mut names_l = Vec::new();
        let mut aliases_l = Vec::new();
        let result = entry(line, options, &mut names_l, &mut aliases_l);
        match result {
            Err(problem) => summary.bad(source, line_no, problem),
            Ok(None) => summary.no_label += 1,
            Ok(Some((_, None))) => summary.filtered += 1,
            Ok(Some((id, Some(kind)))) => {
                names_l.sort_by_key(|(i, _)| *i);
                aliases_l.sort_by_key(|(i, _)| *i);
                let all = names_l
                    .iter()
                    .chain(aliases_l.iter())
                    .map(|(_, v)| v.as_ref());
                let w = write_entry(&mut out, &id, kind, all, &mut seen).map_err(write_err)?;
                if w > 0 {
                    summary.written += 1;
                    summary.names += w as u64;
                } else {
                    summary.no_label += 1;
                }
            }
        }
        if line_no.is_multiple_of(4096) {
            p.lines = line_no;
            p.written = summary.written;
            p.bytes = counter.as_ref().map_or(0, |c| c.0.get());
            progress(&p);
        }
    }
    out.flush().map_err(write_err)?;
    p.lines = line_no;
    p.written = summary.written;
    p.bytes = counter.as_ref().map_or(0, |c| c.0.get());
    progress(&p);
    Ok(summary)
}

/// A line without its white space and the array's trailing comma.
fn trim_line(buf: &[u8]) -> &[u8] {
    let mut s = buf.trim_ascii();
    if let Some(rest) = s.strip_suffix(b",") {
        s = rest.trim_ascii_end();
    }
    s
}

/// The id and type of one entity line, its names in `names` and `aliases`;
/// `Ok(None)` without a label in the chosen languages.
#[allow(clippy::type_complexity)]
fn entry<'a, 't>(
    line: &'a [u8],
    options: &'t WikidataOptions,
    names: &mut Vec<(usize, Cow<'a, str>)>,
    aliases: &mut Vec<(usize, Cow<'a, str>)>,
) -> Result<Option<(Cow<'a, str>, Option<&'t str>)>, String> {
    let e: Entity<'a> = serde_json::from_slice(line).map_err(|e| format!("not an entity: {e}"))?;
    pick(e.labels, &options.langs, false, names).map_err(|e| format!("bad labels: {e}"))?;
    if names.is_empty() {
        return Ok(None);
    }
    pick(e.aliases, &options.langs, true, aliases).map_err(|e| format!("bad aliases: {e}"))?;
    Ok(Some((e.id, entity_type(&e.claims, &options.classes))))
}
