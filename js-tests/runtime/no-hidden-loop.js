// The program ends when the script returns: a pending timer does not keep it alive.
setTimeout(function () { console.log('never runs'); }, 10);
console.log('done');
