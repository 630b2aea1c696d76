// Scene for the asynchronous accept example: `tls` is a server on port 3000 with
// ./cert.pem (www.example.com); main.js runs unchanged, prints each new client's address
// from iosched.poll() and loops forever; the harness ends it.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.listen();
scene.run(__dirname + '/main.js');
