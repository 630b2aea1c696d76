// Code nested too deeply for Boa's parser (which has no depth limit and would overflow
// the stack) is refused with a catchable error, from eval, Function and require alike;
// code nested as deeply as programs are compiles as before.
var assert = require('../lib/assert');

function refused(what, fn, type, pattern) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof type, what + ': ' + e);
    assert.ok(pattern.test(e.message), what + ': ' + e.message);
    return;
  }
  throw new Error(what + ': not refused');
}

var parens = '('.repeat(3000) + '1' + ')'.repeat(3000);
refused('eval', function () { eval(parens); }, RangeError, /eval\/Function: line 1 of the code: the source nests too deeply/);
refused('indirect eval', function () { (0, eval)('1;\n' + parens); }, RangeError, /line 2 of the code/);
refused('Function body', function () { new Function('return ' + parens); }, RangeError, /nests too deeply/);
refused('Function parameter', function () { Function('a = ' + parens, 'return a'); }, RangeError, /nests too deeply/);
refused('Function parameters, joined', function () {
  var open = '('.repeat(1000);
  Function('a = ' + open + '1', open + '1', open + '1', ')'.repeat(3000), '');
}, RangeError, /nests too deeply/);
refused('a chain of arrows', function () { eval('x => '.repeat(20000) + '1'); }, RangeError, /nests too deeply/);
refused('a chain of calls', function () { eval('f' + '()'.repeat(50000)); }, RangeError, /nests too deeply/);
refused('require', function () { require('./fixtures/deep-nesting.js'); }, SyntaxError,
  /fixtures\/deep-nesting\.js:2: SyntaxError: the source nests too deeply/);

// As deep as real programs go, and deeper, still works.
assert.equal(eval('('.repeat(500) + '6 * 7' + ')'.repeat(500)), 42);
assert.equal(eval('!'.repeat(2000) + 'true'), true);
assert.equal(new Function('a', 'return ' + 'a + '.repeat(3000) + 'a')(1), 3001);
var nested = eval('[' .repeat(300) + ']'.repeat(300));
assert.ok(Array.isArray(nested));
// Long but flat code is not nesting.
assert.equal(eval('var s = 0;\n' + 's = s + 1;\n'.repeat(20000) + 's'), 20000);
console.log('ok');
