//! What `getPeerCertificate()` reports, read from the DER with RustCrypto's x509-cert.

use std::fmt::Write as _;
use std::net::IpAddr;

use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::{CertificateError, Error};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::der::Decode;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;

/// The peer's leaf certificate, as `tls.getPeerCertificate()` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerCertInfo {
    /// Subject DN in RFC 4514 form, e.g. `CN=localhost,O=jsre test`.
    pub subject: String,
    /// Issuer DN in RFC 4514 form.
    pub issuer: String,
    /// Start of validity, `YYYY-MM-DDTHH:MM:SSZ`.
    pub not_before: String,
    /// End of validity, `YYYY-MM-DDTHH:MM:SSZ`.
    pub not_after: String,
    /// Subject alternative names in OpenSSL's style: `DNS:localhost`, `IP Address:127.0.0.1`,
    /// `email:...`, `URI:...`.
    pub subject_alt_names: Vec<String>,
    /// Serial number, uppercase hex.
    pub serial_number: String,
    /// SHA-256 of the DER, uppercase hex pairs joined by `:` (like Node's `fingerprint256`).
    pub fingerprint_sha256: String,
    /// The certificate itself (DER).
    pub der: Vec<u8>,
}

impl PeerCertInfo {
    /// Reads `der`; fields that do not parse are left empty (the fingerprint always works).
    pub fn from_der(der: &[u8]) -> Self {
        let mut info = Self {
            subject: String::new(),
            issuer: String::new(),
            not_before: String::new(),
            not_after: String::new(),
            subject_alt_names: Vec::new(),
            serial_number: String::new(),
            fingerprint_sha256: hex_join(&Sha256::digest(der), ":"),
            der: der.to_vec(),
        };
        let Ok(cert) = Certificate::from_der(der) else {
            return info;
        };
        let tbs = &cert.tbs_certificate;
        info.subject = tbs.subject.to_string();
        info.issuer = tbs.issuer.to_string();
        info.not_before = tbs.validity.not_before.to_date_time().to_string();
        info.not_after = tbs.validity.not_after.to_date_time().to_string();
        info.serial_number = hex_join(tbs.serial_number.as_bytes(), "");
        if let Ok(Some((_, san))) = tbs.get::<SubjectAltName>() {
            info.subject_alt_names = san.0.iter().filter_map(general_name).collect();
        }
        info
    }
}

/// Fails with `Expired`/`NotValidYet` when `now` is outside the certificate's validity.
pub(crate) fn check_validity(der: &CertificateDer<'_>, now: UnixTime) -> Result<(), Error> {
    let cert = Certificate::from_der(der).map_err(|_| CertificateError::BadEncoding)?;
    let validity = &cert.tbs_certificate.validity;
    let now = now.as_secs();
    if now < validity.not_before.to_unix_duration().as_secs() {
        return Err(CertificateError::NotValidYet.into());
    }
    if now > validity.not_after.to_unix_duration().as_secs() {
        return Err(CertificateError::Expired.into());
    }
    Ok(())
}

/// True when the certificate names itself as its issuer.
pub(crate) fn is_self_signed(der: &CertificateDer<'_>) -> bool {
    Certificate::from_der(der)
        .is_ok_and(|cert| cert.tbs_certificate.issuer == cert.tbs_certificate.subject)
}

fn general_name(name: &GeneralName) -> Option<String> {
    match name {
        GeneralName::DnsName(dns) => Some(format!("DNS:{}", dns.as_str())),
        GeneralName::Rfc822Name(mail) => Some(format!("email:{}", mail.as_str())),
        GeneralName::UniformResourceIdentifier(uri) => Some(format!("URI:{}", uri.as_str())),
        GeneralName::IpAddress(octets) => {
            let ip = match octets.as_bytes() {
                bytes if bytes.len() == 4 => <[u8; 4]>::try_from(bytes).ok().map(IpAddr::from),
                bytes => <[u8; 16]>::try_from(bytes).ok().map(IpAddr::from),
            }?;
            Some(format!("IP Address:{ip}"))
        }
        _ => None,
    }
}

fn hex_join(bytes: &[u8], sep: &str) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02X}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_gives_a_fingerprint_only() {
        let info = PeerCertInfo::from_der(b"not a certificate");
        assert!(info.subject.is_empty());
        assert_eq!(info.fingerprint_sha256.len(), 32 * 3 - 1);
        assert!(!is_self_signed(&CertificateDer::from(&b"x"[..])));
    }
}
