#!/usr/bin/env bash
# Installs the published Spectral rulesets of issue 11, at the versions pinned in
# tools/npm-rulesets/package-lock.json, into DIR (default target/npm-rulesets, outside the
# tracked tree), and writes there one ruleset file per package (tools/npm-rulesets/rulesets/*.yaml,
# each only `extends: [<package>]`): Spectral and gardefou resolve an `extends` package from
# the node_modules beside the ruleset file. Spectral itself is not installed (gardefou does not
# need it; tools/spectral_rulesets_oracle.sh brings its own).
# A no-op when DIR already holds this lock file's install. Needs npm.
#   tools/install_npm_rulesets.sh [DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/npm-rulesets
dir=${1:-$here/../target/npm-rulesets}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

stamp=$dir/.installed-lock
if [ -f "$stamp" ] && cmp -s "$stamp" "$src/package-lock.json" && [ -d "$dir/node_modules" ] &&
   cmp -s "$src/package.json" "$dir/package.json"; then
  installed=yes
else
  installed=no
fi

if [ "$installed" = no ]; then
  rm -f "$stamp"
  cp "$src/package.json" "$src/package-lock.json" "$dir/"
  # --ignore-scripts: nothing of these packages runs at install time.
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$src/package-lock.json" "$stamp"
fi
# The ruleset files are cheap to copy and may change without the lock changing.
for f in "$src"/rulesets/*; do
  cmp -s "$f" "$dir/$(basename "$f")" || cp "$f" "$dir/"
done
if [ "$installed" = no ]; then
  echo "npm rulesets installed in $dir"
else
  echo "npm rulesets already installed in $dir"
fi
