//! [`Listener`]: a listening socket plus the consecutive ports added by `mports(n)`.

use std::cell::Cell;
use std::io;
use std::net::SocketAddr;
use std::os::fd::RawFd;

use crate::addr::AF_INET6;
use crate::socket::Socket;
use crate::sys::errno;

/// A listening [`Socket`] and the sockets listening on the ports right after its own.
///
/// `mports(n)` makes it listen on `port + 1 ..= port + n` as well (same address, backlog,
/// device and `IPV6_V6ONLY`); [`Listener::accept`] takes a connection from any of them.
#[derive(Debug)]
pub struct Listener {
    /// The socket the JS object was created with; its fd is the object's `sockFd`.
    primary: Socket,
    /// Sockets on `primary`'s port + 1, + 2, ..., in port order.
    extra: Vec<Socket>,
    /// The backlog `primary` listens with, reused for the extra ports.
    backlog: i32,
    /// Index (0 = primary) where the next `accept` starts looking, so that a busy port
    /// cannot starve the others.
    next: Cell<usize>,
}

impl Listener {
    /// Binds and listens on `addr` (see [`Socket::listen`]).
    pub fn bind(addr: SocketAddr, backlog: i32, device: Option<&str>) -> io::Result<Listener> {
        Ok(Listener::new(
            Socket::listen(addr, backlog, device)?,
            backlog,
        ))
    }

    /// Sets IPV6_V6ONLY on every listening socket. Linux accepts the option only before
    /// bind, so each socket is rebuilt in place: a fresh socket with the option is moved
    /// onto the same fd number (dup2 also closes the old one), then bound and listening
    /// again on the same address. The fd numbers stay, so `sockFd` stays true.
    pub fn set_ipv6_only(&mut self, only_v6: bool) -> io::Result<()> {
        for sock in std::iter::once(&self.primary).chain(self.extra.iter()) {
            if sock.domain()? != crate::AF_INET6 {
                return Err(io::Error::from_raw_os_error(libc::EINVAL));
            }
            if sock.ipv6_only()? == only_v6 {
                continue;
            }
            let addr = sock.local_addr()?;
            let device = sock.device()?;
            let fresh = Socket::open(crate::AF_INET6)?;
            fresh.set_reuse_addr(true)?;
            fresh.set_ipv6_only(only_v6)?;
            if let Some(name) = device.as_deref() {
                fresh.bind_to_device(Some(name))?;
            }
            // SAFETY: both fds are open and owned; dup2 atomically replaces sock's fd.
            if unsafe { libc::dup2(fresh.fd(), sock.fd()) } < 0 {
                return Err(io::Error::last_os_error());
            }
            drop(fresh);
            sock.bind(addr)?;
            sock.start_listen(self.backlog)?;
        }
        Ok(())
    }

    /// Wraps a socket, e.g. one adopted by fd; `backlog` is used for ports that
    /// [`Listener::mports`] adds. The socket need not be listening until `mports` is called.
    pub fn new(primary: Socket, backlog: i32) -> Listener {
        Listener {
            primary,
            extra: Vec::new(),
            backlog,
            next: Cell::new(0),
        }
    }

    /// Makes the listener serve exactly `n` extra ports: `port + 1 ..= port + n`, where `port`
    /// is the primary socket's. Ports already open are kept, missing ones opened, ports
    /// beyond `n` closed (`n = 0` closes them all).
    ///
    /// `EINVAL` if the primary socket is not listening or `port + n` passes 65535. If a port
    /// cannot be opened (e.g. `EADDRINUSE`) none of this call's new ports stay open.
    pub fn mports(&mut self, n: u32) -> io::Result<()> {
        if !self.primary.is_listening()? {
            return Err(errno(libc::EINVAL));
        }
        let base = self.primary.local_addr()?;
        let last = u32::from(base.port()) + n;
        if last > u32::from(u16::MAX) {
            return Err(errno(libc::EINVAL));
        }
        let wanted = n as usize;
        if wanted <= self.extra.len() {
            self.extra.truncate(wanted);
            self.next.set(0);
            return Ok(());
        }
        let device = self.primary.device()?;
        let only_v6 = match self.primary.domain()? {
            AF_INET6 => Some(self.primary.ipv6_only()?),
            _ => None,
        };
        let mut added = Vec::with_capacity(wanted - self.extra.len());
        for offset in self.extra.len() + 1..=wanted {
            let mut addr = base;
            // `offset <= n` and `base.port() + n <= 65535` were checked above.
            addr.set_port(base.port() + offset as u16);
            added.push(Socket::listen_with(
                addr,
                self.backlog,
                device.as_deref(),
                only_v6,
            )?);
        }
        self.extra.append(&mut added);
        Ok(())
    }

    /// Accepts one connection from whichever port has one, trying each in turn from where the
    /// last call left off; `WouldBlock` (`EAGAIN`) when none has.
    pub fn accept(&self) -> io::Result<(Socket, SocketAddr)> {
        let count = self.extra.len() + 1;
        let start = self.next.get() % count;
        for step in 0..count {
            let index = (start + step) % count;
            let result = self.socket(index).accept();
            match result {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                other => {
                    self.next.set((index + 1) % count);
                    return other;
                }
            }
        }
        Err(errno(libc::EAGAIN))
    }

    /// Every listening fd, the primary first, for the event loop to watch.
    pub fn fds(&self) -> Vec<RawFd> {
        std::iter::once(&self.primary)
            .chain(&self.extra)
            .map(Socket::fd)
            .collect()
    }

    /// The primary socket (options, addresses, state).
    pub fn primary(&self) -> &Socket {
        &self.primary
    }

    /// How many extra ports are listening.
    pub fn extra_ports(&self) -> usize {
        self.extra.len()
    }

    /// Closes the extra ports and returns the primary socket (e.g. for `flyAway`, which
    /// hands over one fd only).
    pub fn into_primary(self) -> Socket {
        self.primary
    }

    /// Socket `index`, 0 being the primary.
    fn socket(&self, index: usize) -> &Socket {
        match index.checked_sub(1) {
            Some(i) => self.extra.get(i).unwrap_or(&self.primary),
            None => &self.primary,
        }
    }
}
