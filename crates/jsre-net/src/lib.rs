//! The jsre socket layer: TCP sockets for the `tcp`, `tls` and `socket` bindings.
//!
//! This crate knows nothing of Boa or TLS. It offers:
//!
//! - [`SockAddr`], the JS `{ domain, addr, port }` object, and its conversion to and from
//!   [`std::net::SocketAddr`];
//! - [`Socket`], an owning, always non-blocking TCP socket whose fd can be released
//!   ([`Socket::into_raw_fd`], for `flyAway()`) and adopted ([`Socket::from_raw_fd`], for
//!   `createByFd()`), with every socket option the documentation lists and the TCP state in
//!   the lwIP/SylixOS numbering ([`Socket::tcp_state`]);
//! - [`Listener`], a listening socket plus the extra ports added by `mports(n)`;
//! - [`wait_readable`], [`wait_writable`], [`wait_readable_or_writable`] and [`wait_any`],
//!   blocking waits with real deadlines
//!   for the synchronous JS forms.
//!
//! Every system failure is an [`std::io::Error`] carrying the Linux errno in
//! [`raw_os_error`](std::io::Error::raw_os_error); the binding maps it to SylixOS numbers.
//! The one exception is a value outside a documented range (buffer sizes, TTL, linger time):
//! that error has no errno and carries an [`OutOfRange`], found with [`out_of_range`], so that
//! the binding can throw a `RangeError` (or return `false`) as it chooses.

mod addr;
mod listener;
mod options;
mod socket;
mod state;
mod sys;
mod wait;

pub use addr::{AF_INET, AF_INET6, AddrError, SockAddr};
pub use listener::Listener;
pub use options::{
    BUFFER_SIZE_MAX, BUFFER_SIZE_MIN, Keepalive, Linger, OutOfRange, TTL_MAX, out_of_range,
};
pub use socket::Socket;
pub use state::{
    TCP_CLOSE_WAIT, TCP_CLOSED, TCP_CLOSING, TCP_ESTABLISHED, TCP_FIN_WAIT_1, TCP_FIN_WAIT_2,
    TCP_LAST_ACK, TCP_LISTEN, TCP_SYN_RCVD, TCP_SYN_SENT, TCP_TIME_WAIT, tcp_state_from_linux,
};
pub use std::net::Shutdown;
pub use wait::{wait_any, wait_readable, wait_readable_or_writable, wait_writable};
