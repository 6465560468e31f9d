//! The page's only style sheet (inline; the Content-Security-Policy allows
//! nothing else). Screen, phone (single column under 720px) and print.

/// The style sheet.
pub const STYLE: &str = r#"
:root{--ink:#1d2733;--muted:#5b6878;--line:#e2e6eb;--bg:#f6f7f9;--card:#fff;--accent:#1f5f8b;
--crit:#b42318;--crit-bg:#fdecea;--high:#c2410c;--high-bg:#fff1e6;--med:#9a6700;--med-bg:#fff8db;
--low:#2f6690;--low-bg:#e9f2fa;--info:#5b6878;--info-bg:#eef1f4;--ok:#2b7a4b;--ok-bg:#e7f5ec;
--mono:ui-monospace,"Cascadia Mono",Consolas,"SFMono-Regular",Menlo,monospace}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1080px;margin:0 auto;padding:32px 24px 48px}
header.top{border-bottom:1px solid var(--line);padding-bottom:20px;margin-bottom:28px}
.eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:12px;font-weight:600;color:var(--accent);margin:0 0 6px}
h1{font-size:28px;line-height:1.2;margin:0 0 8px;font-weight:650;letter-spacing:-.01em}
h2{font-size:20px;margin:40px 0 14px;font-weight:650;letter-spacing:-.005em}
h3{font-size:16px;margin:22px 0 10px;font-weight:620}
p{margin:0 0 10px}
.lede{color:var(--muted);margin:0}
.meta{display:flex;flex-wrap:wrap;gap:6px 22px;margin-top:12px;color:var(--muted);font-size:13px}
.meta b{color:var(--ink);font-weight:600}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 14px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.verdicts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:14px}
.verdict{border-left:4px solid var(--ok);margin:0}
.verdict.sev-critical{border-left-color:var(--crit)}.verdict.sev-high{border-left-color:var(--high)}
.verdict.sev-medium{border-left-color:var(--med)}.verdict.sev-low{border-left-color:var(--low)}.verdict.sev-info{border-left-color:var(--info)}
.verdict .who{font-weight:620;overflow-wrap:anywhere;margin-bottom:6px}
.big{font-size:30px;font-weight:680;letter-spacing:-.02em;line-height:1.1}
.big small{font-size:15px;font-weight:500;color:var(--muted);letter-spacing:0}
.meter{display:block;width:100%;height:10px;margin:10px 0 12px}
.worst{font-size:14px;color:var(--muted)}
.pill{display:inline-block;font-size:11.5px;font-weight:650;text-transform:uppercase;letter-spacing:.05em;padding:2px 8px;border-radius:999px;vertical-align:1px;white-space:nowrap}
.pill.sev-critical{color:var(--crit);background:var(--crit-bg)}.pill.sev-high{color:var(--high);background:var(--high-bg)}
.pill.sev-medium{color:var(--med);background:var(--med-bg)}.pill.sev-low{color:var(--low);background:var(--low-bg)}
.pill.sev-info{color:var(--info);background:var(--info-bg)}.pill.ok{color:var(--ok);background:var(--ok-bg)}
.pill.off{color:var(--muted);background:var(--info-bg)}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:14px 0 0}
table{width:100%;border-collapse:collapse;font-size:14px}
th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.05em;border-bottom:1px solid var(--line);padding:8px 10px 6px}
td{border-bottom:1px solid var(--line);padding:9px 10px;vertical-align:top;overflow-wrap:anywhere;unicode-bidi:isolate}
tr:last-child td{border-bottom:0}
table.fixed{table-layout:fixed}
col.w10{width:10%}col.w18{width:18%}col.w20{width:20%}col.w22{width:22%}col.w24{width:24%}col.w26{width:26%}col.w30{width:30%}col.w40{width:40%}
@media screen{td code{display:inline-block;max-width:100%;max-height:12em;overflow:auto}}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,pre{font-family:var(--mono);font-size:13px}
code{background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:1px 5px;overflow-wrap:anywhere;unicode-bidi:isolate}
pre{background:#0f1b2a;color:#e6edf5;border-radius:8px;padding:12px 14px;margin:8px 0 0;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}
pre code{background:none;border:0;padding:0;color:inherit;font-size:inherit}
.card h3:first-child{margin-top:0}
.card>:last-child{margin-bottom:0}
.chain{display:flex;flex-wrap:wrap;align-items:center;gap:6px;font-size:13px;color:var(--muted);margin:2px 0 14px}
.chain span.step{background:var(--bg);border:1px solid var(--line);border-radius:999px;padding:2px 10px;color:var(--ink)}
.grid2{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:20px;margin-top:8px}
.chart{width:100%;height:auto;display:block}
.chart text{font:12.5px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--ink)}
.chart text.n{fill:var(--muted);font-variant-numeric:tabular-nums}
.legend{display:flex;gap:16px;font-size:12px;color:var(--muted);margin:6px 0 0}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.legend i.c{background:var(--accent)}.legend i.t{background:#d9e0e8}
ul.sample{list-style:none;margin:0;padding:0;columns:2;column-gap:18px;font-size:13px}
ul.sample li{padding:2px 0;overflow-wrap:anywhere;break-inside:avoid;unicode-bidi:isolate}
.note{font-size:13px;color:var(--muted)}
.finding{border-left:4px solid var(--info)}
.finding.sev-critical{border-left-color:var(--crit)}.finding.sev-high{border-left-color:var(--high)}
.finding.sev-medium{border-left-color:var(--med)}.finding.sev-low{border-left-color:var(--low)}
.finding h3{margin:0 0 6px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.finding .msg{overflow-wrap:anywhere;unicode-bidi:isolate}
.finding .why{color:var(--muted);font-size:14px}
ol.steps{margin:0;padding:0;list-style:none;counter-reset:s}
ol.steps li{position:relative;padding:0 0 16px 40px;counter-increment:s}
ol.steps li:before{content:counter(s);position:absolute;left:0;top:0;width:26px;height:26px;border-radius:50%;background:var(--accent);color:#fff;font-size:13px;font-weight:650;display:flex;align-items:center;justify-content:center}
ol.steps .what{font-weight:600;overflow-wrap:anywhere}
.empty{color:var(--muted);font-style:italic}
footer{margin-top:44px;border-top:1px solid var(--line);padding-top:16px;font-size:13px;color:var(--muted)}
footer dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
footer dt{font-weight:600;color:var(--ink)}
footer dd{margin:0;overflow-wrap:anywhere;unicode-bidi:isolate}
@media (max-width:720px){
main{padding:20px 14px 36px}
h1{font-size:23px}
.grid2{grid-template-columns:1fr}
ul.sample{columns:1}
.wide thead,.wide colgroup{display:none}
table.fixed{table-layout:auto}
.wide tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}
.wide td{display:block;border:0;padding:2px 0}
.wide td.num{text-align:left}
.wide td[data-label]:before{content:attr(data-label) ": ";color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
}
@media print{
@page{margin:16mm 14mm}
body{background:#fff;font-size:11pt}
main{max-width:none;padding:0}
.card{box-shadow:none;break-inside:avoid}
section.account{break-before:page}
h2{break-after:avoid}
pre{background:#f3f5f7;color:#111;border:1px solid #ccd3da}
.verdicts{grid-template-columns:1fr 1fr}
a{color:inherit;text-decoration:none}
}
"#;
