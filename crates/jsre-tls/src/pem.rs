//! PEM text: certificates, and a block scanner that sees the RFC 1421 headers
//! (`Proc-Type`, `DEK-Info`) that legacy encrypted keys carry.

use base64::Engine as _;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::server::ParsedCertificate;

use crate::error::{TlsError, bad_input};

/// Parses every `CERTIFICATE` block of `pem`, in order (leaf first for a chain).
///
/// Other blocks (keys, parameters) are skipped. Empty input, input with no PEM block,
/// undecodable base64 and certificates that do not parse as X.509 are
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) errors.
pub fn load_certs(pem: &str) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let blocks = blocks(pem)?;
    let mut certs = Vec::new();
    for block in blocks.iter().filter(|b| b.label == "CERTIFICATE") {
        let cert = CertificateDer::from_pem_slice(block.text.as_bytes())
            .map_err(|e| bad_input(format!("invalid certificate PEM: {e}")))?;
        ParsedCertificate::try_from(&cert)
            .map_err(|e| bad_input(format!("invalid certificate: {e}")))?;
        certs.push(cert);
    }
    match certs.is_empty() {
        true => Err(bad_input("no certificate found in PEM")),
        false => Ok(certs),
    }
}

/// One `-----BEGIN label-----` ... `-----END label-----` block.
pub(crate) struct Block<'a> {
    /// The label between `BEGIN ` and the dashes, e.g. `RSA PRIVATE KEY`.
    pub(crate) label: &'a str,
    /// The whole block, markers included, for parsers that want PEM text.
    pub(crate) text: &'a str,
    /// RFC 1421 headers (`Name: value`) before the base64 body.
    headers: Vec<(&'a str, &'a str)>,
    /// The base64 body with whitespace removed.
    body: String,
}

impl Block<'_> {
    /// The value of header `name` (case-insensitive), if present.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    /// The decoded body.
    pub(crate) fn decode(&self) -> Result<Vec<u8>, TlsError> {
        base64::engine::general_purpose::STANDARD
            .decode(&self.body)
            .map_err(|e| bad_input(format!("invalid PEM base64 in {}: {e}", self.label)))
    }
}

/// Splits `pem` into its blocks; text outside blocks is ignored, as OpenSSL does.
///
/// Fails on empty input, input without any block, and a block without its END line.
pub(crate) fn blocks(pem: &str) -> Result<Vec<Block<'_>>, TlsError> {
    if pem.trim().is_empty() {
        return Err(bad_input("empty PEM"));
    }
    let mut found = Vec::new();
    let mut open: Option<(usize, Block<'_>)> = None;
    let mut offset = 0;
    for raw in pem.split_inclusive('\n') {
        let line = raw.trim();
        let line_end = offset + raw.len();
        let line_start = offset;
        offset = line_end;
        let Some((start, mut block)) = open.take() else {
            if let Some(label) = marker(line, "BEGIN") {
                open = Some((line_start, new_block(label)));
            }
            continue;
        };
        if let Some(label) = marker(line, "END") {
            if label != block.label {
                return Err(bad_input(format!(
                    "invalid PEM: END {label} closes BEGIN {}",
                    block.label
                )));
            }
            block.text = &pem[start..line_end];
            found.push(block);
        } else if marker(line, "BEGIN").is_some() {
            return Err(bad_input(format!(
                "invalid PEM: no END line for {}",
                block.label
            )));
        } else {
            match line.split_once(':') {
                Some((name, value)) => block.headers.push((name.trim(), value.trim())),
                None => block
                    .body
                    .extend(line.chars().filter(|c| !c.is_whitespace())),
            }
            open = Some((start, block));
        }
    }
    if let Some((_, block)) = open {
        return Err(bad_input(format!(
            "invalid PEM: no END line for {}",
            block.label
        )));
    }
    match found.is_empty() {
        true => Err(bad_input("no PEM data found")),
        false => Ok(found),
    }
}

fn new_block(label: &str) -> Block<'_> {
    Block {
        label,
        text: "",
        headers: Vec::new(),
        body: String::new(),
    }
}

/// The label of a `-----BEGIN label-----` (or END) line.
fn marker<'a>(line: &'a str, which: &str) -> Option<&'a str> {
    let rest = line.strip_prefix("-----")?.strip_prefix(which)?;
    let label = rest.strip_prefix(' ')?.strip_suffix("-----")?;
    Some(label.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_sees_headers_and_body() {
        let pem = "junk\n-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\n\
                   DEK-Info: AES-128-CBC,00\r\n\r\nAAEC\r\nAw==\r\n-----END RSA PRIVATE KEY-----\r\n";
        let blocks = blocks(pem).expect("one block");
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].label, "RSA PRIVATE KEY");
        assert_eq!(blocks[0].header("proc-type"), Some("4,ENCRYPTED"));
        assert_eq!(blocks[0].header("DEK-Info"), Some("AES-128-CBC,00"));
        assert_eq!(blocks[0].decode().expect("base64"), vec![0, 1, 2, 3]);
        assert!(blocks[0].text.starts_with("-----BEGIN"));
        assert!(blocks[0].text.ends_with("-----\r\n"));
    }

    #[test]
    fn scanner_rejects_broken_input() {
        for bad in [
            "",
            "  \n",
            "hello",
            "-----BEGIN CERTIFICATE-----\nAAAA\n",
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "-----BEGIN A-----\n-----BEGIN B-----\n-----END B-----\n",
        ] {
            assert!(blocks(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn garbage_certificates_are_bad_input() {
        let err = load_certs("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
            .expect_err("not a certificate");
        assert_eq!(err.kind(), crate::ErrorKind::BadInput);
        let err = load_certs("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")
            .expect_err("not base64");
        assert_eq!(err.kind(), crate::ErrorKind::BadInput);
    }
}
