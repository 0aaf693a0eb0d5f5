#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/, cargo-fuzz + libFuzzer), one after another, and prints one line
# per target: executions, executions per second, seconds, outcome.
#
#   tools/fuzz_run.sh [--short | --long] [TARGET...]
#
#   --short (default)  FUZZ_SECONDS (60) seconds per target: the CI run.
#   --long             10^7 executions per target (FUZZ_RUNS), each stopped after at most
#                      FUZZ_MAX_SECONDS (1500) seconds: the run recorded in docs/reliability.md.
#                      Run it under `nice` on a shared machine, with FUZZ_TIMEOUT (10) seconds
#                      per input raised to match: libFuzzer times wall-clock time.
#
# Installs what is missing: the nightly toolchain (rustup) and cargo-fuzz (crates.io), then
# writes the seeds (tools/fuzz_seeds.sh) when fuzz/corpus is absent. When they cannot be had
# (no network), it says so and exits 3 without running anything. A crash, timeout or
# out-of-memory exits 1 after the other targets ran; the input is in fuzz/artifacts/TARGET/
# (reproduce: cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-…).
set -uo pipefail
cd "$(dirname "$0")/.."

mode=short
targets=()
for a in "$@"; do
  case "$a" in
    --short) mode=short ;;
    --long) mode=long ;;
    -h | --help)
      sed -n '2,17p' "$0"
      exit 0
      ;;
    *) targets+=("$a") ;;
  esac
done
all=(yaml json jsonpath refs ruleset js)
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

# Longest input per target: documents get room for real ones, code and paths less (libFuzzer
# is faster on short inputs; seeds longer than this are cut).
max_len() {
  case "$1" in
    yaml | json) echo 16384 ;;
    refs) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

skip() {
  echo "fuzz: skipped: $*" >&2
  exit 3
}

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz: installing the nightly toolchain" >&2
  rustup toolchain install nightly --profile minimal >&2 || skip "the nightly toolchain is not installed and cannot be (no network?)"
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz from crates.io" >&2
  cargo install cargo-fuzz --locked >&2 || skip "cargo-fuzz is not installed and cannot be (no network?)"
fi
if [ ! -d fuzz/corpus ]; then
  tools/fuzz_seeds.sh >&2 || skip "the seed corpora could not be written"
fi

# The `ruleset` and `js` targets write each input to a file under the temporary folder; on ext4
# each rewrite is flushed when the file is closed (about 5 % of `ruleset`'s time in `perf`), on
# a memory file system it is not. An explicit TMPDIR is kept.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm
fi

echo "fuzz: building the targets" >&2
# -a: debug assertions and overflow checks on; -s none: no sanitizer (gardefou's own unsafe code
# is two small FFI modules of gardefou_js, cpu_clock.rs and isolation.rs; what is looked for is
# panics, overflows, wrong answers, timeouts and runaway memory, which need no AddressSanitizer).
build_flags=(-a -s none)
if ! (cd fuzz && cargo +nightly fuzz build "${build_flags[@]}" >&2); then
  echo "fuzz: the targets do not build" >&2
  exit 1
fi

failed=0
printf '%-9s %12s %8s %7s  %s\n' target executions exec/s seconds outcome
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  case $mode in
    short) limit=(-max_total_time="${FUZZ_SECONDS:-60}") ;;
    long) limit=(-runs="${FUZZ_RUNS:-10000000}" -max_total_time="${FUZZ_MAX_SECONDS:-1500}") ;;
  esac
  log=$(mktemp)
  start=$(date +%s)
  (cd fuzz && cargo +nightly fuzz run "${build_flags[@]}" "$t" -- \
    "${limit[@]}" -max_len="$(max_len "$t")" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 \
    -print_final_stats=1) >"$log" 2>&1
  rc=$?
  seconds=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if [ $rc -eq 0 ]; then
    outcome="no crash"
  else
    failed=1
    what=$(grep -oE 'ERROR: libFuzzer: [a-z-]+|deadly signal|panicked at [^ ]+' "$log" | head -1)
    artifact=$(grep -oE "fuzz/artifacts/$t/[^ ]+|artifacts/$t/[^ ]+" "$log" | tail -1)
    outcome="FAILED (${what:-exit $rc}) ${artifact}"
    tail -40 "$log" | cut -c1-300 >&2
  fi
  printf '%-9s %12s %8s %7s  %s\n' "$t" "${runs:-?}" "${speed:-?}" "$seconds" "$outcome"
  rm -f "$log"
done
exit $failed
