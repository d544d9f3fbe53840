#!/usr/bin/env bash
# A/B of the servlet filter over HTTP: this checkout's Jetty server against another checkout's (an older
# commit, say), plain Jetty beside them; not part of CI. From the repository root:
#
#   git worktree add /tmp/old <commit> && benchmarks/http-ab.sh /tmp/old [OUT_DIR]
#
# The three servers (the http harness's JettyServer: --mode=audguard twice, --mode=plain) share CPU 1,
# wrk drives them from CPU 0 with $CONNECTIONS connections and the pool of 200 tokens http-bench.sh uses;
# after a warm-up of each, $ROUNDS rounds of $DURATION in alternation, in the order $ORDER
# ("other this plain" by default; run it again with ORDER="this other plain" to see the order's effect).
set -euo pipefail

OTHER=${1:?usage: benchmarks/http-ab.sh OTHER_CHECKOUT [OUT_DIR]}
OUT=${2:-benchmarks/http/target/ab-$(date -u +%Y%m%dT%H%M%SZ)}
CONNECTIONS=${CONNECTIONS:-50}
WARMUP=${WARMUP:-40s}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
ORDER=${ORDER:-other this plain}
JAVA=${JAVA:-java}
JVM_OPTS=${JVM_OPTS:--Xms512m -Xmx512m}

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk (Debian's package)" >&2; exit 2; }
[ -f pom.xml ] && [ -d benchmarks/http ] || { echo "run from the repository root" >&2; exit 2; }
[ -d "$OTHER/benchmarks/http" ] || { echo "$OTHER has no benchmarks/http: name a checkout of this repository" >&2; exit 2; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

classpath() { # checkout: builds its harness (never mvn install) and prints its class path
  (cd "$1" && mvn -B -ntp -q -pl benchmarks/http -am package -DskipTests dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt >&2)
  echo "$1/benchmarks/http/target/classes:$(cat "$1/benchmarks/http/target/classpath.txt")"
}
CP_THIS=$(classpath "$(pwd)")
CP_OTHER=$(classpath "$(cd "$OTHER" && pwd)")

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
taskset -c 0 "$JAVA" -cp "$CP_THIS" dev.audguard.benchmarks.http.KeyServer "$OUT" 200 >"$OUT/keyserver.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do [ -s "$OUT/keyserver.port" ] && break; sleep 0.1; done
[ -s "$OUT/keyserver.port" ] || { echo "the key server did not start; see $OUT/keyserver.log" >&2; exit 1; }
COMMON="--issuer=https://idp.example.com/realms/bench --jwks-uri=http://127.0.0.1:$(cat "$OUT/keyserver.port")/jwks"

declare -A PORT=([other]=18190 [this]=18191 [plain]=18192)
start() { # name class-path mode
  # shellcheck disable=SC2086
  taskset -c 1 "$JAVA" $JVM_OPTS -cp "$2" dev.audguard.benchmarks.http.JettyServer --mode="$3" $COMMON \
      --port="${PORT[$1]}" >"$OUT/$1.log" 2>&1 &
  PIDS+=($!)
}
start other "$CP_OTHER" audguard
start this "$CP_THIS" audguard
start plain "$CP_THIS" plain
for s in other this plain; do
  for _ in $(seq 1 600); do grep -q "listening on" "$OUT/$s.log" && break; sleep 0.1; done
  grep -q "listening on" "$OUT/$s.log" || { echo "$s did not start; see $OUT/$s.log" >&2; exit 1; }
done

run() { # server duration label
  local line
  line=$(TOKENS="$OUT/tokens.txt" taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"$2" --timeout 20s \
      -s benchmarks/http/tokens.lua "http://127.0.0.1:${PORT[$1]}/hello" | grep '^RESULT')
  echo "$3 $1 $line" | tee -a "$OUT/raw.txt"
  case "$line" in *"socket_errors=0 non2xx=0"*) ;; *) echo "$1: errors or refusals in the run: $line" >&2; exit 1 ;; esac
}
: >"$OUT/raw.txt"
# shellcheck disable=SC2086
for s in $ORDER; do run "$s" "$WARMUP" warmup; done
for r in $(seq 1 "$ROUNDS"); do
  # shellcheck disable=SC2086
  for s in $ORDER; do run "$s" "$DURATION" "round$r"; done
done
