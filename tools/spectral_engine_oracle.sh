#!/usr/bin/env bash
# Regenerates fixtures/spectral-engine/*/spectral-6.16.3.json: what Spectral 6.16.3 reports for
# each small case (ruleset.yaml + doc.yaml or doc.json, sometimes a functions/ folder) that pins
# one engine behaviour. Run from the project root; needs Node.js and npm.
#   tools/spectral_engine_oracle.sh [SPECTRAL_DIR]   (default /tmp/spectral)
set -euo pipefail
spectral_dir=${1:-/tmp/spectral}
if [ ! -x "$spectral_dir/node_modules/.bin/spectral" ]; then
  mkdir -p "$spectral_dir"
  (cd "$spectral_dir" && npm install --no-audit --no-fund @stoplight/spectral-cli@6.16.3 >/dev/null)
fi
spectral=$(realpath "$spectral_dir/node_modules/.bin/spectral")
for case in fixtures/spectral-engine/*/; do
  doc=$(cd "$case" && ls doc.* | head -n 1)
  (cd "$case" && "$spectral" lint -q -r ruleset.yaml -f json "$doc" 2>/tmp/spectral-err.txt || true) |
    python3 -c '
import json, os, sys
text = sys.stdin.read()
err = open("/tmp/spectral-err.txt").read().strip()
if not text.strip() and err:
    # The ruleset did not load: its last line says why.
    json.dump({"spectralError": err.splitlines()[-1].split(" — ")[-1]}, sys.stdout)
    sys.exit(0)
data = json.loads(text) if text.strip() else []
# [rule, path, start line, start character, severity, message, file name], 0-based positions.
rows = [[f["code"], f["path"], f["range"]["start"]["line"], f["range"]["start"]["character"],
         f["severity"], f["message"], os.path.basename(f["source"])] for f in data]
json.dump(rows, sys.stdout, indent=1)
' > "$case/spectral-6.16.3.json"
done
