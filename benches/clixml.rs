//! Benchmarks of the streaming CLIXML reader and the scope preview over the
//! bundled sample org (`cargo bench --bench clixml`).

use std::path::PathBuf;

use lightningsync::clixml::{Reader, ReaderOptions};
use lightningsync::opath::{Environment, Filter};
use lightningsync::preview::{PreviewRequest, preview_files};

fn main() {
    divan::main();
}

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/sample-org")
        .join(name)
}

/// Benchmarks reading every value of a sample export with `options`.
fn bench_read(bencher: divan::Bencher, file: &str, options: ReaderOptions) {
    let bytes = std::fs::read(sample(file)).unwrap();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            Reader::with_options(&bytes[..], options.clone())
                .collect::<Result<Vec<_>, _>>()
                .unwrap()
                .len()
        });
}

/// Full materialisation of the UTF-8 Get-User export.
#[divan::bench]
fn read_users_utf8(bencher: divan::Bencher) {
    bench_read(bencher, "users.xml", ReaderOptions::default());
}

/// Full materialisation of the UTF-16 Get-Mailbox export.
#[divan::bench]
fn read_mailboxes_utf16(bencher: divan::Bencher) {
    bench_read(bencher, "mailboxes.xml", ReaderOptions::default());
}

/// Projection to the properties a Department filter needs.
#[divan::bench]
fn read_users_projected(bencher: divan::Bencher) {
    let options = ReaderOptions {
        projection: Some(vec!["Department".into(), "Name".into()]),
        ..ReaderOptions::default()
    };
    bench_read(bencher, "users.xml", options);
}

/// The raw lower bound: one memchr pass over the same bytes.
#[divan::bench]
fn memchr_pass_users(bencher: divan::Bencher) {
    let bytes = std::fs::read(sample("users.xml")).unwrap();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| memchr::memmem::find_iter(&bytes, b"Sales").count());
}

/// Preview of both exports, merged.
#[divan::bench]
fn preview_sample_org() -> u64 {
    let request = PreviewRequest {
        filter: Filter::compile(
            "Department -eq 'Sales' -and CustomAttribute1 -eq 'SyncEnabled'",
            Environment::OnPremises,
        ),
        paths: vec![sample("users.xml"), sample("mailboxes.xml")],
        max_matches: usize::MAX,
        parallel: true,
    };
    preview_files(&request).unwrap().summary.matched
}
