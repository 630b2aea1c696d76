//! The built-in modules, in one ordered list, and the globals that front them.
//!
//! Each module is a thin binding: it parses JS arguments once, calls Rust, and maps the
//! result back. JS-shaped parts (classes, overloads) are small embedded `.js` files over
//! a few native functions, kept beside the module that owns them.
//!
//! Globals that front a module (`Buffer`, `console`, ...) are lazy: the first read loads
//! the module, so an empty script pays for none of them.

pub mod buffer;
mod buffer_numbers;
pub mod console;
pub mod events;
pub mod fs;
pub mod iosched;
pub mod process;
pub mod socket;
pub mod sys;
pub mod task;
pub mod tcp;
pub mod timers;
pub mod tls;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsFunction;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, NativeFunction, Source};

use crate::host::host;

/// A built-in module: its `require` name and how to build its exports.
struct Builtin {
    name: &'static str,
    install: fn(&mut Context) -> JsResult<JsValue>,
}

/// Every built-in module, by `require` name.
const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "console",
        install: console::install,
    },
    Builtin {
        name: "buffer",
        install: buffer::install,
    },
    Builtin {
        name: "events",
        install: events::install,
    },
    Builtin {
        name: "sys",
        install: sys::install,
    },
    Builtin {
        name: "fs",
        install: fs::install,
    },
    Builtin {
        name: "process",
        install: process::install,
    },
    Builtin {
        name: "iosched",
        install: iosched::install,
    },
    Builtin {
        name: "socket",
        install: socket::install,
    },
    Builtin {
        name: "task",
        install: task::install,
    },
    Builtin {
        name: "tcp",
        install: tcp::install,
    },
    Builtin {
        name: "tls",
        install: tls::install,
    },
];

/// Globals that stand for a module's exports (or one export of it).
const LAZY_GLOBALS: &[(&str, &str)] = &[
    ("console", "console"),
    ("Buffer", "buffer"),
    ("EventEmitter", "events"),
    ("sys", "sys"),
    ("iosched", "iosched"),
    ("Task", "task"),
];

/// The exports of built-in module `name`, created on first use; `None` when no
/// built-in has that name.
pub fn builtin(ctx: &mut Context, name: &str) -> JsResult<Option<JsValue>> {
    let host = host(ctx);
    if let Some(v) = host.builtins.borrow().get(name) {
        return Ok(Some(v.clone()));
    }
    let Some(b) = BUILTINS.iter().find(|b| b.name == name) else {
        return Ok(None);
    };
    let exports = (b.install)(ctx)?;
    host.builtins.borrow_mut().insert(b.name, exports.clone());
    Ok(Some(exports))
}

/// The exports of a built-in that must exist (used between our own modules).
pub fn require_builtin(ctx: &mut Context, name: &str) -> JsResult<JsValue> {
    builtin(ctx, name)?.ok_or_else(|| crate::js::type_error("require", format!("no module {name}")))
}

/// Installs the globals: eager ones (timers, atob/btoa, Task) and lazy module fronts.
pub fn install_globals(ctx: &mut Context) -> JsResult<()> {
    timers::install_globals(ctx)?;
    for &(global, module) in LAZY_GLOBALS {
        define_lazy_global(ctx, global, module)?;
    }
    Ok(())
}

/// Defines `global` as an accessor that loads `module` on first read. It stays an
/// accessor: Boa caches global lookups, and turning the property into a data property
/// later leaves stale caches behind. A script's assignment is kept and read back.
fn define_lazy_global(
    ctx: &mut Context,
    global: &'static str,
    module: &'static str,
) -> JsResult<()> {
    let getter = NativeFunction::from_copy_closure(move |_, _, ctx| {
        if let Some(v) = host(ctx).global_overrides.borrow().get(global) {
            return Ok(v.clone());
        }
        require_builtin(ctx, module)
    });
    let setter = NativeFunction::from_copy_closure(move |_, args, ctx| {
        let value = crate::js::arg(args, 0).clone();
        host(ctx)
            .global_overrides
            .borrow_mut()
            .insert(global, value);
        Ok(JsValue::undefined())
    });
    let realm = ctx.realm().clone();
    let getter = FunctionObjectBuilder::new(&realm, getter).build();
    let setter = FunctionObjectBuilder::new(&realm, setter).build();
    ctx.global_object().define_property_or_throw(
        JsString::from(global),
        PropertyDescriptor::builder()
            .get(getter)
            .set(setter)
            .enumerable(false)
            .configurable(true),
        ctx,
    )?;
    Ok(())
}

/// Runs an embedded module file, `(function (native, require) { ...; return exports; })`,
/// where `require` reaches built-ins only, and returns what it returns.
pub fn eval_embedded(
    ctx: &mut Context,
    file: &str,
    source: &str,
    native: JsObject,
) -> JsResult<JsValue> {
    let path = std::path::PathBuf::from(format!("jsre:{file}"));
    let value = ctx.eval(Source::from_bytes(source).with_path(&path))?;
    let function = value
        .as_object()
        .and_then(JsFunction::from_object)
        .ok_or_else(|| crate::js::type_error(file, "embedded module is not a function"))?;
    let require = crate::js::function(ctx, "require", 1, require_builtin_js);
    function.call(&JsValue::undefined(), &[native.into(), require.into()], ctx)
}

/// `require` as embedded modules see it: built-ins only.
fn require_builtin_js(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let name = crate::js::req_string(crate::js::arg(args, 0), "require", "id")?;
    require_builtin(ctx, &name)
}
