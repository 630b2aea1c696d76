//! `sys`: errno and error text, sleep, monotonic time, versions, and the machine facts
//! that need no device hardware.

use std::time::{Duration, Instant};

use boa_engine::object::builtins::JsArray;
use boa_engine::{Context, JsResult, JsValue};

use crate::errno;
use crate::js;

/// Builds the `sys` object.
pub fn install(ctx: &mut Context) -> JsResult<JsValue> {
    let sys = js::native_object(
        ctx,
        &[
            ("errno", 0, errno_js),
            ("error", 1, error),
            ("setErrno", 1, set_errno),
            ("clearErrno", 0, clear_errno),
            ("sleep", 2, sleep),
            ("monoTime", 0, mono_time),
            ("version", 0, version),
            ("verCompare", 2, ver_compare),
            ("exec", 1, exec),
            ("gc", 1, gc),
            ("hz", 0, hz),
            ("assert", 2, assert),
            ("cpuArch", 0, cpu_arch),
            ("cpuBits", 0, cpu_bits),
            ("cpuEndian", 0, cpu_endian),
            ("cpuTotal", 0, cpu_total),
            ("cpuOnline", 0, cpu_online),
            ("cpuInfo", 0, cpu_info),
            ("cacheLine", 0, cache_line),
            ("maxTasks", 0, max_tasks),
            ("memTotal", 0, mem_total),
            ("memFree", 0, mem_free),
            ("diskTotal", 1, disk_total),
            ("diskFree", 1, disk_free),
            ("kernName", 0, kern_name),
            ("kernVersion", 0, kern_version),
            ("hostName", 0, host_name),
            ("engineName", 0, engine_name),
            ("pageSize", 0, page_size),
            ("maxFds", 0, max_fds),
            ("tmpdir", 0, tmpdir),
        ],
    );
    Ok(sys.into())
}

fn errno_js(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(errno::get().into())
}

/// `sys.error([n])`: the fixed text for n, or the specific message of the last failure.
fn error(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let text = match js::opt_int(
        js::arg(args, 0),
        "sys.error",
        "errno",
        i32::MIN as i64,
        i32::MAX as i64,
    )? {
        Some(n) => errno::message(n as i32),
        None => errno::last_message(),
    };
    Ok(js::string(&text))
}

fn set_errno(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let n = js::req_int(
        js::arg(args, 0),
        "sys.setErrno",
        "errno",
        i32::MIN as i64,
        i32::MAX as i64,
    )?;
    errno::set(n as i32, None);
    Ok(JsValue::undefined())
}

fn clear_errno(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    errno::clear();
    Ok(JsValue::undefined())
}

/// `sys.sleep(ms)`: blocks this task; returns the milliseconds left (always 0 here: no
/// interrupt wakes a sleeping task in jsre).
fn sleep(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let ms = js::req_int(js::arg(args, 0), "sys.sleep", "ms", 0, u32::MAX as i64)?;
    crate::blocking::sleep(Duration::from_millis(ms as u64));
    Ok(0.into())
}

/// Milliseconds since an arbitrary fixed point (the first call in the process).
fn mono_time(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let start = START.get_or_init(|| {
        // CLOCK_MONOTONIC counts from boot, as SylixOS's monoTime does.
        Instant::now()
    });
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid out-pointer.
    if unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) } == 0 {
        return Ok(JsValue::from(
            (ts.tv_sec as f64) * 1000.0 + (ts.tv_nsec / 1_000_000) as f64,
        ));
    }
    Ok(JsValue::from(start.elapsed().as_millis() as f64))
}

fn version(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let parts: Vec<JsValue> = crate::VERSION
        .split('.')
        .map(|p| JsValue::from(p.parse::<u32>().unwrap_or(0)))
        .collect();
    Ok(JsArray::from_iter(parts, ctx).into())
}

/// `sys.verCompare(a, b)`: 1, -1 or 0 comparing dotted versions (strings or arrays).
fn ver_compare(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let parse = |v: &JsValue, ctx: &mut Context| -> JsResult<Vec<u64>> {
        let text = v.to_string(ctx)?.to_std_string_lossy();
        Ok(text
            .split([',', '.'])
            .map(|p| p.trim().parse().unwrap_or(0))
            .collect())
    };
    let mut a = parse(js::arg(args, 0), ctx)?;
    let mut b = parse(js::arg(args, 1), ctx)?;
    let n = a.len().max(b.len());
    a.resize(n, 0);
    b.resize(n, 0);
    Ok(JsValue::from(a.cmp(&b) as i32))
}

/// `sys.exec(cmd)`: runs a shell command, returns its exit status (-1 when it could not
/// run, with errno set).
fn exec(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let cmd = js::req_string(js::arg(args, 0), "sys.exec", "cmd")?;
    super::console::flush();
    match std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(&cmd)
        .status()
    {
        Ok(status) => Ok(status.code().unwrap_or(-1).into()),
        Err(e) => {
            errno::set_io(&e);
            Ok((-1).into())
        }
    }
}

fn gc(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    boa_gc::force_collect();
    Ok(JsValue::undefined())
}

fn hz(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    // SAFETY: sysconf has no preconditions.
    Ok(JsValue::from(
        unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64
    ))
}

/// `sys.assert(cond[, message])`: a false condition ends the process (exit 134, as an
/// abort would), after printing where.
fn assert(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    if js::arg(args, 0).to_boolean() {
        return Ok(JsValue::undefined());
    }
    let message = match js::arg(args, 1) {
        v if v.is_undefined() => "assertion failed".to_string(),
        v => v.to_string(ctx)?.to_std_string_lossy(),
    };
    super::console::flush();
    eprintln!("sys.assert: {message}");
    std::process::exit(134);
}

fn cpu_arch(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(js::string(std::env::consts::ARCH))
}

fn cpu_bits(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(JsValue::from((usize::BITS) as i32))
}

fn cpu_endian(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(js::string(if cfg!(target_endian = "little") {
        "little"
    } else {
        "big"
    }))
}

fn sysconf(name: libc::c_int) -> f64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(name) as f64 }
}

fn cpu_total(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(sysconf(libc::_SC_NPROCESSORS_CONF).into())
}

fn cpu_online(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(sysconf(libc::_SC_NPROCESSORS_ONLN).into())
}

/// `sys.cpuInfo()`: `{ model, vendor, mhz, cores }` from /proc/cpuinfo (fields the
/// kernel does not report are left out).
fn cpu_info(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let text = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find(|l| l.split(':').next().is_some_and(|k| k.trim() == name))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
    };
    let obj = crate::js::plain_object(ctx);
    if let Some(m) = field("model name") {
        js::set(&obj, "model", js::string(&m), ctx);
    }
    if let Some(v) = field("vendor_id") {
        js::set(&obj, "vendor", js::string(&v), ctx);
    }
    if let Some(mhz) = field("cpu MHz").and_then(|v| v.parse::<f64>().ok()) {
        js::set(&obj, "mhz", mhz, ctx);
    }
    js::set(&obj, "cores", sysconf(libc::_SC_NPROCESSORS_CONF), ctx);
    Ok(obj.into())
}

/// `sys.cacheLine()`: the L1 data cache line size in bytes (64 when the system does not say).
fn cache_line(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let n = sysconf(libc::_SC_LEVEL1_DCACHE_LINESIZE);
    Ok(JsValue::from(if n > 0.0 { n } else { 64.0 }))
}

/// `sys.maxTasks()`: how many threads (tasks) the system allows this user.
fn max_tasks(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: limit is a valid out-pointer.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NPROC, &mut limit) } == 0;
    let n = if ok && limit.rlim_cur != libc::RLIM_INFINITY {
        limit.rlim_cur as f64
    } else {
        std::fs::read_to_string("/proc/sys/kernel/threads-max")
            .ok()
            .and_then(|t| t.trim().parse::<f64>().ok())
            .unwrap_or(-1.0)
    };
    Ok(JsValue::from(n))
}

fn mem_total(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok((sysconf(libc::_SC_PHYS_PAGES) * sysconf(libc::_SC_PAGESIZE)).into())
}

fn mem_free(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok((sysconf(libc::_SC_AVPHYS_PAGES) * sysconf(libc::_SC_PAGESIZE)).into())
}

fn statvfs(args: &[JsValue], call: &str) -> JsResult<Option<libc::statvfs>> {
    let path = js::opt_string(js::arg(args, 0), call, "path")?.unwrap_or_else(|| "/".into());
    let Ok(c) = std::ffi::CString::new(path) else {
        return Err(js::type_error(call, "path contains a NUL byte"));
    };
    // SAFETY: zeroed statvfs is a valid out-buffer; c is NUL-terminated.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        errno::set_io(&std::io::Error::last_os_error());
        return Ok(None);
    }
    Ok(Some(st))
}

fn disk_total(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(
        statvfs(args, "sys.diskTotal")?.map_or(JsValue::undefined(), |s| {
            ((s.f_blocks as f64) * (s.f_frsize as f64)).into()
        }),
    )
}

fn disk_free(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(
        statvfs(args, "sys.diskFree")?.map_or(JsValue::undefined(), |s| {
            ((s.f_bavail as f64) * (s.f_frsize as f64)).into()
        }),
    )
}

fn uname_field(pick: fn(&libc::utsname) -> &[libc::c_char]) -> String {
    // SAFETY: zeroed utsname is a valid out-buffer.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    if unsafe { libc::uname(&mut u) } != 0 {
        return String::new();
    }
    let field = pick(&u);
    let bytes: Vec<u8> = field
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn kern_name(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(js::string(&uname_field(|u| &u.sysname)))
}

fn kern_version(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(js::string(&uname_field(|u| &u.release)))
}

fn host_name(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(js::string(&uname_field(|u| &u.nodename)))
}

fn engine_name(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(js::string("Boa"))
}

fn page_size(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(sysconf(libc::_SC_PAGESIZE).into())
}

fn max_fds(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(sysconf(libc::_SC_OPEN_MAX).into())
}

fn tmpdir(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(js::string(&std::env::temp_dir().to_string_lossy()))
}
