// A client that sends and closes right after its handshake: the server adopts the fd
// with the asynchronous createByFd, whose handshake step may already have read the data
// and the close_notify. Its READ event must still fire (what rustls holds counts as
// readable, as EOF does for select), delivering the data and then the end.
var assert = require('../lib/assert');
var Tls = require('tls');
var Tcp = require('tcp');
var tp = require('../lib/tlspair');
Tls.createSerCtx({ name: 'Early-Close', cert: tp.pem('server-combined.pem') });
var server = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
var port = server.sockName().port;
var got = [];
var ended = 0;
server.accept(undefined, function (raw) {
  var fd = raw.sockFd;
  raw.flyAway();
  Tls.createByFd('Early-Close', fd, function (c) {
    assert.ok(c, sys.error());
    iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
      var buf = new Buffer(64);
      var n;
      do {
        n = c.recv(buf, 0, 64, 0);
        if (n > 0) got.push(buf.toString(n));
        if (n < 0) {
          assert.equal(c.isEOF(), true, sys.error());
          ended++;
          c.close();
          return false;
        }
      } while (n > 0);
    }));
  });
});
var N = 10;
var sent = 0;
for (var i = 0; i < N; i++) {
  Tls.createClient({ ca: tp.pem('ca.pem'), server: 'localhost' }, Tls.sockaddr('127.0.0.1', port), function (c) {
    // Half send a word first; half close at once (only a close_notify follows Finished).
    if (sent++ % 2 === 0) c.send('bye');
    c.close();
  });
}
assert.until(function () { return ended === N; }, 10000, 'every early close to be seen');
assert.equal(got.join(''), 'bye'.repeat(N / 2));
server.close();
