// Scene for the tls.send example: `tls` is a client connected to the partner server at
// 192.168.0.3:3000; main.js runs unchanged; the scene prints what send returned and
// closes the connection (the partner prints what it received).
var scene = require('../_shared/scene.js');
globalThis.tls = scene.connect();
scene.run(__dirname + '/main.js');
scene.say('send returned', num);
tls.close();
