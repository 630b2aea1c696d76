//! A bound on how deeply a source nests, checked before Boa parses it.
//!
//! Boa's parser and bytecode compiler recurse once per level of nesting and have no
//! limit of their own (boa-dev/boa#4397): about 2,300 nested parentheses, or 15,000
//! chained arrows, exhaust even our 64 MiB stack, and the process aborts. Every source we
//! compile (files, `eval`, `Function`) is first scanned here, and one that would need
//! more than half the stack is refused with an error instead.
//!
//! The scan is a light tokenizer: it skips comments (HTML-like ones too), strings,
//! template text and regular expressions, with Boa's line terminators and white space,
//! and estimates the stack the parser needs at each point as
//! - [`BRACKET_COST`] for each open `(`, `[`, `{` and template `${`, plus
//! - [`HEAVY_COST`] or [`LIGHT_COST`] for each token that may nest what follows (or what
//!   precedes) inside itself: statement keywords and arrows (`else if` once); operators,
//!   calls, member accesses, comma operators. They count until the statement surely
//!   ended: at a `;` not followed by `else`, `catch`, `finally` or an open `do`'s
//!   `while`; where a semicolon is inserted at a line break, or a block's `}` is followed
//!   by a new statement; at a `case`. A `,` between the elements of a list (array and
//!   object literals, arguments, parameters, `var`/`let`/`const` declarations) starts
//!   the next element afresh.
//!
//! The costs are what Boa 0.22's release build was measured to use per level, rounded
//! up (a paren 29 KiB, the worst bracket; an arrow or `for` 4.5 KiB; a unary or binary
//! operator, a call or an assignment 1.6-2.3 KiB), and every counted token is at most one
//! level, so the estimate only over-counts: a refused source nests more than about 1,000
//! brackets, 6,500 statements or arrows, or 13,000 operators deep. No file of a 146 MB
//! corpus of real JavaScript comes within a tenth of that.
//!
//! This guards against code that nests by accident (generated code, a fuzzer). It is not
//! a sandbox: a source written to mislead a tokenizer about where a regular expression
//! starts may still get past it, and code given to `eval` can end the process anyway.

/// The stack one source may need: half of [`crate::JS_STACK_SIZE`], leaving the other
/// half to the JavaScript (and native) frames below an `eval`.
const BUDGET: usize = crate::JS_STACK_SIZE / 2;

/// Stack per open bracket (a parenthesised expression, the worst kind, measured 29 KiB).
const BRACKET_COST: usize = 30 * 1024;

/// Stack per statement keyword or arrow (an arrow or a `for`, the worst, 4.5 KiB).
const HEAVY_COST: usize = 5 * 1024;

/// Stack per operator, call, member access or comma (the worst, a unary, 2.3 KiB).
const LIGHT_COST: usize = 5 * 1024 / 2;

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
             brackets or 6,500 chained statements)",
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
    /// A call's arguments or a function's parameters: a list, commas separate.
    Arguments,
    /// An array literal: its commas separate elements.
    Array,
    /// `a[...]`: an expression, commas and all.
    Index,
    Block,
    Object,
    /// A template literal's `${ ... }`.
    Substitution,
}

struct Frame {
    kind: Kind,
    /// Stack counted for chained tokens in this frame since its last reset.
    chain: usize,
    /// A `(` right after `if`/`for`/`while`/`with`/`switch`/`catch`: what follows its `)`
    /// is a statement, not the rest of an expression.
    head: bool,
    /// `do` statements in this frame still waiting for their `while`.
    open_dos: usize,
    /// In a `var`/`let`/`const` list: its commas separate declarations.
    declaring: bool,
}

impl Frame {
    fn new(kind: Kind, head: bool) -> Self {
        Frame {
            kind,
            chain: 0,
            head,
            open_dos: 0,
            declaring: false,
        }
    }
}

/// What the previous token was, for the choices the next one depends on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Prev {
    /// Start, or an operator or keyword after which an expression begins: a `/` starts
    /// a regular expression, a `{` an object literal.
    Operator,
    /// `:`, as `Operator`, except that a `{` after it starts a block unless we are in an
    /// object literal (`case 1: {`, `label: {`).
    Colon,
    /// `=>`: a `{` starts a function body.
    Arrow,
    /// `if`, `for`, `while`, `with`, `switch`, `catch`.
    HeadKeyword,
    /// `function`: a name or a `(` of parameters follows, not a call.
    Function,
    /// `.`, `?.` or `#`: a property name follows, keyword or not.
    Member,
    /// The `)` of such a keyword's head, `do`, `;`, `{`: a statement begins.
    Statement,
    /// `else` or `finally`: a statement begins (an `if` right after is the same level).
    Else,
    /// An identifier, literal, `)` of a call or group, `]`, `}`: a `/` divides, a line
    /// break may end the statement, a `(` or `[` is a call or an index.
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
    /// A line terminator since the previous token.
    newline: bool,
    /// Only white space and comments since the last line terminator (or the start):
    /// where `-->` starts a comment.
    line_start: bool,
    /// A `;` was seen: its frame's count resets at the next token, unless that token
    /// continues the statement (`else`, `catch`, `finally`, a do-while's `while`).
    semicolon: bool,
    /// The previous token closed a block: a statement that starts next starts afresh
    /// (`if(a){b}c=1`), unless it continues the one before (`else`, `catch`, ...).
    block_closed: bool,
    /// Whether `await` and `yield` can be operators here, found out at the first of each:
    /// outside async functions and generators they are plain names in a script
    /// (`await / 2` divides), so they are operators only in a source that has an
    /// `async`, or a `*` that may make a generator.
    await_is_operator: Option<bool>,
    yield_is_operator: Option<bool>,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a [u8]) -> Self {
        Scanner {
            src,
            pos: 0,
            line: 1,
            frames: vec![Frame::new(Kind::Top, false)],
            chained: 0,
            prev: Prev::Statement,
            newline: false,
            line_start: true,
            semicolon: false,
            block_closed: false,
            await_is_operator: None,
            yield_is_operator: None,
        }
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.src.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn advance(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.src.len());
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
            self.line_start = false;
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
                self.advance(1);
                if self.prev == Prev::Value {
                    // A tagged template nests like a call.
                    self.count(LIGHT_COST)?;
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
                self.advance(1);
                let after_value = self.prev == Prev::Value;
                if c != b'{' && after_value {
                    // A call or an index: `f()()()` nests each in the one after it.
                    self.count(LIGHT_COST)?;
                }
                let kind = match (c, self.prev) {
                    (b'(', Prev::Value | Prev::Function) => Kind::Arguments,
                    (b'(', _) => Kind::Paren,
                    (b'[', _) if after_value => Kind::Index,
                    (b'[', _) => Kind::Array,
                    (_, Prev::Operator) => Kind::Object,
                    (_, Prev::Colon) if self.frame().kind == Kind::Object => Kind::Object,
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
                self.advance(1);
                self.close(c)
            }
            b';' => {
                self.settle(false);
                self.advance(1);
                self.end_statement();
                self.prev = Prev::Statement;
                Ok(())
            }
            b',' => {
                self.settle(false);
                self.advance(1);
                self.prev = Prev::Operator;
                let frame = self.frame();
                if matches!(frame.kind, Kind::Array | Kind::Object | Kind::Arguments)
                    || frame.declaring
                {
                    self.reset();
                    return Ok(());
                }
                self.count(LIGHT_COST)
            }
            b'#' => {
                self.settle(false);
                self.advance(1);
                self.prev = Prev::Member;
                Ok(())
            }
            b'.' | b'?'
                if c == b'.' || (self.peek(1) == b'.' && !self.peek(2).is_ascii_digit()) =>
            {
                self.settle(false);
                let spread = c == b'.' && self.peek(1) == b'.';
                self.advance(if spread {
                    3
                } else if c == b'?' {
                    2
                } else {
                    1
                });
                let member = !spread && self.prev == Prev::Value;
                self.prev = if spread { Prev::Operator } else { Prev::Member };
                if member {
                    // `a.b.c` nests each access in the next, like calls.
                    return self.count(LIGHT_COST);
                }
                Ok(())
            }
            b'=' if self.peek(1) == b'>' => {
                self.settle(false);
                self.advance(2);
                self.prev = Prev::Arrow;
                self.count(HEAVY_COST)
            }
            b'+' | b'-' if self.peek(1) == c => {
                self.settle(false);
                self.advance(2);
                // Postfix after a value (still a value), prefix otherwise.
                if self.prev != Prev::Value {
                    self.prev = Prev::Operator;
                    return self.count(LIGHT_COST);
                }
                Ok(())
            }
            _ if is_operator(c) => {
                self.settle(false);
                // Each operator in a run counts: `!!!!x` nests four times, `a===-b` twice.
                let start = self.pos;
                self.advance(1);
                self.take_while(|b| is_operator(b) && b != b'/');
                let run = &self.src[start..self.pos];
                self.prev = if run.ends_with(b":") {
                    Prev::Colon
                } else {
                    Prev::Operator
                };
                for _ in 0..operator_count(run) {
                    self.count(LIGHT_COST)?;
                }
                Ok(())
            }
            _ => {
                // `@`, stray bytes: nothing that nests.
                self.settle(false);
                self.advance(1);
                self.prev = Prev::Value;
                Ok(())
            }
        }
    }

    /// An identifier or keyword.
    fn word(&mut self, word: &[u8]) -> Result<(), TooDeep> {
        if self.prev == Prev::Member {
            // A property name: `x.if`, `p.catch(...)`, `this.#do` are plain names.
            self.settle(false);
            self.prev = Prev::Value;
            return Ok(());
        }
        match word {
            // These go on with the statement before them: no reset.
            b"else" | b"finally" => {
                self.semicolon = false;
                self.prev = Prev::Else;
                if word == b"else" {
                    return self.count(HEAVY_COST);
                }
                Ok(())
            }
            b"catch" => {
                self.semicolon = false;
                self.prev = Prev::HeadKeyword;
                Ok(())
            }
            // The end of a `do ... while (c)`: no reset either.
            b"while" if self.frame().open_dos > 0 => {
                self.semicolon = false;
                self.frame_mut().open_dos -= 1;
                self.prev = Prev::HeadKeyword;
                Ok(())
            }
            // `else if` is one level, counted at the `else`.
            b"if" if self.prev == Prev::Else => {
                self.prev = Prev::HeadKeyword;
                Ok(())
            }
            // `for await (`: the head is still to come.
            b"await" if self.prev == Prev::HeadKeyword => Ok(()),
            b"if" | b"for" | b"while" | b"with" | b"switch" => {
                self.settle(true);
                self.prev = Prev::HeadKeyword;
                self.count(HEAVY_COST)
            }
            b"do" => {
                self.settle(true);
                self.frame_mut().open_dos += 1;
                self.prev = Prev::Statement;
                self.count(HEAVY_COST)
            }
            b"extends" => {
                self.settle(false);
                self.prev = Prev::Operator;
                self.count(HEAVY_COST)
            }
            b"in" | b"instanceof" => {
                self.settle(false);
                self.prev = Prev::Operator;
                self.count(LIGHT_COST)
            }
            b"await" if !self.await_is_operator() => self.name(),
            b"yield" if !self.yield_is_operator() => self.name(),
            b"new" | b"typeof" | b"void" | b"delete" | b"await" | b"yield" => {
                self.settle(true);
                self.prev = Prev::Operator;
                self.count(LIGHT_COST)
            }
            // A new clause of a switch: the one before it has ended.
            b"case" | b"default" => {
                self.semicolon = false;
                self.reset();
                self.prev = Prev::Operator;
                Ok(())
            }
            b"function" => {
                self.settle(true);
                self.prev = Prev::Function;
                Ok(())
            }
            b"var" | b"let" | b"const" => {
                self.settle(true);
                self.frame_mut().declaring = true;
                self.prev = Prev::Operator;
                Ok(())
            }
            // A line break after these does not end the statement.
            b"return" | b"throw" | b"class" | b"async" | b"static" | b"get" | b"set" => {
                self.settle(true);
                self.prev = Prev::Operator;
                Ok(())
            }
            _ => self.name(),
        }
    }

    fn await_is_operator(&mut self) -> bool {
        let src = self.src;
        *self
            .await_is_operator
            .get_or_insert_with(|| contains(src, b"async"))
    }

    fn yield_is_operator(&mut self) -> bool {
        let src = self.src;
        *self
            .yield_is_operator
            .get_or_insert_with(|| may_declare_generator(src))
    }

    /// A name (an identifier, or a word used as one).
    fn name(&mut self) -> Result<(), TooDeep> {
        self.settle(true);
        // A function's name: its `(` holds parameters, not a call's arguments.
        self.prev = if self.prev == Prev::Function {
            Prev::Function
        } else {
            Prev::Value
        };
        Ok(())
    }

    /// Applies a pending reset before a token: after a `;`, or where a statement surely
    /// ended before a token that can start one: at a line break where a semicolon is
    /// inserted, or after a block (a value before it, in both cases).
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

    fn frame_mut(&mut self) -> &mut Frame {
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn reset(&mut self) {
        self.chained -= std::mem::take(&mut self.frame_mut().chain);
    }

    /// A `;`: the statement before it ends, and with it any declaration list.
    fn end_statement(&mut self) {
        self.frame_mut().declaring = false;
        self.semicolon = true;
    }

    fn count(&mut self, cost: usize) -> Result<(), TooDeep> {
        self.frame_mut().chain += cost;
        self.chained += cost;
        self.within_budget()
    }

    fn open(&mut self, kind: Kind, head: bool) -> Result<(), TooDeep> {
        self.frames.push(Frame::new(kind, head));
        self.within_budget()
    }

    fn within_budget(&self) -> Result<(), TooDeep> {
        let demand = (self.frames.len() - 1) * BRACKET_COST + self.chained;
        if demand > BUDGET {
            return Err(TooDeep { line: self.line });
        }
        Ok(())
    }

    /// A closing bracket: pops the innermost frame when it is the one this closes, and
    /// is ignored otherwise (Boa reports the imbalance; a closer never pops more).
    fn close(&mut self, c: u8) -> Result<(), TooDeep> {
        let kind = self.frame().kind;
        let closes = match c {
            b')' => matches!(kind, Kind::Paren | Kind::Arguments),
            b']' => matches!(kind, Kind::Array | Kind::Index),
            _ => matches!(kind, Kind::Block | Kind::Object | Kind::Substitution),
        };
        self.prev = Prev::Value;
        if !closes {
            return Ok(());
        }
        let Some(frame) = self.frames.pop() else {
            return Ok(());
        };
        self.chained -= frame.chain;
        if frame.head {
            self.prev = Prev::Statement;
        }
        if frame.kind == Kind::Substitution {
            // Back in the template's text.
            return self.template();
        }
        Ok(())
    }

    /// Template text after the opening backtick or a substitution's `}`: up to the
    /// closing backtick, or into the next `${`.
    fn template(&mut self) -> Result<(), TooDeep> {
        while let Some(&c) = self.src.get(self.pos) {
            self.advance(1);
            match c {
                b'\\' => self.skip_escaped(),
                b'\n' => self.line += 1,
                b'`' => {
                    self.prev = Prev::Value;
                    return Ok(());
                }
                b'$' if self.peek(0) == b'{' => {
                    self.advance(1);
                    self.prev = Prev::Operator;
                    return self.open(Kind::Substitution, false);
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn string(&mut self, quote: u8) {
        self.advance(1);
        while let Some(&c) = self.src.get(self.pos) {
            match c {
                b'\\' => {
                    self.advance(1);
                    self.skip_escaped();
                }
                // Unterminated (U+2028 and U+2029 may stand in a string): Boa will
                // report it.
                b'\n' | b'\r' => return,
                _ => {
                    self.advance(1);
                    if c == quote {
                        return;
                    }
                }
            }
        }
    }

    fn regex(&mut self) {
        self.advance(1);
        let mut in_class = false;
        while let Some(&c) = self.src.get(self.pos) {
            if self.line_terminator() > 0 {
                return;
            }
            self.advance(1);
            match c {
                b'\\' if self.line_terminator() == 0 => self.advance(1),
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => {
                    self.take_while(is_ident_part);
                    return;
                }
                _ => {}
            }
        }
    }

    /// A numeric literal: digits and letters (`0x1F`, `1e5`, `10n`), one `.` before any
    /// exponent in a decimal, and the exponent's sign. `1..a` is `1.` then `.a`.
    fn number(&mut self) {
        let start = self.pos;
        let radix = self.peek(0) == b'0' && matches!(self.peek(1) | 0x20, b'x' | b'o' | b'b');
        let mut dot_allowed = !radix;
        while let Some(&c) = self.src.get(self.pos) {
            let exponent =
                !radix && self.pos > start && matches!(self.src[self.pos - 1], b'e' | b'E');
            let take = match c {
                b'.' if dot_allowed => {
                    dot_allowed = false;
                    true
                }
                b'e' | b'E' if !radix => {
                    dot_allowed = false;
                    true
                }
                b'+' | b'-' => exponent,
                _ => c.is_ascii_alphanumeric() || c == b'_',
            };
            if !take {
                break;
            }
            self.advance(1);
        }
    }

    /// What follows a backslash in a string or template: one character, or a line
    /// continuation (CR LF as one).
    fn skip_escaped(&mut self) {
        match self.line_terminator() {
            0 => self.advance(1),
            n => {
                self.line += 1;
                self.advance(n);
            }
        }
    }

    /// The length of the line terminator at `pos` (LF, CR, CR LF, U+2028, U+2029), or 0.
    fn line_terminator(&self) -> usize {
        match (self.peek(0), self.peek(1), self.peek(2)) {
            (b'\r', b'\n', _) => 2,
            (b'\n' | b'\r', _, _) => 1,
            (0xe2, 0x80, 0xa8 | 0xa9) => 3,
            _ => 0,
        }
    }

    /// The length of the white space character at `pos` (Boa's set), or 0.
    fn white_space(&self) -> usize {
        match (self.peek(0), self.peek(1), self.peek(2)) {
            (b' ' | b'\t' | 0x0b | 0x0c, _, _) => 1,
            (0xc2, 0xa0, _) => 2,
            (0xef, 0xbb, 0xbf) | (0xe1, 0x9a, 0x80) | (0xe3, 0x80, 0x80) => 3,
            (0xe2, 0x80, 0x80..=0x8a | 0xaf) | (0xe2, 0x81, 0x9f) => 3,
            _ => 0,
        }
    }

    fn skip_space_and_comments(&mut self) {
        while self.pos < self.src.len() {
            let terminator = self.line_terminator();
            if terminator > 0 {
                self.line += 1;
                self.newline = true;
                self.line_start = true;
                self.advance(terminator);
                continue;
            }
            let space = self.white_space();
            if space > 0 {
                self.advance(space);
                continue;
            }
            let rest = &self.src[self.pos..];
            let html_close = self.line_start && rest.starts_with(b"-->");
            if rest.starts_with(b"//") || rest.starts_with(b"<!--") || html_close {
                while self.pos < self.src.len() && self.line_terminator() == 0 {
                    self.advance(1);
                }
            } else if rest.starts_with(b"/*") {
                self.advance(2);
                while self.pos < self.src.len() && !self.src[self.pos..].starts_with(b"*/") {
                    match self.line_terminator() {
                        0 => self.advance(1),
                        n => {
                            self.line += 1;
                            self.newline = true;
                            self.line_start = true;
                            self.advance(n);
                        }
                    }
                }
                self.advance(2);
            } else {
                return;
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

/// How many operators a run of operator characters holds, longest first (`>>>=` is one,
/// `!!` two).
fn operator_count(mut run: &[u8]) -> usize {
    const LONGER: [&[u8]; 30] = [
        b">>>=", b"===", b"!==", b"**=", b"<<=", b">>=", b">>>", b"&&=", b"||=", b"??=", b"==",
        b"!=", b"<=", b">=", b"&&", b"||", b"??", b"**", b"<<", b">>", b"+=", b"-=", b"*=", b"%=",
        b"&=", b"|=", b"^=", b"++", b"--", b"=>",
    ];
    let mut count = 0;
    while !run.is_empty() {
        let len = LONGER
            .iter()
            .find(|op| run.starts_with(op))
            .map_or(1, |op| op.len());
        run = &run[len..];
        count += 1;
    }
    count
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether `src` has a `*` that may make a generator: one that is neither `**`, `*=`
/// nor part of a comment's `/*` or `*/`, followed by a name or `(` (`function* g(`,
/// `*method(`). Errs towards yes.
fn may_declare_generator(src: &[u8]) -> bool {
    src.iter().enumerate().any(|(i, &c)| {
        if c != b'*' || (i > 0 && matches!(src[i - 1], b'*' | b'/')) {
            return false;
        }
        let after = src[i + 1..]
            .iter()
            .copied()
            .find(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        !matches!(after, b'*' | b'/' | b'=')
            && (is_ident_start(after) || after == b'(' || after == b'[')
    })
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
    fn statements_and_arrows_are_bounded_near_six_thousand_five_hundred() {
        for (unit, end) in [
            ("x => ", "1"),
            ("for (;0;) ", ";"),
            ("while (0) ", ";"),
            ("if (0) ", ";"),
            ("with (a) ", ";"),
            ("1 ? 1 : ", "1"),
            ("class extends ", "Object"),
        ] {
            let fits = format!("{}{end}", unit.repeat(6000));
            assert!(check(&fits).is_ok(), "{unit}");
            let too_deep = format!("{}{end}", unit.repeat(7000));
            assert!(check(&too_deep).is_err(), "{unit}");
        }
    }

    #[test]
    fn operators_calls_and_members_are_bounded_near_thirteen_thousand() {
        // Each unit nests this many times.
        for (unit, nests) in [
            ("!", 1),
            ("- ", 1),
            ("typeof ", 1),
            ("new ", 1),
            ("1 + ", 1),
            ("a = ", 1),
            ("1, ", 1),
            ("l: ", 1),
            ("()", 1),
            ("[0]", 1),
            ("``", 1),
            ("(1)(2)", 2),
            (".a", 1),
            ("?.a", 1),
        ] {
            let fits = format!("f{}1", unit.repeat(12_000 / nests));
            assert!(check(&fits).is_ok(), "{unit}");
            let too_deep = format!("f{}1", unit.repeat(14_000 / nests));
            assert!(check(&too_deep).is_err(), "{unit}");
        }
    }

    #[test]
    fn else_if_chains_count_across_semicolons_and_blocks() {
        // `else if` is one level, counted once (with what its statement holds).
        for (unit, fits) in [
            ("if (x) {} else ", 6000),
            ("if (x) ; else ", 6000),
            ("if (x) y = 1\nelse ", 4000),
        ] {
            assert!(check(&(unit.repeat(fits) + ";")).is_ok(), "{unit}");
            assert!(check(&(unit.repeat(7000) + ";")).is_err(), "{unit}");
        }
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

    fn parens(n: usize) -> String {
        "(".repeat(n)
    }

    fn closers(n: usize) -> String {
        ")".repeat(n)
    }

    /// Ways a first version of this scanner was led to miss nesting (found in review).
    #[test]
    fn what_boa_reads_as_code_or_comment_is_read_so_here() {
        let deep = format!("{}1{}", parens(3000), closers(3000));
        // A `//` comment ends at any line terminator.
        for terminator in ["\r", "\u{2028}", "\u{2029}", "\r\n"] {
            let source = format!("//{terminator}{deep}");
            assert!(check(&source).is_err(), "{terminator:?}");
        }
        // A line continuation over CR LF keeps the string going.
        let source = format!("{}'\\\r\n{}'", parens(1100), closers(1100));
        assert!(check(&source).is_err());
        // HTML-like comments hide the rest of their line.
        for comment in ["1 <!--", "1\n-->"] {
            let part = format!("{}{comment}{}\n+", parens(1000), closers(1000));
            let source = format!("x = {}1{}", part.repeat(3), closers(3000));
            assert!(check(&source).is_err(), "{comment}");
        }
        // No-break space and the byte-order mark are white space: a regex follows `(`.
        for space in ["\u{a0}", "\u{feff}"] {
            let part = format!("{}{space}/{}/,", parens(1000), "\\)".repeat(1000));
            let source = format!("x = {}1{}", part.repeat(3), closers(3000));
            assert!(check(&source).is_err(), "{space:?}");
        }
        // Keywords as property names are names: a division follows them.
        for name in ["do", "else", "if(0)", "catch(0)", "while(0)"] {
            let source = format!("y = x.{name} / {deep} / 1");
            assert!(check(&source).is_err(), "{name}");
        }
        // A number takes one `.`: in `1..a.a`, the accesses are accesses.
        let source = format!("x = 1..a{}", ".a".repeat(14_000));
        assert!(check(&source).is_err());
        assert!(check(&format!("x = 1.5.a{}", ".a".repeat(14_000))).is_err());
        // But a comma expression still nests: `(a(), b(), ...)`.
        assert!(check(&format!("x = ({}0)", "a(), ".repeat(14_000))).is_err());
        // `for await (...)` is a statement head like `for (...)`.
        let source = format!("for await (x of []) /[/*]/;\nx = {deep} //*/");
        assert!(check(&source).is_err());
    }

    #[test]
    fn await_and_yield_are_names_where_nothing_makes_them_operators() {
        let deep = format!("{}1{}", parens(3000), closers(3000));
        for word in ["await", "yield"] {
            let source = format!("var {word} = 1; x = {word} / {deep} / 1");
            assert!(check(&source).is_err(), "{word}");
        }
        // In an async function or a generator, they are operators: a regex follows.
        let regex = format!("/{}/", "\\(".repeat(3000));
        assert_eq!(
            check(&format!("async function f() {{ await {regex} }}")),
            Ok(())
        );
        assert_eq!(check(&format!("function* g() {{ yield {regex} }}")), Ok(()));
        assert!(!may_declare_generator(b"a ** b; a *= 2; /* c */ x * 2"));
        assert!(may_declare_generator(b"class A { *items() {} }"));
    }

    #[test]
    fn statements_still_open_keep_their_count() {
        for unit in [
            "if (0) do ; while (0); else ",
            "if (0) try {} catch (e) {} else ",
            "if (0) try {} finally {} else ",
            "if (0) var\nx; else ",
        ] {
            assert!(check(&(unit.repeat(7000) + ";")).is_err(), "{unit}");
        }
        assert!(check(&("x = 1".to_string() + &"+function\nf(){}".repeat(14_000))).is_err());
        assert!(check(&format!("x = {}1", "0 ? function\nf(){} : ".repeat(7000))).is_err());
    }

    #[test]
    fn commas_separate_only_array_and_object_elements() {
        let index = format!("x = a[{}1]", "1,".repeat(14_000));
        assert!(check(&index).is_err());
        let case_block = format!("switch (1) {{ case 0: {{{}1}} }}", "1,".repeat(14_000));
        assert!(check(&case_block).is_err());
        let arguments = format!("String.fromCharCode({}1)", "65, ".repeat(7000));
        assert_eq!(check(&arguments), Ok(()));
    }

    #[test]
    fn long_flat_code_is_not_refused() {
        let cases: String = (0..7000).map(|i| format!("case {i}: ")).collect();
        assert_eq!(check(&format!("switch (c) {{ {cases} return 1 }}")), Ok(()));
        let blocks: String = (0..7000)
            .map(|i| format!("case {i}: {{x = {i}}}"))
            .collect();
        assert_eq!(check(&format!("switch (c) {{ {blocks} }}")), Ok(()));
        let concatenation = "'a line of text' +\n".repeat(7000) + "''";
        assert_eq!(check(&concatenation), Ok(()));
        let declarations: String = (0..1400)
            .map(|i| format!("f{i} = M._f{i} = function () {{ return (f{i} = M._f{i} = M.asm.a{i}).apply(null, arguments) }},"))
            .collect();
        assert_eq!(check(&format!("var {declarations} end = 1;")), Ok(()));
        let methods = "class A { a() {} get b() { return 1 } static c(x) { return x } }\n";
        assert_eq!(check(&methods.repeat(20_000)), Ok(()));
        // Found in review: minified statements after blocks, long comparisons, lists.
        let minified: String = (0..20_000)
            .map(|i| format!("if(a==={i}){{a=a+1}}"))
            .collect();
        assert_eq!(
            check(&format!("function f(a){{{minified}return a}}")),
            Ok(())
        );
        let loops: String = (0..20_000).map(|i| format!("while(a>{i})a--;")).collect();
        assert_eq!(check(&loops), Ok(()));
        let tests: Vec<String> = (0..6000).map(|i| format!("a === {i}")).collect();
        assert_eq!(check(&tests.join(" || ")), Ok(()));
        let arguments: Vec<String> = (0..50_000).map(|i| i.to_string()).collect();
        assert_eq!(check(&format!("f({})", arguments.join(", "))), Ok(()));
        let parameters: Vec<String> = (0..50_000).map(|i| format!("p{i}")).collect();
        assert_eq!(
            check(&format!("function g({}) {{}}", parameters.join(", "))),
            Ok(())
        );
        let declarations: Vec<String> = (0..50_000).map(|i| format!("a{i} = {i}")).collect();
        assert_eq!(check(&format!("var {};", declarations.join(", "))), Ok(()));
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
