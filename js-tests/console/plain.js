// console.log prints strings raw and other values with String() while inspectEnable is
// false (JSRE's default); with it set, objects are printed recursively to console.depth.
console.log('a', 1, true, null, undefined, [1, 2], { k: 1 });
console.info('info line');
console.inspectEnable = true;
console.log({ a: 1, b: 'two', c: [1, { d: [1, 2] }], e: Buffer.from([1, 255]) });
console.depth = 0;
console.log({ deep: { deeper: 1 } });
console.depth = 3;
var cyc = { name: 'x' };
cyc.self = cyc;
console.log(cyc);
console.log(new Map([[1, 'one']]), new Set(['s']), function named() {});
console.log(console.toString('t', 1, [2]));
console.count();
console.count();
console.count('other');
console.group('group');
console.log('inside');
console.groupEnd();
console.log('outside');
