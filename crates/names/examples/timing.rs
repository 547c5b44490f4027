//! Rough timing of each pass on the seeds (for development; the criterion
//! bench is the reference).
use std::time::Instant;

use khabar_names::{Names, Scratch};
use khabar_normalize::{Normalizer, Profile};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut docs = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.extension().and_then(|x| x.to_str()) == Some("txt") {
            docs.push(String::from_utf8_lossy(&std::fs::read(p)?).into_owned());
        }
    }
    let iters: u32 = std::env::var("ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let only = std::env::var("ONLY").ok();
    let g = khabar_gazetteer::builtin().build()?;
    let n = Normalizer::new(Profile::Search);
    let pre: Vec<_> = docs.iter().map(|d| n.normalize(d)).collect();
    if only.as_deref() == Some("stages") || only.as_deref() == Some("stages+names") {
        let with = only.as_deref() == Some("stages+names");
        let names = Names::builder().build()?;
        let dec = khabar_decode::Decoder::default();
        let fig = khabar_figures::FigureParser::new();
        let mut norm = khabar_normalize::NormalizedText::default();
        let (mut s, mut out, mut sink) = (Scratch::default(), Vec::new(), 0);
        for _ in 0..iters {
            for d in &docs {
                let t = dec.decode(d.as_bytes())?;
                n.normalize_into(&t.text, &mut norm);
                let m: Vec<_> = g.find_iter(&norm).collect();
                if with {
                    names.apply_into(&t.text, &norm, &m, &mut s, &mut out);
                    sink += out.len();
                }
                sink += m.len() + fig.parse_with_source(&t.text, &norm).len();
            }
        }
        println!("{sink}");
        return Ok(());
    }
    if only.as_deref() == Some("gaz") {
        let mut sink = 0;
        for _ in 0..iters {
            for norm in &pre {
                sink += g.find_iter(norm).count();
            }
        }
        println!("gaz: {sink}");
        return Ok(());
    }
    for (label, p, c, d) in [
        ("none", false, false, false),
        ("disamb", false, false, true),
        ("patterns", true, false, false),
        ("coref", false, true, false),
        ("all", true, true, true),
    ] {
        if only.as_deref().is_some_and(|o| o != label) {
            continue;
        }
        let names = Names::builder()
            .patterns(p)
            .coreference(c)
            .disambiguation(d)
            .build()?;
        let mut s = Scratch::default();
        let mut out = Vec::new();
        let t = Instant::now();
        for _ in 0..iters {
            for (doc, norm) in docs.iter().zip(&pre) {
                let m: Vec<_> = g.find_iter(norm).collect();
                names.apply_into(doc, norm, &m, &mut s, &mut out);
            }
        }
        println!("{label}: {:?} per pass", t.elapsed() / iters);
    }
    Ok(())
}
