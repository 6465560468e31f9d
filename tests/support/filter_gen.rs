//! A deterministic generator of OPATH filters for the property tests and the
//! fuzz harness: every property of the catalog, every operator, tricky values
//! (extreme numbers, DN look-alikes, wildcards, quotes, non-ASCII), nesting
//! and long flat `-and`/`-or` chains (around the limits).

use lightningsync::opath::catalog;

/// A small xorshift generator: the same seed gives the same filters.
pub struct Gen(u64);

impl Gen {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Gen {
        Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next random number.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const VALUES: &[&str] = &[
    "Sales",
    "*",
    "**",
    "***",
    "",
    " ",
    "a*",
    "*a",
    "*a*",
    "x",
    "é",
    "€",
    "O'Neil",
    "a\"b",
    "CN=G,DC}x",
    "CN=G,DC=contoso,DC=com",
    "CN=a\\,b,DC=x",
    "contoso.com/Users/G",
    "DC=x",
    "0",
    "-1",
    "1",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999",
    "1.5GB",
    "1.5 GB (1,610,612,736 bytes)",
    "8 EB (9,223,372,036,854,775,808 bytes)",
    "Unlimited",
    "0.5KB",
    "16383.999TB",
    "8/1/2017",
    "8/1/2017 2:00:00 PM",
    "2017-08-01",
    "31/12/2017",
    "1.00:00:00",
    "10675199.02:48:05.4775807",
    "US",
    "United States",
    "usermailbox",
    "UserMailbox",
    "RoomList",
    "AccountDisabled, NormalAccount",
    "True",
    "false",
    "yes",
    "2e7b3c2a-0d3a-4f1c-9a4e-5b6c7d8e9f00",
    "smtp:a@contoso.com",
    "SMTP:A@B.COM",
    "a@contoso.com",
    "x500:/o=x",
    "$name",
    "${x}",
    "(",
    ")",
    "-and",
    "\u{2013}eq",
    "\u{1F600}",
];

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "514",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "1.5",
    "0x10",
    "1e3",
];

const OPERATORS: &[&str] = &[
    "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-like", "-notlike",
];

fn push_value(g: &mut Gen, out: &mut String) {
    match g.below(10) {
        0 => out.push_str(g.pick(&["$null", "$true", "$false", "$NULL"])),
        1 => out.push_str(g.pick(NUMBERS)),
        2..=3 => {
            out.push('"');
            for c in g.pick(VALUES).chars() {
                if c == '"' || c == '`' || c == '$' {
                    out.push('`');
                }
                out.push(c);
            }
            out.push('"');
        }
        _ => {
            out.push('\'');
            out.push_str(&g.pick(VALUES).replace('\'', "''"));
            out.push('\'');
        }
    }
}

fn push_comparison(g: &mut Gen, out: &mut String) {
    let all = catalog::all();
    let p = &all[g.below(all.len())];
    if g.below(4) == 0 {
        out.push_str(&p.name.to_ascii_lowercase());
    } else {
        out.push_str(p.name);
    }
    out.push(' ');
    out.push_str(g.pick(OPERATORS));
    out.push(' ');
    push_value(g, out);
}

fn push_expr(g: &mut Gen, out: &mut String, depth: usize) {
    if depth == 0 || g.below(3) == 0 {
        push_comparison(g, out);
        return;
    }
    match g.below(6) {
        0 => {
            out.push_str(if g.below(2) == 0 { "-not " } else { "-not(" });
            let open = out.ends_with('(');
            push_expr(g, out, depth - 1);
            if open {
                out.push(')');
            }
        }
        1 => {
            out.push('(');
            push_expr(g, out, depth - 1);
            out.push(')');
        }
        _ => {
            let op = if g.below(2) == 0 { " -and " } else { " -or " };
            let n = 2 + g.below(3);
            for i in 0..n {
                if i > 0 {
                    out.push_str(if g.below(4) == 0 {
                        if op == " -and " { " -or " } else { " -and " }
                    } else {
                        op
                    });
                }
                push_expr(g, out, depth - 1);
            }
        }
    }
}

/// A flat chain of `terms` comparisons joined by one operator.
pub fn chain(g: &mut Gen, terms: usize) -> String {
    let op = if g.below(2) == 0 { " -and " } else { " -or " };
    let mut out = String::new();
    for i in 0..terms {
        if i > 0 {
            out.push_str(op);
        }
        out.push_str(&format!("Name -eq 'u{i}'"));
    }
    out
}

/// The filter of case `case`: mostly nested expressions, some chains
/// around the canonical nesting limit (100–103 terms), a few long ones.
pub fn filter(g: &mut Gen, case: u64) -> String {
    match case % 1000 {
        0 => {
            let n = 9_990 + g.below(20);
            chain(g, n)
        }
        1..=20 => {
            let n = 95 + g.below(12);
            chain(g, n)
        }
        21..=40 => {
            let mut out = String::new();
            let n = 20 + g.below(200);
            for i in 0..n {
                if i > 0 {
                    out.push_str(if g.below(8) == 0 { " -and " } else { " -or " });
                }
                push_comparison(g, &mut out);
            }
            out
        }
        _ => {
            let mut out = String::new();
            let depth = 1 + g.below(6);
            push_expr(g, &mut out, depth);
            out
        }
    }
}
