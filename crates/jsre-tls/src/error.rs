//! The one error type of this crate, and how rustls' errors map onto it.

use std::fmt;

use rustls::{AlertDescription, CertificateError, Error, InconsistentKeys, PeerIncompatible};

/// What kind of failure a [`TlsError`] reports; the binding maps each kind to an errno.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Unusable input from the caller: garbage or empty PEM, a missing key, an invalid name.
    BadInput,
    /// An encrypted private key that the given passwd does not decrypt (or no passwd given).
    KeyDecrypt,
    /// A private key that does not belong to its certificate.
    KeyMismatch,
    /// The peer's certificate failed verification (`certificate verify failed: ...`).
    CertVerify,
    /// The peer broke the protocol: garbage bytes, an alert, an unsupported version.
    Protocol,
    /// The connection is over: transport EOF without close_notify, or use after failure.
    Closed,
}

/// An error from this crate: a kind for the errno and a specific message for `sys.error()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsError {
    kind: ErrorKind,
    message: String,
}

impl TlsError {
    /// Makes an error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The specific message, e.g. `certificate verify failed: unknown issuer`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TlsError {}

impl From<Error> for TlsError {
    fn from(err: Error) -> Self {
        match err {
            Error::InvalidCertificate(cert_err) => verify_failed(&cert_err),
            Error::NoCertificatesPresented => Self::new(
                ErrorKind::CertVerify,
                "certificate verify failed: peer sent no certificate",
            ),
            Error::InconsistentKeys(InconsistentKeys::KeyMismatch) => key_mismatch(),
            Error::AlertReceived(AlertDescription::ProtocolVersion) => version_refused(),
            Error::AlertReceived(alert) => Self::new(
                ErrorKind::Protocol,
                format!("alert received: {}", alert_name(alert)),
            ),
            Error::PeerIncompatible(
                PeerIncompatible::SupportedVersionsExtensionRequired
                | PeerIncompatible::Tls12NotOffered
                | PeerIncompatible::Tls12NotOfferedOrEnabled
                | PeerIncompatible::ServerDoesNotSupportTls12Or13
                | PeerIncompatible::ServerTlsVersionIsDisabledByOurConfig,
            ) => version_refused(),
            other => Self::new(ErrorKind::Protocol, other.to_string()),
        }
    }
}

/// `certificate verify failed: <reason>` for a rustls certificate error.
pub(crate) fn verify_failed(err: &CertificateError) -> TlsError {
    TlsError::new(
        ErrorKind::CertVerify,
        format!("certificate verify failed: {}", cert_error_text(err)),
    )
}

/// The short, OpenSSL-like reason for a certificate error.
pub(crate) fn cert_error_text(err: &CertificateError) -> String {
    use CertificateError::*;
    let text = match err {
        UnknownIssuer => "unknown issuer",
        Expired | ExpiredContext { .. } => "expired",
        NotValidYet | NotValidYetContext { .. } => "not yet valid",
        NotValidForName | NotValidForNameContext { .. } => "name mismatch",
        BadSignature => "bad signature",
        BadEncoding => "bad certificate encoding",
        Revoked => "revoked",
        InvalidPurpose | InvalidPurposeContext { .. } => "certificate not valid for this purpose",
        UnhandledCriticalExtension => "unhandled critical extension",
        Other(other) => {
            return match other.to_string().as_str() {
                // webpki's name for a CA certificate (often a self-signed one) as a leaf.
                "CaUsedAsEndEntity" => "CA certificate used as end entity".to_owned(),
                text => text.to_owned(),
            };
        }
        other => return Error::InvalidCertificate(other.clone()).to_string(),
    };
    text.to_owned()
}

/// The error for a key that is not the certificate's.
pub(crate) fn key_mismatch() -> TlsError {
    TlsError::new(ErrorKind::KeyMismatch, "key does not match certificate")
}

/// The error for an encrypted key that `passwd` does not open.
pub(crate) fn key_decrypt() -> TlsError {
    TlsError::new(
        ErrorKind::KeyDecrypt,
        "private key does not decrypt with passwd",
    )
}

/// A [`ErrorKind::BadInput`] error.
pub(crate) fn bad_input(message: impl Into<String>) -> TlsError {
    TlsError::new(ErrorKind::BadInput, message)
}

fn version_refused() -> TlsError {
    TlsError::new(ErrorKind::Protocol, "protocol version refused")
}

/// `HandshakeFailure` -> `handshake_failure`, the alert's RFC name.
fn alert_name(alert: AlertDescription) -> String {
    let debug = format!("{alert:?}");
    let mut name = String::with_capacity(debug.len() + 4);
    let mut prev_lower = false;
    for c in debug.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            name.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        name.push(c.to_ascii_lowercase());
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_read_like_rfc_names() {
        let err = TlsError::from(Error::AlertReceived(AlertDescription::HandshakeFailure));
        assert_eq!(err.message(), "alert received: handshake_failure");
        let err = TlsError::from(Error::AlertReceived(AlertDescription::UnknownCA));
        assert_eq!(err.message(), "alert received: unknown_ca");
        assert_eq!(err.kind(), ErrorKind::Protocol);
        let err = TlsError::from(Error::AlertReceived(AlertDescription::ProtocolVersion));
        assert_eq!(err.to_string(), "protocol version refused");
    }

    #[test]
    fn certificate_errors_read_like_openssl() {
        let err = TlsError::from(Error::InvalidCertificate(CertificateError::UnknownIssuer));
        assert_eq!(err.message(), "certificate verify failed: unknown issuer");
        assert_eq!(err.kind(), ErrorKind::CertVerify);
        let err = TlsError::from(Error::InconsistentKeys(InconsistentKeys::KeyMismatch));
        assert_eq!(err.kind(), ErrorKind::KeyMismatch);
    }
}
