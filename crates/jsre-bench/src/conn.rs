//! One client TLS connection on a non-blocking mio socket, driven edge-triggered: every
//! call reads or writes until the socket would block.

use std::cell::RefCell;
use std::io::{self, BufRead, Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;

use mio::net::TcpStream;
use mio::{Interest, Registry, Token};
use rustls::{ClientConfig, ClientConnection};

thread_local! {
    /// The buffer every socket read of this thread goes through.
    static SCRATCH: RefCell<Vec<u8>> = RefCell::new(vec![0; 256 * 1024]);
}

/// A TLS client connection.
pub struct Conn {
    sock: TcpStream,
    tls: ClientConnection,
    /// The peer ended the stream: close_notify, or a transport EOF.
    closed: bool,
}

impl Conn {
    /// Starts a TCP connect and a TLS handshake, registered for read and write readiness.
    pub fn open(
        addr: SocketAddr,
        config: &Arc<ClientConfig>,
        registry: &Registry,
        token: Token,
    ) -> io::Result<Self> {
        let mut sock = TcpStream::connect(addr)?;
        sock.set_nodelay(true)?;
        registry.register(&mut sock, token, Interest::READABLE | Interest::WRITABLE)?;
        let tls = ClientConnection::new(Arc::clone(config), crate::tls::server_name())
            .map_err(io::Error::other)?;
        Ok(Self {
            sock,
            tls,
            closed: false,
        })
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
    ///
    /// Socket reads go through one large buffer: rustls' own `read_tls` from a socket
    /// reads about 4 KiB per system call.
    pub fn read(&mut self, sink: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        SCRATCH.with_borrow_mut(|scratch| {
            while !self.closed {
                let n = match self.sock.read(scratch) {
                    Ok(0) => {
                        self.closed = true;
                        // rustls learns of the EOF too, so a missing close_notify shows.
                        let _ = self.tls.read_tls(&mut io::empty());
                        0
                    }
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                let mut data = &scratch[..n];
                while !data.is_empty() {
                    self.tls.read_tls(&mut data)?;
                    let state = self.tls.process_new_packets().map_err(io::Error::other)?;
                    if state.peer_has_closed() {
                        self.closed = true;
                    }
                    self.drain(sink)?;
                }
                // A short read emptied the socket; the next edge brings more.
                if n < scratch.len() {
                    break;
                }
            }
            Ok(())
        })
    }

    /// Queues plaintext; returns how much rustls took (it stops at its buffer limit).
    pub fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.tls.writer().write(data)
    }

    /// Writes queued TLS bytes; `Ok(true)` when nothing is left queued.
    pub fn flush(&mut self) -> io::Result<bool> {
        while self.tls.wants_write() {
            match self.tls.write_tls(&mut self.sock) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    /// Queues close_notify.
    pub fn send_close_notify(&mut self) {
        self.tls.send_close_notify();
    }

    /// Best-effort close: close_notify, one flush attempt, then the socket closes on drop.
    pub fn close(mut self) {
        self.tls.send_close_notify();
        let _ = self.flush();
    }

    fn drain(&mut self, sink: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        let mut reader = self.tls.reader();
        loop {
            let chunk = match reader.fill_buf() {
                Ok([]) => {
                    self.closed = true;
                    return Ok(());
                }
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    self.closed = true;
                    return Ok(());
                }
                Err(e) => return Err(e),
            };
            let n = chunk.len();
            sink(chunk)?;
            reader.consume(n);
        }
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
