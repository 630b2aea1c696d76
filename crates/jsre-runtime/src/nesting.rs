//! A bound on how deeply a source nests, checked before Boa parses it.
//!
//! Boa's parser and bytecode compiler recurse once per level of nesting and have no
//! limit of their own (boa-dev/boa#4397): about 2,300 nested parentheses, or 15,000
//! chained arrows, exhaust even our 64 MiB stack, and the process aborts. That is a
//! crash a script can cause with a few kilobytes handed to `eval` or `Function`, so
//! every source we compile (files, `eval`, `Function`) is first scanned here, and one
//! that would need more than half the stack is refused with an error instead.
//!
//! The scan is a light tokenizer: it skips comments, strings, template text and regular
//! expressions, and estimates the stack the parser needs at each point as
//! - [`BRACKET_COST`] for each open `(`, `[`, `{` and template `${`, plus
//! - [`CHAIN_COST`] for each operator or statement keyword that may nest the next
//!   expression or statement inside itself (`!x`, `a + b`, `x => y`, `c ? d : e`,
//!   `if (c) s else`, `for (;;) s`, `l: s`), counted since the last point where the
//!   statement or list element before it had surely ended (`;` not followed by `else`,
//!   a line break where a semicolon would be inserted, a `,` in an array or object).
//!
//! The costs are what Boa 0.22's release build was measured to use per level (a paren
//! 29 KiB, an arrow or `for` 4.5 KiB, the worst of each kind) rounded up, and the
//! estimate only over-counts (every counted token is at most one level), so a refused
//! source is one that nests more than about 1,000 brackets or 6,500 chained operators
//! deep; no hand-written program comes near either.

/// The stack one source may need: half of [`crate::JS_STACK_SIZE`], leaving the other
/// half to the JavaScript (and native) frames below an `eval`.
const BUDGET: usize = crate::JS_STACK_SIZE / 2;

/// Stack per open bracket (a parenthesised expression, the worst kind, measured 29 KiB).
const BRACKET_COST: usize = 30 * 1024;

/// Stack per chained operator or statement keyword (an arrow or a `for`, the worst
/// kinds, measured 4.5 KiB).
const CHAIN_COST: usize = 5 * 1024;

/// A source refused by [`check`]: where the estimate first went over the bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// 1-based line of the token that went over.
    pub line: usize,
}

impl std::fmt::Display for TooDeep {
    /// The reason, without the line (callers say where the source came from).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "the source nests too deeply for jsre's parser (more than about 1,000 \
             brackets or 6,500 chained operators)",
        )
    }
}

/// Refuses `source` when parsing it could exhaust the stack (see the module doc).
pub fn check(source: &str) -> Result<(), TooDeep> {
    Scanner::new(source.as_bytes()).run()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Top,
    Paren,
    Bracket,
    Block,
    Object,
    /// A template literal's `${ ... }`.
    Substitution,
}

struct Frame {
    kind: Kind,
    /// Counted tokens since the last reset in this frame.
    chain: usize,
    /// A `(` right after `if`/`for`/`while`/`with`/`switch`/`catch`: what follows its `)`
    /// is a statement, not the rest of an expression.
    head: bool,
}

/// What the previous token was, for the choices the next one depends on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Prev {
    /// Start, or an operator or keyword after which an expression begins: a `/` starts
    /// a regular expression, a `{` an object literal.
    Operator,
    /// `=>`: a `{` starts a function body.
    Arrow,
    /// `if`, `for`, `while`, `with`, `switch`, `catch`.
    HeadKeyword,
    /// The `)` of such a keyword's head, `else`, `do`, `;`, `{`: a statement begins.
    Statement,
    /// An identifier, literal, `)` of a call or group, `]`, `}`: a `/` divides, and a
    /// line break may end the statement.
    Value,
}

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    line: usize,
    frames: Vec<Frame>,
    /// Sum of the frames' `chain`.
    chained: usize,
    prev: Prev,
    /// A line break since the previous token.
    newline: bool,
    /// The previous token closed a block (a statement, or a function's body).
    block_closed: bool,
    /// A `;` was seen: its frame's count resets unless the next token is `else`.
    semicolon: bool,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a [u8]) -> Self {
        Scanner {
            src,
            pos: 0,
            line: 1,
            frames: vec![Frame {
                kind: Kind::Top,
                chain: 0,
                head: false,
            }],
            chained: 0,
            prev: Prev::Statement,
            newline: false,
            block_closed: false,
            semicolon: false,
        }
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.src.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn run(mut self) -> Result<(), TooDeep> {
        loop {
            self.skip_space_and_comments();
            let Some(&c) = self.src.get(self.pos) else {
                return Ok(());
            };
            let closes_block = c == b'}' && self.frame().kind == Kind::Block;
            self.token(c)?;
            self.newline = false;
            self.block_closed = closes_block;
        }
    }

    fn token(&mut self, c: u8) -> Result<(), TooDeep> {
        if is_ident_start(c) {
            let word = self.take_while(is_ident_part);
            return self.word(word);
        }
        if c.is_ascii_digit() || (c == b'.' && self.peek(1).is_ascii_digit()) {
            self.settle(true);
            self.number();
            self.prev = Prev::Value;
            return Ok(());
        }
        match c {
            b'\'' | b'"' => {
                self.settle(true);
                self.string(c);
                self.prev = Prev::Value;
                Ok(())
            }
            b'`' => {
                self.settle(false);
                self.pos += 1;
                if self.prev == Prev::Value {
                    // A tagged template, a call like `f()`.
                    self.count()?;
                }
                self.template()
            }
            b'/' if self.prev != Prev::Value => {
                self.settle(false);
                self.regex();
                self.prev = Prev::Value;
                Ok(())
            }
            b'(' | b'[' | b'{' => {
                self.settle(false);
                self.pos += 1;
                if c != b'{' && self.prev == Prev::Value {
                    // A call or an index: `f()()()` nests each in the one after it.
                    self.count()?;
                }
                let kind = match c {
                    b'(' => Kind::Paren,
                    b'[' => Kind::Bracket,
                    _ if self.prev == Prev::Operator => Kind::Object,
                    _ => Kind::Block,
                };
                let head = self.prev == Prev::HeadKeyword;
                self.prev = if kind == Kind::Block {
                    Prev::Statement
                } else {
                    Prev::Operator
                };
                self.open(kind, head)
            }
            b')' | b']' | b'}' => {
                self.settle(false);
                self.pos += 1;
                self.close(c)
            }
            b';' => {
                self.settle(false);
                self.pos += 1;
                self.semicolon = true;
                self.prev = Prev::Statement;
                Ok(())
            }
            b',' => {
                self.settle(false);
                self.pos += 1;
                self.prev = Prev::Operator;
                match self.frame().kind {
                    Kind::Bracket | Kind::Object => {
                        self.reset();
                        Ok(())
                    }
                    _ => self.count(),
                }
            }
            b'.' | b'?'
                if c == b'.' || (self.peek(1) == b'.' && !self.peek(2).is_ascii_digit()) =>
            {
                self.settle(false);
                let spread = c == b'.' && self.peek(1) == b'.';
                let len = if spread {
                    3
                } else if c == b'?' {
                    2
                } else {
                    1
                };
                self.pos = (self.pos + len).min(self.src.len());
                let member = !spread && self.prev == Prev::Value;
                self.prev = Prev::Operator;
                if member {
                    // `a.b.c` nests each access in the next, like calls.
                    return self.count();
                }
                Ok(())
            }
            b'=' if self.peek(1) == b'>' => {
                self.settle(false);
                self.pos += 2;
                self.prev = Prev::Arrow;
                self.count()
            }
            b'+' | b'-' if self.peek(1) == c => {
                self.settle(false);
                self.pos += 2;
                // Postfix after a value (still a value), prefix otherwise.
                if self.prev != Prev::Value {
                    self.prev = Prev::Operator;
                    return self.count();
                }
                Ok(())
            }
            _ if is_operator(c) => {
                self.settle(false);
                // Each character counts: `!!!!x` nests four times, and `===` counting
                // three only over-counts.
                self.pos += 1;
                let run = 1 + self.take_while(|b| is_operator(b) && b != b'/').len();
                self.prev = Prev::Operator;
                for _ in 0..run {
                    self.count()?;
                }
                Ok(())
            }
            _ => {
                // `#private`, `@`, stray bytes: nothing that nests.
                self.settle(false);
                self.pos += 1;
                self.prev = Prev::Value;
                Ok(())
            }
        }
    }

    /// An identifier or keyword.
    fn word(&mut self, word: &[u8]) -> Result<(), TooDeep> {
        let is_else = word == b"else";
        if is_else {
            // The `if` before it goes on: no reset.
            self.semicolon = false;
        } else {
            self.settle(!matches!(word, b"in" | b"instanceof"));
        }
        match word {
            b"if" | b"for" | b"while" | b"with" | b"switch" | b"catch" => {
                self.prev = Prev::HeadKeyword;
                self.count()
            }
            b"else" | b"do" => {
                self.prev = Prev::Statement;
                self.count()
            }
            b"new" | b"typeof" | b"void" | b"delete" | b"await" | b"yield" | b"in"
            | b"instanceof" => {
                self.prev = Prev::Operator;
                self.count()
            }
            b"return" | b"throw" | b"case" | b"extends" => {
                self.prev = Prev::Operator;
                Ok(())
            }
            _ => {
                self.prev = Prev::Value;
                Ok(())
            }
        }
    }

    /// Applies a pending reset before a token: after a `;` (an `else` cancels it), or
    /// where a statement surely ended before it: after a block (`function f() {}
    /// function g() {}`) or at a line break where a semicolon would be inserted, when
    /// the token can start a statement.
    fn settle(&mut self, starts_statement: bool) {
        let ended = self.newline || self.block_closed;
        let inserted = ended && starts_statement && self.prev == Prev::Value;
        if std::mem::take(&mut self.semicolon) || inserted {
            self.reset();
        }
    }

    fn frame(&self) -> &Frame {
        // The top frame is never popped.
        &self.frames[self.frames.len() - 1]
    }

    fn reset(&mut self) {
        let last = self.frames.len() - 1;
        self.chained -= std::mem::take(&mut self.frames[last].chain);
    }

    fn count(&mut self) -> Result<(), TooDeep> {
        let last = self.frames.len() - 1;
        self.frames[last].chain += 1;
        self.chained += 1;
        self.within_budget()
    }

    fn open(&mut self, kind: Kind, head: bool) -> Result<(), TooDeep> {
        self.frames.push(Frame {
            kind,
            chain: 0,
            head,
        });
        self.within_budget()
    }

    fn within_budget(&self) -> Result<(), TooDeep> {
        let demand = (self.frames.len() - 1) * BRACKET_COST + self.chained * CHAIN_COST;
        if demand > BUDGET {
            return Err(TooDeep { line: self.line });
        }
        Ok(())
    }

    /// A closing bracket: pops its frame (and any a mis-scan left open inside it).
    fn close(&mut self, c: u8) -> Result<(), TooDeep> {
        let matches = |k: Kind| match c {
            b')' => k == Kind::Paren,
            b']' => k == Kind::Bracket,
            _ => matches!(k, Kind::Block | Kind::Object | Kind::Substitution),
        };
        let Some(at) = self.frames.iter().rposition(|f| matches(f.kind)) else {
            // Unbalanced (the top frame matches nothing): Boa will report it.
            self.prev = Prev::Value;
            return Ok(());
        };
        while self.frames.len() > at {
            let Some(frame) = self.frames.pop() else {
                break;
            };
            self.chained -= frame.chain;
            self.prev = if frame.head {
                Prev::Statement
            } else {
                Prev::Value
            };
            if frame.kind == Kind::Substitution && c == b'}' {
                // Back in the template's text.
                return self.template();
            }
        }
        Ok(())
    }

    /// Template text after the opening backtick or a substitution's `}`: up to the
    /// closing backtick, or into the next `${`.
    fn template(&mut self) -> Result<(), TooDeep> {
        while let Some(&c) = self.src.get(self.pos) {
            self.pos += 1;
            match c {
                b'\\' => self.skip_escaped(),
                b'\n' => self.line += 1,
                b'`' => {
                    self.prev = Prev::Value;
                    return Ok(());
                }
                b'$' if self.peek(0) == b'{' => {
                    self.pos += 1;
                    self.prev = Prev::Operator;
                    return self.open(Kind::Substitution, false);
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn string(&mut self, quote: u8) {
        self.pos += 1;
        while let Some(&c) = self.src.get(self.pos) {
            self.pos += 1;
            match c {
                b'\\' => self.skip_escaped(),
                // Unterminated: Boa will report it.
                b'\n' => {
                    self.line += 1;
                    return;
                }
                _ if c == quote => return,
                _ => {}
            }
        }
    }

    fn regex(&mut self) {
        self.pos += 1;
        let mut in_class = false;
        while let Some(&c) = self.src.get(self.pos) {
            match c {
                b'\\' => {
                    self.pos += 1;
                    if self.peek(0) != b'\n' {
                        self.pos += 1;
                    }
                    continue;
                }
                b'\n' => return,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => {
                    self.pos += 1;
                    self.take_while(is_ident_part);
                    return;
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn number(&mut self) {
        let start = self.pos;
        let hex = matches!(self.peek(1), b'x' | b'X');
        while let Some(&c) = self.src.get(self.pos) {
            let exponent_sign = (c == b'+' || c == b'-')
                && !hex
                && self.pos > start
                && matches!(self.src[self.pos - 1], b'e' | b'E');
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// The byte after a backslash (a line continuation counts its line).
    fn skip_escaped(&mut self) {
        if self.peek(0) == b'\n' {
            self.line += 1;
        }
        self.pos += 1;
    }

    fn skip_space_and_comments(&mut self) {
        while let Some(&c) = self.src.get(self.pos) {
            match c {
                b'\n' => {
                    self.line += 1;
                    self.newline = true;
                    self.pos += 1;
                }
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => self.pos += 1,
                b'/' if self.peek(1) == b'/' => {
                    while self.pos < self.src.len() && self.src[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'/' if self.peek(1) == b'*' => {
                    self.pos += 2;
                    while self.pos < self.src.len()
                        && !(self.src[self.pos] == b'*' && self.peek(1) == b'/')
                    {
                        if self.src[self.pos] == b'\n' {
                            self.line += 1;
                            self.newline = true;
                        }
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 2).min(self.src.len());
                }
                _ => return,
            }
        }
    }

    fn take_while(&mut self, keep: impl Fn(u8) -> bool) -> &'a [u8] {
        let start = self.pos;
        while self.pos < self.src.len() && keep(self.src[self.pos]) {
            self.pos += 1;
        }
        &self.src[start..self.pos]
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c == b'\\' || c >= 0x80
}

fn is_ident_part(c: u8) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}

fn is_operator(c: u8) -> bool {
    matches!(
        c,
        b'+' | b'-'
            | b'*'
            | b'/'
            | b'%'
            | b'='
            | b'<'
            | b'>'
            | b'!'
            | b'~'
            | b'&'
            | b'|'
            | b'^'
            | b'?'
            | b':'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(open: &str, middle: &str, close: &str, n: usize) -> String {
        format!("{}{middle}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn brackets_are_bounded_near_a_thousand() {
        assert!(check(&deep("(", "1", ")", 1000)).is_ok());
        assert!(check(&deep("(", "1", ")", 1100)).is_err());
        assert!(check(&deep("[", "", "]", 1100)).is_err());
        assert!(check(&deep("x = {a:", "1", "}", 1100)).is_err());
        assert!(check(&deep("`${", "1", "}`", 1100)).is_err());
        assert!(check(&deep("f(", "", ")", 1100)).is_err());
    }

    #[test]
    fn chains_are_bounded_near_six_thousand_five_hundred() {
        for (unit, end) in [
            ("!", "1"),
            ("x => ", "1"),
            ("1 + ", "1"),
            ("a = ", "1"),
            ("for (;0;) ", ";"),
            ("l: ", ";"),
            ("typeof ", "1"),
            ("new ", "Object"),
        ] {
            assert!(
                check(&format!("{}{end}", unit.repeat(6000))).is_ok(),
                "{unit}"
            );
            let too_deep = check(&format!("{}{end}", unit.repeat(7000)));
            assert!(too_deep.is_err(), "{unit}");
        }
    }

    #[test]
    fn a_ternary_counts_its_question_mark_and_colon() {
        assert!(check(&format!("{}1", "1 ? 1 : ".repeat(3000))).is_ok());
        assert!(check(&format!("{}1", "1 ? 1 : ".repeat(3500))).is_err());
        assert!(check(&format!("{}1", "!!!!!".repeat(1400))).is_err());
    }

    #[test]
    fn calls_indexes_members_and_tagged_templates_chain() {
        // Each unit nests the expression before it this many times.
        for (unit, nests) in [
            ("()", 1),
            ("[0]", 1),
            ("``", 1),
            ("(1)(2)", 2),
            (".a", 1),
            ("?.a", 1),
        ] {
            assert!(
                check(&format!("f{}", unit.repeat(6000 / nests))).is_ok(),
                "{unit}"
            );
            assert!(
                check(&format!("f{}", unit.repeat(7000 / nests))).is_err(),
                "{unit}"
            );
        }
    }

    #[test]
    fn else_if_chains_count_across_semicolons_and_blocks() {
        let with_blocks = "if (x) {} else ".repeat(4000) + "{}";
        assert!(check(&with_blocks).is_err());
        let with_empty = "if (x) ; else ".repeat(4000) + ";";
        assert!(check(&with_empty).is_err());
        let with_lines = "if (x) y = 1\nelse ".repeat(4000) + ";";
        assert!(check(&with_lines).is_err());
    }

    #[test]
    fn statements_and_list_elements_start_afresh() {
        assert_eq!(check(&"a = b + c;\n".repeat(100_000)), Ok(()));
        assert_eq!(check(&"a = b + c\n".repeat(100_000)), Ok(()));
        assert_eq!(check(&"a = f(b) + c\n".repeat(100_000)), Ok(()));
        let array = format!("x = [{}];", "-1 + 2, ".repeat(100_000));
        assert_eq!(check(&array), Ok(()));
        let object = format!("x = {{{}}};", "a: 1 + 2, ".repeat(100_000));
        assert_eq!(check(&object), Ok(()));
        let functions = "function f(a, b) { return a ? b : !a; }\n".repeat(50_000);
        assert_eq!(check(&functions), Ok(()));
        let minified = "function f(a,b){return a?b:!a}".repeat(50_000);
        assert_eq!(check(&minified), Ok(()));
        let calls = "f(a)(b).c[d](e)?.g.h\n".repeat(50_000);
        assert_eq!(check(&calls), Ok(()));
    }

    #[test]
    fn text_that_is_not_code_is_skipped() {
        let n = 5000;
        for text in [
            format!("'{}'", "(".repeat(n)),
            format!("\"{}\"", "!".repeat(n)),
            format!("`{}`", "[".repeat(n)),
            format!("// {}\n1", "(".repeat(n)),
            format!("/* {} */ 1", "+".repeat(n)),
            format!("x = /{}/g", "\\(".repeat(n)),
            format!("x = /[{}]/", "(".repeat(n)),
        ] {
            assert_eq!(check(&text), Ok(()), "{}", &text[..20]);
        }
        // A division is not a regular expression: what follows it is code.
        assert!(check(&format!("a / 2 / {}1", "(".repeat(1100))).is_err());
    }

    #[test]
    fn the_refusal_names_the_line() {
        let source = format!("var a = 1;\n\n{}", deep("(", "1", ")", 1100));
        assert_eq!(check(&source), Err(TooDeep { line: 3 }));
    }

    #[test]
    fn unbalanced_and_odd_input_never_panics() {
        for s in [
            ")", "]]]", "}", "'", "`${", "`${}`}", "/", "/*", "a /", "1e", "0x1e+", "\\", "?.",
            "...", "#x", "\u{2028}", "=>",
        ] {
            let _ = check(s);
        }
    }
}
