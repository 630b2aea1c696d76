//! Multi-port listening: `mports(n)` adds the n following ports, each accepts connections.

mod common;

use std::collections::BTreeSet;
use std::io::ErrorKind;
use std::net::SocketAddr;

use common::{pair, soon};
use jsre_net::{Listener, Socket, wait_any, wait_writable};

/// A base address for a listener that wants free ports after it: port 0 first, then
/// ports below the ephemeral range, where no client socket (e.g. thousands in TIME_WAIT
/// after a load test) sits on the following ports.
fn candidate(ip: &str, attempt: u32) -> SocketAddr {
    let port = if attempt < 5 {
        0
    } else {
        10_000 + (attempt * 997 + std::process::id()) % 20_000
    };
    format!("{ip}:{port}")
        .replace("::1:", "[::1]:")
        .parse()
        .unwrap()
}

/// A listener on `ip` with `n` extra ports; retries when a following port happens to be taken.
fn listener_with_mports(ip: &str, n: u32) -> Listener {
    for attempt in 0..200 {
        let Ok(mut l) = Listener::bind(candidate(ip, attempt), 5, None) else {
            continue;
        };
        match l.mports(n) {
            Ok(()) => return l,
            Err(e) if e.raw_os_error() == Some(libc::EADDRINUSE) => continue,
            Err(e) => panic!("mports: {e}"),
        }
    }
    panic!("no run of {n} free ports");
}

fn connect(addr: SocketAddr) -> Socket {
    let c = Socket::connect(addr).unwrap();
    assert!(wait_writable(c.fd(), soon()).unwrap());
    c.connect_result().unwrap();
    c
}

fn accept_one(l: &Listener) -> Socket {
    loop {
        match l.accept() {
            Ok((s, _)) => return s,
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                assert!(wait_any(&l.fds(), soon()).unwrap().is_some());
            }
            Err(e) => panic!("accept: {e}"),
        }
    }
}

fn each_extra_port_accepts(ip: &str) {
    let l = listener_with_mports(ip, 3);
    assert_eq!(l.fds().len(), 4);
    assert_eq!(l.extra_ports(), 3);
    let base = l.primary().local_addr().unwrap();

    let mut clients = Vec::new();
    for offset in 1..=3 {
        let mut addr = base;
        addr.set_port(base.port() + offset);
        clients.push(connect(addr));
    }
    let mut ports = BTreeSet::new();
    let mut servers = Vec::new();
    for _ in 0..3 {
        let s = accept_one(&l);
        ports.insert(s.local_addr().unwrap().port());
        servers.push(s);
    }
    let expected: BTreeSet<u16> = (1..=3).map(|o| base.port() + o).collect();
    assert_eq!(ports, expected);
    assert_eq!(l.accept().unwrap_err().kind(), ErrorKind::WouldBlock);
}

#[test]
fn extra_ports_accept_v4() {
    each_extra_port_accepts("127.0.0.1");
}

#[test]
fn extra_ports_accept_v6() {
    each_extra_port_accepts("[::1]");
}

#[test]
fn accept_takes_turns() {
    let l = listener_with_mports("127.0.0.1", 1);
    let base = l.primary().local_addr().unwrap();
    let mut second = base;
    second.set_port(base.port() + 1);
    // Two waiting on each port: accepts alternate between them.
    let _clients: Vec<Socket> = [base, base, second, second].map(connect).into();
    let mut order = Vec::new();
    for _ in 0..4 {
        order.push(accept_one(&l).local_addr().unwrap().port());
    }
    let (a, b) = (base.port(), second.port());
    assert!(order == [a, b, a, b] || order == [b, a, b, a], "{order:?}");
}

#[test]
fn mports_resizes() {
    let mut l = listener_with_mports("127.0.0.1", 2);
    let fds = l.fds();
    l.mports(1).unwrap();
    assert_eq!(l.fds(), fds[..2]);
    l.mports(0).unwrap();
    assert_eq!(l.fds(), fds[..1]);
    // Past port 65535.
    assert_eq!(
        l.mports(65535).unwrap_err().raw_os_error(),
        Some(libc::EINVAL)
    );
    assert_eq!(l.extra_ports(), 0);
    assert_eq!(l.into_primary().tcp_state().unwrap(), jsre_net::TCP_LISTEN);
}

#[test]
fn mports_on_a_connected_socket_is_einval() {
    let p = pair("127.0.0.1");
    let mut l = Listener::new(p.client, 5);
    assert_eq!(l.mports(1).unwrap_err().raw_os_error(), Some(libc::EINVAL));
    let mut unbound = Listener::new(Socket::open(jsre_net::AF_INET).unwrap(), 5);
    assert_eq!(
        unbound.mports(1).unwrap_err().raw_os_error(),
        Some(libc::EINVAL)
    );
}

#[test]
fn mports_failure_opens_nothing() {
    // Occupy the port right after the listener's, then ask for two extra ports.
    for attempt in 0..200 {
        let Ok(mut l) = Listener::bind(candidate("127.0.0.1", attempt), 5, None) else {
            continue;
        };
        let base = l.primary().local_addr().unwrap();
        let mut next = base;
        next.set_port(base.port() + 1);
        let Ok(blocker) = std::net::TcpListener::bind(next) else {
            continue;
        };
        // The second extra port must be free, or the failure would be about it instead.
        let mut second = base;
        second.set_port(base.port() + 2);
        if std::net::TcpListener::bind(second).is_err() {
            continue;
        }
        let e = l.mports(2).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::EADDRINUSE));
        assert_eq!(l.extra_ports(), 0);
        drop(blocker);
        return;
    }
    panic!("could not set up the collision");
}
