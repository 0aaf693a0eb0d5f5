#!/usr/bin/env bash
# Builds the VS Code extension (editors/vscode/) into a .vsix, outside the tracked tree:
# copies its sources into DIR/build (default target/vscode), installs the dependencies pinned in
# its package-lock.json (npm ci, no install scripts), type-checks it with tsc against VS Code's
# API at the version `engines.vscode` names, bundles it with esbuild into one out/extension.js
# and packages it with @vscode/vsce. Prints the path of the .vsix. Needs npm.
#   tools/package_vscode.sh [DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/editors/vscode
dir=${1:-$root/target/vscode}
mkdir -p "$dir/build"
dir=$(cd "$dir" && pwd)
build=$dir/build

# Dependencies are reinstalled only when the lock file changed.
if ! cmp -s "$src/package-lock.json" "$build/package-lock.json" || [ ! -d "$build/node_modules" ]; then
  rm -rf "$build/node_modules"
  cp "$src/package.json" "$src/package-lock.json" "$build/"
  (cd "$build" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi
rm -rf "$build/src" "$build/out"
cp -r "$src/src" "$build/src"
cp "$src/package.json" "$src/tsconfig.json" "$src/README.md" "$src/.vscodeignore" "$build/"
cp "$root/LICENSE" "$build/LICENSE"

version=$(node -p "require('$src/package.json').version")
vsix=$dir/gardefou-$version.vsix
rm -f "$vsix"
(cd "$build" && npm run --silent compile >&2 && npx --no-install vsce package --no-dependencies --out "$vsix" >&2)
echo "$vsix"
