// examples/quickstart (the README's first command) runs and its client gets the echo.
require('../../examples/quickstart/main.js');
