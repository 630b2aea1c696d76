// Scene for the tls.setKeepAlive example: `tls` is a client connected to the partner
// server at 192.168.0.3:3000; main.js runs unchanged; the scene prints what it returned
// and keeps the connection open while the harness looks at its keepalive timer (ss -o).
var scene = require('../_shared/scene.js');
globalThis.tls = scene.connect();
scene.say('returned', scene.run(__dirname + '/main.js'));
scene.hold();
