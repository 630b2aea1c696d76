// Blocking tcp: createServer on port 0, createClient, accept filling the remote address,
// send (string, Buffer with offset/length, array) and recv with timeouts, both names.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');

var server = Tcp.createServer(Tcp.sockaddr(Tcp.INADDR_LOOPBACK, 0));
assert.ok(server, 'createServer: ' + sys.error());
assert.equal(typeof server.sockFd, 'number');
var local = server.sockName();
assert.equal(local.domain, Tcp.AF_INET);
assert.equal(local.addr, '127.0.0.1');
assert.ok(local.port > 0 && local.port < 65536, 'port 0 picked a port');

var client = Tcp.createClient(Tcp.sockaddr('127.0.0.1', local.port), 5000);
assert.ok(client, 'createClient: ' + sys.error());
assert.equal(sys.errno(), 0);
var remote = {};
var conn = server.accept(remote, 5000);
assert.ok(conn, 'accept: ' + sys.error());
assert.notEqual(conn.sockFd, client.sockFd);
assert.deepEqual(remote, client.sockName(), 'accept filled the remote address');
assert.deepEqual(conn.peerName(), client.sockName());
assert.deepEqual(client.peerName(), { domain: 2, addr: '127.0.0.1', port: local.port });
assert.deepEqual(conn.sockName(), client.peerName());

function recvAll(tcp, n) {
  var buf = new Buffer(n), got = 0;
  while (got < n) {
    var r = tcp.recv(buf, got, n - got, 5000);
    assert.ok(r > 0, 'recv returned ' + r + ': ' + sys.error());
    got += r;
  }
  return buf;
}

assert.equal(client.send('hello, server'), 13);
var msg = recvAll(conn, 13);
assert.equal(msg.toString(), 'hello, server');
assert.equal(conn.send(msg), 13, 'echo the Buffer');
assert.equal(recvAll(client, 13).toString(), 'hello, server');

assert.equal(client.send('héllo', 5000), 6, 'a string is sent as UTF-8; a timeout may follow');
assert.equal(recvAll(conn, 6).toString(), 'héllo');

var big = Buffer.from('0123456789');
assert.equal(client.send(big, 3), 7, 'offset');
assert.equal(recvAll(conn, 7).toString(), '3456789');
assert.equal(client.send(big, 2, 3), 3, 'offset and length');
assert.equal(recvAll(conn, 3).toString(), '234');
assert.equal(client.send(big, 0, 4, 1000), 4, 'offset, length and timeout');
assert.equal(recvAll(conn, 4).toString(), '0123');
assert.equal(client.send(big, 0, 0), 0, 'length 0');

assert.equal(client.send(['ab', Buffer.from('cd'), 'é']), 6, 'an array of strings and Buffers');
assert.equal(recvAll(conn, 6).toString(), 'abcdé');

// recv into the middle of a buffer leaves the rest alone.
var into = Buffer.alloc(8, '.');
conn.send('XY');
assert.equal(client.recv(into, 3, 4, 5000), 2);
assert.equal(into.toString(), '...XY...');

// pending() counts unread bytes.
client.send('12345');
assert.until(function () { return conn.pending() === 5; }, 5000, 'pending 5');
assert.equal(recvAll(conn, 5).toString(), '12345');
assert.equal(conn.pending(), 0);
assert.equal(conn.error(), 0, 'no socket error');

client.close();
conn.close();
server.close();
