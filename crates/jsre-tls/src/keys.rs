//! Private keys from PEM: plain PKCS#1, SEC1 and PKCS#8, encrypted PKCS#8 (PBES2), and the
//! legacy OpenSSL `Proc-Type: 4,ENCRYPTED` form. Keys are decrypted before rustls sees them.

use std::sync::Arc;

use pkcs8::EncryptedPrivateKeyInfo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::CertifiedKey;

use crate::error::{ErrorKind, TlsError, bad_input, key_decrypt, key_mismatch};
use crate::pem::{Block, blocks, load_certs};
use crate::{legacy, provider};

/// Loads the first private key in `pem`, decrypting it with `passwd` when it is encrypted.
///
/// Accepts PKCS#1 (`RSA PRIVATE KEY`), SEC1 (`EC PRIVATE KEY`) and PKCS#8 (`PRIVATE KEY`) keys
/// for RSA, ECDSA P-256/P-384 and Ed25519; `ENCRYPTED PRIVATE KEY` (PBES2 with PBKDF2 or
/// scrypt, AES or 3DES); and the legacy `Proc-Type: 4,ENCRYPTED` form with `DEK-Info`
/// AES-128/192/256-CBC or DES-EDE3-CBC. Other blocks in `pem` (certificates) are skipped.
///
/// A wrong passwd gives [`ErrorKind::KeyDecrypt`] with the message
/// `private key does not decrypt with passwd`; a missing key or garbage gives
/// [`ErrorKind::BadInput`].
pub fn load_private_key(
    pem: &str,
    passwd: Option<&str>,
) -> Result<PrivateKeyDer<'static>, TlsError> {
    find_private_key(pem, passwd)?.ok_or_else(|| bad_input("no private key found in PEM"))
}

/// Like [`load_private_key`], but `Ok(None)` when `pem` holds no private key block.
///
/// This is how a server's key is looked for inside its `cert` PEM when `key` is absent.
pub fn find_private_key(
    pem: &str,
    passwd: Option<&str>,
) -> Result<Option<PrivateKeyDer<'static>>, TlsError> {
    let blocks = blocks(pem)?;
    match blocks.iter().find(|b| b.label.ends_with("PRIVATE KEY")) {
        Some(block) => decode_key(block, passwd).map(Some),
        None => Ok(None),
    }
}

/// The private key for a certificate: from `key` when given, else from inside `cert`.
pub fn load_key_for_cert(
    cert: &str,
    key: Option<&str>,
    passwd: Option<&str>,
) -> Result<PrivateKeyDer<'static>, TlsError> {
    match key {
        Some(key) => load_private_key(key, passwd),
        None => find_private_key(cert, passwd)?
            .ok_or_else(|| bad_input("no private key: give `key`, or put the key in `cert`")),
    }
}

/// Loads a certificate chain and its key, and checks that the key is the certificate's.
///
/// `key` `None` means the key is inside `cert`. A key that does not match is
/// [`ErrorKind::KeyMismatch`] (`key does not match certificate`).
pub fn load_certified_key(
    cert: &str,
    key: Option<&str>,
    passwd: Option<&str>,
) -> Result<Arc<CertifiedKey>, TlsError> {
    let chain = load_certs(cert)?;
    let key = load_key_for_cert(cert, key, passwd)?;
    certified_key(chain, key)
}

/// Pairs a parsed chain and key, failing when the key is not the leaf's.
pub(crate) fn certified_key(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<Arc<CertifiedKey>, TlsError> {
    let signing_key = provider()
        .key_provider
        .load_private_key(key)
        .map_err(|e| bad_input(format!("unsupported private key: {e}")))?;
    let certified = CertifiedKey::new(chain, signing_key);
    match certified.keys_match() {
        Ok(()) => Ok(Arc::new(certified)),
        // The provider cannot say for this key type: the first handshake will tell.
        Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) => {
            Ok(Arc::new(certified))
        }
        Err(rustls::Error::InconsistentKeys(_)) => Err(key_mismatch()),
        Err(e) => Err(bad_input(format!("invalid certificate: {e}"))),
    }
}

fn decode_key(block: &Block<'_>, passwd: Option<&str>) -> Result<PrivateKeyDer<'static>, TlsError> {
    let legacy_encrypted = block
        .header("Proc-Type")
        .is_some_and(|v| v.to_ascii_uppercase().contains("ENCRYPTED"));
    let (key, encrypted) = if block.label == "ENCRYPTED PRIVATE KEY" {
        let der = decrypt_pkcs8(&block.decode()?, require(passwd)?)?;
        (PrivateKeyDer::Pkcs8(der.into()), true)
    } else if legacy_encrypted {
        let dek_info = block
            .header("DEK-Info")
            .ok_or_else(|| bad_input("encrypted PEM key without DEK-Info header"))?;
        let der = legacy::decrypt(dek_info, &block.decode()?, require(passwd)?)?;
        let key = match block.label {
            "RSA PRIVATE KEY" => PrivateKeyDer::Pkcs1(der.into()),
            "EC PRIVATE KEY" => PrivateKeyDer::Sec1(der.into()),
            "PRIVATE KEY" => PrivateKeyDer::Pkcs8(der.into()),
            other => return Err(unsupported(other)),
        };
        (key, true)
    } else {
        let key = PrivateKeyDer::from_pem_slice(block.text.as_bytes()).map_err(|e| match e {
            rustls::pki_types::pem::Error::NoItemsFound => unsupported(block.label),
            e => bad_input(format!("invalid private key PEM: {e}")),
        })?;
        (key, false)
    };
    // A wrong passwd that still unpads cleanly yields bytes no key parser accepts.
    match provider().key_provider.load_private_key(key.clone_key()) {
        Ok(_) => Ok(key),
        Err(_) if encrypted => Err(key_decrypt()),
        Err(e) => Err(bad_input(format!(
            "unsupported or invalid private key: {e}"
        ))),
    }
}

fn decrypt_pkcs8(der: &[u8], passwd: &str) -> Result<Vec<u8>, TlsError> {
    let info = EncryptedPrivateKeyInfo::try_from(der)
        .map_err(|e| bad_input(format!("invalid encrypted private key: {e}")))?;
    let doc = info.decrypt(passwd.as_bytes()).map_err(|_| key_decrypt())?;
    Ok(doc.as_bytes().to_vec())
}

fn require(passwd: Option<&str>) -> Result<&str, TlsError> {
    passwd.ok_or_else(|| {
        TlsError::new(
            ErrorKind::KeyDecrypt,
            "private key is encrypted and no passwd was given",
        )
    })
}

fn unsupported(label: &str) -> TlsError {
    bad_input(format!("unsupported private key type: {label}"))
}
