//! The runtime's blocking waits: on sockets and other fds, and sleeps. Each first writes what
//! callbacks' TLS sends left queued for the end of the turn's callbacks
//! ([`crate::turn::flush_pending_now`]): a thread that blocks must not hold back records
//! a peer may be waiting for before it answers.

use std::io;
use std::os::fd::RawFd;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// An instant no later than now: the deadline of a zero timeout. Fixed at first use, so
/// a zero timeout costs no clock read (`recv(buf, 0, n, 0)` runs for every message a
/// callback drains).
pub fn past() -> Instant {
    static PAST: OnceLock<Instant> = OnceLock::new();
    *PAST.get_or_init(Instant::now)
}

/// The deadline `timeout` from now; `None` (wait for ever) stays `None`.
pub fn deadline_after(timeout: Option<Duration>) -> Option<Instant> {
    match timeout {
        Some(d) if d.is_zero() => Some(past()),
        Some(d) => Some(Instant::now() + d),
        None => None,
    }
}

/// Whether `deadline` has come; a zero timeout's ([`past`]) without reading the clock.
pub fn passed(deadline: Instant) -> bool {
    deadline == past() || Instant::now() >= deadline
}

/// Waits until `fd` is readable or `deadline` passes (`Ok(false)`).
pub fn readable(fd: RawFd, deadline: Option<Instant>) -> io::Result<bool> {
    crate::turn::flush_pending_now();
    jsre_net::wait_readable(fd, deadline)
}

/// Waits until `fd` is writable or `deadline` passes (`Ok(false)`).
pub fn writable(fd: RawFd, deadline: Option<Instant>) -> io::Result<bool> {
    crate::turn::flush_pending_now();
    jsre_net::wait_writable(fd, deadline)
}

/// Waits until `fd` is readable or writable, or `deadline` passes (`Ok(false)`).
pub fn readable_or_writable(fd: RawFd, deadline: Option<Instant>) -> io::Result<bool> {
    crate::turn::flush_pending_now();
    jsre_net::wait_readable_or_writable(fd, deadline)
}

/// Waits until one of `fds` is readable (`Ok(Some(fd))`) or `deadline` passes.
pub fn any(fds: &[RawFd], deadline: Option<Instant>) -> io::Result<Option<RawFd>> {
    crate::turn::flush_pending_now();
    jsre_net::wait_any(fds, deadline)
}

/// poll(2) over `fds` for at most `ms` milliseconds (-1: no limit), as `iosched.select`
/// asks; the number of ready fds, negative on error (errno set).
pub fn poll(fds: &mut [libc::pollfd], ms: i32) -> i32 {
    crate::turn::flush_pending_now();
    // SAFETY: fds is a valid, writable array of the given length.
    unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) }
}

/// Sleeps for `d` (`sys.sleep`).
pub fn sleep(d: Duration) {
    crate::turn::flush_pending_now();
    std::thread::sleep(d);
}
