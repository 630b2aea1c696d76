// Scene for the tls.setLinger example: `tls` is a client connected to the partner server
// at 192.168.0.3:3000; main.js runs unchanged (linger on, 0 s); the scene prints what it
// returned and closes: the partner sees the connection end with a RST, not a FIN.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.connect();
scene.say('returned', scene.run(__dirname + '/main.js'));
tls.close();
scene.say('closed');
