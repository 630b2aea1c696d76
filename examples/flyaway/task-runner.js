// Scene for the flyAway example (the other task): defines `Tls`, then runs task.js
// unchanged: it receives the fd and adopts it with Tls.createByFd('ServerName', fd),
// which runs the handshake. The scene then echoes one message on `tls` and reports to
// the main task.
var scene = require('../_shared/scene.js');
scene.run(__dirname + '/task.js');
if (!tls) {
  Task.send(Task.parent(), 'createByFd failed: ' + sys.error());
} else {
  var buf = new Buffer(1024);
  var n = tls.recv(buf, 0, buf.length, 20000);
  var text = n > 0 ? buf.slice(0, n).toString() : '';
  tls.send('echo: ' + text);
  var protocol = tls.getProtocol();
  tls.close();
  Task.send(Task.parent(), 'handshaked ' + protocol + ', received ' + JSON.stringify(text));
}
