// Scene for the tls.setReuseAddr example: `tls` is a server on port 3000 with ./cert.pem;
// main.js runs unchanged; the scene prints what it returned and serves one client.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.listen();
scene.say('returned', scene.run(__dirname + '/main.js'));
scene.serveOne(tls);
tls.close();
