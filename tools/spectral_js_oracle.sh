#!/usr/bin/env bash
# Regenerates fixtures/spectral-js/: what Spectral 6.16.3 reports with the two third-party
# rulesets that ship JavaScript functions (Baloise → Zalando, Red Hat rhoas) on every document
# of ../shared/corpus/docs/apis-guru. Run from the project root; needs Node.js and npm.
#   tools/spectral_js_oracle.sh [SPECTRAL_DIR]   (default /tmp/spectral)
set -euo pipefail
spectral_dir=${1:-/tmp/spectral}
if [ ! -x "$spectral_dir/node_modules/.bin/spectral" ]; then
  mkdir -p "$spectral_dir"
  (cd "$spectral_dir" && npm install --no-audit --no-fund @stoplight/spectral-cli@6.16.3 >/dev/null)
fi
spectral="$spectral_dir/node_modules/.bin/spectral"
rulesets=../shared/reference/rulesets
docs=../shared/corpus/docs
for pair in "baloise:$rulesets/baloise-spectral-rules-1.5.0/baloise.yml" \
            "rhoas:$rulesets/rhoas-spectral-ruleset-0.3.1/ruleset.yaml"; do
  name=${pair%%:*}
  ruleset=$(realpath "${pair#*:}")
  out=fixtures/spectral-js/$name
  mkdir -p "$out"
  for doc in $(cd "$docs" && find apis-guru -type f -name '*.json' | sort); do
    file="$out/$(echo "$doc" | sed 's|/|__|g')"
    # Spectral stops at the first exception a ruleset function throws and reports nothing for
    # the document; such documents are recorded as {"spectralError": …} and not compared.
    (cd "$docs" && "$spectral" lint -q -r "$ruleset" -f json "$doc" 2>/tmp/spectral-err.txt || true) |
      python3 -c '
import json, sys
text = sys.stdin.read()
err = open("/tmp/spectral-err.txt").read().strip()
if not text.strip() and err:
    json.dump({"spectralError": err.splitlines()[-1]}, sys.stdout)
    sys.exit(0)
data = json.loads(text) if text.strip() else []
# What the comparison needs: [rule, path, 0-based line, severity, message].
rows = [[f["code"], f["path"], f["range"]["start"]["line"], f["severity"], f["message"]] for f in data]
json.dump(rows, sys.stdout, separators=(",", ":"))
' > "$file"
  done
done
