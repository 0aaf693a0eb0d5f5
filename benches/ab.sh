#!/usr/bin/env bash
# A/B benchmark of two gardefou binaries on the same documents, runs alternating (A, B, A, B …)
# so that the load of a shared machine falls on both alike. Prints, per document and ruleset,
# the median wall time, processor time (user + system) and peak RSS of each, and B/A.
#
#   benches/ab.sh OLD_BINARY NEW_BINARY
#   RUNS=7 RULESETS="spectral:oas" DOCS="github/api.github.com.json" benches/ab.sh A B
#
# DOCS are relative to ../shared/corpus/docs (default: GitHub's JSON and Stripe's YAML);
# RULESETS default to "spectral:oas gardefou:recommended"; RUNS to 5.
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1
b=$2
runs=${RUNS:-5}
docs=${DOCS:-github/api.github.com.json stripe/spec3.yaml}
rulesets=${RULESETS:-spectral:oas gardefou:recommended}
t=$(mktemp)
trap 'rm -f "$t"' EXIT
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
printf '%-32s %-22s %9s %9s %8s %9s %9s %8s %7s\n' document ruleset "A wall" "A cpu" "A MiB" \
  "B wall" "B cpu" "B MiB" "B/A"
for doc in $docs; do
  for rs in $rulesets; do
    : >"$t.a"
    : >"$t.b"
    for _ in $(seq "$runs"); do
      for side in a b; do
        bin=$a
        [ "$side" = b ] && bin=$b
        /usr/bin/time -f "%e %U %S %M" -o "$t" "$bin" lint "../shared/corpus/docs/$doc" -r "$rs" \
          -f json -o /dev/null >/dev/null 2>&1 || true
        tail -n 1 "$t" >>"$t.$side"
      done
    done
    stats() { # file → "wall cpu MiB" medians
      local f=$1
      echo "$(awk '{print $1}' "$f" | median) $(awk '{print $2+$3}' "$f" | median)" \
        "$(awk '{print $4/1024}' "$f" | median)"
    }
    read -r aw ac am < <(stats "$t.a")
    read -r bw bc bm < <(stats "$t.b")
    printf '%-32s %-22s %9.2f %9.2f %8.0f %9.2f %9.2f %8.0f %7.2f\n' "$doc" "$rs" "$aw" "$ac" "$am" \
      "$bw" "$bc" "$bm" "$(echo "$bw / $aw" | bc -l)"
  done
done
