// tls.setIPv6Only on a listening TLS server on '::' really applies (Linux takes the
// option only before bind: the server is rebuilt in place, same fd and port): on, an
// IPv4 client is refused; off, it is served again. On a connected socket Linux refuses
// the option (false, EINVAL 22); docs/modules/tls.md.
var assert = require('../lib/assert');
var Tls = require('tls');
var tp = require('../lib/tlspair');
var server = Tls.createServer({ cert: tp.pem('server-combined.pem') }, Tls.sockaddr(Tls.IN6ADDR_ANY, 0));
var port = server.sockName().port;
var fd = server.sockFd;
tp.answerOk(server);
// Connects over IPv4 and says hi: true when answered, else the errno of the failure.
function v4served() {
  var result;
  Tls.createClient({}, Tls.sockaddr('127.0.0.1', port), function (c) {
    if (!c) { result = sys.errno(); return; }
    c.send('hi');
    iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
      var buf = new Buffer(8);
      var n = c.recv(buf, 0, 8, 0);
      if (n === 0) return;
      result = n > 0;
      c.close();
      return false;
    }));
  });
  assert.until(function () { return result !== undefined; }, 5000, 'the IPv4 client');
  return result;
}
assert.equal(v4served(), true, 'dual-stack by default');
assert.equal(server.setIPv6Only(true), true, sys.error());
assert.equal(server.sockFd, fd, 'the same fd');
assert.equal(server.sockName().port, port, 'the same port');
assert.equal(v4served(), 61, 'IPv4 refused (ECONNREFUSED) when IPv6-only');
assert.equal(server.setIPv6Only(false), true, sys.error());
assert.equal(v4served(), true, 'IPv4 served again');
var p = tp.pair(undefined, undefined, '::1');
assert.equal(p.client.setIPv6Only(true), false, 'a connected socket');
assert.equal(sys.errno(), 22);
p.client.close();
p.peer.close();
p.server.close();
server.close();
