// setIPv6Only on a listening IPv6 server really applies (the socket is rebuilt in place,
// same fd, since Linux takes the option only before bind): with it on, an IPv4 client
// cannot reach a server on '::'; with it off, it can. On a connected socket Linux
// refuses the option: false with EINVAL (22).
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
var server = Tcp.createServer(Tcp.sockaddr('::', 0));
var port = server.sockName().port;
var fd = server.sockFd;
function v4connects() {
  var c = Tcp.createClient(Tcp.sockaddr('127.0.0.1', port), 2000);
  if (!c) return false;
  var peer = server.accept(undefined, 2000);
  c.close();
  if (peer) peer.close();
  return true;
}
assert.ok(v4connects(), 'dual-stack by default');
assert.equal(server.setIPv6Only(true), true, sys.error());
assert.equal(server.sockFd, fd, 'the same fd');
assert.equal(server.sockName().port, port, 'the same port');
assert.equal(v4connects(), false, 'IPv4 refused when IPv6-only');
assert.equal(sys.errno(), 61);
assert.equal(server.setIPv6Only(false), true, sys.error());
assert.ok(v4connects(), 'IPv4 accepted again');
var c6 = Tcp.createClient(Tcp.sockaddr('::1', port), 2000);
assert.ok(c6);
assert.equal(c6.setIPv6Only(true), false);
assert.equal(sys.errno(), 22);
c6.close();
var v4server = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
assert.equal(v4server.setIPv6Only(true), false, 'not an IPv6 socket');
assert.equal(sys.errno(), 22);
v4server.close();
server.close();
