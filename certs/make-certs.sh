#!/usr/bin/env bash
# Regenerates the test PKI in this directory with OpenSSL (3.0 or later).
# Every file name is fixed; contents (keys, serials) change on each run.
# Validity is 100 years, except expired.pem, which ended in 2021.
# Usage: bash certs/make-certs.sh   (from anywhere)
set -euo pipefail

cd "$(dirname "$0")"
DAYS=36500
PASS=jsre-test
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

serial() { echo "0x$(openssl rand -hex 8)"; }

# ec_key FILE [CURVE]: an unencrypted PKCS#8 ECDSA key.
ec_key() { openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:${2:-P-256}" -out "$1"; }

# leaf NAME KEYFILE SUBJECT EXTENSIONS: a certificate NAME.pem for KEYFILE signed by the CA.
leaf() {
    local name=$1 key=$2 subj=$3 ext=$4
    openssl req -new -key "$key" -subj "$subj" -out "$WORK/$name.csr"
    printf '%s\n' "$ext" >"$WORK/$name.ext"
    openssl x509 -req -in "$WORK/$name.csr" -CA ca.pem -CAkey ca.key -set_serial "$(serial)" \
        -days "$DAYS" -sha256 -extfile "$WORK/$name.ext" -out "$name.pem"
}

SERVER_EXT='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'

san_ext() {
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$1"
}

# The CA: ECDSA P-256.
ec_key ca.key
openssl req -x509 -new -key ca.key -subj "/O=jsre test/CN=jsre test CA" -days "$DAYS" -sha256 \
    -set_serial "$(serial)" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem

# Server certificates: ECDSA P-256 and RSA 2048, plus P-384 and Ed25519 for key-format coverage.
ec_key server-ec.key
leaf server-ec server-ec.key "/O=jsre test/CN=localhost" "$SERVER_EXT"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server-rsa.key
leaf server-rsa server-rsa.key "/O=jsre test/CN=localhost" "$SERVER_EXT"
ec_key server-p384.key P-384
leaf server-p384 server-p384.key "/O=jsre test/CN=localhost" "$SERVER_EXT"
openssl genpkey -algorithm ED25519 -out server-ed25519.key
leaf server-ed25519 server-ed25519.key "/O=jsre test/CN=localhost" "$SERVER_EXT"

# The same keys in the traditional unencrypted forms: PKCS#1 (RSA) and SEC1 (EC).
openssl rsa -in server-rsa.key -traditional -out server-rsa.pkcs1.key
openssl ec -in server-ec.key -out server-ec.sec1.key

# The documentation's servers pass only `cert`: certificate and key in one file.
cat server-ec.pem server-ec.key >server-combined.pem

# Encrypted keys, passwd "jsre-test".
openssl pkcs8 -topk8 -in server-ec.key -v2 aes-256-cbc -v2prf hmacWithSHA256 \
    -passout "pass:$PASS" -out server-ec.p8-aes256.key
openssl pkcs8 -topk8 -in server-ec.key -scrypt -passout "pass:$PASS" -out server-ec.p8-scrypt.key
openssl ec -in server-ec.key -aes128 -passout "pass:$PASS" -out server-ec.legacy-aes128.key
openssl ec -in server-ec.key -des3 -passout "pass:$PASS" -out server-ec.legacy-des3.key
openssl rsa -in server-rsa.key -traditional -aes256 -passout "pass:$PASS" \
    -out server-rsa.legacy-aes256.key

# SNI certificates.
ec_key sni-a.key
leaf sni-a sni-a.key "/O=jsre test/CN=a.test" "$(san_ext DNS:a.test)"
ec_key sni-b.key
leaf sni-b sni-b.key "/O=jsre test/CN=b.test" "$(san_ext DNS:b.test)"

# Certificates picked by local IP address (ipcert): distinguishable by CN.
ec_key ip4-loopback.key
leaf ip4-loopback ip4-loopback.key "/O=jsre test/CN=ip-127.0.0.1" "$(san_ext IP:127.0.0.1)"
ec_key ip6-loopback.key
leaf ip6-loopback ip6-loopback.key "/O=jsre test/CN=ip-::1" "$(san_ext IP:::1)"

# A client certificate for mutual TLS.
ec_key client.key
leaf client client.key "/O=jsre test/CN=jsre test client" 'basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth'

# A wrong-host certificate: valid, signed by the CA, but only for wrong.test.
ec_key wrong-host.key
leaf wrong-host wrong-host.key "/O=jsre test/CN=wrong.test" "$(san_ext DNS:wrong.test)"

# An expired certificate (2020-01-01 .. 2021-01-01): `openssl ca` takes explicit dates.
ec_key expired.key
openssl req -new -key expired.key -subj "/O=jsre test/CN=localhost" -out "$WORK/expired.csr"
mkdir -p "$WORK/ca/new"
: >"$WORK/ca/index.txt"
openssl rand -hex 8 >"$WORK/ca/serial"
san_ext "DNS:localhost,IP:127.0.0.1,IP:::1" >"$WORK/expired.ext"
cat >"$WORK/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
dir = $WORK/ca
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
organizationName = optional
commonName = supplied
CNF
openssl ca -batch -config "$WORK/ca.cnf" -cert ca.pem -keyfile ca.key -notext \
    -startdate 20200101000000Z -enddate 20210101000000Z \
    -extfile "$WORK/expired.ext" -in "$WORK/expired.csr" -out expired.pem

# A self-signed leaf (what `openssl req -x509` makes, so CA:TRUE like users' own certs).
ec_key self-signed.key
openssl req -x509 -new -key self-signed.key -subj "/O=jsre test/CN=localhost" -days "$DAYS" \
    -sha256 -set_serial "$(serial)" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -out self-signed.pem

chmod 644 ./*.pem ./*.key
echo "certs regenerated in $(pwd)"
