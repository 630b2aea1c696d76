// IPv6 on ::1: sockaddr infers AF_INET6, the server listens on port 0, blocking and async
// clients connect, addresses come back with domain 10, and data flows both ways.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
assert.equal(Tcp.AF_INET6, 10);
assert.equal(Tcp.IN6ADDR_LOOPBACK, '::1');
assert.equal(Tcp.IN6ADDR_ANY, '::');
assert.deepEqual(Tcp.sockaddr('::1', 80), { domain: 10, addr: '::1', port: 80 });
assert.deepEqual(Tcp.sockaddr('127.0.0.1', 80), { domain: 2, addr: '127.0.0.1', port: 80 });

var server = Tcp.createServer(Tcp.sockaddr(Tcp.IN6ADDR_LOOPBACK, 0));
assert.ok(server, 'createServer on ::1: ' + sys.error());
var local = server.sockName();
assert.equal(local.domain, 10);
assert.equal(local.addr, '::1');
var port = local.port;

var client = Tcp.createClient({ domain: Tcp.AF_INET6, addr: '::1', port: port }, 5000);
assert.ok(client, 'createClient ::1: ' + sys.error());
var remote = {};
var conn = server.accept(remote, 5000);
assert.ok(conn);
assert.equal(remote.domain, 10);
assert.equal(remote.addr, '::1');
assert.deepEqual(remote, client.sockName());
assert.deepEqual(client.peerName(), { domain: 10, addr: '::1', port: port });
assert.equal(conn.getState(), 4);
assert.equal(conn.setTTL(64), true, 'hop limit on IPv6');

var buf = new Buffer(16);
assert.equal(client.send('over v6'), 7);
assert.equal(conn.recv(buf, 0, 16, 5000), 7);
assert.equal(buf.toString('utf8', 0, 7), 'over v6');
assert.equal(conn.send('back'), 4);
assert.equal(client.recv(buf, 0, 16, 5000), 4);

// Async accept and async connect over v6; domain omitted in the sockaddr.
var accepted = null, connected = null;
server.accept(undefined, function (tcp, r) { accepted = [tcp, r]; });
Tcp.createClient({ addr: '::1', port: port }, function (tcp, r) { connected = [tcp, r]; });
assert.until(function () { return accepted && connected; }, 5000, 'async v6 connection');
assert.ok(connected[0], 'async connect: ' + sys.error());
assert.deepEqual(connected[1], { domain: 10, addr: '::1', port: port });
assert.equal(accepted[1].domain, 10);
assert.deepEqual(accepted[1], connected[0].sockName());

client.close();
conn.close();
accepted[0].close();
connected[0].close();
server.close();
