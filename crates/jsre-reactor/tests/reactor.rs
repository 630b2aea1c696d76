//! The reactor on real loopback sockets and pipes, without any JavaScript.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use jsre_reactor::{Interest, Reactor};

fn socket_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let a = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (b, _) = listener.accept().unwrap();
    (a, b)
}

fn readable_fds(reactor: &mut Reactor, timeout_ms: u64) -> Vec<i32> {
    let turn = reactor
        .wait(Some(Duration::from_millis(timeout_ms)))
        .unwrap();
    turn.ready
        .iter()
        .filter(|(_, r)| r.readable)
        .map(|(fd, _)| *fd)
        .collect()
}

#[test]
fn a_partly_read_socket_is_reported_again_level_triggered() {
    let (mut a, mut b) = socket_pair();
    let mut reactor = Reactor::new().unwrap();
    reactor.watch(b.as_raw_fd(), Interest::Read).unwrap();
    a.write_all(b"0123456789").unwrap();
    assert_eq!(readable_fds(&mut reactor, 1000), vec![b.as_raw_fd()]);
    let mut two = [0u8; 2];
    b.read_exact(&mut two).unwrap();
    // Eight bytes remain: edge-triggered epoll would stay silent here.
    assert_eq!(readable_fds(&mut reactor, 1000), vec![b.as_raw_fd()]);
    let mut rest = [0u8; 8];
    b.read_exact(&mut rest).unwrap();
    assert!(readable_fds(&mut reactor, 50).is_empty());
}

#[test]
fn pipes_work_and_an_empty_wait_times_out_without_spurious_readiness() {
    let mut fds = [0; 2];
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let mut reactor = Reactor::new().unwrap();
    reactor.watch(fds[0], Interest::Read).unwrap();
    let t0 = Instant::now();
    assert!(readable_fds(&mut reactor, 60).is_empty());
    assert!(t0.elapsed() >= Duration::from_millis(55));
    assert_eq!(unsafe { libc::write(fds[1], b"x".as_ptr().cast(), 1) }, 1);
    assert_eq!(readable_fds(&mut reactor, 1000), vec![fds[0]]);
    reactor.unwatch(fds[0], Interest::Read);
    assert!(readable_fds(&mut reactor, 20).is_empty());
    unsafe {
        libc::close(fds[0]);
        libc::close(fds[1]);
    }
}

#[test]
fn ten_thousand_watched_fds_report_only_the_ready_ones() {
    let mut reactor = Reactor::new().unwrap();
    let mut pipes = Vec::new();
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    if limit.rlim_cur < 21_000 {
        limit.rlim_cur = limit.rlim_max.min(21_000);
        unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) };
    }
    let count = ((limit.rlim_cur as usize).saturating_sub(100) / 2).min(5_000);
    for _ in 0..count {
        let mut fds = [0; 2];
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        // Watch both ends: the write end is writable, the read end is silent.
        reactor.watch(fds[0], Interest::Read).unwrap();
        reactor.watch(fds[1], Interest::Read).unwrap();
        pipes.push(fds);
    }
    assert_eq!(reactor.watched_count(), count * 2);
    let chosen = [0, count / 2, count - 1];
    for &i in &chosen {
        assert_eq!(
            unsafe { libc::write(pipes[i][1], b"x".as_ptr().cast(), 1) },
            1
        );
    }
    let mut ready = readable_fds(&mut reactor, 1000);
    ready.sort();
    let mut want: Vec<i32> = chosen.iter().map(|&i| pipes[i][0]).collect();
    want.sort();
    assert_eq!(ready, want);
    for fds in pipes {
        unsafe {
            libc::close(fds[0]);
            libc::close(fds[1]);
        }
    }
}

#[test]
fn timers_bound_the_wait_and_fire_in_order() {
    let mut reactor = Reactor::new().unwrap();
    let t0 = Instant::now();
    let second = reactor.timers().add(t0 + Duration::from_millis(40));
    let first = reactor.timers().add(t0 + Duration::from_millis(20));
    let turn = reactor.wait(None).unwrap();
    assert!(turn.ready.is_empty());
    assert!(t0.elapsed() >= Duration::from_millis(20));
    let now = Instant::now();
    assert_eq!(reactor.timers().pop_due(now), Some(first));
    reactor.wait(None).unwrap();
    assert_eq!(reactor.timers().pop_due(Instant::now()), Some(second));
}

#[test]
fn a_wake_from_another_thread_ends_an_unbounded_wait() {
    let mut reactor = Reactor::new().unwrap();
    let handle = reactor.wake_handle();
    let t0 = Instant::now();
    let waker = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        handle.wake();
    });
    let turn = reactor.wait(None).unwrap();
    assert!(turn.woken);
    assert!(t0.elapsed() < Duration::from_secs(5));
    waker.join().unwrap();
}

#[test]
fn a_closed_fd_cannot_be_watched() {
    let mut reactor = Reactor::new().unwrap();
    let err = reactor.watch(987_654, Interest::Read).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EBADF));
    assert!(reactor.watch(-1, Interest::Read).is_err());
}

#[test]
fn read_and_write_watchers_on_one_fd_share_a_registration() {
    let (a, _b) = socket_pair();
    let mut reactor = Reactor::new().unwrap();
    reactor.watch(a.as_raw_fd(), Interest::Read).unwrap();
    reactor.watch(a.as_raw_fd(), Interest::Write).unwrap();
    let turn = reactor.wait(Some(Duration::from_millis(500))).unwrap();
    assert_eq!(turn.ready.len(), 1);
    assert!(turn.ready[0].1.writable && !turn.ready[0].1.readable);
    reactor.unwatch(a.as_raw_fd(), Interest::Write);
    assert!(
        reactor
            .wait(Some(Duration::from_millis(20)))
            .unwrap()
            .ready
            .is_empty()
    );
}

#[test]
fn hup_comes_with_a_fin_and_not_with_plain_data() {
    let (mut a, b) = socket_pair();
    let mut reactor = Reactor::new().unwrap();
    reactor.watch(b.as_raw_fd(), Interest::Read).unwrap();
    a.write_all(b"data").unwrap();
    let turn = reactor.wait(Some(Duration::from_millis(1000))).unwrap();
    let (_, r) = turn.ready[0];
    assert!(r.readable && !r.hup, "plain data: {r:?}");
    // Data and FIN waiting together: a short read would not see the FIN, and `hup` says so.
    a.shutdown(std::net::Shutdown::Write).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let turn = reactor.wait(Some(Duration::from_millis(1000))).unwrap();
    let (_, r) = turn.ready[0];
    assert!(r.readable && r.hup, "data and FIN: {r:?}");
}

#[test]
fn a_skipped_rearm_still_reports_data_that_comes_later() {
    let (mut a, mut b) = socket_pair();
    let mut reactor = Reactor::new().unwrap();
    reactor.watch(b.as_raw_fd(), Interest::Read).unwrap();
    a.write_all(b"first").unwrap();
    assert_eq!(readable_fds(&mut reactor, 1000), vec![b.as_raw_fd()]);
    // A short read emptied the socket: the owner skips the re-arm.
    let mut buf = [0u8; 64];
    assert_eq!(b.read(&mut buf).unwrap(), 5);
    reactor.skip_rearm(&[b.as_raw_fd()]);
    assert!(readable_fds(&mut reactor, 50).is_empty());
    a.write_all(b"second").unwrap();
    assert_eq!(readable_fds(&mut reactor, 1000), vec![b.as_raw_fd()]);
    drop(a);
    assert_eq!(b.read(&mut buf).unwrap(), 6);
    reactor.skip_rearm(&[b.as_raw_fd()]);
    // The FIN after the skipped re-arm raises its own edge.
    assert_eq!(readable_fds(&mut reactor, 1000), vec![b.as_raw_fd()]);
    assert_eq!(b.read(&mut buf).unwrap(), 0);
}

#[test]
fn an_fd_forgotten_as_closing_and_closed_leaves_no_trace_for_its_number() {
    let (mut a, b) = socket_pair();
    let mut reactor = Reactor::new().unwrap();
    let fd = b.as_raw_fd();
    reactor.watch(fd, Interest::Read).unwrap();
    a.write_all(b"x").unwrap();
    assert_eq!(readable_fds(&mut reactor, 1000), vec![fd]);
    reactor.forget_closing(fd);
    drop(b); // closing the fd takes it out of epoll
    assert_eq!(reactor.watched_count(), 0);
    // A new socket (which may get the same number) is watched afresh and reported only
    // when it has data of its own.
    let (mut c, d) = socket_pair();
    let reused = d.as_raw_fd();
    reactor.watch(reused, Interest::Read).unwrap();
    // (The closed side had unread data, so its peer was reset: nothing more arrives.)
    let _ = a.write_all(b"more for the closed one");
    assert!(readable_fds(&mut reactor, 50).is_empty());
    c.write_all(b"y").unwrap();
    assert_eq!(readable_fds(&mut reactor, 1000), vec![reused]);
}
