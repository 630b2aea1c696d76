//! Socket options: each setter really applies the option, each getter reads it back.

use std::error::Error;
use std::fmt;
use std::io;
use std::time::Duration;

use socket2::TcpKeepalive;

use crate::addr::AF_INET6;
use crate::socket::Socket;
use crate::sys::{errno, getsockopt_pod, setsockopt_pod};

/// Smallest buffer size `set_recv_buffer_size`/`set_send_buffer_size` accept (1 KiB).
pub const BUFFER_SIZE_MIN: usize = 1024;
/// Largest buffer size `set_recv_buffer_size`/`set_send_buffer_size` accept (16 MiB).
pub const BUFFER_SIZE_MAX: usize = 16 * 1024 * 1024;
/// Largest TTL / hop limit `set_ttl` accepts.
pub const TTL_MAX: u32 = 255;

/// Keepalive settings as the kernel holds them (`SO_KEEPALIVE`, `TCP_KEEPIDLE`,
/// `TCP_KEEPINTVL`, `TCP_KEEPCNT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keepalive {
    /// Whether `SO_KEEPALIVE` is on.
    pub enabled: bool,
    /// Idle time before the first probe (whole seconds).
    pub idle: Duration,
    /// Time between probes (whole seconds).
    pub interval: Duration,
    /// Probes sent before the connection is dropped.
    pub count: u32,
}

/// The `SO_LINGER` setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Linger {
    /// Whether lingering on close is on.
    pub onoff: bool,
    /// How long to linger, in seconds.
    pub secs: u32,
}

/// A value outside the range an option documents; no system call was made.
///
/// Carried inside an `io::Error` of kind `InvalidInput` with no raw os error; find it with
/// [`out_of_range`]. The binding throws a `RangeError` (or returns `false`) for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfRange {
    /// The option, e.g. `"recv buffer size"`.
    pub what: &'static str,
    /// The value that was given.
    pub value: u64,
    /// The smallest allowed value.
    pub min: u64,
    /// The largest allowed value.
    pub max: u64,
}

/// The [`OutOfRange`] inside `e`, if `e` is a range error from this crate.
pub fn out_of_range(e: &io::Error) -> Option<&OutOfRange> {
    e.get_ref()?.downcast_ref::<OutOfRange>()
}

impl Socket {
    /// Turns keepalive on or off. When on, `idle_ms` and `interval_ms` are rounded up to whole
    /// seconds (at least 1) for `TCP_KEEPIDLE`/`TCP_KEEPINTVL` and `count` sets `TCP_KEEPCNT`;
    /// the kernel rejects out-of-range values with `EINVAL` (count 0 or above 127, times above
    /// 32767 s). When off, only `SO_KEEPALIVE` is cleared.
    pub fn set_keepalive(
        &self,
        enable: bool,
        idle_ms: u32,
        interval_ms: u32,
        count: u32,
    ) -> io::Result<()> {
        if !enable {
            return self.as_socket2().set_keepalive(false);
        }
        let params = TcpKeepalive::new()
            .with_time(ms_to_whole_secs(idle_ms))
            .with_interval(ms_to_whole_secs(interval_ms))
            .with_retries(count);
        self.as_socket2().set_tcp_keepalive(&params)
    }

    /// The keepalive settings.
    pub fn keepalive(&self) -> io::Result<Keepalive> {
        let s = self.as_socket2();
        Ok(Keepalive {
            enabled: s.keepalive()?,
            idle: s.tcp_keepalive_time()?,
            interval: s.tcp_keepalive_interval()?,
            count: s.tcp_keepalive_retries()?,
        })
    }

    /// Sets `TCP_NODELAY` (Nagle's algorithm off when `true`).
    pub fn set_nodelay(&self, enable: bool) -> io::Result<()> {
        self.as_socket2().set_tcp_nodelay(enable)
    }

    /// Whether `TCP_NODELAY` is on.
    pub fn nodelay(&self) -> io::Result<bool> {
        self.as_socket2().tcp_nodelay()
    }

    /// Sets `SO_LINGER`; `secs` must fit in an `int` (else [`OutOfRange`]).
    pub fn set_linger(&self, onoff: bool, secs: u32) -> io::Result<()> {
        let Ok(l_linger) = libc::c_int::try_from(secs) else {
            return Err(range_error(
                "linger time",
                u64::from(secs),
                0,
                i32::MAX as u64,
            ));
        };
        let value = libc::linger {
            l_onoff: libc::c_int::from(onoff),
            l_linger,
        };
        setsockopt_pod(self.fd(), libc::SOL_SOCKET, libc::SO_LINGER, &value)
    }

    /// The `SO_LINGER` setting.
    pub fn linger(&self) -> io::Result<Linger> {
        let zero = libc::linger {
            l_onoff: 0,
            l_linger: 0,
        };
        let value = getsockopt_pod(self.fd(), libc::SOL_SOCKET, libc::SO_LINGER, zero)?;
        Ok(Linger {
            onoff: value.l_onoff != 0,
            secs: u32::try_from(value.l_linger).unwrap_or(0),
        })
    }

    /// Sets the TTL of outgoing packets: `IP_TTL` on IPv4 sockets, `IPV6_UNICAST_HOPS` on
    /// IPv6 ones. Above [`TTL_MAX`] is an [`OutOfRange`]; Linux refuses a TTL of 0 on IPv4
    /// with `EINVAL` (IPv6 accepts a hop limit of 0).
    pub fn set_ttl(&self, ttl: u32) -> io::Result<()> {
        check_range("TTL", u64::from(ttl), 0, u64::from(TTL_MAX))?;
        match self.domain()? {
            AF_INET6 => self.as_socket2().set_unicast_hops_v6(ttl),
            _ => self.as_socket2().set_ttl_v4(ttl),
        }
    }

    /// The TTL (IPv4) or unicast hop limit (IPv6).
    pub fn ttl(&self) -> io::Result<u32> {
        match self.domain()? {
            AF_INET6 => self.as_socket2().unicast_hops_v6(),
            _ => self.as_socket2().ttl_v4(),
        }
    }

    /// Sets `SO_REUSEADDR`.
    pub fn set_reuse_addr(&self, enable: bool) -> io::Result<()> {
        self.as_socket2().set_reuse_address(enable)
    }

    /// Whether `SO_REUSEADDR` is on.
    pub fn reuse_addr(&self) -> io::Result<bool> {
        self.as_socket2().reuse_address()
    }

    /// Sets `IPV6_V6ONLY`; `EINVAL` on an IPv4 socket (and, from Linux, on a bound one).
    pub fn set_ipv6_only(&self, enable: bool) -> io::Result<()> {
        self.require_v6()?;
        self.as_socket2().set_only_v6(enable)
    }

    /// Whether `IPV6_V6ONLY` is on; `EINVAL` on an IPv4 socket.
    pub fn ipv6_only(&self) -> io::Result<bool> {
        self.require_v6()?;
        self.as_socket2().only_v6()
    }

    /// The receive buffer size (`SO_RCVBUF`). Linux reports twice the size that was set
    /// (it counts its bookkeeping overhead).
    pub fn recv_buffer_size(&self) -> io::Result<usize> {
        self.as_socket2().recv_buffer_size()
    }

    /// Sets `SO_RCVBUF`; `size` outside [`BUFFER_SIZE_MIN`]`..=`[`BUFFER_SIZE_MAX`] is an
    /// [`OutOfRange`]. The kernel may cap it further (`net.core.rmem_max`).
    pub fn set_recv_buffer_size(&self, size: usize) -> io::Result<()> {
        let size = check_buffer_size("recv buffer size", size)?;
        self.as_socket2().set_recv_buffer_size(size)
    }

    /// The send buffer size (`SO_SNDBUF`), doubled by Linux like the receive size.
    pub fn send_buffer_size(&self) -> io::Result<usize> {
        self.as_socket2().send_buffer_size()
    }

    /// Sets `SO_SNDBUF`; `size` outside [`BUFFER_SIZE_MIN`]`..=`[`BUFFER_SIZE_MAX`] is an
    /// [`OutOfRange`]. The kernel may cap it further (`net.core.wmem_max`).
    pub fn set_send_buffer_size(&self, size: usize) -> io::Result<()> {
        let size = check_buffer_size("send buffer size", size)?;
        self.as_socket2().set_send_buffer_size(size)
    }

    /// Binds the socket to interface `name` (`SO_BINDTODEVICE`); `None` or `""` unbinds.
    /// An unknown (or too long) name is `ENODEV`; the kernel may answer `EPERM` without
    /// `CAP_NET_RAW`.
    pub fn bind_to_device(&self, name: Option<&str>) -> io::Result<()> {
        match name.filter(|name| !name.is_empty()) {
            None => self.as_socket2().bind_device(None),
            Some(name) => {
                // Linux silently truncates long names, which could pick another interface.
                if name.len() >= libc::IFNAMSIZ || name.contains('\0') {
                    return Err(errno(libc::ENODEV));
                }
                self.as_socket2().bind_device(Some(name.as_bytes()))
            }
        }
    }

    /// The interface the socket is bound to, `None` if unbound.
    pub fn device(&self) -> io::Result<Option<String>> {
        let name = self.as_socket2().device()?;
        Ok(name.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
    }

    /// `EINVAL` unless this is an IPv6 socket.
    fn require_v6(&self) -> io::Result<()> {
        if self.domain()? == AF_INET6 {
            Ok(())
        } else {
            Err(errno(libc::EINVAL))
        }
    }
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} is out of range ({}..={})",
            self.what, self.value, self.min, self.max
        )
    }
}

impl Error for OutOfRange {}

/// Milliseconds as whole seconds, rounded up, at least one.
fn ms_to_whole_secs(ms: u32) -> Duration {
    Duration::from_secs(u64::from(ms.div_ceil(1000).max(1)))
}

/// `value` if within `min..=max`, else an [`OutOfRange`] error.
fn check_range(what: &'static str, value: u64, min: u64, max: u64) -> io::Result<u64> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(range_error(what, value, min, max))
    }
}

/// An `InvalidInput` error carrying an [`OutOfRange`].
fn range_error(what: &'static str, value: u64, min: u64, max: u64) -> io::Error {
    let range = OutOfRange {
        what,
        value,
        min,
        max,
    };
    io::Error::new(io::ErrorKind::InvalidInput, range)
}

/// `size` if it is a documented buffer size.
fn check_buffer_size(what: &'static str, size: usize) -> io::Result<usize> {
    let value = u64::try_from(size).unwrap_or(u64::MAX);
    check_range(what, value, BUFFER_SIZE_MIN as u64, BUFFER_SIZE_MAX as u64)?;
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_keepalive_times_up() {
        assert_eq!(ms_to_whole_secs(0), Duration::from_secs(1));
        assert_eq!(ms_to_whole_secs(1), Duration::from_secs(1));
        assert_eq!(ms_to_whole_secs(1000), Duration::from_secs(1));
        assert_eq!(ms_to_whole_secs(1001), Duration::from_secs(2));
        assert_eq!(ms_to_whole_secs(6000), Duration::from_secs(6));
        assert_eq!(ms_to_whole_secs(u32::MAX), Duration::from_secs(4_294_968));
    }

    #[test]
    fn range_errors_are_recognisable() {
        let e = check_buffer_size("recv buffer size", 1023).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(e.raw_os_error(), None);
        let range = out_of_range(&e).unwrap();
        assert_eq!((range.value, range.min, range.max), (1023, 1024, 16 << 20));
        assert_eq!(
            range.to_string(),
            "recv buffer size 1023 is out of range (1024..=16777216)"
        );
        assert!(check_buffer_size("x", BUFFER_SIZE_MIN).is_ok());
        assert!(check_buffer_size("x", BUFFER_SIZE_MAX).is_ok());
        assert!(check_buffer_size("x", BUFFER_SIZE_MAX + 1).is_err());
        assert!(out_of_range(&errno(libc::EINVAL)).is_none());
    }
}
