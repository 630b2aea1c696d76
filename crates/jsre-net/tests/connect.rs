//! Listening, connecting, accepting, data, TCP state and the blocking waits on loopback.

mod common;

use std::io::ErrorKind;
use std::net::{Shutdown, SocketAddr};
use std::time::{Duration, Instant};

use common::{pair, read_exact, soon, write_all};
use jsre_net::{
    AF_INET, AF_INET6, SockAddr, Socket, TCP_CLOSE_WAIT, TCP_CLOSED, TCP_ESTABLISHED,
    TCP_FIN_WAIT_2, TCP_LISTEN, wait_any, wait_readable, wait_writable,
};

fn echo(ip: &str, domain: i32) {
    let p = pair(ip);
    assert_eq!(p.listener.domain().unwrap(), domain);
    assert_eq!(p.client_addr_seen, p.client.local_addr().unwrap());
    assert_eq!(
        p.client.peer_addr().unwrap(),
        p.listener.local_addr().unwrap()
    );
    assert_eq!(
        SockAddr::from_socket_addr(&p.client_addr_seen).domain,
        domain
    );

    write_all(&p.client, b"ping over loopback");
    let got = read_exact(&p.server, 18);
    write_all(&p.server, &got);
    assert_eq!(read_exact(&p.client, 18), b"ping over loopback");

    // Nothing more: a non-blocking read says so.
    let mut buf = [0u8; 8];
    let e = p.client.read(&mut buf).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::WouldBlock);
}

#[test]
fn echo_v4() {
    echo("127.0.0.1", AF_INET);
}

#[test]
fn echo_v6() {
    echo("[::1]", AF_INET6);
}

#[test]
fn refused_connection_reports_econnrefused() {
    // A port that was just free: bind, read it, close.
    let port = {
        let l = Socket::listen("127.0.0.1:0".parse().unwrap(), 1, None).unwrap();
        l.local_addr().unwrap().port()
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let client = Socket::connect(addr).unwrap();
    assert!(wait_writable(client.fd(), soon()).unwrap());
    let e = client.connect_result().unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ECONNREFUSED));
    // SO_ERROR was cleared by reading it.
    assert_eq!(client.take_error().unwrap(), 0);
}

#[test]
fn accept_without_connection_would_block() {
    let l = Socket::listen("127.0.0.1:0".parse().unwrap(), 5, None).unwrap();
    let e = l.accept().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::WouldBlock);
    assert!(l.is_listening().unwrap());
}

#[test]
fn tcp_states() {
    let fresh = Socket::open(AF_INET).unwrap();
    assert_eq!(fresh.tcp_state().unwrap(), TCP_CLOSED);

    let p = pair("127.0.0.1");
    assert_eq!(p.listener.tcp_state().unwrap(), TCP_LISTEN);
    assert_eq!(p.client.tcp_state().unwrap(), TCP_ESTABLISHED);
    assert_eq!(p.server.tcp_state().unwrap(), TCP_ESTABLISHED);
    assert!(!p.client.is_listening().unwrap());

    // The client half-closes: the server sees end of stream and sits in CLOSE_WAIT, the
    // client in FIN_WAIT_2 once its FIN is acknowledged.
    p.client.shutdown(Shutdown::Write).unwrap();
    assert!(wait_readable(p.server.fd(), soon()).unwrap());
    assert_eq!(p.server.read(&mut [0u8; 4]).unwrap(), 0);
    assert_eq!(p.server.tcp_state().unwrap(), TCP_CLOSE_WAIT);
    let until = Instant::now() + Duration::from_secs(2);
    while p.client.tcp_state().unwrap() != TCP_FIN_WAIT_2 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(p.client.tcp_state().unwrap(), TCP_FIN_WAIT_2);
}

#[test]
fn close_wait_after_peer_closes() {
    let p = pair("[::1]");
    drop(p.client);
    assert!(wait_readable(p.server.fd(), soon()).unwrap());
    assert_eq!(p.server.tcp_state().unwrap(), TCP_CLOSE_WAIT);
}

#[test]
fn wait_readable_times_out_then_sees_data_and_pending_counts() {
    let p = pair("127.0.0.1");
    let start = Instant::now();
    let deadline = start + Duration::from_millis(50);
    assert!(!wait_readable(p.server.fd(), Some(deadline)).unwrap());
    assert!(Instant::now() >= deadline);
    assert_eq!(p.server.pending().unwrap(), 0);

    write_all(&p.client, b"hello");
    assert!(wait_readable(p.server.fd(), soon()).unwrap());
    assert_eq!(p.server.pending().unwrap(), 5);
    let mut buf = [0u8; 3];
    assert_eq!(p.server.read(&mut buf).unwrap(), 3);
    assert_eq!(p.server.pending().unwrap(), 2);

    // wait_any names the ready fd.
    let ready = wait_any(&[p.client.fd(), p.server.fd()], soon()).unwrap();
    assert_eq!(ready, Some(p.server.fd()));
    let none = wait_any(&[p.client.fd()], Some(Instant::now())).unwrap();
    assert_eq!(none, None);
}

#[test]
fn write_to_closed_peer_is_an_error_not_a_signal() {
    let p = pair("127.0.0.1");
    drop(p.server);
    let mut last = None;
    for _ in 0..100 {
        match p.client.write(b"data") {
            Ok(_) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => {
                last = Some(e);
                break;
            }
        }
    }
    let code = last.and_then(|e| e.raw_os_error());
    assert!(
        code == Some(libc::EPIPE) || code == Some(libc::ECONNRESET),
        "{code:?}"
    );
}

#[test]
fn release_and_adopt_keep_the_connection() {
    let p = pair("127.0.0.1");
    let fd = p.client.into_raw_fd();
    let adopted = Socket::from_raw_fd(fd).unwrap();
    assert_eq!(adopted.fd(), fd);
    write_all(&adopted, b"still here");
    assert_eq!(read_exact(&p.server, 10), b"still here");
    // Adopting makes the fd non-blocking.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    assert_ne!(flags & libc::O_NONBLOCK, 0);
}

#[test]
fn adopt_makes_a_blocking_socket_non_blocking() {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let fd = std::os::fd::IntoRawFd::into_raw_fd(std_listener);
    let l = Socket::from_raw_fd(fd).unwrap();
    assert_eq!(l.accept().unwrap_err().kind(), ErrorKind::WouldBlock);
}

#[test]
fn adopt_refuses_what_is_not_a_tcp_socket() {
    // A pipe: ENOTSOCK, and the pipe stays open and ours.
    let mut fds = [0; 2];
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let e = Socket::from_raw_fd(fds[0]).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ENOTSOCK));
    assert_ne!(unsafe { libc::fcntl(fds[0], libc::F_GETFD) }, -1);
    unsafe {
        libc::close(fds[0]);
        libc::close(fds[1]);
    }

    // A closed fd: EBADF. A high number nobody opened, checked first.
    let closed = 900_000;
    assert_eq!(unsafe { libc::fcntl(closed, libc::F_GETFD) }, -1);
    let e = Socket::from_raw_fd(closed).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EBADF));
    let e = Socket::from_raw_fd(-1).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EBADF));

    // A UDP socket: EPROTOTYPE; a Unix stream socket: EAFNOSUPPORT.
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let e = Socket::from_raw_fd(std::os::fd::AsRawFd::as_raw_fd(&udp)).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EPROTOTYPE));
    let (unix, _other) = std::os::unix::net::UnixStream::pair().unwrap();
    let e = Socket::from_raw_fd(std::os::fd::AsRawFd::as_raw_fd(&unix)).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EAFNOSUPPORT));
}

#[test]
fn listen_on_device() {
    let l = Socket::listen("127.0.0.1:0".parse().unwrap(), 5, Some("lo")).unwrap();
    assert_eq!(l.device().unwrap().as_deref(), Some("lo"));
    let client = Socket::connect(l.local_addr().unwrap()).unwrap();
    assert!(wait_writable(client.fd(), soon()).unwrap());
    client.connect_result().unwrap();
    assert!(wait_readable(l.fd(), soon()).unwrap());
    let (_server, _) = l.accept().unwrap();

    let e = Socket::listen("127.0.0.1:0".parse().unwrap(), 5, Some("nosuchif0")).unwrap_err();
    assert!(
        matches!(e.raw_os_error(), Some(libc::ENODEV) | Some(libc::EPERM)),
        "{e}"
    );
}

#[test]
fn open_bind_listen_step_by_step() {
    assert_eq!(
        Socket::open(1).unwrap_err().raw_os_error(),
        Some(libc::EAFNOSUPPORT)
    );
    let s = Socket::open(AF_INET6).unwrap();
    s.set_ipv6_only(true).unwrap();
    s.bind("[::1]:0".parse().unwrap()).unwrap();
    s.start_listen(3).unwrap();
    assert!(s.is_listening().unwrap());
    let c = Socket::open(AF_INET6).unwrap();
    c.start_connect(s.local_addr().unwrap()).unwrap();
    assert!(wait_writable(c.fd(), soon()).unwrap());
    c.connect_result().unwrap();
}
