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

/// Full materialisation of the UTF-8 Get-User export.
#[divan::bench]
fn read_users_utf8(bencher: divan::Bencher) {
    let bytes = std::fs::read(sample("users.xml")).unwrap();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            Reader::new(&bytes[..])
                .collect::<Result<Vec<_>, _>>()
                .unwrap()
                .len()
        });
}

/// Full materialisation of the UTF-16 Get-Mailbox export.
#[divan::bench]
fn read_mailboxes_utf16(bencher: divan::Bencher) {
    let bytes = std::fs::read(sample("mailboxes.xml")).unwrap();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            Reader::new(&bytes[..])
                .collect::<Result<Vec<_>, _>>()
                .unwrap()
                .len()
        });
}

/// Projection to the properties a Department filter needs.
#[divan::bench]
fn read_users_projected(bencher: divan::Bencher) {
    let bytes = std::fs::read(sample("users.xml")).unwrap();
    let options = ReaderOptions {
        projection: Some(vec!["Department".into(), "Name".into()]),
        ..ReaderOptions::default()
    };
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            Reader::with_options(&bytes[..], options.clone())
                .collect::<Result<Vec<_>, _>>()
                .unwrap()
                .len()
        });
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
