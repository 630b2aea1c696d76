//! [`Socket`]: an owning, always non-blocking TCP socket.

use std::io;
use std::net::{Shutdown, SocketAddr};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, IntoRawFd, RawFd};

use socket2::{Domain, Protocol, Type};

use crate::sys::{cvt, errno, getsockopt_int};

/// A TCP socket (IPv4 or IPv6) that owns its fd.
///
/// The fd is always non-blocking and close-on-exec; blocking JS forms wait with
/// [`wait_readable`](crate::wait_readable) and friends. Dropping the socket closes the fd
/// unless it was given up with [`Socket::into_raw_fd`].
#[derive(Debug)]
pub struct Socket {
    inner: socket2::Socket,
}

impl Socket {
    /// Creates a socket bound to `addr` and listening with `backlog`.
    ///
    /// `SO_REUSEADDR` is on, as the documentation of `createServer` promises. When `device`
    /// is a non-empty name the socket is bound to that interface (`SO_BINDTODEVICE`) before
    /// the address is bound. Port 0 lets the system choose; read it with
    /// [`Socket::local_addr`].
    pub fn listen(addr: SocketAddr, backlog: i32, device: Option<&str>) -> io::Result<Socket> {
        Socket::listen_with(addr, backlog, device, None)
    }

    /// Creates a socket and starts a non-blocking connection to `addr`.
    ///
    /// The connection is usually still in progress on return: wait until the fd is writable,
    /// then read the outcome with [`Socket::connect_result`].
    pub fn connect(addr: SocketAddr) -> io::Result<Socket> {
        let socket = Socket::for_addr(&addr)?;
        socket.start_connect(addr)?;
        Ok(socket)
    }

    /// Creates an unbound, unconnected TCP socket of `domain` ([`AF_INET`](crate::AF_INET) or
    /// [`AF_INET6`](crate::AF_INET6); anything else is `EAFNOSUPPORT`), for the fd-level
    /// `socket` module and for options that must precede `bind` (`IPV6_V6ONLY`).
    pub fn open(domain: i32) -> io::Result<Socket> {
        let domain = match domain {
            crate::AF_INET => Domain::IPV4,
            crate::AF_INET6 => Domain::IPV6,
            _ => return Err(errno(libc::EAFNOSUPPORT)),
        };
        let ty = Type::STREAM.nonblocking().cloexec();
        let inner = socket2::Socket::new(domain, ty, Some(Protocol::TCP))?;
        Ok(Socket { inner })
    }

    /// Binds to `addr`.
    pub fn bind(&self, addr: SocketAddr) -> io::Result<()> {
        self.inner.bind(&addr.into())
    }

    /// Starts listening with `backlog` (the socket should be bound first, else the system
    /// picks an ephemeral port).
    pub fn start_listen(&self, backlog: i32) -> io::Result<()> {
        self.inner.listen(backlog)
    }

    /// Starts a non-blocking connection to `addr`; `EINPROGRESS` is success here, as in
    /// [`Socket::connect`].
    pub fn start_connect(&self, addr: SocketAddr) -> io::Result<()> {
        match self.inner.connect(&addr.into()) {
            Err(e) if e.raw_os_error() != Some(libc::EINPROGRESS) => Err(e),
            _ => Ok(()),
        }
    }

    /// The outcome of a connection started by [`Socket::connect`].
    ///
    /// `Ok(())` once connected; the connection's error (e.g. `ECONNREFUSED`, read and
    /// cleared from `SO_ERROR`) if it failed; `EINPROGRESS` if it is still being made.
    pub fn connect_result(&self) -> io::Result<()> {
        let code = self.take_error()?;
        if code != 0 {
            return Err(errno(code));
        }
        match self.inner.peer_addr() {
            Ok(_) => Ok(()),
            Err(e) if e.raw_os_error() == Some(libc::ENOTCONN) => Err(errno(libc::EINPROGRESS)),
            Err(e) => Err(e),
        }
    }

    /// Accepts one pending connection; `WouldBlock` (`EAGAIN`) when there is none.
    ///
    /// The new socket is non-blocking and close-on-exec, like every [`Socket`].
    pub fn accept(&self) -> io::Result<(Socket, SocketAddr)> {
        loop {
            match self.inner.accept4(libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC) {
                Ok((inner, addr)) => {
                    let addr = addr.as_socket().ok_or_else(|| errno(libc::EAFNOSUPPORT))?;
                    return Ok((Socket { inner }, addr));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Adopts `fd`, which must be an open IPv4 or IPv6 `SOCK_STREAM` socket, and makes it
    /// non-blocking and close-on-exec (for `createByFd`).
    ///
    /// Errors leave `fd` untouched and not owned: `EBADF` if it is not open, `ENOTSOCK` if it
    /// is not a socket, `EPROTOTYPE` if it is not a stream socket, `EAFNOSUPPORT` if it is not
    /// an internet socket. On success the returned `Socket` owns `fd` and closes it on drop;
    /// the caller must not close or adopt it elsewhere.
    pub fn from_raw_fd(fd: RawFd) -> io::Result<Socket> {
        if fd < 0 {
            return Err(errno(libc::EBADF));
        }
        if getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_TYPE)? != libc::SOCK_STREAM {
            return Err(errno(libc::EPROTOTYPE));
        }
        let domain = getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_DOMAIN)?;
        if domain != libc::AF_INET && domain != libc::AF_INET6 {
            return Err(errno(libc::EAFNOSUPPORT));
        }
        // SAFETY: `fd` is an open socket (checked above) and the caller hands its ownership
        // to us, as the JS `createByFd` contract says.
        let inner = unsafe { socket2::Socket::from_raw_fd(fd) };
        let socket = Socket { inner };
        let flags = socket
            .inner
            .set_nonblocking(true)
            .and(socket.inner.set_cloexec(true));
        if let Err(e) = flags {
            // Do not close a descriptor we failed to adopt.
            let _ = socket.into_raw_fd();
            return Err(e);
        }
        Ok(socket)
    }

    /// Gives up ownership of the fd without closing it (for `flyAway`).
    pub fn into_raw_fd(self) -> RawFd {
        self.inner.into_raw_fd()
    }

    /// The fd, still owned by this socket.
    pub fn fd(&self) -> RawFd {
        self.inner.as_raw_fd()
    }

    /// The address family: [`AF_INET`](crate::AF_INET) or [`AF_INET6`](crate::AF_INET6).
    pub fn domain(&self) -> io::Result<i32> {
        getsockopt_int(self.fd(), libc::SOL_SOCKET, libc::SO_DOMAIN)
    }

    /// Reads into `buf`: bytes read, `0` at end of stream, `WouldBlock` when nothing is
    /// waiting.
    pub fn read(&self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            // SAFETY: `buf` is valid for writes of `buf.len()` bytes.
            let ret = unsafe { libc::recv(self.fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
            match usize::try_from(ret) {
                Ok(n) => return Ok(n),
                Err(_) => {
                    let e = io::Error::last_os_error();
                    if e.kind() != io::ErrorKind::Interrupted {
                        return Err(e);
                    }
                }
            }
        }
    }

    /// Writes from `buf`: bytes written (perhaps fewer than `buf.len()`), `WouldBlock` when
    /// the send buffer is full. A closed peer gives `EPIPE`, never `SIGPIPE`.
    pub fn write(&self, buf: &[u8]) -> io::Result<usize> {
        loop {
            match self.inner.send_with_flags(buf, libc::MSG_NOSIGNAL) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => return other,
            }
        }
    }

    /// Writes from several buffers in one system call (TLS records queued together go
    /// out together); otherwise as [`Socket::write`].
    pub fn write_vectored(&self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        // One buffer: send(2) skips sendmsg's copy-in of the header and iovec array.
        if let [one] = bufs {
            return self.write(one);
        }
        loop {
            match self
                .inner
                .send_vectored_with_flags(bufs, libc::MSG_NOSIGNAL)
            {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => return other,
            }
        }
    }

    /// Shuts down reading, writing or both.
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.inner.shutdown(how)
    }

    /// The local address (`sockName`).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner
            .local_addr()?
            .as_socket()
            .ok_or_else(|| errno(libc::EAFNOSUPPORT))
    }

    /// The peer's address (`peerName`); `ENOTCONN` when not connected.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner
            .peer_addr()?
            .as_socket()
            .ok_or_else(|| errno(libc::EAFNOSUPPORT))
    }

    /// Bytes waiting to be read (`FIONREAD`).
    pub fn pending(&self) -> io::Result<usize> {
        let mut count: libc::c_int = 0;
        // SAFETY: FIONREAD writes one int into `count`.
        cvt(unsafe { libc::ioctl(self.fd(), libc::FIONREAD, &mut count) })?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// Reads and clears the pending socket error (`SO_ERROR`) as a raw Linux errno; 0 if none.
    pub fn take_error(&self) -> io::Result<i32> {
        getsockopt_int(self.fd(), libc::SOL_SOCKET, libc::SO_ERROR)
    }

    /// Whether the socket is listening (`SO_ACCEPTCONN`).
    pub fn is_listening(&self) -> io::Result<bool> {
        self.inner.is_listener()
    }

    /// The underlying socket2 socket, for options this crate does not wrap.
    pub fn as_socket2(&self) -> &socket2::Socket {
        &self.inner
    }

    /// [`Socket::listen`], also setting `IPV6_V6ONLY` before binding when `only_v6` is given
    /// (the extra ports of a [`Listener`](crate::Listener) copy it from the first).
    pub(crate) fn listen_with(
        addr: SocketAddr,
        backlog: i32,
        device: Option<&str>,
        only_v6: Option<bool>,
    ) -> io::Result<Socket> {
        let socket = Socket::for_addr(&addr)?;
        socket.inner.set_reuse_address(true)?;
        if let Some(only_v6) = only_v6 {
            socket.inner.set_only_v6(only_v6)?;
        }
        if let Some(name) = device.filter(|name| !name.is_empty()) {
            socket.bind_to_device(Some(name))?;
        }
        socket.bind(addr)?;
        socket.start_listen(backlog)?;
        Ok(socket)
    }

    /// A new non-blocking, close-on-exec TCP socket of `addr`'s family.
    fn for_addr(addr: &SocketAddr) -> io::Result<Socket> {
        match addr {
            SocketAddr::V4(_) => Socket::open(crate::AF_INET),
            SocketAddr::V6(_) => Socket::open(crate::AF_INET6),
        }
    }
}

impl AsRawFd for Socket {
    fn as_raw_fd(&self) -> RawFd {
        self.fd()
    }
}

impl AsFd for Socket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.inner.as_fd()
    }
}

impl IntoRawFd for Socket {
    fn into_raw_fd(self) -> RawFd {
        Socket::into_raw_fd(self)
    }
}
