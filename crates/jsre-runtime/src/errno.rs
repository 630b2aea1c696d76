//! The task's errno slot, with SylixOS numbers and messages (companion-api.md §4).
//!
//! JSRE runs on SylixOS, whose errno numbering is BSD-like, not Linux's. Scripts compare
//! `sys.errno()` with those numbers, so every host error is translated once, here, when
//! it is stored. The slot also keeps the most specific message of the last failure
//! (`certificate verify failed: unknown issuer`), which `sys.error()` returns.

use std::cell::RefCell;
use std::io;

/// SylixOS errno numbers used by the modules.
pub mod code {
    pub const EPERM: i32 = 1;
    pub const ESRCH: i32 = 3;
    pub const ENOENT: i32 = 2;
    pub const EINTR: i32 = 4;
    pub const EIO: i32 = 5;
    pub const EBADF: i32 = 9;
    pub const EAGAIN: i32 = 11;
    pub const ENOMEM: i32 = 12;
    pub const EACCES: i32 = 13;
    pub const EEXIST: i32 = 17;
    pub const ENOTDIR: i32 = 20;
    pub const EISDIR: i32 = 21;
    pub const EINVAL: i32 = 22;
    pub const EMFILE: i32 = 24;
    pub const ENOSPC: i32 = 28;
    pub const EPIPE: i32 = 32;
    pub const ENOTEMPTY: i32 = 39;
    pub const EADDRINUSE: i32 = 48;
    pub const EADDRNOTAVAIL: i32 = 49;
    pub const ENOTSOCK: i32 = 50;
    pub const ENETUNREACH: i32 = 51;
    pub const ECONNABORTED: i32 = 53;
    pub const ECONNRESET: i32 = 54;
    pub const ENOBUFS: i32 = 55;
    pub const EISCONN: i32 = 56;
    pub const ENOTCONN: i32 = 57;
    pub const ESHUTDOWN: i32 = 58;
    pub const ETIMEDOUT: i32 = 60;
    pub const ECONNREFUSED: i32 = 61;
    pub const ENETDOWN: i32 = 62;
    pub const EHOSTUNREACH: i32 = 65;
    pub const EINPROGRESS: i32 = 68;
    pub const EALREADY: i32 = 69;
    pub const ENOSYS: i32 = 71;
    pub const ECANCELED: i32 = 72;
    pub const ENODEV: i32 = 19;
    pub const ENAMETOOLONG: i32 = 78;
    pub const EMSGSIZE: i32 = 76;
}

/// (SylixOS number, Linux number, SylixOS message).
const TABLE: &[(i32, i32, &str)] = &[
    (0, 0, "No error"),
    (code::EPERM, libc::EPERM, "Not owner"),
    (code::ENOENT, libc::ENOENT, "No such file or directory"),
    (code::ESRCH, libc::ESRCH, "No such task"),
    (code::EINTR, libc::EINTR, "Interrupted system call"),
    (code::EIO, libc::EIO, "I/O error"),
    (code::EBADF, libc::EBADF, "Bad file number"),
    (
        code::EAGAIN,
        libc::EAGAIN,
        "No more processes or operation would block",
    ),
    (code::ENOMEM, libc::ENOMEM, "No enough memory"),
    (
        code::EACCES,
        libc::EACCES,
        "Permission denied or can not access",
    ),
    (code::EEXIST, libc::EEXIST, "File exists"),
    (code::ENODEV, libc::ENODEV, "No such device"),
    (code::ENOTDIR, libc::ENOTDIR, "Not a directory"),
    (code::EISDIR, libc::EISDIR, "Is a directory"),
    (code::EINVAL, libc::EINVAL, "Invalid argument or format"),
    (code::EMFILE, libc::EMFILE, "Too many open files"),
    (code::ENOSPC, libc::ENOSPC, "No space left on device"),
    (code::EPIPE, libc::EPIPE, "Broken pipe"),
    (code::ENOTEMPTY, libc::ENOTEMPTY, "Directory not empty"),
    (code::EADDRINUSE, libc::EADDRINUSE, "Address already in use"),
    (
        code::EADDRNOTAVAIL,
        libc::EADDRNOTAVAIL,
        "Can't assign requested address",
    ),
    (
        code::ENOTSOCK,
        libc::ENOTSOCK,
        "Socket operation on non-socket",
    ),
    (code::ENETUNREACH, libc::ENETUNREACH, "Network unreachable"),
    (
        code::ECONNABORTED,
        libc::ECONNABORTED,
        "Software caused connection abort",
    ),
    (
        code::ECONNRESET,
        libc::ECONNRESET,
        "Connection reset by peer",
    ),
    (code::ENOBUFS, libc::ENOBUFS, "No buffer space available"),
    (code::EISCONN, libc::EISCONN, "Socket is already connected"),
    (code::ENOTCONN, libc::ENOTCONN, "Socket is not connected"),
    (
        code::ESHUTDOWN,
        libc::ESHUTDOWN,
        "Can't send after socket shutdown",
    ),
    (code::ETIMEDOUT, libc::ETIMEDOUT, "Connection timed out"),
    (code::ECONNREFUSED, libc::ECONNREFUSED, "Connection refused"),
    (code::ENETDOWN, libc::ENETDOWN, "Network is down"),
    (code::EHOSTUNREACH, libc::EHOSTUNREACH, "Host unreachable"),
    (
        code::EINPROGRESS,
        libc::EINPROGRESS,
        "Operation now in progress",
    ),
    (
        code::EALREADY,
        libc::EALREADY,
        "Operation already in progress",
    ),
    (code::ENOSYS, libc::ENOSYS, "Function not implemented"),
    (code::ECANCELED, libc::ECANCELED, "Operation canceled"),
    (code::EMSGSIZE, libc::EMSGSIZE, "Message too long"),
    (code::ENAMETOOLONG, libc::ENAMETOOLONG, "File name too long"),
];

#[derive(Default)]
struct Slot {
    errno: i32,
    /// The specific message of the last failure; `None` means "the table text".
    message: Option<String>,
}

thread_local! {
    /// One slot per task thread, like the C errno.
    static SLOT: RefCell<Slot> = RefCell::new(Slot::default());
}

/// The SylixOS number for a Linux errno; unknown numbers map to EIO.
pub fn from_linux(linux: i32) -> i32 {
    TABLE
        .iter()
        .find(|(_, l, _)| *l == linux)
        .map_or(code::EIO, |(s, _, _)| *s)
}

/// The fixed SylixOS text for `errno`, or the host's own text for a number not in the table.
pub fn message(errno: i32) -> String {
    match TABLE.iter().find(|(s, _, _)| *s == errno) {
        Some((_, _, text)) => (*text).to_string(),
        None => format!("Unknown error {errno}"),
    }
}

/// Records a failure: the SylixOS number and, optionally, a more specific message.
pub fn set(errno: i32, specific: Option<String>) {
    SLOT.with(|s| {
        let mut s = s.borrow_mut();
        s.errno = errno;
        s.message = specific;
    });
}

/// Records a host I/O error, keeping its own text when it carries more than the number.
pub fn set_io(err: &io::Error) {
    match err.raw_os_error() {
        Some(linux) => set(from_linux(linux), None),
        None => {
            let errno = match err.kind() {
                io::ErrorKind::TimedOut => code::ETIMEDOUT,
                io::ErrorKind::WouldBlock => code::EAGAIN,
                io::ErrorKind::NotFound => code::ENOENT,
                io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => code::EINVAL,
                _ => code::EIO,
            };
            set(errno, Some(err.to_string()));
        }
    }
}

/// The current errno.
pub fn get() -> i32 {
    SLOT.with(|s| s.borrow().errno)
}

/// The message of the last failure: the specific one when recorded, else the table text.
pub fn last_message() -> String {
    SLOT.with(|s| {
        let s = s.borrow();
        s.message.clone().unwrap_or_else(|| message(s.errno))
    })
}

/// Clears the slot (errno 0).
pub fn clear() {
    set(0, None);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linux_numbers_become_sylixos_numbers() {
        assert_eq!(from_linux(libc::ETIMEDOUT), 60);
        assert_eq!(from_linux(libc::ECONNREFUSED), 61);
        assert_eq!(from_linux(libc::EAGAIN), 11);
        assert_eq!(message(54), "Connection reset by peer");
    }

    #[test]
    fn the_specific_message_wins_until_the_next_failure() {
        set(
            code::EIO,
            Some("certificate verify failed: unknown issuer".into()),
        );
        assert_eq!(last_message(), "certificate verify failed: unknown issuer");
        set_io(&io::Error::from_raw_os_error(libc::ECONNREFUSED));
        assert_eq!(get(), 61);
        assert_eq!(last_message(), "Connection refused");
    }
}
