//! `fs`: the file calls JSRE scripts use around `tls` (readString for certificates).
//! Failures return `undefined` (or false) with errno set, never a throw; a wrong
//! argument type throws a TypeError.

use std::path::PathBuf;

use boa_engine::object::builtins::JsArray;
use boa_engine::{Context, JsResult, JsValue, js_string};

use crate::errno;
use crate::js::{self, Bytes};

/// Builds the `fs` object.
pub fn install(ctx: &mut Context) -> JsResult<JsValue> {
    let fs = js::native_object(
        ctx,
        &[
            ("readString", 1, read_string),
            ("readFile", 2, read_file),
            ("writeFile", 3, write_file),
            ("appendFile", 3, append_file),
            ("exists", 1, exists),
            ("stat", 1, stat),
            ("unlink", 1, unlink),
            ("mkdir", 2, mkdir),
            ("rmdir", 1, rmdir),
            ("readdir", 1, readdir),
            ("rename", 2, rename),
        ],
    );
    Ok(fs.into())
}

fn path_arg(args: &[JsValue], i: usize, call: &str) -> JsResult<PathBuf> {
    js::req_string(js::arg(args, i), call, "path").map(PathBuf::from)
}

/// Maps an I/O result: the value, or `fail` with errno set.
fn or_fail<T>(
    r: std::io::Result<T>,
    fail: JsValue,
    ok: impl FnOnce(T) -> JsResult<JsValue>,
) -> JsResult<JsValue> {
    match r {
        Ok(v) => {
            errno::clear();
            ok(v)
        }
        Err(e) => {
            errno::set_io(&e);
            Ok(fail)
        }
    }
}

/// `fs.readString(path)`: the file as UTF-8 text, or undefined.
fn read_string(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let path = path_arg(args, 0, "fs.readString")?;
    let r = std::fs::read(&path);
    or_fail(r, JsValue::undefined(), |b| {
        Ok(js::string(&String::from_utf8_lossy(&b)))
    })
}

/// `fs.readFile(path[, encoding])`: a Buffer, or a string in `encoding`; undefined on error.
fn read_file(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = path_arg(args, 0, "fs.readFile")?;
    let encoding = js::arg(args, 1).clone();
    let r = std::fs::read(&path);
    or_fail(r, JsValue::undefined(), |bytes| {
        let buf = super::buffer::new_buffer(ctx, &bytes)?;
        if js::is_absent(&encoding) {
            return Ok(buf.into());
        }
        let to_string = buf.get(js_string!("toString"), ctx)?;
        let f = js::req_function(&to_string, "fs.readFile", "Buffer.toString")?;
        f.call(&buf.into(), &[encoding], ctx)
    })
}

/// The bytes of string or Buffer `data`.
fn data_bytes(v: &JsValue, call: &str, ctx: &mut Context) -> JsResult<Vec<u8>> {
    if let Some(s) = v.as_string() {
        return Ok(s.to_std_string_lossy().into_bytes());
    }
    Ok(Bytes::of(v, call, "data", ctx)?.to_vec())
}

/// `fs.writeFile(path, data)`: true, or false with errno set.
fn write_file(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = path_arg(args, 0, "fs.writeFile")?;
    let data = data_bytes(js::arg(args, 1), "fs.writeFile", ctx)?;
    or_fail(
        std::fs::write(path, data),
        false.into(),
        |_| Ok(true.into()),
    )
}

/// `fs.appendFile(path, data)`: true, or false with errno set.
fn append_file(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    use std::io::Write;
    let path = path_arg(args, 0, "fs.appendFile")?;
    let data = data_bytes(js::arg(args, 1), "fs.appendFile", ctx)?;
    let r = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .and_then(|mut f| f.write_all(&data));
    or_fail(r, false.into(), |_| Ok(true.into()))
}

fn exists(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let path = path_arg(args, 0, "fs.exists")?;
    Ok(path.exists().into())
}

/// `fs.stat(path)`: `{ size, mode, uid, gid, nlink, ino, dev, atime, mtime, ctime,
/// isFile(), isDirectory(), isSymbolicLink() }` (times in ms), or undefined.
fn stat(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    use std::os::unix::fs::MetadataExt;
    let path = path_arg(args, 0, "fs.stat")?;
    let r = std::fs::metadata(&path);
    or_fail(r, JsValue::undefined(), |m| {
        let obj = crate::js::plain_object(ctx);
        js::set(&obj, "size", m.len() as f64, ctx);
        js::set(&obj, "mode", m.mode(), ctx);
        js::set(&obj, "uid", m.uid(), ctx);
        js::set(&obj, "gid", m.gid(), ctx);
        js::set(&obj, "nlink", m.nlink() as f64, ctx);
        js::set(&obj, "ino", m.ino() as f64, ctx);
        js::set(&obj, "dev", m.dev() as f64, ctx);
        js::set(&obj, "atime", m.atime() as f64 * 1000.0, ctx);
        js::set(&obj, "mtime", m.mtime() as f64 * 1000.0, ctx);
        js::set(&obj, "ctime", m.ctime() as f64 * 1000.0, ctx);
        let kind = m.file_type();
        let constant =
            |b: bool, ctx: &mut Context| js::function(ctx, "is", 0, if b { yes } else { no });
        let f = constant(kind.is_file(), ctx);
        js::set(&obj, "isFile", f, ctx);
        let d = constant(kind.is_dir(), ctx);
        js::set(&obj, "isDirectory", d, ctx);
        let l = constant(kind.is_symlink(), ctx);
        js::set(&obj, "isSymbolicLink", l, ctx);
        Ok(obj.into())
    })
}

fn yes(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(true.into())
}

fn no(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(false.into())
}

fn unlink(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let path = path_arg(args, 0, "fs.unlink")?;
    or_fail(
        std::fs::remove_file(path),
        false.into(),
        |_| Ok(true.into()),
    )
}

fn mkdir(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let path = path_arg(args, 0, "fs.mkdir")?;
    or_fail(std::fs::create_dir(path), false.into(), |_| Ok(true.into()))
}

fn rmdir(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let path = path_arg(args, 0, "fs.rmdir")?;
    or_fail(std::fs::remove_dir(path), false.into(), |_| Ok(true.into()))
}

fn rename(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let from = path_arg(args, 0, "fs.rename")?;
    let to = path_arg(args, 1, "fs.rename")?;
    or_fail(std::fs::rename(from, to), false.into(), |_| Ok(true.into()))
}

/// `fs.readdir(path)`: the entry names, sorted, or undefined.
fn readdir(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = path_arg(args, 0, "fs.readdir")?;
    let r = std::fs::read_dir(&path).and_then(|d| {
        d.map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<std::io::Result<Vec<String>>>()
    });
    or_fail(r, JsValue::undefined(), |mut names| {
        names.sort();
        let values: Vec<JsValue> = names.iter().map(|n| js::string(n)).collect();
        Ok(JsArray::from_iter(values, ctx).into())
    })
}
