// The module constants and Tls.sockaddr: domain optional, inferred from the address.
var assert = require('../lib/assert');
var Tls = require('tls');
assert.equal(Tls.AF_INET, 2);
assert.equal(Tls.AF_INET6, 10);
assert.equal(Tls.INADDR_NONE, '255.255.255.255');
assert.equal(Tls.INADDR_LOOPBACK, '127.0.0.1');
assert.equal(Tls.INADDR_ANY, '0.0.0.0');
assert.equal(Tls.INADDR_BROADCAST, '255.255.255.255');
assert.equal(Tls.IN6ADDR_ANY, '::');
assert.equal(Tls.IN6ADDR_LOOPBACK, '::1');
assert.equal(Tls.IN6ADDR_NODELOCAL_ALLNODES, 'ff01::1');
assert.equal(Tls.IN6ADDR_LINKLOCAL_ALLNODES, 'ff02::1');
assert.equal(Tls.IN6ADDR_LINKLOCAL_ALLROUTERS, 'ff01::2');
assert.deepEqual(Tls.sockaddr(Tls.INADDR_ANY, 3000), { domain: 2, addr: '0.0.0.0', port: 3000 });
assert.deepEqual(Tls.sockaddr('::1', 2049), { domain: 10, addr: '::1', port: 2049 });
assert.deepEqual(Tls.sockaddr('192.168.0.3', 3000), { domain: 2, addr: '192.168.0.3', port: 3000 });
assert.equal(require('tls'), Tls, 'cached module');
