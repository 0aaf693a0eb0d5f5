#!/usr/bin/env bash
# Side-by-side benchmark: gardefou and Spectral 6.16.3 linting the same documents with the same
# ruleset (default `extends: spectral:oas`), in one run on this machine. Not part of CI
# (Spectral takes minutes).
#
#   benches/side_by_side.sh [SPECTRAL_DIR]
#   RULESET=../shared/reference/rulesets/baloise-spectral-rules-1.5.0/baloise.yml \
#     DOCS=stripe/spec3.yaml benches/side_by_side.sh     # a ruleset with JavaScript functions
#
# SPECTRAL_DIR (default /tmp/spectral) gets `npm install @stoplight/spectral-cli@6.16.3` when it
# has no Spectral yet. Prints wall time and peak memory of each, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
spectral_dir=${1:-/tmp/spectral}
docs=../shared/corpus/docs
ruleset=$(realpath "${RULESET:-../shared/corpus/spectral-oas.yaml}")
if [ ! -x "$spectral_dir/node_modules/.bin/spectral" ]; then
  mkdir -p "$spectral_dir"
  (cd "$spectral_dir" && npm install --no-audit --no-fund @stoplight/spectral-cli@6.16.3 >/dev/null)
fi
cargo build --release --quiet
gardefou=$(realpath target/release/gardefou)
spectral="$spectral_dir/node_modules/.bin/spectral"
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o /tmp/side_by_side.time "$@" >/dev/null 2>&1 || true
  read -r secs kb < <(tail -n 1 /tmp/side_by_side.time)
  echo "$label $secs $kb"
}
printf '%-40s %12s %12s %12s %12s %8s\n' document "gardefou s" "MiB" "spectral s" "MiB" ratio
for doc in ${DOCS:-github/api.github.com.json stripe/spec3.yaml}; do
  [ -f "$docs/$doc" ] || continue
  read -r _ gs gk < <(measure g "$gardefou" lint -r "$ruleset" -f json "$docs/$doc")
  read -r _ ss sk < <(measure s "$spectral" lint -r "$ruleset" -f json "$docs/$doc")
  printf '%-40s %12s %12d %12s %12d %7.0fx\n' "$doc" "$gs" $((gk / 1024)) "$ss" $((sk / 1024)) "$(echo "$ss / $gs" | bc -l)"
done
