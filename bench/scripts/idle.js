// Sits idle in the event loop for 5 seconds (jsre: iosched.forever; Node: a timer).
if (typeof iosched !== 'undefined') {
  var check = { quit: false };
  setTimeout(function () { check.quit = true; }, 5000);
  iosched.forever(check);
} else {
  setTimeout(function () {}, 5000);
}
