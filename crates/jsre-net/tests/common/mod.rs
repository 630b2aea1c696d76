//! Helpers shared by the integration tests: connected loopback pairs and raw getsockopt.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::os::fd::RawFd;
use std::time::{Duration, Instant};

use jsre_net::{Socket, wait_readable, wait_writable};

/// A listener, a client connected to it and the server side of that connection.
pub struct Pair {
    pub listener: Socket,
    pub client: Socket,
    pub server: Socket,
    pub client_addr_seen: SocketAddr,
}

/// A deadline a few seconds away: long enough never to fire on a healthy machine.
pub fn soon() -> Option<Instant> {
    Some(Instant::now() + Duration::from_secs(5))
}

/// Connects a client to a new listener on `ip` (e.g. `127.0.0.1`, `[::1]`), port 0.
pub fn pair(ip: &str) -> Pair {
    let addr: SocketAddr = format!("{ip}:0").parse().unwrap();
    let listener = Socket::listen(addr, 5, None).unwrap();
    let client = Socket::connect(listener.local_addr().unwrap()).unwrap();
    assert!(wait_writable(client.fd(), soon()).unwrap());
    client.connect_result().unwrap();
    assert!(wait_readable(listener.fd(), soon()).unwrap());
    let (server, client_addr_seen) = listener.accept().unwrap();
    Pair {
        listener,
        client,
        server,
        client_addr_seen,
    }
}

/// `getsockopt` of an int option straight from libc, independent of the crate's getters.
pub fn raw_int(fd: RawFd, level: i32, name: i32) -> i32 {
    let mut value: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    let ret = unsafe {
        libc::getsockopt(
            fd,
            level,
            name,
            (&raw mut value).cast::<libc::c_void>(),
            &mut len,
        )
    };
    assert_eq!(ret, 0, "getsockopt({level}, {name})");
    value
}

/// Writes all of `data`, waiting for writability as needed.
pub fn write_all(socket: &Socket, mut data: &[u8]) {
    while !data.is_empty() {
        match socket.write(data) {
            Ok(n) => data = &data[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(wait_writable(socket.fd(), soon()).unwrap());
            }
            Err(e) => panic!("write: {e}"),
        }
    }
}

/// Reads exactly `len` bytes, waiting for readability as needed.
pub fn read_exact(socket: &Socket, len: usize) -> Vec<u8> {
    let mut out = vec![0; len];
    let mut got = 0;
    while got < len {
        match socket.read(&mut out[got..]) {
            Ok(0) => panic!("early end of stream after {got} bytes"),
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(wait_readable(socket.fd(), soon()).unwrap());
            }
            Err(e) => panic!("read: {e}"),
        }
    }
    out
}
