#!/usr/bin/env bash
# Compares the findings of two gardefou binaries over the whole shared corpus, byte for byte,
# with `spectral:oas` and with `gardefou:recommended` (`-f json`). Use it around
# a refactoring that must not change a single finding:
#
#   git worktree add /tmp/before HEAD~1 && (cd /tmp/before && cargo build --profile fast)
#   tools/compare_findings.sh /tmp/before/target/fast/gardefou target/fast/gardefou
#
# Exits 0 when every output is identical, 1 with the first differing lines of each output
# otherwise, 2 when a binary or the corpus is missing. CORPUS (default ../shared/corpus/docs)
# RULESETS (default "spectral:oas gardefou:recommended") and FORMATS (default "json"; SARIF also
# carries the rules' docs, which may change on purpose) may be set.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 2 ]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
old=$1
new=$2
corpus=${CORPUS:-../shared/corpus/docs}
rulesets=${RULESETS:-spectral:oas gardefou:recommended}
formats=${FORMATS:-json}
for b in "$old" "$new"; do
  [ -x "$b" ] || { echo "compare: $b is not an executable" >&2; exit 2; }
done
[ -d "$corpus" ] || { echo "compare: no corpus at $corpus" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for rs in $rulesets; do
  for fmt in $formats; do
    name="${rs//:/_}.$fmt"
    # Exit 1 means findings; only 2 (could not run) is a failure here.
    "$old" lint "$corpus" -r "$rs" -f "$fmt" -o "$work/old.$name"
    [ $? -le 1 ] || { echo "compare: $old failed on $rs" >&2; exit 2; }
    "$new" lint "$corpus" -r "$rs" -f "$fmt" -o "$work/new.$name"
    [ $? -le 1 ] || { echo "compare: $new failed on $rs" >&2; exit 2; }
    if cmp -s "$work/old.$name" "$work/new.$name"; then
      printf 'same       %-32s %10d bytes\n' "$name" "$(wc -c <"$work/new.$name")"
    else
      printf 'DIFFERENT  %s\n' "$name"
      diff "$work/old.$name" "$work/new.$name" | head -20
      status=1
    fi
  done
done
exit $status
