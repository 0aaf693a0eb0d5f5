//! Load benchmark: the GitHub (13 MB JSON) and Stripe (4.2 MB YAML) descriptions into the
//! spanned tree, the document set and the model, next to `serde_json::from_str` of the same
//! JSON measured in the same run. Run with `cargo bench --bench load`; prints best-of-N times.
//!
//! Not a test: timings are reported, never asserted.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gardefou_document::{DocumentSet, LoadOptions};

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f());
        best = best.min(t.elapsed());
    }
    best
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn corpus() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/docs");
    p.is_dir().then_some(p)
}

fn load_model(path: &Path) -> usize {
    let set = DocumentSet::load(path, &LoadOptions::default()).expect("load");
    let api = gardefou_model::build(&set).expect("model");
    api.operations.len()
}

fn main() {
    let Some(corpus) = corpus() else {
        eprintln!("load benchmark skipped: ../shared/corpus is not present");
        return;
    };
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let github = corpus.join("github/api.github.com.json");
    let stripe = corpus.join("stripe/spec3.yaml");

    let text = std::fs::read_to_string(&github).expect("read github");
    let baseline = best_of(runs, || {
        serde_json::from_str::<serde_json::Value>(&text).expect("json")
    });
    let tree = best_of(runs, || {
        gardefou_source::parse(
            &text,
            gardefou_source::Syntax::Json,
            &gardefou_source::Limits::default(),
        )
    });
    let full = best_of(runs, || load_model(&github));
    println!(
        "GitHub api.github.com.json ({:.1} MB), best of {runs}:",
        text.len() as f64 / 1e6
    );
    println!(
        "  serde_json::from_str::<Value> (baseline)    {:8.1} ms",
        ms(baseline)
    );
    println!(
        "  spanned tree only                           {:8.1} ms  ({:.2}x baseline)",
        ms(tree),
        ms(tree) / ms(baseline)
    );
    println!(
        "  read + tree + document set + model          {:8.1} ms  ({:.2}x baseline; bar: 3x)",
        ms(full),
        ms(full) / ms(baseline)
    );

    let ytext = std::fs::read_to_string(&stripe).expect("read stripe");
    let ytree = best_of(runs, || {
        gardefou_source::parse(
            &ytext,
            gardefou_source::Syntax::Yaml,
            &gardefou_source::Limits::default(),
        )
    });
    let yfull = best_of(runs, || load_model(&stripe));
    println!(
        "Stripe spec3.yaml ({:.1} MB), best of {runs}:",
        ytext.len() as f64 / 1e6
    );
    println!(
        "  spanned tree only                           {:8.1} ms",
        ms(ytree)
    );
    println!(
        "  read + tree + document set + model          {:8.1} ms",
        ms(yfull)
    );
    println!(
        "  operations in model: GitHub {}, Stripe {}",
        load_model(&github),
        load_model(&stripe)
    );
}
