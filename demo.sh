#!/usr/bin/env bash
# The demo: builds what it needs (tests skipped), then starts the reference issuer and the three
# sample services on free loopback ports and walks through the A -> B -> C flow.
# Exits 0 when every step behaved as described. Logs of each process go to demo-logs/.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl samples/demo -am
exec java -jar samples/demo/target/demo.jar
