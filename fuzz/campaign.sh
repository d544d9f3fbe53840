#!/usr/bin/env bash
# Runs one fuzz target for a long campaign with Jazzer's command-line driver (the JUnit runs in the
# normal build are short on purpose). Usage, from the repository root:
#
#   fuzz/campaign.sh TokenValidatorFuzzTest 600        # target class, seconds
#
# The generated corpus grows in fuzz/.cifuzz-corpus/campaign-<target>/ (not committed) on top of
# the committed seeds; findings land in fuzz/target/campaign-findings/<target>/. Run campaigns one
# at a time: a fuzzing JVM takes a core and about 1.1 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target class, e.g. TokenValidatorFuzzTest}
seconds=${2:-600}
module=fuzz
package=dev/audguard/fuzz

if [ "${FUZZ_SKIP_BUILD:-}" != "1" ]; then
  mvn -B -ntp -q -pl "$module" -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/fuzz-classpath.txt -Dmdep.includeScope=test
fi
classpath="$module/target/test-classes:$(cat "$module/target/fuzz-classpath.txt")"
inputs=("$module/src/test/resources/$package/${target}Inputs"/*)
seeds=${inputs[0]}
corpus="$module/.cifuzz-corpus/campaign-$target"
findings="$module/target/campaign-findings/$target"
mkdir -p "$corpus" "$findings"

exec nice -n "${FUZZ_NICE:-15}" java -Xmx1g -Dsun.net.httpserver.nodelay=true \
  -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
  --target_class="dev.audguard.fuzz.$target" \
  --instrumentation_includes='dev.audguard.**:com.nimbusds.**' \
  --disabled_hooks=com.code_intelligence.jazzer.sanitizers.ServerSideRequestForgery \
  -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$findings/" \
  "$corpus" "$seeds"
