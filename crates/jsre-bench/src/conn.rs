//! One client TLS connection on a non-blocking mio socket, driven edge-triggered: every
//! call reads or writes until the socket would block (a short read counts as empty).
//!
//! It uses rustls' unbuffered API: records are decrypted in our read buffer and each
//! record's plaintext reaches the caller right after (rustls 0.23.46 still copies it
//! into a `Vec` first, but while it is in cache). The buffered `ClientConnection` copies
//! every read into its own buffer and decrypts all the records of a read before the
//! caller sees any: with that, the client's core was the limit of the bulk figure (a
//! profile of `bulk` showed 39% of its time in `memmove`, 30% in
//! `take_received_plaintext`, whose copies then ran out of cache).
//!
//! Left as it was with the buffered API: a FIN that arrives with the last data is only
//! seen at the next readiness event. The servers compared send close_notify first.

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;

use mio::net::TcpStream;
use mio::{Interest, Registry, Token};
use rustls::ClientConfig;
use rustls::client::{ClientConnectionData, UnbufferedClientConnection};
use rustls::unbuffered::{
    ConnectionState, EncodeError, EncodeTlsData, EncryptError, InsufficientSizeError,
    UnbufferedStatus, WriteTraffic,
};

/// How much one socket read asks for.
const READ_SIZE: usize = 256 * 1024;
/// `write` takes nothing while this many TLS bytes wait to be sent.
const OUTGOING_LIMIT: usize = 256 * 1024;
/// What a TLS 1.3 record adds to its plaintext: header (5), content type (1), tag (16).
const RECORD_OVERHEAD: usize = 22;
/// The largest plaintext one record carries.
const MAX_FRAGMENT: usize = 16 * 1024;

thread_local! {
    /// The buffer every socket read of this thread goes through: a connection's unfinished
    /// record first, then the bytes just read, all processed in place.
    static SCRATCH: RefCell<Vec<u8>> = RefCell::new(vec![0; READ_SIZE]);
}

/// A TLS client connection.
pub struct Conn {
    sock: TcpStream,
    tls: UnbufferedClientConnection,
    /// TLS bytes received and not yet used: the start of a record (or of a handshake
    /// flight) that the next read completes.
    held: Vec<u8>,
    /// TLS bytes to send.
    outgoing: Outgoing,
    /// The peer ended the stream: close_notify, or a transport EOF.
    closed: bool,
}

impl Conn {
    /// Starts a TCP connect and a TLS handshake (the ClientHello waits for [`Self::flush`]),
    /// registered for read and write readiness.
    pub fn open(
        addr: SocketAddr,
        config: &Arc<ClientConfig>,
        registry: &Registry,
        token: Token,
    ) -> io::Result<Self> {
        let mut sock = TcpStream::connect(addr)?;
        sock.set_nodelay(true)?;
        registry.register(&mut sock, token, Interest::READABLE | Interest::WRITABLE)?;
        let tls = UnbufferedClientConnection::new(Arc::clone(config), crate::tls::server_name())
            .map_err(io::Error::other)?;
        let mut conn = Self {
            sock,
            tls,
            held: Vec::new(),
            outgoing: Outgoing::default(),
            closed: false,
        };
        conn.process(&mut [], &mut |_| Ok(()))?;
        Ok(conn)
    }

    /// True until the handshake has completed.
    pub fn is_handshaking(&self) -> bool {
        self.tls.is_handshaking()
    }

    /// Whether the peer ended the stream.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Reads everything the socket holds, processes it and hands each piece of plaintext
    /// to `sink`. An error means the connection is unusable.
    pub fn read(&mut self, sink: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        SCRATCH.with_borrow_mut(|scratch| {
            while !self.closed {
                let held = self.held.len();
                if scratch.len() < held + READ_SIZE {
                    scratch.resize(held + READ_SIZE, 0);
                }
                let n = match self.sock.read(&mut scratch[held..held + READ_SIZE]) {
                    Ok(0) => {
                        self.closed = true;
                        break;
                    }
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                scratch[..held].copy_from_slice(&self.held);
                let tls = &mut scratch[..held + n];
                let used = self.process(tls, sink)?;
                self.held.clear();
                self.held.extend_from_slice(&tls[used..]);
                // A short read emptied the socket; the next edge brings more.
                if n < READ_SIZE {
                    break;
                }
            }
            Ok(())
        })
    }

    /// Encrypts `data` for sending once the handshake is done; returns how much was taken:
    /// all of it, or 0 while the handshake runs or too much waits to be sent.
    pub fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if data.is_empty() || self.outgoing.len() >= OUTGOING_LIMIT {
            return Ok(0);
        }
        let want = data.len() + data.len().div_ceil(MAX_FRAGMENT) * RECORD_OVERHEAD;
        let sent = self.with_write_traffic(want, |traffic, room| traffic.encrypt(data, room))?;
        Ok(if sent { data.len() } else { 0 })
    }

    /// Writes queued TLS bytes; `Ok(true)` when nothing is left queued.
    pub fn flush(&mut self) -> io::Result<bool> {
        while self.outgoing.len() > 0 {
            match self.sock.write(self.outgoing.data()) {
                Ok(n) => self.outgoing.consume(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    /// Queues close_notify (once the handshake is done; before, the socket just closes).
    pub fn send_close_notify(&mut self) {
        let _ = self.with_write_traffic(RECORD_OVERHEAD + 2, |traffic, room| {
            traffic.queue_close_notify(room)
        });
    }

    /// Best-effort close: close_notify, one flush attempt, then the socket closes on drop.
    pub fn close(mut self) {
        self.send_close_notify();
        let _ = self.flush();
    }

    /// Runs rustls over the TLS bytes `tls` until it needs more: handshake messages go to
    /// the send queue, plaintext to `sink`. Returns how many bytes of `tls` were used up.
    fn process(
        &mut self,
        tls: &mut [u8],
        sink: &mut dyn FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<usize> {
        let mut used = 0;
        loop {
            let UnbufferedStatus { discard, state } =
                self.tls.process_tls_records(&mut tls[used..]);
            let more = match state.map_err(io::Error::other)? {
                ConnectionState::ReadTraffic(mut traffic) => {
                    while let Some(record) = traffic.next_record() {
                        let record = record.map_err(io::Error::other)?;
                        // Always 0 in rustls 0.23.46; the API asks for it to be added.
                        used += record.discard;
                        sink(record.payload)?;
                    }
                    true
                }
                ConnectionState::EncodeTlsData(mut message) => {
                    self.outgoing.encode(&mut message)?;
                    true
                }
                ConnectionState::TransmitTlsData(transmit) => {
                    // The bytes wait in `outgoing` for the caller's flush.
                    transmit.done();
                    true
                }
                ConnectionState::PeerClosed => {
                    self.closed = true;
                    true
                }
                ConnectionState::Closed => {
                    self.closed = true;
                    false
                }
                // BlockedHandshake and WriteTraffic: nothing more to do with these bytes.
                _ => false,
            };
            used += discard;
            if !more {
                return Ok(used);
            }
        }
    }

    /// Once the handshake allows application data, lets `write` put records at the end of
    /// the send queue (room of `want` bytes first, then as much as it asks for). Returns
    /// false, having done nothing, while the handshake runs.
    fn with_write_traffic(
        &mut self,
        want: usize,
        mut write: impl FnMut(
            &mut WriteTraffic<'_, ClientConnectionData>,
            &mut [u8],
        ) -> Result<usize, EncryptError>,
    ) -> io::Result<bool> {
        loop {
            // Over the held bytes, not an empty slice: while a handshake message (say a
            // NewSessionTicket) is split across records, rustls refers to positions in them.
            let UnbufferedStatus { discard, state } = self.tls.process_tls_records(&mut self.held);
            let done = match state.map_err(io::Error::other)? {
                ConnectionState::WriteTraffic(mut traffic) => {
                    self.outgoing
                        .append(want, |room| write(&mut traffic, room), encrypt_needs)
                        .map_err(|e| io::Error::other(e.to_string()))?;
                    Some(true)
                }
                ConnectionState::EncodeTlsData(mut message) => {
                    self.outgoing.encode(&mut message)?;
                    None
                }
                ConnectionState::TransmitTlsData(transmit) => {
                    transmit.done();
                    None
                }
                // The handshake runs, the peer closed, or (never after `read`) a whole
                // record waits to be read.
                _ => Some(false),
            };
            self.held.drain(..discard);
            if let Some(done) = done {
                return Ok(done);
            }
        }
    }
}

/// TLS bytes waiting to be sent, at the front of a buffer that keeps its size.
#[derive(Default)]
struct Outgoing {
    /// The queued bytes are `buf[start..end]`; the rest is room.
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

impl Outgoing {
    fn len(&self) -> usize {
        self.end - self.start
    }

    fn data(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    /// Appends the handshake message or alert rustls has ready.
    fn encode(&mut self, message: &mut EncodeTlsData<'_, ClientConnectionData>) -> io::Result<()> {
        self.append(1024, |room| message.encode(room), encode_needs)
            .map_err(|e| io::Error::other(e.to_string()))
    }

    /// Lets `write` (a rustls call that fills a buffer, and leaves it untouched when it is
    /// too small) append to the queue, with `want` bytes of room first and then as much
    /// as `needs` says it asked for.
    fn append<E>(
        &mut self,
        mut want: usize,
        mut write: impl FnMut(&mut [u8]) -> Result<usize, E>,
        needs: impl Fn(&E) -> Option<usize>,
    ) -> Result<(), E> {
        loop {
            match write(self.room(want)) {
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) => match needs(&e) {
                    Some(required) if required > want => want = required,
                    _ => return Err(e),
                },
            }
        }
    }

    /// At least `want` bytes of room after the queue: the queue moves to the front when
    /// that makes the room, the buffer grows when nothing else does.
    fn room(&mut self, want: usize) -> &mut [u8] {
        if self.buf.len() - self.end < want && self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.buf.len() - self.end < want {
            self.buf.resize(self.end + want, 0);
        }
        &mut self.buf[self.end..]
    }
}

/// The room an encoding asked for, when it had too little.
fn encode_needs(e: &EncodeError) -> Option<usize> {
    match e {
        EncodeError::InsufficientSize(InsufficientSizeError { required_size }) => {
            Some(*required_size)
        }
        _ => None,
    }
}

/// The room an encryption asked for, when it had too little.
fn encrypt_needs(e: &EncryptError) -> Option<usize> {
    match e {
        EncryptError::InsufficientSize(InsufficientSizeError { required_size }) => {
            Some(*required_size)
        }
        _ => None,
    }
}

/// Drives `conns` (registered with tokens equal to their index) until every handshake has
/// completed; an error if one fails or `deadline` passes first.
pub fn complete_handshakes(
    poll: &mut mio::Poll,
    events: &mut mio::Events,
    conns: &mut [Conn],
    deadline: std::time::Instant,
) -> io::Result<()> {
    loop {
        let pending = conns.iter().filter(|c| c.is_handshaking()).count();
        if pending == 0 {
            return Ok(());
        }
        if std::time::Instant::now() >= deadline {
            let msg = format!(
                "{pending} of {} handshakes unfinished at the deadline",
                conns.len()
            );
            return Err(io::Error::new(io::ErrorKind::TimedOut, msg));
        }
        poll.poll(events, Some(std::time::Duration::from_millis(100)))?;
        for ev in events.iter() {
            let Some(c) = conns.get_mut(ev.token().0) else {
                continue;
            };
            c.read(&mut |_| Ok(()))?;
            if c.is_closed() && c.is_handshaking() {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the server closed a connection during its handshake",
                ));
            }
            c.flush()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::time::{Duration, Instant};

    /// A blocking rustls echo server on loopback for one connection: echoes until the
    /// client's close_notify, then sends its own, and keeps its socket open until told
    /// to go (so a close the client sees is the close_notify, not the socket's EOF).
    /// Returns the address, the thread (with the bytes echoed) and the "go" sender.
    fn echo_server(
        config: Arc<rustls::ServerConfig>,
    ) -> (
        SocketAddr,
        std::thread::JoinHandle<usize>,
        std::sync::mpsc::Sender<()>,
    ) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (go, gone) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let (sock, _) = listener.accept().expect("accept");
            sock.set_read_timeout(Some(Duration::from_secs(20)))
                .expect("timeout");
            let conn = rustls::ServerConnection::new(config).expect("server conn");
            let mut stream = rustls::StreamOwned::new(conn, sock);
            let mut buf = vec![0; 40_000];
            let mut echoed = 0;
            loop {
                let n = stream.read(&mut buf).expect("server read");
                if n == 0 {
                    break;
                }
                stream.write_all(&buf[..n]).expect("server write");
                echoed += n;
            }
            stream.conn.send_close_notify();
            stream.flush().expect("server flush");
            let _ = gone.recv_timeout(Duration::from_secs(20));
            echoed
        });
        (addr, thread, go)
    }

    #[test]
    fn echoes_through_a_real_server_and_sees_its_close_notify() {
        echo_through(crate::tls::tests::server(&[&rustls::version::TLS13]));
    }

    #[test]
    fn echoes_when_every_message_comes_in_small_records() {
        // Every handshake message and session ticket spans many 64-byte records, which
        // rustls joins in our buffer across process calls.
        let mut config = (*crate::tls::tests::server(&[&rustls::version::TLS13])).clone();
        config.max_fragment_size = Some(64);
        echo_through(Arc::new(config));
    }

    /// Echoes `OUTGOING_LIMIT * 3` bytes through a server with `config`, then closes.
    fn echo_through(config: Arc<rustls::ServerConfig>) {
        let (addr, server, go) = echo_server(config);
        let config = crate::tls::client_config(&crate::tls::tests::certs().join("ca.pem"))
            .expect("client config");
        let mut poll = mio::Poll::new().expect("poll");
        let mut events = mio::Events::with_capacity(8);
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut conns = [Conn::open(addr, &config, poll.registry(), Token(0)).expect("open")];
        complete_handshakes(&mut poll, &mut events, &mut conns, deadline).expect("handshake");
        let [mut conn] = conns;

        // Writes go on until the send queue refuses one, and resume once it drains:
        // many records, some split across the client's reads.
        let total = OUTGOING_LIMIT * 3 + 12_345;
        let data: Vec<u8> = (0..total).map(|i| (i * 7 % 251) as u8).collect();
        let (mut sent, mut received, mut refused) = (0, 0, 0);
        while received < total {
            assert!(Instant::now() < deadline, "echoed {received} of {total}");
            conn.read(&mut |chunk| {
                assert_eq!(chunk, &data[received..received + chunk.len()]);
                received += chunk.len();
                Ok(())
            })
            .expect("read");
            while sent < total {
                let n = conn
                    .write(&data[sent..total.min(sent + 70_000)])
                    .expect("write");
                if n == 0 {
                    refused += 1;
                    break;
                }
                sent += n;
            }
            conn.flush().expect("flush");
            poll.poll(&mut events, Some(Duration::from_millis(100)))
                .expect("poll");
        }
        assert!(refused > 0, "the send queue never filled");
        assert!(!conn.is_closed());
        conn.send_close_notify();
        while !conn.flush().expect("flush") {}
        while !conn.is_closed() {
            assert!(Instant::now() < deadline, "no close_notify from the server");
            conn.read(&mut |chunk| panic!("{} bytes after the echo", chunk.len()))
                .expect("read");
            poll.poll(&mut events, Some(Duration::from_millis(100)))
                .expect("poll");
        }
        go.send(()).expect("server waits");
        assert_eq!(server.join().expect("server thread"), total);
    }

    #[test]
    fn outgoing_queue_moves_to_the_front_before_it_grows() {
        let mut q = Outgoing::default();
        q.append(8, |room| Ok::<_, ()>(copy(room, b"abcdefgh")), |_| None)
            .expect("append");
        q.consume(6);
        assert_eq!(q.data(), b"gh");
        q.append(6, |room| Ok::<_, ()>(copy(room, b"123456")), |_| None)
            .expect("append");
        assert_eq!(q.data(), b"gh123456");
        assert_eq!(q.buf.len(), 8, "the room came from moving, not growing");
        // A writer that asks for more room gets it.
        q.append(
            1,
            |room| {
                if room.len() < 4 {
                    Err(4)
                } else {
                    Ok(copy(room, b"wxyz"))
                }
            },
            |need| Some(*need),
        )
        .expect("append");
        assert_eq!(q.data(), b"gh123456wxyz");
        q.consume(12);
        assert_eq!(q.len(), 0);
    }

    fn copy(room: &mut [u8], bytes: &[u8]) -> usize {
        room[..bytes.len()].copy_from_slice(bytes);
        bytes.len()
    }
}
