//! A short deterministic fuzz pass in every test run: the harness of every
//! export family (`fuzz/harness.rs`, the same one the libFuzzer targets of
//! `build.ps1 -Task Fuzz` run) over seeds taken from the test fixtures and
//! generated filters, and over mutations of them.
//!
//! `LSYNC_FUZZ_CASES=<n>` sets the mutations per family (default 2,000);
//! `LSYNC_FUZZ_SEED_DIR=<dir>` also writes the seeds to `<dir>/<family>/`,
//! the corpora the libFuzzer targets start from.

#[path = "support/filter_gen.rs"]
mod filter_gen;
#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The first `max` bytes of a fixture file.
fn fixture(path: &str, max: usize) -> Vec<u8> {
    let mut bytes = std::fs::read(root().join(path)).unwrap_or_default();
    bytes.truncate(max);
    bytes
}

/// Joins the parts of one input as the harness splits them.
fn input(flags: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut out = vec![flags];
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push(0xFF);
        }
        out.extend_from_slice(p);
    }
    out
}

fn seeds(family: &str) -> Vec<Vec<u8>> {
    let records = br#"[{"Name":"u1","Department":"Sales","RecipientTypeDetails":"UserMailbox"},{"Name":"u2"},{}]"#;
    let users = fixture("examples/sample-org/users.xml", 48 * 1024);
    let mailboxes = fixture("examples/sample-org/mailboxes.xml", 48 * 1024);
    let csv = b"#TYPE Deserialized.Microsoft.Exchange.Data.Directory.Management.User\n\"Name\",\"Department\"\n\"u1\",\"Sales\"\n".to_vec();
    let mut g = filter_gen::Gen::new(18);
    let filters: Vec<String> = (0..40)
        .map(|case| filter_gen::filter(&mut g, case + 1))
        .collect();
    let desired = br#"{"account":"svc@contoso.com","filter":"Department -eq 'Sales'","exchangeVersion":"2019"}"#;
    match family {
        "filter" => filters
            .iter()
            .enumerate()
            .map(|(i, f)| input(i as u8 & 1, &[f.as_bytes(), records]))
            .collect(),
        "preview" => vec![
            input(2, &[b"Department -eq 'Sales'", records, &users]),
            input(3, &[b"Name -like 'a*'", records, &mailboxes]),
            input(2, &[b"Name -eq 'u1'", b"[]", &csv]),
            input(2, &[filters[0].as_bytes(), records, &csv]),
        ],
        "import" => vec![
            input(15, &[&users]),
            input(0, &[&mailboxes]),
            input(3, &[&csv]),
        ],
        "plan" => vec![
            input(0, &[b"", desired]),
            input(0, &[b"", br#"{"account":"svc","filter":"Department -eq"}"#]),
            input(0, &[b"<Objs", desired]),
        ],
        "ews" => [
            "mailboxes.xml",
            "users.xml",
            "fault.xml",
            "malformed.xml",
            "message-error.xml",
            "login-page.html",
        ]
        .iter()
        .map(|f| {
            let body = fixture(&format!("tests/ews/responses/{f}"), 32 * 1024);
            input(
                0,
                &[&body, b"ErrorImpersonateUserDenied", b"Exchange2013_SP1"],
            )
        })
        .chain([input(
            1,
            &[b"a@contoso.com", b"PrimarySmtpAddress", b"Exchange2013_SP1"],
        )])
        .collect(),
        _ => unreachable!(),
    }
}

/// A mutation of `seed`: flips, inserts, deletes, duplicates or cuts.
fn mutate(g: &mut filter_gen::Gen, seed: &[u8]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..1 + g.below(4) {
        let at = if out.is_empty() {
            0
        } else {
            g.below(out.len())
        };
        match g.below(6) {
            0 if !out.is_empty() => out[at] ^= 1 << g.below(8),
            1 => {
                let bytes = [
                    b'(', b')', b'\'', b'"', b'-', b'*', b'<', b'>', 0xFF, 0xC3, 0xA9, b'$', b'`',
                ];
                out.insert(at, bytes[g.below(bytes.len())]);
            }
            2 if !out.is_empty() => {
                let end = (at + 1 + g.below(16)).min(out.len());
                out.drain(at..end);
            }
            3 if !out.is_empty() => {
                let end = (at + 1 + g.below(64)).min(out.len());
                let piece = out[at..end].to_vec();
                for _ in 0..1 + g.below(8) {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            4 => out.truncate(at),
            _ => {}
        }
    }
    out
}

fn cases() -> usize {
    std::env::var("LSYNC_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000)
}

#[test]
fn every_export_family_survives_seeds_and_mutations() {
    let seed_dir = std::env::var_os("LSYNC_FUZZ_SEED_DIR");
    for (family, run) in harness::FAMILIES {
        let seeds = seeds(family);
        if let Some(dir) = &seed_dir {
            let dir = Path::new(dir).join(family);
            std::fs::create_dir_all(&dir).unwrap();
            for (i, s) in seeds.iter().enumerate() {
                std::fs::write(dir.join(format!("seed-{i}")), s).unwrap();
            }
        }
        for s in &seeds {
            run(s);
        }
        let mut g = filter_gen::Gen::new(0x18);
        // Files cost a write and a thread: fewer mutations for those families.
        let count = match *family {
            "preview" | "import" => cases() / 4,
            _ => cases(),
        };
        for _ in 0..count {
            let seed = &seeds[g.below(seeds.len())];
            run(&mutate(&mut g, seed));
        }
        println!("{family}: {} seeds, {count} mutations", seeds.len());
    }
}
