#!/usr/bin/env bash
# The demo: builds what it needs (tests skipped), then starts the reference issuer and the three
# sample services on free loopback ports and walks through the A -> B -> C flow.
# Exits 0 when every step behaved as described. Logs of each process go to demo-logs/.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p demo-logs
echo "Building the issuer, the three services and the demo (tests skipped) ..."
if ! mvn -B -ntp -q -DskipTests package -pl samples/demo -am > demo-logs/build.log 2>&1; then
    cat demo-logs/build.log
    echo "demo: the build failed (above; also in demo-logs/build.log)" >&2
    exit 2
fi
exec java -jar samples/demo/target/demo.jar
