#!/usr/bin/env bash
# The suite under a saturated CPU: BUSY busy loops (default 8) spin while the given test files
# (default: every unit/UI test, not the real-gateway ones) run RUNS times in a row (default 5).
# Exits non-zero at the first failing run. The busy loops are stopped (by PID) on every way out.
#   scripts/stress-test.sh                      # everything in test/*.test.ts*
#   RUNS=5 BUSY=8 scripts/stress-test.sh test/ui-*.test.tsx
set -u
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
busy=${BUSY:-8}
if [ $# -gt 0 ]; then files=("$@"); else files=(test/*.test.ts test/*.test.tsx); fi
pids=()
stop() { [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; pids=(); }
trap stop EXIT INT TERM
for _ in $(seq "$busy"); do
	(while :; do :; done) &
	pids+=($!)
done
echo "stress: $busy busy loops on $(nproc) CPUs; $runs runs of ${#files[@]} test files"
for i in $(seq "$runs"); do
	start=$(date +%s)
	if ! node --import tsx --test --test-concurrency=1 --test-reporter="${REPORTER:-dot}" "${files[@]}"; then
		echo "stress: run $i/$runs FAILED"
		exit 1
	fi
	echo "stress: run $i/$runs passed in $(($(date +%s) - start)) s"
done
echo "stress: all $runs runs passed"
