// Recursion 2,000 frames deep works; runaway recursion ends the script with a clear
// error and exit code 1 (Boa's runtime limits cannot be caught), never a crash.
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
console.log(depth(2000));
function down(n) { return down(n + 1) + 1; }
down(0);
