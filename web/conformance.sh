#!/usr/bin/env bash
# Runs the conformance kit (cases recorded from the official SDK 2.7.4) against a build
# and fails unless the failing cases are exactly those listed, with the reason, in
# web/conformance-known.txt (cases where an issue asks for a behaviour the kit does not
# accept; each is reported in the issue's closing note). A listed case that passes fails
# the check too, so the list cannot go stale.
#
#   bash web/conformance.sh ../shared/conformance web/dist
set -uo pipefail
kit=$1
dist=$2
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

CONCURRENCY=${CONCURRENCY:-2} bash "$kit/check.sh" "$dist" --max-diffs 20 >"$log" 2>&1
status=$?
if [ "$status" -ge 2 ]; then
  cat "$log"
  echo "conformance: the check could not run (exit $status)" >&2
  exit 1
fi
grep -v '^ok ' "$log"
summary=$(tail -n 1 "$log")
actual=$(sed -n 's/^FAIL \([^ ]*\) .*/\1/p' "$log" | sort)
known=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$here/conformance-known.txt" | grep -v '^$' | sort)
unexpected=$(comm -23 <(printf '%s\n' "$actual") <(printf '%s\n' "$known") | grep -v '^$' || true)
fixed=$(comm -13 <(printf '%s\n' "$actual") <(printf '%s\n' "$known") | grep -v '^$' || true)
echo "conformance: $summary"
if [ -n "$unexpected" ]; then
  echo "conformance: unexpected failures: $unexpected" >&2
  exit 1
fi
if [ -n "$fixed" ]; then
  echo "conformance: listed in web/conformance-known.txt but passing now (remove them): $fixed" >&2
  exit 1
fi
echo "conformance: every failure is a known, reported divergence ($(printf '%s\n' "$known" | grep -c . || true) listed)"
