// process.exit(code) ends the program with that code at once.
var process = require('process');
console.log('bye');
process.exit(7);
console.log('never');
