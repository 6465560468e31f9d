//! Helper for `tests/bench/ScopePreview.Bench.ps1`.
//!
//! `bench_tool memchr <file>`: one raw pass over the file (read in 1 MiB
//! blocks, memchr count of `<`), the lower bound a parser is compared with.
//! `bench_tool preview <file> <filter>`: the scope-preview engine alone (for
//! its peak memory); `preview-sequential` without the parallel parse.
//! `bench_tool shallow <file>`: the shallow object read alone, on one thread.
//! `bench_tool import <file>`: Import-LightningSyncRecipient's native half
//! (every record as typed JSON, 16 per call, parsed ahead on a thread).
//! Each prints one line of `key=value` pairs.

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
        Some("shallow") if args.len() == 3 => {
            // The shallow object read alone, one thread, over the objects
            // of a UTF-8 export (wanted: the preview's identity properties
            // and Department).
            let bytes = std::fs::read(&args[2]).expect("read the file");
            let start = memchr::memmem::find(&bytes, b"<Obj ").expect("an object");
            let end = memchr::memmem::rfind(&bytes, b"</Objs>").unwrap_or(bytes.len());
            let wanted: Vec<String> = [
                "Department",
                "Name",
                "PrimarySmtpAddress",
                "UserPrincipalName",
                "RecipientTypeDetails",
                "DistinguishedName",
            ]
            .map(String::from)
            .to_vec();
            let timer = Instant::now();
            let (mut objects, mut others) = (0u64, 0u64);
            let mut from = start;
            let mut defs: Vec<(String, Vec<String>)> = Vec::new();
            while from < end {
                let cut = (from + (256 << 10)).min(end);
                let cut = match memchr::memmem::find(&bytes[cut..end], b"\n  <Obj ") {
                    Some(i) => cut + i + 1,
                    None => end,
                };
                let mut scan =
                    lightningsync::clixml::ShallowObjects::new(&bytes[from..cut], &wanted, &defs)
                        .expect("UTF-8");
                for item in scan.by_ref() {
                    match item {
                        Ok(lightningsync::clixml::ShallowItem::Object(_)) => objects += 1,
                        _ => others += 1,
                    }
                }
                defs = scan.definitions().to_vec();
                from = cut;
            }
            let s = timer.elapsed().as_secs_f64();
            println!("objects={objects} others={others} seconds={s:.6}");
        }
        Some("import") if args.len() == 3 => {
            // Import-LightningSyncRecipient's native half as the module
            // drives it: the reader parsing ahead on its thread, every record
            // handed over as typed JSON, 16 records per call.
            let start = Instant::now();
            let file = std::fs::File::open(&args[2]).expect("open the file");
            let reader =
                lightningsync::recipient::ImportReader::open(file).expect("open the export");
            let mut reader = lightningsync::recipient::PrefetchedImport::start(reader)
                .expect("start the reader");
            let (mut batches, mut bytes) = (0u64, 0u64);
            loop {
                let json = reader.next_batch(16, 8 << 20).expect("read a batch");
                if json == "[]" {
                    break;
                }
                batches += 1;
                bytes += json.len() as u64;
            }
            let s = start.elapsed().as_secs_f64();
            println!("batches={batches} json_bytes={bytes} seconds={s:.6}");
        }
        _ => {
            eprintln!("usage: bench_tool memchr <file> | bench_tool preview <file> <filter>");
            std::process::exit(2);
        }
    }
}
