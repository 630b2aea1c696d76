// accept(remote, timeout) gives undefined with errno ETIMEDOUT when nobody connects in
// time, leaves remote alone, and still accepts a later connection.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
var server = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
var remote = {};
var t0 = Date.now();
assert.equal(server.accept(remote, 150), undefined);
var took = Date.now() - t0;
assert.equal(sys.errno(), 60);
assert.ok(took >= 140 && took < 3000, 'waited about 150 ms, took ' + took);
assert.deepEqual(remote, {}, 'remote untouched');

t0 = Date.now();
assert.equal(server.accept(undefined, 0), undefined, 'timeout 0 does not wait');
assert.ok(Date.now() - t0 < 500);
assert.notEqual(sys.errno(), 0);

var client = Tcp.createClient(Tcp.sockaddr('127.0.0.1', server.sockName().port), 5000);
var conn = server.accept(remote, 5000);
assert.ok(conn, 'accept after the timeouts: ' + sys.error());
assert.deepEqual(remote, client.sockName());
client.close();
conn.close();
server.close();
