//! One TLS connection, client or server, with no I/O of its own: the caller moves TLS bytes
//! between the socket and [`Session::read_tls`]/[`Session::write_tls`], then calls
//! [`Session::process`].

use std::io::{self, Read, Write};
use std::net::IpAddr;
use std::sync::Arc;

use rustls::pki_types::ServerName;
use rustls::server::{Accepted, Acceptor};
use rustls::{ClientConnection, Connection, HandshakeKind, ProtocolVersion};

use crate::error::{ErrorKind, TlsError};
use crate::peer::PeerCertInfo;
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
    /// An alert from a failed ClientHello, to be written before the session is dropped.
    alert: Vec<u8>,
    /// Decrypted bytes buffered in rustls, from the last `IoState`, less what was read since.
    pending: usize,
    /// The peer sent close_notify.
    peer_closed: bool,
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
        /// Plaintext written before a connection exists; moved into it on accept.
        early: Vec<u8>,
        /// The first bytes of the ClientHello record, to name an old client's refusal.
        head: Vec<u8>,
    },
    /// A connection; the trust policy and name are set on the client side.
    Running {
        conn: Box<Connection>,
        client: Option<(Arc<TrustPolicy>, ServerName<'static>)>,
    },
    /// The ClientHello was refused; only `alert` remains to be sent.
    Failed,
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
                .field("conn", conn)
                .field("server_name", &client.as_ref().map(|(_, name)| name))
                .finish(),
            Self::Failed => f.write_str("Failed"),
        }
    }
}

/// How much plaintext a server session buffers before its handshake starts (rustls' default).
const EARLY_PLAINTEXT_LIMIT: usize = 64 * 1024;

impl Session {
    /// Reads TLS bytes from `rd`; `Ok(0)` means the transport reached EOF.
    pub fn read_tls(&mut self, rd: &mut dyn Read) -> io::Result<usize> {
        match &mut self.state {
            State::Accepting { acceptor, head, .. } => {
                let mut tee = HeadTee { inner: rd, head };
                acceptor.read_tls(&mut tee)
            }
            State::Running { conn, .. } => conn.read_tls(rd),
            State::Failed => Err(io::Error::other("tls session has failed")),
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
        if let State::Accepting { acceptor, head, .. } = &mut self.state {
            match acceptor.accept() {
                Ok(None) => return Ok(()),
                Ok(Some(accepted)) => self.start_server(accepted)?,
                Err((err, mut alert)) => {
                    if offers_only_old_versions(head) {
                        // rustls answers handshake_failure; protocol_version tells the peer why.
                        self.alert.extend_from_slice(&PROTOCOL_VERSION_ALERT);
                        let err = TlsError::new(ErrorKind::Protocol, "protocol version refused");
                        return Err(self.fail(err));
                    }
                    // Writing into a Vec cannot fail.
                    let _ = alert.write_all(&mut self.alert);
                    return Err(self.fail(err.into()));
                }
            }
        }
        let State::Running { conn, client } = &mut self.state else {
            return Ok(());
        };
        match conn.process_new_packets() {
            Ok(io) => {
                self.pending = io.plaintext_bytes_to_read();
                self.peer_closed |= io.peer_has_closed();
            }
            Err(err) => {
                let err = TlsError::from(err);
                self.failure = Some(err.clone());
                return Err(err);
            }
        }
        if let (Some((policy, name)), None) = (client, &self.verdict) {
            if !conn.is_handshaking() {
                let chain = conn.peer_certificates().unwrap_or(&[]);
                self.verdict = Some(policy.verdict(chain, name));
            }
        }
        Ok(())
    }

    /// True when there are TLS bytes to send.
    pub fn wants_write(&self) -> bool {
        if !self.alert.is_empty() {
            return true;
        }
        match &self.state {
            State::Running { conn, .. } => conn.wants_write(),
            _ => false,
        }
    }

    /// Writes pending TLS bytes to `wr`; call while [`Self::wants_write`].
    pub fn write_tls(&mut self, wr: &mut dyn Write) -> io::Result<usize> {
        if !self.alert.is_empty() {
            let n = wr.write(&self.alert)?;
            self.alert.drain(..n.min(self.alert.len()));
            return Ok(n);
        }
        match &mut self.state {
            State::Running { conn, .. } => conn.write_tls(wr),
            _ => Ok(0),
        }
    }

    /// True when the session wants TLS bytes from the peer.
    pub fn wants_read(&self) -> bool {
        match &self.state {
            State::Accepting { .. } => true,
            State::Running { conn, .. } => self.failure.is_none() && conn.wants_read(),
            State::Failed => false,
        }
    }

    /// True until the handshake has completed (false once the session has failed).
    pub fn is_handshaking(&self) -> bool {
        match &self.state {
            State::Accepting { .. } => self.failure.is_none(),
            State::Running { conn, .. } => self.failure.is_none() && conn.is_handshaking(),
            State::Failed => false,
        }
    }

    /// Queues plaintext to send, also before the handshake completes; returns how much was
    /// taken (less than `data.len()` when the send buffer is full).
    pub fn write_plaintext(&mut self, data: &[u8]) -> Result<usize, TlsError> {
        if let Some(err) = &self.failure {
            return Err(err.clone());
        }
        match &mut self.state {
            State::Accepting { early, .. } => {
                let n = data
                    .len()
                    .min(EARLY_PLAINTEXT_LIMIT.saturating_sub(early.len()));
                early.extend_from_slice(&data[..n]);
                Ok(n)
            }
            State::Running { conn, .. } => conn
                .writer()
                .write(data)
                .map_err(|e| TlsError::new(ErrorKind::Closed, e.to_string())),
            State::Failed => Err(closed("tls session has failed")),
        }
    }

    /// Copies decrypted plaintext into `buf`.
    ///
    /// A transport EOF without close_notify is an [`ErrorKind::Closed`] error; an empty
    /// `buf` gives `Data(0)`.
    pub fn read_plaintext(&mut self, buf: &mut [u8]) -> Result<ReadResult, TlsError> {
        let State::Running { conn, .. } = &mut self.state else {
            return match &self.failure {
                Some(err) => Err(err.clone()),
                None => Ok(ReadResult::WouldBlock),
            };
        };
        if buf.is_empty() {
            return Ok(ReadResult::Data(0));
        }
        match conn.reader().read(buf) {
            Ok(0) => {
                self.peer_closed = true;
                Ok(ReadResult::Eof)
            }
            Ok(n) => {
                self.pending = self.pending.saturating_sub(n);
                Ok(ReadResult::Data(n))
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => match &self.failure {
                Some(err) => Err(err.clone()),
                None => Ok(ReadResult::WouldBlock),
            },
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                Err(closed("connection closed without close_notify"))
            }
            Err(e) => Err(TlsError::new(ErrorKind::Protocol, e.to_string())),
        }
    }

    /// Decrypted plaintext bytes ready to read without more input.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Queues a close_notify alert (then write it out with [`Self::write_tls`]).
    pub fn send_close_notify(&mut self) {
        if let State::Running { conn, .. } = &mut self.state {
            conn.send_close_notify();
        }
    }

    /// True once the peer has sent close_notify.
    pub fn received_close_notify(&self) -> bool {
        self.peer_closed
    }

    /// `TLSv1.2` or `TLSv1.3` once negotiated.
    pub fn protocol_version(&self) -> Option<&'static str> {
        match self.conn()?.protocol_version()? {
            ProtocolVersion::TLSv1_2 => Some("TLSv1.2"),
            ProtocolVersion::TLSv1_3 => Some("TLSv1.3"),
            _ => None,
        }
    }

    /// The IANA name of the negotiated cipher suite, e.g. `TLS13_AES_128_GCM_SHA256`.
    pub fn cipher_suite(&self) -> Option<String> {
        let suite = self.conn()?.negotiated_cipher_suite()?.suite();
        Some(match suite.as_str() {
            Some(name) => name.to_owned(),
            None => format!("{suite:?}"),
        })
    }

    /// The name of the negotiated key exchange group, e.g. `X25519MLKEM768` or `X25519`.
    pub fn key_exchange_group(&self) -> Option<String> {
        let group = self.conn()?.negotiated_key_exchange_group()?.name();
        Some(match group.as_str() {
            Some(name) => name.to_owned(),
            None => format!("{group:?}"),
        })
    }

    /// The ALPN protocol agreed on, if any.
    pub fn alpn_protocol(&self) -> Option<Vec<u8>> {
        self.conn()?.alpn_protocol().map(<[u8]>::to_vec)
    }

    /// Details of the peer's leaf certificate, once received.
    pub fn peer_certificate(&self) -> Option<PeerCertInfo> {
        let leaf = self.conn()?.peer_certificates()?.first()?;
        Some(PeerCertInfo::from_der(leaf))
    }

    /// The peer's certificate chain (DER, leaf first), once received.
    pub fn peer_certificate_chain(&self) -> Vec<Vec<u8>> {
        let chain = self.conn().and_then(|c| c.peer_certificates());
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
        self.conn()
            .and_then(|c| c.peer_certificates())
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
        self.conn()
            .and_then(|c| c.handshake_kind())
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
            early: Vec::new(),
            head: Vec::new(),
        })
    }

    pub(crate) fn client(
        conn: ClientConnection,
        policy: Arc<TrustPolicy>,
        name: ServerName<'static>,
    ) -> Self {
        Self::with_state(State::Running {
            conn: Box::new(conn.into()),
            client: Some((policy, name)),
        })
    }

    fn with_state(state: State) -> Self {
        Self {
            state,
            alert: Vec::new(),
            pending: 0,
            peer_closed: false,
            sni: None,
            verdict: None,
            failure: None,
        }
    }

    /// The ClientHello is in: choose the config and become a server connection.
    /// Only called in the `Accepting` state.
    fn start_server(&mut self, accepted: Accepted) -> Result<(), TlsError> {
        let State::Accepting {
            ctx,
            local_ip,
            early,
            ..
        } = std::mem::replace(&mut self.state, State::Failed)
        else {
            return Err(self.fail(closed("tls session is not accepting")));
        };
        let sni = accepted.client_hello().server_name().map(str::to_owned);
        let config = ctx.choose(sni.as_deref(), local_ip);
        self.sni = sni;
        let mut conn = match accepted.into_connection(config) {
            Ok(conn) => conn,
            Err((err, mut alert)) => {
                // Writing into a Vec cannot fail.
                let _ = alert.write_all(&mut self.alert);
                return Err(self.fail(err.into()));
            }
        };
        if !early.is_empty() {
            conn.writer()
                .write_all(&early)
                .map_err(|e| self.fail(closed(e.to_string())))?;
        }
        self.state = State::Running {
            conn: Box::new(conn.into()),
            client: None,
        };
        Ok(())
    }

    fn fail(&mut self, err: TlsError) -> TlsError {
        self.state = State::Failed;
        self.failure = Some(err.clone());
        err
    }

    fn conn(&self) -> Option<&Connection> {
        match &self.state {
            State::Running { conn, .. } => Some(conn),
            _ => None,
        }
    }
}

/// How many bytes of the first record [`HeadTee`] keeps: header (5), handshake type and
/// length (4), `legacy_version` (2).
const HEAD_LEN: usize = 11;

/// A fatal `protocol_version` alert record, in a TLS 1.0 record header as old peers expect.
const PROTOCOL_VERSION_ALERT: [u8; 7] = [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46];

/// A reader that keeps a copy of the first [`HEAD_LEN`] bytes read through it.
struct HeadTee<'a> {
    inner: &'a mut dyn Read,
    head: &'a mut Vec<u8>,
}

impl Read for HeadTee<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let want = HEAD_LEN
            .saturating_sub(self.head.len())
            .min(n)
            .min(buf.len());
        self.head.extend_from_slice(&buf[..want]);
        Ok(n)
    }
}

/// True when a ClientHello's `legacy_version` is below TLS 1.2 (an SSLv3/TLS 1.0/1.1
/// client; TLS 1.3 clients put 1.2 there), so a refused hello was refused for its version.
fn offers_only_old_versions(head: &[u8]) -> bool {
    match head {
        [0x16, _, _, _, _, 0x01, _, _, _, major, minor] => (*major, *minor) < (3, 3),
        _ => false,
    }
}

fn closed(message: impl Into<String>) -> TlsError {
    TlsError::new(ErrorKind::Closed, message)
}
