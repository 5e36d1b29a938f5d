import { DEFAULTS } from "./options.js";

export const HELP_TEXT = `tier demo: the production story (memcached restart, overload, Tokyo Tyrant down) replayed
against real servers, with numbers.

Usage: pnpm demo [-- flags]        (or: node apps/demo/dist/main.js [flags])

Servers (flags win over environment variables):
  --memcached-url <url>   env TIER_MEMCACHED_URL   default ${DEFAULTS.memcachedUrl}
                          a comma-separated host:port list is accepted. When none answers, the
                          demo starts its own memcached (if the binary is installed).
                          A memcached given here is flushed (flush_all): use a scratch one.
  --tt-url <url>          env TIER_TOKYOTYRANT_URL default ${DEFAULTS.ttUrl}
                          when none answers, the demo starts the TT-compatible test server.
  --mysql-url <url>       env TIER_MYSQL_URL       default ${DEFAULTS.mysqlUrl}
                          required: a local MariaDB or MySQL works.
  --table <name>          the demo's table there (dropped and recreated when its rows differ)
                                                                            default ${DEFAULTS.table}

Load:
  --items <n>             rows seeded into the demo's MySQL table           default ${DEFAULTS.items}
  --duration <s>          seconds per phase                                 default ${DEFAULTS.phaseSeconds}
  --rate <n>              calls per second, 0 = as fast as possible         default ${DEFAULTS.rate}
  --concurrency <n>       calls in flight at most                           default ${DEFAULTS.concurrency}
  --zipf <s>              Zipf exponent of the ids read                     default ${DEFAULTS.zipfExponent}
  --get-many-share <f>    share of calls that are getMany                   default ${DEFAULTS.getManyShare}
  --get-many-size <n>     ids per getMany                                   default ${DEFAULTS.getManySize}
  --phases <list>         comma list of 1-6 or names                        default all
                          1 cold, 2 warm, 3 memcached-restart, 4 memcached-overload, 5 tt-down,
                          6 recovered
  --no-tt-baseline        skip the second run (the same phases without Tokyo Tyrant)

Output:
  --json <file>           write the results as JSON
  --html <file>           write a self-contained HTML report with charts
  --quiet                 no progress line and no tables
  --help                  this text

Exit codes: 0 done, 1 failed, 2 bad flags, 3 MySQL unreachable, 130 interrupted (Ctrl-C).
`;
