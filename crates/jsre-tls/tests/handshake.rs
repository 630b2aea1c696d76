//! In-memory client/server sessions: echo, versions, ALPN, resumption, close, pending.

mod common;

use common::*;
use jsre_tls::{ClientContext, ErrorKind, ReadResult, ServerContext, TlsVersion};

fn echo_at(version: TlsVersion, server_base: &str) {
    let server = ServerContext::with_versions(&server_options(server_base), &[version])
        .expect("server context");
    let client =
        ClientContext::with_versions(&strict_client_options(), &[version]).expect("client context");
    let mut pair = Pair::new(&client, &server, LOCALHOST);
    pair.handshake();
    let expected = match version {
        TlsVersion::Tls12 => "TLSv1.2",
        TlsVersion::Tls13 => "TLSv1.3",
    };
    assert_eq!(pair.client.protocol_version(), Some(expected));
    assert_eq!(pair.server.protocol_version(), Some(expected));
    assert!(
        pair.client
            .cipher_suite()
            .is_some_and(|s| s.starts_with("TLS"))
    );
    // Between two jsre ends, TLS 1.3 takes the post-quantum hybrid (offered first);
    // TLS 1.2 has no hybrid and takes X25519.
    let group = match version {
        TlsVersion::Tls12 => "X25519",
        TlsVersion::Tls13 => "X25519MLKEM768",
    };
    assert_eq!(pair.client.key_exchange_group().as_deref(), Some(group));
    assert_eq!(pair.server.key_exchange_group().as_deref(), Some(group));
    assert!(pair.client.authorized());
    assert_eq!(pair.client.authorization_error(), None);
    assert_eq!(pair.server.sni().as_deref(), Some("localhost"));
    echo(&mut pair, b"Hello Packet!");
    echo(&mut pair, &vec![7u8; 100_000]);
}

#[test]
fn echo_tls13_ecdsa() {
    echo_at(TlsVersion::Tls13, "server-ec");
}

#[test]
fn echo_tls12_ecdsa() {
    echo_at(TlsVersion::Tls12, "server-ec");
}

#[test]
fn echo_tls13_rsa() {
    echo_at(TlsVersion::Tls13, "server-rsa");
}

#[test]
fn echo_tls12_rsa() {
    echo_at(TlsVersion::Tls12, "server-rsa");
}

#[test]
fn other_key_types_handshake() {
    for base in ["server-p384", "server-ed25519"] {
        let mut pair = Pair::new(&client(&strict_client_options()), &server(base), LOCALHOST);
        pair.handshake();
        echo(&mut pair, base.as_bytes());
    }
}

#[test]
fn combined_pem_needs_only_cert() {
    let options = jsre_tls::ServerOptions {
        cert: cert("server-combined.pem"),
        ..Default::default()
    };
    let server = ServerContext::new(&options).expect("key inside cert");
    let mut pair = Pair::new(&client(&strict_client_options()), &server, LOCALHOST);
    pair.handshake();
    echo(&mut pair, b"combined");
}

#[test]
fn version_mismatch_is_refused() {
    let server = ServerContext::with_versions(&server_options("server-ec"), &[TlsVersion::Tls13])
        .expect("server context");
    let client = ClientContext::with_versions(&strict_client_options(), &[TlsVersion::Tls12])
        .expect("client context");
    let mut pair = Pair::new(&client, &server, LOCALHOST);
    let (side, err) = pair.run_to_failure();
    assert_eq!(side, Side::Server);
    assert_eq!(err.kind(), ErrorKind::Protocol);
    assert_eq!(err.message(), "protocol version refused");
    let err = pair.client.process().expect_err("client saw the alert");
    assert_eq!(err.message(), "protocol version refused");
}

#[test]
fn alpn_is_negotiated() {
    let mut server_opts = server_options("server-ec");
    server_opts.alpn = vec![b"http/1.1".to_vec()];
    let server = ServerContext::new(&server_opts).expect("server");
    let mut client_opts = strict_client_options();
    client_opts.alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let mut pair = Pair::new(&client(&client_opts), &server, LOCALHOST);
    pair.handshake();
    assert_eq!(
        pair.client.alpn_protocol().as_deref(),
        Some(&b"http/1.1"[..])
    );
    assert_eq!(
        pair.server.alpn_protocol().as_deref(),
        Some(&b"http/1.1"[..])
    );
}

#[test]
fn sessions_resume_with_one_client_context() {
    for version in [TlsVersion::Tls13, TlsVersion::Tls12] {
        let server =
            ServerContext::with_versions(&server_options("server-ec"), &[version]).expect("server");
        let client =
            ClientContext::with_versions(&strict_client_options(), &[version]).expect("client");
        let mut first = Pair::new(&client, &server, LOCALHOST);
        first.handshake();
        echo(&mut first, b"first");
        assert!(!first.client.resumed());
        let mut second = Pair::new(&client, &server, LOCALHOST);
        second.handshake();
        assert!(second.client.resumed(), "{version:?} did not resume");
        assert!(second.client.authorized(), "verdict on a resumed session");
        echo(&mut second, b"second");
    }
}

#[test]
fn shared_client_contexts_are_reused() {
    let options = strict_client_options();
    let a = ClientContext::shared(&options).expect("a");
    let b = ClientContext::shared(&options).expect("b");
    assert!(std::sync::Arc::ptr_eq(&a, &b));
}

#[test]
fn close_notify_is_eof() {
    let mut pair = Pair::new(
        &client(&strict_client_options()),
        &server("server-ec"),
        LOCALHOST,
    );
    pair.handshake();
    pair.client.write_plaintext(b"last words").expect("write");
    pair.client.send_close_notify();
    pair.run().expect("deliver");
    assert_eq!(read_all(&mut pair.server), b"last words");
    let mut buf = [0u8; 16];
    assert_eq!(pair.server.read_plaintext(&mut buf), Ok(ReadResult::Eof));
    assert!(pair.server.received_close_notify());
}

#[test]
fn transport_eof_without_close_notify_is_an_error() {
    let mut pair = Pair::new(
        &client(&strict_client_options()),
        &server("server-ec"),
        LOCALHOST,
    );
    pair.handshake();
    assert_eq!(pair.server.read_tls(&mut &b""[..]).expect("eof"), 0);
    pair.server.process().expect("process after eof");
    let mut buf = [0u8; 16];
    let err = pair
        .server
        .read_plaintext(&mut buf)
        .expect_err("unclean eof");
    assert_eq!(err.kind(), ErrorKind::Closed);
    assert!(!pair.server.received_close_notify());
}

#[test]
fn pending_counts_buffered_plaintext() {
    let mut pair = Pair::new(
        &client(&strict_client_options()),
        &server("server-ec"),
        LOCALHOST,
    );
    pair.handshake();
    assert_eq!(pair.client.pending(), 0);
    pair.server.write_plaintext(&[1u8; 100]).expect("write");
    pair.run().expect("deliver");
    assert_eq!(pair.client.pending(), 100);
    let mut buf = [0u8; 40];
    assert_eq!(
        pair.client.read_plaintext(&mut buf),
        Ok(ReadResult::Data(40))
    );
    assert_eq!(pair.client.pending(), 60);
    assert_eq!(read_all(&mut pair.client).len(), 60);
    assert_eq!(pair.client.pending(), 0);
    assert_eq!(
        pair.client.read_plaintext(&mut buf),
        Ok(ReadResult::WouldBlock)
    );
}

#[test]
fn plaintext_written_before_the_handshake_arrives() {
    let mut pair = Pair::new(
        &client(&strict_client_options()),
        &server("server-ec"),
        LOCALHOST,
    );
    assert_eq!(
        pair.server
            .write_plaintext(b"early server")
            .expect("server"),
        12
    );
    assert_eq!(
        pair.client
            .write_plaintext(b"early client")
            .expect("client"),
        12
    );
    pair.handshake();
    pair.run().expect("deliver");
    assert_eq!(read_all(&mut pair.server), b"early client");
    assert_eq!(read_all(&mut pair.client), b"early server");
}

#[test]
fn handshake_timeouts_are_clamped() {
    let mut options = server_options("server-ec");
    options.handshake_timeout_ms = 500;
    let server = ServerContext::new(&options).expect("server");
    assert_eq!(server.handshake_timeout().as_millis(), 2000);
    let mut options = strict_client_options();
    options.handshake_timeout_ms = 1_000_000;
    assert_eq!(client(&options).handshake_timeout().as_millis(), 120_000);
    assert_eq!(
        client(&strict_client_options())
            .handshake_timeout()
            .as_millis(),
        60_000
    );
}

#[test]
fn peer_certificate_details() {
    let mut pair = Pair::new(
        &client(&strict_client_options()),
        &server("server-ec"),
        LOCALHOST,
    );
    pair.handshake();
    let info = pair.client.peer_certificate().expect("server certificate");
    assert_eq!(info.subject, "CN=localhost,O=jsre test");
    assert_eq!(info.issuer, "CN=jsre test CA,O=jsre test");
    assert_eq!(
        info.subject_alt_names,
        ["DNS:localhost", "IP Address:127.0.0.1", "IP Address:::1"]
    );
    assert!(info.not_before < info.not_after);
    assert_eq!(info.fingerprint_sha256.len(), 95);
    assert_eq!(pair.client.peer_certificate_chain().len(), 1);
    assert!(pair.server.peer_certificate().is_none());
    assert!(!pair.server.authorized());
}

#[test]
fn registry_is_process_wide() {
    let ctx = server("server-ec");
    jsre_tls::register_server("handshake-test-server", ctx.clone());
    let found = std::thread::spawn(|| jsre_tls::lookup_server("handshake-test-server"))
        .join()
        .expect("thread");
    assert!(found.is_some_and(|found| std::sync::Arc::ptr_eq(&found, &ctx)));
    assert!(jsre_tls::lookup_server("no-such-server").is_none());
    assert!(jsre_tls::unregister_server("handshake-test-server").is_some());
}

#[test]
fn contexts_and_sessions_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<jsre_tls::ServerContext>();
    send_sync::<jsre_tls::ClientContext>();
    send::<jsre_tls::Session>();
    send_sync::<jsre_tls::TlsError>();
}
