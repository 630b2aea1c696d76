//! Which certificate a server presents: SNI, ipcert, addcert replacement; mutual TLS.

mod common;

use std::net::{IpAddr, Ipv6Addr};

use common::*;
use jsre_tls::{ClientOptions, ErrorKind, ServerContext};

fn sni_server() -> std::sync::Arc<ServerContext> {
    let server = server("server-ec");
    for (name, base) in [
        ("a.test", "sni-a"),
        ("B.Test", "sni-b"),
        ("*.wild.test", "sni-a"),
    ] {
        server
            .add_cert(
                name,
                &cert(&format!("{base}.pem")),
                Some(&cert(&format!("{base}.key"))),
                None,
                None,
            )
            .expect("addcert");
    }
    server
}

fn client_for(name: &str) -> ClientOptions {
    ClientOptions {
        server: Some(name.into()),
        ..strict_client_options()
    }
}

#[test]
fn sni_picks_the_added_certificate() {
    let server = sni_server();
    for (name, subject) in [
        ("a.test", "CN=a.test,O=jsre test"),
        ("b.test", "CN=b.test,O=jsre test"),
        ("localhost", "CN=localhost,O=jsre test"),
    ] {
        let mut pair = Pair::new(&client(&client_for(name)), &server, LOCALHOST);
        pair.handshake();
        assert_eq!(peer_subject(&pair.client), subject, "{name}");
        assert_eq!(pair.server.sni().as_deref(), Some(name));
        echo(&mut pair, name.as_bytes());
    }
}

#[test]
fn unknown_sni_falls_back_to_the_server_certificate() {
    let options = ClientOptions {
        reject_unauthorized: false,
        ..client_for("c.test")
    };
    let mut pair = Pair::new(&client(&options), &sni_server(), LOCALHOST);
    pair.handshake();
    assert_eq!(peer_subject(&pair.client), "CN=localhost,O=jsre test");
    assert_eq!(
        pair.client.authorization_error().as_deref(),
        Some("certificate verify failed: name mismatch")
    );
}

#[test]
fn wildcard_names_match_one_label() {
    let options = ClientOptions {
        reject_unauthorized: false,
        ..client_for("x.wild.test")
    };
    let mut pair = Pair::new(&client(&options), &sni_server(), LOCALHOST);
    pair.handshake();
    assert_eq!(peer_subject(&pair.client), "CN=a.test,O=jsre test");
}

fn ipcert_server(ipcert: bool) -> std::sync::Arc<ServerContext> {
    let mut options = server_options("server-ec");
    options.ipcert = ipcert;
    let server = ServerContext::new(&options).expect("server");
    server
        .add_cert(
            "127.0.0.1",
            &cert("ip4-loopback.pem"),
            Some(&cert("ip4-loopback.key")),
            None,
            None,
        )
        .expect("ip4");
    server
        .add_cert(
            "::1",
            &cert("ip6-loopback.pem"),
            Some(&cert("ip6-loopback.key")),
            None,
            None,
        )
        .expect("ip6");
    server
}

#[test]
fn ipcert_picks_by_local_address_without_sni() {
    let server = ipcert_server(true);
    let no_sni = ClientOptions {
        server: None,
        ..strict_client_options()
    };
    let ip6 = IpAddr::V6(Ipv6Addr::LOCALHOST);
    for (ip, subject) in [
        (LOCALHOST, "CN=ip-127.0.0.1,O=jsre test"),
        (ip6, "CN=ip-::1,O=jsre test"),
    ] {
        let mut pair = Pair::new(&client(&no_sni), &server, ip);
        pair.handshake();
        assert_eq!(peer_subject(&pair.client), subject);
        assert_eq!(pair.server.sni(), None, "no SNI for an IP server name");
        assert!(pair.client.authorized(), "IP SAN verified");
    }
    // An address without an added certificate gets the server's own.
    let other: IpAddr = "192.0.2.1".parse().expect("ip");
    let mut pair = Pair::new(
        &client(&ClientOptions {
            reject_unauthorized: false,
            ..no_sni.clone()
        }),
        &server,
        other,
    );
    pair.handshake();
    assert_eq!(peer_subject(&pair.client), "CN=localhost,O=jsre test");
    // With SNI, the SNI decides (no match: the server's own certificate).
    let mut pair = Pair::new(&client(&strict_client_options()), &server, LOCALHOST);
    pair.handshake();
    assert_eq!(peer_subject(&pair.client), "CN=localhost,O=jsre test");
}

#[test]
fn without_ipcert_the_local_address_does_not_count() {
    let no_sni = ClientOptions {
        server: None,
        ..strict_client_options()
    };
    let mut pair = Pair::new(&client(&no_sni), &ipcert_server(false), LOCALHOST);
    pair.handshake();
    assert_eq!(peer_subject(&pair.client), "CN=localhost,O=jsre test");
}

#[test]
fn addcert_replacement_is_seen_by_new_handshakes() {
    let server = server("server-ec");
    let options = ClientOptions {
        reject_unauthorized: false,
        ..client_for("a.test")
    };
    let add = |base: &str| {
        server
            .add_cert(
                "a.test",
                &cert(&format!("{base}.pem")),
                Some(&cert(&format!("{base}.key"))),
                None,
                None,
            )
            .expect("addcert");
    };
    add("sni-a");
    let mut before = Pair::new(&client(&options), &server, LOCALHOST);
    before.handshake();
    assert_eq!(peer_subject(&before.client), "CN=a.test,O=jsre test");
    // Replaced from another thread, through the Arc.
    let shared = server.clone();
    std::thread::spawn(move || {
        shared
            .add_cert(
                "a.test",
                &cert("sni-b.pem"),
                Some(&cert("sni-b.key")),
                None,
                None,
            )
            .expect("replace");
    })
    .join()
    .expect("thread");
    let mut after = Pair::new(&client(&options), &server, LOCALHOST);
    after.handshake();
    assert_eq!(peer_subject(&after.client), "CN=b.test,O=jsre test");
    // The connection made before keeps working.
    echo(&mut before, b"still here");
    assert!(server.remove_cert("A.TEST"));
}

#[test]
fn addcert_errors() {
    let server = server("server-ec");
    let err = server
        .add_cert(
            "a.test",
            &cert("sni-a.pem"),
            Some(&cert("sni-b.key")),
            None,
            None,
        )
        .expect_err("mismatch");
    assert_eq!(err.kind(), ErrorKind::KeyMismatch);
    let err = server
        .add_cert("", &cert("sni-a.pem"), Some(&cert("sni-a.key")), None, None)
        .expect_err("empty name");
    assert_eq!(err.kind(), ErrorKind::BadInput);
    let err = server
        .add_cert("a.test", &cert("sni-a.pem"), None, None, None)
        .expect_err("no key");
    assert_eq!(err.kind(), ErrorKind::BadInput);
}

fn mtls_server() -> std::sync::Arc<ServerContext> {
    let mut options = server_options("server-ec");
    options.ca = Some(cert("ca.pem"));
    let server = ServerContext::new(&options).expect("server");
    assert!(server.requires_client_cert());
    server
}

#[test]
fn mutual_tls_accepts_a_client_certificate() {
    let options = ClientOptions {
        cert: Some(cert("client.pem")),
        key: Some(cert("client.key")),
        ..strict_client_options()
    };
    let mut pair = Pair::new(&client(&options), &mtls_server(), LOCALHOST);
    pair.handshake();
    assert!(pair.server.authorized());
    assert_eq!(
        peer_subject(&pair.server),
        "CN=jsre test client,O=jsre test"
    );
    echo(&mut pair, b"mutual");
}

#[test]
fn mutual_tls_rejects_a_client_without_certificate() {
    let mut pair = Pair::new(&client(&strict_client_options()), &mtls_server(), LOCALHOST);
    let (side, err) = pair.run_to_failure();
    assert_eq!(side, Side::Server);
    assert_eq!(err.kind(), ErrorKind::CertVerify);
    assert_eq!(
        err.message(),
        "certificate verify failed: peer sent no certificate"
    );
    let err = pair.client.process().expect_err("the client got the alert");
    assert_eq!(err.message(), "alert received: certificate_required");
}

#[test]
fn mutual_tls_rejects_a_client_certificate_from_another_issuer() {
    let options = ClientOptions {
        cert: Some(cert("self-signed.pem")),
        key: Some(cert("self-signed.key")),
        ..strict_client_options()
    };
    let mut pair = Pair::new(&client(&options), &mtls_server(), LOCALHOST);
    let (side, err) = pair.run_to_failure();
    assert_eq!(side, Side::Server);
    assert_eq!(err.kind(), ErrorKind::CertVerify);
    assert_eq!(
        err.message(),
        "certificate verify failed: CA certificate used as end entity"
    );
}

#[test]
fn mutual_tls_rejects_an_expired_client_certificate() {
    let options = ClientOptions {
        cert: Some(cert("expired.pem")),
        key: Some(cert("expired.key")),
        ..strict_client_options()
    };
    let mut pair = Pair::new(&client(&options), &mtls_server(), LOCALHOST);
    let (side, err) = pair.run_to_failure();
    assert_eq!(side, Side::Server);
    assert_eq!(err.message(), "certificate verify failed: expired");
}

#[test]
fn addcert_ca_requires_client_certificates_for_that_name() {
    let server = server("server-ec");
    server
        .add_cert(
            "a.test",
            &cert("sni-a.pem"),
            Some(&cert("sni-a.key")),
            None,
            Some(&cert("ca.pem")),
        )
        .expect("addcert with ca");
    let to_a = ClientOptions {
        server: Some("a.test".into()),
        ..strict_client_options()
    };
    let mut pair = Pair::new(&client(&to_a), &server, LOCALHOST);
    let (_, err) = pair.run_to_failure();
    assert_eq!(
        err.message(),
        "certificate verify failed: peer sent no certificate"
    );
    // The server's own certificate still needs none.
    let mut pair = Pair::new(&client(&strict_client_options()), &server, LOCALHOST);
    pair.handshake();
}
