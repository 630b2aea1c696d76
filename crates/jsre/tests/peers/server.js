// A TLS server for tests/tls_peers.rs: async accept and iosched READ events, as the
// documentation's "Synchronous to asynchronous" server does it.
// Arguments are key=value: cert, key, passwd, ca, hs (handshakeTimeout), addr
// (default 127.0.0.1), mode (echo | http).
// stdout: `PORT n` once listening, or `CREATE_FAILED errno message` (exit 3);
// `SESSION proto cipher subject` when a connection first yields data; `CLOSED eof` or
// `CLOSED error errno message` when one ends.
// echo mode echoes every byte; a connection whose first bytes are exactly "FDS?\n" is
// answered `FDS n`, n being the number of this process's open fds.
// http mode answers one minimal HTTP/1.0 request and closes.
var Tls = require('tls');
var fs = require('fs');
var iosched = require('iosched');
var process = require('process');

var args = {};
process.argv.slice(2).forEach(function (a) {
  var i = a.indexOf('=');
  args[a.slice(0, i)] = a.slice(i + 1);
});

var opt = { cert: fs.readString(args.cert) };
if (args.key) opt.key = fs.readString(args.key);
if (args.passwd !== undefined) opt.passwd = args.passwd;
if (args.ca) opt.ca = fs.readString(args.ca);
if (args.hs) opt.handshakeTimeout = Number(args.hs);
var mode = args.mode || 'echo';

var server = Tls.createServer(opt, Tls.sockaddr(args.addr || '127.0.0.1', 0));
if (!server) {
  console.log('CREATE_FAILED ' + sys.errno() + ' ' + sys.error());
  process.exit(3);
}

function fdCount() {
  return fs.readdir('/proc/self/fd').length;
}

var HTTP_BODY = 'hello from jsre\n';

function onData(c, state, buf, n) {
  if (!state.seen) {
    state.seen = true;
    var peer = c.getPeerCertificate();
    console.log('SESSION ' + c.getProtocol() + ' ' + c.getCipher() + ' ' + (peer ? peer.subject : '-'));
    if (mode === 'echo' && n === 5 && buf.toString('latin1', 0, 5) === 'FDS?\n') {
      c.send('FDS ' + fdCount() + '\n');
      return true;
    }
  }
  if (mode === 'http') {
    state.req += buf.toString('latin1', 0, n);
    if (state.req.indexOf('\r\n\r\n') < 0) return true;
    c.send('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ' + HTTP_BODY.length +
      '\r\nConnection: close\r\n\r\n' + HTTP_BODY);
    console.log('CLOSED served');
    c.close();
    return false;
  }
  var sent = c.send(buf, 0, n);
  if (sent !== n) {
    console.log('SEND_SHORT ' + sent + ' of ' + n + ' ' + sys.errno() + ' ' + sys.error());
  }
  return true;
}

server.accept(undefined, function (client, remote) {
  var state = { seen: false, req: '' };
  var buf = Buffer.alloc(65536);
  var ev = iosched.event(iosched.READ, client.sockFd, function (c) {
    for (;;) {
      var n = c.recv(buf, 0, buf.length, 0);
      if (n > 0) {
        if (!onData(c, state, buf, n)) return false;
        continue;
      }
      if (n < 0) {
        console.log(c.isEOF() ? 'CLOSED eof' : 'CLOSED error ' + sys.errno() + ' ' + sys.error());
        c.close();
        return false;
      }
      return true;
    }
  }, undefined, client);
  iosched.add(ev);
});

console.log('PORT ' + server.sockName().port);
iosched.forever();
