// Scene for the tls.setNoDelay example: `tls` is a client connected to the partner server
// at 192.168.0.3:3000; main.js runs unchanged; the scene prints what it returned, then
// checks the connection still carries data.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.connect();
scene.say('returned', scene.run(__dirname + '/main.js'));
scene.say('send returned', tls.send('still talking'));
tls.close();
