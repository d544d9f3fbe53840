#!/usr/bin/env bash
# The end-to-end HTTP benchmark of issue 21 (items 6 and 7); not part of CI. From the repository root:
#
#   benchmarks/http-bench.sh [OUT_DIR]          # about 9 minutes on 2 cores
#
# Five servers, each a JVM pinned to CPU 1 (taskset), each GET /hello answering "ok":
#   spring-audguard   Spring Boot 4 + audguard's Spring adapter (default chain)
#   spring-security   Spring Boot 4 + plain Spring Security resource server (NimbusJwtDecoder, issuer and audience validators)
#   spring-permitall  Spring Boot 4 + a permitAll Spring Security chain (no token check: the baseline)
#   jetty-audguard    Jetty 12 + audguard's servlet filter
#   jetty-plain       Jetty 12, no filter
# wrk (Debian's package: apt-get install wrk) on CPU 0 sends a pool of 200 RS256 Keycloak-shaped tokens, one after
# the other (benchmarks/http/tokens.lua), over $CONNECTIONS keep-alive connections. After a warm-up of every
# server, $ROUNDS rounds run the servers in alternation, $DURATION each; the medians give requests/s and p99 and the
# ratios. Then cold start: for each server, two fresh processes (ColdStart): process start to the first accepted
# request, and a burst of 200 concurrent first requests (accepted, JWKS fetches, latencies).
# Raw lines go to OUT_DIR/raw.txt, the summary to stdout and OUT_DIR/summary.md.
set -euo pipefail

OUT=${1:-benchmarks/http/target/run-$(date -u +%Y%m%dT%H%M%SZ)}
CONNECTIONS=${CONNECTIONS:-50}
WARMUP=${WARMUP:-20s}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
JAVA=${JAVA:-java}
SERVER_CPU=${SERVER_CPU:-1}
DRIVER_CPU=${DRIVER_CPU:-0}
JVM_OPTS=${JVM_OPTS:--Xms512m -Xmx512m}

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk (Debian's package)" >&2; exit 2; }
command -v taskset >/dev/null || { echo "taskset is not installed (util-linux)" >&2; exit 2; }
[ -f pom.xml ] && [ -d benchmarks/http ] || { echo "run from the repository root" >&2; exit 2; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# Build only what the harness needs; the class path is written next to its classes (never mvn install).
mvn -B -ntp -q -pl benchmarks/http -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="benchmarks/http/target/classes:$(cat benchmarks/http/target/classpath.txt)"

KEY_PID=
SERVER_PIDS=()
stop_servers() { for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; SERVER_PIDS=(); }
trap 'stop_servers; [ -z "$KEY_PID" ] || kill "$KEY_PID" 2>/dev/null || true' EXIT

taskset -c "$DRIVER_CPU" "$JAVA" -cp "$CP" dev.audguard.benchmarks.http.KeyServer "$OUT" 200 >"$OUT/keyserver.log" 2>&1 &
KEY_PID=$!
for _ in $(seq 1 600); do [ -s "$OUT/keyserver.port" ] && break; sleep 0.1; done
[ -s "$OUT/keyserver.port" ] || { echo "the key server did not start; see $OUT/keyserver.log" >&2; exit 1; }
KEYS="http://127.0.0.1:$(cat "$OUT/keyserver.port")"
ISSUER=https://idp.example.com/realms/bench
COMMON="--issuer=$ISSUER --jwks-uri=$KEYS/jwks"

declare -A CMD
CMD[spring-audguard]="dev.audguard.benchmarks.http.SpringServer --spring.profiles.active=audguard $COMMON"
CMD[spring-security]="dev.audguard.benchmarks.http.SpringServer --spring.profiles.active=spring $COMMON"
CMD[spring-permitall]="dev.audguard.benchmarks.http.SpringServer --spring.profiles.active=permitall $COMMON"
CMD[jetty-audguard]="dev.audguard.benchmarks.http.JettyServer --mode=audguard $COMMON"
CMD[jetty-plain]="dev.audguard.benchmarks.http.JettyServer --mode=plain $COMMON"
SERVERS=(spring-audguard spring-security spring-permitall jetty-audguard jetty-plain)

declare -A PORT
port=18080
for s in "${SERVERS[@]}"; do
  PORT[$s]=$port
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" "$JAVA" $JVM_OPTS -cp "$CP" ${CMD[$s]} --port=$port >"$OUT/$s.log" 2>&1 &
  SERVER_PIDS+=($!)
  port=$((port + 1))
done
for s in "${SERVERS[@]}"; do
  for _ in $(seq 1 1200); do grep -q "listening on" "$OUT/$s.log" && break; sleep 0.1; done
  grep -q "listening on" "$OUT/$s.log" || { echo "$s did not start; see $OUT/$s.log" >&2; exit 1; }
done

run() { # server duration label
  local line
  line=$(TOKENS="$OUT/tokens.txt" taskset -c "$DRIVER_CPU" wrk -t1 -c"$CONNECTIONS" -d"$2" --timeout 20s \
      -s benchmarks/http/tokens.lua "http://127.0.0.1:${PORT[$1]}/hello" | grep '^RESULT')
  echo "$3 $1 $line" | tee -a "$OUT/raw.txt"
  case "$line" in *"socket_errors=0 non2xx=0"*) ;; *) echo "$1: errors or refusals in the run: $line" >&2; exit 1 ;; esac
}

: >"$OUT/raw.txt"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $("$JAVA" -version 2>&1 | head -1)" | tee -a "$OUT/raw.txt"
for s in "${SERVERS[@]}"; do run "$s" "$WARMUP" warmup; done
for r in $(seq 1 "$ROUNDS"); do
  for s in "${SERVERS[@]}"; do run "$s" "$DURATION" "round$r"; done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/raw.txt"
stop_servers   # the key server stays for the cold starts

for s in "${SERVERS[@]}"; do
  # shellcheck disable=SC2086
  "$JAVA" -cp "$CP" dev.audguard.benchmarks.http.ColdStart "$OUT/tokens.txt" "$KEYS" 18100 "$s" -- \
      taskset -c "$SERVER_CPU" "$JAVA" $JVM_OPTS -cp "$CP" ${CMD[$s]} --port=18100 | tee -a "$OUT/raw.txt"
done

# Medians of the measured rounds, and the ratios issue 21 asks for.
awk -v rounds="$ROUNDS" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return a[int((n + 1) / 2)]
  }
  /^round/ {
    for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    rps[$2] = rps[$2] " " v["rps"]; p99[$2] = p99[$2] " " v["p99_us"]
  }
  /^COLD/ { cold[++nc] = $0 }
  END {
    printf "| server | requests/s (median of %d) | p99 (ms) |\n|---|---:|---:|\n", rounds
    split("spring-audguard spring-security spring-permitall jetty-audguard jetty-plain", order, " ")
    for (k = 1; k <= 5; k++) { s = order[k]; R[s] = median(rps[s]); P[s] = median(p99[s])
      printf "| %s | %.0f | %.2f |\n", s, R[s], P[s] / 1000 }
    printf "\n| ratio | requests/s | p99 |\n|---|---:|---:|\n"
    printf "| spring-audguard / spring-security (target >= 1.5 x throughput) | %.2f | %.2f |\n", R["spring-audguard"] / R["spring-security"], P["spring-audguard"] / P["spring-security"]
    printf "| spring-audguard / spring-permitall (target >= 0.9 x throughput) | %.2f | %.2f |\n", R["spring-audguard"] / R["spring-permitall"], P["spring-audguard"] / P["spring-permitall"]
    printf "| jetty-audguard / jetty-plain (target >= 0.9 x throughput) | %.2f | %.2f |\n", R["jetty-audguard"] / R["jetty-plain"], P["jetty-audguard"] / P["jetty-plain"]
    printf "\nCold start (fresh processes):\n\n"
    for (k = 1; k <= nc; k++) print "    " cold[k]
  }' "$OUT/raw.txt" | tee "$OUT/summary.md"
