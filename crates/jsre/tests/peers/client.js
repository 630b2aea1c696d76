// A TLS client for tests/tls_peers.rs, blocking createClient.
// Arguments are key=value: host (default 127.0.0.1), port, ca, server, reject
// (rejectUnauthorized, true/false), mode (verify | echo | big), line (echo mode),
// file (big mode: the bytes to send; the peer sends them back).
// stdout: `CONNECT_FAILED errno message`, or `CONNECTED proto authorized authorizationError`
// then, by mode: `ECHO text` (the first line received), `BIG OK n`; then `CLOSED`.
// Any other failure prints `FAIL ...` and exits 1.
var Tls = require('tls');
var fs = require('fs');
var process = require('process');

var args = {};
process.argv.slice(2).forEach(function (a) {
  var i = a.indexOf('=');
  args[a.slice(0, i)] = a.slice(i + 1);
});

function fail(what) {
  console.log('FAIL ' + what + ' (errno ' + sys.errno() + ': ' + sys.error() + ')');
  process.exit(1);
}

var opt = { rejectUnauthorized: args.reject === 'true' };
if (args.ca) opt.ca = fs.readString(args.ca);
if (args.server) opt.server = args.server;

var tls = Tls.createClient(opt, Tls.sockaddr(args.host || '127.0.0.1', Number(args.port)), 20000);
if (!tls) {
  console.log('CONNECT_FAILED ' + sys.errno() + ' ' + sys.error());
  process.exit(0);
}
// authorized must be a boolean; authorizationError a string, or undefined when authorized.
var authorized = tls.authorized === true || tls.authorized === false ? tls.authorized : 'NOT-A-BOOLEAN:' + tls.authorized;
console.log('CONNECTED ' + tls.getProtocol() + ' ' + authorized + ' ' + tls.authorizationError);

var mode = args.mode || 'verify';
if (mode === 'echo') {
  var line = args.line || 'hello from jsre';
  if (tls.send(line + '\n', 10000) !== line.length + 1) fail('send');
  var buf = Buffer.alloc(4096);
  var got = '';
  while (got.indexOf('\n') < 0) {
    var n = tls.recv(buf, 0, buf.length, 20000);
    if (n <= 0) fail('recv returned ' + n + ' after ' + JSON.stringify(got));
    got += buf.toString('latin1', 0, n);
  }
  console.log('ECHO ' + got.slice(0, got.indexOf('\n')));
} else if (mode === 'big') {
  var data = fs.readFile(args.file);
  if (!data) fail('cannot read ' + args.file);
  var sent = tls.send(data, 0, data.length, 40000);
  if (sent !== data.length) fail('sent ' + sent + ' of ' + data.length);
  var back = Buffer.alloc(data.length);
  var have = 0;
  while (have < back.length) {
    var r = tls.recv(back, have, back.length - have, 20000);
    if (r <= 0) fail('recv returned ' + r + ' after ' + have + ' bytes');
    have += r;
  }
  if (!back.equals(data)) fail('the echo differs from what was sent');
  console.log('BIG OK ' + have);
}
tls.close();
console.log('CLOSED');
