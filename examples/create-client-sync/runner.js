// Scene for the synchronous createClient example: runs main.js unchanged (it needs `Tls`
// and `fs`, which scene.js defines). On success `tls` is connected and verified as
// www.example.com: the scene sends one message and prints the answer. On failure the
// example itself prints 'connect error: ...'.
var scene = require('../_shared/scene.js');
scene.run(__dirname + '/main.js');
if (tls) {
  scene.say('connected', tls.getProtocol(), 'authorized', tls.authorized);
  tls.send('hello from the createClient example');
  var buf = new Buffer(1024);
  var n = tls.recv(buf, 0, buf.length, 20000);
  scene.say('received', n > 0 ? JSON.stringify(buf.slice(0, n).toString()) : n);
  tls.close();
} else {
  scene.say('no connection');
}
