//! Server certificate verification as the client sees it.

mod common;

use common::*;
use jsre_tls::{ClientOptions, ErrorKind};

/// Connects `options` to a server with `certs/<base>`; the client's view of the result.
fn connect(options: &ClientOptions, base: &str) -> Result<jsre_tls::Session, jsre_tls::TlsError> {
    let mut pair = Pair::new(&client(options), &server(base), LOCALHOST);
    match pair.run() {
        Ok(()) => Ok(pair.client),
        Err((_, err)) => Err(err),
    }
}

fn lenient(options: ClientOptions) -> ClientOptions {
    ClientOptions {
        reject_unauthorized: false,
        ..options
    }
}

/// Strict: the handshake fails with `message`. Lenient: it succeeds, unauthorized, same message.
fn assert_refused(options: ClientOptions, base: &str, message: &str) {
    let err = connect(&options, base).expect_err("strict client must refuse");
    assert_eq!(err.kind(), ErrorKind::CertVerify, "{base}");
    assert_eq!(err.message(), message, "{base}");
    let session = connect(&lenient(options), base).expect("lenient client goes on");
    assert!(!session.authorized(), "{base}");
    assert_eq!(
        session.authorization_error().as_deref(),
        Some(message),
        "{base}"
    );
}

#[test]
fn trusted_server_is_authorized() {
    let session = connect(&strict_client_options(), "server-ec").expect("trusted");
    assert!(session.authorized());
    // The documented default: no CA at all, rejectUnauthorized false.
    let session = connect(&ClientOptions::default(), "server-ec").expect("default options");
    assert!(!session.authorized());
}

#[test]
fn unknown_issuer() {
    let message = "certificate verify failed: unknown issuer";
    let no_ca = ClientOptions {
        ca: None,
        ..strict_client_options()
    };
    assert_refused(no_ca.clone(), "server-ec", message);
    let other_ca = ClientOptions {
        ca: Some(cert("self-signed.pem")),
        ..strict_client_options()
    };
    assert_refused(other_ca, "server-ec", message);
    let system = ClientOptions {
        load_default_certs: true,
        ..no_ca
    };
    assert_refused(system, "server-rsa", message);
}

#[test]
fn wrong_host() {
    let message = "certificate verify failed: name mismatch";
    assert_refused(strict_client_options(), "wrong-host", message);
    let by_ip = ClientOptions {
        server: None,
        ..strict_client_options()
    };
    assert_refused(by_ip, "wrong-host", message);
    let other_name = ClientOptions {
        server: Some("example.com".into()),
        ..strict_client_options()
    };
    assert_refused(other_name, "server-ec", message);
}

#[test]
fn expired() {
    assert_refused(
        strict_client_options(),
        "expired",
        "certificate verify failed: expired",
    );
}

#[test]
fn self_signed_leaf() {
    // Not trusted: named as self-signed.
    assert_refused(
        strict_client_options(),
        "self-signed",
        "certificate verify failed: self-signed",
    );
    // Given as its own ca: trusted, by name and by IP.
    let own_ca = ClientOptions {
        ca: Some(cert("self-signed.pem")),
        ..strict_client_options()
    };
    let session = connect(&own_ca, "self-signed").expect("own ca");
    assert!(session.authorized());
    let by_ip = ClientOptions {
        server: None,
        ..own_ca.clone()
    };
    assert!(
        connect(&by_ip, "self-signed")
            .expect("own ca by ip")
            .authorized()
    );
    // Its names still count.
    let wrong_name = ClientOptions {
        server: Some("a.test".into()),
        ..own_ca
    };
    assert_refused(
        wrong_name,
        "self-signed",
        "certificate verify failed: name mismatch",
    );
}

#[test]
fn ip_server_option_verifies_the_ip() {
    let options = ClientOptions {
        server: Some("127.0.0.1".into()),
        ..strict_client_options()
    };
    let mut pair = Pair::new(&client(&options), &server("server-ec"), LOCALHOST);
    pair.handshake();
    assert!(pair.client.authorized());
    assert_eq!(pair.server.sni(), None);
}

#[test]
fn bad_client_options_are_bad_input() {
    for options in [
        ClientOptions {
            ca: Some("garbage".into()),
            ..Default::default()
        },
        ClientOptions {
            ca: Some(String::new()),
            ..Default::default()
        },
        ClientOptions {
            server: Some("not a host name!".into()),
            ..Default::default()
        },
        ClientOptions {
            cert: Some(cert("client.pem")),
            ..Default::default()
        },
    ] {
        let err = jsre_tls::ClientContext::new(&options).expect_err("bad options");
        assert_eq!(err.kind(), ErrorKind::BadInput, "{err}");
    }
    let mismatch = ClientOptions {
        cert: Some(cert("client.pem")),
        key: Some(cert("server-ec.key")),
        ..Default::default()
    };
    let err = jsre_tls::ClientContext::new(&mismatch).expect_err("mismatch");
    assert_eq!(err.kind(), ErrorKind::KeyMismatch);
}
