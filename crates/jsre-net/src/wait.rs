//! Blocking waits with real deadlines, for the synchronous JS forms over non-blocking fds.

use std::io;
use std::os::fd::RawFd;
use std::time::Instant;

use crate::sys::errno;

/// Waits until `fd` is readable (data, a connection to accept, end of stream or an error)
/// or `deadline` passes; `None` waits for ever. `Ok(false)` on timeout.
pub fn wait_readable(fd: RawFd, deadline: Option<Instant>) -> io::Result<bool> {
    Ok(wait_any(&[fd], deadline)?.is_some())
}

/// Waits until `fd` is writable (or has an error, e.g. a failed connect) or `deadline`
/// passes; `None` waits for ever. `Ok(false)` on timeout.
pub fn wait_writable(fd: RawFd, deadline: Option<Instant>) -> io::Result<bool> {
    Ok(poll(&[fd], libc::POLLOUT, deadline)?.is_some())
}

/// Waits until `fd` is readable or writable (as [`wait_readable`] and [`wait_writable`])
/// or `deadline` passes; `None` waits for ever. `Ok(false)` on timeout.
pub fn wait_readable_or_writable(fd: RawFd, deadline: Option<Instant>) -> io::Result<bool> {
    Ok(poll(&[fd], libc::POLLIN | libc::POLLOUT, deadline)?.is_some())
}

/// Waits until any of `fds` is readable, as [`wait_readable`]; returns that fd, or `None` on
/// timeout. When several are ready the first in `fds` wins. An empty list just sleeps until
/// the deadline (`EINVAL` without one, since it would never return).
pub fn wait_any(fds: &[RawFd], deadline: Option<Instant>) -> io::Result<Option<RawFd>> {
    poll(fds, libc::POLLIN, deadline)
}

/// `poll(2)` for `events` on `fds` until `deadline`, retrying on `EINTR` and on early
/// wake-ups. A closed fd (`POLLNVAL`) is `EBADF`.
fn poll(
    fds: &[RawFd],
    events: libc::c_short,
    deadline: Option<Instant>,
) -> io::Result<Option<RawFd>> {
    if fds.is_empty() && deadline.is_none() {
        return Err(errno(libc::EINVAL));
    }
    let mut pollfds: Vec<libc::pollfd> = fds
        .iter()
        .map(|&fd| libc::pollfd {
            fd,
            events,
            revents: 0,
        })
        .collect();
    loop {
        let timeout = match deadline {
            None => -1,
            // Passed: one last non-blocking look.
            Some(deadline) => timeout_ms(deadline).unwrap_or(0),
        };
        // SAFETY: `pollfds` is a valid array of `pollfds.len()` entries for the call.
        let ret =
            unsafe { libc::poll(pollfds.as_mut_ptr(), pollfds.len() as libc::nfds_t, timeout) };
        if ret < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        if let Some(ready) = pollfds.iter().find(|p| p.revents != 0) {
            if ready.revents & libc::POLLNVAL != 0 {
                return Err(errno(libc::EBADF));
            }
            return Ok(Some(ready.fd));
        }
        if timeout == 0 {
            return Ok(None);
        }
    }
}

/// Milliseconds until `deadline`, rounded up so that poll never wakes before it and capped
/// at `i32::MAX`; `None` once it has passed.
fn timeout_ms(deadline: Instant) -> Option<i32> {
    let left = deadline.checked_duration_since(Instant::now())?;
    if left.is_zero() {
        return None;
    }
    let ms = left.as_nanos().div_ceil(1_000_000);
    Some(i32::try_from(ms).unwrap_or(i32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timeout_rounds_up_and_caps() {
        assert_eq!(timeout_ms(Instant::now() - Duration::from_millis(1)), None);
        let ms = timeout_ms(Instant::now() + Duration::from_micros(1500)).unwrap();
        assert!((1..=2).contains(&ms), "{ms}");
        let far = Instant::now() + Duration::from_secs(100 * 24 * 3600);
        assert_eq!(timeout_ms(far), Some(i32::MAX));
    }

    #[test]
    fn empty_list_sleeps_until_deadline() {
        let start = Instant::now();
        let deadline = start + Duration::from_millis(30);
        assert_eq!(wait_any(&[], Some(deadline)).unwrap(), None);
        assert!(Instant::now() >= deadline);
        assert_eq!(
            wait_any(&[], None).unwrap_err().raw_os_error(),
            Some(libc::EINVAL)
        );
    }
}
