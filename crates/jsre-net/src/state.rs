//! TCP connection state in the lwIP/SylixOS numbering that the JS `TCP_*` constants use.

use std::io;

use crate::socket::Socket;
use crate::sys::{errno, getsockopt_pod};

/// No connection (also a socket never connected).
pub const TCP_CLOSED: i32 = 0;
/// Listening for connections.
pub const TCP_LISTEN: i32 = 1;
/// Connection request sent.
pub const TCP_SYN_SENT: i32 = 2;
/// Connection request received, handshake not finished.
pub const TCP_SYN_RCVD: i32 = 3;
/// Connected.
pub const TCP_ESTABLISHED: i32 = 4;
/// We closed; waiting for the peer's ACK or FIN.
pub const TCP_FIN_WAIT_1: i32 = 5;
/// We closed and the peer acknowledged; waiting for its FIN.
pub const TCP_FIN_WAIT_2: i32 = 6;
/// The peer closed; we have not.
pub const TCP_CLOSE_WAIT: i32 = 7;
/// Both sides closed at once.
pub const TCP_CLOSING: i32 = 8;
/// The peer closed, then we did; waiting for the last ACK.
pub const TCP_LAST_ACK: i32 = 9;
/// Both closed; waiting out stray segments.
pub const TCP_TIME_WAIT: i32 = 10;

/// Maps a Linux `tcpi_state` (`include/net/tcp_states.h`) to the lwIP/SylixOS number;
/// `None` for a value this crate does not know.
pub fn tcp_state_from_linux(state: u8) -> Option<i32> {
    Some(match state {
        1 => TCP_ESTABLISHED,
        2 => TCP_SYN_SENT,
        3 => TCP_SYN_RCVD,
        4 => TCP_FIN_WAIT_1,
        5 => TCP_FIN_WAIT_2,
        6 => TCP_TIME_WAIT,
        7 => TCP_CLOSED,
        8 => TCP_CLOSE_WAIT,
        9 => TCP_LAST_ACK,
        10 => TCP_LISTEN,
        11 => TCP_CLOSING,
        // TCP_NEW_SYN_RECV: a request socket in the middle of the handshake.
        12 => TCP_SYN_RCVD,
        // TCP_BOUND_INACTIVE (Linux 6.7+): bound, neither listening nor connected.
        13 => TCP_CLOSED,
        _ => return None,
    })
}

impl Socket {
    /// The TCP state (`getState()`) read from `TCP_INFO`, in the lwIP/SylixOS numbering
    /// ([`TCP_CLOSED`]..=[`TCP_TIME_WAIT`]). An unknown kernel state is `EPROTO`.
    pub fn tcp_state(&self) -> io::Result<i32> {
        // `tcpi_state` is the first byte of `struct tcp_info`; the kernel copies no more
        // than the length we pass, so a small buffer avoids depending on the full layout.
        let info = getsockopt_pod(self.fd(), libc::IPPROTO_TCP, libc::TCP_INFO, [0u8; 8])?;
        tcp_state_from_linux(info[0]).ok_or_else(|| errno(libc::EPROTO))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_linux_state_maps() {
        let mapped: Vec<i32> = (1..=13).filter_map(tcp_state_from_linux).collect();
        assert_eq!(mapped, [4, 2, 3, 5, 6, 10, 0, 7, 9, 1, 8, 3, 0]);
        assert_eq!(tcp_state_from_linux(0), None);
        assert_eq!(tcp_state_from_linux(14), None);
    }
}
