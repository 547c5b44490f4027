//! The data files of `data/`, compiled in and parsed once.

use std::sync::OnceLock;

/// A problem in one of the compiled-in data files (a bug in this crate,
/// caught by its tests; reported, never a panic).
#[derive(Debug, Clone)]
pub(crate) struct DataError {
    pub(crate) file: &'static str,
    pub(crate) line: usize,
    pub(crate) message: String,
}

/// An entity type slot of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntityType {
    Per,
    Loc,
    Org,
}

impl EntityType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Loc => "LOC",
            EntityType::Org => "ORG",
        }
    }
}

/// What a figure slot asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FigureSlot {
    Count,
    Money,
    Length,
    Duration,
    Percent,
    Any,
    /// `{NEG}`: a negative percentage (`-2.5%`، `انكماش بنسبة -0.3 في المئة`).
    Negative,
    /// `{TEMP}`: a temperature, maybe below zero (`سالب خمسة درجات`).
    Temperature,
    /// `{FRAC}`: a fraction (`ثلاثة أرباع السكان`، `مليون ونصف`).
    Fraction,
    /// `{PTS}`: points of an index, decimals without an integer part (`.75`).
    Points,
    /// `{LABEL}`: a number label (`القرار 2231`).
    Label,
    /// `{QTY}`: a physical quantity (`20 طنًا`، `200 متر مربع`).
    Quantity,
    /// `{CMP}`: a count with a comparative qualifier (`أكبر من`، `أو أقل`).
    Compare,
    /// `{SPAN}`: a two-sided range (`أكثر من 100 وأقل من 300`) or a
    /// money range in words.
    TwoSided,
    /// `{CUR}`: money with an ISO code, a sign or a currency word.
    Currency,
    /// `{ORD}`: a compound ordinal after a masculine noun; `{ORDF}` after
    /// a feminine one.
    Ordinal {
        feminine: bool,
    },
    /// `{RANK}`: a rank in digits (`المرتبة 70`).
    Rank,
    /// `{ID}`: an identifier that holds digits but no figure (an IP
    /// address, a phone number, an ISO date, a time, a version).
    Identifier,
}

/// One piece of a parsed template.
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    /// Literal text, copied (possibly with noise).
    Lit(&'static str),
    /// An entity mention; `forced` is a proclitic glued to the slot in the
    /// template ("و{LOC}").
    Entity {
        ty: EntityType,
        forced: Option<&'static str>,
    },
    /// A figure.
    Figure(FigureSlot),
}

/// An entity of `entities.tsv`.
#[derive(Debug)]
pub(crate) struct Entity {
    pub(crate) id: &'static str,
    pub(crate) ty: EntityType,
    pub(crate) forms: Vec<&'static str>,
}

/// The class of a counted noun (the figure kind the generator intends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitClass {
    Count,
    Money,
    Length,
    Duration,
}

impl UnitClass {
    pub(crate) fn kind(self) -> &'static str {
        match self {
            UnitClass::Count => "count",
            UnitClass::Money => "money",
            UnitClass::Length => "length",
            UnitClass::Duration => "duration",
        }
    }
}

/// A noun of `units.tsv`.
#[derive(Debug)]
pub(crate) struct Unit {
    pub(crate) class: UnitClass,
    pub(crate) feminine: bool,
    pub(crate) singular: &'static str,
    pub(crate) accusative: &'static str,
    pub(crate) plural: &'static str,
    pub(crate) definite_plural: Option<&'static str>,
    pub(crate) dual: Option<&'static str>,
}

/// Agreement of a number word with its noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Agree {
    Masc,
    Fem,
    Any,
    Vague,
}

/// A number word of `numbers.tsv`.
#[derive(Debug)]
pub(crate) struct NumberWord {
    pub(crate) value: u64,
    pub(crate) agree: Agree,
    pub(crate) form: &'static str,
}

/// Where a multiplier form is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MultAfter {
    Plural,
    Accusative,
    Singular,
    Decimal,
}

/// A multiplier of `multipliers.tsv`.
#[derive(Debug)]
pub(crate) struct Multiplier {
    pub(crate) value: u64,
    pub(crate) after: MultAfter,
    pub(crate) form: &'static str,
}

/// A qualifier of `qualifiers.tsv`.
#[derive(Debug)]
pub(crate) struct Qualifier {
    pub(crate) approx: &'static str,
    pub(crate) form: &'static str,
}

/// A counted word with its three agreement forms (a physical unit or a
/// currency of `open-world.tsv`).
#[derive(Debug)]
pub(crate) struct Measure {
    pub(crate) singular: &'static str,
    pub(crate) accusative: &'static str,
    /// `None` when the word is not written after 3..10.
    pub(crate) plural: Option<&'static str>,
}

/// A currency code or sign and where it goes.
#[derive(Debug)]
pub(crate) struct Code {
    pub(crate) code: &'static str,
    pub(crate) before: bool,
    pub(crate) after: bool,
    /// Whether Windows-1256 can encode it.
    pub(crate) cp1256: bool,
}

/// A comparative qualifier of `open-world.tsv`.
#[derive(Debug)]
pub(crate) struct Compare {
    pub(crate) form: &'static str,
    pub(crate) approx: &'static str,
    /// Written after the counted noun (`100 جندي أو أكثر`).
    pub(crate) after: bool,
    /// Whether Windows-1256 can encode it.
    pub(crate) cp1256: bool,
}

/// The words of the open-world figures (`open-world.tsv`).
#[derive(Debug, Default)]
pub(crate) struct OpenWorld {
    /// `(noun as written, unit)`.
    pub(crate) labels: Vec<(&'static str, &'static str)>,
    pub(crate) quantities: Vec<Measure>,
    pub(crate) currencies: Vec<Measure>,
    pub(crate) codes: Vec<Code>,
    pub(crate) compares: Vec<Compare>,
    /// Index `v - 1`: `(masculine, feminine)` ordinal of the units 1..9.
    pub(crate) ordinals: Vec<(&'static str, &'static str)>,
    /// `(value, oblique, nominative)` ordinal tens 20..90.
    pub(crate) tens: Vec<(u64, &'static str, &'static str)>,
    /// `(phrase, numerator, denominator)`.
    pub(crate) fractions: Vec<(&'static str, u64, u64)>,
    /// `(definite plural, unit)`.
    pub(crate) groups: Vec<(&'static str, &'static str)>,
}

/// Every table the generator uses.
#[derive(Debug)]
pub(crate) struct Tables {
    pub(crate) entities: Vec<Entity>,
    /// Indices into `entities`, by type (PER, LOC, ORG).
    pub(crate) by_type: [Vec<usize>; 3],
    pub(crate) units: Vec<Unit>,
    /// Indices into `units`, by class (count, money, length, duration).
    pub(crate) units_by_class: [Vec<usize>; 4],
    pub(crate) numbers: Vec<NumberWord>,
    pub(crate) multipliers: Vec<Multiplier>,
    pub(crate) qualifiers: Vec<Qualifier>,
    pub(crate) open: OpenWorld,
    pub(crate) headlines: Vec<Vec<Piece>>,
    pub(crate) sentences: Vec<Vec<Piece>>,
    pub(crate) fillers: Vec<&'static str>,
    pub(crate) boilerplate: Vec<&'static str>,
    pub(crate) residue: Vec<&'static str>,
    /// `(letter, [isolated, final, initial, medial])` presentation forms.
    pub(crate) presentation: Vec<(char, [Option<char>; 4])>,
    /// Filler lines garbled as UTF-8 read as Windows-1252, once and twice.
    pub(crate) mojibake: Vec<String>,
}

pub(crate) const ENTITIES: &str = include_str!("../data/entities.tsv");
pub(crate) const ENTITIES_MORE: &str = include_str!("../data/entities-more.tsv");
/// How many times more often each entity of `entities.tsv` is drawn than
/// each entity of `entities-more.tsv` (news names a few entities often and
/// many rarely).
const CORE_WEIGHT: usize = 30;
pub(crate) const UNITS: &str = include_str!("../data/units.tsv");
pub(crate) const NUMBERS: &str = include_str!("../data/numbers.tsv");
pub(crate) const MULTIPLIERS: &str = include_str!("../data/multipliers.tsv");
pub(crate) const QUALIFIERS: &str = include_str!("../data/qualifiers.tsv");
pub(crate) const OPEN_WORLD: &str = include_str!("../data/open-world.tsv");
pub(crate) const TEMPLATES: &str = include_str!("../data/templates.txt");
pub(crate) const PRESENTATION: &str = include_str!("../data/presentation-forms.tsv");
pub(crate) const RESIDUE: &str = include_str!("../data/residue.txt");

/// The parsed tables (parsed on first use, then shared).
pub(crate) fn tables() -> Result<&'static Tables, DataError> {
    static TABLES: OnceLock<Result<Tables, DataError>> = OnceLock::new();
    match TABLES.get_or_init(Tables::parse) {
        Ok(t) => Ok(t),
        Err(e) => Err(e.clone()),
    }
}

fn data_error(file: &'static str, line: usize, message: impl Into<String>) -> DataError {
    DataError {
        file,
        line,
        message: message.into(),
    }
}

/// Non-comment, non-empty lines with their 1-based numbers.
fn lines(text: &'static str) -> impl Iterator<Item = (usize, &'static str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn fields<const N: usize>(
    file: &'static str,
    n: usize,
    line: &'static str,
) -> Result<[&'static str; N], DataError> {
    let parts: Vec<&'static str> = line.split('\t').collect();
    parts.try_into().map_err(|p: Vec<&str>| {
        data_error(
            file,
            n,
            format!("expected {N} tab-separated fields, found {}", p.len()),
        )
    })
}

fn opt(s: &'static str) -> Option<&'static str> {
    (s != "-").then_some(s)
}

fn number(file: &'static str, n: usize, s: &str) -> Result<u64, DataError> {
    s.parse()
        .map_err(|_| data_error(file, n, format!("not a number: {s:?}")))
}

/// Text that must never appear in data: JSON would need escapes we do not
/// account for, and control characters would be removed by the decoder.
fn check_clean(file: &'static str, n: usize, s: &str) -> Result<(), DataError> {
    if s.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
        return Err(data_error(file, n, "quote, backslash or control character"));
    }
    if s.bytes().any(|b| b.is_ascii_digit()) || s.chars().any(|c| ('٠'..='٩').contains(&c)) {
        // Digits in literal text would be figures nobody counted.
        return Err(data_error(file, n, "digits in literal text"));
    }
    Ok(())
}

/// The four sections of `templates.txt`.
struct Templates {
    headlines: Vec<Vec<Piece>>,
    sentences: Vec<Vec<Piece>>,
    fillers: Vec<&'static str>,
    boilerplate: Vec<&'static str>,
}

/// `entities.tsv` and `entities-more.tsv`, with the draw pools by type (a
/// pool lists a core entity `CORE_WEIGHT` times).
fn parse_entities() -> Result<(Vec<Entity>, [Vec<usize>; 3]), DataError> {
    let mut entities = Vec::new();
    let mut by_type: [Vec<usize>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let files = [
        ("entities.tsv", ENTITIES, CORE_WEIGHT),
        ("entities-more.tsv", ENTITIES_MORE, 1),
    ];
    for (file, text, weight) in files {
        for (n, line) in lines(text) {
            let mut parts = line.split('\t');
            let (Some(id), Some(ty)) = (parts.next(), parts.next()) else {
                return Err(data_error(file, n, "expected id<TAB>type<TAB>form..."));
            };
            let ty = match ty {
                "PER" => EntityType::Per,
                "LOC" => EntityType::Loc,
                "ORG" => EntityType::Org,
                other => return Err(data_error(file, n, format!("bad type {other:?}"))),
            };
            let forms: Vec<&'static str> = parts.collect();
            if forms.is_empty() || forms.iter().any(|f| f.trim() != *f || f.is_empty()) {
                return Err(data_error(file, n, "missing or padded form"));
            }
            for f in &forms {
                check_clean(file, n, f)?;
            }
            if entities.iter().any(|e: &Entity| e.id == id) {
                return Err(data_error(file, n, format!("id {id} listed twice")));
            }
            // A pool lists an entity `weight` times: drawing from it
            // makes the core entities that much more frequent.
            for _ in 0..weight {
                by_type[ty as usize].push(entities.len());
            }
            entities.push(Entity { id, ty, forms });
        }
    }
    if by_type.iter().any(Vec::is_empty) {
        return Err(data_error("entities.tsv", 0, "every type needs an entity"));
    }
    Ok((entities, by_type))
}

/// `units.tsv`, with the indices of the units of each class.
fn parse_units() -> Result<(Vec<Unit>, [Vec<usize>; 4]), DataError> {
    let mut units = Vec::new();
    for (n, line) in lines(UNITS) {
        let [class, gender, singular, accusative, plural, defpl, dual] =
            fields::<7>("units.tsv", n, line)?;
        let class = match class {
            "count" => UnitClass::Count,
            "money" => UnitClass::Money,
            "length" => UnitClass::Length,
            "duration" => UnitClass::Duration,
            other => return Err(data_error("units.tsv", n, format!("bad class {other:?}"))),
        };
        let feminine = match gender {
            "m" => false,
            "f" => true,
            other => return Err(data_error("units.tsv", n, format!("bad gender {other:?}"))),
        };
        for f in [singular, accusative, plural, defpl, dual] {
            check_clean("units.tsv", n, f)?;
        }
        units.push(Unit {
            class,
            feminine,
            singular,
            accusative,
            plural,
            definite_plural: opt(defpl),
            dual: opt(dual),
        });
    }

    let mut units_by_class: [Vec<usize>; 4] = Default::default();
    for (i, u) in units.iter().enumerate() {
        units_by_class[u.class as usize].push(i);
    }
    if units_by_class.iter().any(Vec::is_empty) {
        return Err(data_error("units.tsv", 0, "every class needs a unit"));
    }
    Ok((units, units_by_class))
}

fn parse_numbers() -> Result<Vec<NumberWord>, DataError> {
    let mut numbers = Vec::new();
    for (n, line) in lines(NUMBERS) {
        let [value, agree, form] = fields::<3>("numbers.tsv", n, line)?;
        let agree = match agree {
            "m" => Agree::Masc,
            "f" => Agree::Fem,
            "any" => Agree::Any,
            "vague" => Agree::Vague,
            other => {
                return Err(data_error(
                    "numbers.tsv",
                    n,
                    format!("bad agreement {other:?}"),
                ));
            }
        };
        check_clean("numbers.tsv", n, form)?;
        numbers.push(NumberWord {
            value: number("numbers.tsv", n, value)?,
            agree,
            form,
        });
    }
    Ok(numbers)
}

fn parse_multipliers() -> Result<Vec<Multiplier>, DataError> {
    let mut multipliers = Vec::new();
    for (n, line) in lines(MULTIPLIERS) {
        let [value, after, form] = fields::<3>("multipliers.tsv", n, line)?;
        let after = match after {
            "pl" => MultAfter::Plural,
            "acc" => MultAfter::Accusative,
            "sg" => MultAfter::Singular,
            "dec" => MultAfter::Decimal,
            other => {
                return Err(data_error(
                    "multipliers.tsv",
                    n,
                    format!("bad use {other:?}"),
                ));
            }
        };
        check_clean("multipliers.tsv", n, form)?;
        multipliers.push(Multiplier {
            value: number("multipliers.tsv", n, value)?,
            after,
            form,
        });
    }
    Ok(multipliers)
}

fn parse_qualifiers() -> Result<Vec<Qualifier>, DataError> {
    let mut qualifiers = Vec::new();
    for (n, line) in lines(QUALIFIERS) {
        let [approx, form] = fields::<2>("qualifiers.tsv", n, line)?;
        check_clean("qualifiers.tsv", n, form)?;
        qualifiers.push(Qualifier { approx, form });
    }
    Ok(qualifiers)
}

/// `open-world.tsv`: the sections described in its header.
fn parse_open_world() -> Result<OpenWorld, DataError> {
    const FILE: &str = "open-world.tsv";
    let mut o = OpenWorld::default();
    for (n, line) in lines(OPEN_WORLD) {
        let [section, a, b, c, d] = fields::<5>(FILE, n, line)?;
        for f in [a, b, c, d] {
            check_clean_words(FILE, n, f)?;
        }
        let measure = || Measure {
            singular: a,
            accusative: b,
            plural: opt(c),
        };
        match section {
            "label" => o.labels.push((a, b)),
            "quantity" => o.quantities.push(measure()),
            "currency" => o.currencies.push(measure()),
            "code" => o.codes.push(Code {
                code: a,
                before: b != "after",
                after: b != "before",
                cp1256: c == "1256",
            }),
            "compare" => o.compares.push(Compare {
                form: a,
                approx: b,
                after: c == "after",
                cp1256: d == "1256",
            }),
            "ordinal" => {
                if number(FILE, n, a)? != o.ordinals.len() as u64 + 1 {
                    return Err(data_error(FILE, n, "ordinal units out of order"));
                }
                o.ordinals.push((b, c));
            }
            "tens" => o.tens.push((number(FILE, n, a)?, b, c)),
            "fraction" => o
                .fractions
                .push((a, number(FILE, n, b)?, number(FILE, n, c)?)),
            "group" => o.groups.push((a, b)),
            other => return Err(data_error(FILE, n, format!("bad section {other:?}"))),
        }
    }
    if o.labels.is_empty()
        || o.quantities.is_empty()
        || o.currencies.is_empty()
        || o.codes.is_empty()
        || o.compares.is_empty()
        || o.ordinals.len() != 9
        || o.tens.is_empty()
        || o.fractions.is_empty()
        || o.groups.is_empty()
    {
        return Err(data_error(FILE, 0, "a section is empty"));
    }
    Ok(o)
}

/// `check_clean` for a word list whose numeric fields are allowed digits.
fn check_clean_words(file: &'static str, n: usize, s: &str) -> Result<(), DataError> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    check_clean(file, n, s)
}

/// `templates.txt`: `[headline]` and `[sentence]` templates with slots,
/// `[filler]` and `[boilerplate]` lines without; every section non-empty.
fn parse_templates() -> Result<Templates, DataError> {
    let mut section = "";
    let mut t = Templates {
        headlines: Vec::new(),
        sentences: Vec::new(),
        fillers: Vec::new(),
        boilerplate: Vec::new(),
    };
    for (n, line) in lines(TEMPLATES) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            continue;
        }
        check_clean("templates.txt", n, line)?;
        match section {
            "headline" => t.headlines.push(parse_template(n, line)?),
            "sentence" => t.sentences.push(parse_template(n, line)?),
            "filler" | "boilerplate" => {
                if line.contains('{') {
                    return Err(data_error(
                        "templates.txt",
                        n,
                        "slot in a slot-free section",
                    ));
                }
                if section == "filler" {
                    t.fillers.push(line);
                } else {
                    t.boilerplate.push(line);
                }
            }
            other => {
                return Err(data_error(
                    "templates.txt",
                    n,
                    format!("line outside a known section {other:?}"),
                ));
            }
        }
    }
    if t.headlines.is_empty()
        || t.sentences.is_empty()
        || t.fillers.is_empty()
        || t.boilerplate.is_empty()
    {
        return Err(data_error("templates.txt", 0, "a section is empty"));
    }
    Ok(t)
}

/// `(letter, [isolated, final, initial, medial])` presentation forms.
type PresentationForms = Vec<(char, [Option<char>; 4])>;

/// `presentation-forms.tsv`, sorted by letter.
fn parse_presentation() -> Result<PresentationForms, DataError> {
    let mut presentation = Vec::new();
    for (n, line) in lines(PRESENTATION) {
        let [letter, iso, fin, ini, med] = fields::<5>("presentation-forms.tsv", n, line)?;
        let one = |s: &str| -> Result<Option<char>, DataError> {
            if s == "-" {
                return Ok(None);
            }
            let mut c = s.chars();
            match (c.next(), c.next()) {
                (Some(a), None) => Ok(Some(a)),
                _ => Err(data_error(
                    "presentation-forms.tsv",
                    n,
                    "expected one character per field",
                )),
            }
        };
        let Some(l) = one(letter)? else {
            return Err(data_error("presentation-forms.tsv", n, "missing letter"));
        };
        presentation.push((l, [one(iso)?, one(fin)?, one(ini)?, one(med)?]));
    }
    presentation.sort_unstable();
    Ok(presentation)
}

impl Tables {
    fn parse() -> Result<Tables, DataError> {
        let (entities, by_type) = parse_entities()?;
        let (units, units_by_class) = parse_units()?;
        let numbers = parse_numbers()?;
        let multipliers = parse_multipliers()?;
        let qualifiers = parse_qualifiers()?;
        let open = parse_open_world()?;
        let Templates {
            headlines,
            sentences,
            fillers,
            boilerplate,
        } = parse_templates()?;
        let presentation = parse_presentation()?;
        let residue: Vec<&'static str> = lines(RESIDUE).map(|(_, l)| l).collect();

        let mut mojibake = Vec::new();
        for f in &fillers {
            let once = as_windows_1252(f);
            let twice = as_windows_1252(&once);
            mojibake.push(once);
            mojibake.push(twice);
        }

        Ok(Tables {
            entities,
            by_type,
            units,
            units_by_class,
            numbers,
            multipliers,
            qualifiers,
            open,
            headlines,
            sentences,
            fillers,
            boilerplate,
            residue,
            presentation,
            mojibake,
        })
    }

    /// The presentation forms of `c` (`[isolated, final, initial, medial]`),
    /// if it is an Arabic letter that has them.
    pub(crate) fn presentation_forms(&self, c: char) -> Option<&[Option<char>; 4]> {
        self.presentation
            .binary_search_by_key(&c, |&(l, _)| l)
            .ok()
            .map(|i| &self.presentation[i].1)
    }
}

/// `s`'s UTF-8 bytes read as Windows-1252 (the commonest mojibake).
fn as_windows_1252(s: &str) -> String {
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(s.as_bytes());
    text.into_owned()
}

/// Proclitics a template may glue to an entity slot, longest first.
const TEMPLATE_CLITICS: [&str; 9] = ["وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك"];

fn parse_template(n: usize, line: &'static str) -> Result<Vec<Piece>, DataError> {
    let mut pieces = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| data_error("templates.txt", n, "unclosed slot"))?;
        let mut lit = &rest[..open];
        let name = &rest[open + 1..close];
        let piece = match name {
            "PER" | "LOC" | "ORG" => entity_slot(n, name, &mut lit)?,
            _ => figure_slot(n, name, lit)?,
        };
        if !lit.is_empty() {
            pieces.push(Piece::Lit(lit));
        }
        pieces.push(piece);
        rest = &rest[close + 1..];
        // After a slot: a space, punctuation or the end, never a letter
        // that would extend the last word of the name or figure.
        if rest.chars().next().is_some_and(char::is_alphanumeric) {
            return Err(data_error("templates.txt", n, "slot followed by a letter"));
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Lit(rest));
    }
    Ok(pieces)
}

/// An entity slot; a proclitic glued to it (moved from the end of `lit`
/// into the piece) belongs to the mention, anything else glued to it would
/// hide the name.
fn entity_slot(n: usize, name: &str, lit: &mut &'static str) -> Result<Piece, DataError> {
    let ty = match name {
        "PER" => EntityType::Per,
        "LOC" => EntityType::Loc,
        _ => EntityType::Org,
    };
    let mut forced = None;
    for clitic in TEMPLATE_CLITICS {
        if let Some(before) = lit.strip_suffix(clitic)
            && (before.is_empty() || before.ends_with(' '))
        {
            forced = Some(clitic);
            *lit = before;
            break;
        }
    }
    if forced.is_none() && !(lit.is_empty() || lit.ends_with(' ')) {
        return Err(data_error(
            "templates.txt",
            n,
            "slot glued to a word that is not a proclitic",
        ));
    }
    Ok(Piece::Entity { ty, forced })
}

/// A figure slot, never glued to the letter before it.
fn figure_slot(n: usize, name: &str, lit: &str) -> Result<Piece, DataError> {
    let slot = match name {
        "CNT" => FigureSlot::Count,
        "MONEY" => FigureSlot::Money,
        "LEN" => FigureSlot::Length,
        "DUR" => FigureSlot::Duration,
        "PCT" => FigureSlot::Percent,
        "FIG" => FigureSlot::Any,
        "NEG" => FigureSlot::Negative,
        "TEMP" => FigureSlot::Temperature,
        "FRAC" => FigureSlot::Fraction,
        "PTS" => FigureSlot::Points,
        "LABEL" => FigureSlot::Label,
        "QTY" => FigureSlot::Quantity,
        "CMP" => FigureSlot::Compare,
        "SPAN" => FigureSlot::TwoSided,
        "CUR" => FigureSlot::Currency,
        "ORD" => FigureSlot::Ordinal { feminine: false },
        "ORDF" => FigureSlot::Ordinal { feminine: true },
        "RANK" => FigureSlot::Rank,
        "ID" => FigureSlot::Identifier,
        other => {
            return Err(data_error(
                "templates.txt",
                n,
                format!("unknown slot {other:?}"),
            ));
        }
    };
    if !(lit.is_empty() || lit.ends_with(' ')) {
        return Err(data_error(
            "templates.txt",
            n,
            "figure slot glued to a letter",
        ));
    }
    Ok(Piece::Figure(slot))
}
