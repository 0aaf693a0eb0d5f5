#!/usr/bin/env bash
# Regenerates fixtures/js-rulesets/spectral/: what Spectral 6.16.3 reports with the small
# JavaScript ruleset modules of fixtures/js-rulesets (an ES module, a CommonJS module that
# changes rules of `oas` in place) on the documents beside them. Run from the project root.
#   tools/js_rulesets_oracle.sh [SPECTRAL_DIR]   (default /tmp/spectral)
set -euo pipefail
spectral_dir=${1:-/tmp/spectral}
if [ ! -x "$spectral_dir/node_modules/.bin/spectral" ]; then
  mkdir -p "$spectral_dir"
  (cd "$spectral_dir" && npm install --no-audit --no-fund @stoplight/spectral-cli@6.16.3 >/dev/null)
fi
spectral="$spectral_dir/node_modules/.bin/spectral"
dir=fixtures/js-rulesets
mkdir -p "$dir/spectral"
for ruleset in esm/ruleset.mjs cjs/ruleset.js; do
  for doc in api.yaml api30.yaml; do
    out="$dir/spectral/${ruleset%%/*}__${doc%.yaml}.json"
    (cd "$dir" && "$spectral" lint -q -f json -r "$ruleset" "$doc" || true) |
      python3 -c '
import json, sys
rows = [[f["code"], f["path"], f["range"]["start"]["line"], f["severity"], f["message"]] for f in json.load(sys.stdin)]
json.dump(rows, sys.stdout, indent=0)
' > "$out"
  done
done
