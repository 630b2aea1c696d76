// The sockaddr object's fields, written out rather than made by Tls.sockaddr: domain
// (Tls.AF_INET / Tls.AF_INET6, or socket.AF_INET / socket.AF_INET6), addr and port (0: the
// system picks one, read with sockName()). domain may be omitted: it follows the address.
// A domain that contradicts the address is a TypeError. Servers and clients alike.
var assert = require('../lib/assert');
var Tls = require('tls');
var socket = require('socket');
var tp = require('../lib/tlspair');
var opt = { cert: tp.pem('server-combined.pem') };

// A server on `saddr`, and a client to it through `client(port)`; both must work.
function check(saddr, client, want) {
  var server = Tls.createServer(opt, saddr);
  assert.ok(server, JSON.stringify(saddr) + ': ' + sys.error());
  var local = server.sockName();
  assert.equal(local.domain, want.domain);
  assert.equal(local.addr, want.addr);
  assert.ok(local.port > 0, 'port 0: the system picked ' + local.port);
  var got = null;
  server.accept(undefined, function (c) {
    iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
      var buf = new Buffer(8);
      var n = c.recv(buf, 0, 8, 0);
      if (n > 0) got = buf.toString(n);
      if (n < 0) { c.close(); return false; }
    }));
  });
  var conn;
  var remoteSeen;
  Tls.createClient({}, client(local.port), function (c, remote) {
    conn = c;
    remoteSeen = remote;
    c.send('hi');
  });
  assert.until(function () { return got === 'hi'; }, 5000, 'a client to ' + JSON.stringify(saddr));
  assert.deepEqual(remoteSeen, { domain: want.domain, addr: want.addr, port: local.port });
  assert.equal(conn.peerName().domain, want.domain);
  conn.close();
  server.close();
}
var v4 = { domain: 2, addr: '127.0.0.1' };
var v6 = { domain: 10, addr: '::1' };
check({ domain: Tls.AF_INET, addr: '127.0.0.1', port: 0 },
  function (port) { return { domain: Tls.AF_INET, addr: '127.0.0.1', port: port }; }, v4);
check({ domain: Tls.AF_INET6, addr: '::1', port: 0 },
  function (port) { return { domain: Tls.AF_INET6, addr: '::1', port: port }; }, v6);
check({ domain: socket.AF_INET, addr: '127.0.0.1', port: 0 },
  function (port) { return { domain: socket.AF_INET, addr: '127.0.0.1', port: port }; }, v4);
check({ domain: socket.AF_INET6, addr: '::1', port: 0 },
  function (port) { return { domain: socket.AF_INET6, addr: '::1', port: port }; }, v6);
// domain omitted.
check({ addr: '127.0.0.1', port: 0 }, function (port) { return { addr: '127.0.0.1', port: port }; }, v4);
check({ addr: '::1', port: 0 }, function (port) { return { addr: '::1', port: port }; }, v6);
// A domain that contradicts the address.
assert.throws(function () { Tls.createServer(opt, { domain: Tls.AF_INET6, addr: '127.0.0.1', port: 0 }); },
  TypeError, "address '127.0.0.1' does not belong to domain 10");
assert.throws(function () { Tls.createClient({}, { domain: Tls.AF_INET, addr: '::1', port: 1 }, 1000); },
  TypeError, "address '::1' does not belong to domain 2");
