// Scene for the synchronous accept example: `tls` is a server on port 3000 with
// ./cert.pem (www.example.com); main.js runs unchanged, waits for a client and prints
// its address. The scene then greets the new connection (its handshake runs then) and
// closes it.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.listen();
scene.run(__dirname + '/main.js');
if (!tlsNew) {
  scene.fail('accept: ' + sys.error());
}
var n = tlsNew.send('welcome');
scene.say('sent', n, 'over', tlsNew.getProtocol());
tlsNew.close();
tls.close();
