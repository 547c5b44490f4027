//! Prints the entities of each line of standard input (or of the files
//! given): `cargo run -p khabar-names --example names < text.txt`.
use std::io::{BufRead, Read};

use khabar_names::Names;
use khabar_normalize::{Normalizer, Profile};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gazetteer = khabar_gazetteer::builtin().build()?;
    let names = Names::builder().build()?;
    let normalizer = Normalizer::new(Profile::Search);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut docs = Vec::new();
    if args.is_empty() {
        for line in std::io::stdin().lock().lines() {
            docs.push(line?);
        }
    } else {
        for a in args {
            let mut s = String::new();
            std::fs::File::open(a)?.read_to_string(&mut s)?;
            docs.push(s);
        }
    }
    for text in docs {
        let norm = normalizer.normalize(&text);
        let matches: Vec<_> = gazetteer.find_iter(&norm).collect();
        println!("# {}", text.chars().take(200).collect::<String>());
        for e in names.apply(&text, &norm, &matches) {
            println!(
                "  {:<4} {:<11} {:<22} {} [{}]",
                e.kind,
                e.how.as_str(),
                e.id.unwrap_or("-"),
                e.name,
                &text[e.start..e.end]
            );
        }
    }
    Ok(())
}
