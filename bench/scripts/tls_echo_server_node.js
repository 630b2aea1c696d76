// TLS echo server for bench/tls_bench.py on Node's (or Bun's) `tls` module: the same
// certificate and key as tls_echo_server.js, TLS 1.3 only, 127.0.0.1 and a free port;
// prints `PORT n`, then serves until killed.
'use strict';
const tls = require('tls');
const fs = require('fs');
const path = require('path');

const certs = path.join(__dirname, '..', '..', 'certs');
const server = tls.createServer({
  cert: fs.readFileSync(path.join(certs, 'server-ec.pem')),
  key: fs.readFileSync(path.join(certs, 'server-ec.key')),
  minVersion: 'TLSv1.3',
  maxVersion: 'TLSv1.3',
}, (sock) => {
  sock.setNoDelay(true);
  sock.on('error', () => sock.destroy());
  sock.pipe(sock);
});
server.on('tlsClientError', () => {});
server.listen({ host: '127.0.0.1', port: 0, backlog: 1024 }, () => {
  console.log('PORT ' + server.address().port);
});
