//! Server certificate verification for clients: webpki against the trust anchors, always
//! checking handshake signatures, failing the handshake only when `rejectUnauthorized`.

use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{verify_server_cert_signed_by_trust_anchor, verify_server_name};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{CertificateError, DigitallySignedStruct, Error, OtherError, RootCertStore};

use crate::error::{TlsError, bad_input, cert_error_text};
use crate::peer;
use crate::pem::load_certs;

/// Where the system's CA bundle is read from (Debian, Ubuntu, Alpine, Arch).
pub const SYSTEM_CA_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// The result of verifying a peer's certificate, kept for `authorized`/`authorizationError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) authorized: bool,
    /// `certificate verify failed: <reason>` when not authorized.
    pub(crate) error: Option<String>,
}

/// What a client trusts: the anchors, plus the raw `ca` certificates for the
/// self-signed-leaf-as-its-own-ca case that webpki alone refuses.
#[derive(Debug)]
pub(crate) struct TrustPolicy {
    roots: Arc<RootCertStore>,
    ca_certs: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
}

impl TrustPolicy {
    /// Anchors from the `ca` PEM, plus the system (or bundled Mozilla) roots when asked.
    pub(crate) fn new(
        ca: Option<&str>,
        load_default_certs: bool,
        provider: Arc<CryptoProvider>,
    ) -> Result<Self, TlsError> {
        let mut roots = RootCertStore::empty();
        if load_default_certs {
            roots.extend(default_anchors().iter().cloned());
        }
        let ca_certs = match ca {
            Some(ca) => load_certs(ca)?,
            None => Vec::new(),
        };
        for cert in &ca_certs {
            roots
                .add(cert.clone())
                .map_err(|e| bad_input(format!("invalid ca certificate: {e}")))?;
        }
        Ok(Self {
            roots: Arc::new(roots),
            ca_certs,
            provider,
        })
    }

    /// Verifies a chain for `name` at `now`; the error is a rustls certificate error.
    pub(crate) fn check(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<(), Error> {
        let parsed = ParsedCertificate::try_from(end_entity)?;
        // A leaf given as its own `ca`: trusted as is, but its dates and names still count.
        if self
            .ca_certs
            .iter()
            .any(|ca| ca.as_ref() == end_entity.as_ref())
        {
            peer::check_validity(end_entity, now)?;
            return verify_server_name(&parsed, name);
        }
        // Named like OpenSSL does; webpki would say unknown issuer or CA used as end entity.
        if peer::is_self_signed(end_entity) {
            return Err(CertificateError::Other(OtherError(Arc::new(SelfSigned))).into());
        }
        if self.roots.is_empty() {
            return Err(CertificateError::UnknownIssuer.into());
        }
        verify_server_cert_signed_by_trust_anchor(
            &parsed,
            &self.roots,
            intermediates,
            now,
            self.provider.signature_verification_algorithms.all,
        )?;
        verify_server_name(&parsed, name)
    }

    /// [`Self::check`] as a verdict, for a finished handshake.
    pub(crate) fn verdict(&self, chain: &[CertificateDer<'_>], name: &ServerName<'_>) -> Verdict {
        let Some((end_entity, intermediates)) = chain.split_first() else {
            return refused("peer sent no certificate".to_owned());
        };
        match self.check(end_entity, intermediates, name, UnixTime::now()) {
            Ok(()) => Verdict {
                authorized: true,
                error: None,
            },
            Err(Error::InvalidCertificate(e)) => refused(cert_error_text(&e)),
            Err(e) => refused(e.to_string()),
        }
    }
}

/// The client's `ServerCertVerifier`: one per client context, so resumption works.
#[derive(Debug)]
pub(crate) struct PeerVerifier {
    pub(crate) policy: Arc<TrustPolicy>,
    /// When false, a failed verification is recorded by the session, not fatal.
    pub(crate) reject_unauthorized: bool,
}

impl ServerCertVerifier for PeerVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        match self
            .policy
            .check(end_entity, intermediates, server_name, now)
        {
            Err(e) if self.reject_unauthorized => Err(e),
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        let algs = &self.policy.provider.signature_verification_algorithms;
        verify_tls12_signature(message, cert, dss, algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        let algs = &self.policy.provider.signature_verification_algorithms;
        verify_tls13_signature(message, cert, dss, algs)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.policy
            .provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Trust anchors from the `ca` PEM, for a server verifying client certificates.
pub(crate) fn client_roots(ca: &str) -> Result<Arc<RootCertStore>, TlsError> {
    let mut roots = RootCertStore::empty();
    for cert in load_certs(ca)? {
        roots
            .add(cert)
            .map_err(|e| bad_input(format!("invalid ca certificate: {e}")))?;
    }
    Ok(Arc::new(roots))
}

/// The system's trust store, or the bundled Mozilla roots when it has none; read once.
fn default_anchors() -> &'static [TrustAnchor<'static>] {
    static ANCHORS: OnceLock<Vec<TrustAnchor<'static>>> = OnceLock::new();
    ANCHORS.get_or_init(|| {
        let mut roots = RootCertStore::empty();
        if let Ok(iter) = CertificateDer::pem_file_iter(SYSTEM_CA_BUNDLE) {
            roots.add_parsable_certificates(iter.filter_map(Result::ok));
        }
        if roots.is_empty() {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        roots.roots
    })
}

fn refused(reason: String) -> Verdict {
    Verdict {
        authorized: false,
        error: Some(format!("certificate verify failed: {reason}")),
    }
}

/// The reason for a self-signed leaf that is not among the trust anchors.
#[derive(Debug)]
struct SelfSigned;

impl std::fmt::Display for SelfSigned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("self-signed")
    }
}

impl std::error::Error for SelfSigned {}
