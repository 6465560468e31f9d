//! Helper for `tests/bench/ScopePreview.Bench.ps1`.
//!
//! `bench_tool memchr <file>`: one raw pass over the file (read in 1 MiB
//! blocks, memchr count of `<`), the lower bound a parser is compared with.
//! `bench_tool preview <file> <filter>`: the scope-preview engine alone (for
//! its peak memory); `preview-sequential` without the parallel parse. Both print one line of `key=value` pairs.

use std::io::Read;
use std::time::Instant;

use lightningsync::opath::{Environment, Filter};
use lightningsync::preview::{PreviewRequest, preview_files};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("memchr") if args.len() == 3 => {
            let start = Instant::now();
            let mut file = std::fs::File::open(&args[2]).expect("open the file");
            let mut buf = vec![0u8; 1 << 20];
            let (mut bytes, mut count) = (0u64, 0u64);
            loop {
                let n = file.read(&mut buf).expect("read the file");
                if n == 0 {
                    break;
                }
                bytes += n as u64;
                count += memchr::memchr_iter(b'<', &buf[..n]).count() as u64;
            }
            let s = start.elapsed().as_secs_f64();
            println!("bytes={bytes} seconds={s:.6} count={count}");
        }
        Some(mode @ ("preview" | "preview-sequential")) if args.len() == 4 => {
            let start = Instant::now();
            let filter = Filter::compile(&args[3], Environment::OnPremises);
            let mut request = PreviewRequest::new(filter, vec![args[2].clone().into()]);
            request.parallel = mode == "preview";
            // Counts only (like -Summary): memory must not grow with matches.
            request.max_matches = 1;
            let result = preview_files(&request).expect("preview the file");
            let s = start.elapsed().as_secs_f64();
            println!(
                "total={} matched={} seconds={s:.6}",
                result.summary.total, result.summary.matched
            );
        }
        Some("preview-json") if args.len() == 4 => {
            // Every match kept and handed over as the C ABI's JSON.
            let start = Instant::now();
            let filter = Filter::compile(&args[3], Environment::OnPremises);
            let request = PreviewRequest::new(filter, vec![args[2].clone().into()]);
            let result = preview_files(&request).expect("preview the file");
            let run = start.elapsed().as_secs_f64();
            let json = serde_json::to_string(&result).expect("serialize the result");
            let s = start.elapsed().as_secs_f64();
            println!(
                "matched={} json_bytes={} run_seconds={run:.6} seconds={s:.6}",
                result.summary.matched,
                json.len()
            );
        }
        _ => {
            eprintln!("usage: bench_tool memchr <file> | bench_tool preview <file> <filter>");
            std::process::exit(2);
        }
    }
}
