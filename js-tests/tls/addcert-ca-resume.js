// tls.addcert({ name, cert, key, ca }): clients asking for `name` must present a
// certificate from `ca`, also a client that resumes a session from before the
// certificate with `ca` was added (same client options: jsre's client reuses its
// session cache) must not be served without one (each certificate's config keeps its own tickets).

var assert = require('../lib/assert');
var Tls = require('tls');
var tp = require('../lib/tlspair');
var pem = tp.pem;
var server = Tls.createServer({ cert: pem('server-combined.pem') }, Tls.sockaddr('127.0.0.1', 0));
tp.answerOk(server);
function ask(opt) {
  var result;
  Tls.createClient(opt, Tls.sockaddr('127.0.0.1', server.sockName().port), function (c) {
    if (!c) { result = 'failed: ' + sys.error(); return; }
    c.send('hello');
    tp.readAnswer(c, function (r) { result = r; });
  });
  assert.until(function () { return result !== undefined; }, 5000, 'the exchange');
  return result;
}
var opt = { ca: pem('ca.pem'), server: 'a.test', rejectUnauthorized: true };
assert.equal(server.addcert({ name: 'a.test', cert: pem('sni-a.pem'), key: pem('sni-a.key') }), true);
assert.equal(ask(opt), 'answered ok', 'no client certificate needed yet');
assert.equal(server.addcert({ name: 'a.test', cert: pem('sni-a.pem'), key: pem('sni-a.key'), ca: pem('ca.pem') }), true);
// A full handshake without a client certificate is refused (passes):
var fresh = { ca: pem('ca.pem'), server: 'a.test', rejectUnauthorized: true, handshakeTimeout: 30000 };
assert.equal(ask(fresh), 'ended: alert received: certificate_required');
// The same client as before resumes its session and is served (fails: 'answered ok'):
assert.notEqual(ask(opt), 'answered ok', 'served without a client certificate after addcert added ca');
server.close();
