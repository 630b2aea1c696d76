// An uncaught exception prints its name, message and a stack with file:line, and
// the process exits 1.
function inner() {
  throw new TypeError('it broke');
}
function outer() {
  inner();
}
console.log('before');
outer();
console.log('never');
