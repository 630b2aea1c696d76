// The tcp module's address constants and Tcp.sockaddr: the domain follows the address
// text, a missing address is 0.0.0.0 and a missing port 0.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
assert.equal(Tcp.AF_INET, 2);
assert.equal(Tcp.AF_INET6, 10);
assert.equal(Tcp.INADDR_ANY, '0.0.0.0');
assert.equal(Tcp.INADDR_LOOPBACK, '127.0.0.1');
assert.equal(Tcp.INADDR_NONE, '255.255.255.255');
assert.equal(Tcp.INADDR_BROADCAST, '255.255.255.255');
assert.equal(Tcp.IN6ADDR_ANY, '::');
assert.equal(Tcp.IN6ADDR_LOOPBACK, '::1');
assert.equal(Tcp.IN6ADDR_NODELOCAL_ALLNODES, 'ff01::1');
assert.equal(Tcp.IN6ADDR_LINKLOCAL_ALLNODES, 'ff02::1');
assert.equal(typeof Tcp.createServer, 'function');
assert.equal(typeof Tcp.createClient, 'function');
assert.equal(typeof Tcp.createByFd, 'function');

assert.deepEqual(Tcp.sockaddr(Tcp.INADDR_ANY, 2049), { domain: 2, addr: '0.0.0.0', port: 2049 });
assert.deepEqual(Tcp.sockaddr('::', 1), { domain: 10, addr: '::', port: 1 });
assert.deepEqual(Tcp.sockaddr('127.0.0.1'), { domain: 2, addr: '127.0.0.1', port: 0 });
assert.deepEqual(Tcp.sockaddr(), { domain: 2, addr: '0.0.0.0', port: 0 });

// A sockaddr without domain works for servers and clients.
var server = Tcp.createServer({ addr: '127.0.0.1', port: 0 });
assert.ok(server);
var c = Tcp.createClient({ addr: '127.0.0.1', port: server.sockName().port }, 5000);
assert.ok(c, sys.error());
var conn = server.accept(undefined, 5000);
c.close();
conn.close();
server.close();
