//! One TLS connection, client or server, with no I/O of its own: the caller gives it the
//! TLS bytes read from the socket ([`Session::feed`], or [`Session::read_tls`] then
//! [`Session::process`]) and writes out what [`Session::write_tls`] produces.
//!
//! Built on rustls' unbuffered API: records are decrypted where they lie in the caller's
//! read buffer, and the session keeps only what it cannot use yet (a partial record,
//! plaintext not yet read, records not yet written) in queues that give their memory back
//! when they empty. rustls' buffered connection keeps a 4 KiB read buffer for every
//! connection for its whole life; an idle session here holds none.

use std::io::{self, Read, Write};
use std::net::IpAddr;
use std::sync::Arc;

use rustls::client::{ClientConnectionData, UnbufferedClientConnection};
use rustls::pki_types::ServerName;
use rustls::server::{Accepted, Acceptor, ServerConnectionData, UnbufferedServerConnection};
use rustls::unbuffered::{
    ConnectionState, EncodeError, EncodeTlsData, EncryptError, UnbufferedConnectionCommon,
    UnbufferedStatus, WriteTraffic,
};
use rustls::{CommonState, HandshakeKind, ProtocolVersion};

use crate::error::{ErrorKind, TlsError};
use crate::peer::PeerCertInfo;
use crate::queue::ByteQueue;
use crate::server::ServerContext;
use crate::verify::{TrustPolicy, Verdict};

/// What [`Session::read_plaintext`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadResult {
    /// This many plaintext bytes were copied out.
    Data(usize),
    /// No plaintext yet: read more TLS bytes, then [`Session::process`].
    WouldBlock,
    /// The peer sent close_notify and every byte before it has been read.
    Eof,
}

/// A sans-I/O TLS session. Server sessions first read the ClientHello to pick a certificate.
#[derive(Debug)]
pub struct Session {
    state: State,
    /// TLS bytes received and not yet used up: a partial record, or a handshake message
    /// still arriving.
    incoming: ByteQueue,
    /// Decrypted bytes not yet read.
    plain: ByteQueue,
    /// TLS bytes to send (handshake messages, records, alerts).
    outgoing: ByteQueue,
    /// Plaintext written before the handshake lets application data go.
    early: Vec<u8>,
    /// The application data may be encrypted (the handshake has got far enough).
    may_send: bool,
    /// close_notify was asked for; `close_sent` once it is queued.
    close_wanted: bool,
    close_sent: bool,
    /// The peer sent close_notify.
    peer_closed: bool,
    /// The transport reached EOF.
    eof: bool,
    /// Server: the SNI the client sent.
    sni: Option<String>,
    /// Client: the verification result, computed once when the handshake completes.
    verdict: Option<Verdict>,
    /// The error that ended the session, repeated to later calls.
    failure: Option<TlsError>,
}

enum State {
    /// Server, before the ClientHello is complete.
    Accepting {
        acceptor: Box<Acceptor>,
        ctx: Arc<ServerContext>,
        local_ip: Option<IpAddr>,
        /// Every byte given to the acceptor: replayed into the connection once the
        /// ClientHello has chosen its config.
        hello: Vec<u8>,
    },
    /// A connection; the trust policy and name are set on the client side.
    Running {
        conn: Box<Live>,
        client: Option<(Arc<TrustPolicy>, ServerName<'static>)>,
    },
    /// The ClientHello was refused; only the alert in `outgoing` remains to be sent.
    Failed,
}

/// rustls' unbuffered connection, either side.
enum Live {
    Client(UnbufferedClientConnection),
    Server(UnbufferedServerConnection),
}

impl Live {
    fn common(&self) -> &CommonState {
        match self {
            Self::Client(c) => c,
            Self::Server(s) => s,
        }
    }
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // rustls' Acceptor has no Debug.
            Self::Accepting { local_ip, .. } => f
                .debug_struct("Accepting")
                .field("local_ip", local_ip)
                .finish_non_exhaustive(),
            Self::Running { conn, client } => f
                .debug_struct("Running")
                .field("handshaking", &conn.common().is_handshaking())
                .field("server_name", &client.as_ref().map(|(_, name)| name))
                .finish(),
            Self::Failed => f.write_str("Failed"),
        }
    }
}

/// How much plaintext a session holds before its handshake lets it go (rustls' default).
const EARLY_PLAINTEXT_LIMIT: usize = 64 * 1024;
/// How many encrypted bytes may wait to be written before writes are refused (rustls'
/// default for its own send queue).
const OUTGOING_LIMIT: usize = 64 * 1024;
/// The most TLS bytes held without being able to use them: a handshake message may be
/// up to 64 KiB (rustls' own limit), spread over records.
const INCOMING_LIMIT: usize = 64 * 1024 + 18 * 1024;
/// A socket read's worth, for [`Session::read_tls`].
const READ_SIZE: usize = 16 * 1024 + 256;
/// Room for the header, content type, padding and tag of each record, over-estimated
/// (rustls asks for more when it is not enough).
const RECORD_EXPANSION: usize = 64;
/// The largest plaintext of one record.
const MAX_FRAGMENT: usize = 16 * 1024;
/// A TLS record header: type, version, length.
const RECORD_HEADER: usize = 5;

impl Session {
    /// Gives the session TLS bytes read from the socket and processes them; records are
    /// decrypted in place, so `bytes` is changed. Returns how many bytes were taken: all
    /// of them while the session wants to read ([`Self::wants_read`]), 0 when it does not.
    pub fn feed(&mut self, bytes: &mut [u8]) -> Result<usize, TlsError> {
        self.feed_into(bytes, &mut []).map(|(taken, _)| taken)
    }

    /// [`Self::feed`], with the plaintext going straight into `out` (a reader's buffer)
    /// as far as it has room, and only the rest into the session for
    /// [`Self::read_plaintext`]: one copy less. Returns the bytes taken and the plaintext
    /// bytes written to `out`.
    pub fn feed_into(
        &mut self,
        bytes: &mut [u8],
        out: &mut [u8],
    ) -> Result<(usize, usize), TlsError> {
        if let Some(err) = &self.failure {
            return Err(err.clone());
        }
        if bytes.is_empty() || !self.wants_read() {
            return Ok((0, 0));
        }
        let mut taken = 0;
        while let State::Accepting { .. } = self.state {
            if taken == bytes.len() {
                return Ok((taken, 0));
            }
            match self.read_tls(&mut &bytes[taken..]) {
                Ok(n) => taken += n,
                Err(e) => return Err(self.fail(TlsError::new(ErrorKind::Protocol, e.to_string()))),
            }
            self.process()?;
        }
        let mut written = 0;
        match self.feed_running(&mut bytes[taken..], out, &mut written) {
            Ok(()) => Ok((bytes.len(), written)),
            Err(err) => {
                // What reached `out` before the failure is not lost: read_plaintext gives
                // it back before it reports the failure.
                self.unread(&out[..written]);
                Err(err)
            }
        }
    }

    /// [`Self::feed_into`] for a running connection; `written` counts what went to `out`.
    fn feed_running(
        &mut self,
        mut rest: &mut [u8],
        out: &mut [u8],
        written: &mut usize,
    ) -> Result<(), TlsError> {
        if !self.incoming.is_empty() {
            // A record begun by an earlier read: complete it, then go on in place.
            let split = self.record_completion(rest).unwrap_or(rest.len());
            let (head, tail) = rest.split_at_mut(split);
            self.keep_incoming(head);
            *written += self.run_into(Input::Held, &mut out[*written..])?.written;
            if !self.incoming.is_empty() {
                // Still unfinished (a handshake message spread over records): keep all.
                if !tail.is_empty() {
                    self.keep_incoming(tail);
                    *written += self.run_into(Input::Held, &mut out[*written..])?.written;
                }
                return self.check_incoming_limit();
            }
            rest = tail;
        }
        // The common case: whole records, used where they lie.
        let outcome = self.run_into(Input::Slice(rest), &mut out[*written..])?;
        *written += outcome.written;
        self.keep_incoming(&rest[outcome.used..]);
        self.check_incoming_limit()
    }

    /// How many bytes of `rest` complete the partial record that `incoming` starts with,
    /// once the handshake is over (during it rustls may be joining a message across held
    /// records, which must all stay together); `None` when `rest` does not complete it.
    fn record_completion(&self, rest: &[u8]) -> Option<usize> {
        if self.is_handshaking() {
            return None;
        }
        let held = self.incoming.data();
        let mut header = [0u8; RECORD_HEADER];
        let from_held = held.len().min(RECORD_HEADER);
        header[..from_held].copy_from_slice(&held[..from_held]);
        header[from_held..].copy_from_slice(rest.get(..RECORD_HEADER - from_held)?);
        let record = RECORD_HEADER + usize::from(u16::from_be_bytes([header[3], header[4]]));
        let need = record.checked_sub(held.len())?;
        (need > 0 && need <= rest.len()).then_some(need)
    }

    /// Reads TLS bytes from `rd` into the session (without processing them: call
    /// [`Self::process`]); `Ok(0)` means the transport reached EOF.
    pub fn read_tls(&mut self, rd: &mut dyn Read) -> io::Result<usize> {
        match &mut self.state {
            State::Accepting {
                acceptor, hello, ..
            } => {
                let mut tee = Tee {
                    inner: rd,
                    copy: hello,
                };
                let n = acceptor.read_tls(&mut tee)?;
                if n == 0 {
                    self.eof = true;
                }
                Ok(n)
            }
            State::Running { .. } if self.failure.is_none() => {
                if self.incoming.len() >= INCOMING_LIMIT {
                    return Err(io::Error::other("tls message buffer full"));
                }
                let room = self.incoming.room(READ_SIZE);
                let n = rd.read(&mut room[..READ_SIZE])?;
                self.incoming.commit(n);
                if n == 0 {
                    self.eof = true;
                    // An empty queue keeps no read-sized buffer.
                    self.incoming.consume(0);
                }
                Ok(n)
            }
            _ => Err(io::Error::other("tls session has failed")),
        }
    }

    /// The transport reached EOF (the peer's FIN): a later read without close_notify
    /// before it is an error. Call [`Self::process`] after.
    pub fn note_eof(&mut self) {
        self.eof = true;
        if let State::Accepting { acceptor, .. } = &mut self.state {
            // The acceptor learns it too; an empty read cannot fail.
            let _ = acceptor.read_tls(&mut io::empty());
        }
    }

    /// Processes the bytes read so far: advances the handshake, decrypts records.
    ///
    /// On the server side, first waits for the whole ClientHello and picks the config by SNI
    /// or local IP. After an error, [`Self::wants_write`] may still be true: write the alert.
    pub fn process(&mut self) -> Result<(), TlsError> {
        if let Some(err) = &self.failure {
            return Err(err.clone());
        }
        if let State::Accepting {
            acceptor, hello, ..
        } = &mut self.state
        {
            match acceptor.accept() {
                Ok(None) => return Ok(()),
                Ok(Some(accepted)) => self.start_server(accepted)?,
                Err((err, mut alert)) => {
                    if offers_only_old_versions(hello) {
                        // rustls answers handshake_failure; protocol_version tells the peer why.
                        self.outgoing.extend(&PROTOCOL_VERSION_ALERT);
                        let err = TlsError::new(ErrorKind::Protocol, "protocol version refused");
                        return Err(self.fail(err));
                    }
                    let mut bytes = Vec::new();
                    // Writing into a Vec cannot fail.
                    let _ = alert.write_all(&mut bytes);
                    self.outgoing.extend(&bytes);
                    return Err(self.fail(err.into()));
                }
            }
        }
        self.run(Input::Held)?;
        self.check_incoming_limit()
    }

    /// True when there are TLS bytes to send.
    pub fn wants_write(&self) -> bool {
        !self.outgoing.is_empty()
    }

    /// Writes pending TLS bytes to `wr`; call while [`Self::wants_write`].
    pub fn write_tls(&mut self, wr: &mut dyn Write) -> io::Result<usize> {
        if self.outgoing.is_empty() {
            return Ok(0);
        }
        let n = wr.write(self.outgoing.data())?;
        self.outgoing.consume(n);
        Ok(n)
    }

    /// True when the session wants TLS bytes from the peer: it is not finished, and has
    /// no unread plaintext.
    pub fn wants_read(&self) -> bool {
        match &self.state {
            State::Accepting { .. } => self.failure.is_none(),
            State::Running { .. } => {
                self.failure.is_none() && !self.peer_closed && self.plain.is_empty()
            }
            State::Failed => false,
        }
    }

    /// True until the handshake has completed (false once the session has failed).
    pub fn is_handshaking(&self) -> bool {
        match &self.state {
            State::Accepting { .. } => self.failure.is_none(),
            State::Running { conn, .. } => self.failure.is_none() && conn.common().is_handshaking(),
            State::Failed => false,
        }
    }

    /// Queues plaintext to send, also before the handshake completes; returns how much was
    /// taken (less than `data.len()` when the send buffer is full).
    pub fn write_plaintext(&mut self, data: &[u8]) -> Result<usize, TlsError> {
        if let Some(err) = &self.failure {
            return Err(err.clone());
        }
        match &self.state {
            State::Failed => return Err(closed("tls session has failed")),
            State::Running { .. } if self.may_send && self.early.is_empty() => {
                let take = data
                    .len()
                    .min(OUTGOING_LIMIT.saturating_sub(self.outgoing.len()));
                if take == 0 {
                    return Ok(0);
                }
                if self.run(Input::Send(&data[..take]))?.sent {
                    return Ok(take);
                }
            }
            _ => {}
        }
        let n = data
            .len()
            .min(EARLY_PLAINTEXT_LIMIT.saturating_sub(self.early.len()));
        self.early.extend_from_slice(&data[..n]);
        if n > 0 && matches!(self.state, State::Running { .. }) {
            // Goes out at once if the handshake has got far enough meanwhile.
            self.run(Input::Held)?;
        }
        Ok(n)
    }

    /// Copies decrypted plaintext into `buf`.
    ///
    /// A transport EOF without close_notify is an [`ErrorKind::Closed`] error; an empty
    /// `buf` gives `Data(0)`.
    pub fn read_plaintext(&mut self, buf: &mut [u8]) -> Result<ReadResult, TlsError> {
        if !matches!(self.state, State::Running { .. }) {
            return match &self.failure {
                Some(err) => Err(err.clone()),
                None => Ok(ReadResult::WouldBlock),
            };
        }
        if buf.is_empty() {
            return Ok(ReadResult::Data(0));
        }
        if !self.plain.is_empty() {
            let n = buf.len().min(self.plain.len());
            buf[..n].copy_from_slice(&self.plain.data()[..n]);
            self.plain.consume(n);
            return Ok(ReadResult::Data(n));
        }
        if let Some(err) = &self.failure {
            return Err(err.clone());
        }
        if self.peer_closed {
            return Ok(ReadResult::Eof);
        }
        if self.eof {
            return Err(closed("connection closed without close_notify"));
        }
        Ok(ReadResult::WouldBlock)
    }

    /// Decrypted plaintext bytes ready to read without more input.
    pub fn pending(&self) -> usize {
        self.plain.len()
    }

    /// Queues a close_notify alert (then write it out with [`Self::write_tls`]).
    pub fn send_close_notify(&mut self) {
        if self.close_wanted || self.failure.is_some() {
            return;
        }
        self.close_wanted = true;
        if matches!(self.state, State::Running { .. }) {
            let _ = self.run(Input::Held);
        }
    }

    /// True once the peer has sent close_notify.
    pub fn received_close_notify(&self) -> bool {
        self.peer_closed
    }

    /// `TLSv1.2` or `TLSv1.3` once negotiated.
    pub fn protocol_version(&self) -> Option<&'static str> {
        match self.common()?.protocol_version()? {
            ProtocolVersion::TLSv1_2 => Some("TLSv1.2"),
            ProtocolVersion::TLSv1_3 => Some("TLSv1.3"),
            _ => None,
        }
    }

    /// The IANA name of the negotiated cipher suite, e.g. `TLS13_AES_128_GCM_SHA256`.
    pub fn cipher_suite(&self) -> Option<String> {
        let suite = self.common()?.negotiated_cipher_suite()?.suite();
        Some(match suite.as_str() {
            Some(name) => name.to_owned(),
            None => format!("{suite:?}"),
        })
    }

    /// The name of the negotiated key exchange group, e.g. `X25519MLKEM768` or `X25519`.
    pub fn key_exchange_group(&self) -> Option<String> {
        let group = self.common()?.negotiated_key_exchange_group()?.name();
        Some(match group.as_str() {
            Some(name) => name.to_owned(),
            None => format!("{group:?}"),
        })
    }

    /// The ALPN protocol agreed on, if any.
    pub fn alpn_protocol(&self) -> Option<Vec<u8>> {
        self.common()?.alpn_protocol().map(<[u8]>::to_vec)
    }

    /// Details of the peer's leaf certificate, once received.
    pub fn peer_certificate(&self) -> Option<PeerCertInfo> {
        let leaf = self.common()?.peer_certificates()?.first()?;
        Some(PeerCertInfo::from_der(leaf))
    }

    /// The peer's certificate chain (DER, leaf first), once received.
    pub fn peer_certificate_chain(&self) -> Vec<Vec<u8>> {
        let chain = self.common().and_then(CommonState::peer_certificates);
        chain.unwrap_or(&[]).iter().map(|c| c.to_vec()).collect()
    }

    /// Client: the server's certificate verified. Server: the client presented a certificate
    /// that verified against `ca` (only requested when `ca` is set).
    pub fn authorized(&self) -> bool {
        if let Some(verdict) = &self.verdict {
            return verdict.authorized;
        }
        if !self.is_server() || self.is_handshaking() || self.failure.is_some() {
            return false;
        }
        self.common()
            .and_then(CommonState::peer_certificates)
            .is_some_and(|chain| !chain.is_empty())
    }

    /// Client: why the server's certificate did not verify, e.g.
    /// `certificate verify failed: unknown issuer`.
    pub fn authorization_error(&self) -> Option<String> {
        self.verdict.as_ref()?.error.clone()
    }

    /// Server: the SNI name the client sent.
    pub fn sni(&self) -> Option<String> {
        self.sni.clone()
    }

    /// True for a server-side session.
    pub fn is_server(&self) -> bool {
        match &self.state {
            State::Accepting { .. } | State::Failed => true,
            State::Running { client, .. } => client.is_none(),
        }
    }

    /// True when the handshake resumed an earlier session (ticket or session ID).
    pub fn resumed(&self) -> bool {
        self.common()
            .and_then(CommonState::handshake_kind)
            .is_some_and(|kind| kind == HandshakeKind::Resumed)
    }

    /// The error that ended the session, if any.
    pub fn failure(&self) -> Option<&TlsError> {
        self.failure.as_ref()
    }

    pub(crate) fn server(ctx: Arc<ServerContext>, local_ip: Option<IpAddr>) -> Self {
        Self::with_state(State::Accepting {
            acceptor: Box::default(),
            ctx,
            local_ip,
            hello: Vec::new(),
        })
    }

    pub(crate) fn client(
        conn: UnbufferedClientConnection,
        policy: Arc<TrustPolicy>,
        name: ServerName<'static>,
    ) -> Self {
        let mut session = Self::with_state(State::Running {
            conn: Box::new(Live::Client(conn)),
            client: Some((policy, name)),
        });
        // The ClientHello, ready to write (a failure is kept for the first call).
        let _ = session.run(Input::Held);
        session
    }

    fn with_state(state: State) -> Self {
        Self {
            state,
            incoming: ByteQueue::default(),
            plain: ByteQueue::default(),
            outgoing: ByteQueue::default(),
            early: Vec::new(),
            may_send: false,
            close_wanted: false,
            close_sent: false,
            peer_closed: false,
            eof: false,
            sni: None,
            verdict: None,
            failure: None,
        }
    }

    /// The ClientHello is in: choose the config, start a server connection with it and
    /// replay the bytes the acceptor read. Only called in the `Accepting` state.
    fn start_server(&mut self, accepted: Accepted) -> Result<(), TlsError> {
        let State::Accepting {
            ctx,
            local_ip,
            hello,
            ..
        } = std::mem::replace(&mut self.state, State::Failed)
        else {
            return Err(self.fail(closed("tls session is not accepting")));
        };
        let sni = accepted.client_hello().server_name().map(str::to_owned);
        let config = ctx.choose(sni.as_deref(), local_ip);
        self.sni = sni;
        let conn = match UnbufferedServerConnection::new(config) {
            Ok(conn) => conn,
            Err(err) => return Err(self.fail(err.into())),
        };
        self.state = State::Running {
            conn: Box::new(Live::Server(conn)),
            client: None,
        };
        self.incoming.extend(&hello);
        Ok(())
    }

    /// Runs rustls over `input` until it needs more bytes: handshake messages and records
    /// go to `outgoing`, plaintext to `plain`; plaintext to send is encrypted once the
    /// handshake allows. A failure sticks, after the alert that explains it is queued.
    fn run(&mut self, input: Input<'_>) -> Result<Outcome, TlsError> {
        self.run_into(input, &mut [])
    }

    /// [`Self::run`], with plaintext going into `out` first (see [`Self::feed_into`]).
    fn run_into(&mut self, input: Input<'_>, out: &mut [u8]) -> Result<Outcome, TlsError> {
        if let Some(err) = &self.failure {
            return Err(err.clone());
        }
        let State::Running { conn, client } = &mut self.state else {
            return Ok(Outcome::default());
        };
        let (tls, send, held): (&mut [u8], _, _) = match input {
            Input::Slice(bytes) => (bytes, None, false),
            Input::Held => (self.incoming.data_mut(), None, true),
            Input::Send(data) => (self.incoming.data_mut(), Some(data), true),
        };
        // Plaintext goes to `out` only while none waits in the session (order).
        let out = if self.plain.is_empty() { out } else { &mut [] };
        let mut io = Io {
            out,
            written: 0,
            plain: &mut self.plain,
            outgoing: &mut self.outgoing,
            early: &mut self.early,
            may_send: &mut self.may_send,
            close_wanted: self.close_wanted,
            close_sent: &mut self.close_sent,
            peer_closed: &mut self.peer_closed,
            send,
        };
        let had_send = io.send.is_some();
        let mut used = 0;
        let result = match &mut **conn {
            Live::Client(c) => drive::<ClientConnectionData>(c, tls, &mut io, &mut used),
            Live::Server(s) => drive::<ServerConnectionData>(s, tls, &mut io, &mut used),
        };
        let sent = had_send && io.send.is_none();
        let io_written = io.written;
        if held {
            self.incoming.consume(used);
        }
        if let Err(err) = result {
            self.failure = Some(err.clone());
            self.incoming.clear();
            self.unread(&out[..io_written]);
            return Err(err);
        }
        if let (Some((policy, name)), None) = (client, &self.verdict) {
            if !conn.common().is_handshaking() {
                let chain = conn.common().peer_certificates().unwrap_or(&[]);
                self.verdict = Some(policy.verdict(chain, name));
            }
        }
        Ok(Outcome {
            used,
            sent,
            written: io_written,
        })
    }

    /// Keeps TLS bytes the session could not use yet (a partial record) for the next
    /// bytes to complete. Checked against [`INCOMING_LIMIT`] once processed.
    fn keep_incoming(&mut self, rest: &[u8]) {
        // Nothing after close_notify is read.
        if !rest.is_empty() && !self.peer_closed {
            self.incoming.extend(rest);
        }
    }

    /// Fails the session when what it holds unused, after processing, is more than any
    /// handshake message needs: a peer dribbling out a message that never completes.
    fn check_incoming_limit(&mut self) -> Result<(), TlsError> {
        if self.incoming.len() <= INCOMING_LIMIT {
            return Ok(());
        }
        self.incoming.clear();
        let err = TlsError::new(ErrorKind::Protocol, "tls message too large");
        self.failure = Some(err.clone());
        Err(err)
    }

    /// Puts plaintext back in front of what the session holds (see [`Self::feed_into`]).
    fn unread(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let mut plain = ByteQueue::default();
        plain.extend(bytes);
        plain.extend(self.plain.data());
        self.plain = plain;
    }

    fn fail(&mut self, err: TlsError) -> TlsError {
        self.state = State::Failed;
        self.failure = Some(err.clone());
        err
    }

    fn common(&self) -> Option<&CommonState> {
        match &self.state {
            State::Running { conn, .. } => Some(conn.common()),
            _ => None,
        }
    }
}

/// A side of rustls' unbuffered connection: each has its own `process_tls_records`.
trait Side: Sized {
    fn process<'c, 'i>(
        conn: &'c mut UnbufferedConnectionCommon<Self>,
        tls: &'i mut [u8],
    ) -> UnbufferedStatus<'c, 'i, Self>;
}

impl Side for ClientConnectionData {
    fn process<'c, 'i>(
        conn: &'c mut UnbufferedConnectionCommon<Self>,
        tls: &'i mut [u8],
    ) -> UnbufferedStatus<'c, 'i, Self> {
        conn.process_tls_records(tls)
    }
}

impl Side for ServerConnectionData {
    fn process<'c, 'i>(
        conn: &'c mut UnbufferedConnectionCommon<Self>,
        tls: &'i mut [u8],
    ) -> UnbufferedStatus<'c, 'i, Self> {
        conn.process_tls_records(tls)
    }
}

/// Where [`Session::run`] finds TLS bytes, and what else it does.
enum Input<'a> {
    /// Bytes just read by the caller, used in place; the caller keeps what is left.
    Slice(&'a mut [u8]),
    /// The bytes the session holds.
    Held,
    /// The bytes the session holds, then this plaintext to encrypt.
    Send(&'a [u8]),
}

/// What [`Session::run`] did.
#[derive(Debug, Default)]
struct Outcome {
    /// Bytes of the input used up.
    used: usize,
    /// The plaintext of [`Input::Send`] was encrypted.
    sent: bool,
    /// Plaintext bytes written to the reader's buffer.
    written: usize,
}

/// The session's queues, lent to [`drive`] beside the rustls connection.
struct Io<'a> {
    /// The reader's buffer, filled first; then `plain`.
    out: &'a mut [u8],
    written: usize,
    plain: &'a mut ByteQueue,
    outgoing: &'a mut ByteQueue,
    early: &'a mut Vec<u8>,
    may_send: &'a mut bool,
    close_wanted: bool,
    close_sent: &'a mut bool,
    peer_closed: &'a mut bool,
    /// Plaintext to encrypt at the first chance; taken when done.
    send: Option<&'a [u8]>,
}

impl Io<'_> {
    /// Plaintext from the peer: into the reader's buffer while it has room, the rest into
    /// the session's queue.
    fn received(&mut self, payload: &[u8]) {
        let direct = payload.len().min(self.out.len() - self.written);
        self.out[self.written..self.written + direct].copy_from_slice(&payload[..direct]);
        self.written += direct;
        self.plain.extend(&payload[direct..]);
    }

    /// Application data may go: what was held back, then what is being sent, then
    /// close_notify if asked for.
    fn write_traffic<D>(&mut self, w: &mut WriteTraffic<'_, D>) -> Result<(), TlsError> {
        *self.may_send = true;
        if !self.early.is_empty() {
            encrypt(w, self.early, self.outgoing)?;
            *self.early = Vec::new();
        }
        if let Some(data) = self.send.take() {
            encrypt(w, data, self.outgoing)?;
        }
        if self.close_wanted && !*self.close_sent {
            write_sized(
                self.outgoing,
                RECORD_EXPANSION,
                |room| w.queue_close_notify(room),
                encrypt_needs,
            )
            .map_err(|e| closed(e.to_string()))?;
            *self.close_sent = true;
        }
        Ok(())
    }
}

/// Runs one side's state machine over `tls` until it needs more bytes (or the handshake
/// waits for the peer); `used` counts the bytes of `tls` used up, also on failure.
fn drive<D: Side>(
    conn: &mut UnbufferedConnectionCommon<D>,
    tls: &mut [u8],
    io: &mut Io<'_>,
    used: &mut usize,
) -> Result<(), TlsError> {
    loop {
        let UnbufferedStatus { discard, state } = D::process(conn, &mut tls[*used..]);
        let state = match state {
            Ok(state) => state,
            Err(err) => {
                *used += discard;
                queue_alert(conn, &mut tls[*used..], io);
                return Err(err.into());
            }
        };
        let done = match state {
            ConnectionState::ReadTraffic(mut traffic) => {
                while let Some(record) = traffic.next_record() {
                    let record = record?;
                    // Always 0 in rustls 0.23.46; the API asks for it to be added.
                    *used += record.discard;
                    io.received(record.payload);
                }
                false
            }
            ConnectionState::EncodeTlsData(mut message) => {
                encode(&mut message, io.outgoing)?;
                false
            }
            ConnectionState::TransmitTlsData(mut transmit) => {
                // The bytes wait in `outgoing` for the caller's write_tls, in order.
                if let Some(mut w) = transmit.may_encrypt_app_data() {
                    io.write_traffic(&mut w)?;
                }
                transmit.done();
                false
            }
            ConnectionState::WriteTraffic(mut w) => {
                io.write_traffic(&mut w)?;
                true
            }
            ConnectionState::PeerClosed => {
                *io.peer_closed = true;
                false
            }
            // BlockedHandshake, Closed, and early data (never enabled): nothing to do
            // until more bytes come.
            _ => true,
        };
        *used += discard;
        if done {
            return Ok(());
        }
    }
}

/// After a failure rustls has queued an alert for the peer (and may still hold plaintext
/// decrypted before it): hands them over. Only while something is queued: a further pass
/// would process the failed input again. `tls` is what is left of the input (rustls may
/// still refer to handshake bytes in it).
fn queue_alert<D: Side>(conn: &mut UnbufferedConnectionCommon<D>, tls: &mut [u8], io: &mut Io<'_>) {
    while CommonState::wants_write(conn) {
        let UnbufferedStatus { state, .. } = D::process(conn, tls);
        match state {
            Ok(ConnectionState::EncodeTlsData(mut message)) => {
                if encode(&mut message, io.outgoing).is_err() {
                    return;
                }
            }
            Ok(ConnectionState::ReadTraffic(mut traffic)) => {
                while let Some(Ok(record)) = traffic.next_record() {
                    io.received(record.payload);
                }
            }
            _ => return,
        }
    }
}

/// Copies one handshake message or alert rustls has ready into `out`.
fn encode<D>(message: &mut EncodeTlsData<'_, D>, out: &mut ByteQueue) -> Result<(), TlsError> {
    // Most handshake messages fit; rustls names the size of one that does not.
    let needs = |e: &EncodeError| match e {
        EncodeError::InsufficientSize(e) => Some(e.required_size),
        _ => None,
    };
    write_sized(out, 512, |room| message.encode(room), needs)
        .map_err(|e| TlsError::new(ErrorKind::Protocol, e.to_string()))
}

/// Encrypts `data` into records at the end of `out`.
fn encrypt<D>(
    w: &mut WriteTraffic<'_, D>,
    data: &[u8],
    out: &mut ByteQueue,
) -> Result<(), TlsError> {
    let want = data.len() + (data.len() / MAX_FRAGMENT + 1) * RECORD_EXPANSION;
    write_sized(out, want, |room| w.encrypt(data, room), encrypt_needs)
        .map_err(|e| closed(e.to_string()))
}

/// The room an encryption asked for, when it had too little.
fn encrypt_needs(e: &EncryptError) -> Option<usize> {
    match e {
        EncryptError::InsufficientSize(e) => Some(e.required_size),
        _ => None,
    }
}

/// Lets `write` (a rustls call that fills a caller's buffer, and leaves it untouched when
/// it is too small) write at the end of `out`, with `want` bytes of room first and then
/// as much as `needs` says it asked for.
fn write_sized<E>(
    out: &mut ByteQueue,
    mut want: usize,
    mut write: impl FnMut(&mut [u8]) -> Result<usize, E>,
    needs: impl Fn(&E) -> Option<usize>,
) -> Result<(), E> {
    loop {
        match write(out.room(want)) {
            Ok(n) => {
                out.commit(n);
                return Ok(());
            }
            Err(e) => match needs(&e) {
                Some(required) if required > want => want = required,
                _ => return Err(e),
            },
        }
    }
}

/// How many bytes of the first record tell an old client: header (5), handshake type and
/// length (4), `legacy_version` (2).
const HEAD_LEN: usize = 11;

/// A fatal `protocol_version` alert record, in a TLS 1.0 record header as old peers expect.
const PROTOCOL_VERSION_ALERT: [u8; 7] = [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46];

/// A reader that keeps a copy of every byte read through it.
struct Tee<'a> {
    inner: &'a mut dyn Read,
    copy: &'a mut Vec<u8>,
}

impl Read for Tee<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.copy.extend_from_slice(&buf[..n.min(buf.len())]);
        Ok(n)
    }
}

/// True when a ClientHello's `legacy_version` is below TLS 1.2 (an SSLv3/TLS 1.0/1.1
/// client; TLS 1.3 clients put 1.2 there), so a refused hello was refused for its version.
fn offers_only_old_versions(hello: &[u8]) -> bool {
    match &hello[..hello.len().min(HEAD_LEN)] {
        [0x16, _, _, _, _, 0x01, _, _, _, major, minor] => (*major, *minor) < (3, 3),
        _ => false,
    }
}

fn closed(message: impl Into<String>) -> TlsError {
    TlsError::new(ErrorKind::Closed, message)
}
