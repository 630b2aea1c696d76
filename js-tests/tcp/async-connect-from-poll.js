// The async createClient callback runs from iosched.poll, never before createClient has
// returned (the returned object is the one passed to the callback), also on loopback
// where the connect (or the refusal) is immediate.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
var server = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
var port = server.sockName().port;
var client, during = null, got = null;
client = Tcp.createClient(Tcp.sockaddr('127.0.0.1', port), function (tcp) {
  during = client;
  got = tcp;
});
assert.equal(during, null, 'the callback did not run inside createClient');
assert.until(function () { return got !== null; }, 5000, 'connect callback');
assert.equal(got, client);
assert.equal(during, client, 'createClient had returned when the callback ran');

// Refused on ::1 (nobody listens there on this port).
var refused = null, returned = false, early = null;
Tcp.createClient(Tcp.sockaddr('::1', port), function (tcp) {
  early = !returned;
  refused = { tcp: tcp, errno: sys.errno() };
});
returned = true;
assert.until(function () { return refused !== null; }, 5000, 'refused callback');
assert.equal(early, false, 'the refusal callback ran from poll');
assert.equal(refused.tcp, undefined);
assert.equal(refused.errno, 61);
client.close();
server.accept(undefined, 1000).close();
server.close();
