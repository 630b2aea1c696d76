// A sync createClient whose handshake fails (here it times out) closes its fd. A socket
// that later gets the same fd number must not inherit the failed connection's
// "readable" mark (a broken TLS connection counts as readable, as EOF does for select):
// the turn would report it ready every time, so iosched.poll(timeout) would never wait
// and a READ callback on it would run with nothing to read.
var assert = require('../lib/assert');
var Tls = require('tls');
var Tcp = require('tcp');

// A listener that never accepts: the client's handshake gets no answer.
var silent = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
var probe = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
var fdNumber = probe.sockFd;
probe.close();
var client = Tls.createClient({ handshakeTimeout: 2000 }, Tls.sockaddr('127.0.0.1', silent.sockName().port));
assert.equal(client, undefined, 'the handshake fails');
assert.equal(sys.errno(), 60, 'ETIMEDOUT, got ' + sys.errno() + ' ' + sys.error());

var next = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
assert.equal(next.sockFd, fdNumber, 'precondition: the new listener reuses the fd number');
var calls = 0;
iosched.add(iosched.event(iosched.READ, next.sockFd, function () { calls++; }));
for (var i = 0; i < 3; i++) iosched.poll(100);
assert.equal(calls, 0, 'READ callbacks on a listener nobody connected to');
next.close();
silent.close();
