// A client that sends only a close_notify right after its handshake and keeps its socket
// open (Python's ssl unwrap): the server, adopting the fd with the asynchronous
// createByFd, processed that close_notify inside its handshake step. Its READ event must
// still fire (a processed close_notify counts as readable, as EOF does for select), so
// it answers with its own close_notify and the client's unwrap completes.
var assert = require('../lib/assert');
var Tls = require('tls');
var Tcp = require('tcp');
var tp = require('../lib/tlspair');
Tls.createSerCtx({ name: 'Unwrap', cert: tp.pem('server-combined.pem') });
var server = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
var port = server.sockName().port;
var ended = 0;
server.accept(undefined, function (raw) {
  var fd = raw.sockFd;
  raw.flyAway();
  Tls.createByFd('Unwrap', fd, function (c) {
    assert.ok(c, sys.error());
    iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
      var buf = new Buffer(64);
      var n = c.recv(buf, 0, 64, 0);
      if (n < 0) {
        ended++;
        c.close();
        return false;
      }
    }));
  });
});
var cmd = 'timeout 20 python3 ' + module.directory + '/fixtures/unwrap_client.py ' + port + ' ' + tp.certs + 'ca.pem >/dev/null 2>&1';
var t = new Task('./fixtures/exec-task.js', cmd);
var status;
Task.on('message', function (s) { status = s; });
assert.until(function () { return status !== undefined; }, 20000, 'the python client');
assert.equal(status, 0, 'the client saw a clean close');
assert.equal(ended, 1);
server.close();
