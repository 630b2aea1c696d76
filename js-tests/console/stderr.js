// warn and error go to stderr with their prefixes; assert prints and throws.
console.warn('careful');
console.error('broken', 42);
try {
  console.assert(1 === 2, 'one is not two');
} catch (e) {
  console.log('caught:', e.message);
}
