#!/usr/bin/env python3
"""Measures the C ABI exports in rust/ffi: how many, lines per export,
boundary-boilerplate lines per export, `// SAFETY` comments.

An export runs from its `#[unsafe(no_mangle)]` line to the closing brace at
column 0. Boilerplate lines: SAFETY comments, boundary macro lines, argument
and out-pointer checks, raw writes and the `Ok(())` / closing lines that only
exist for the boundary.
"""
import re, sys, pathlib

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".") / "rust" / "ffi"
BOILER = re.compile(
    r"//\s*SAFETY|ffi_boundary!|ffi_value!|ffi_export!|ffi_accessor!|check_out!|str_arg\(|bytes_arg\(|ref_arg\("
    r"|write_out\(|free_boxed\(|^\s*Ok\(\(\)\)\s*$|^\s*\}\)\s*$|^\s*unsafe \{\s*$|Box::into_raw|Box::from_raw"
)
exports = lines = body_lines = boiler = safety = 0
for path in sorted(root.glob("*.rs")):
    text = path.read_text().splitlines()
    safety += sum(1 for l in text if "// SAFETY" in l)
    i = 0
    while i < len(text):
        if text[i].strip() == "#[unsafe(no_mangle)]":
            j = i + 1
            while j < len(text) and text[j] != "}":
                j += 1
            body = text[i + 1 : j + 1]
            opening = next(k for k, l in enumerate(body) if l.rstrip().endswith("{"))
            body_lines += len(body) - opening - 2
            exports += 1
            lines += len(body)
            boiler += sum(1 for l in body if BOILER.search(l))
            i = j
        i += 1
print(f"exports: {exports}")
print(f"average lines per export: {lines / exports:.1f}")
print(f"average body lines per export (inside the braces): {body_lines / exports:.1f}")
print(f"boundary-boilerplate lines per export: {boiler / exports:.1f}")
print(f"'// SAFETY' comments in rust/ffi: {safety}")
