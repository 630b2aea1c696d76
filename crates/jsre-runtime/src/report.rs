//! Printing an uncaught exception: `Uncaught Name: message` and the stack with file:line.

use boa_engine::{Context, JsError, JsValue, js_string};

use crate::Exit;

/// Stack lines printed for an uncaught error; runaway recursion would print thousands.
const MAX_STACK_LINES: usize = 20;

/// Prints an uncaught error to stderr; the program then ends with exit code 1.
pub fn uncaught(err: &JsError, ctx: &mut Context) -> Exit {
    crate::modules::console::flush();
    eprintln!("{}", describe(err, ctx));
    Exit::Uncaught
}

/// `Uncaught Name: message` followed by the stack lines, as one string.
pub fn describe(err: &JsError, ctx: &mut Context) -> String {
    let value = match err.clone().into_opaque(ctx) {
        Ok(v) => v,
        Err(_) => return format!("Uncaught {err}"),
    };
    let Some(obj) = value.as_object() else {
        return format!("Uncaught {}", crate::js::plain_text(&value));
    };
    let text = |v: JsValue| -> Option<String> {
        if v.is_undefined() {
            None
        } else {
            Some(crate::js::plain_text(&v))
        }
    };
    let name = obj
        .get(js_string!("name"), ctx)
        .ok()
        .and_then(text)
        .unwrap_or_else(|| "Error".into());
    let message = obj
        .get(js_string!("message"), ctx)
        .ok()
        .and_then(text)
        .unwrap_or_default();
    let stack = obj
        .get(js_string!("stack"), ctx)
        .ok()
        .and_then(text)
        .unwrap_or_default();
    let mut out = if message.is_empty() {
        format!("Uncaught {name}")
    } else {
        format!("Uncaught {name}: {message}")
    };
    let lines: Vec<&str> = stack.lines().filter(|l| !l.trim().is_empty()).collect();
    for line in lines.iter().take(MAX_STACK_LINES) {
        out.push_str("\n    ");
        out.push_str(&unshift_first_line(line.trim()));
    }
    if lines.len() > MAX_STACK_LINES {
        out.push_str(&format!("\n    ... {} more", lines.len() - MAX_STACK_LINES));
    }
    out
}

/// A stack line pointing into line 1 of a file module counts the wrapper's prefix in
/// its column; take it off (`at f (/a/main.js:1:70)` -> `(/a/main.js:1:8)`).
fn unshift_first_line(line: &str) -> String {
    let Some(body) = line.strip_suffix(')') else {
        return line.to_string();
    };
    let Some(at) = body.rfind(":1:") else {
        return line.to_string();
    };
    let (head, col) = body.split_at(at);
    let is_file_module = head
        .rfind('(')
        .is_some_and(|p| !head[p + 1..].starts_with("jsre:"));
    match col[3..].parse::<usize>() {
        Ok(c) if is_file_module && c > crate::require::WRAPPER_HEAD.len() => {
            format!("{head}:1:{})", c - crate::require::WRAPPER_HEAD.len())
        }
        _ => line.to_string(),
    }
}
