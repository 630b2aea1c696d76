// createServer failures return undefined with SylixOS errno: a port in use EADDRINUSE
// (48), an unknown device ENODEV (19), a non-local address EADDRNOTAVAIL (49); a server
// bound to device 'lo' works.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
var first = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
var port = first.sockName().port;

assert.equal(Tcp.createServer(Tcp.sockaddr('127.0.0.1', port)), undefined, 'port in use');
assert.equal(sys.errno(), 48);
assert.equal(sys.error(), 'Address already in use');

sys.clearErrno();
assert.equal(Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0), 5, 'nosuchif0'), undefined, 'unknown device');
assert.equal(sys.errno(), 19);

sys.clearErrno();
assert.equal(Tcp.createServer(Tcp.sockaddr('192.0.2.1', 0)), undefined, 'an address not on this host');
assert.equal(sys.errno(), 49);

var onLo = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0), 16, 'lo');
assert.ok(onLo, 'server on device lo: ' + sys.error());
assert.equal(sys.errno(), 0, 'success clears errno');
var c = Tcp.createClient(Tcp.sockaddr('127.0.0.1', onLo.sockName().port), 5000);
assert.ok(c);
var conn = onLo.accept(undefined, 5000);
assert.ok(conn);
c.close();
conn.close();
onLo.close();
first.close();

// Once closed, the port can be bound again.
var again = Tcp.createServer(Tcp.sockaddr('127.0.0.1', port));
assert.ok(again, 'rebind after close: ' + sys.error());
again.close();
