//! `Session::feed`, the path the runtime uses: TLS bytes handed over in pieces of any size
//! are decrypted where they lie, and what a piece leaves unfinished (a partial record, a
//! handshake message still arriving) waits in the session for the next piece.

mod common;

use common::*;
use jsre_tls::{ClientContext, ClientOptions, ServerContext, ServerOptions, Session, TlsVersion};

/// A small deterministic generator, so a failure repeats.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// Moves `from`'s TLS bytes to `to` through `feed`, in pieces of 1 to `max_piece` bytes;
/// returns the byte count.
fn transfer_in_pieces(
    from: &mut Session,
    to: &mut Session,
    rng: &mut Lcg,
    max_piece: u64,
) -> usize {
    let bytes = drain_tls(from);
    let mut at = 0;
    while at < bytes.len() {
        let piece = ((rng.next() % max_piece) as usize + 1).min(bytes.len() - at);
        let mut chunk = bytes[at..at + piece].to_vec();
        let taken = to.feed(&mut chunk).expect("feed");
        assert_eq!(
            taken, piece,
            "a session that wants to read takes a whole piece"
        );
        at += piece;
        // Read what is ready, as the runtime does, so the session wants more.
        let mut buf = vec![0u8; 70_000];
        while to.pending() > 0 {
            let jsre_tls::ReadResult::Data(n) = to.read_plaintext(&mut buf).expect("read") else {
                break;
            };
            RECEIVED.with_borrow_mut(|r| r.extend_from_slice(&buf[..n]));
        }
    }
    bytes.len()
}

thread_local! {
    static RECEIVED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn take_received() -> Vec<u8> {
    RECEIVED.with_borrow_mut(std::mem::take)
}

fn mutual_options() -> (ServerOptions, ClientOptions) {
    let server = ServerOptions {
        ca: Some(cert("ca.pem")),
        ..server_options("server-rsa")
    };
    let client = ClientOptions {
        cert: Some(cert("client.pem")),
        key: Some(cert("client.key")),
        ..strict_client_options()
    };
    (server, client)
}

fn pieces_at(version: TlsVersion, seed: u64, max_piece: u64) {
    let (server_options, client_options) = mutual_options();
    let server = ServerContext::with_versions(&server_options, &[version]).expect("server");
    let client = ClientContext::with_versions(&client_options, &[version]).expect("client");
    let mut c = client.new_session(LOCALHOST).expect("client session");
    let mut s = server.new_session(Some(LOCALHOST));
    let mut rng = Lcg(seed);
    for _ in 0..50 {
        let a = transfer_in_pieces(&mut c, &mut s, &mut rng, max_piece);
        let b = transfer_in_pieces(&mut s, &mut c, &mut rng, max_piece);
        if a == 0 && b == 0 {
            break;
        }
    }
    assert!(!c.is_handshaking() && !s.is_handshaking(), "handshake done");
    assert!(s.authorized(), "the client certificate verified");
    assert!(c.authorized());
    take_received();

    // 300 KB each way, in writes of odd sizes.
    let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 + i / 251) as u8).collect();
    let mut send_all = |from: &mut Session, to: &mut Session, write_size: usize| {
        for chunk in data.chunks(write_size) {
            let mut sent = 0;
            while sent < chunk.len() {
                sent += from.write_plaintext(&chunk[sent..]).expect("write");
                transfer_in_pieces(from, to, &mut rng, max_piece);
            }
        }
    };
    send_all(&mut c, &mut s, 9_973);
    assert_eq!(take_received(), data, "client to server, byte for byte");
    send_all(&mut s, &mut c, 17_000);
    assert_eq!(take_received(), data, "server to client, byte for byte");

    c.send_close_notify();
    transfer_in_pieces(&mut c, &mut s, &mut rng, max_piece);
    let mut buf = [0u8; 16];
    assert_eq!(s.read_plaintext(&mut buf), Ok(jsre_tls::ReadResult::Eof));
}

#[test]
fn tls13_in_pieces_of_every_size() {
    for (seed, max_piece) in [(1, 1), (2, 7), (3, 300), (4, 5000), (5, 70_000)] {
        pieces_at(TlsVersion::Tls13, seed, max_piece);
    }
}

#[test]
fn tls12_in_pieces_of_every_size() {
    for (seed, max_piece) in [(11, 1), (12, 7), (13, 300), (14, 5000), (15, 70_000)] {
        pieces_at(TlsVersion::Tls12, seed, max_piece);
    }
}

#[test]
fn a_session_that_does_not_want_to_read_takes_nothing() {
    let mut pair = handshaked_pair();
    pair.client.write_plaintext(b"first").expect("write");
    let bytes = drain_tls(&mut pair.client);
    assert_eq!(
        pair.server.feed(&mut bytes.clone()).expect("feed"),
        bytes.len()
    );
    assert_eq!(pair.server.pending(), 5);
    assert!(
        !pair.server.wants_read(),
        "unread plaintext holds reading back"
    );
    pair.client.write_plaintext(b"second").expect("write");
    let mut more = drain_tls(&mut pair.client);
    assert_eq!(pair.server.feed(&mut more.clone()).expect("feed"), 0);
    let mut buf = [0u8; 16];
    assert_eq!(
        pair.server.read_plaintext(&mut buf),
        Ok(jsre_tls::ReadResult::Data(5))
    );
    assert_eq!(pair.server.feed(&mut more).expect("feed"), more.len());
    assert_eq!(read_all(&mut pair.server), b"second");
}

#[test]
fn feed_into_fills_the_readers_buffer_first_then_the_session() {
    let mut pair = handshaked_pair();
    let data: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(
        pair.client.write_plaintext(&data).expect("write"),
        data.len()
    );
    let mut bytes = drain_tls(&mut pair.client);
    // The first piece ends inside a record; the reader's buffer takes 10 000 bytes.
    let mut out = vec![0u8; 10_000];
    let (first, second) = bytes.split_at_mut(20_000);
    let (taken, written) = pair.server.feed_into(first, &mut out).expect("feed");
    assert_eq!((taken, written), (20_000, 10_000));
    assert_eq!(out, data[..10_000]);
    let queued = pair.server.pending();
    assert!(
        queued > 0,
        "the rest of the first record waits in the session"
    );
    let mut got = data[..10_000].to_vec();
    got.extend(read_all(&mut pair.server));
    // With nothing queued, the next piece's plaintext goes to the reader's buffer again.
    let mut out = vec![0u8; 64 * 1024];
    let (taken, written) = pair.server.feed_into(second, &mut out).expect("feed");
    assert_eq!(taken, second.len());
    assert_eq!(pair.server.pending(), 0);
    got.extend_from_slice(&out[..written]);
    assert_eq!(got, data);
}

/// Plaintext TLS 1.2 handshake records (the client's flight is not encrypted) carrying
/// `payload`, `per_record` bytes each.
fn handshake_records(payload: &[u8], per_record: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for piece in payload.chunks(per_record) {
        out.extend_from_slice(&[0x16, 0x03, 0x03]);
        out.extend_from_slice(&(piece.len() as u16).to_be_bytes());
        out.extend_from_slice(piece);
    }
    out
}

#[test]
fn a_handshake_message_that_never_completes_is_refused_not_waited_on() {
    let server = ServerContext::with_versions(&server_options("server-ec"), &[TlsVersion::Tls12])
        .expect("server");
    let client = ClientContext::with_versions(&strict_client_options(), &[TlsVersion::Tls12])
        .expect("client");
    let mut c = client.new_session(LOCALHOST).expect("client session");
    let mut s = server.new_session(Some(LOCALHOST));
    transfer(&mut c, &mut s).expect("ClientHello");
    assert!(s.wants_write(), "the server's flight is ready");
    // A Certificate message declaring 65535 bytes, dribbled out 16 bytes per record
    // (21 bytes on the wire each) and never finished: more wire bytes than any
    // message needs.
    let mut message = vec![0x0b, 0x00, 0xff, 0xff];
    message.resize(65_000, 0x30);
    let mut wire = handshake_records(&message, 16);
    // The first piece is exactly as much as a session may hold unused; the session must
    // still want to read after it (or fail), never just stop.
    let (first, rest) = wire.split_at_mut(64 * 1024 + 18 * 1024);
    let mut failed = s.feed(first).err();
    if failed.is_none() {
        for piece in rest.chunks_mut(4096) {
            assert!(s.wants_read(), "a session short of a failure keeps reading");
            if let Err(e) = s.feed(piece) {
                failed = Some(e);
                break;
            }
        }
    }
    let err = failed.expect("refused");
    assert_eq!(err.kind(), jsre_tls::ErrorKind::Protocol);
    assert!(err.to_string().contains("too large"), "{err}");
    assert!(!s.wants_read());
}

#[test]
fn a_client_flight_with_much_data_in_one_read_is_taken_whole() {
    let server = server("server-ec");
    let client = client(&strict_client_options());
    let mut c = client.new_session(LOCALHOST).expect("client session");
    let mut s = server.new_session(Some(LOCALHOST));
    // Plaintext written before the handshake leaves right behind the client's Finished,
    // and more written once the client is done.
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 253) as u8).collect();
    assert_eq!(c.write_plaintext(&data[..60_000]).expect("early"), 60_000);
    transfer(&mut c, &mut s).expect("ClientHello");
    transfer(&mut s, &mut c).expect("server flight");
    assert!(!c.is_handshaking());
    let mut flight = Vec::new();
    let mut sent = 60_000;
    while sent < data.len() {
        sent += c.write_plaintext(&data[sent..]).expect("more");
        flight.extend(drain_tls(&mut c));
    }
    assert!(
        flight.len() > 64 * 1024 + 18 * 1024,
        "more than the held-bytes limit"
    );
    // The first piece ends inside the first record, so the server holds a partial record
    // while it is still handshaking; the second piece is all the rest, in one read.
    let (first, rest) = flight.split_at_mut(10);
    assert_eq!(s.feed(first).expect("first piece"), 10);
    assert!(s.is_handshaking());
    assert_eq!(s.feed(rest).expect("one large read"), rest.len());
    assert!(!s.is_handshaking());
    assert_eq!(read_all(&mut s), data);
}

#[test]
fn plaintext_given_before_a_failure_is_still_read_before_it() {
    let mut pair = handshaked_pair();
    pair.client.write_plaintext(b"kept").expect("write");
    let mut bytes = drain_tls(&mut pair.client);
    let good = bytes.len();
    pair.client.write_plaintext(b"broken").expect("write");
    bytes.extend(drain_tls(&mut pair.client));
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    assert!(bytes.len() > good);
    let mut out = [0u8; 64];
    let err = pair
        .server
        .feed_into(&mut bytes, &mut out)
        .expect_err("bad record");
    let mut buf = [0u8; 64];
    assert_eq!(
        pair.server.read_plaintext(&mut buf),
        Ok(jsre_tls::ReadResult::Data(4))
    );
    assert_eq!(&buf[..4], b"kept");
    assert_eq!(pair.server.read_plaintext(&mut buf), Err(err));
}

/// Bytes from `from` to `to` through `feed`, in random pieces, with one change of the
/// kind `mutation` picks (a flipped byte, a cut, a stray record header); errors are the
/// point here, panics are not. Returns the byte count and whether `to` failed.
fn transfer_mutated(
    from: &mut Session,
    to: &mut Session,
    rng: &mut Lcg,
    mutation: u64,
) -> (usize, bool) {
    let mut bytes = drain_tls(from);
    if !bytes.is_empty() {
        let at = (rng.next() as usize) % bytes.len();
        match mutation % 4 {
            0 => bytes[at] ^= 1 << (rng.next() % 8),
            1 => bytes.truncate(at),
            2 => {
                let header = [
                    0x16,
                    0x03,
                    0x03,
                    (rng.next() % 0x50) as u8,
                    rng.next() as u8,
                ];
                bytes.splice(at..at, header);
            }
            _ => {}
        }
    }
    let mut at = 0;
    while at < bytes.len() {
        let piece = ((rng.next() % 3000) as usize + 1).min(bytes.len() - at);
        let mut chunk = bytes[at..at + piece].to_vec();
        at += piece;
        if to.feed(&mut chunk).is_err() {
            return (bytes.len(), true);
        }
        let mut buf = [0u8; 4096];
        while let Ok(jsre_tls::ReadResult::Data(n)) = to.read_plaintext(&mut buf) {
            if n == 0 {
                break;
            }
        }
    }
    (bytes.len(), false)
}

#[test]
fn changed_bytes_in_any_flight_never_panic() {
    let mut failures = 0;
    let (server_options, client_options) = mutual_options();
    let mut rng = Lcg(0xC0FF_EE00);
    for round in 0..240u64 {
        let version = if round % 2 == 0 {
            TlsVersion::Tls12
        } else {
            TlsVersion::Tls13
        };
        let server = ServerContext::with_versions(&server_options, &[version]).expect("server");
        let client = ClientContext::with_versions(&client_options, &[version]).expect("client");
        let mut c = client.new_session(LOCALHOST).expect("client session");
        let mut s = server.new_session(Some(LOCALHOST));
        let _ = c.write_plaintext(&[7u8; 20_000]);
        // Which flight is changed, and how.
        let target = rng.next() % 8;
        for step in 0..12u64 {
            let mutation = if step == target { rng.next() } else { 3 };
            let (a, failed_s) = transfer_mutated(&mut c, &mut s, &mut rng, mutation);
            let _ = s.write_plaintext(&[9u8; 3000]);
            let back = if step == target + 1 { rng.next() } else { 3 };
            let (b, failed_c) = transfer_mutated(&mut s, &mut c, &mut rng, back);
            if failed_s || failed_c {
                failures += 1;
                break;
            }
            if a == 0 && b == 0 {
                break;
            }
        }
    }
    // The changes were seen (a flipped bit in a record fails its tag, a cut stalls).
    assert!(failures >= 60, "only {failures} of 240 rounds failed");
}
