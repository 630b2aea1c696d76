#!/usr/bin/env bash
# Makes the certificates the documentation's examples read, and puts them into the example
# folders. Two are new, signed by the test CA (certs/ca.pem, certs/ca.key), because no
# certificate in certs/ carries the names the documentation uses:
#   www.example.com  (Tls.createClient's `server: 'www.example.com'`): _shared/www.example.com.pem,
#                    certificate followed by its key, copied as cert.pem into every folder
#                    whose server reads './cert.pem'
#   demo.mysite.com  (tls.addcert's name): addcert/cert.crt and addcert/cert.key
# ca.pem is certs/ca.pem, copied into the folders whose client reads './ca.pem'.
# ECDSA P-256 keys (PKCS#8), SHA-256, 100 years, serverAuth; test-only, the keys are public.
#   bash examples/_shared/make-certs.sh
set -euo pipefail
ex=$(cd "$(dirname "$0")/.." && pwd)
certs=$ex/../certs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

leaf() { # name san -> $work/name.pem, $work/name.key
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$1.key"
  openssl req -new -key "$work/$1.key" -subj "/O=jsre test/CN=$1" -out "$work/$1.csr"
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
    "$2" >"$work/$1.ext"
  openssl x509 -req -in "$work/$1.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" \
    -set_serial "0x$(openssl rand -hex 8)" -days 36500 -sha256 -extfile "$work/$1.ext" \
    -out "$work/$1.pem"
}

leaf www.example.com DNS:www.example.com
cat "$work/www.example.com.pem" "$work/www.example.com.key" >"$ex/_shared/www.example.com.pem"
leaf demo.mysite.com DNS:demo.mysite.com
cp "$work/demo.mysite.com.pem" "$ex/addcert/cert.crt"
cp "$work/demo.mysite.com.key" "$ex/addcert/cert.key"

for d in create-server mports sync-to-async-server multitask-server flyaway create-by-fd-sync \
  create-by-fd-async accept-sync accept-async addcert bind-to-device set-reuse-addr \
  set-ipv6-only; do
  cp "$ex/_shared/www.example.com.pem" "$ex/$d/cert.pem"
done
for d in create-client-sync sync-to-async-client; do
  cp "$certs/ca.pem" "$ex/$d/ca.pem"
done
