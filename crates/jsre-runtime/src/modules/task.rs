//! `Task`: tasks as threads with their own JS runtime, messages between them, and the
//! per-task calls (nextTick, cleanup, exit). The class shape is in task.js.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Instant;

use boa_engine::error::PanicError;
use boa_engine::object::builtins::JsArray;
use boa_engine::{Context, JsError, JsResult, JsValue, js_string};

use crate::errno::{self, code};
use crate::host::host;
use crate::js;
use crate::task::mailbox::PushError;
use crate::task::message::Message;
use crate::task::{self, MAIN_ID};

const SOURCE: &str = include_str!("task.js");

/// The message of the uncatchable error that unwinds a task on Task.exit() or cancel().
const TASK_EXIT: &str = "jsre: task exit";

/// Builds the `Task` class.
pub fn install(ctx: &mut Context) -> JsResult<JsValue> {
    let native = js::native_object(
        ctx,
        &[
            ("spawn", 3, spawn),
            ("isAlive", 1, is_alive),
            ("send", 2, send),
            ("cancel", 1, cancel),
            ("me", 0, me),
            ("parent", 0, parent),
            ("count", 0, count),
            ("list", 1, list),
            ("recv", 2, recv),
            ("fd", 0, fd),
            ("exit", 1, exit),
            ("cleanup", 1, cleanup),
            ("nextTick", 1, super::timers::next_tick),
            ("getBufferSize", 1, get_buffer_size),
            ("setBufferSize", 2, set_buffer_size),
            ("getCurrentSize", 1, get_current_size),
            ("setEmitter", 1, set_emitter),
        ],
    );
    super::eval_embedded(ctx, "task.js", SOURCE, native)
}

/// The uncatchable error that ends a task (Task.exit, cancel).
pub fn task_exit_error() -> JsError {
    JsError::from(PanicError::new(TASK_EXIT))
}

/// Whether `err` is [`task_exit_error`].
pub fn is_task_exit(err: &JsError) -> bool {
    matches!(err.as_engine(), Some(boa_engine::error::EngineError::Panic(p)) if p.message() == TASK_EXIT)
}

/// Runs `Task.cleanup` callbacks, last registered first; their errors are printed.
pub fn run_cleanups(ctx: &mut Context) {
    loop {
        let next = host(ctx).cleanups.borrow_mut().pop();
        let Some((f, args)) = next else {
            return;
        };
        if let Err(e) = f.call(&JsValue::undefined(), &args, ctx) {
            eprintln!("{}", crate::report::describe(&e, ctx));
        }
    }
}

fn task_id(v: &JsValue, call: &str) -> JsResult<u32> {
    Ok(js::req_int(v, call, "id", 0, u32::MAX as i64)? as u32)
}

/// `spawn(file, arg, opt)`: starts a task; its id, or 0 with errno when the file is
/// missing, unreadable or does not compile.
fn spawn(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "new Task";
    let file = js::req_string(js::arg(args, 0), CALL, "file")?;
    let arg = Message::from_js(js::arg(args, 1), CALL, ctx)?;
    let opt = js::arg(args, 2);
    let directory = match opt.as_object() {
        Some(o) => js::opt_string(&o.get(js_string!("directory"), ctx)?, CALL, "opt.directory")?,
        None if js::is_absent(opt) => None,
        None => return Err(js::type_error(CALL, "opt must be an object")),
    };
    let host = host(ctx);
    let base = directory.map_or_else(|| host.main_dir.clone(), PathBuf::from);
    let path = base.join(&file);
    let path = std::fs::canonicalize(&path).unwrap_or(path);
    let source = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            errno::set_io(&e);
            errno::set(
                errno::get(),
                Some(format!("cannot read task file {}: {e}", path.display())),
            );
            return Ok(0.into());
        }
    };
    // Compile here first, so a syntax error is the creator's clear failure.
    if let Err(e) = crate::require::compile(ctx, &path, &source) {
        errno::set(code::EINVAL, Some(e.message));
        return Ok(0.into());
    }
    match start(path, arg, host.task.id, host.argv.clone()) {
        Ok(id) => Ok(id.into()),
        Err(e) => {
            errno::set_io(&e);
            Ok(0.into())
        }
    }
}

/// Registers and starts the task thread running `path` with `arg` as ARGUMENT.
fn start(path: PathBuf, arg: Message, parent: u32, argv: Vec<String>) -> std::io::Result<u32> {
    let me = task::register(false, parent, path.clone())?;
    let id = me.id;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let spawned = std::thread::Builder::new()
        .name(format!("task-{id}"))
        .stack_size(crate::JS_STACK_SIZE)
        .spawn(move || {
            run_task(&path, dir, argv, me, arg);
            task::unregister(id);
        });
    if let Err(e) = spawned {
        task::unregister(id);
        return Err(e);
    }
    Ok(id)
}

/// The body of a task thread: a runtime, ARGUMENT, the script; an uncaught exception is
/// printed with the task's id and file and ends only this task.
fn run_task(path: &Path, dir: PathBuf, argv: Vec<String>, me: task::TaskSelf, arg: Message) {
    let id = me.id;
    let mut rt = match crate::Runtime::new(dir, argv, me) {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("task {id} ({}): {e}", path.display());
            return;
        }
    };
    let ctx = &mut rt.context;
    let argument = arg.to_js(ctx).unwrap_or_default();
    let _ = ctx.register_global_property(
        js_string!("ARGUMENT"),
        argument,
        boa_engine::property::Attribute::all(),
    );
    let exit = rt.run_main(path);
    if exit == crate::Exit::Uncaught {
        eprintln!("(in task {id}, {})", path.display());
    }
}

fn is_alive(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let id = task_id(js::arg(args, 0), "task.isAlive")?;
    Ok(task::lookup(id).is_some().into())
}

/// `send(id, msg)`: true when queued; false with errno when the task is gone, its
/// mailbox is full, or the message is larger than the mailbox.
fn send(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "Task.send";
    let id = task_id(js::arg(args, 0), CALL)?;
    let msg = Message::from_js(js::arg(args, 1), CALL, ctx)?;
    let Some(target) = task::lookup(id) else {
        errno::set(
            code::ESRCH,
            Some(format!(
                "{CALL}: no task {id} (it has ended or never existed)"
            )),
        );
        return Ok(false.into());
    };
    let from = host(ctx).task.id;
    Ok(match target.mailbox.push(from, msg) {
        Ok(()) => true.into(),
        Err(PushError::Full) => {
            errno::set(
                code::ENOBUFS,
                Some(format!("{CALL}: task {id}'s mailbox is full")),
            );
            false.into()
        }
        Err(PushError::TooLarge) => {
            errno::set(
                code::EMSGSIZE,
                Some(format!(
                    "{CALL}: the message is larger than task {id}'s mailbox"
                )),
            );
            false.into()
        }
    })
}

/// `cancel(id)`: 0 when the task was asked to end (at its next poll, recv or sleep),
/// 1 when it is already gone.
fn cancel(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let id = task_id(js::arg(args, 0), "task.cancel")?;
    match task::lookup(id) {
        Some(t) if id != MAIN_ID => {
            t.cancel.store(true, Ordering::Relaxed);
            t.mailbox.signal();
            Ok(0.into())
        }
        Some(_) => Err(js::type_error(
            "task.cancel",
            "the main task cannot be cancelled; use process.exit()",
        )),
        None => Ok(1.into()),
    }
}

fn me(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    Ok(host(ctx).task.id.into())
}

fn parent(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    Ok(host(ctx).task.parent.into())
}

fn count(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok((task::ids().len() as u32).into())
}

/// `list([exceptMe])`: the ids of live tasks.
fn list(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let except = js::arg(args, 0).to_boolean().then(|| host(ctx).task.id);
    let ids: Vec<JsValue> = task::ids()
        .into_iter()
        .filter(|id| Some(*id) != except)
        .map(JsValue::from)
        .collect();
    Ok(JsArray::from_iter(ids, ctx).into())
}

/// `recv([from[, timeout]])`: the next message, waiting (for ever without a timeout);
/// fills `from.id` with the sender; undefined (errno ETIMEDOUT) on timeout.
fn recv(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "Task.recv";
    let timeout = js::opt_timeout(js::arg(args, 1), CALL)?;
    let deadline = timeout.map(|t| Instant::now() + t);
    let host = host(ctx);
    loop {
        if host.task.cancel.load(Ordering::Relaxed) {
            return Err(task_exit_error());
        }
        if let Some((from, msg)) = host.task.mailbox.pop() {
            if let Some(obj) = js::arg(args, 0).as_object() {
                obj.set(js_string!("id"), from, false, ctx)?;
            }
            return msg.to_js(ctx);
        }
        match crate::blocking::readable(host.task.mailbox.fd(), deadline) {
            Ok(true) => {}
            Ok(false) => {
                errno::set(code::ETIMEDOUT, None);
                return Ok(JsValue::undefined());
            }
            Err(e) => {
                errno::set_io(&e);
                return Ok(JsValue::undefined());
            }
        }
    }
}

/// `Task.fd()`: readable while this task has messages (for iosched READ).
fn fd(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    Ok(host(ctx).task.mailbox.fd().into())
}

/// `Task.exit([ret])`: ends this task now (cleanups run); in the main task, the program.
fn exit(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Err(task_exit_error())
}

fn cleanup(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let f = js::req_function(js::arg(args, 0), "Task.cleanup", "callback")?;
    let extra = args.get(1..).unwrap_or_default().to_vec();
    host(ctx).cleanups.borrow_mut().push((f, extra));
    Ok(JsValue::undefined())
}

fn mailbox_of(
    v: &JsValue,
    call: &str,
    ctx: &mut Context,
) -> JsResult<Option<std::sync::Arc<crate::task::mailbox::Mailbox>>> {
    let id = if js::is_absent(v) {
        host(ctx).task.id
    } else {
        task_id(v, call)?
    };
    Ok(task::lookup(id).map(|t| std::sync::Arc::clone(&t.mailbox)))
}

fn get_buffer_size(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    Ok(mailbox_of(js::arg(args, 0), "Task.getBufferSize", ctx)?
        .map_or(JsValue::from(-1), |m| JsValue::from(m.capacity() as f64)))
}

fn get_current_size(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    Ok(
        mailbox_of(js::arg(args, 0), "Task.getCurrentSize", ctx)?.map_or(JsValue::from(-1), |m| {
            JsValue::from(m.current_size() as f64)
        }),
    )
}

fn set_buffer_size(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let size = js::req_int(
        js::arg(args, 1),
        "Task.setBufferSize",
        "size",
        1024,
        1 << 30,
    )? as usize;
    Ok(
        match mailbox_of(js::arg(args, 0), "Task.setBufferSize", ctx)? {
            Some(m) => {
                m.set_capacity(size);
                true.into()
            }
            None => false.into(),
        },
    )
}

fn set_emitter(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    *host(ctx).task_emitter.borrow_mut() = js::arg(args, 0).as_object();
    Ok(JsValue::undefined())
}
