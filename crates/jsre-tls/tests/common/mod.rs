//! Shared helpers: the repo's certs/ and an in-memory client/server pair.
#![allow(dead_code)]

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::Arc;

use jsre_tls::{
    ClientContext, ClientOptions, ReadResult, ServerContext, ServerOptions, Session, TlsError,
};

pub const PASSWD: &str = "jsre-test";
pub const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// The text of `certs/<name>`.
pub fn cert(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../certs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Server options for `certs/<base>.pem` with `certs/<base>.key`.
pub fn server_options(base: &str) -> ServerOptions {
    ServerOptions {
        cert: cert(&format!("{base}.pem")),
        key: Some(cert(&format!("{base}.key"))),
        ..ServerOptions::default()
    }
}

pub fn server(base: &str) -> Arc<ServerContext> {
    ServerContext::new(&server_options(base)).expect("server context")
}

/// A client trusting the test CA, verifying `localhost`, rejecting unauthorized servers.
pub fn strict_client_options() -> ClientOptions {
    ClientOptions {
        reject_unauthorized: true,
        ca: Some(cert("ca.pem")),
        server: Some("localhost".into()),
        ..ClientOptions::default()
    }
}

pub fn client(options: &ClientOptions) -> Arc<ClientContext> {
    ClientContext::new(options).expect("client context")
}

/// Which side of a pair failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Client,
    Server,
}

/// A client session talking to a server session through memory.
pub struct Pair {
    pub client: Session,
    pub server: Session,
}

impl Pair {
    /// A pair for a client connecting to `ip`, which is also the server's local address.
    pub fn new(client: &ClientContext, server: &Arc<ServerContext>, ip: IpAddr) -> Self {
        Self {
            client: client.new_session(ip).expect("client session"),
            server: server.new_session(Some(ip)),
        }
    }

    /// Moves bytes both ways until nothing moves; the first failure stops it.
    pub fn run(&mut self) -> Result<(), (Side, TlsError)> {
        for _ in 0..100 {
            let a = transfer(&mut self.client, &mut self.server).map_err(|e| (Side::Server, e))?;
            let b = transfer(&mut self.server, &mut self.client).map_err(|e| (Side::Client, e))?;
            if a == 0 && b == 0 {
                return Ok(());
            }
        }
        panic!("pair never went quiet");
    }

    /// Like [`Self::run`], then after a failure also delivers the failing side's alert.
    pub fn run_to_failure(&mut self) -> (Side, TlsError) {
        let (side, err) = self.run().expect_err("the handshake should fail");
        let (from, to) = match side {
            Side::Client => (&mut self.client, &mut self.server),
            Side::Server => (&mut self.server, &mut self.client),
        };
        let _ = transfer(from, to);
        (side, err)
    }

    /// Runs the handshake, panicking with the failure.
    pub fn handshake(&mut self) {
        if let Err((side, err)) = self.run() {
            panic!("{side:?} failed: {err}");
        }
        assert!(!self.client.is_handshaking());
        assert!(!self.server.is_handshaking());
    }
}

/// A strict client and the ECDSA server, handshake done.
pub fn handshaked_pair() -> Pair {
    let mut pair = Pair::new(
        &client(&strict_client_options()),
        &server("server-ec"),
        LOCALHOST,
    );
    pair.handshake();
    pair
}

/// Everything `session` has to write now.
pub fn drain_tls(session: &mut Session) -> Vec<u8> {
    let mut bytes = Vec::new();
    while session.wants_write() {
        if session.write_tls(&mut bytes).expect("write to a Vec") == 0 {
            break;
        }
    }
    bytes
}

/// Writes `from`'s TLS bytes into `to` and processes them; returns the byte count.
pub fn transfer(from: &mut Session, to: &mut Session) -> Result<usize, TlsError> {
    let mut bytes = Vec::new();
    while from.wants_write() {
        if from.write_tls(&mut bytes).expect("write to a Vec") == 0 {
            break;
        }
    }
    feed(to, &bytes)?;
    Ok(bytes.len())
}

/// Feeds raw bytes to a session, processing after each read.
pub fn feed(to: &mut Session, mut bytes: &[u8]) -> Result<(), TlsError> {
    while !bytes.is_empty() {
        match to.read_tls(&mut bytes) {
            Ok(0) => break,
            Ok(_) => to.process()?,
            Err(e) => return Err(TlsError::new(jsre_tls::ErrorKind::Protocol, e.to_string())),
        }
    }
    Ok(())
}

/// Reads all plaintext that is ready.
pub fn read_all(session: &mut Session) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(ReadResult::Data(n)) = session.read_plaintext(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    out
}

/// Sends `data` one way and back again through a handshaken pair, in 8 KiB pieces: rustls
/// refuses more TLS input while 16 KiB of received plaintext wait to be read.
pub fn echo(pair: &mut Pair, data: &[u8]) {
    let mut got = Vec::new();
    for chunk in data.chunks(8192) {
        assert_eq!(
            pair.client.write_plaintext(chunk).expect("client write"),
            chunk.len()
        );
        pair.run().expect("deliver");
        got.extend(read_all(&mut pair.server));
    }
    assert_eq!(got, data);
    let mut back = Vec::new();
    for chunk in got.chunks(8192) {
        assert_eq!(
            pair.server.write_plaintext(chunk).expect("server write"),
            chunk.len()
        );
        pair.run().expect("deliver back");
        back.extend(read_all(&mut pair.client));
    }
    assert_eq!(back, data);
}

/// The CN part of the peer certificate's subject as the client sees it.
pub fn peer_subject(session: &Session) -> String {
    session
        .peer_certificate()
        .expect("peer certificate")
        .subject
}
