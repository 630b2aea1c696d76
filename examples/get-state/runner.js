// Scene for the tls.getState example: `tls` is a client connected to the partner server at
// 192.168.0.3:3000; main.js runs unchanged; the scene prints `state` and whether it is
// socket.TCP_ESTABLISHED.
var scene = require('../_shared/scene.js');
var socket = require('socket');
globalThis.tls = scene.connect();
scene.run(__dirname + '/main.js');
scene.say('state', state, state === socket.TCP_ESTABLISHED ? 'TCP_ESTABLISHED' : 'not TCP_ESTABLISHED');
tls.close();
