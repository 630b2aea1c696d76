//! Garbage from the peer gives errors, never panics.

mod common;

use common::*;
use jsre_tls::{ErrorKind, ReadResult};

/// A small deterministic generator, so failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn plain_http_to_a_server_is_a_protocol_error() {
    let server = server("server-ec");
    let mut session = server.new_session(Some(LOCALHOST));
    let err =
        feed(&mut session, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").expect_err("garbage");
    assert_eq!(err.kind(), ErrorKind::Protocol);
    // The error sticks, an alert goes out, and nothing panics afterwards.
    assert_eq!(session.process().expect_err("sticky"), err);
    assert!(session.wants_write());
    let mut out = Vec::new();
    while session.wants_write() {
        session.write_tls(&mut out).expect("alert");
    }
    assert!(!out.is_empty());
    assert!(!session.is_handshaking());
    let mut buf = [0u8; 8];
    assert!(session.read_plaintext(&mut buf).is_err());
    assert!(session.write_plaintext(b"x").is_err());
    assert!(session.read_tls(&mut &b"more"[..]).is_err());
    session.send_close_notify();
}

#[test]
fn random_bytes_never_panic_either_side() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let server = server("server-ec");
    let client = client(&strict_client_options());
    for round in 0..300 {
        let len = (rng.next() % 2000) as usize;
        let mut junk = rng.bytes(len);
        // Sometimes look like a TLS handshake record, to get past the first checks.
        if round % 3 == 0 && junk.len() > 5 {
            junk[..3].copy_from_slice(&[0x16, 0x03, 0x01]);
        }
        let mut s = server.new_session(Some(LOCALHOST));
        let _ = feed(&mut s, &junk);
        let mut c = client.new_session(LOCALHOST).expect("client");
        let _ = feed(&mut c, &junk);
        for session in [&mut s, &mut c] {
            let mut buf = [0u8; 64];
            let _ = session.read_plaintext(&mut buf);
            while session.wants_write() {
                if session.write_tls(&mut Vec::new()).unwrap_or(0) == 0 {
                    break;
                }
            }
        }
    }
}

#[test]
fn corrupted_records_after_the_handshake_are_errors() {
    let mut pair = Pair::new(
        &client(&strict_client_options()),
        &server("server-ec"),
        LOCALHOST,
    );
    pair.handshake();
    pair.client.write_plaintext(b"secret").expect("write");
    let mut record = Vec::new();
    while pair.client.wants_write() {
        pair.client.write_tls(&mut record).expect("to vec");
    }
    let last = record.len() - 1;
    record[last] ^= 0xff;
    let err = feed(&mut pair.server, &record).expect_err("bad mac");
    assert_eq!(err.kind(), ErrorKind::Protocol);
    let mut buf = [0u8; 8];
    assert_eq!(pair.server.read_plaintext(&mut buf), Err(err.clone()));
    assert_eq!(pair.server.process(), Err(err));
    // The client gets the server's alert.
    let err = transfer(&mut pair.server, &mut pair.client).expect_err("alert");
    assert_eq!(err.kind(), ErrorKind::Protocol);
    assert_ne!(pair.client.read_plaintext(&mut buf), Ok(ReadResult::Eof));
}

/// A minimal TLS 1.0 ClientHello: no extensions, one cipher suite.
fn tls10_client_hello() -> Vec<u8> {
    let mut body = vec![0x03, 0x01];
    body.extend_from_slice(&[0x42; 32]); // random
    body.push(0); // session id
    body.extend_from_slice(&[0x00, 0x02, 0x00, 0x2f]); // TLS_RSA_WITH_AES_128_CBC_SHA
    body.extend_from_slice(&[0x01, 0x00]); // null compression
    let mut handshake = vec![0x01, 0x00, 0x00, body.len() as u8];
    handshake.extend(body);
    let mut record = vec![0x16, 0x03, 0x01, 0x00, handshake.len() as u8];
    record.extend(handshake);
    record
}

#[test]
fn old_protocol_versions_are_refused_by_name() {
    let server = server("server-ec");
    let mut session = server.new_session(Some(LOCALHOST));
    let err = feed(&mut session, &tls10_client_hello()).expect_err("tls 1.0");
    assert_eq!(err.kind(), ErrorKind::Protocol);
    assert_eq!(err.message(), "protocol version refused");
    let mut alert = Vec::new();
    while session.wants_write() {
        session.write_tls(&mut alert).expect("alert");
    }
    assert_eq!(
        alert,
        [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 70],
        "fatal protocol_version"
    );
}
