//! docs/compat.md, the coverage table of the tls documentation, cannot drift from the
//! documentation or from the tests it names:
//!
//! 1. every entry of the documentation's Support list, every call heading (each form),
//!    option, sockaddr field and `Tls.X` constant of ../shared/seed/tls-module.txt has a
//!    row (the documentation sits beside the checkout, as in CI);
//! 2. every test a row names exists: a js-tests file that contains the row's name (an
//!    option's as `name:` or `.name =`), or `crates/jsre/tests/<file>.rs::<fn>` with that
//!    `fn` (for examples.rs, the example folder in brackets exists and the fn uses it);
//! 3. a row is `works`, `works (differs: ...)`, `partial (bug N: ...)` or `missing`, and
//!    only `missing` may name no test.
//!
//! std only; the table is `| item | status | tests |`, tests separated by `<br>` or `, `.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The repository root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The tls documentation, ../shared/seed/tls-module.txt from the repository root.
fn documentation() -> String {
    let path = root().join("../shared/seed/tls-module.txt");
    fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the tls documentation {} ({e}): this test checks docs/compat.md \
             against it and needs ../shared (with seed/tls-module.txt) beside the checkout, \
             as CI has it",
            path.display()
        )
    })
}

struct Row {
    /// Line number in docs/compat.md (1-based), for messages.
    line: usize,
    item: String,
    status: String,
    tests: Vec<String>,
}

impl Row {
    /// The text of the item's first code span: `Tls.createServer(opt, ...)`, `ca`...
    fn span(&self) -> Option<&str> {
        first_code_span(&self.item)
    }

    /// The name a js-tests file must contain: the first code span without its object
    /// and arguments (`Tls.createServer(opt, ...)` -> `createServer`, `ca` -> `ca`).
    fn keyword(&self) -> Option<&str> {
        self.span().map(keyword)
    }

    /// Option and field rows name a property: the file must set it.
    fn is_property(&self) -> bool {
        [
            "server option ",
            "client option ",
            "addcert option ",
            "sockaddr field ",
            "setLinger field ",
        ]
        .iter()
        .any(|p| self.item.starts_with(p))
    }
}

fn first_code_span(text: &str) -> Option<&str> {
    let start = text.find('`')? + 1;
    let len = text[start..].find('`')?;
    Some(&text[start..start + len])
}

fn keyword(span: &str) -> &str {
    let head = span.split('(').next().unwrap_or(span);
    head.rsplit('.').next().unwrap_or(head).trim()
}

/// The rows of the first table whose header is `| item | status | tests |`.
fn table() -> Vec<Row> {
    let path = root().join("docs/compat.md");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| cells(l) == ["item", "status", "tests"])
        .expect("docs/compat.md has no table with the header `| item | status | tests |`");
    let mut rows = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(header + 2) {
        if !line.trim_start().starts_with('|') {
            break;
        }
        let c = cells(line);
        assert_eq!(
            c.len(),
            3,
            "docs/compat.md:{}: a row needs 3 cells (item | status | tests): {line}",
            i + 1
        );
        let tests = c[2]
            .split("<br>")
            .flat_map(|t| t.split(", "))
            .map(str::trim)
            .filter(|t| !t.is_empty() && *t != "-" && *t != "—")
            .map(String::from)
            .collect();
        rows.push(Row {
            line: i + 1,
            item: c[0].clone(),
            status: c[1].clone(),
            tests,
        });
    }
    assert!(!rows.is_empty(), "docs/compat.md: the table has no rows");
    rows
}

fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let Some(inner) = t.strip_prefix('|').and_then(|t| t.strip_suffix('|')) else {
        return Vec::new();
    };
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

// ---------------------------------------------------------------------------------------
// What the documentation names
// ---------------------------------------------------------------------------------------

/// The Support list: the `Tls.x` / `tls.x` lines between "Support" and "Tls Class".
fn support_list(doc: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut inside = false;
    for line in doc.lines() {
        let t = line.trim();
        if t == "Support" {
            inside = true;
            continue;
        }
        if t == "Tls Class" {
            break;
        }
        if inside && is_member(t) {
            names.push(t.to_string());
        }
    }
    names
}

/// `Tls.name` or `tls.name` alone (a Support entry, a property or constant heading).
fn is_member(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("Tls.").or_else(|| t.strip_prefix("tls.")) else {
        return false;
    };
    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A heading line after the Support list: `tls.send(string[, timeout])`, `tls.sockFd`,
/// `Tls.AF_INET` (code lines end with `;`, `{` or a comment, never with `)` alone).
fn is_heading(t: &str) -> bool {
    if is_member(t) {
        return true;
    }
    let Some(open) = t.find('(') else {
        return false;
    };
    is_member(&t[..open]) && t.ends_with(')') && !t.contains(';') && !t.contains("=>")
}

/// Every heading of the reference part (after "Tls Class").
fn headings(doc: &str) -> Vec<String> {
    doc.lines()
        .map(str::trim)
        .skip_while(|t| *t != "Tls Class")
        .filter(|t| is_heading(t))
        .map(String::from)
        .collect()
}

/// The documented options and fields, as the row items that must exist: the bullets
/// after "X includes following items:" (or "following members of opt:") under a call.
fn documented_properties(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut call = String::new();
    let mut group: Option<String> = None;
    for line in doc.lines().skip_while(|l| l.trim() != "Tls Class") {
        let t = line.trim();
        if is_heading(t) {
            call = keyword(t).to_string();
            group = None;
        } else if let Some(g) = t.strip_suffix(" includes following items:") {
            group = Some(g.to_string());
        } else if t.ends_with("following members of opt:") {
            group = Some("opt".into());
        } else if let Some(bullet) = line.strip_prefix("  \u{2022} ") {
            let Some(g) = &group else { continue };
            let name = bullet.split_whitespace().next().unwrap_or("");
            let kind = match (call.as_str(), g.as_str()) {
                ("createServer", "opt") => "server option".to_string(),
                ("createServer", "sockaddr") => "sockaddr field".to_string(),
                ("createClient", "opt") => "client option".to_string(),
                ("addcert", "opt") => "addcert option".to_string(),
                (c, _) => format!("{c} field"),
            };
            out.push(format!("{kind} `{name}`"));
        } else if !t.is_empty() && !t.starts_with('\u{2022}') {
            // A paragraph ends the list.
            group = None;
        }
    }
    out
}

/// Every `Tls.CONSTANT` the documentation names.
fn constants(doc: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = doc;
    while let Some(i) = rest.find("Tls.") {
        let after = &rest[i + 4..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.len() > 1
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            out.insert(format!("Tls.{name}"));
        }
        rest = after;
    }
    out
}

// ---------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------

fn fail_if(problems: &[String], what: &str) {
    if !problems.is_empty() {
        let mut msg = format!("docs/compat.md: {what}:\n");
        for p in problems {
            let _ = writeln!(msg, "  - {p}");
        }
        panic!("{msg}");
    }
}

#[test]
fn every_documented_call_option_and_constant_has_a_row() {
    let doc = documentation();
    let rows = table();
    let spans: Vec<&str> = rows.iter().filter_map(Row::span).collect();
    let mut problems = Vec::new();

    let support = support_list(&doc);
    assert!(
        support.len() >= 20,
        "found only {} entries in the documentation's Support list ({support:?}): has its layout changed?",
        support.len()
    );
    for name in &support {
        let covered = spans.iter().any(|s| {
            *s == name
                || s.strip_prefix(name.as_str())
                    .is_some_and(|r| r.starts_with('('))
        });
        if !covered {
            problems.push(format!("Support list entry `{name}` has no row"));
        }
    }

    let heads = headings(&doc);
    assert!(
        heads.len() >= support.len(),
        "found only {} call headings: {heads:?}",
        heads.len()
    );
    for h in &heads {
        if !spans.contains(&h.as_str()) {
            problems.push(format!("documented heading `{h}` has no row (item `{h}`)"));
        }
    }

    let consts = constants(&doc);
    assert!(
        consts.len() >= 10,
        "found only {} Tls constants: {consts:?}",
        consts.len()
    );
    for c in &consts {
        if !spans.contains(&c.as_str()) {
            problems.push(format!("constant `{c}` has no row"));
        }
    }

    let props = documented_properties(&doc);
    assert!(
        props.len() >= 20,
        "found only {} documented options: {props:?}",
        props.len()
    );
    for p in &props {
        if !rows
            .iter()
            .any(|r| r.item == *p || r.item.starts_with(&format!("{p} ")))
        {
            problems.push(format!("documented {p} has no row (item `{p}`)"));
        }
    }

    for (needle, item) in [
        (
            "createServer(opt, sockaddr[, backlog",
            "createServer argument `backlog`",
        ),
        ("backlog[, dev]]", "createServer argument `dev`"),
        (
            "The domain member can be omitted",
            "sockaddr without `domain`",
        ),
        (
            "Synchronous to asynchronous",
            "example \"Synchronous to asynchronous\" Server",
        ),
        (
            "Synchronous to asynchronous",
            "example \"Synchronous to asynchronous\" Client",
        ),
        ("Multi-Task Server", "example \"Multi-Task Server\""),
    ] {
        if doc.contains(needle) && !rows.iter().any(|r| r.item.starts_with(item)) {
            problems.push(format!("no row for {item}"));
        }
    }
    fail_if(&problems, "documented items without a row");
}

#[test]
fn every_named_test_exists_and_is_about_its_row() {
    let root = root();
    let mut problems = Vec::new();
    for row in table() {
        let at = format!("line {} ({})", row.line, row.item);
        for test in &row.tests {
            // `path[::fn] [(examples/folder) | (run by js-tests/...)]`
            let (reference, note) = match test.find(" (") {
                Some(i) if test.ends_with(')') => (&test[..i], Some(&test[i + 2..test.len() - 1])),
                _ => (test.as_str(), None),
            };
            if reference.contains(char::is_whitespace) {
                problems.push(format!("{at}: `{test}` is not a test path"));
                continue;
            }
            let (file, func) = match reference.split_once("::") {
                Some((f, n)) => (f, Some(n)),
                None => (reference, None),
            };
            let Ok(text) = fs::read_to_string(root.join(file)) else {
                problems.push(format!("{at}: {file} does not exist"));
                continue;
            };
            match func {
                Some(name) => {
                    if !file.starts_with("crates/") || !file.ends_with(".rs") {
                        problems.push(format!("{at}: `{test}`: `::fn` only for crates/**/*.rs"));
                        continue;
                    }
                    let Some(body) = fn_body(&text, name) else {
                        problems.push(format!("{at}: {file} has no `fn {name}`"));
                        continue;
                    };
                    if let Some(folder) = note.and_then(|n| n.strip_prefix("examples/")) {
                        if !root.join("examples").join(folder).is_dir() {
                            problems.push(format!("{at}: examples/{folder} does not exist"));
                        } else if !body.contains(&format!("\"{folder}\"")) {
                            problems.push(format!("{at}: {name} does not run examples/{folder}"));
                        }
                    }
                }
                None => {
                    if !file.starts_with("js-tests/") || !file.ends_with(".js") {
                        problems.push(format!(
                            "{at}: `{test}` is neither a js-tests script nor a crates/**/*.rs::fn"
                        ));
                        continue;
                    }
                    if let Some(runner) = note {
                        let runner = runner.strip_prefix("run by ").unwrap_or(runner);
                        if !root.join(runner).is_file() {
                            problems.push(format!("{at}: {runner} does not exist"));
                        }
                    }
                    let Some(word) = row.keyword() else {
                        problems.push(format!(
                            "{at}: the item has no `code` name to look for in {file}"
                        ));
                        continue;
                    };
                    let found = if row.is_property() {
                        sets_property(&text, word)
                    } else {
                        has_word(&text, word)
                    };
                    if !found {
                        let how = if row.is_property() {
                            format!("`{word}:` or `.{word} =`")
                        } else {
                            format!("`{word}`")
                        };
                        problems.push(format!("{at}: {file} does not contain {how}"));
                    }
                }
            }
        }
    }
    fail_if(
        &problems,
        "tests that do not exist or are about something else",
    );
}

#[test]
fn statuses_are_known_and_working_rows_are_proved() {
    let mut problems = Vec::new();
    for row in table() {
        let at = format!("line {} ({})", row.line, row.item);
        let s = row.status.as_str();
        let claimed = s == "works"
            || (s.starts_with("works (differs: ") && s.ends_with(')'))
            || (s.starts_with("partial (bug ") && s.ends_with(')'));
        if s.starts_with("works (differs: ") && !s.contains("tls.md") {
            problems.push(format!(
                "{at}: a difference must point to docs/modules/tls.md"
            ));
        }
        if !claimed && s != "missing" {
            problems.push(format!(
                "{at}: status `{s}` is none of works, works (differs: ...), partial (bug N: ...), missing"
            ));
        }
        if claimed && row.tests.is_empty() {
            problems.push(format!("{at}: `{s}` without a test"));
        }
        if row.span().is_none() {
            problems.push(format!("{at}: the item names nothing in `code`"));
        }
    }
    fail_if(&problems, "unproved or unknown statuses");
}

// ---------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Byte offsets where `word` occurs as a whole identifier.
fn word_at(text: &str, word: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
            out.push(start);
        }
        from = end;
    }
    out
}

fn has_word(text: &str, word: &str) -> bool {
    !word_at(text, word).is_empty()
}

/// `word:` (an object key) or `.word =` (an assignment, not `==`).
fn sets_property(text: &str, word: &str) -> bool {
    word_at(text, word).into_iter().any(|start| {
        let after = text[start + word.len()..].trim_start();
        let key = after.starts_with(':');
        let assigned =
            text[..start].ends_with('.') && after.starts_with('=') && !after.starts_with("==");
        key || assigned
    })
}

/// The text of `fn name` up to the next item at column 0.
fn fn_body<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let start = text.find(&format!("fn {name}("))?;
    let rest = &text[start..];
    let end = rest.find("\n}\n").map_or(rest.len(), |e| e + 3);
    Some(&rest[..end])
}
