// Scene for the tls.isEOF example. As printed, main.js does not compile: `tls.recv(...)`
// is an elision, not code. The scene runs it with that one change, `tls.recv(buf)`
// (docs/examples.md). `tls` is a client connected to the partner server at
// 192.168.0.3:3000, which sends 'all the data' and ends with close_notify; the scene
// reads those 12 bytes first, so the fragment's recv sees the end: negative, isEOF()
// true, and it prints 'receives complete data'.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.connect();
globalThis.buf = new Buffer(1024);
var got = 0;
while (got < 12) {
  var n = tls.recv(buf, got, buf.length - got, 20000);
  if (n <= 0) {
    scene.fail('recv: ' + n + ' ' + sys.error());
  }
  got += n;
}
scene.say('received', JSON.stringify(buf.slice(0, got).toString()));
scene.runChanged(__dirname + '/main.js', 'tls.recv(...)', 'tls.recv(buf)');
scene.say('recv returned', num, 'isEOF', tls.isEOF());
tls.close();
