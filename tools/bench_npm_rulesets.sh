#!/usr/bin/env bash
# Side by side: Spectral 6.16.3 and gardefou linting the same document with the same published
# ruleset (tools/npm-rulesets/rulesets/, installed by tools/install_npm_rulesets.sh), as issue 11
# requires: IBM's ruleset on the large OAS 3 documents no slower than Spectral, and the four
# main rulesets on Stripe at least 10x faster. Whole-process wall time and peak RSS
# (/usr/bin/time), RUNS runs of each (default 3, the two tools alternating), medians printed.
# A tool that is absent, or a ruleset gardefou cannot load yet, is shown as "-". Not part of CI
# (Spectral takes minutes).
#
#   tools/bench_npm_rulesets.sh                       # the pairs of docs/performance.md
#   PAIRS="ibm:apis-guru/googleapis.com/dlp.json" RUNS=5 tools/bench_npm_rulesets.sh
#
# Environment: SPECTRAL_DIR (a folder with node_modules/.bin/spectral; default /work/scratch/npm
# when it has it, else target/spectral-6.16.3, installed there), NPM_RULESETS_DIR (default
# target/npm-rulesets), GARDEFOU (default target/release/gardefou, built when missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
docs=$root/../shared/corpus/docs
runs=${RUNS:-3}
pairs=${PAIRS:-"ibm:apis-guru/googleapis.com/dlp.json ibm:apis-guru/amazonaws.com/glue.json
  owasp:stripe/spec3.yaml ibm:stripe/spec3.yaml apisyouwonthate:stripe/spec3.yaml
  documentation:stripe/spec3.yaml"}

spectral_dir=${SPECTRAL_DIR:-}
if [ -z "$spectral_dir" ]; then
  if [ -x /work/scratch/npm/node_modules/.bin/spectral ]; then
    spectral_dir=/work/scratch/npm
  else
    spectral_dir=$root/target/spectral-6.16.3
  fi
fi
if [ ! -x "$spectral_dir/node_modules/.bin/spectral" ] && command -v npm >/dev/null; then
  mkdir -p "$spectral_dir"
  (cd "$spectral_dir" && npm install --no-audit --no-fund --ignore-scripts \
    @stoplight/spectral-cli@6.16.3 >/dev/null)
fi
spectral=$spectral_dir/node_modules/.bin/spectral
[ -x "$spectral" ] || spectral=

gardefou=${GARDEFOU:-$root/target/release/gardefou}
if [ ! -x "$gardefou" ] && [ -z "${GARDEFOU:-}" ]; then
  (cd "$root" && cargo build --release --quiet) || true
fi
[ -x "$gardefou" ] || gardefou=

install=${NPM_RULESETS_DIR:-$root/target/npm-rulesets}
"$root/tools/install_npm_rulesets.sh" "$install" >&2

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
# One run: prints "seconds KiB", or "- -" when the tool failed (exit status 2 or more: the
# ruleset or the document did not load).
once() {
  local status=0
  (cd "$docs" && /usr/bin/time -f "%e %M" -o "$timing" "$@" >/dev/null 2>&1) || status=$?
  if [ "$status" -ge 2 ]; then echo "- -"; else tail -n 1 "$timing"; fi
}
median() { # numbers or "-" … → the median, or "-" when any run failed
  printf '%s\n' "$@" | sort -g | awk '/^-$/ { bad = 1 } { v[NR] = $1 }
    END { if (bad || NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
          else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf '%-16s %-40s %11s %8s %11s %8s %8s\n' ruleset document "Spectral s" MiB "gardefou s" MiB ratio
for pair in $pairs; do
  name=${pair%%:*}
  doc=${pair#*:}
  ruleset=$(ls "$install/$name".* | head -1)
  [ -f "$docs/$doc" ] || { echo "no $docs/$doc" >&2; continue; }
  st=(); sm=(); gt=(); gm=()
  for _ in $(seq "$runs"); do
    if [ -n "$spectral" ]; then
      read -r t m < <(once "$spectral" lint -q -r "$ruleset" -f json "$doc"); st+=("$t"); sm+=("$m")
    fi
    if [ -n "$gardefou" ]; then
      read -r t m < <(once "$gardefou" lint -r "$ruleset" -f json --fail-severity never "$doc")
      gt+=("$t"); gm+=("$m")
    fi
  done
  s=$(median "${st[@]:--}"); g=$(median "${gt[@]:--}")
  smib=$(median "${sm[@]:--}"); gmib=$(median "${gm[@]:--}")
  [ "$smib" = - ] || smib=$((${smib%.*} / 1024))
  [ "$gmib" = - ] || gmib=$((${gmib%.*} / 1024))
  ratio=-
  if [ "$s" != - ] && [ "$g" != - ]; then ratio=$(printf '%.1fx' "$(echo "$s / $g" | bc -l)"); fi
  printf '%-16s %-40s %11s %8s %11s %8s %8s\n' "$name" "$doc" "$s" "$smib" "$g" "$gmib" "$ratio"
  echo "  runs: Spectral ${st[*]:-none}; gardefou ${gt[*]:-none}" >&2
done
