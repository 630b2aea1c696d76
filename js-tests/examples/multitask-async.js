// examples/multitask-async runs: two tasks adopt fds with the callback form of
// Tls.createByFd and all four clients are answered.
require('../../examples/multitask-async/main.js');
