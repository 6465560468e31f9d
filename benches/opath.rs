//! OPATH engine throughput: filters compiled per second and records
//! evaluated per second (`cargo bench --bench opath`).

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use lightningsync::opath::{Environment, Filter, Record};

fn main() {
    divan::main();
}

const FILTERS: &[&str] = &[
    "Department -eq 'Sales'",
    "Title -like 'VP*' -and Company -ne $null",
    "(RecipientTypeDetails -eq 'UserMailbox') -and (CustomAttribute1 -eq 'EWS') -and -not(Office -like '*Lab*')",
    "MemberOfGroup -eq 'CN=Sync Users,OU=Groups,DC=contoso,DC=com' -or ProhibitSendQuota -lt '1.5GB'",
    "Departmnet -eq 'Sales'",
];

/// Compiles a mix of five filters (one with an unknown property).
#[divan::bench]
fn compile_filters(bencher: Bencher) {
    bencher.counter(ItemsCount::new(FILTERS.len())).bench(|| {
        for text in FILTERS {
            black_box(Filter::compile(black_box(text), Environment::OnPremises));
        }
    });
}

fn records(n: usize) -> Vec<Record> {
    (0..n)
        .map(|i| {
            let mut r = Record::new();
            r.set("Department", if i % 3 == 0 { "Sales" } else { "Ops" })
                .set(
                    "RecipientTypeDetails",
                    if i % 5 == 0 {
                        "SharedMailbox"
                    } else {
                        "UserMailbox"
                    },
                )
                .set("CustomAttribute1", if i % 2 == 0 { "EWS" } else { "" })
                .set("Office", format!("Building {i}"))
                .set("Title", "Engineer")
                .set_many(
                    "EmailAddresses",
                    [
                        format!("SMTP:user{i}@contoso.com"),
                        format!("smtp:u{i}@contoso.com"),
                    ],
                );
            r
        })
        .collect()
}

/// Evaluates a three-condition scope filter against 1000 recipients.
#[divan::bench]
fn evaluate_records(bencher: Bencher) {
    let filter = Filter::compile(FILTERS[2], Environment::OnPremises);
    let records = records(1000);
    bencher.counter(ItemsCount::new(records.len())).bench(|| {
        let mut matched = 0usize;
        for r in &records {
            if filter.evaluate(black_box(r)) == lightningsync::opath::Evaluation::Match {
                matched += 1;
            }
        }
        black_box(matched)
    });
}
