//! The Arrow form of a record: one row per document, the §3 fields as typed
//! nested columns.
//!
//! Offsets are `Int64` and bounds `Float64` (Spark has no unsigned types);
//! a document that failed has nulls everywhere but `id` and `error`.

use std::sync::{Arc, OnceLock};

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use khabar::record::Offsets;
use khabar::{CharOffsets, Document, ProcessError};

fn str_field(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn i64_field(name: &str) -> Field {
    Field::new(name, DataType::Int64, false)
}

fn f64_field(name: &str) -> Field {
    Field::new(name, DataType::Float64, true)
}

fn list_of(fields: Vec<Field>) -> DataType {
    DataType::List(Arc::new(Field::new(
        "item",
        DataType::Struct(Fields::from(fields)),
        false,
    )))
}

fn repair_fields() -> Vec<Field> {
    vec![
        str_field("kind", false),
        i64_field("start"),
        i64_field("end"),
        str_field("original", false),
    ]
}

fn entity_fields() -> Vec<Field> {
    vec![
        i64_field("start"),
        i64_field("end"),
        str_field("text", false),
        str_field("id", true),
        str_field("type", false),
        str_field("name", false),
        str_field("prefix", true),
        str_field("how", false),
    ]
}

fn figure_fields() -> Vec<Field> {
    vec![
        i64_field("start"),
        i64_field("end"),
        str_field("text", false),
        f64_field("low"),
        f64_field("high"),
        str_field("approx", false),
        str_field("unit", true),
        str_field("kind", false),
    ]
}

fn annotation_fields() -> Vec<Field> {
    vec![
        str_field("plugin", false),
        str_field("label", false),
        i64_field("start"),
        i64_field("end"),
        str_field("text", false),
        // Free-form plugin attributes, as JSON text.
        str_field("attrs", true),
        // Schema v1.1: extra labelled spans (a quote's speaker); empty when
        // the plugin gave none (the JSON record then has no `links`).
        Field::new("links", list_of(link_fields()), true),
    ]
}

fn link_fields() -> Vec<Field> {
    vec![
        str_field("role", false),
        i64_field("start"),
        i64_field("end"),
        str_field("text", false),
    ]
}

fn plugin_error_fields() -> Vec<Field> {
    vec![
        str_field("plugin", false),
        str_field("kind", false),
        str_field("message", false),
    ]
}

/// SPEC §11's claim, declared now so that the schema does not change when
/// claims land (the column is null until then).
fn claim_fields() -> Vec<Field> {
    let span = Fields::from(vec![i64_field("start"), i64_field("end")]);
    let source = Fields::from(vec![
        str_field("text", false),
        i64_field("start"),
        i64_field("end"),
        str_field("id", true),
        str_field("cue", true),
    ]);
    vec![
        i64_field("figure"),
        str_field("subject", false),
        Field::new("sentence", DataType::Struct(span), false),
        Field::new(
            "entities",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, false))),
            false,
        ),
        Field::new("source", DataType::Struct(source), true),
    ]
}

/// The output schema of `process_arrow` (and of the Spark transformation).
pub fn schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let error = Fields::from(vec![str_field("kind", false), str_field("message", false)]);
            Arc::new(Schema::new(vec![
                str_field("id", true),
                str_field("encoding", true),
                Field::new("repairs", list_of(repair_fields()), true),
                Field::new("entities", list_of(entity_fields()), true),
                Field::new("figures", list_of(figure_fields()), true),
                Field::new("annotations", list_of(annotation_fields()), true),
                Field::new("plugin_errors", list_of(plugin_error_fields()), true),
                Field::new("claims", list_of(claim_fields()), true),
                Field::new("error", DataType::Struct(error), true),
            ]))
        })
        .clone()
}

/// One child column of a list of structs.
enum Child {
    Int(Int64Builder),
    Float(Float64Builder),
    Str(StringBuilder),
    /// A nested list of structs (an annotation's links).
    List(Box<ListOfStruct>),
}

/// A `List<Struct<…>>` column built row by row.
struct ListOfStruct {
    fields: Fields,
    children: Vec<Child>,
    offsets: Vec<i32>,
    valid: Vec<bool>,
    items: i32,
}

impl ListOfStruct {
    fn new(fields: Vec<Field>, rows: usize) -> ListOfStruct {
        let children = fields
            .iter()
            .map(|f| match f.data_type() {
                DataType::Int64 => Child::Int(Int64Builder::new()),
                DataType::Float64 => Child::Float(Float64Builder::new()),
                DataType::List(item) => match item.data_type() {
                    DataType::Struct(inner) => Child::List(Box::new(ListOfStruct::new(
                        inner.iter().map(|f| f.as_ref().clone()).collect(),
                        rows,
                    ))),
                    _ => Child::Str(StringBuilder::new()),
                },
                _ => Child::Str(StringBuilder::new()),
            })
            .collect();
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        ListOfStruct {
            fields: Fields::from(fields),
            children,
            offsets,
            valid: Vec::with_capacity(rows),
            items: 0,
        }
    }

    fn int(&mut self, c: usize, v: usize) {
        if let Some(Child::Int(b)) = self.children.get_mut(c) {
            b.append_value(i64::try_from(v).unwrap_or(i64::MAX));
        }
    }

    fn float(&mut self, c: usize, v: Option<f64>) {
        if let Some(Child::Float(b)) = self.children.get_mut(c) {
            // As the JSON record: non-finite bounds are null.
            b.append_option(v.filter(|v| v.is_finite()));
        }
    }

    fn str(&mut self, c: usize, v: Option<&str>) {
        if let Some(Child::Str(b)) = self.children.get_mut(c) {
            b.append_option(v);
        }
    }

    /// The nested list in column `c`: push its items, then `end_row`.
    fn list(&mut self, c: usize) -> Option<&mut ListOfStruct> {
        match self.children.get_mut(c) {
            Some(Child::List(b)) => Some(b),
            _ => None,
        }
    }

    fn end_item(&mut self) {
        self.items += 1;
    }

    fn end_row(&mut self, valid: bool) {
        self.offsets.push(self.items);
        self.valid.push(valid);
    }

    fn finish(self) -> Result<ArrayRef, ArrowError> {
        let arrays: Vec<ArrayRef> = self
            .children
            .into_iter()
            .map(|c| -> Result<ArrayRef, ArrowError> {
                Ok(match c {
                    Child::Int(mut b) => Arc::new(b.finish()),
                    Child::Float(mut b) => Arc::new(b.finish()),
                    Child::Str(mut b) => Arc::new(b.finish()),
                    Child::List(b) => b.finish()?,
                })
            })
            .collect::<Result<_, _>>()?;
        let values = StructArray::try_new(self.fields.clone(), arrays, None)?;
        let item = Arc::new(Field::new("item", DataType::Struct(self.fields), false));
        let offsets = OffsetBuffer::new(ScalarBuffer::from(self.offsets));
        let nulls = NullBuffer::from(self.valid);
        let nulls = (nulls.null_count() > 0).then_some(nulls);
        Ok(Arc::new(ListArray::try_new(
            item,
            offsets,
            Arc::new(values),
            nulls,
        )?))
    }
}

/// Converts a byte offset of the document's text to the batch's offsets.
type At<'a> = &'a dyn Fn(usize) -> usize;

/// The text of a span of `text` (empty if the span is not one of it).
fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or("")
}

fn push_repairs(c: &mut ListOfStruct, doc: &Document<'_>, at: At<'_>) {
    for r in &doc.repairs {
        c.str(0, Some(r.kind.as_str()));
        c.int(1, at(r.start));
        c.int(2, at(r.end));
        c.str(3, Some(&r.original));
        c.end_item();
    }
    c.end_row(true);
}

fn push_entities(c: &mut ListOfStruct, doc: &Document<'_>, at: At<'_>) {
    for e in &doc.entities {
        c.int(0, at(e.start));
        c.int(1, at(e.end));
        c.str(2, Some(slice(&doc.text, e.start, e.end)));
        c.str(3, e.id);
        c.str(4, Some(e.kind));
        c.str(5, Some(&e.name));
        c.str(6, e.prefix);
        c.str(7, Some(e.how.as_str()));
        c.end_item();
    }
    c.end_row(true);
}

fn push_figures(c: &mut ListOfStruct, doc: &Document<'_>, at: At<'_>) {
    for f in &doc.figures {
        c.int(0, at(f.start));
        c.int(1, at(f.end));
        c.str(2, Some(slice(&doc.text, f.start, f.end)));
        c.float(3, f.low);
        c.float(4, f.high);
        c.str(5, Some(f.approx.as_str()));
        c.str(6, f.unit.as_deref());
        c.str(7, Some(f.kind.as_str()));
        c.end_item();
    }
    c.end_row(true);
}

fn push_annotations(c: &mut ListOfStruct, doc: &Document<'_>, at: At<'_>) {
    for a in &doc.annotations {
        c.str(0, Some(&a.plugin));
        c.str(1, Some(&a.label));
        c.int(2, at(a.start));
        c.int(3, at(a.end));
        c.str(4, Some(slice(&doc.text, a.start, a.end)));
        let attrs = a.attrs.as_ref().and_then(|v| serde_json::to_string(v).ok());
        c.str(5, attrs.as_deref());
        if let Some(links) = c.list(6) {
            for l in &a.links {
                links.str(0, Some(&l.role));
                links.int(1, at(l.start));
                links.int(2, at(l.end));
                links.str(3, Some(slice(&doc.text, l.start, l.end)));
                links.end_item();
            }
            links.end_row(true);
        }
        c.end_item();
    }
    c.end_row(true);
}

/// Builds one output batch, a document at a time.
pub struct BatchBuilder {
    offsets: Offsets,
    rows: usize,
    id: StringBuilder,
    encoding: StringBuilder,
    repairs: ListOfStruct,
    entities: ListOfStruct,
    figures: ListOfStruct,
    annotations: ListOfStruct,
    plugin_errors: ListOfStruct,
    claims: Claims,
    error_kind: StringBuilder,
    error_message: StringBuilder,
    error_valid: Vec<bool>,
}

impl BatchBuilder {
    /// A builder for about `rows` rows.
    pub fn new(rows: usize, offsets: Offsets) -> BatchBuilder {
        BatchBuilder {
            offsets,
            rows: 0,
            id: StringBuilder::new(),
            encoding: StringBuilder::new(),
            repairs: ListOfStruct::new(repair_fields(), rows),
            entities: ListOfStruct::new(entity_fields(), rows),
            figures: ListOfStruct::new(figure_fields(), rows),
            annotations: ListOfStruct::new(annotation_fields(), rows),
            plugin_errors: ListOfStruct::new(plugin_error_fields(), rows),
            claims: Claims::default(),
            error_kind: StringBuilder::new(),
            error_message: StringBuilder::new(),
            error_valid: Vec::with_capacity(rows),
        }
    }

    /// Appends one document's row.
    pub fn push(&mut self, id: Option<&str>, result: &Result<Document<'_>, ProcessError>) {
        self.rows += 1;
        self.id.append_option(id);
        match result {
            Ok(doc) => {
                self.push_doc(doc);
                self.error_kind.append_value("");
                self.error_message.append_value("");
                self.error_valid.push(false);
            }
            Err(e) => {
                self.push_error(e.kind().as_str(), &e.to_string());
            }
        }
    }

    /// Appends the row of a null text: an error of kind `null`.
    pub fn push_null(&mut self, id: Option<&str>) {
        self.rows += 1;
        self.id.append_option(id);
        self.push_error("null", "the text is null");
    }

    fn push_error(&mut self, kind: &str, message: &str) {
        self.encoding.append_null();
        for col in [
            &mut self.repairs,
            &mut self.entities,
            &mut self.figures,
            &mut self.annotations,
            &mut self.plugin_errors,
        ] {
            col.end_row(false);
        }
        self.claims.end_row(false);
        self.error_kind.append_value(kind);
        self.error_message.append_value(message);
        self.error_valid.push(true);
    }

    /// Rows pushed so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    fn push_doc(&mut self, doc: &Document<'_>) {
        // Chars counted as the CLI's records count them.
        let chars = (self.offsets == Offsets::Char).then(|| CharOffsets::new(&doc.text));
        let at = |b: usize| chars.as_ref().map_or(b, |c| c.char_of(b));
        self.encoding.append_value(doc.encoding);
        push_repairs(&mut self.repairs, doc, &at);
        push_entities(&mut self.entities, doc, &at);
        push_figures(&mut self.figures, doc, &at);
        push_annotations(&mut self.annotations, doc, &at);

        match &doc.claims {
            Some(claims) => {
                for c in claims {
                    self.claims.push(c, &at);
                }
                self.claims.end_row(true);
            }
            None => self.claims.end_row(false),
        }

        let c = &mut self.plugin_errors;
        for e in &doc.plugin_errors {
            c.str(0, Some(&e.plugin));
            c.str(1, Some(&e.kind));
            c.str(2, Some(&e.message));
            c.end_item();
        }
        c.end_row(true);
    }

    /// The batch of the rows pushed so far.
    pub fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        let schema = schema();
        let error_fields = match schema.field_with_name("error")?.data_type() {
            DataType::Struct(f) => f.clone(),
            _ => return Err(ArrowError::SchemaError("error is not a struct".into())),
        };
        let nulls = NullBuffer::from(std::mem::take(&mut self.error_valid));
        let error = StructArray::try_new(
            error_fields,
            vec![
                Arc::new(self.error_kind.finish()),
                Arc::new(self.error_message.finish()),
            ],
            Some(nulls),
        )?;
        let claims_type = schema.field_with_name("claims")?.data_type().clone();
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.encoding.finish()),
            self.repairs.finish()?,
            self.entities.finish()?,
            self.figures.finish()?,
            self.annotations.finish()?,
            self.plugin_errors.finish()?,
            self.claims.finish(&claims_type)?,
            Arc::new(error),
        ];
        RecordBatch::try_new(schema, columns)
    }
}

/// The `claims` column (SPEC §11), built claim by claim.
#[derive(Default)]
struct Claims {
    figure: Int64Builder,
    subject: StringBuilder,
    sentence_start: Int64Builder,
    sentence_end: Int64Builder,
    entity_offsets: Vec<i32>,
    entities: StringBuilder,
    source_text: StringBuilder,
    source_start: Int64Builder,
    source_end: Int64Builder,
    source_id: StringBuilder,
    source_cue: StringBuilder,
    source_valid: Vec<bool>,
    offsets: Vec<i32>,
    valid: Vec<bool>,
    claims: i32,
    entity_count: i32,
}

fn as_i64(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl Claims {
    fn push(&mut self, c: &khabar::claims::Claim, at: At<'_>) {
        self.figure.append_value(as_i64(c.figure));
        self.subject.append_value(&c.subject);
        self.sentence_start
            .append_value(as_i64(at(c.sentence.start)));
        self.sentence_end.append_value(as_i64(at(c.sentence.end)));
        if self.entity_offsets.is_empty() {
            self.entity_offsets.push(0);
        }
        for e in &c.entities {
            self.entities.append_value(e);
            self.entity_count += 1;
        }
        self.entity_offsets.push(self.entity_count);
        match &c.source {
            Some(s) => {
                self.source_text.append_value(&s.text);
                self.source_start.append_value(as_i64(at(s.start)));
                self.source_end.append_value(as_i64(at(s.end)));
                self.source_id.append_option(s.id.as_deref());
                self.source_cue.append_value(&s.cue);
                self.source_valid.push(true);
            }
            None => {
                self.source_text.append_value("");
                self.source_start.append_value(0);
                self.source_end.append_value(0);
                self.source_id.append_null();
                self.source_cue.append_null();
                self.source_valid.push(false);
            }
        }
        self.claims += 1;
    }

    fn end_row(&mut self, valid: bool) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.offsets.push(self.claims);
        self.valid.push(valid);
    }

    fn finish(mut self, list_type: &DataType) -> Result<ArrayRef, ArrowError> {
        let DataType::List(item) = list_type else {
            return Err(ArrowError::SchemaError("claims is not a list".into()));
        };
        let DataType::Struct(fields) = item.data_type() else {
            return Err(ArrowError::SchemaError("a claim is not a struct".into()));
        };
        let field = |name: &str| -> Result<Fields, ArrowError> {
            match fields.find(name).map(|(_, f)| f.data_type()) {
                Some(DataType::Struct(f)) => Ok(f.clone()),
                _ => Err(ArrowError::SchemaError(format!("claim field {name}"))),
            }
        };
        let entity_item = match fields.find("entities").map(|(_, f)| f.data_type()) {
            Some(DataType::List(f)) => f.clone(),
            _ => return Err(ArrowError::SchemaError("claim field entities".into())),
        };
        if self.entity_offsets.is_empty() {
            self.entity_offsets.push(0);
        }
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        let sentence = StructArray::try_new(
            field("sentence")?,
            vec![
                Arc::new(self.sentence_start.finish()),
                Arc::new(self.sentence_end.finish()),
            ],
            None,
        )?;
        let entities = ListArray::try_new(
            entity_item,
            OffsetBuffer::new(ScalarBuffer::from(self.entity_offsets)),
            Arc::new(self.entities.finish()),
            None,
        )?;
        let source_nulls = NullBuffer::from(self.source_valid);
        let source = StructArray::try_new(
            field("source")?,
            vec![
                Arc::new(self.source_text.finish()),
                Arc::new(self.source_start.finish()),
                Arc::new(self.source_end.finish()),
                Arc::new(self.source_id.finish()),
                Arc::new(self.source_cue.finish()),
            ],
            (source_nulls.null_count() > 0).then_some(source_nulls),
        )?;
        let values = StructArray::try_new(
            fields.clone(),
            vec![
                Arc::new(self.figure.finish()),
                Arc::new(self.subject.finish()),
                Arc::new(sentence),
                Arc::new(entities),
                Arc::new(source),
            ],
            None,
        )?;
        let nulls = NullBuffer::from(self.valid);
        Ok(Arc::new(ListArray::try_new(
            item.clone(),
            OffsetBuffer::new(ScalarBuffer::from(self.offsets)),
            Arc::new(values),
            (nulls.null_count() > 0).then_some(nulls),
        )?))
    }
}
