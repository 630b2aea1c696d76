//! The legacy OpenSSL key encryption (`Proc-Type: 4,ENCRYPTED` + `DEK-Info: ALG,IV`):
//! key = EVP_BytesToKey(MD5, passwd, salt = IV[..8], count 1), then CBC with PKCS#7 padding.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockCipher, BlockDecryptMut, KeyInit, KeyIvInit};
use md5::{Digest, Md5};

use crate::error::{TlsError, bad_input, key_decrypt};

/// Decrypts the body of a legacy encrypted PEM key to its DER.
pub(crate) fn decrypt(dek_info: &str, data: &[u8], passwd: &str) -> Result<Vec<u8>, TlsError> {
    let (name, iv_hex) = dek_info
        .split_once(',')
        .ok_or_else(|| bad_input(format!("invalid DEK-Info header: {dek_info}")))?;
    let cipher = Cipher::from_name(name.trim())?;
    let iv = hex_decode(iv_hex.trim())
        .filter(|iv| iv.len() == cipher.iv_len())
        .ok_or_else(|| bad_input(format!("invalid DEK-Info IV: {iv_hex}")))?;
    // iv_len() is 8 or 16, so the salt slice is in bounds.
    let key = bytes_to_key(passwd.as_bytes(), &iv[..8], cipher.key_len());
    let plain = match cipher {
        Cipher::Aes128 => cbc_decrypt::<aes::Aes128>(&key, &iv, data),
        Cipher::Aes192 => cbc_decrypt::<aes::Aes192>(&key, &iv, data),
        Cipher::Aes256 => cbc_decrypt::<aes::Aes256>(&key, &iv, data),
        Cipher::DesEde3 => cbc_decrypt::<des::TdesEde3>(&key, &iv, data),
    };
    // A wrong passwd almost always breaks the padding; if not, the DER check catches it.
    match plain {
        Some(der) if is_der_sequence(&der) => Ok(der),
        _ => Err(key_decrypt()),
    }
}

#[derive(Clone, Copy)]
enum Cipher {
    Aes128,
    Aes192,
    Aes256,
    DesEde3,
}

impl Cipher {
    fn from_name(name: &str) -> Result<Self, TlsError> {
        match name.to_ascii_uppercase().as_str() {
            "AES-128-CBC" => Ok(Self::Aes128),
            "AES-192-CBC" => Ok(Self::Aes192),
            "AES-256-CBC" => Ok(Self::Aes256),
            "DES-EDE3-CBC" => Ok(Self::DesEde3),
            _ => Err(bad_input(format!("unsupported PEM key encryption: {name}"))),
        }
    }

    fn key_len(self) -> usize {
        match self {
            Self::Aes128 => 16,
            Self::Aes192 | Self::DesEde3 => 24,
            Self::Aes256 => 32,
        }
    }

    fn iv_len(self) -> usize {
        match self {
            Self::DesEde3 => 8,
            _ => 16,
        }
    }
}

/// OpenSSL's EVP_BytesToKey with MD5 and one iteration: D_i = MD5(D_{i-1} || pass || salt).
fn bytes_to_key(passwd: &[u8], salt: &[u8], len: usize) -> Vec<u8> {
    let mut key = Vec::with_capacity(len + 16);
    let mut prev: Option<[u8; 16]> = None;
    while key.len() < len {
        let mut hash = Md5::new();
        if let Some(prev) = prev {
            hash.update(prev);
        }
        hash.update(passwd);
        hash.update(salt);
        let digest: [u8; 16] = hash.finalize().into();
        key.extend_from_slice(&digest);
        prev = Some(digest);
    }
    key.truncate(len);
    key
}

fn cbc_decrypt<C>(key: &[u8], iv: &[u8], data: &[u8]) -> Option<Vec<u8>>
where
    C: BlockCipher + BlockDecryptMut + KeyInit,
{
    cbc::Decryptor::<C>::new_from_slices(key, iv)
        .ok()?
        .decrypt_padded_vec_mut::<Pkcs7>(data)
        .ok()
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// True when `der` is exactly one DER SEQUENCE (what every private key structure is).
fn is_der_sequence(der: &[u8]) -> bool {
    let (len, header) = match der {
        [0x30, n, ..] if *n < 0x80 => (usize::from(*n), 2),
        [0x30, 0x81, n, ..] => (usize::from(*n), 3),
        [0x30, 0x82, hi, lo, ..] => (usize::from(*hi) << 8 | usize::from(*lo), 4),
        [0x30, 0x83, a, b, c, ..] => (
            usize::from(*a) << 16 | usize::from(*b) << 8 | usize::from(*c),
            5,
        ),
        _ => return false,
    };
    der.len() == header + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_to_key_matches_openssl() {
        // `openssl enc -des-ede3-cbc -md md5 -pass pass:jsre-test -S 0102030405060708 -P`
        // printed key 7A00...7CB5 and iv 949B...3BE7: 32 bytes of derived material.
        let salt = [1, 2, 3, 4, 5, 6, 7, 8];
        let key = bytes_to_key(b"jsre-test", &salt, 32);
        assert_eq!(
            hex_decode("7A008307DCB383BCFEDBC63BB414521A9BA03F29E6C67CB5949BE4E3B90E3BE7"),
            Some(key)
        );
    }

    #[test]
    fn bad_headers_are_bad_input_not_panics() {
        for dek in [
            "",
            "AES-128-CBC",
            "AES-128-CBC,zz",
            "AES-128-CBC,0011",
            "RC4,00",
            "AES-128-CBC,é1",
        ] {
            let err = decrypt(dek, &[0; 32], "x").expect_err(dek);
            assert_eq!(err.kind(), crate::ErrorKind::BadInput, "{dek}");
        }
        let iv = "00112233445566778899AABBCCDDEEFF";
        let err = decrypt(&format!("AES-128-CBC,{iv}"), &[0; 31], "x").expect_err("short");
        assert_eq!(err.kind(), crate::ErrorKind::KeyDecrypt);
    }

    #[test]
    fn der_sequence_lengths() {
        assert!(is_der_sequence(&[0x30, 0x01, 0x05]));
        assert!(!is_der_sequence(&[0x30, 0x02, 0x05]));
        assert!(!is_der_sequence(&[0x31, 0x01, 0x05]));
        assert!(!is_der_sequence(&[]));
    }
}
