//! CommonJS: `require`, `module`, `exports`, caching and cycles, as in Node.
//!
//! A file module runs inside `(function (exports, require, module, __filename,
//! __dirname) { ... })`, written on the source's first line so line numbers stay true.

use std::path::{Path, PathBuf};

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsFunction;
use boa_engine::property::Attribute;
use boa_engine::{
    Context, JsError, JsNativeError, JsObject, JsResult, JsValue, NativeFunction, Script, Source,
    js_string,
};

use crate::host::host;
use crate::js;
use crate::modules;

/// The wrapper's first-line prefix; positions on line 1 are shifted by its length.
pub const WRAPPER_HEAD: &str = "(function (exports, require, module, __filename, __dirname) {";
const WRAPPER_TAIL: &str = "\n})";

/// A script that does not compile: where and why.
#[derive(Debug)]
pub struct CompileError {
    /// `file:line:column: SyntaxError: message`
    pub message: String,
}

/// Compiles a file module's source into its wrapper function.
pub fn compile(ctx: &mut Context, path: &Path, source: &str) -> Result<JsFunction, CompileError> {
    // A leading `#!` line is legal in a script file but not inside the wrapper.
    let body = match source.strip_prefix("#!") {
        Some(rest) => format!("//{rest}"),
        None => source.to_string(),
    };
    let wrapped = format!("{WRAPPER_HEAD}{body}{WRAPPER_TAIL}");
    // Boa's parser has no depth limit of its own: a too deeply nested source would
    // overflow the stack and abort the process.
    if let Err(deep) = crate::nesting::check(&wrapped) {
        return Err(CompileError {
            message: format!("{}:{}: SyntaxError: {deep}", path.display(), deep.line),
        });
    }
    let parsed = Script::parse(Source::from_bytes(&wrapped).with_path(path), None, ctx);
    let script = parsed.map_err(|e| syntax_error(path, &e, ctx))?;
    let value = script
        .evaluate(ctx)
        .map_err(|e| syntax_error(path, &e, ctx))?;
    value
        .as_object()
        .and_then(JsFunction::from_object)
        .ok_or_else(|| CompileError {
            message: format!("{}: SyntaxError: not a script", path.display()),
        })
}

/// Loads the main script as module `.` and runs it.
pub fn run_main(ctx: &mut Context, path: &Path, function: JsFunction) -> JsResult<JsValue> {
    let module = new_module(ctx, path, None);
    js::set(&module, "id", js::string("."), ctx);
    let require = make_require(ctx, &module);
    js::set(&require.clone().into(), "main", module.clone(), ctx);
    host(ctx)
        .files
        .borrow_mut()
        .insert(path.to_path_buf(), module.clone());
    run_module(ctx, path, &module, &require, &function)
}

/// `require(name)` on behalf of the module whose object is `module`.
fn require(ctx: &mut Context, module: &JsObject, name: &str) -> JsResult<JsValue> {
    if let Some(exports) = modules::builtin(ctx, name)? {
        return Ok(exports);
    }
    let directory = module
        .get(js_string!("directory"), ctx)?
        .as_string()
        .map(|s| PathBuf::from(s.to_std_string_lossy()))
        .unwrap_or_else(|| host(ctx).main_dir.clone());
    let is_path = name.starts_with("./") || name.starts_with("../") || name.starts_with('/');
    let found = if is_path {
        resolve_file(&directory.join(name))
    } else {
        None
    };
    let Some(path) = found else {
        return Err(JsNativeError::error()
            .with_message(format!(
                "Cannot find module '{name}' from '{}'",
                directory.display()
            ))
            .into());
    };
    load_file(ctx, &path, module)
}

/// The first of `p`, `p.js`, `p.json`, `p/index.js` that is a file.
fn resolve_file(p: &Path) -> Option<PathBuf> {
    let candidates = [
        p.to_path_buf(),
        with_suffix(p, ".js"),
        with_suffix(p, ".json"),
        p.join("index.js"),
    ];
    candidates
        .into_iter()
        .find(|c| c.is_file())
        .map(|c| std::fs::canonicalize(&c).unwrap_or(c))
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Loads (or returns the cached) file module at `path`; a module still loading (a
/// cycle) yields its exports so far.
fn load_file(ctx: &mut Context, path: &Path, parent: &JsObject) -> JsResult<JsValue> {
    let cached = host(ctx).files.borrow().get(path).cloned();
    if let Some(module) = cached {
        return module.get(js_string!("exports"), ctx);
    }
    let source = std::fs::read_to_string(path).map_err(|e| {
        JsError::from(
            JsNativeError::error().with_message(format!("Cannot read '{}': {e}", path.display())),
        )
    })?;
    if path.extension().is_some_and(|e| e == "json") {
        let value = parse_json(ctx, path, &source)?;
        let module = new_module(ctx, path, Some(parent));
        js::set(&module, "exports", value.clone(), ctx);
        js::set(&module, "loaded", true, ctx);
        host(ctx)
            .files
            .borrow_mut()
            .insert(path.to_path_buf(), module);
        return Ok(value);
    }
    let function = compile(ctx, path, &source)
        .map_err(|e| JsError::from(JsNativeError::syntax().with_message(e.message)))?;
    let module = new_module(ctx, path, Some(parent));
    let require = make_require(ctx, &module);
    host(ctx)
        .files
        .borrow_mut()
        .insert(path.to_path_buf(), module.clone());
    match run_module(ctx, path, &module, &require, &function) {
        Ok(_) => module.get(js_string!("exports"), ctx),
        Err(e) => {
            // As in Node: a module that threw is not cached, a later require retries it.
            host(ctx).files.borrow_mut().remove(path);
            Err(e)
        }
    }
}

fn run_module(
    ctx: &mut Context,
    path: &Path,
    module: &JsObject,
    require: &JsFunction,
    function: &JsFunction,
) -> JsResult<JsValue> {
    let exports = module.get(js_string!("exports"), ctx)?;
    let dir = path.parent().unwrap_or(Path::new("/"));
    let args = [
        exports.clone(),
        require.clone().into(),
        module.clone().into(),
        js::string(&path.to_string_lossy()),
        js::string(&dir.to_string_lossy()),
    ];
    let result = function.call(&exports, &args, ctx)?;
    js::set(module, "loaded", true, ctx);
    Ok(result)
}

fn parse_json(ctx: &mut Context, path: &Path, source: &str) -> JsResult<JsValue> {
    let json = ctx.intrinsics().objects().json();
    let parse = json.get(js_string!("parse"), ctx)?;
    let parse = parse
        .as_object()
        .and_then(JsFunction::from_object)
        .ok_or_else(|| js::type_error("require", "JSON.parse is missing"))?;
    parse
        .call(&json.into(), &[js::string(source)], ctx)
        .map_err(|e| {
            let msg = js::error_message(&e, ctx);
            JsNativeError::syntax()
                .with_message(format!("{}: {msg}", path.display()))
                .into()
        })
}

/// A `module` object: id, filename, directory (JSRE's name), modDir, exports, parent.
fn new_module(ctx: &mut Context, path: &Path, parent: Option<&JsObject>) -> JsObject {
    let dir = path.parent().unwrap_or(Path::new("/")).to_string_lossy();
    let file = path.to_string_lossy();
    let exports = crate::js::plain_object(ctx);
    let parent: JsValue = parent.map_or(JsValue::null(), |p| p.clone().into());
    ObjectInitializer::new(ctx)
        .property(js_string!("id"), js::string(&file), Attribute::all())
        .property(js_string!("filename"), js::string(&file), Attribute::all())
        .property(js_string!("directory"), js::string(&dir), Attribute::all())
        .property(js_string!("modDir"), js::string(&dir), Attribute::all())
        .property(js_string!("exports"), exports, Attribute::all())
        .property(js_string!("parent"), parent, Attribute::all())
        .property(js_string!("loaded"), false, Attribute::all())
        .build()
}

/// The `require` function of one module.
fn make_require(ctx: &mut Context, module: &JsObject) -> JsFunction {
    let native = NativeFunction::from_copy_closure_with_captures(
        |_this, args, module: &JsObject, ctx| {
            let name = js::req_string(js::arg(args, 0), "require", "id")?;
            require(ctx, module, &name)
        },
        module.clone(),
    );
    boa_engine::object::FunctionObjectBuilder::new(ctx.realm(), native)
        .name(js_string!("require"))
        .length(1)
        .build()
}

/// Rewrites a Boa parse error as `file:line:column: SyntaxError: message`, taking the
/// wrapper's first-line prefix off the column.
fn syntax_error(path: &Path, err: &JsError, ctx: &mut Context) -> CompileError {
    let raw = js::error_message(err, ctx);
    let (message, line, col) = split_position(&raw);
    let col = if line == Some(1) {
        col.map(|c| c.saturating_sub(WRAPPER_HEAD.len()).max(1))
    } else {
        col
    };
    let at = match (line, col) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", path.display()),
        (Some(l), None) => format!("{}:{l}", path.display()),
        _ => path.display().to_string(),
    };
    CompileError {
        message: format!("{at}: SyntaxError: {message}"),
    }
}

/// Splits Boa's `... at line L, col C` suffix off a parser message.
fn split_position(raw: &str) -> (String, Option<usize>, Option<usize>) {
    let Some(idx) = raw.rfind(" at line ") else {
        return (raw.to_string(), None, None);
    };
    let (msg, pos) = raw.split_at(idx);
    let pos = pos.trim_start_matches(" at line ");
    let mut parts = pos.split(", col ");
    let line = parts.next().and_then(|l| l.trim().parse().ok());
    let col = parts.next().and_then(|c| {
        c.trim_end_matches(|ch: char| !ch.is_ascii_digit())
            .parse()
            .ok()
    });
    (msg.to_string(), line, col)
}

#[cfg(test)]
mod tests {
    use super::split_position;

    #[test]
    fn parser_positions_are_split_off() {
        let (m, l, c) = split_position("unexpected token '}' at line 3, col 7");
        assert_eq!(
            (m.as_str(), l, c),
            ("unexpected token '}'", Some(3), Some(7))
        );
        assert_eq!(split_position("odd").1, None);
    }
}
