// From the peer's side (openssl s_client): SNI picks a.test / b.test, an unknown name
// falls back to the server's own certificate, no SNI picks the certificate named by the
// local IP (ipcert) over IPv4 and IPv6, addcert replaces a certificate while the server
// runs, a broken certificate is refused, and every mports port serves.
var assert = require('../lib/assert');
var fs = require('fs');
var tp = require('../lib/tlspair');
var out = sys.tmpdir() + '/jsre-sni-' + require('process').pid;
var t = new Task('./fixtures/sni-task.js', { certs: tp.certs });
var info = Task.recv({}, 10000);
assert.ok(info && info.ok && info.extra, 'server set up: ' + JSON.stringify(info));
function subject(host, port, sni) {
  var name = sni === null ? '-noservername' : '-servername ' + sni;
  var cmd = 'timeout 10 openssl s_client -connect ' + host + ':' + port + ' ' + name +
    ' </dev/null 2>/dev/null | openssl x509 -noout -subject > ' + out + ' 2>&1';
  assert.equal(sys.exec(cmd), 0, cmd);
  return fs.readString(out).trim().replace(/^subject=\s*/, '');
}
var p = info.port;
assert.equal(subject('127.0.0.1', p, 'a.test'), 'O = jsre test, CN = a.test');
assert.equal(subject('127.0.0.1', p, 'b.test'), 'O = jsre test, CN = b.test');
assert.equal(subject('127.0.0.1', p, 'B.TEST'), 'O = jsre test, CN = b.test', 'names match case-insensitively');
assert.equal(subject('127.0.0.1', p, 'unknown.test'), 'O = jsre test, CN = localhost');
assert.equal(subject('127.0.0.1', p, null), 'O = jsre test, CN = ip-127.0.0.1');
assert.equal(subject('[::1]', p, null), 'O = jsre test, CN = ip-::1');
assert.equal(subject('127.0.0.1', p + 1, 'a.test'), 'O = jsre test, CN = a.test', 'mports port 1');
assert.equal(subject('[::1]', p + 2, null), 'O = jsre test, CN = ip-::1', 'mports port 2');
t.send('swap');
assert.equal(Task.recv({}, 5000).swapped, true);
assert.equal(subject('127.0.0.1', p, 'a.test'), 'O = jsre test, CN = b.test', 'the replaced certificate');
t.send('broken');
var r = Task.recv({}, 5000);
assert.equal(r.broken, false);
assert.ok(r.error.length > 0);
t.send('quit');
assert.until(function () { return !t.isAlive(); }, 5000, 'the server task');
fs.unlink(out);
