//! The sections of the page, top to bottom: verdict, accounts (assignments →
//! scope → filter → coverage, chart, sample), findings, pending plan, probes,
//! inputs.

use super::meaning;
use super::model::{AccountView, ReportOptions, TypeBar};
use super::style::STYLE;
use super::writer::{Html, group};
use crate::audit::{Audit, Coverage, Reach, environment};
use crate::opath::Filter;
use crate::orgstate::OrgState;
use crate::plan::{Finding, Plan, Severity};

/// The Content-Security-Policy: nothing may load, run or submit; only the
/// inline style sheet applies.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "sev-critical",
        Severity::High => "sev-high",
        Severity::Medium => "sev-medium",
        Severity::Low => "sev-low",
        Severity::Info => "sev-info",
    }
}

fn sev_name(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

fn pill(h: &mut Html, s: Severity) {
    h.m("<span class=\"pill ")
        .m(sev_class(s))
        .m("\">")
        .m(sev_name(s))
        .m("</span>");
}

/// Everything the page is made from.
pub struct Page<'a> {
    /// The organization.
    pub state: &'a OrgState,
    /// Its audit.
    pub audit: &'a Audit,
    /// The accounts shown.
    pub accounts: &'a [AccountView<'a>],
    /// The caller's additions.
    pub options: &'a ReportOptions,
}

impl Page<'_> {
    /// Renders the whole page.
    pub fn render(&self) -> String {
        let mut h = Html::with_capacity(64 * 1024);
        self.head(&mut h);
        h.m("<main>\n");
        self.header(&mut h);
        self.verdict(&mut h);
        for (i, a) in self.accounts.iter().enumerate() {
            self.account(&mut h, i, a);
        }
        self.findings(&mut h);
        self.plan(&mut h);
        self.probes(&mut h);
        self.footer(&mut h);
        h.m("</main>\n</body>\n</html>\n");
        h.finish()
    }

    fn title(&self) -> String {
        let org = self
            .state
            .organization_name
            .as_deref()
            .filter(|n| !n.is_empty());
        match org {
            Some(o) => format!("Impersonation audit \u{2014} {o}"),
            None => "Impersonation audit".to_owned(),
        }
    }

    fn head(&self, h: &mut Html) {
        h.m("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .m("<meta http-equiv=\"Content-Security-Policy\" content=\"")
            .m(CSP)
            .m("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .m("<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"generator\" content=\"LightningSync\">\n<title>")
            .short(&self.title(), 200)
            .m("</title>\n<style>")
            .m(STYLE)
            .m("</style>\n</head>\n<body>\n");
    }

    fn header(&self, h: &mut Html) {
        let s = self.state;
        h.m("<header class=\"top\" id=\"top\">\n<p class=\"eyebrow\">LightningSync \u{b7} who can impersonate whom</p>\n<h1>")
            .short(&self.title(), 200)
            .m("</h1>\n<p class=\"lede\">Every ApplicationImpersonation and application-role assignment, the mailboxes it reaches, what is wrong with it and the command that fixes it.</p>\n<div class=\"meta\">");
        h.m("<span>Exchange <b>");
        if s.is_exchange_online {
            h.m("Online");
        } else {
            h.t(&self.audit.exchange_version);
        }
        h.m("</b></span>");
        h.m("<span>Mailboxes evaluated <b>");
        match self.audit.mailbox_count {
            Some(n) => h.n(n),
            None => h.m("none (no recipients)"),
        };
        h.m("</b></span><span>Assignments <b>")
            .n(self.audit.coverage.len())
            .m("</b></span><span>Findings <b>")
            .n(self.audit.findings.len())
            .m("</b></span>");
        if let Some(at) = &s.captured_at {
            h.m("<span>Captured <b>").t(at).m("</b></span>");
        }
        h.m("</div>\n</header>\n");
    }

    fn verdict(&self, h: &mut Html) {
        h.m("<section id=\"verdict\" aria-labelledby=\"verdict-h\">\n<h2 id=\"verdict-h\">Verdict</h2>\n");
        if self.accounts.is_empty() {
            h.m("<p class=\"empty\">No account holds ApplicationImpersonation or an application role.</p>\n");
        }
        h.m("<div class=\"verdicts\">\n");
        let total = self.audit.mailbox_count;
        for (i, a) in self.accounts.iter().enumerate() {
            let class = a.worst().map_or("ok", |f| sev_class(f.severity));
            h.m("<div class=\"card verdict ")
                .m(class)
                .m("\" data-verdict=\"")
                .n(i + 1)
                .m("\">\n<div class=\"who\">")
                .short(&a.name, 120);
            if a.is_service_account {
                h.m(" <span class=\"pill off\">service account</span>");
            }
            h.m("</div>\n<div class=\"big\" data-reach=\"");
            match a.reach {
                Some(n) => h.t(&n.to_string()),
                None => h.m("unknown"),
            };
            h.m("\">");
            match (a.reach, total) {
                (Some(n), Some(t)) => {
                    h.n(n).m(" <small>of ").n(t).m(" mailboxes</small>");
                }
                _ => {
                    h.m("? <small>mailboxes (no recipients to evaluate)</small>");
                }
            }
            h.m("</div>\n");
            meter(h, a.reach.unwrap_or(0), total.unwrap_or(0));
            h.m("<div class=\"worst\">");
            match a.worst() {
                Some(f) => {
                    pill(h, f.severity);
                    h.m(" ").short(&f.message, 220);
                }
                None => {
                    h.m("<span class=\"pill ok\">OK</span> no finding");
                }
            }
            if a.reach_unknown {
                h.m("<br>A grant reaches an OU or a missing scope the snapshot cannot expand: the count is a lower bound.");
            }
            h.m("</div>\n</div>\n");
        }
        h.m("</div>\n<div class=\"counts\">");
        for s in [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Low,
            Severity::Info,
        ] {
            let n = self
                .audit
                .findings
                .iter()
                .filter(|f| f.severity == s)
                .count();
            if n > 0 {
                h.m("<span class=\"pill ")
                    .m(sev_class(s))
                    .m("\">")
                    .n(n)
                    .m(" ")
                    .m(sev_name(s))
                    .m("</span>");
            }
        }
        if self.audit.findings.is_empty() {
            h.m("<span class=\"pill ok\">No findings</span>");
        }
        h.m("</div>\n</section>\n");
    }

    fn account(&self, h: &mut Html, i: usize, a: &AccountView) {
        h.m("<section class=\"account\" data-account=\"")
            .n(i + 1)
            .m("\" aria-label=\"Account\">\n<h2>")
            .short(&a.name, 160)
            .m("</h2>\n<div class=\"chain\"><span class=\"step\">Assignments</span>\u{2192}<span class=\"step\">Scope</span>\u{2192}<span class=\"step\">Filter</span>\u{2192}<span class=\"step\">Coverage</span></div>\n");
        h.m("<div class=\"card\">\n");
        if a.entries.is_empty() {
            h.m("<p class=\"empty\">This account holds no ApplicationImpersonation or application-role assignment.</p>\n");
        } else {
            h.m("<table class=\"wide fixed assignments\">\n<colgroup><col class=\"w24\"><col class=\"w22\"><col class=\"w18\"><col class=\"w26\"><col class=\"w10\"></colgroup>\n<thead><tr><th>Assignment</th><th>Role</th><th>Scope</th><th>Filter (canonical)</th><th class=\"num\">Covers</th></tr></thead>\n<tbody>\n");
            for c in &a.entries {
                self.assignment_row(h, c);
            }
            h.m("</tbody>\n</table>\n");
        }
        h.m("</div>\n");
        if a.reach.is_some() {
            h.m("<div class=\"grid2\">\n<div class=\"card\">\n<h3>Covered vs total mailboxes by RecipientTypeDetails</h3>\n");
            chart(h, &a.by_type);
            h.m("<div class=\"legend\"><span><i class=\"c\"></i>can be impersonated</span><span><i class=\"t\"></i>all mailboxes of the type</span></div>\n");
            if a.not_evaluable > 0 {
                h.m("<p class=\"note\">")
                    .n(a.not_evaluable)
                    .m(" mailbox(es) could not be decided offline and are not counted.</p>\n");
            }
            h.m("</div>\n<div class=\"card\">\n<h3>Sample of covered mailboxes</h3>\n");
            if a.sample.is_empty() {
                h.m("<p class=\"empty\">None.</p>\n");
            } else {
                h.m("<ul class=\"sample\">\n");
                for name in &a.sample {
                    h.m("<li>").short(name, 200).m("</li>\n");
                }
                h.m("</ul>\n");
                let reach = a.reach.unwrap_or(0);
                if reach > a.sample.len() {
                    h.m("<p class=\"note\">The first ")
                        .n(a.sample.len())
                        .m(" of ")
                        .n(reach)
                        .m(".</p>\n");
                }
            }
            h.m("</div>\n</div>\n");
        } else {
            h.m("<p class=\"note\">The snapshot holds no recipients: pass a recipient export (-RecipientPath) or take the snapshot with -IncludeRecipients to see whom the grants cover.</p>\n");
        }
        h.m("</section>\n");
    }

    fn assignment_row(&self, h: &mut Html, c: &Coverage) {
        h.m("<tr data-assignment>\n<td data-label=\"Assignment\">")
            .t(&c.assignment);
        if !c.enabled {
            h.m(" <span class=\"pill off\">disabled</span>");
        }
        h.m("</td>\n<td data-label=\"Role\">")
            .t(&c.role)
            .m("</td>\n<td data-label=\"Scope\">");
        match c.reach {
            Reach::Organization => {
                h.m("<span class=\"pill sev-critical\">whole organization</span>");
            }
            Reach::Scope => {
                h.t(c.scope.as_deref().unwrap_or(""));
            }
            Reach::Other => {
                h.m("OU ").t(c.scope.as_deref().unwrap_or(""));
            }
            Reach::Group => {
                h.m("group ").t(c.scope.as_deref().unwrap_or(""));
            }
            Reach::AdministrativeUnit => {
                h.m("administrative unit ")
                    .t(c.scope.as_deref().unwrap_or(""));
            }
            Reach::MissingScope => {
                h.t(c.scope.as_deref().unwrap_or(""))
                    .m(" <span class=\"pill sev-high\">missing</span>");
            }
        }
        h.m("</td>\n<td data-label=\"Filter\">");
        match c.filter.as_deref() {
            Some(text) => {
                let f = Filter::compile(text, environment(self.state));
                h.m("<code>").t(f.canonical().unwrap_or(text)).m("</code>");
                if !f.is_valid() {
                    h.m(" <span class=\"pill sev-medium\">does not parse</span>");
                }
            }
            None => {
                h.m("\u{2014}");
            }
        }
        h.m("</td>\n<td class=\"num\" data-label=\"Covers\">");
        match c.covered_count {
            Some(n) => h.n(n),
            None => h.m("?"),
        };
        h.m("</td>\n</tr>\n");
    }

    fn findings(&self, h: &mut Html) {
        h.m("<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">Findings</h2>\n");
        if self.audit.findings.is_empty() {
            h.m("<p class=\"empty\">Nothing to fix.</p>\n");
        }
        for f in &self.audit.findings {
            self.finding(h, f);
        }
        h.m("</section>\n");
    }

    fn finding(&self, h: &mut Html, f: &Finding) {
        h.m("<article class=\"card finding ")
            .m(sev_class(f.severity))
            .m("\" data-finding>\n<h3>");
        pill(h, f.severity);
        h.m(" <span>")
            .t(&f.code)
            .m("</span></h3>\n<p class=\"msg\">")
            .t(&f.message)
            .m("</p>\n<p class=\"why\">")
            .t(meaning::meaning(f))
            .m("</p>\n");
        match meaning::command(f, self.audit, self.state) {
            Some(cmd) => {
                h.m("<pre><code>").t(&cmd).m("</code></pre>\n");
            }
            None => {
                h.m("<p class=\"why\">").t(&f.fix).m("</p>\n");
            }
        }
        h.m("</article>\n");
    }

    fn plan(&self, h: &mut Html) {
        let Some(plan) = &self.options.plan else {
            return;
        };
        h.m("<section id=\"plan\" aria-labelledby=\"plan-h\">\n<h2 id=\"plan-h\">");
        if plan.converged || plan.steps.is_empty() {
            h.m("Plan: converged</h2>\n<div class=\"card\"><p><span class=\"pill ok\">Converged</span> The organization already matches the desired state for ")
                .t(&plan.principal)
                .m(": nothing to do.</p></div>\n</section>\n");
            return;
        }
        h.m("Pending plan</h2>\n<div class=\"card\">\n<p>")
            .n(plan.steps.len())
            .m(" step(s) remain to reach the desired state (scope ")
            .t(&plan.scope_name)
            .m(", assignment ")
            .t(&plan.assignment_name)
            .m("). Run them with New-LightningSyncServiceAccount, or export a reviewed script with Export-LightningSyncScript.</p>\n<ol class=\"steps\">\n");
        plan_steps(h, plan);
        h.m("</ol>\n</div>\n</section>\n");
    }

    fn probes(&self, h: &mut Html) {
        if self.options.probes.is_empty() {
            return;
        }
        h.m("<section id=\"probes\" aria-labelledby=\"probes-h\">\n<h2 id=\"probes-h\">EWS impersonation probes</h2>\n<div class=\"card\">\n<table class=\"wide fixed\">\n<colgroup><col class=\"w30\"><col class=\"w10\"><col class=\"w20\"><col class=\"w40\"></colgroup>\n<thead><tr><th>Mailbox</th><th>Result</th><th>Response</th><th>Meaning</th></tr></thead>\n<tbody>\n");
        for p in &self.options.probes {
            h.m("<tr data-probe>\n<td data-label=\"Mailbox\">")
                .t(&p.mailbox)
                .m("</td>\n<td data-label=\"Result\">");
            if p.success {
                h.m("<span class=\"pill ok\">works</span>");
            } else {
                h.m("<span class=\"pill sev-high\">fails</span>");
            }
            h.m("</td>\n<td data-label=\"Response\"><code>")
                .t(&p.response_code)
                .m("</code></td>\n<td data-label=\"Meaning\">")
                .t(&p.meaning);
            if !p.fix.is_empty() && !p.success {
                h.m("<br><span class=\"note\">").t(&p.fix).m("</span>");
            }
            h.m("</td>\n</tr>\n");
        }
        h.m("</tbody>\n</table>\n</div>\n</section>\n");
    }

    fn footer(&self, h: &mut Html) {
        let o = self.options;
        h.m("<footer>\n<dl>\n");
        for input in &o.inputs {
            h.m("<dt>")
                .t(&input.label)
                .m("</dt><dd>")
                .t(&input.value)
                .m("</dd>\n");
        }
        if let Some(account) = o.account.as_deref() {
            h.m("<dt>Account</dt><dd>").t(account).m("</dd>\n");
        }
        h.m("<dt>Service account of the snapshot</dt><dd>")
            .t(&self.state.account.identity)
            .m("</dd>\n");
        if let Some(at) = &self.state.captured_at {
            h.m("<dt>Snapshot taken</dt><dd>").t(at).m("</dd>\n");
        }
        if let Some(at) = &o.generated_at {
            h.m("<dt>Report made</dt><dd>").t(at).m("</dd>\n");
        }
        h.m("<dt>Module version</dt><dd>")
            .t(o.module_version
                .as_deref()
                .unwrap_or(env!("CARGO_PKG_VERSION")))
            .m("</dd>\n</dl>\n</footer>\n");
    }
}

fn plan_steps(h: &mut Html, plan: &Plan) {
    for step in &plan.steps {
        h.m("<li data-step>\n<div class=\"what\">")
            .t(&format!("{:?}", step.action))
            .m(" \u{b7} ")
            .t(&step.target)
            .m("</div>\n<div class=\"note\">")
            .t(&step.reason)
            .m("</div>\n<pre><code>")
            .t(&step.command)
            .m("</code></pre>\n</li>\n");
    }
}

/// A horizontal meter: the share of `part` in `whole`.
fn meter(h: &mut Html, part: usize, whole: usize) {
    let share = if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    };
    let colour = if share >= 0.999 && whole > 0 {
        "#b42318"
    } else if share > 0.5 {
        "#c2410c"
    } else {
        "#1f5f8b"
    };
    h.m("<svg class=\"meter\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"share of mailboxes\"><rect width=\"100\" height=\"10\" rx=\"5\" fill=\"#e2e6eb\"/><rect width=\"")
        .f(share * 100.0)
        .m("\" height=\"10\" rx=\"5\" fill=\"")
        .m(colour)
        .m("\"/></svg>\n");
}

/// The bar chart: one row per RecipientTypeDetails, the total as the track,
/// the covered part over it.
fn chart(h: &mut Html, bars: &[TypeBar]) {
    const ROW: f64 = 34.0;
    const LABEL: f64 = 140.0;
    const TRACK: f64 = 220.0;
    const WIDTH: f64 = 490.0;
    let max = bars.iter().map(|b| b.total).max().unwrap_or(0).max(1) as f64;
    let height = (bars.len().max(1) as f64) * ROW + 6.0;
    h.m("<svg class=\"chart\" viewBox=\"0 0 ")
        .f(WIDTH)
        .m(" ")
        .f(height)
        .m("\" role=\"img\" aria-label=\"covered versus total mailboxes by RecipientTypeDetails\">\n");
    if bars.is_empty() {
        h.m("<text x=\"0\" y=\"20\">No mailboxes.</text>\n");
    }
    for (i, b) in bars.iter().enumerate() {
        let y = i as f64 * ROW + 6.0;
        let total_w = (b.total as f64 / max * TRACK).max(2.0);
        let covered_w = if b.covered == 0 {
            0.0
        } else {
            (b.covered as f64 / max * TRACK).max(2.0)
        };
        h.m("<g data-bar>\n<text x=\"0\" y=\"")
            .f(y + 15.0)
            .m("\">")
            .short(&b.kind, 26)
            .m("</text>\n<rect x=\"")
            .f(LABEL)
            .m("\" y=\"")
            .f(y + 3.0)
            .m("\" width=\"")
            .f(total_w)
            .m("\" height=\"16\" rx=\"3\" fill=\"#d9e0e8\"/>\n<rect x=\"")
            .f(LABEL)
            .m("\" y=\"")
            .f(y + 3.0)
            .m("\" width=\"")
            .f(covered_w)
            .m("\" height=\"16\" rx=\"3\" fill=\"#1f5f8b\"/>\n<text class=\"n\" text-anchor=\"end\" x=\"")
            .f(WIDTH - 2.0)
            .m("\" y=\"")
            .f(y + 15.0)
            .m("\">")
            .t(&group(b.covered))
            .m(" of ")
            .t(&group(b.total))
            .m("</text>\n</g>\n");
    }
    h.m("</svg>\n");
}
