//! One client TLS connection on a non-blocking mio socket, driven edge-triggered: every
//! call reads or writes until the socket would block.

use std::io::{self, BufRead, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::Arc;

use mio::net::TcpStream;
use mio::{Interest, Registry, Token};
use rustls::{ClientConfig, ClientConnection};

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
    pub fn read(&mut self, sink: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        while !self.closed {
            match self.tls.read_tls(&mut self.sock) {
                Ok(0) => self.closed = true,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            let state = self.tls.process_new_packets().map_err(io::Error::other)?;
            if state.peer_has_closed() {
                self.closed = true;
            }
            self.drain(sink)?;
        }
        Ok(())
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

    /// Half-closes the socket for writing (sends FIN).
    pub fn shutdown_write(&self) -> io::Result<()> {
        self.sock.shutdown(Shutdown::Write)
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
            let msg = format!("{pending} of {} handshakes unfinished at the deadline", conns.len());
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
