//! The canonical form is a fixed point and reads back to the same tree, for
//! every filter the parser accepts, over generated filters (every property,
//! every operator, extreme numbers, DN look-alikes, wildcards, long chains),
//! in both environments.
//!
//! 100,000 filters in every run (`cargo test --release` in `build.ps1 -Task
//! Test`); `LSYNC_FUZZ_CASES=<n>` sets another count (`build.ps1 -Task Fuzz`).

#[path = "support/filter_gen.rs"]
mod filter_gen;

use lightningsync::opath::{Environment, Filter};

fn cases() -> u64 {
    std::env::var("LSYNC_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// The failure for `text` in `env`, if the canonical form is not a fixed
/// point or does not read back to the same tree.
fn fixed_point_failure(text: &str, env: Environment) -> Option<String> {
    let f = Filter::compile(text, env);
    let c1 = f.canonical()?.to_owned();
    let f1 = Filter::compile(&c1, env);
    let Some(c2) = f1.canonical() else {
        return Some(format!(
            "canonical text does not compile again: {:?}",
            f1.diagnostics().first()
        ));
    };
    if c2 != c1 {
        return Some(format!("second pass changed the text to {c2:.300}"));
    }
    if f1.tree() != f.tree() {
        return Some("the canonical text compiles to another tree".to_owned());
    }
    None
}

#[test]
fn canonical_text_is_a_fixed_point_over_generated_filters() {
    let count = cases();
    let mut valid = 0u64;
    let mut failures = Vec::new();
    for case in 0..count {
        let mut g = filter_gen::Gen::new(case);
        let text = filter_gen::filter(&mut g, case);
        for env in [Environment::OnPremises, Environment::ExchangeOnline] {
            if Filter::compile(&text, env).is_valid() {
                valid += 1;
            }
            if let Some(why) = fixed_point_failure(&text, env) {
                failures.push(format!("case {case} {env:?} {text:.300}: {why}"));
            }
        }
        assert!(failures.len() < 20, "{failures:#?}");
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // The generator must keep producing filters the parser accepts.
    assert!(
        valid * 10 > count,
        "only {valid} of {count} filters were valid"
    );
    println!("{count} filters, {valid} valid compilations: canonical form is a fixed point");
}

#[test]
fn the_filters_of_the_issue_are_fixed_points_and_keep_their_values() {
    let cases = [
        (
            "MemberOfGroup -eq 'CN=G,DC}x'",
            Environment::ExchangeOnline,
            "MemberOfGroup -eq 'CN=G,DC}x'",
        ),
        (
            "Manager -eq 'x'",
            Environment::ExchangeOnline,
            "Manager -eq 'x'",
        ),
        ("Name -eq '*'", Environment::OnPremises, "Name -eq '*'"),
        (
            "Name -notlike '*'",
            Environment::OnPremises,
            "-not(Name -eq '*')",
        ),
    ];
    for (text, env, expected) in cases {
        let f = Filter::compile(text, env);
        assert_eq!(f.canonical(), Some(expected), "{text}");
        assert_eq!(fixed_point_failure(text, env), None, "{text}");
    }
    let f = Filter::compile(
        "ProhibitSendQuota -lt 9223372036854775808",
        Environment::OnPremises,
    );
    assert!(f.is_valid(), "{:?}", f.diagnostics());
    assert_eq!(
        fixed_point_failure(
            "ProhibitSendQuota -lt 9223372036854775808",
            Environment::OnPremises
        ),
        None
    );
    for terms in [101, 102, 150] {
        let text = vec!["Name -eq 'a'"; terms].join(" -or ");
        assert_eq!(
            fixed_point_failure(&text, Environment::OnPremises),
            None,
            "{terms} terms"
        );
    }
}
