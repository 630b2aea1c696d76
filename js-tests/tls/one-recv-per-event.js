// A READ callback that calls recv once per event, with a buffer larger than what came:
// the short read empties the socket, so the next event must come from new data or the
// peer's close, for tcp and for tls, whether the FIN comes with the last data or later.
// (jsre skips a read that would only say EAGAIN after such a short read, unless epoll
// reported the FIN with the event: this test fails if either case loses the end.)
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
var Tls = require('tls');
var tp = require('../lib/tlspair');

function serve(mod, opt) {
  var server = opt ? mod.createServer(opt, mod.sockaddr('127.0.0.1', 0))
    : mod.createServer(mod.sockaddr('127.0.0.1', 0));
  var seen = { text: '', eof: false, events: 0 };
  server.accept(undefined, function (c) {
    var buf = new Buffer(65536);
    iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
      seen.events++;
      var n = c.recv(buf, 0, buf.length, 0);
      if (n > 0) {
        seen.text += buf.toString('utf8', 0, n);
        return;
      }
      if (n < 0) {
        seen.eof = c.isEOF();
        c.close();
        return false;
      }
    }));
  });
  return { server: server, seen: seen };
}

function connect(mod, opt, port, then) {
  var addr = mod.sockaddr('127.0.0.1', port);
  var cb = function (c) {
    assert.ok(c, 'connect: ' + sys.error());
    then(c);
  };
  if (opt) mod.createClient(opt, addr, cb); else mod.createClient(addr, cb);
}

function run(name, mod, serverOpt, clientOpt, laterClose) {
  var s = serve(mod, serverOpt);
  connect(mod, clientOpt, s.server.sockName().port, function (c) {
    assert.equal(c.send('one'), 3);
    setTimeout(function () {
      assert.equal(c.send('two'), 3);
      if (laterClose) setTimeout(function () { c.close(); }, 50);
      else c.close();
    }, 50);
  });
  assert.until(function () { return s.seen.eof; }, 5000, name + ': the end of the stream');
  assert.equal(s.seen.text, 'onetwo', name);
  assert.ok(s.seen.events >= 3, name + ': one event per arrival');
  s.server.close();
}

var tlsServer = { cert: tp.pem('server-ec.pem'), key: tp.pem('server-ec.key') };
run('tcp, FIN with the data', Tcp, null, null, false);
run('tcp, FIN later', Tcp, null, null, true);
run('tls, close with the data', Tls, tlsServer, {}, false);
run('tls, close later', Tls, tlsServer, {}, true);
console.log('ok');
