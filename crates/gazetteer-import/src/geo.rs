//! GeoNames: Arabic alternate names joined to their places.
//!
//! `alternateNamesV2.txt` (tab-separated: alternateNameId, geonameid,
//! isolanguage, alternate name, isPreferredName, isShortName,
//! isColloquial, isHistoric, from, to) is read first, keeping only the
//! names in the chosen languages (not colloquial, not historic) by place;
//! then `allCountries.txt` (19 columns: geonameid, name, asciiname,
//! alternatenames, latitude, longitude, feature class, feature code,
//! country code, cc2, admin1–4 codes, population, elevation, dem,
//! timezone, modification date) is streamed, and every place with such a
//! name, at least the minimum population and of a chosen feature class is
//! written as `geonames:ID<TAB>LOC<TAB>name…` (preferred names first,
//! then short names, then the others, in file order). Memory holds the
//! kept names only.

use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

use crate::error::ImportError;
use crate::input;
use crate::output::write_entry;
use crate::{Progress, Summary};

/// Options of the GeoNames importer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GeonamesOptions {
    /// Languages of the alternate names taken (`isolanguage`); default
    /// `["ar"]`.
    pub langs: Vec<String>,
    /// Places with a smaller population are left out (default 0: all).
    pub min_population: u64,
    /// Feature classes kept (`A` countries and divisions, `P` populated
    /// places, `H` water, `L` areas, `T` mountains, `S` spots, `R`, `U`,
    /// `V`); default `A`, `P`, `H`, `L`, `T`.
    pub feature_classes: Vec<char>,
}

impl Default for GeonamesOptions {
    fn default() -> GeonamesOptions {
        GeonamesOptions {
            langs: vec!["ar".to_string()],
            min_population: 0,
            feature_classes: vec!['A', 'P', 'H', 'L', 'T'],
        }
    }
}

impl GeonamesOptions {
    /// Sets the feature classes from a list of letters (`A,P` or `AP`).
    ///
    /// # Errors
    ///
    /// A class is not one of the nine GeoNames letters.
    pub fn feature_classes_arg(&mut self, list: &str) -> Result<&mut Self, ImportError> {
        let classes: Vec<char> = list
            .chars()
            .filter(|c| *c != ',' && !c.is_whitespace())
            .collect();
        if classes.is_empty() || classes.iter().any(|c| !"APHLTSRUV".contains(*c)) {
            return Err(ImportError::option(format!(
                "expected GeoNames feature classes among A,P,H,L,T,S,R,U,V, found {list:?}"
            )));
        }
        self.feature_classes = classes;
        Ok(self)
    }
}

/// A kept alternate name: its rank (0 preferred, 1 short, 2 other).
type Names = HashMap<u32, Vec<(u8, String)>>;

/// Reads the Arabic (or chosen) names of `alternateNamesV2.txt`.
fn read_alternates(
    mut r: impl BufRead,
    source: &str,
    options: &GeonamesOptions,
    summary: &mut Summary,
) -> Result<Names, ImportError> {
    let mut names: Names = HashMap::new();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        if r.read_until(b'\n', &mut buf)
            .map_err(|e| ImportError::io(format!("{source}:{}", line_no + 1), e))?
            == 0
        {
            break;
        }
        line_no += 1;
        let Ok(line) = std::str::from_utf8(&buf) else {
            summary.bad(source, line_no, "not valid UTF-8");
            continue;
        };
        let line = line.trim_end_matches(['\n', '\r']);
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        // V2 has 10 columns; the older file 8.
        if f.len() < 8 {
            summary.bad(
                source,
                line_no,
                format!("expected 10 columns, found {}", f.len()),
            );
            continue;
        }
        if !options.langs.iter().any(|l| l == f[2]) {
            continue;
        }
        let Ok(id) = f[1].parse::<u32>() else {
            summary.bad(
                source,
                line_no,
                format!("geonameid {:?} is not a number", f[1]),
            );
            continue;
        };
        let flag = |i: usize| f.get(i).is_some_and(|v| *v == "1");
        if flag(6) || flag(7) {
            continue; // colloquial or historic
        }
        let rank = if flag(4) {
            0
        } else if flag(5) {
            1
        } else {
            2
        };
        names.entry(id).or_default().push((rank, f[3].to_string()));
    }
    Ok(names)
}

/// Imports GeoNames from `alternate_names` (`alternateNamesV2.txt`) and
/// `all_countries` (`allCountries.txt`, or a country file of the same
/// format), both already opened.
///
/// # Errors
///
/// Reading or writing fails. Bad lines are counted in the summary with
/// their line numbers.
pub fn geonames(
    alternate_names: impl BufRead,
    all_countries: impl BufRead,
    options: &GeonamesOptions,
    out: impl Write,
    progress: impl FnMut(&Progress),
) -> Result<Summary, ImportError> {
    run(
        alternate_names,
        "alternateNamesV2.txt",
        all_countries,
        "allCountries.txt",
        None,
        options,
        out,
        progress,
    )
}

/// [`geonames`] on files (plain, `.gz` or `.bz2`); [`Progress::bytes`]
/// counts the bytes of `all_countries` read.
///
/// # Errors
///
/// As [`geonames`], and a file cannot be opened.
pub fn geonames_files(
    alternate_names: &Path,
    all_countries: &Path,
    options: &GeonamesOptions,
    out: impl Write,
    progress: impl FnMut(&Progress),
) -> Result<Summary, ImportError> {
    let alt = input::open(alternate_names)?;
    let all = input::open(all_countries)?;
    let counter = (all.read.clone(), all.total);
    run(
        alt.reader,
        &alternate_names.display().to_string(),
        all.reader,
        &all_countries.display().to_string(),
        Some(counter),
        options,
        out,
        progress,
    )
}

#[allow(clippy::too_many_arguments)]
fn run(
    alternate_names: impl BufRead,
    alt_source: &str,
    mut all: impl BufRead,
    source: &str,
    counter: Option<(std::rc::Rc<std::cell::Cell<u64>>, Option<u64>)>,
    options: &GeonamesOptions,
    out: impl Write,
    mut progress: impl FnMut(&Progress),
) -> Result<Summary, ImportError> {
    let mut summary = Summary::default();
    let mut names = read_alternates(alternate_names, alt_source, options, &mut summary)?;
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let write_err = |e| ImportError::io("cannot write the gazetteer", e);
    writeln!(
        out,
        "# khabar gazetteer imported from GeoNames ({alt_source}, {source}; GeoNames: CC BY 4.0, attribute geonames.org)\n# languages {}; id<TAB>type<TAB>name…",
        options.langs.join(",")
    )
    .map_err(write_err)?;
    let mut p = Progress {
        total_bytes: counter.as_ref().and_then(|c| c.1),
        ..Progress::default()
    };
    let mut buf = Vec::new();
    let mut seen = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        if all
            .read_until(b'\n', &mut buf)
            .map_err(|e| ImportError::io(format!("{source}:{}", line_no + 1), e))?
            == 0
        {
            break;
        }
        line_no += 1;
        let Ok(line) = std::str::from_utf8(&buf) else {
            summary.bad(source, line_no, "not valid UTF-8");
            continue;
        };
        let line = line.trim_end_matches(['\n', '\r']);
        if line.is_empty() {
            continue;
        }
        let Some((id, population, class)) = parse_row(line, source, line_no, &mut summary) else {
            continue;
        };
        summary.entities += 1;
        let Some(mut place_names) = names.remove(&id) else {
            summary.no_label += 1;
            continue;
        };
        if population < options.min_population || !options.feature_classes.contains(&class) {
            summary.filtered += 1;
            continue;
        }
        place_names.sort_by_key(|(rank, _)| *rank);
        let w = write_entry(
            &mut out,
            &format!("geonames:{id}"),
            "LOC",
            place_names.iter().map(|(_, n)| n.as_str()),
            &mut seen,
        )
        .map_err(write_err)?;
        if w > 0 {
            summary.written += 1;
            summary.names += w as u64;
        } else {
            summary.no_label += 1;
        }
        if line_no.is_multiple_of(4096) {
            report(&mut p, line_no, &summary, counter.as_ref(), &mut progress);
        }
    }
    out.flush().map_err(write_err)?;
    report(&mut p, line_no, &summary, counter.as_ref(), &mut progress);
    Ok(summary)
}

/// Import step: the geonameid, population and feature class of one
/// allCountries.txt row, or `None` (counted as a bad line) if it is malformed.
fn parse_row(
    line: &str,
    source: &str,
    line_no: u64,
    summary: &mut Summary,
) -> Option<(u32, u64, char)> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() != 19 {
        summary.bad(
            source,
            line_no,
            format!("expected 19 columns, found {}", f.len()),
        );
        return None;
    }
    let Ok(id) = f[0].parse::<u32>() else {
        summary.bad(
            source,
            line_no,
            format!("geonameid {:?} is not a number", f[0]),
        );
        return None;
    };
    let population = if f[14].is_empty() {
        Ok(0)
    } else {
        f[14].parse::<u64>()
    };
    let Ok(population) = population else {
        summary.bad(
            source,
            line_no,
            format!("population {:?} is not a number", f[14]),
        );
        return None;
    };
    let class = f[6].chars().next().unwrap_or(' ');
    Some((id, population, class))
}

/// Import step: reports progress after `line_no` lines of allCountries.txt.
fn report(
    p: &mut Progress,
    line_no: u64,
    summary: &Summary,
    counter: Option<&(std::rc::Rc<std::cell::Cell<u64>>, Option<u64>)>,
    progress: &mut impl FnMut(&Progress),
) {
    p.lines = line_no;
    p.written = summary.written;
    p.bytes = counter.map_or(0, |c| c.0.get());
    progress(p);
}
