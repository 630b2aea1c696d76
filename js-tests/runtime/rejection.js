// A promise rejected with no handler is reported like an uncaught exception (exit 1);
// one handled later in the same job run is not.
var handled = Promise.reject(new Error('handled'));
handled.catch(function () {});
Promise.reject(new RangeError('nobody listens'));
