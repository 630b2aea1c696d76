// Tls.createClient's options against a server with `ca` (client certificates demanded):
// cert + key, and cert + an encrypted key with passwd (a wrong passwd: undefined with the
// reason), are seen by the server; without cert the server refuses. rejectUnauthorized
// defaults to false; loadDefaultCerts loads the system's trusted roots, which do not
// include our test CA (with rejectUnauthorized: unknown issuer), and adds to `ca` rather
// than replacing it; renegotiate: true is accepted by client and server (renegotiation
// itself is never performed, docs/modules/tls.md). The callback gets the remote address.
var assert = require('../lib/assert');
var Tls = require('tls');
var fs = require('fs');
var tp = require('../lib/tlspair');
var pem = tp.pem;
// client.key encrypted with a passwd (certs/ has no encrypted client key).
var keyFile = sys.tmpdir() + '/jsre-client-key-' + require('process').pid;
assert.equal(sys.exec('openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:client-pw -in ' +
  tp.certs + 'client.key -out ' + keyFile + ' 2>/dev/null'), 0, 'openssl pkcs8');
var encKey = fs.readString(keyFile);
fs.unlink(keyFile);
assert.ok(/ENCRYPTED PRIVATE KEY/.test(encKey));

var server = Tls.createServer({ cert: pem('server-ec.pem'), key: pem('server-ec.key'), ca: pem('ca.pem'), renegotiate: true },
  Tls.sockaddr('127.0.0.1', 0));
assert.ok(server, sys.error());
var port = server.sockName().port;
var seen = [];
server.accept(undefined, function (c) {
  iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
    var buf = new Buffer(64);
    var n = c.recv(buf, 0, 64, 0);
    if (n > 0) {
      var peer = c.getPeerCertificate();
      seen.push(buf.toString(n) + ' from ' + (peer ? peer.subject : 'nobody'));
      c.send('ok');
    } else if (n < 0) {
      if (!c.isEOF()) seen.push('refused: ' + sys.error());
      c.close();
      return false;
    }
  }));
});

// Connects with `opt`, says `text`, waits for the answer; returns what happened.
function talk(opt, text) {
  var result;
  var r = Tls.createClient(opt, Tls.sockaddr('127.0.0.1', port), function (c, remote) {
    if (!c) {
      result = 'failed: ' + sys.error();
      return;
    }
    assert.deepEqual(remote, { domain: 2, addr: '127.0.0.1', port: port }, 'the callback gets the remote address');
    c.send(text);
    tp.readAnswer(c, function (r) { result = r; });
  });
  assert.ok(r, 'createClient: ' + sys.error());
  assert.until(function () { return result !== undefined; }, 10000, text);
  return result;
}
var trusted = { ca: pem('ca.pem'), server: 'localhost', rejectUnauthorized: true };
function withTrust(extra) {
  var o = {};
  [trusted, extra].forEach(function (src) { Object.keys(src).forEach(function (k) { o[k] = src[k]; }); });
  return o;
}

// cert + key.
assert.equal(talk(withTrust({ cert: pem('client.pem'), key: pem('client.key') }), 'plain key'), 'answered ok');
// cert + encrypted key + passwd.
assert.equal(talk(withTrust({ cert: pem('client.pem'), key: encKey, passwd: 'client-pw' }), 'encrypted key'), 'answered ok');
assert.deepEqual(seen, ['plain key from CN=jsre test client,O=jsre test', 'encrypted key from CN=jsre test client,O=jsre test']);
// A wrong passwd: no connection at all.
assert.equal(Tls.createClient(withTrust({ cert: pem('client.pem'), key: encKey, passwd: 'wrong' }),
  Tls.sockaddr('127.0.0.1', port), function () { assert.fail('connected with a wrong passwd'); }), undefined);
assert.equal(sys.error(), 'private key does not decrypt with passwd');
assert.equal(Tls.createClient(withTrust({ cert: pem('client.pem'), key: encKey, passwd: 'wrong' }),
  Tls.sockaddr('127.0.0.1', port), 2000), undefined, 'the blocking form too');
assert.equal(sys.error(), 'private key does not decrypt with passwd');
// No client certificate: the server refuses the connection.
seen = [];
assert.ok(/^(failed|ended): /.test(talk(withTrust({}), 'no cert')), 'a client without cert is not served');
assert.until(function () { return seen.length > 0; }, 5000, 'the server to refuse');
assert.deepEqual(seen, ['refused: certificate verify failed: peer sent no certificate']);

// The client options that do not need a client certificate, against a plain server.
server.close();
server = Tls.createServer({ cert: pem('server-ec.pem'), key: pem('server-ec.key') }, Tls.sockaddr('127.0.0.1', 0));
port = server.sockName().port;
tp.answerOk(server);
// Connects with `opt` (asynchronously: the server runs in this task too); returns the
// object, or the reason it failed.
function connect(opt) {
  var done = false, conn, why;
  Tls.createClient(opt, Tls.sockaddr('127.0.0.1', port), function (c) {
    conn = c;
    why = c ? undefined : sys.error();
    done = true;
  });
  assert.until(function () { return done; }, 10000, 'the connection');
  return conn || why;
}
// rejectUnauthorized defaults to false: an unverifiable server is served, not authorized.
var lax = connect({ server: 'localhost' });
assert.equal(typeof lax, 'object', lax);
assert.equal(lax.authorized, false);
assert.equal(lax.authorizationError, 'certificate verify failed: unknown issuer');
lax.close();
// loadDefaultCerts: the system's roots do not include our CA.
assert.equal(connect({ loadDefaultCerts: true, server: 'localhost', rejectUnauthorized: true }),
  'certificate verify failed: unknown issuer');
var viaDefault = connect({ loadDefaultCerts: true, server: 'localhost' });
assert.equal(typeof viaDefault, 'object', viaDefault);
assert.equal(viaDefault.authorizationError, 'certificate verify failed: unknown issuer');
viaDefault.close();
// ...and they add to `ca`: with both, our CA still verifies the server.
var both = connect(withTrust({ loadDefaultCerts: true }));
assert.equal(typeof both, 'object', both);
assert.equal(both.authorized, true);
both.close();
// renegotiate: true on the client (and above on the server) is accepted.
assert.equal(talk(withTrust({ renegotiate: true }), 'renegotiate'), 'answered ok');
server.close();
