#!/usr/bin/env bash
# Copies each documentation example, byte for byte, out of the tls documentation into
# examples/<folder>/<file>: the lines of the code block plus a final newline.
#   bash examples/_shared/extract.sh [path/to/tls-module.txt]
set -euo pipefail
doc=${1:-/work/shared/seed/tls-module.txt}
here=$(cd "$(dirname "$0")/.." && pwd)
put() { # folder file first-line last-line
  mkdir -p "$here/$1"
  sed -n "$3,$4p" "$doc" > "$here/$1/$2"
}
put create-server        main.js 91 97
put create-client-sync   main.js 124 134
put create-client-async  main.js 149 161
put create-by-fd-sync    main.js 174 174
put create-by-fd-async   main.js 188 194
put accept-sync          main.js 214 218
put addcert              main.js 237 241
put accept-async         main.js 254 260
put send-string          main.js 272 275
put send-buffer          main.js 289 294
put recv                 main.js 308 313
put pending              main.js 323 326
put mports               main.js 336 343
put error                main.js 355 358
put flyaway              main.js 371 377
put flyaway              task.js 379 382
put is-eof               main.js 392 397
put sock-name            main.js 407 408
put peer-name            main.js 418 419
put bind-to-device       main.js 430 430
put set-keep-alive       main.js 444 444
put set-no-delay         main.js 455 455
put set-linger           main.js 471 471
put set-ttl              main.js 482 482
put set-reuse-addr       main.js 493 493
put set-ipv6-only        main.js 504 504
put get-state            main.js 528 528
put sync-to-async-server main.js 566 607
put sync-to-async-client main.js 613 632
put multitask-server     main.js 639 670
put multitask-server     task.js 672 709
