#!/usr/bin/env bash
# Regenerates fixtures/spectral-rulesets/: what Spectral 6.16.3 reports with each published
# ruleset of tools/npm-rulesets/rulesets/ (installed by tools/install_npm_rulesets.sh) on each
# document of fixtures/spectral-rulesets/documents.txt, one Spectral process per document.
# Run from anywhere; needs Node.js and npm.
#   tools/spectral_rulesets_oracle.sh [RULESET_NAME…]     (default: all of them)
# Environment: SPECTRAL_DIR, a folder whose node_modules/.bin/spectral is Spectral 6.16.3
# (default /work/scratch/npm when it has it, else target/spectral-6.16.3, installed there);
# NPM_RULESETS_DIR, the install folder of the rulesets (default target/npm-rulesets);
# SPECTRAL_TIMEOUT, seconds one Spectral process may take (default 1800); ONLY, an extended
# regular expression: only the documents it matches are made again, the others kept.
#
# Each output is fixtures/spectral-rulesets/<ruleset>/<document path, "/" as "__">.json: a JSON
# array of [rule, path, 0-based start line, severity, message], with a sixth element, the file
# relative to the document's folder, when the finding is in another file than the document
# (multi-file documents); or {"spectralError": "<last line of Spectral's error output>"} when
# Spectral reports nothing and fails (the ruleset does not load, or a function throws), or
# does not finish in SPECTRAL_TIMEOUT seconds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
docs=$root/../shared/corpus/docs
version=6.16.3

spectral_dir=${SPECTRAL_DIR:-}
if [ -z "$spectral_dir" ]; then
  if [ -x /work/scratch/npm/node_modules/.bin/spectral ]; then
    spectral_dir=/work/scratch/npm
  else
    spectral_dir=$root/target/spectral-$version
  fi
fi
if [ ! -x "$spectral_dir/node_modules/.bin/spectral" ]; then
  mkdir -p "$spectral_dir"
  (cd "$spectral_dir" && npm install --no-audit --no-fund --ignore-scripts \
    "@stoplight/spectral-cli@$version" >/dev/null)
fi
spectral=$spectral_dir/node_modules/.bin/spectral
got=$("$spectral" --version)
[ "$got" = "$version" ] || { echo "Spectral $got in $spectral_dir, not $version" >&2; exit 1; }

install=${NPM_RULESETS_DIR:-$root/target/npm-rulesets}
"$root/tools/install_npm_rulesets.sh" "$install" >&2

if [ $# -gt 0 ]; then
  names=("$@")
else
  names=()
  for f in "$root"/tools/npm-rulesets/rulesets/*; do
    b=$(basename "$f")
    names+=("${b%.*}")
  done
fi

err=$(mktemp)
trap 'rm -f "$err"' EXIT
mapfile -t documents < <(grep -v '^[[:space:]]*\(#\|$\)' "$root/fixtures/spectral-rulesets/documents.txt")
for name in "${names[@]}"; do
  # The ruleset file must sit in the install folder: Spectral resolves the `extends` package
  # from the node_modules beside it.
  ruleset=$(ls "$install/$name".* | head -1)
  out=$root/fixtures/spectral-rulesets/$name
  [ -n "${ONLY:-}" ] || rm -rf "$out"
  mkdir -p "$out"
  for doc in "${documents[@]}"; do
    if [ -n "${ONLY:-}" ] && ! echo "$doc" | grep -Eq -- "$ONLY"; then continue; fi
    file="$out/$(echo "$doc" | sed 's|/|__|g').json"
    start=$(date +%s.%N)
    (cd "$docs" && status=0 && timeout "${SPECTRAL_TIMEOUT:-1800}" \
      "$spectral" lint -q -r "$ruleset" -f json "$doc" 2>"$err" || status=$?
     if [ "$status" = 124 ]; then
       echo "Spectral did not finish in ${SPECTRAL_TIMEOUT:-1800} s" >>"$err"
     fi) |
      DOCS="$docs" DOC="$docs/$doc" ERR="$err" python3 -c '
import json, os, sys
text = sys.stdin.read()
err = open(os.environ["ERR"]).read().strip()
timed_out = bool(err) and err.splitlines()[-1].startswith("Spectral did not finish")
if not text.strip() or timed_out:
    if err:
        json.dump({"spectralError": err.splitlines()[-1]}, sys.stdout)
        sys.exit(0)
    text = "[]"
doc = os.path.realpath(os.environ["DOC"])
base = os.path.dirname(doc)
rows = []
for f in json.loads(text):
    row = [f["code"], f["path"], f["range"]["start"]["line"], f["severity"], f["message"]]
    # Spectral names the file absolute, or relative to its working directory (docs/).
    source = os.path.realpath(os.path.join(os.environ["DOCS"], f.get("source") or doc))
    if source != doc:
        row.append(os.path.relpath(source, base))
    rows.append(row)
# One finding a line: readable diffs when the oracle is made again.
sys.stdout.write("[" + ",\n".join(json.dumps(r, separators=(",", ":"), ensure_ascii=False) for r in rows) + "]\n")
' > "$file"
    end=$(date +%s.%N)
    printf '%s\t%s\t%.1fs\t%s\n' "$name" "$doc" "$(echo "$end - $start" | bc)" "$(head -c 120 "$file" | head -1)" >&2
  done
done
