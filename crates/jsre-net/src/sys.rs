//! Thin, checked wrappers over the few libc calls that socket2 does not cover.

use std::io;
use std::mem;
use std::os::fd::RawFd;

/// An `io::Error` carrying the Linux errno `code`.
pub(crate) fn errno(code: i32) -> io::Error {
    io::Error::from_raw_os_error(code)
}

/// Turns a libc return value into a `Result`, reading errno on `-1`.
pub(crate) fn cvt(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

/// `getsockopt` for an `int`-sized option.
pub(crate) fn getsockopt_int(fd: RawFd, level: i32, name: i32) -> io::Result<i32> {
    getsockopt_pod::<libc::c_int>(fd, level, name, 0)
}

/// `getsockopt` into a plain-old-data struct `T` (every bit pattern valid, e.g. `linger`).
///
/// The kernel may write fewer bytes than `size_of::<T>()`; the rest stays zero.
pub(crate) fn getsockopt_pod<T: Copy>(fd: RawFd, level: i32, name: i32, zero: T) -> io::Result<T> {
    let mut value = zero;
    let mut len = mem::size_of::<T>() as libc::socklen_t;
    // SAFETY: `value` is valid for writes of `len` bytes and callers only use types made of
    // integers, for which any bytes the kernel writes are a valid value.
    cvt(unsafe {
        libc::getsockopt(
            fd,
            level,
            name,
            (&raw mut value).cast::<libc::c_void>(),
            &mut len,
        )
    })?;
    Ok(value)
}

/// `setsockopt` from a plain-old-data struct `T`.
pub(crate) fn setsockopt_pod<T: Copy>(
    fd: RawFd,
    level: i32,
    name: i32,
    value: &T,
) -> io::Result<()> {
    // SAFETY: the pointer and length describe `*value`, which outlives the call.
    cvt(unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            (value as *const T).cast::<libc::c_void>(),
            mem::size_of::<T>() as libc::socklen_t,
        )
    })?;
    Ok(())
}
