// A syntax error gives one line, file:line:column, and exit code 2.
var ok = 1;
var broken = ;
