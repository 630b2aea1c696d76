//! One connected stream, plain TCP or TLS: the I/O the `tcp` and `tls` objects share.
//!
//! The socket is always non-blocking; a blocking call waits with poll(2) up to its own
//! deadline, so the same object also works under iosched. For TLS, TLS bytes move between
//! the socket and the sans-I/O [`Session`] here, and nowhere else.

use std::io;
use std::net::SocketAddr;
use std::time::Instant;

use jsre_net::{Shutdown, Socket};
use jsre_tls::{ErrorKind, ReadResult, Session, TlsError};

use crate::errno::{self, code};

/// Plaintext handed to rustls per step, so a slow peer cannot make us buffer a whole
/// large send.
const CHUNK: usize = 64 * 1024;

/// Why a connection failed: a SylixOS errno and the message `sys.error()` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub errno: i32,
    pub message: String,
}

impl Failure {
    /// A failure from a host I/O error.
    pub fn io(e: &io::Error) -> Self {
        let errno = e.raw_os_error().map_or(code::EIO, errno::from_linux);
        let message = match e.raw_os_error() {
            Some(_) => errno::message(errno),
            None => e.to_string(),
        };
        Self { errno, message }
    }

    /// A failure from the TLS layer.
    pub fn tls(e: &TlsError) -> Self {
        let errno = match e.kind() {
            ErrorKind::CertVerify | ErrorKind::Protocol => code::ECONNABORTED,
            ErrorKind::Closed => code::ECONNRESET,
            ErrorKind::KeyDecrypt | ErrorKind::KeyMismatch | ErrorKind::BadInput => code::EINVAL,
            _ => code::EIO,
        };
        Self {
            errno,
            message: e.message().to_string(),
        }
    }

    /// A failure with an errno and its own message.
    pub fn new(errno: i32, message: impl Into<String>) -> Self {
        Self {
            errno,
            message: message.into(),
        }
    }

    /// Stores this failure in the task's errno slot.
    pub fn record(&self) {
        errno::set(self.errno, Some(self.message.clone()));
    }
}

/// What a receive produced.
#[derive(Debug, PartialEq, Eq)]
pub enum Received {
    /// This many bytes were copied into the buffer.
    Data(usize),
    /// The deadline passed with no data.
    Timeout,
    /// The peer ended the stream cleanly.
    Eof,
}

/// A connected TCP stream, with a TLS session on it for `tls` objects.
pub struct Conn {
    sock: Socket,
    tls: Option<Session>,
    /// When the handshake must be over, counted from the TCP accept or connect.
    handshake_deadline: Option<Instant>,
    /// The peer ended the stream cleanly (FIN for TCP, close_notify for TLS).
    eof: bool,
    /// The TLS transport reached EOF; the session decides whether that was clean.
    transport_eof: bool,
    /// The failure that broke the connection (the first one), repeated to later calls.
    broken: Option<Failure>,
    /// `broken` came from writing, and the socket has not yet given a read error or EOF:
    /// what the peer sent before (a reply, then its reset) may still be in the kernel,
    /// and recv reads it before reporting the failure, as a TCP recv would.
    readable_after_failure: bool,
    /// The callback epoch (crate::turn::callback_epoch) in which a read found the socket
    /// drained; within that same iosched callback a further read would only return
    /// EAGAIN, so it is skipped.
    drained_epoch: u64,
    /// The event-loop timer that enforces the handshake deadline of an accepted
    /// connection; cancelled once the handshake is over, so a long-lived connection does
    /// not keep a timer and its closure for the whole handshakeTimeout.
    expire_timer: Option<u64>,
    /// The peer's address as accept or connect saw it: peerName() still answers after a
    /// reset, when getpeername no longer does.
    peer: Option<SocketAddr>,
    /// Plaintext bytes sent in this turn's iosched callbacks whose records are still
    /// queued (see [`Conn::send`]): written when the turn's ready callbacks have run,
    /// when this reaches [`CORK_LIMIT`], or before anything waits.
    corked: usize,
}

/// How many bytes of records a callback's TLS sends gather before they are written:
/// about four full records, one system call instead of four; below rustls' own 64 KiB
/// limit on queued records, so a send is never refused for want of room while corked.
const CORK_LIMIT: usize = 60 * 1024;

/// A TLS record's plaintext at most, and what a record adds to it at most (TLS 1.2 with
/// an explicit nonce: header 5, nonce 8, tag 16).
const MAX_RECORD_PLAINTEXT: usize = 16 * 1024;
const RECORD_OVERHEAD: usize = 29;

/// How much one read of a TLS socket takes: four full records.
const READ_CHUNK: usize = 64 * 1024;

thread_local! {
    /// The buffer TLS sockets are read into (see `Conn::fill`), one per thread.
    static STAGING: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What one staged read of a TLS socket found.
enum Staged {
    /// Bytes, all given to the session; `emptied` when the read was short enough to
    /// prove the socket empty; `placed` plaintext bytes went straight into the reader's
    /// buffer.
    Data {
        emptied: bool,
        placed: usize,
    },
    /// The peer's FIN.
    Eof,
    /// EAGAIN.
    Empty,
    /// EINTR: read again.
    Interrupted,
    Failed(FeedError),
}

/// Why bytes could not be read or given to the session.
enum FeedError {
    Io(io::Error),
    /// Processing the bytes failed.
    Tls(TlsError),
}

impl Conn {
    /// A plain TCP connection.
    pub fn plain(sock: Socket) -> Self {
        Self {
            sock,
            tls: None,
            handshake_deadline: None,
            eof: false,
            transport_eof: false,
            broken: None,
            readable_after_failure: false,
            drained_epoch: 0,
            expire_timer: None,
            peer: None,
            corked: 0,
        }
    }

    /// Remembers the timer that expires the handshake (see `expire_timer`).
    pub fn set_expire_timer(&mut self, id: u64) {
        self.expire_timer = Some(id);
    }

    /// The handshake timer to cancel, once the handshake is over (or failed).
    pub fn take_finished_expire_timer(&mut self) -> Option<u64> {
        if self.is_handshaking() {
            return None;
        }
        self.expire_timer.take()
    }

    /// Records the peer's address (known from accept or connect).
    pub fn with_peer(mut self, peer: SocketAddr) -> Self {
        self.peer = Some(peer);
        self
    }

    /// The peer's address: as recorded, else as the kernel reports it.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        match self.peer {
            Some(p) => Ok(p),
            None => self.sock.peer_addr(),
        }
    }

    /// A TLS connection whose handshake must end by `deadline`.
    pub fn tls(sock: Socket, session: Session, deadline: Instant) -> Self {
        Self {
            tls: Some(session),
            handshake_deadline: Some(deadline),
            ..Self::plain(sock)
        }
    }

    /// The socket.
    pub fn socket(&self) -> &Socket {
        &self.sock
    }

    /// The TLS session, for `tls` objects.
    pub fn session(&self) -> Option<&Session> {
        self.tls.as_ref()
    }

    /// Gives the socket back (for flyAway), dropping any TLS state once the records
    /// already taken from the script are written (sends in a callback wait for the end of
    /// the turn's callbacks; see `send`), within half a second.
    pub fn into_socket(mut self) -> Socket {
        self.flush_for_last_time();
        self.forget_buffered();
        self.sock
    }

    /// Writes queued TLS bytes before the socket goes (closed or handed away), waiting for
    /// room at most half a second in all; a broken connection writes nothing more.
    fn flush_for_last_time(&mut self) {
        let grace = Instant::now() + std::time::Duration::from_millis(500);
        while self.has_pending_output() {
            match self.flush() {
                Ok(false)
                    if matches!(
                        crate::blocking::writable(self.sock.fd(), Some(grace)),
                        Ok(true)
                    ) => {}
                _ => break,
            }
        }
    }

    /// Whether the peer ended the stream cleanly.
    pub fn is_eof(&self) -> bool {
        self.eof
    }

    /// The failure that broke this connection, if any.
    pub fn failure(&self) -> Option<&Failure> {
        self.broken.as_ref()
    }

    /// Whether a TLS handshake is still under way.
    pub fn is_handshaking(&self) -> bool {
        self.broken.is_none() && self.tls.as_ref().is_some_and(Session::is_handshaking)
    }

    /// Bytes readable without waiting: decrypted plaintext for TLS, the kernel's count
    /// for TCP.
    pub fn pending(&self) -> usize {
        match &self.tls {
            Some(s) => s.pending(),
            None => self.sock.pending().unwrap_or(0),
        }
    }

    /// Receives into `buf`, waiting until `deadline` (`None`: for ever). Drives the TLS
    /// handshake on the way.
    pub fn recv(&mut self, buf: &mut [u8], deadline: Option<Instant>) -> Result<Received, Failure> {
        loop {
            if self.eof {
                return Ok(Received::Eof);
            }
            if self.broken.is_some() {
                return self.data_before_failure(buf, 0);
            }
            self.check_handshake_deadline()?;
            if let Some(r) = self.try_read(buf)? {
                return Ok(r);
            }
            // Plaintext of what is read now goes straight into `buf`.
            let mut placed = 0;
            let got = match self.advance_holding_tickets(buf, &mut placed) {
                Ok(got) => got,
                // A write that failed here may have kept this recv from reading (the
                // socket looked drained earlier in this callback): that read comes now.
                Err(_) => return self.data_before_failure(buf, placed),
            };
            if placed > 0 {
                self.note_buffered();
                return Ok(Received::Data(placed));
            }
            if got {
                continue;
            }
            // The wait writes corked records first, which may fail as above.
            let waited = match self.wait(deadline, false) {
                Ok(waited) => waited,
                Err(_) => return self.data_before_failure(buf, 0),
            };
            if !waited {
                return Ok(Received::Timeout);
            }
        }
    }

    /// After a failed write: reads what the peer sent before it (one read's worth per
    /// call, into `buf` first); how many bytes went into `buf`. A TLS failure found in
    /// those bytes (the peer's alert) becomes the one reported: it came first on the wire.
    fn read_after_write_failure(&mut self, buf: &mut [u8]) -> usize {
        let nothing_to_read = self
            .tls
            .as_ref()
            .is_none_or(|s| s.pending() > 0 || s.received_close_notify())
            || self.transport_eof;
        if !self.readable_after_failure || nothing_to_read {
            return 0;
        }
        match self.read_socket_into_session(buf) {
            Staged::Data { placed, .. } => placed,
            Staged::Empty | Staged::Interrupted => 0,
            Staged::Eof => {
                // Not a clean end: the write that failed took the reset's error, and the
                // kernel reports a reset socket as at EOF from then on.
                self.readable_after_failure = false;
                0
            }
            Staged::Failed(e) => {
                self.fail_feed(e);
                0
            }
        }
    }

    /// What a recv gives once the connection has failed: the plaintext that arrived before
    /// the failure first (`placed` bytes already in `buf`, else what a read after a
    /// failed write gets, else what the session still holds); then the end of the stream if the peer had sent close_notify before a write
    /// of ours failed, as a TCP read gives EOF after a failed write; else the failure
    /// (kept in `broken`), and from then on only the failure.
    fn data_before_failure(&mut self, buf: &mut [u8], placed: usize) -> Result<Received, Failure> {
        let placed = match placed {
            0 => self.read_after_write_failure(buf),
            n => n,
        };
        if placed > 0 {
            self.note_buffered();
            return Ok(Received::Data(placed));
        }
        if let Some(session) = self.tls.as_mut()
            && session.pending() > 0
            && let Ok(ReadResult::Data(n)) = session.read_plaintext(buf)
            && n > 0
        {
            self.note_buffered();
            return Ok(Received::Data(n));
        }
        let after_write = std::mem::take(&mut self.readable_after_failure);
        // Only close_notify: once a write has taken a reset's error, the kernel reports
        // the socket as at EOF, so a FIN cannot be told from a reset any more.
        let clean_end = self
            .tls
            .as_ref()
            .is_some_and(Session::received_close_notify);
        if after_write && clean_end {
            self.eof = true;
            return Ok(Received::Eof);
        }
        Err(self
            .broken
            .clone()
            .unwrap_or_else(|| Failure::new(code::EIO, "connection failed")))
    }

    /// Sends `data`, waiting for room until `deadline`; returns how many bytes were taken
    /// (all of them unless the deadline passed).
    pub fn send(&mut self, data: &[u8], deadline: Option<Instant>) -> Result<usize, Failure> {
        if let Some(f) = &self.broken {
            return Err(f.clone());
        }
        if self.tls.is_none() {
            return self.send_plain(data, deadline);
        }
        // Plaintext is accepted only once the handshake is done (within this call's own
        // timeout): bytes reported sent are then on their way, never held back by a
        // handshake that a close() could still cut off.
        if self.is_handshaking() && !self.handshake(deadline)? {
            return Ok(0);
        }
        // Inside an iosched callback the records wait (up to CORK_LIMIT) for the turn's
        // ready callbacks to finish, and the turn writes them then (crate::turn::dispatch
        // says why): a callback that echoes what each recv returned (one record's worth)
        // makes one system call per 64 KiB, not per record. Nothing waits meanwhile: any
        // wait flushes first (see `wait`).
        let cork = crate::turn::callback_epoch() != 0;
        let mut sent = 0;
        while sent < data.len() {
            self.check_handshake_deadline()?;
            let end = (sent + CHUNK).min(data.len());
            let taken = match self.tls.as_mut() {
                Some(s) => s
                    .write_plaintext(&data[sent..end])
                    .map_err(|e| self.fail_tls(&e))?,
                None => 0,
            };
            sent += taken;
            // Count what the records will take on the wire (rustls queues at most 64 KiB
            // of them): many tiny sends are mostly record overhead.
            let wire = taken + taken.div_ceil(MAX_RECORD_PLAINTEXT) * RECORD_OVERHEAD;
            if cork && taken > 0 && self.corked + wire < CORK_LIMIT {
                self.corked += wire;
                crate::held::add(wire);
                continue;
            }
            let flushed = self.flush()?;
            if flushed && taken > 0 {
                continue;
            }
            // Room is short (socket full, or the handshake still holds plaintext back:
            // then the peer must speak first, so wait to read).
            self.advance()?;
            let for_write = !self.is_handshaking();
            if !self.wait(deadline, for_write)? {
                break;
            }
        }
        if self.corked > 0 {
            return Ok(sent);
        }
        // Put what was taken on the wire within the deadline; anything still queued when
        // it passes is flushed by the event loop (crate::turn) or by the next call.
        while self.has_pending_output() {
            if self.flush()? || !self.wait(deadline, true)? {
                break;
            }
        }
        Ok(sent)
    }

    /// Whether encrypted bytes wait in our own buffer for room in the socket.
    pub fn has_pending_output(&self) -> bool {
        self.broken.is_none() && self.tls.as_ref().is_some_and(Session::wants_write)
    }

    /// Writes queued encrypted bytes without waiting; true when none are left (or the
    /// connection broke, so none ever will be).
    pub fn flush_pending(&mut self) -> bool {
        self.flush().unwrap_or(true)
    }

    /// Runs the TLS handshake until it completes or `deadline` passes; `Ok(false)` on
    /// timeout. A plain connection is always "handshaked".
    pub fn handshake(&mut self, deadline: Option<Instant>) -> Result<bool, Failure> {
        loop {
            self.check_handshake_deadline()?;
            let got = self.advance()?;
            if !self.is_handshaking() {
                if let Some(f) = &self.broken {
                    return Err(f.clone());
                }
                // The last flight (e.g. the client's Finished) must reach the peer.
                self.flush()?;
                return Ok(true);
            }
            if self.transport_eof {
                // The peer ended the stream mid-handshake: nothing more can come to
                // complete it, and the socket now polls readable for ever.
                return Err(self.fail(Failure::new(
                    code::ECONNRESET,
                    "connection closed during the handshake",
                )));
            }
            // Bytes came in: go on before waiting.
            if got {
                continue;
            }
            if !self.wait(deadline, false)? {
                return Ok(false);
            }
        }
    }

    /// [`Self::advance`], except that what processing the peer's bytes made an
    /// established TLS 1.3 server connection send (its session ticket, which no client
    /// waits for) is not written yet when an iosched callback runs: the caller registers
    /// it with the turn, and it leaves in one segment with the script's next send or
    /// close, or the next advance, or at the end of the turn. Saves a system call and a
    /// packet per connection.
    /// Plaintext goes straight into `out` as far as it has room (`placed` counts it).
    fn advance_holding_tickets(
        &mut self,
        out: &mut [u8],
        placed: &mut usize,
    ) -> Result<bool, Failure> {
        if self.tls.is_none() {
            return Ok(false);
        }
        // Corked sends stay queued for the end of the turn's callbacks (see `send`).
        // A failed write does not keep what the peer already sent from being read first
        // (its reply before it reset the connection, say): the failure is reported after.
        let flushed = if self.corked == 0 {
            self.flush().map(drop)
        } else {
            Ok(())
        };
        let got = self.fill_into(out, placed)?;
        flushed?;
        let hold = crate::turn::callback_epoch() != 0
            && self.tls.as_ref().is_some_and(|s| {
                s.is_server() && !s.is_handshaking() && s.protocol_version() == Some("TLSv1.3")
            });
        if !hold {
            self.flush()?;
        }
        Ok(got)
    }

    /// One non-blocking step: send what is queued, read what arrived, process it.
    /// Returns whether new bytes were read.
    pub fn advance(&mut self) -> Result<bool, Failure> {
        if self.tls.is_none() {
            return Ok(false);
        }
        self.flush()?;
        let got = self.fill()?;
        self.flush()?;
        Ok(got)
    }

    /// Ends the stream: close_notify for TLS (flushed with a short grace so nothing
    /// already accepted is lost), then the fd is closed when `self` drops.
    pub fn close(mut self) {
        // Read what the peer already sent (TLS 1.3 session tickets arrive unasked):
        // closing a socket with unread data makes the kernel send RST instead of FIN,
        // and the peer would lose our close_notify and see "connection reset".
        if self.tls.is_some() && self.broken.is_none() {
            let _ = self.fill();
            let mut sink = [0u8; 4096];
            while let Some(s) = self.tls.as_mut() {
                match s.read_plaintext(&mut sink) {
                    Ok(ReadResult::Data(n)) if n > 0 => {}
                    _ => break,
                }
            }
        }
        if let Some(s) = self.tls.as_mut()
            && self.broken.is_none()
            && !s.is_handshaking()
        {
            s.send_close_notify();
        }
        self.flush_for_last_time();
        self.forget_buffered();
        // The peer may still send (a session ticket after the handshake, its own
        // close_notify): closing now would answer that with RST, and a RST makes the
        // peer's kernel drop data it has not yet read, our last bytes included. So send
        // FIN and let the event loop read until the peer's FIN (bounded) before the fd is
        // really closed. A peer that sent FIN or close_notify sends nothing more.
        if !self.closes_at_once() {
            let _ = self.sock.shutdown(Shutdown::Write);
            crate::turn::linger(self.sock);
        }
    }

    /// Whether [`Self::close`] closes the fd at once rather than lingering for the
    /// peer's FIN. (Only ever turns from false to true as close() proceeds.)
    pub fn closes_at_once(&self) -> bool {
        let peer_done = self.transport_eof
            || self
                .tls
                .as_ref()
                .is_some_and(Session::received_close_notify);
        let may_linger = self.tls.is_some() && self.broken.is_none() && !peer_done;
        // SO_LINGER on with time 0 asks for an abortive close (RST): honour it as is.
        !may_linger || self.sock.linger().is_ok_and(|l| l.onoff && l.secs == 0)
    }

    /// Shuts the socket down because the handshake took too long: the script's next
    /// recv reports ETIMEDOUT and iosched sees the fd readable.
    pub fn expire_handshake(&mut self) {
        if self.is_handshaking() {
            let _ = self.sock.shutdown(Shutdown::Both);
            self.broken = Some(Failure::new(code::ETIMEDOUT, "handshake timed out"));
            self.note_buffered();
        }
    }

    fn check_handshake_deadline(&mut self) -> Result<(), Failure> {
        if let Some(f) = &self.broken {
            return Err(f.clone());
        }
        if self.is_handshaking() && self.handshake_deadline.is_some_and(|d| Instant::now() >= d) {
            self.expire_handshake();
            return Err(Failure::new(code::ETIMEDOUT, "handshake timed out"));
        }
        Ok(())
    }

    /// Reads what is there without waiting: `Some` when there is an answer.
    /// (`recv` has answered a clean end already.)
    fn try_read(&mut self, buf: &mut [u8]) -> Result<Option<Received>, Failure> {
        if self.tls.is_none() {
            if self.drained_in_this_callback() {
                return Ok(None);
            }
            return match self.sock.read(buf) {
                Ok(0) if !buf.is_empty() => {
                    self.eof = true;
                    Ok(Some(Received::Eof))
                }
                // A short read proves the socket empty only when epoll reported no FIN
                // with the event this callback runs for (see turn::short_read_drains).
                Ok(n) => {
                    if n < buf.len() && crate::turn::short_read_drains(self.sock.fd()) {
                        self.mark_drained();
                    }
                    Ok(Some(Received::Data(n)))
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.mark_drained();
                    Ok(None)
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(None),
                Err(e) => Err(self.fail_io(&e)),
            };
        }
        let Some(session) = self.tls.as_mut() else {
            return Ok(None);
        };
        match session.read_plaintext(buf) {
            Ok(ReadResult::Data(n)) => {
                self.note_buffered();
                Ok(Some(Received::Data(n)))
            }
            Ok(ReadResult::Eof) => {
                self.eof = true;
                Ok(Some(Received::Eof))
            }
            // A FIN after all the data is a clean end too (tls-decisions.md), with or
            // without close_notify.
            Ok(ReadResult::WouldBlock) if self.transport_eof && !session.is_handshaking() => {
                self.eof = true;
                Ok(Some(Received::Eof))
            }
            Err(e)
                if e.kind() == ErrorKind::Closed
                    && self.transport_eof
                    && !session.is_handshaking() =>
            {
                self.eof = true;
                Ok(Some(Received::Eof))
            }
            Ok(ReadResult::WouldBlock) if self.transport_eof => Err(self.fail(Failure::new(
                code::ECONNRESET,
                "connection closed during the handshake",
            ))),
            Ok(ReadResult::WouldBlock) => Ok(None),
            Err(e) => Err(self.fail_tls(&e)),
        }
    }

    /// Moves TLS bytes from the socket into the session and processes them.
    ///
    /// The socket is read READ_CHUNK bytes at a time into a buffer shared by the thread,
    /// and only while the session wants to read (it has no unread plaintext): it takes
    /// all of a read, decrypting records where they lie and keeping only a partial
    /// record, so nothing waits outside it.
    fn fill(&mut self) -> Result<bool, Failure> {
        self.fill_into(&mut [], &mut 0)
    }

    /// [`Self::fill`], with plaintext going straight into `out` (the reader's buffer) as
    /// far as it has room; `placed` counts it. One copy less than through the session.
    fn fill_into(&mut self, out: &mut [u8], placed: &mut usize) -> Result<bool, Failure> {
        let mut got = false;
        loop {
            if !out.is_empty() && *placed == out.len() {
                // The reader's buffer is full: the next read would only queue plaintext
                // in the session (a copy more). The socket is not drained, so the
                // reactor reports it again.
                break;
            }
            let Some(session) = self.tls.as_mut() else {
                return Ok(got);
            };
            if !session.wants_read() {
                break;
            }
            if self.transport_eof || self.drained_in_this_callback() {
                break;
            }
            let out = out.get_mut(*placed..).unwrap_or_default();
            match self.read_socket_into_session(out) {
                Staged::Data {
                    emptied,
                    placed: written,
                } => {
                    *placed += written;
                    // The session has processed what it took.
                    got = true;
                    self.note_buffered();
                    if emptied {
                        // Everything the kernel held has been read: no EAGAIN read.
                        self.mark_drained();
                        break;
                    }
                }
                Staged::Eof => {
                    self.transport_eof = true;
                    // Tell the session too.
                    if let Some(session) = self.tls.as_mut() {
                        session.note_eof();
                    }
                    self.process_session()?;
                }
                Staged::Empty => {
                    self.mark_drained();
                    break;
                }
                Staged::Interrupted => {}
                Staged::Failed(e) => return Err(self.fail_feed(e)),
            }
        }
        Ok(got)
    }

    /// Records a failure to read or process TLS bytes (after writing the alert that
    /// explains a TLS failure).
    fn fail_feed(&mut self, e: FeedError) -> Failure {
        match e {
            FeedError::Io(e) => {
                self.readable_after_failure = false;
                self.fail_io(&e)
            }
            FeedError::Tls(e) => {
                let _ = self.flush_ignoring_failure();
                if std::mem::take(&mut self.readable_after_failure) {
                    // The peer's alert or bad record came before the write failure it
                    // led to (the peer then reset): it says why.
                    self.broken = None;
                }
                self.fail_tls(&e)
            }
        }
    }

    /// One read from the socket into the thread's staging buffer, given to the session
    /// (which wants to read: see `fill_into`).
    fn read_socket_into_session(&mut self, out: &mut [u8]) -> Staged {
        let Some(session) = self.tls.as_mut() else {
            return Staged::Empty;
        };
        let sock = &self.sock;
        STAGING.with_borrow_mut(|buf| {
            if buf.is_empty() {
                buf.resize(READ_CHUNK, 0);
            }
            let n = match sock.read(buf) {
                Ok(0) => return Staged::Eof,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Staged::Empty,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => return Staged::Interrupted,
                Err(e) => return Staged::Failed(FeedError::Io(e)),
            };
            let emptied = n < buf.len() && crate::turn::short_read_drains(sock.fd());
            // Records are decrypted where they lie; plaintext goes to `out` first.
            let (taken, placed) = match session.feed_into(&mut buf[..n], out) {
                Ok(fed) => fed,
                Err(e) => return Staged::Failed(FeedError::Tls(e)),
            };
            if taken < n {
                // The session takes all of a read while it wants to read, and it is
                // read only then: bytes it refused would be lost, so say so.
                let refused = TlsError::new(ErrorKind::Protocol, "tls session refused bytes read");
                return Staged::Failed(FeedError::Tls(refused));
            }
            Staged::Data { emptied, placed }
        })
    }

    /// Processes what the session has read; a failure is recorded (after writing the
    /// alert that explains it).
    fn process_session(&mut self) -> Result<(), Failure> {
        if let Some(session) = self.tls.as_mut()
            && let Err(e) = session.process()
        {
            return Err(self.fail_feed(FeedError::Tls(e)));
        }
        self.note_buffered();
        Ok(())
    }

    /// Tells the turn whether a recv would return at once with what the kernel can no
    /// longer signal: decrypted bytes, a close_notify already
    /// processed, the transport's end, or a failure (they count as readable, as an EOF
    /// does in select).
    /// A plain connection never has such bytes and leaves the set alone (the socket
    /// module wraps fds of live tls objects in passing).
    fn note_buffered(&self) {
        let Some(session) = &self.tls else {
            return;
        };
        let ready = session.pending() > 0
            || session.received_close_notify()
            || self.transport_eof
            || self.broken.is_some();
        crate::turn::note_buffered(self.sock.fd(), ready);
    }

    /// Takes the fd out of the turn's set of readable-without-an-event fds, as it closes
    /// or leaves this connection: a socket that gets the fd number next must not inherit
    /// the mark (the turn would report it ready every time). After the last fill and
    /// flush, which may set it.
    fn forget_buffered(&self) {
        if self.tls.is_some() {
            crate::turn::note_buffered(self.sock.fd(), false);
        }
    }

    /// Whether a read in this same iosched callback already found the socket empty.
    fn drained_in_this_callback(&self) -> bool {
        let epoch = crate::turn::callback_epoch();
        epoch != 0 && self.drained_epoch == epoch
    }

    /// Records that a read got EAGAIN: for the rest of this callback reads are skipped
    /// (any later arrival raises a fresh epoll edge, so nothing is missed), and the turn
    /// need not re-arm the fd.
    fn mark_drained(&mut self) {
        self.drained_epoch = crate::turn::callback_epoch();
        crate::turn::note_drained(self.sock.fd());
    }

    /// Writes queued TLS bytes; `Ok(true)` when nothing is left queued.
    fn flush(&mut self) -> Result<bool, Failure> {
        if self.corked > 0 {
            crate::held::written(self.corked);
        }
        self.corked = 0;
        match self.flush_ignoring_failure() {
            Ok(done) => Ok(done),
            Err(e) => {
                if self.broken.is_none() {
                    self.readable_after_failure = true;
                }
                Err(self.fail_io(&e))
            }
        }
    }

    fn flush_ignoring_failure(&mut self) -> io::Result<bool> {
        let Some(session) = self.tls.as_mut() else {
            return Ok(true);
        };
        while session.wants_write() {
            let mut writer = SocketIo(&self.sock);
            match session.write_tls(&mut writer) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    fn send_plain(&mut self, data: &[u8], deadline: Option<Instant>) -> Result<usize, Failure> {
        let mut sent = 0;
        while sent < data.len() {
            match self.sock.write(&data[sent..]) {
                Ok(n) => sent += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if !self.wait(deadline, true)? {
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // A failed write (EPIPE after our own shutdown, say) does not end
                // receiving: the read side may still deliver data.
                Err(e) => return Err(Failure::io(&e)),
            }
        }
        Ok(sent)
    }

    /// Waits for the socket (readable, or writable when `write` or TLS output is queued),
    /// bounded by `deadline` and, while handshaking, the handshake deadline. `Ok(false)`
    /// when `deadline` passed.
    fn wait(&mut self, deadline: Option<Instant>, write: bool) -> Result<bool, Failure> {
        let mut limit = deadline;
        if self.is_handshaking() {
            limit = match (limit, self.handshake_deadline) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        if limit.is_some_and(crate::blocking::passed) {
            self.check_handshake_deadline()?;
            return Ok(false);
        }
        // Never wait with corked records unwritten: the peer may be waiting for them
        // (other connections' records are written by the blocking wait itself).
        if self.corked > 0 {
            self.flush()?;
        }
        let fd = self.sock.fd();
        let ready = if write {
            crate::blocking::writable(fd, limit)
        } else if self.tls.as_ref().is_some_and(Session::wants_write) {
            // Reading, with records queued for a full socket: room to write them or the
            // peer's bytes may come first, and a peer that is not reading yet may be
            // waiting for something else before it does.
            crate::blocking::readable_or_writable(fd, limit)
        } else {
            crate::blocking::readable(fd, limit)
        };
        match ready {
            Ok(true) => {
                // Waited for the socket itself: whatever a callback saw before is stale.
                self.drained_epoch = 0;
                Ok(true)
            }
            Ok(false) => {
                self.check_handshake_deadline()?;
                Ok(!deadline.is_some_and(crate::blocking::passed))
            }
            Err(e) => Err(self.fail_io(&e)),
        }
    }

    /// Breaks the connection; the first failure is the one kept (a later one, such as
    /// EPIPE when queued records are written after a reset, is only its echo).
    fn fail(&mut self, f: Failure) -> Failure {
        let kept = self.broken.get_or_insert(f).clone();
        self.note_buffered();
        kept
    }

    fn fail_io(&mut self, e: &io::Error) -> Failure {
        self.fail(Failure::io(e))
    }

    fn fail_tls(&mut self, e: &TlsError) -> Failure {
        self.fail(Failure::tls(e))
    }
}

/// `Write` over a socket for rustls (reads go through the staging buffer, see `fill`).
struct SocketIo<'a>(&'a Socket);

impl io::Write for SocketIo<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    // rustls hands over all queued records at once; one sendmsg instead of one send per
    // record saves system calls and keeps a handshake flight in one segment.
    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        self.0.write_vectored(bufs)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
