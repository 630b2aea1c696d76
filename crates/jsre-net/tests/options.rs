//! Every socket option: set, then read back both through the getter and with raw getsockopt.

mod common;

use std::io::ErrorKind;
use std::time::Duration;

use common::{pair, raw_int};
use jsre_net::{
    AF_INET, AF_INET6, BUFFER_SIZE_MAX, BUFFER_SIZE_MIN, Keepalive, Linger, Socket, out_of_range,
};

#[test]
fn keepalive() {
    let p = pair("127.0.0.1");
    let s = &p.client;
    s.set_keepalive(true, 6000, 1500, 3).unwrap();
    let expected = Keepalive {
        enabled: true,
        idle: Duration::from_secs(6),
        interval: Duration::from_secs(2),
        count: 3,
    };
    assert_eq!(s.keepalive().unwrap(), expected);
    assert_eq!(raw_int(s.fd(), libc::SOL_SOCKET, libc::SO_KEEPALIVE), 1);
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_TCP, libc::TCP_KEEPIDLE), 6);
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_TCP, libc::TCP_KEEPINTVL), 2);
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_TCP, libc::TCP_KEEPCNT), 3);

    // Sub-second times round up to one second.
    s.set_keepalive(true, 1, 0, 9).unwrap();
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_TCP, libc::TCP_KEEPIDLE), 1);
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_TCP, libc::TCP_KEEPINTVL), 1);
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_TCP, libc::TCP_KEEPCNT), 9);

    s.set_keepalive(false, 0, 0, 0).unwrap();
    assert!(!s.keepalive().unwrap().enabled);
    assert_eq!(raw_int(s.fd(), libc::SOL_SOCKET, libc::SO_KEEPALIVE), 0);

    // The kernel's own limit: no probe count of 0.
    let e = s.set_keepalive(true, 1000, 1000, 0).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EINVAL));
}

#[test]
fn nodelay() {
    let p = pair("[::1]");
    let s = &p.server;
    s.set_nodelay(true).unwrap();
    assert!(s.nodelay().unwrap());
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_TCP, libc::TCP_NODELAY), 1);
    s.set_nodelay(false).unwrap();
    assert!(!s.nodelay().unwrap());
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_TCP, libc::TCP_NODELAY), 0);
}

#[test]
fn linger() {
    let p = pair("127.0.0.1");
    let s = &p.client;
    s.set_linger(true, 5).unwrap();
    assert_eq!(
        s.linger().unwrap(),
        Linger {
            onoff: true,
            secs: 5
        }
    );
    s.set_linger(true, 0).unwrap();
    assert_eq!(
        s.linger().unwrap(),
        Linger {
            onoff: true,
            secs: 0
        }
    );
    s.set_linger(false, 0).unwrap();
    assert!(!s.linger().unwrap().onoff);
    let e = s.set_linger(true, u32::MAX).unwrap_err();
    assert!(out_of_range(&e).is_some());
}

#[test]
fn ttl_v4() {
    let p = pair("127.0.0.1");
    let s = &p.client;
    s.set_ttl(64).unwrap();
    assert_eq!(s.ttl().unwrap(), 64);
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_IP, libc::IP_TTL), 64);
    s.set_ttl(255).unwrap();
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_IP, libc::IP_TTL), 255);
    // Linux refuses TTL 0 on IPv4; above 255 is refused before the kernel is asked.
    assert_eq!(s.set_ttl(0).unwrap_err().raw_os_error(), Some(libc::EINVAL));
    let e = s.set_ttl(256).unwrap_err();
    assert_eq!(out_of_range(&e).map(|r| r.max), Some(255));
    assert_eq!(s.ttl().unwrap(), 255);
}

#[test]
fn ttl_v6() {
    let p = pair("[::1]");
    let s = &p.server;
    s.set_ttl(7).unwrap();
    assert_eq!(s.ttl().unwrap(), 7);
    assert_eq!(
        raw_int(s.fd(), libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS),
        7
    );
    s.set_ttl(0).unwrap();
    assert_eq!(
        raw_int(s.fd(), libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS),
        0
    );
}

#[test]
fn reuse_addr() {
    let l = Socket::listen("127.0.0.1:0".parse().unwrap(), 5, None).unwrap();
    // On by default for listeners, as documented.
    assert!(l.reuse_addr().unwrap());
    assert_eq!(raw_int(l.fd(), libc::SOL_SOCKET, libc::SO_REUSEADDR), 1);
    l.set_reuse_addr(false).unwrap();
    assert!(!l.reuse_addr().unwrap());
    assert_eq!(raw_int(l.fd(), libc::SOL_SOCKET, libc::SO_REUSEADDR), 0);
}

#[test]
fn ipv6_only() {
    let s = Socket::open(AF_INET6).unwrap();
    s.set_ipv6_only(true).unwrap();
    assert!(s.ipv6_only().unwrap());
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_IPV6, libc::IPV6_V6ONLY), 1);
    s.set_ipv6_only(false).unwrap();
    assert!(!s.ipv6_only().unwrap());
    assert_eq!(raw_int(s.fd(), libc::IPPROTO_IPV6, libc::IPV6_V6ONLY), 0);

    let v4 = Socket::open(AF_INET).unwrap();
    let e = v4.set_ipv6_only(true).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EINVAL));
    assert_eq!(
        v4.ipv6_only().unwrap_err().raw_os_error(),
        Some(libc::EINVAL)
    );
}

#[test]
fn buffer_sizes() {
    let p = pair("127.0.0.1");
    let s = &p.client;
    s.set_recv_buffer_size(65536).unwrap();
    let got = s.recv_buffer_size().unwrap();
    assert!(got >= 65536, "{got}");
    assert_eq!(
        got,
        raw_int(s.fd(), libc::SOL_SOCKET, libc::SO_RCVBUF) as usize
    );
    s.set_send_buffer_size(32768).unwrap();
    let got = s.send_buffer_size().unwrap();
    assert!(got >= 32768, "{got}");
    assert_eq!(
        got,
        raw_int(s.fd(), libc::SOL_SOCKET, libc::SO_SNDBUF) as usize
    );

    // Both ends of the documented range are accepted.
    s.set_recv_buffer_size(BUFFER_SIZE_MIN).unwrap();
    s.set_send_buffer_size(BUFFER_SIZE_MAX).unwrap();

    // Outside it: a range error, no errno, and the option is unchanged.
    let before = s.recv_buffer_size().unwrap();
    for bad in [0, BUFFER_SIZE_MIN - 1, BUFFER_SIZE_MAX + 1, usize::MAX] {
        let e = s.set_recv_buffer_size(bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!(e.raw_os_error(), None);
        assert!(out_of_range(&e).is_some());
        let e = s.set_send_buffer_size(bad).unwrap_err();
        assert!(out_of_range(&e).is_some());
    }
    assert_eq!(s.recv_buffer_size().unwrap(), before);
}

#[test]
fn bind_to_device() {
    let s = Socket::open(AF_INET).unwrap();
    assert_eq!(s.device().unwrap(), None);
    s.bind_to_device(Some("lo")).unwrap();
    assert_eq!(s.device().unwrap().as_deref(), Some("lo"));
    s.bind_to_device(None).unwrap();
    assert_eq!(s.device().unwrap(), None);
    s.bind_to_device(Some("lo")).unwrap();
    s.bind_to_device(Some("")).unwrap();
    assert_eq!(s.device().unwrap(), None);

    let e = s.bind_to_device(Some("nosuchif0")).unwrap_err();
    assert!(
        matches!(e.raw_os_error(), Some(libc::ENODEV) | Some(libc::EPERM)),
        "{e}"
    );
    // Too long for an interface name: refused rather than truncated.
    let e = s.bind_to_device(Some("lo-but-far-too-long")).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ENODEV));
}

#[test]
fn take_error_is_zero_when_healthy() {
    let p = pair("127.0.0.1");
    assert_eq!(p.client.take_error().unwrap(), 0);
    assert_eq!(p.server.take_error().unwrap(), 0);
}
