//! Writes a synthetic dump in the Wikidata JSON dump format, for the
//! importer's benchmark: `N` entities (default 200,000), one per line, each
//! with labels, descriptions and aliases in 40 languages (Arabic in four of
//! five), 7 claims of one to three statements with qualifiers and
//! references, and sitelinks: about 13 KB an entity, 2.6 GB for 200,000
//! (the real dump averages about 15 KB an entity).
//!
//! `cargo run --release -p khabar-gazetteer-import --example gen_wikidata -- 200000 > /tmp/dump.json`
use std::io::{BufWriter, Write};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const LANGS: [&str; 40] = [
    "en", "fr", "de", "es", "it", "ru", "zh", "ja", "pt", "nl", "pl", "sv", "tr", "fa", "he", "uk",
    "cs", "fi", "hu", "ko", "id", "ms", "vi", "th", "ro", "el", "bg", "sr", "hr", "da", "nb", "ca",
    "eu", "gl", "hi", "ur", "bn", "ta", "arz", "apc",
];
const SYL_AR: [&str; 16] = [
    "با", "تو", "سي", "لا", "مو", "ني", "ري", "كا", "دو", "فا", "جي", "هو", "زا", "غو", "شي", "قا",
];
const SYL_LA: [&str; 16] = [
    "ba", "to", "si", "la", "mo", "ni", "ri", "ka", "do", "fa", "gi", "ho", "za", "go", "shi", "qa",
];
const CLASSES: [u64; 8] = [5, 5, 5, 515, 6256, 783794, 7278, 17737];

fn word(rng: &mut Rng, syl: &[&str; 16]) -> String {
    (0..2 + rng.below(3))
        .map(|_| syl[rng.below(16) as usize])
        .collect()
}

fn main() -> std::io::Result<()> {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 20, stdout.lock());
    writeln!(w, "[")?;
    for i in 0..n {
        let q = 100 + i;
        let latin = format!("{} {}", word(&mut rng, &SYL_LA), word(&mut rng, &SYL_LA));
        let arabic = format!("{} {}", word(&mut rng, &SYL_AR), word(&mut rng, &SYL_AR));
        let mut labels = Vec::new();
        let mut descs = Vec::new();
        let mut aliases = Vec::new();
        if rng.below(5) != 0 {
            labels.push(format!(r#""ar":{{"language":"ar","value":"{arabic}"}}"#));
            descs.push(r#""ar":{"language":"ar","value":"وصف قصير لهذا الكيان"}"#.to_string());
            aliases.push(format!(
                r#""ar":[{{"language":"ar","value":"{} {}"}},{{"language":"ar","value":"{}"}}]"#,
                word(&mut rng, &SYL_AR),
                word(&mut rng, &SYL_AR),
                word(&mut rng, &SYL_AR)
            ));
        }
        for l in LANGS {
            labels.push(format!(r#""{l}":{{"language":"{l}","value":"{latin}"}}"#));
            descs.push(format!(
                r#""{l}":{{"language":"{l}","value":"a short description of this entity in {l}"}}"#
            ));
            if rng.below(3) == 0 {
                aliases.push(format!(
                    r#""{l}":[{{"language":"{l}","value":"{latin} jr"}}]"#
                ));
            }
        }
        let class = CLASSES[rng.below(CLASSES.len() as u64) as usize];
        let mut claims = vec![format!(
            r#""P31":[{{"mainsnak":{{"snaktype":"value","property":"P31","hash":"ad7d38a03cdd40cdc373de0dc4e7b7fcbccb31d9","datavalue":{{"value":{{"entity-type":"item","numeric-id":{class},"id":"Q{class}"}},"type":"wikibase-entityid"}},"datatype":"wikibase-item"}},"type":"statement","id":"Q{q}$0001","rank":"normal"}}]"#
        )];
        for p in 0..6 {
            let prop = 17 + p * 37;
            let mut st = Vec::new();
            for s in 0..1 + rng.below(3) {
                let v = rng.below(1_000_000);
                st.push(format!(
                    r#"{{"mainsnak":{{"snaktype":"value","property":"P{prop}","hash":"{:016x}","datavalue":{{"value":{{"entity-type":"item","numeric-id":{v},"id":"Q{v}"}},"type":"wikibase-entityid"}},"datatype":"wikibase-item"}},"type":"statement","qualifiers":{{"P580":[{{"snaktype":"value","property":"P580","datavalue":{{"value":{{"time":"+2001-01-01T00:00:00Z","timezone":0,"before":0,"after":0,"precision":11,"calendarmodel":"http://www.wikidata.org/entity/Q1985727"}},"type":"time"}},"datatype":"time"}}]}},"qualifiers-order":["P580"],"id":"Q{q}${s}","rank":"normal","references":[{{"hash":"fa278ebfc458360e5aed63d5058cca83c46134f1","snaks":{{"P143":[{{"snaktype":"value","property":"P143","datavalue":{{"value":{{"entity-type":"item","numeric-id":328,"id":"Q328"}},"type":"wikibase-entityid"}},"datatype":"wikibase-item"}}]}},"snaks-order":["P143"]}}]}}"#,
                    rng.next()
                ));
            }
            claims.push(format!(r#""P{prop}":[{}]"#, st.join(",")));
        }
        let sitelinks: Vec<String> = LANGS[..12]
            .iter()
            .map(|l| format!(r#""{l}wiki":{{"site":"{l}wiki","title":"{latin}","badges":[]}}"#))
            .collect();
        write!(
            w,
            r#"{{"type":"item","id":"Q{q}","labels":{{{}}},"descriptions":{{{}}},"aliases":{{{}}},"claims":{{{}}},"sitelinks":{{{}}},"lastrevid":{},"modified":"2026-01-01T00:00:00Z"}}"#,
            labels.join(","),
            descs.join(","),
            aliases.join(","),
            claims.join(","),
            sitelinks.join(","),
            1_000_000 + i
        )?;
        writeln!(w, "{}", if i + 1 < n { "," } else { "" })?;
    }
    writeln!(w, "]")?;
    w.flush()
}
