#!/usr/bin/env bash
# No module of any crate of the workspace depends on itself through others: the graph of
# `cargo modules dependencies` (cargo-modules) of the library and every binary of each
# workspace package, checked by tools/module_cycles.awk. Prints one line per target and fails at the first cycle, which
# cargo-modules draws. Tests (`#[cfg(test)]`) are not analysed.
#
# Needs cargo-modules 0.27 (`cargo install cargo-modules --version 0.27.0 --locked`; 0.28
# needs a newer compiler than the workspace's); .ci/run installs it when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo modules --version >/dev/null 2>&1; then
  echo "check_modules: cargo-modules is not installed (cargo install cargo-modules --version 0.27.0 --locked)" >&2
  exit 3
fi

# The manifest of every workspace member, from cargo itself (no JSON tool needed: each
# package object names its manifest once).
manifests=$(cargo metadata --no-deps --format-version 1 \
  | grep -o '"manifest_path":"[^"]*"' | sed 's/^"manifest_path":"//; s/"$//' | sort -u)

status=0
checked=0
for manifest in $manifests; do
  dir=$(dirname "$manifest")
  package=$(sed -n '/^\[package\]/,/^\[/{s/^name *= *"\([^"]*\)".*/\1/p}' "$manifest" | head -n 1)
  targets=()
  [ -f "$dir/src/lib.rs" ] && targets+=("--lib")
  [ -f "$dir/src/main.rs" ] && targets+=("--bin=$package")
  if [ -d "$dir/src/bin" ]; then
    for bin in "$dir"/src/bin/*.rs; do
      [ -e "$bin" ] && targets+=("--bin=$(basename "$bin" .rs)")
    done
  fi
  for target in "${targets[@]}"; do
    # cargo-modules' own `--acyclic` counts a type and its constructor as a cycle (`Span` owns
    # `Span::new`, which returns a `Span`); tools/module_cycles.awk lifts its item graph to
    # modules instead. `--no-externs`: other crates cannot close a cycle inside this one.
    dot=$(mktemp)
    if ! cargo modules dependencies -p "$package" "$target" --no-externs --layout dot \
      >"$dot" 2>"$dot.err"; then
      echo "modules: cargo modules failed on $package ${target#--}:" >&2
      cat "$dot.err" >&2
      status=1
    elif awk -f tools/module_cycles.awk "$dot"; then
      echo "modules: $package ${target#--} acyclic"
    else
      echo "modules: $package ${target#--} has a module cycle (above)" >&2
      status=1
    fi
    rm -f "$dot" "$dot.err"
    checked=$((checked + 1))
  done
done

if [ "$checked" = 0 ]; then
  echo "check_modules: no crate found" >&2
  exit 1
fi
exit "$status"
