// The Buffer workload, one file for both runtimes: 1 MiB hex and base64 encode/decode,
// and one million small integer writes. Prints one JSON line per measurement.
var now = function () { return Date.now(); };
var MiB = 1 << 20;
var data = Buffer.alloc(MiB);
for (var i = 0; i < MiB; i++) data[i] = (i * 31 + (i >> 8)) & 255;
function measure(name, rounds, f) {
  f();
  var t0 = now();
  for (var r = 0; r < rounds; r++) f();
  var ms = (now() - t0) / rounds;
  console.log(JSON.stringify({ name: name, ms: ms }));
}
var hex = data.toString('hex');
var b64 = data.toString('base64');
measure('hex encode 1 MiB', 20, function () { return data.toString('hex'); });
measure('hex decode 1 MiB', 20, function () { return Buffer.from(hex, 'hex'); });
measure('base64 encode 1 MiB', 20, function () { return data.toString('base64'); });
measure('base64 decode 1 MiB', 20, function () { return Buffer.from(b64, 'base64'); });
if (!Buffer.from(hex, 'hex').equals(data) || !Buffer.from(b64, 'base64').equals(data)) throw new Error('round trip failed');
var small = Buffer.alloc(1000000);
measure('1M writeUInt8', 3, function () {
  for (var j = 0; j < 1000000; j++) small.writeUInt8(j & 255, j);
});
measure('1M writeUInt16LE', 3, function () {
  for (var j = 0; j < 999999; j += 2) small.writeUInt16LE(j & 0xffff, j);
});
