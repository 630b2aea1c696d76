// 100,000 zero-delay timers, scheduled then dispatched; one JSON line.
var N = 100000;
var count = 0;
function inc() { count++; }
var isJsre = typeof iosched !== 'undefined';
var t0 = Date.now();
for (var i = 0; i < N; i++) setTimeout(inc, 0);
function report() {
  console.log(JSON.stringify({ name: '100k zero-delay timers', ms: Date.now() - t0 }));
}
if (isJsre) {
  while (count < N) iosched.poll();
  report();
} else {
  setTimeout(function check() { if (count < N) return setTimeout(check, 0); report(); }, 0);
}
