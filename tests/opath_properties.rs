//! Property tests of the OPATH engine: random and mutated input never
//! panics; the canonical form is a fixed point and re-parses to the same
//! tree; the evaluator agrees with a small reference evaluator.
//!
//! About 100k cases in the normal run; `LSYNC_FUZZ_CASES=<n>` sets the case
//! count of each property instead.

use lightningsync::opath::{Environment, Evaluation, Filter, Record};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cases(default: u32) -> u32 {
    std::env::var("LSYNC_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runner(default: u32) -> TestRunner {
    TestRunner::new(Config {
        cases: cases(default),
        failure_persistence: None,
        ..Config::default()
    })
}

/// Compiles `text` in both environments and checks the invariants every
/// result must hold.
fn check_invariants(text: &str) {
    let limit = text.encode_utf16().count() + 1;
    for env in [Environment::OnPremises, Environment::ExchangeOnline] {
        let f = Filter::compile(text, env);
        let d = f.diagnostics();
        let first_warning = d.iter().position(|x| !x.is_error()).unwrap_or(d.len());
        assert!(
            d[first_warning..].iter().all(|x| !x.is_error()),
            "errors first: {text:?}"
        );
        assert_eq!(f.is_valid(), f.canonical().is_some(), "{text:?}");
        assert!(
            d.iter().filter(|x| x.is_error()).count() <= 1,
            "first error stops: {text:?}"
        );
        for x in d {
            if let Some(p) = x.position {
                assert!(
                    p >= 1 && p <= limit,
                    "position {p} out of range in {text:?}"
                );
            }
        }
        let _ = f.evaluate(&Record::new());
    }
}

#[test]
fn random_input_never_panics() {
    let alphabet = "[ a-zA-Z0-9'\"()$*{}\\-\u{2013}\u{2018}\u{2019}=!<>|&`.,_:@/\t\u{1F600}]{0,48}";
    runner(30_000)
        .run(&alphabet, |text| {
            check_invariants(&text);
            Ok(())
        })
        .unwrap();
}

const SEEDS: &[&str] = &[
    "Department -eq 'Sales'",
    "Title -like 'VP*' -and Company -ne $null",
    "-not (Company -like 'Colony*') -or (RecipientTypeDetails -eq 'UserMailbox')",
    "MemberOfGroup -eq 'CN=Sales,OU=Groups,DC=contoso,DC=com'",
    "ProhibitSendQuota -lt '1.5GB' -and WhenCreated -gt '8/1/2017'",
    "EmailAddresses -like 'smtp:*@contoso.com' -and UserAccountControl -eq 514",
    "CustomAttribute1 -eq \"a`\"b\" -or ExchangeGuid -eq '2e7b3c2a-0d3a-4f1c-9a4e-5b6c7d8e9f00'",
];

#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
    Replace(usize, char),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let ch = prop::sample::select(vec![
        ' ', '\'', '"', '(', ')', '-', '$', '*', 'a', 'e', 'q', '`', '{', '\u{2013}', '0', '=',
    ]);
    prop_oneof![
        (any::<usize>(), ch.clone()).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), ch).prop_map(|(i, c)| Edit::Replace(i, c)),
    ]
}

#[test]
fn mutated_filters_never_panic() {
    let strategy = (
        prop::sample::select(SEEDS.to_vec()),
        prop::collection::vec(edit_strategy(), 1..5),
    );
    runner(30_000)
        .run(&strategy, |(seed, edits)| {
            let mut chars: Vec<char> = seed.chars().collect();
            for e in edits {
                match e {
                    Edit::Insert(i, c) => {
                        let i = i % (chars.len() + 1);
                        chars.insert(i, c);
                    }
                    Edit::Delete(i) if !chars.is_empty() => {
                        let i = i % chars.len();
                        chars.remove(i);
                    }
                    Edit::Replace(i, c) if !chars.is_empty() => {
                        let i = i % chars.len();
                        chars[i] = c;
                    }
                    _ => {}
                }
            }
            let text: String = chars.into_iter().collect();
            check_invariants(&text);
            Ok(())
        })
        .unwrap();
}

// ---- generated valid filters -------------------------------------------

const SINGLE: &[&str] = &["Department", "Title", "City"];
const MULTI: &str = "ExtensionCustomAttribute1";

#[derive(Clone, Debug)]
enum Op {
    Eq,
    Ne,
    Like,
    NotLike,
}

#[derive(Clone, Debug)]
enum Val {
    Text(String),
    Null,
}

#[derive(Clone, Debug)]
enum G {
    Cmp(usize, Op, Val),
    And(Box<G>, Box<G>),
    Or(Box<G>, Box<G>),
    Not(Box<G>),
}

fn prop_name(i: usize) -> &'static str {
    if i < SINGLE.len() { SINGLE[i] } else { MULTI }
}

fn gen_filter() -> impl Strategy<Value = G> {
    let text = prop::collection::vec(
        prop::sample::select(vec!['a', 'b', '*', '\'', ' ', 'A']),
        0..5,
    )
    .prop_map(|c| c.into_iter().collect::<String>());
    let val = prop_oneof![4 => text.prop_map(Val::Text), 1 => Just(Val::Null)];
    let op = prop_oneof![
        Just(Op::Eq),
        Just(Op::Ne),
        Just(Op::Like),
        Just(Op::NotLike)
    ];
    let leaf = (0..4usize, op, val).prop_map(|(p, o, v)| G::Cmp(p, o, v));
    leaf.prop_recursive(4, 16, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| G::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| G::Or(Box::new(a), Box::new(b))),
            inner.prop_map(|a| G::Not(Box::new(a))),
        ]
    })
}

/// Prints with full parentheses, random-ish letter case and quote style
/// chosen from the text itself.
fn print(g: &G, out: &mut String, salt: &mut u32) {
    *salt = salt.wrapping_mul(1_103_515_245).wrapping_add(12345);
    let flip = *salt >> 16 & 1 == 1;
    match g {
        G::Cmp(p, op, v) => {
            let name = prop_name(*p);
            out.push_str(&if flip {
                name.to_ascii_lowercase()
            } else {
                name.to_owned()
            });
            out.push_str(match op {
                Op::Eq => " -eq ",
                Op::Ne => " -NE ",
                Op::Like => " -like ",
                Op::NotLike => " -notLike ",
            });
            match v {
                Val::Null => out.push_str(if flip { "$NULL" } else { "$null" }),
                Val::Text(t) if flip => {
                    out.push('"');
                    for c in t.chars() {
                        match c {
                            '"' | '\'' => {
                                out.push('`');
                                out.push(c);
                            }
                            c => out.push(c),
                        }
                    }
                    out.push('"');
                }
                Val::Text(t) => {
                    out.push('\'');
                    out.push_str(&t.replace('\'', "''"));
                    out.push('\'');
                }
            }
        }
        G::And(a, b) | G::Or(a, b) => {
            out.push('(');
            print(a, out, salt);
            out.push_str(if matches!(g, G::And(..)) {
                ") -and ("
            } else {
                ")-or("
            });
            print(b, out, salt);
            out.push(')');
        }
        G::Not(a) => {
            out.push_str("-not (");
            print(a, out, salt);
            out.push(')');
        }
    }
}

fn text_of(g: &G) -> String {
    let mut out = String::new();
    let mut salt = 7;
    print(g, &mut out, &mut salt);
    out
}

#[test]
fn canonical_form_is_a_fixed_point_and_reparses_to_the_same_tree() {
    runner(20_000)
        .run(&gen_filter(), |g| {
            let text = text_of(&g);
            let f = Filter::compile(&text, Environment::OnPremises);
            prop_assert!(f.is_valid(), "{text}: {:?}", f.diagnostics());
            let c1 = f.canonical().unwrap().to_owned();
            let f1 = Filter::compile(&c1, Environment::OnPremises);
            prop_assert!(f1.is_valid(), "{c1}");
            let c2 = f1.canonical().unwrap().to_owned();
            let c3 = Filter::compile(&c2, Environment::OnPremises)
                .canonical()
                .unwrap()
                .to_owned();
            prop_assert_eq!(&c3, &c2, "canonical of canonical must be stable");
            // Every tree survives, '-eq '*'' included (it prints as itself).
            prop_assert_eq!(&c2, &c1);
            prop_assert_eq!(f1.tree(), f.tree());
            Ok(())
        })
        .unwrap();
}

// ---- reference evaluator -------------------------------------------------

fn values(record: &[Vec<String>], p: usize) -> Vec<&str> {
    record[p]
        .iter()
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .collect()
}

fn like(value: &str, pattern: &str) -> bool {
    let v = value.to_lowercase();
    let mut p = pattern.to_lowercase();
    let leading = p.starts_with('*');
    if leading {
        p.remove(0);
    }
    let trailing = p.ends_with('*');
    if trailing {
        p.pop();
    }
    match (leading, trailing) {
        (false, false) => v == p,
        (false, true) => v.starts_with(&p),
        (true, false) => v.ends_with(&p),
        (true, true) => v.contains(&p),
    }
}

fn reference(g: &G, record: &[Vec<String>]) -> bool {
    match g {
        G::And(a, b) => reference(a, record) && reference(b, record),
        G::Or(a, b) => reference(a, record) || reference(b, record),
        G::Not(a) => !reference(a, record),
        G::Cmp(p, op, v) => {
            let vals = values(record, *p);
            let exists = !vals.is_empty();
            match (op, v) {
                (Op::Eq, Val::Null) => !exists,
                (_, Val::Null) => exists,
                (Op::Like, Val::Text(t)) if t == "*" || t == "**" => exists,
                (Op::NotLike, Val::Text(t)) if t == "*" || t == "**" => !vals.contains(&"*"),
                (Op::Ne, Val::Text(t)) if t == "*" || t == "**" => !exists,
                (Op::Eq, Val::Text(t)) => vals.iter().any(|x| x.to_lowercase() == t.to_lowercase()),
                (Op::Ne, Val::Text(t)) => {
                    !exists || vals.iter().any(|x| x.to_lowercase() != t.to_lowercase())
                }
                (Op::Like, Val::Text(t)) => {
                    if exists {
                        vals.iter().any(|x| like(x, t))
                    } else {
                        t.is_empty()
                    }
                }
                (Op::NotLike, Val::Text(t)) => {
                    !(if exists {
                        vals.iter().any(|x| like(x, t))
                    } else {
                        t.is_empty()
                    })
                }
            }
        }
    }
}

fn gen_record() -> impl Strategy<Value = Vec<Vec<String>>> {
    let value = prop::sample::select(vec!["a", "b", "ab", "A", "*", "", "a*", "b a", "'"])
        .prop_map(str::to_owned);
    (
        prop::collection::vec(value.clone(), 0..2),
        prop::collection::vec(value.clone(), 0..2),
        prop::collection::vec(value.clone(), 0..2),
        prop::collection::vec(value, 0..4),
    )
        .prop_map(|(a, b, c, d)| vec![a, b, c, d])
}

#[test]
fn evaluator_agrees_with_the_reference_evaluator() {
    runner(20_000)
        .run(&(gen_filter(), gen_record()), |(g, rec)| {
            let text = text_of(&g);
            let f = Filter::compile(&text, Environment::OnPremises);
            prop_assert!(f.is_valid(), "{text}");
            let mut record = Record::new();
            for (i, vals) in rec.iter().enumerate() {
                record.set_many(prop_name(i), vals.clone());
            }
            let want = if reference(&g, &rec) {
                Evaluation::Match
            } else {
                Evaluation::NoMatch
            };
            prop_assert_eq!(f.evaluate(&record), want, "{} on {:?}", text, rec);
            Ok(())
        })
        .unwrap();
}
