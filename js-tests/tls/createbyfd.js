// createSerCtx registers a context; createByFd adopts a flown-away fd with it, blocking
// or with a callback; bad names, closed or non-socket fds and an fd that already has an
// owner are clear failures (undefined + errno), never a double close.
var assert = require('../lib/assert');
var Tls = require('tls');
var Tcp = require('tcp');
var tp = require('../lib/tlspair');
var ctx = Tls.createSerCtx({ name: 'ByFd-Ctx', cert: tp.pem('server-combined.pem'), handshakeTimeout: 3000 });
assert.equal(ctx.name, 'ByFd-Ctx');
assert.equal(ctx.addcert({ name: 'a.test', cert: tp.pem('sni-a.pem'), key: tp.pem('sni-a.key') }), true);
assert.equal(Tls.createSerCtx({ name: 'Broken', cert: 'nope' }), undefined);
// A plain TCP server: its accepted fds are upgraded with createByFd.
var server = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
var port = server.sockName().port;
function client(sni) {
  var done = { c: null, finished: false };
  Tls.createClient({ ca: tp.pem('ca.pem'), server: sni || 'localhost' }, Tls.sockaddr('127.0.0.1', port), function (c) {
    done.c = c;
    done.finished = true;
  });
  return done;
}
// Async adoption in this task.
var c1 = client('a.test');
var raw = server.accept(undefined, 5000);
assert.ok(raw);
var fd = raw.sockFd;
raw.flyAway();
var adopted = null;
var ret = Tls.createByFd('ByFd-Ctx', fd, function (t) { adopted = t; });
assert.ok(ret, 'the object is returned at once');
assert.equal(ret.sockFd, fd);
assert.until(function () { return c1.finished && adopted; }, 5000, 'async createByFd');
assert.equal(adopted, ret);
assert.equal(c1.c.getPeerCertificate().subject.indexOf('a.test') !== -1, true, 'addcert on a context');
c1.c.send('via fd');
var buf = new Buffer(32);
assert.equal(adopted.recv(buf, 0, 32, 2000), 6);
// A second createByFd on an fd this task already owns.
assert.equal(Tls.createByFd('ByFd-Ctx', fd, 100), undefined);
assert.ok(/already owned/.test(sys.error()), sys.error());
assert.equal(adopted.send('ok'), 2, 'the first owner still works');
adopted.close();
c1.c.close();
// Failures.
assert.equal(Tls.createByFd('No-Such-Ctx', 0), undefined);
assert.ok(/no TLS server context named 'No-Such-Ctx'/.test(sys.error()));
assert.equal(Tls.createByFd('ByFd-Ctx', 987654), undefined);
assert.equal(sys.errno(), 9, 'EBADF');
assert.equal(Tls.createByFd('ByFd-Ctx', Task.fd()), undefined, 'an eventfd is not a socket');
assert.equal(sys.errno(), 50, 'ENOTSOCK');
assert.equal(Tls.createByFd('ByFd-Ctx', -1), undefined);
// A client that never speaks: the blocking form returns undefined at its timeout.
var silent = Tcp.createClient(Tcp.sockaddr('127.0.0.1', port));
var raw2 = server.accept(undefined, 5000);
var fd2 = raw2.sockFd;
raw2.flyAway();
var t0 = Date.now();
assert.equal(Tls.createByFd('ByFd-Ctx', fd2, 300), undefined);
assert.ok(Date.now() - t0 >= 290);
assert.equal(sys.errno(), 60);
assert.equal(sys.error(), 'handshake timed out');
var b = new Buffer(4);
assert.ok(silent.recv(b, 0, 4, 2000) < 0, 'the failed adoption closed the fd');
silent.close();
server.close();
