//! The client's TLS configuration: TLS 1.3 only, TLS13_AES_128_GCM_SHA256 only, the
//! X25519 key exchange only (what every compared server has: Node's OpenSSL 3.0 offers no
//! post-quantum hybrid), trust in one CA file, no resumption.
//!
//! A CA file that cannot be used is an error the tool reports; the one `expect` left
//! (`server_name`) is on a constant.

use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{Resumption, WebPkiServerVerifier};
use rustls::crypto::aws_lc_rs;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};

/// The name every connection sends as SNI and verifies the certificate against.
pub const SERVER_NAME: &str = "localhost";

/// Builds the shared client config, or says why the CA file cannot be used.
pub fn client_config(ca: &Path) -> Result<Arc<ClientConfig>, String> {
    let mut provider = aws_lc_rs::default_provider();
    provider.cipher_suites = vec![aws_lc_rs::cipher_suite::TLS13_AES_128_GCM_SHA256];
    provider.kx_groups = vec![aws_lc_rs::kx_group::X25519];
    let provider = Arc::new(provider);

    let mut roots = RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(ca)
        .map_err(|e| format!("cannot read the CA file {}: {e}", ca.display()))?;
    for cert in certs {
        let cert = cert.map_err(|e| format!("bad PEM in the CA file: {e}"))?;
        roots
            .add(cert)
            .map_err(|e| format!("bad CA certificate: {e}"))?;
    }
    let webpki =
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::clone(&provider))
            .build()
            .map_err(|e| format!("cannot build the certificate verifier: {e}"))?;

    let mut config = ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|e| format!("TLS 1.3 with this provider: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(CachingVerifier::new(webpki)))
        .with_no_client_auth();
    // Every handshake must be a full one.
    config.resumption = Resumption::disabled();
    Ok(Arc::new(config))
}

/// The server name as rustls wants it.
pub fn server_name() -> ServerName<'static> {
    // SERVER_NAME is a constant DNS name; only a typo in it could fail here, and the
    // unit tests below would show it.
    #[allow(clippy::expect_used)]
    ServerName::try_from(SERVER_NAME).expect("tls-load: valid server name")
}

/// WebPKI verification of the certificate chain, done once per distinct chain and then
/// remembered, so the client spends its core on handshakes rather than re-checking the
/// same certificate. The handshake signature (CertificateVerify) is still checked on
/// every connection.
struct CachingVerifier {
    inner: Arc<WebPkiServerVerifier>,
    /// The end-entity and intermediate certificates of the last chain that verified.
    verified: Mutex<Option<Vec<Vec<u8>>>>,
}

impl CachingVerifier {
    fn new(inner: Arc<WebPkiServerVerifier>) -> Self {
        Self {
            inner,
            verified: Mutex::new(None),
        }
    }
}

impl fmt::Debug for CachingVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachingVerifier").finish_non_exhaustive()
    }
}

impl ServerCertVerifier for CachingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let chain: Vec<&[u8]> = std::iter::once(end_entity.as_ref())
            .chain(intermediates.iter().map(|c| c.as_ref()))
            .collect();
        let mut verified = self
            .verified
            .lock()
            .map_err(|_| Error::General("poisoned".into()))?;
        if let Some(known) = verified.as_ref() {
            if known.iter().map(Vec::as_slice).eq(chain.iter().copied()) {
                return Ok(ServerCertVerified::assertion());
            }
        }
        let ok = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )?;
        *verified = Some(chain.iter().map(|c| c.to_vec()).collect());
        Ok(ok)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use rustls::pki_types::PrivateKeyDer;
    use rustls::{ClientConnection, ServerConfig, ServerConnection};

    pub(crate) fn certs() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../certs")
    }

    /// A server config with the benchmark's ECDSA certificate.
    pub(crate) fn server(
        versions: &[&'static rustls::SupportedProtocolVersion],
    ) -> Arc<ServerConfig> {
        let chain = CertificateDer::pem_file_iter(certs().join("server-ec.pem"))
            .expect("cert file")
            .collect::<Result<Vec<_>, _>>()
            .expect("cert PEM");
        let key = PrivateKeyDer::from_pem_file(certs().join("server-ec.key")).expect("key");
        let config = ServerConfig::builder_with_provider(Arc::new(aws_lc_rs::default_provider()))
            .with_protocol_versions(versions)
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("server config");
        Arc::new(config)
    }

    /// Runs a handshake in memory; the client connection, or the first error.
    fn handshake(server_config: Arc<ServerConfig>) -> Result<ClientConnection, Error> {
        let mut client = ClientConnection::new(
            client_config(&certs().join("ca.pem")).expect("ca.pem"),
            server_name(),
        )?;
        let mut server = ServerConnection::new(server_config)?;
        for _ in 0..10 {
            let mut buf = Vec::new();
            while client.wants_write() {
                client.write_tls(&mut buf).expect("vec write");
            }
            server.read_tls(&mut buf.as_slice()).expect("slice read");
            let server_result = server.process_new_packets();
            buf.clear();
            while server.wants_write() {
                server.write_tls(&mut buf).expect("vec write");
            }
            client.read_tls(&mut buf.as_slice()).expect("slice read");
            client.process_new_packets()?;
            server_result?;
            if !client.is_handshaking() && !server.is_handshaking() {
                return Ok(client);
            }
        }
        panic!("handshake did not finish");
    }

    #[test]
    fn tls13_aes128gcm_x25519_full_handshakes() {
        let server_config = server(&[&rustls::version::TLS13, &rustls::version::TLS12]);
        for _ in 0..2 {
            let c = handshake(Arc::clone(&server_config)).expect("handshake");
            assert_eq!(c.protocol_version(), Some(rustls::ProtocolVersion::TLSv1_3));
            let suite = c.negotiated_cipher_suite().expect("suite").suite();
            assert_eq!(suite, rustls::CipherSuite::TLS13_AES_128_GCM_SHA256);
            let group = c.negotiated_key_exchange_group().expect("group").name();
            assert_eq!(group, rustls::NamedGroup::X25519);
            // No resumption: every handshake is a full one.
            assert_eq!(c.handshake_kind(), Some(rustls::HandshakeKind::Full));
        }
    }

    #[test]
    fn refuses_tls12() {
        assert!(handshake(server(&[&rustls::version::TLS12])).is_err());
    }
}
