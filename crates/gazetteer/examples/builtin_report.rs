//! Prints what the built-in gazetteer keeps and drops (collisions between
//! its files, variants dropped), and its build time.
//!
//! `cargo run --release -p khabar-gazetteer --example builtin_report`
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = std::time::Instant::now();
    let g = khabar_gazetteer::builtin().build()?;
    let built = t.elapsed();
    println!("built in {built:?}: {:?}", g.stats());
    print!("{}", khabar_gazetteer::builtin().report());
    Ok(())
}
