//! The native part of the `khabar` Python package (`khabar._khabar`).
//!
//! The Python layer (`khabar/__init__.py`) holds the documented API; this
//! module does the work with the GIL released: the facade's
//! [`khabar::Pipeline`], its JSON record writer for `process` and
//! `process_batch` (so dicts equal the CLI's records by construction), and
//! typed Arrow columns for `process_arrow`, read and written through the
//! Arrow PyCapsule interface. Batches run through the facade's streaming
//! runner ([`Pipeline::stream`]): chunks on worker threads, records in
//! input order.
#![deny(missing_docs)]

mod arrow_in;
mod arrow_out;

use std::path::PathBuf;

use arrow_schema::ArrowError;
use khabar::record::{DocMeta, Offsets, RecordOptions};
use khabar::source::{Input as DocInput, Source};
use khabar::stream::{Stream, StreamError};
use khabar::{Owned, Pipeline, ProcessError};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use arrow_in::{ArrowStream, Ids, Input, Texts};
use arrow_out::BatchBuilder;

create_exception!(
    _khabar,
    KhabarError,
    PyException,
    "Base class of khabar's errors."
);
create_exception!(
    _khabar,
    ConfigError,
    KhabarError,
    "A gazetteer or plugin could not be loaded (the CLI exits 2 with this message)."
);
create_exception!(
    _khabar,
    DecodeError,
    KhabarError,
    "Bytes that cannot be decoded as text (binary data, an unsupported encoding)."
);

/// The error's message followed by its causes, as the CLI prints it.
fn chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let next = c.to_string();
        if !msg.ends_with(&next) {
            msg.push_str(": ");
            msg.push_str(&next);
        }
        cause = c.source();
    }
    msg
}

fn arrow_err(e: ArrowError) -> PyErr {
    PyValueError::new_err(format!("arrow: {e}"))
}

/// A document given from Python: `str` (UTF-8 already) or `bytes` (any
/// encoding the decoder knows).
fn owned(obj: &Bound<'_, PyAny>) -> PyResult<Owned> {
    if let Ok(b) = obj.downcast::<PyBytes>() {
        return Ok(Owned::Bytes(b.as_bytes().to_vec()));
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        return Ok(Owned::Text(s.to_cow()?.into_owned()));
    }
    Err(PyTypeError::new_err(format!(
        "a document must be str or bytes, not {}",
        obj.get_type().name()?
    )))
}

/// The configured pipeline (see `khabar.Pipeline`).
#[pyclass(frozen, module = "khabar._khabar", name = "Pipeline")]
struct PyPipeline {
    inner: Pipeline,
    offsets: Offsets,
}

/// Rows per output record batch of `process_arrow`.
const BATCH_ROWS: usize = 1024;

/// The thread count for the facade's stream: 0 (all cores) for `None`.
fn threads_arg(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => Ok(n),
        None => Ok(0),
    }
}

fn stream_err(e: StreamError) -> PyErr {
    KhabarError::new_err(chain(&e))
}

impl PyPipeline {
    fn record_options(&self) -> RecordOptions {
        RecordOptions {
            offsets: self.offsets,
            include_text: false,
        }
    }

    /// One input batch through the stream, as output record batches of at
    /// most [`BATCH_ROWS`] rows. The texts are handed to the stream (a
    /// copy of each, which the decoder then owns); null texts do not go
    /// through the pipeline and get an error row of kind `null`.
    fn arrow_batch(
        &self,
        texts: &Texts<'_>,
        ids: Option<&Ids<'_>>,
        threads: usize,
    ) -> PyResult<Vec<arrow_array::RecordBatch>> {
        let rows = texts.len();
        let id_at = |i: usize| ids.and_then(|ids| ids.get(i));
        let inputs = (0..rows).filter_map(|i| {
            texts
                .get(i)
                .map(|t| DocInput::new(String::new(), Owned::Bytes(t.to_vec())))
        });
        let mut out = Vec::new();
        let mut builder = BatchBuilder::new(BATCH_ROWS.min(rows), self.offsets);
        let mut row = 0usize;
        let mut failed: Option<ArrowError> = None;
        let mut push = |b: &mut BatchBuilder,
                        result: Option<&Result<khabar::Document<'_>, ProcessError>>,
                        row: usize| {
            match result {
                Some(r) => b.push(id_at(row).as_deref(), r),
                None => b.push_null(id_at(row).as_deref()),
            }
            if b.rows() >= BATCH_ROWS {
                let full = std::mem::replace(b, BatchBuilder::new(BATCH_ROWS, self.offsets));
                match full.finish() {
                    Ok(batch) => out.push(batch),
                    Err(e) => failed = Some(e),
                }
            }
        };
        self.stream(Source::inputs(inputs), threads)
            .for_each(|record| {
                while row < rows && texts.get(row).is_none() {
                    push(&mut builder, None, row);
                    row += 1;
                }
                push(&mut builder, Some(record.result()), row);
                row += 1;
            })
            .map_err(stream_err)?;
        while row < rows {
            push(&mut builder, None, row);
            row += 1;
        }
        if let Some(e) = failed {
            return Err(arrow_err(e));
        }
        if builder.rows() > 0 || out.is_empty() {
            out.push(builder.finish().map_err(arrow_err)?);
        }
        Ok(out)
    }

    /// A stream over `source` with this pipeline's record options.
    fn stream<'s>(&self, source: Source<'s>, threads: usize) -> Stream<'_, 's> {
        self.inner
            .stream(source)
            .threads(threads)
            .record_options(self.record_options())
    }

    /// One JSON record per result, without the trailing newline; `id` and
    /// `source` are left empty for the Python layer to fill.
    fn records(&self, results: &[Result<khabar::Document<'_>, ProcessError>]) -> Vec<String> {
        let meta = DocMeta {
            id: "",
            source: "",
            meta: None,
        };
        let opts = self.record_options();
        let mut buf = Vec::new();
        results
            .iter()
            .map(|r| {
                buf.clear();
                self.inner.write_record(&mut buf, &meta, r, &opts);
                if buf.last() == Some(&b'\n') {
                    buf.pop();
                }
                String::from_utf8_lossy(&buf).into_owned()
            })
            .collect()
    }
}

#[pymethods]
impl PyPipeline {
    #[new]
    #[pyo3(signature = (gazetteers = Vec::new(), builtin_gazetteer = true, variants = true, plugins = Vec::new(), offsets = "byte", claims = false, plugin_configs = Vec::new(), names = true, plugin_max_failures = 3))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        gazetteers: Vec<PathBuf>,
        builtin_gazetteer: bool,
        variants: bool,
        plugins: Vec<String>,
        offsets: &str,
        claims: bool,
        plugin_configs: Vec<Option<String>>,
        names: bool,
        plugin_max_failures: u64,
    ) -> PyResult<PyPipeline> {
        let offsets = match offsets {
            "byte" => Offsets::Byte,
            "char" => Offsets::Char,
            other => {
                return Err(PyValueError::new_err(format!(
                    "invalid offsets {other:?}: expected \"byte\" or \"char\""
                )));
            }
        };
        let mut builder = Pipeline::builder();
        builder
            .builtin_gazetteer(builtin_gazetteer)
            .variants(variants)
            .names(names);
        builder.plugin_options(khabar::plugin_host::Options {
            max_panics: plugin_max_failures,
            ..Default::default()
        });
        for g in &gazetteers {
            builder.gazetteer_file(g);
        }
        for p in &plugins {
            let spec = p
                .parse::<khabar::plugin_host::PluginSpec>()
                .map_err(|e| ConfigError::new_err(format!("bad plugin {p:?}: {e}")))?;
            builder.plugin(spec);
        }
        builder.claims(claims);
        let configs: Vec<(usize, String)> = plugin_configs
            .into_iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (i, c)))
            .collect();
        let inner = py
            .allow_threads(|| {
                let first = builder.build()?;
                if configs.is_empty() {
                    return Ok(first);
                }
                // A configuration goes to a plugin by its name, which is
                // known once it is loaded: load, read the names, rebuild.
                let infos = first.plugins().map(|p| p.infos()).unwrap_or_default();
                drop(first);
                for (i, config) in &configs {
                    if let Some(info) = infos.get(*i) {
                        builder.plugin_config(info.name.clone(), config.clone());
                    }
                }
                builder.build()
            })
            .map_err(|e| ConfigError::new_err(chain(&e)))?;
        Ok(PyPipeline { inner, offsets })
    }

    /// One document to its JSON record (id and source empty).
    fn process_json(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
        let doc = owned(text)?;
        let out = py.allow_threads(|| {
            let results = self.inner.process_batch_owned(vec![doc]);
            self.records(&results)
        });
        out.into_iter()
            .next()
            .ok_or_else(|| KhabarError::new_err("internal error: no record"))
    }

    /// Many documents to their JSON records, in order, in parallel.
    #[pyo3(signature = (texts, threads = None))]
    fn process_batch_json(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<String>> {
        let docs = texts
            .try_iter()?
            .map(|t| owned(&t?))
            .collect::<PyResult<Vec<Owned>>>()?;
        let threads = threads_arg(threads)?;
        let inputs = docs.into_iter().map(|d| DocInput::new(String::new(), d));
        py.allow_threads(|| {
            let mut out = Vec::new();
            self.stream(Source::inputs(inputs), threads)
                .render_json(true)
                .for_each(|record| {
                    let json = record.to_json();
                    let json = json.strip_suffix(b"\n").unwrap_or(&json);
                    out.push(String::from_utf8_lossy(json).into_owned());
                })
                .map(|_| out)
        })
        .map_err(stream_err)
    }

    /// Arrow data in, record batches out (see `khabar.Pipeline.process_arrow`).
    #[pyo3(signature = (data, text_column = "text", id_column = None, threads = None))]
    fn process_arrow(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        text_column: &str,
        id_column: Option<&str>,
        threads: Option<usize>,
    ) -> PyResult<ArrowStream> {
        let mut input = Input::from_py(data)?;
        let mut out = Vec::new();
        while let Some(arrow_in::Batch { batch, plain }) = input.next_batch()? {
            let column = |name: &str| {
                batch.column_by_name(name).ok_or_else(|| {
                    let names: Vec<String> = batch
                        .schema()
                        .fields()
                        .iter()
                        .map(|f| f.name().clone())
                        .collect();
                    PyValueError::new_err(format!(
                        "no column {name:?} in the input (columns: {})",
                        names.join(", ")
                    ))
                })
            };
            let texts = if plain {
                Texts::new(batch.column(0), text_column)?
            } else {
                Texts::new(column(text_column)?, text_column)?
            };
            let ids = match id_column {
                Some(_) if plain => {
                    return Err(PyValueError::new_err(
                        "id_column needs a table; the input is a single array of texts",
                    ));
                }
                Some(name) => Some(Ids::new(column(name)?, name)?),
                None => None,
            };
            let threads = threads_arg(threads)?;
            let batches = py.allow_threads(|| self.arrow_batch(&texts, ids.as_ref(), threads))?;
            out.extend(batches);
        }
        Ok(ArrowStream::new(arrow_out::schema(), out))
    }
}

/// The output schema of `process_arrow`, as an empty Arrow stream.
#[pyfunction]
fn output_schema() -> ArrowStream {
    ArrowStream::new(arrow_out::schema(), Vec::new())
}

/// Normalizes `text` with a profile (`search` or `display`).
#[pyfunction]
#[pyo3(signature = (text, profile = "search"))]
fn normalize(py: Python<'_>, text: &Bound<'_, PyAny>, profile: &str) -> PyResult<String> {
    use khabar::normalize::{Normalizer, Profile};
    let profile = Profile::from_name(profile)
        .ok_or_else(|| PyValueError::new_err(format!("unknown profile {profile:?}")))?;
    let doc = owned(text)?;
    py.allow_threads(|| {
        let decoded = match doc {
            Owned::Text(t) => khabar::decode::Decoder::default().decode_string(t),
            Owned::Bytes(b) => khabar::decode::Decoder::default().decode_vec(b),
        };
        decoded.map(|d| {
            Normalizer::new(profile)
                .normalize(&d.text)
                .as_str()
                .to_string()
        })
    })
    .map_err(|e| DecodeError::new_err(format!("cannot decode the text: {e}")))
}

/// Decodes and repairs bytes: `(text, repairs)`.
#[pyfunction]
fn decode<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
) -> PyResult<(String, Bound<'py, PyList>)> {
    let doc = owned(data)?;
    let decoded = py
        .allow_threads(|| match doc {
            Owned::Bytes(b) => khabar::decode::decode(&b),
            Owned::Text(t) => khabar::decode::Decoder::default().decode_string(t),
        })
        .map_err(|e| DecodeError::new_err(format!("cannot decode the data: {e}")))?;
    let repairs = PyList::empty(py);
    for r in &decoded.repairs {
        let d = PyDict::new(py);
        d.set_item("kind", r.kind.as_str())?;
        d.set_item("start", r.start)?;
        d.set_item("end", r.end)?;
        d.set_item("original", &r.original)?;
        repairs.append(d)?;
    }
    Ok((decoded.text, repairs))
}

/// khabar's native module.
#[pymodule]
fn _khabar(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyPipeline>()?;
    m.add_class::<ArrowStream>()?;
    m.add_function(wrap_pyfunction!(output_schema, m)?)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    m.add("KhabarError", py.get_type::<KhabarError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("DecodeError", py.get_type::<DecodeError>())?;
    Ok(())
}
