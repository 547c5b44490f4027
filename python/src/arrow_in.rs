//! Arrow data in and out through the Arrow PyCapsule interface
//! (`__arrow_c_stream__`, `__arrow_c_array__`): no copy of the texts, no
//! dependency on pyarrow on the Rust side.

use std::ffi::CString;
use std::sync::{Arc, Mutex};

use arrow_array::cast::AsArray;
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::types::{
    Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, BinaryArray, BinaryViewArray, LargeBinaryArray, LargeStringArray, RecordBatch,
    RecordBatchIterator, RecordBatchOptions, StringArray, StringViewArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

fn arrow_err(e: ArrowError) -> PyErr {
    PyValueError::new_err(format!("arrow: {e}"))
}

/// The input of `process_arrow`: a stream of arrays or one array, each a
/// struct (a record batch) or a plain array (taken as the text column).
pub enum Input {
    /// From `__arrow_c_stream__`.
    Stream(ArrayStreamReader),
    /// From `__arrow_c_array__`.
    One(Option<ArrayRef>),
}

/// One input batch; `plain` when it came as a plain array, whose only
/// column is the texts.
pub struct Batch {
    /// The columns.
    pub batch: RecordBatch,
    /// Whether the input was a plain array rather than a table.
    pub plain: bool,
}

fn to_batch(array: ArrayRef) -> PyResult<Batch> {
    let rows = array.len();
    if let DataType::Struct(_) = array.data_type() {
        let (fields, columns, nulls) = array.as_struct().clone().into_parts();
        if nulls.is_some_and(|n| n.null_count() > 0) {
            return Err(PyValueError::new_err(
                "the input is a struct array with null rows, not a table",
            ));
        }
        let opts = RecordBatchOptions::new().with_row_count(Some(rows));
        let batch =
            RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), columns, &opts)
                .map_err(arrow_err)?;
        return Ok(Batch {
            batch,
            plain: false,
        });
    }
    let schema = Schema::new(vec![Field::new("text", array.data_type().clone(), true)]);
    let batch = RecordBatch::try_new(Arc::new(schema), vec![array]).map_err(arrow_err)?;
    Ok(Batch { batch, plain: true })
}

impl Input {
    /// Takes the data out of any object with the Arrow PyCapsule interface.
    pub fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Input> {
        if obj.hasattr("__arrow_c_stream__")? {
            let capsule = obj.call_method0("__arrow_c_stream__")?;
            let capsule = capsule.downcast::<PyCapsule>()?;
            check_name(capsule, "arrow_array_stream")?;
            let ptr = capsule.pointer() as *mut FFI_ArrowArrayStream;
            // SAFETY: the capsule named "arrow_array_stream" holds an
            // FFI_ArrowArrayStream (the interface's contract); from_raw
            // moves it out and leaves a released stream behind, so the
            // capsule's destructor does not release it twice.
            let reader = unsafe { ArrayStreamReader::from_raw(ptr) }.map_err(arrow_err)?;
            return Ok(Input::Stream(reader));
        }
        if obj.hasattr("__arrow_c_array__")? {
            let pair = obj.call_method0("__arrow_c_array__")?;
            let pair = pair.downcast::<PyTuple>()?;
            let schema = pair.get_item(0)?;
            let schema = schema.downcast::<PyCapsule>()?;
            let array = pair.get_item(1)?;
            let array = array.downcast::<PyCapsule>()?;
            check_name(schema, "arrow_schema")?;
            check_name(array, "arrow_array")?;
            // SAFETY: as above, for the schema and array capsules; the
            // array is moved out of its capsule, the schema only read.
            let data = unsafe {
                let array = FFI_ArrowArray::from_raw(array.pointer() as *mut FFI_ArrowArray);
                let schema = &*(schema.pointer() as *const FFI_ArrowSchema);
                from_ffi(array, schema)
            }
            .map_err(arrow_err)?;
            return Ok(Input::One(Some(arrow_array::make_array(data))));
        }
        Err(PyTypeError::new_err(format!(
            "process_arrow needs Arrow data (an object with __arrow_c_stream__ or \
             __arrow_c_array__: a pyarrow Table/RecordBatch/Array, a polars DataFrame, \
             a DuckDB result...), not {}",
            obj.get_type().name()?
        )))
    }

    /// The next batch, if any.
    pub fn next_batch(&mut self) -> PyResult<Option<Batch>> {
        let array = match self {
            Input::Stream(reader) => reader.next().transpose().map_err(arrow_err)?,
            Input::One(array) => array.take(),
        };
        array.map(to_batch).transpose()
    }
}

fn check_name(capsule: &Bound<'_, PyCapsule>, want: &str) -> PyResult<()> {
    let name = capsule.name()?;
    match name.and_then(|n| n.to_str().ok()) {
        Some(n) if n == want => Ok(()),
        other => Err(PyValueError::new_err(format!(
            "expected an Arrow PyCapsule named {want:?}, got {other:?}"
        ))),
    }
}

/// A text column: strings or binary (bytes in any encoding), read from the
/// Arrow buffers.
pub enum Texts<'a> {
    Str(&'a StringArray),
    LargeStr(&'a LargeStringArray),
    StrView(&'a StringViewArray),
    Bin(&'a BinaryArray),
    LargeBin(&'a LargeBinaryArray),
    BinView(&'a BinaryViewArray),
}

impl<'a> Texts<'a> {
    /// The column `name` of `batch` as texts.
    pub fn new(array: &'a ArrayRef, name: &str) -> PyResult<Texts<'a>> {
        Ok(match array.data_type() {
            DataType::Utf8 => Texts::Str(array.as_string::<i32>()),
            DataType::LargeUtf8 => Texts::LargeStr(array.as_string::<i64>()),
            DataType::Utf8View => Texts::StrView(array.as_string_view()),
            DataType::Binary => Texts::Bin(array.as_binary::<i32>()),
            DataType::LargeBinary => Texts::LargeBin(array.as_binary::<i64>()),
            DataType::BinaryView => Texts::BinView(array.as_binary_view()),
            other => {
                return Err(PyTypeError::new_err(format!(
                    "column {name:?} has type {other}; the text column must be a string \
                     or binary column (utf8, large_utf8, utf8_view, binary, large_binary, \
                     binary_view)"
                )));
            }
        })
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        match self {
            Texts::Str(a) => a.len(),
            Texts::LargeStr(a) => a.len(),
            Texts::StrView(a) => a.len(),
            Texts::Bin(a) => a.len(),
            Texts::LargeBin(a) => a.len(),
            Texts::BinView(a) => a.len(),
        }
    }

    /// Row `i`'s bytes, or `None` when it is null.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        match self {
            Texts::Str(a) => a.is_valid(i).then(|| a.value(i).as_bytes()),
            Texts::LargeStr(a) => a.is_valid(i).then(|| a.value(i).as_bytes()),
            Texts::StrView(a) => a.is_valid(i).then(|| a.value(i).as_bytes()),
            Texts::Bin(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::LargeBin(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::BinView(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

/// An id column: strings or integers.
pub enum Ids<'a> {
    Texts(Texts<'a>),
    Int(&'a ArrayRef),
}

impl<'a> Ids<'a> {
    /// The column `name` as ids.
    pub fn new(array: &'a ArrayRef, name: &str) -> PyResult<Ids<'a>> {
        if array.data_type().is_integer() {
            return Ok(Ids::Int(array));
        }
        Texts::new(array, name).map(Ids::Texts).map_err(|_| {
            PyTypeError::new_err(format!(
                "column {name:?} has type {}; the id column must be a string or integer column",
                array.data_type()
            ))
        })
    }

    /// Row `i`'s id, or `None` when it is null.
    pub fn get(&self, i: usize) -> Option<String> {
        match self {
            Ids::Texts(t) => t.get(i).map(|b| String::from_utf8_lossy(b).into_owned()),
            Ids::Int(a) => {
                if a.is_null(i) {
                    return None;
                }
                let s = match a.data_type() {
                    DataType::Int8 => a.as_primitive::<Int8Type>().value(i).to_string(),
                    DataType::Int16 => a.as_primitive::<Int16Type>().value(i).to_string(),
                    DataType::Int32 => a.as_primitive::<Int32Type>().value(i).to_string(),
                    DataType::Int64 => a.as_primitive::<Int64Type>().value(i).to_string(),
                    DataType::UInt8 => a.as_primitive::<UInt8Type>().value(i).to_string(),
                    DataType::UInt16 => a.as_primitive::<UInt16Type>().value(i).to_string(),
                    DataType::UInt32 => a.as_primitive::<UInt32Type>().value(i).to_string(),
                    DataType::UInt64 => a.as_primitive::<UInt64Type>().value(i).to_string(),
                    _ => return None,
                };
                Some(s)
            }
        }
    }
}

/// The batches `process_arrow` returns, handed to pyarrow (or any
/// consumer) through `__arrow_c_stream__`.
#[pyclass(frozen, module = "khabar._khabar")]
pub struct ArrowStream {
    data: Mutex<Option<(SchemaRef, Vec<RecordBatch>)>>,
}

impl ArrowStream {
    /// A stream over `batches`.
    pub fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> ArrowStream {
        ArrowStream {
            data: Mutex::new(Some((schema, batches))),
        }
    }
}

#[pymethods]
impl ArrowStream {
    /// Exports the batches as an Arrow C stream (once).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let taken = self.data.lock().ok().and_then(|mut d| d.take());
        let Some((schema, batches)) = taken else {
            return Err(PyValueError::new_err(
                "this Arrow stream was already consumed",
            ));
        };
        let reader = RecordBatchIterator::new(batches.into_iter().map(Ok), schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        let name =
            CString::new("arrow_array_stream").map_err(|e| PyValueError::new_err(e.to_string()))?;
        PyCapsule::new(py, stream, Some(name))
    }
}
