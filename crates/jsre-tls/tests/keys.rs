//! Key loading: formats, encrypted keys, mismatches, garbage.

mod common;

use common::*;
use jsre_tls::{
    ErrorKind, PrivateKeyDer, ServerContext, ServerOptions, load_certs, load_private_key,
};

const DECRYPT_FAILED: &str = "private key does not decrypt with passwd";

fn key(name: &str, passwd: Option<&str>) -> Result<PrivateKeyDer<'static>, jsre_tls::TlsError> {
    load_private_key(&cert(name), passwd)
}

#[test]
fn plain_key_formats_load() {
    for (name, kind) in [
        ("server-ec.key", "pkcs8"),
        ("server-rsa.key", "pkcs8"),
        ("server-p384.key", "pkcs8"),
        ("server-ed25519.key", "pkcs8"),
        ("server-rsa.pkcs1.key", "pkcs1"),
        ("server-ec.sec1.key", "sec1"),
        ("server-combined.pem", "pkcs8"),
    ] {
        let loaded = key(name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = match loaded {
            PrivateKeyDer::Pkcs1(_) => "pkcs1",
            PrivateKeyDer::Sec1(_) => "sec1",
            PrivateKeyDer::Pkcs8(_) => "pkcs8",
            _ => "other",
        };
        assert_eq!(got, kind, "{name}");
    }
}

#[test]
fn encrypted_keys_decrypt_with_the_right_passwd() {
    let pkcs8 = key("server-ec.key", None).expect("plain");
    let sec1 = key("server-ec.sec1.key", None).expect("sec1");
    let pkcs1 = key("server-rsa.pkcs1.key", None).expect("pkcs1");
    for (name, plain) in [
        ("server-ec.p8-aes256.key", &pkcs8),
        ("server-ec.p8-scrypt.key", &pkcs8),
        ("server-ec.legacy-aes128.key", &sec1),
        ("server-ec.legacy-des3.key", &sec1),
        ("server-rsa.legacy-aes256.key", &pkcs1),
    ] {
        let got = key(name, Some(PASSWD)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.secret_der(), plain.secret_der(), "{name}");
    }
}

#[test]
fn encrypted_keys_refuse_a_wrong_or_missing_passwd() {
    for name in [
        "server-ec.p8-aes256.key",
        "server-ec.p8-scrypt.key",
        "server-ec.legacy-aes128.key",
        "server-ec.legacy-des3.key",
        "server-rsa.legacy-aes256.key",
    ] {
        for wrong in ["wrong", "", "jsre-test2"] {
            let err = key(name, Some(wrong)).expect_err(name);
            assert_eq!(err.kind(), ErrorKind::KeyDecrypt, "{name} {wrong}");
            assert_eq!(err.message(), DECRYPT_FAILED, "{name} {wrong}");
        }
        let err = key(name, None).expect_err(name);
        assert_eq!(err.kind(), ErrorKind::KeyDecrypt, "{name} without passwd");
    }
}

#[test]
fn servers_take_encrypted_keys() {
    let options = ServerOptions {
        passwd: Some(PASSWD.into()),
        key: Some(cert("server-ec.legacy-aes128.key")),
        ..server_options("server-ec")
    };
    let server = ServerContext::new(&options).expect("legacy key");
    let mut pair = Pair::new(&client(&strict_client_options()), &server, LOCALHOST);
    pair.handshake();
    let options = ServerOptions {
        passwd: Some("nope".into()),
        key: Some(cert("server-ec.p8-aes256.key")),
        ..server_options("server-ec")
    };
    let err = ServerContext::new(&options).expect_err("wrong passwd");
    assert_eq!(err.message(), DECRYPT_FAILED);
}

#[test]
fn key_cert_mismatch_fails_at_creation() {
    for (cert_base, key_name) in [
        ("server-ec", "server-rsa.key"),
        ("server-ec", "sni-a.key"),
        ("server-rsa", "server-ec.key"),
    ] {
        let options = ServerOptions {
            key: Some(cert(key_name)),
            ..server_options(cert_base)
        };
        let err = ServerContext::new(&options).expect_err("mismatch");
        assert_eq!(err.kind(), ErrorKind::KeyMismatch, "{cert_base} {key_name}");
        assert_eq!(err.message(), "key does not match certificate");
        assert_eq!(err.to_string(), "key does not match certificate");
    }
}

#[test]
fn garbage_and_empty_pem_are_bad_input() {
    for text in [
        "",
        "   \n",
        "garbage",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----\n",
        "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n",
    ] {
        let err = load_private_key(text, None).expect_err(text);
        assert_eq!(err.kind(), ErrorKind::BadInput, "{text:?}: {err}");
        let err = load_certs(text).expect_err(text);
        assert_eq!(err.kind(), ErrorKind::BadInput, "{text:?}: {err}");
    }
    // A certificate file has no key.
    let err = load_private_key(&cert("server-ec.pem"), None).expect_err("no key");
    assert_eq!(err.kind(), ErrorKind::BadInput);
    // A key file has no certificate.
    let err = load_certs(&cert("server-ec.key")).expect_err("no cert");
    assert_eq!(err.kind(), ErrorKind::BadInput);
    for options in [
        ServerOptions {
            cert: String::new(),
            ..Default::default()
        },
        ServerOptions {
            cert: "garbage".into(),
            ..Default::default()
        },
        ServerOptions {
            cert: cert("server-ec.pem"),
            ..Default::default()
        },
        ServerOptions {
            ca: Some("garbage".into()),
            ..server_options("server-ec")
        },
    ] {
        let err = ServerContext::new(&options).expect_err("bad server options");
        assert_eq!(err.kind(), ErrorKind::BadInput, "{err}");
    }
}

#[test]
fn legacy_header_garbage_does_not_panic() {
    let text = cert("server-ec.legacy-aes128.key");
    for (from, to) in [
        ("AES-128-CBC", "AES-999-CBC"),
        ("AES-128-CBC,", "AES-128-CBC,ZZ"),
        ("DEK-Info", "X-Info"),
    ] {
        let broken = text.replacen(from, to, 1);
        let err = load_private_key(&broken, Some(PASSWD)).expect_err(to);
        assert_eq!(err.kind(), ErrorKind::BadInput, "{to}: {err}");
    }
    // Truncated body: never a panic, always an error.
    let lines: Vec<&str> = text.lines().collect();
    for cut in 0..lines.len() {
        let mut broken: Vec<&str> = lines.clone();
        broken.remove(cut);
        let _ = load_private_key(&broken.join("\n"), Some(PASSWD));
    }
}
