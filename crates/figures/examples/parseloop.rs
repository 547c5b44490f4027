//! Runs the parser ten times over the seeds repeated to 4 MB, or with
//! `dense` over a figure-dense text, and prints MB/s (for profiling).
use khabar_figures::FigureParser;
use khabar_normalize::{Normalizer, Profile};

const DENSE: &str = "أرسلت ما بين 25 ألفًا و30 ألف جندي. قتل نحو 4000 جندي و13 صاروخًا. \
ارتفعت الأسعار 40% في عام 2024. أطلقت ثلاثة صواريخ و48 طائرة. \
بلغت الميزانية مليار و200 مليون دولار. سقط عشرات القتلى وآلاف الجرحى. \
تسيير ما يصل إلى رحلتين أسبوعيا من 11 إلى 13 يوليو. اعترض صاروخ واحد.\n";

fn main() {
    let one = if std::env::args().any(|a| a == "dense") {
        DENSE.to_string()
    } else {
        let mut one = String::new();
        for e in std::fs::read_dir("seeds").into_iter().flatten().flatten() {
            one.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
        }
        one
    };
    let text = one.repeat((4 << 20) / one.len().max(1) + 1);
    let n = Normalizer::new(Profile::Search).normalize(&text);
    let p = FigureParser::new();
    if std::env::args().any(|a| a == "scan") {
        for fast in [false, true, false, true] {
            let t = std::time::Instant::now();
            let mut c = 0;
            for _ in 0..20 {
                c += p.count_candidates_with(&n, fast);
            }
            let dt = t.elapsed().as_secs_f64();
            println!(
                "scan fast={fast}: {c} candidates, {:.0} MB/s",
                20.0 * n.len() as f64 / 1e6 / dt
            );
        }
        return;
    }
    let mut total = 0;
    let t = std::time::Instant::now();
    for _ in 0..10 {
        total += p.parse(&n).len();
    }
    let dt = t.elapsed().as_secs_f64();
    println!(
        "{total} figures, {} candidates per pass, {:.0} MB/s",
        p.count_candidates(&n),
        10.0 * n.len() as f64 / 1e6 / dt
    );
}
