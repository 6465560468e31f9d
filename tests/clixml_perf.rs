//! Manual throughput check: `LSYNC_PERF_FILE=big.xml cargo test --release
//! --test clixml_perf -- --ignored --nocapture`.

use std::time::Instant;

use lightningsync::clixml::{Reader, ReaderOptions};
use lightningsync::opath::{Environment, Filter};
use lightningsync::preview::{PreviewRequest, preview_files};

#[test]
#[ignore = "manual: needs LSYNC_PERF_FILE"]
fn throughput() {
    let Ok(path) = std::env::var("LSYNC_PERF_FILE") else {
        return;
    };
    let size = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;

    let t = Instant::now();
    let bytes = std::fs::read(&path).unwrap();
    let n = memchr::memmem::find_iter(&bytes, b"Sales").count();
    let raw = t.elapsed().as_secs_f64();
    drop(bytes);
    println!(
        "raw read+memmem: {raw:.3}s ({:.0} MB/s), {n} hits",
        size / raw
    );

    for projection in [
        None,
        Some(vec!["Department".to_string(), "Name".to_string()]),
    ] {
        let t = Instant::now();
        let file = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
        let options = ReaderOptions {
            projection: projection.clone(),
            ..ReaderOptions::default()
        };
        let count = Reader::with_options(file, options)
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .len();
        let s = t.elapsed().as_secs_f64();
        println!(
            "reader projection={:?}: {count} objects {s:.3}s ({:.0} MB/s)",
            projection.is_some(),
            size / s
        );
    }

    let t = Instant::now();
    let request = PreviewRequest {
        filter: Filter::compile("Department -eq 'Sales'", Environment::OnPremises),
        paths: vec![path.clone().into()],
        max_matches: usize::MAX,
        parallel: true,
    };
    let r = preview_files(&request).unwrap();
    let s = t.elapsed().as_secs_f64();
    println!(
        "preview: {} of {} in {s:.3}s ({:.0} MB/s)",
        r.summary.matched,
        r.summary.total,
        size / s
    );
}
