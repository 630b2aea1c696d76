//! The JS sockaddr object `{ domain, addr, port }` and its conversion to std addresses.

use std::ffi::{CStr, CString};
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

/// `AF_INET`, the IPv4 domain number (the same on Linux and SylixOS).
pub const AF_INET: i32 = 2;
/// `AF_INET6`, the IPv6 domain number (10 on both Linux and SylixOS).
pub const AF_INET6: i32 = 10;

/// A JS sockaddr object: `{ domain, addr, port }`.
///
/// `domain` is [`AF_INET`], [`AF_INET6`] or `0`; `0` means "not given" (allowed since
/// EdgerOS 1.10.1) and the family is inferred from the text of `addr`. IPv6 text may carry
/// a scope after `%`, numeric (`fe80::1%2`) or an interface name (`fe80::1%lo`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SockAddr {
    /// [`AF_INET`], [`AF_INET6`], or `0` to infer the family from `addr`.
    pub domain: i32,
    /// The address as text: dotted IPv4 or IPv6 (optionally `%scope`).
    pub addr: String,
    /// The TCP port.
    pub port: u16,
}

/// Why a [`SockAddr`] does not describe an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddrError {
    /// `domain` is neither `0`, [`AF_INET`] nor [`AF_INET6`].
    Domain(i32),
    /// `addr` is not an IPv4 or IPv6 address in text form.
    Address(String),
    /// `addr` is of the other family than `domain` says.
    FamilyMismatch {
        /// The domain that was given.
        domain: i32,
        /// The address text that was given.
        addr: String,
    },
    /// The `%scope` part of an IPv6 address is neither a number nor a known interface.
    Scope(String),
}

impl SockAddr {
    /// Builds a sockaddr from its parts.
    pub fn new(domain: i32, addr: impl Into<String>, port: u16) -> SockAddr {
        SockAddr {
            domain,
            addr: addr.into(),
            port,
        }
    }

    /// Parses this sockaddr into a std address, checking `domain` against the text.
    pub fn to_socket_addr(&self) -> Result<SocketAddr, AddrError> {
        if !matches!(self.domain, 0 | AF_INET | AF_INET6) {
            return Err(AddrError::Domain(self.domain));
        }
        let (addr, family) = match self.parse_v4() {
            Some(v4) => (SocketAddr::V4(v4), AF_INET),
            None => (SocketAddr::V6(self.parse_v6()?), AF_INET6),
        };
        if self.domain != 0 && self.domain != family {
            return Err(AddrError::FamilyMismatch {
                domain: self.domain,
                addr: self.addr.clone(),
            });
        }
        Ok(addr)
    }

    /// Describes a std address; IPv6 scopes are written as interface names where known.
    ///
    /// IPv4-mapped IPv6 peers (a dual-stack listener) keep domain [`AF_INET6`] and read
    /// `::ffff:a.b.c.d`.
    pub fn from_socket_addr(addr: &SocketAddr) -> SockAddr {
        match addr {
            SocketAddr::V4(v4) => SockAddr::new(AF_INET, v4.ip().to_string(), v4.port()),
            SocketAddr::V6(v6) => {
                let mut text = v6.ip().to_string();
                if v6.scope_id() != 0 {
                    text.push('%');
                    text.push_str(&scope_name(v6.scope_id()));
                }
                SockAddr::new(AF_INET6, text, v6.port())
            }
        }
    }

    fn parse_v4(&self) -> Option<SocketAddrV4> {
        let ip: Ipv4Addr = self.addr.parse().ok()?;
        Some(SocketAddrV4::new(ip, self.port))
    }

    fn parse_v6(&self) -> Result<SocketAddrV6, AddrError> {
        let (ip_text, scope) = match self.addr.split_once('%') {
            Some((ip, scope)) => (ip, Some(scope)),
            None => (self.addr.as_str(), None),
        };
        let ip: Ipv6Addr = ip_text
            .parse()
            .map_err(|_| AddrError::Address(self.addr.clone()))?;
        let scope_id = match scope {
            Some(scope) => scope_id(scope).ok_or_else(|| AddrError::Scope(scope.to_owned()))?,
            None => 0,
        };
        Ok(SocketAddrV6::new(ip, self.port, 0, scope_id))
    }
}

impl From<&SocketAddr> for SockAddr {
    fn from(addr: &SocketAddr) -> SockAddr {
        SockAddr::from_socket_addr(addr)
    }
}

impl AddrError {
    /// The Linux errno that best describes this error: `EAFNOSUPPORT` for a bad domain,
    /// `EINVAL` otherwise.
    pub fn errno(&self) -> i32 {
        match self {
            AddrError::Domain(_) => libc::EAFNOSUPPORT,
            _ => libc::EINVAL,
        }
    }
}

impl fmt::Display for AddrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddrError::Domain(d) => write!(f, "unsupported address domain {d}"),
            AddrError::Address(a) => write!(f, "invalid IP address '{a}'"),
            AddrError::FamilyMismatch { domain, addr } => {
                write!(f, "address '{addr}' does not belong to domain {domain}")
            }
            AddrError::Scope(s) => write!(f, "unknown IPv6 scope '{s}'"),
        }
    }
}

impl std::error::Error for AddrError {}

/// A scope given as a number or an interface name; `None` if neither.
fn scope_id(scope: &str) -> Option<u32> {
    if let Ok(n) = scope.parse::<u32>() {
        return Some(n);
    }
    let name = CString::new(scope).ok()?;
    // SAFETY: `name` is a valid NUL-terminated string for the duration of the call.
    let index = unsafe { libc::if_nametoindex(name.as_ptr()) };
    (index != 0).then_some(index)
}

/// The interface name of scope `id`, or its number when no interface has it.
fn scope_name(id: u32) -> String {
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: `buf` holds IF_NAMESIZE bytes, as if_indextoname requires.
    let ret = unsafe { libc::if_indextoname(id, buf.as_mut_ptr()) };
    if ret.is_null() {
        return id.to_string();
    }
    // SAFETY: on success if_indextoname wrote a NUL-terminated name into `buf`.
    let name = unsafe { CStr::from_ptr(buf.as_ptr()) };
    name.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_and_checks_domain() {
        let v4 = SockAddr::new(0, "127.0.0.1", 80).to_socket_addr();
        assert_eq!(v4, Ok("127.0.0.1:80".parse().unwrap()));
        let v6 = SockAddr::new(0, "::1", 81).to_socket_addr();
        assert_eq!(v6, Ok("[::1]:81".parse().unwrap()));
        assert!(matches!(
            SockAddr::new(AF_INET, "::1", 1).to_socket_addr(),
            Err(AddrError::FamilyMismatch { domain: 2, .. })
        ));
        assert!(matches!(
            SockAddr::new(AF_INET6, "10.0.0.1", 1).to_socket_addr(),
            Err(AddrError::FamilyMismatch { domain: 10, .. })
        ));
        assert_eq!(
            SockAddr::new(7, "1.2.3.4", 1).to_socket_addr(),
            Err(AddrError::Domain(7))
        );
        assert_eq!(AddrError::Domain(7).errno(), libc::EAFNOSUPPORT);
    }

    #[test]
    fn rejects_bad_text() {
        for bad in [
            "",
            "1.2.3",
            "1.2.3.256",
            "localhost",
            " 1.2.3.4",
            "1.2.3.4:80",
        ] {
            assert!(
                matches!(
                    SockAddr::new(AF_INET, bad, 1).to_socket_addr(),
                    Err(AddrError::Address(_))
                ),
                "{bad:?}"
            );
        }
        for bad in ["::g", ":::", "1::2::3"] {
            assert!(
                matches!(
                    SockAddr::new(0, bad, 1).to_socket_addr(),
                    Err(AddrError::Address(_))
                ),
                "{bad:?}"
            );
        }
        assert_eq!(AddrError::Address(String::new()).errno(), libc::EINVAL);
    }

    #[test]
    fn scopes() {
        let named = SockAddr::new(AF_INET6, "fe80::1%lo", 5).to_socket_addr();
        let SocketAddr::V6(named) = named.unwrap() else {
            panic!("not v6")
        };
        assert_ne!(named.scope_id(), 0);
        let numbered = SockAddr::new(0, "fe80::1%7", 5).to_socket_addr().unwrap();
        assert!(matches!(numbered, SocketAddr::V6(v6) if v6.scope_id() == 7));
        assert_eq!(
            SockAddr::new(0, "fe80::1%nosuchif0", 5).to_socket_addr(),
            Err(AddrError::Scope("nosuchif0".into()))
        );
        // Back again: the loopback's index reads as its name.
        let back = SockAddr::from_socket_addr(&SocketAddr::V6(named));
        assert_eq!(back.addr, "fe80::1%lo");
    }

    #[test]
    fn from_std() {
        let v4 = SockAddr::from_socket_addr(&"10.1.2.3:443".parse().unwrap());
        assert_eq!(v4, SockAddr::new(AF_INET, "10.1.2.3", 443));
        let v6 = SockAddr::from(&"[2001:db8::5]:8443".parse().unwrap());
        assert_eq!(v6, SockAddr::new(AF_INET6, "2001:db8::5", 8443));
        let mapped = SockAddr::from_socket_addr(&"[::ffff:127.0.0.1]:9".parse().unwrap());
        assert_eq!(mapped, SockAddr::new(AF_INET6, "::ffff:127.0.0.1", 9));
        // Round trip.
        assert_eq!(
            v6.to_socket_addr(),
            Ok("[2001:db8::5]:8443".parse().unwrap())
        );
    }
}
