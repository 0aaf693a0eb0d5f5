#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets (fuzz/fuzz_targets/) into fuzz/corpus/<target>/,
# from ../shared/corpus (documents), fixtures/ (documents, rulesets, JavaScript functions) and
# ../shared/reference (the JSONPath suite, published rulesets), plus a few hand-written cases.
# Nothing it writes is committed (fuzz/.gitignore). Existing seeds are replaced; what libFuzzer
# added to a corpus folder is kept. Usage: tools/fuzz_seeds.sh [OUT_DIR]
#
# Needs only bash and coreutils (jq is used for the JSONPath suite when present).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-fuzz/corpus}
shared=../shared
# Largest document taken as a seed: larger ones only slow libFuzzer down (see -max_len in
# tools/fuzz_run.sh), and the seeds stay a few megabytes in all.
max_doc=32768

targets=(yaml json jsonpath refs ruleset js)
for t in "${targets[@]}"; do
  mkdir -p "$out/$t"
  rm -f "$out/$t"/seed-*
done

# A file name for a seed from its source path.
seed_name() { printf 'seed-%s' "$(printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_' | tail -c 120)"; }

docs() { # every document of the corpora and fixtures up to $max_doc bytes, matching $1 (find -name)
  local roots=(fixtures)
  [ -d "$shared/corpus/docs" ] && roots+=("$shared/corpus/docs")
  find "${roots[@]}" -type f -name "$1" -size -"$((max_doc + 1))"c -not -path '*/node_modules/*' | sort
}

# yaml and json: the documents themselves.
for pattern in '*.yaml' '*.yml'; do
  docs "$pattern" | while read -r f; do cp "$f" "$out/yaml/$(seed_name "$f")"; done
done
docs '*.json' | while read -r f; do cp "$f" "$out/json/$(seed_name "$f")"; done

# jsonpath: every `given` of the published rulesets (after alias expansion), each on its own
# line over the default document, and one in four over a small real document too.
paths=$(mktemp)
trap 'rm -f "$paths"' EXIT
given="$shared/reference/jsonpath/given-paths.json"
if [ -f "$given" ]; then
  if command -v jq >/dev/null 2>&1; then
    jq -r '.[].expanded' "$given" | sort -u >"$paths"
  else
    grep -oE '"expanded": "([^"\\]|\\.)*"' "$given" | sed -E 's/^"expanded": "//; s/"$//; s/\\"/"/g; s/\\\\/\\/g' | sort -u >"$paths"
  fi
fi
cat >>"$paths" <<'EOF'
$
$..*
$..[?(@.$ref)]
$.paths[*][?(@.operationId && @.operationId.match(/^[a-z]+$/))]~
$..properties[?(@property === 'id' || @.type == 'integer')]^
$.paths.*[get,put,post].responses[?(@property >= 400)].content[*].schema
$..[?(@ && @.example !== void 0)]
$.components.schemas[*].properties[*]@
$['paths']["/pets/{id}"].get.tags[0,-1,1:2]
$..*[?(@path.length > 3)].description
EOF
small=()
while read -r f; do small+=("$f"); done < <(max_doc=4096 docs '*.yaml' | head -60)
i=0
while IFS= read -r p; do
  printf '%s\n' "$p" >"$out/jsonpath/seed-path-$i"
  if [ $((i % 4)) -eq 0 ] && [ ${#small[@]} -gt 0 ]; then
    { printf '%s\n' "$p"; cat "${small[$(((i / 4) % ${#small[@]}))]}"; } >"$out/jsonpath/seed-path-doc-$i"
  fi
  i=$((i + 1))
done <"$paths"

# refs: NUL-separated files, each its name on the first line (see fuzz/src/lib.rs).
file_set() { # OUT ROOT_DIR FILE... : the files, named relative to ROOT_DIR, root first
  local dest=$1 base=$2 first=1
  shift 2
  for f in "$@"; do
    [ $first -eq 1 ] || printf '\0'
    first=0
    printf '%s\n' "${f#"$base"/}"
    cat "$f"
  done >"$dest"
}
file_set "$out/refs/seed-multi-file" fixtures/lint/multi-file \
  fixtures/lint/multi-file/root.yaml fixtures/lint/multi-file/parts/pets.yaml fixtures/lint/multi-file/parts/pet.yaml
file_set "$out/refs/seed-royalties" fixtures/portfolio/royalties \
  fixtures/portfolio/royalties/openapi.yaml fixtures/portfolio/royalties/parameters.yaml \
  fixtures/portfolio/royalties/schemas/statement.yaml fixtures/portfolio/royalties/schemas/money.yaml
file_set "$out/refs/seed-ref-locations" fixtures/spectral-engine/ref-locations \
  fixtures/spectral-engine/ref-locations/doc.yaml fixtures/spectral-engine/ref-locations/other.yaml
printf 'api.yaml\na: {$ref: "b.yaml#/b"}\nc: {$ref: "#/a"}\0b.yaml\nb: {$ref: "sub/c.json#/c"}\0sub/c.json\n{"c": {"$ref": "../api.yaml#/z"}, "d": 1}\n' \
  >"$out/refs/seed-chain"
printf 'api.yaml\nx: {$ref: "b.yaml#/y"}\nw: {$ref: "#/x/deeper/0"}\0b.yaml\ny: {$ref: "api.yaml#/x"}\n' >"$out/refs/seed-cycle"
printf 'api.yaml\no: {$ref: "../outside.yaml"}\nm: {$ref: "missing.yaml"}\nr: {$ref: "https://example.com/x.yaml"}\nt: {$ref: "#/%%7E0/~1a"}\n\0../outside.yaml\nx: 1\n' \
  >"$out/refs/seed-refused"
printf 'api.yaml\nopenapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    $ref: "paths.yaml#/a"\ncomponents:\n  schemas:\n    A: {$ref: "schemas.yaml#/A"}\n\0paths.yaml\na:\n  get:\n    responses:\n      "200": {description: ok, content: {application/json: {schema: {$ref: "schemas.yaml#/A"}}}}\n\0schemas.yaml\nA: {type: object, properties: {b: {$ref: "#/B"}}}\nB: {type: array, items: {$ref: "#/A"}}\n' \
  >"$out/refs/seed-api"
max_doc=8192 docs '*.yaml' | head -300 | while read -r f; do
  { printf 'api.yaml\n'; cat "$f"; } >"$out/refs/$(seed_name "$f")"
done

# ruleset: the rulesets of the fixtures and the published ones, and a few written here.
{
  find fixtures -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -not -path '*/node_modules/*' -print0 |
    xargs -0 grep -lE '^(extends|rules|functions|aliases|overrides):' || true
  [ -d "$shared/reference/rulesets" ] && find "$shared/reference/rulesets" -type f \( -name '*.yaml' -o -name '*.yml' \) -not -path '*/node_modules/*'
  [ -f "$shared/corpus/spectral-oas.yaml" ] && echo "$shared/corpus/spectral-oas.yaml"
} | sort -u | while read -r f; do cp "$f" "$out/ruleset/$(seed_name "$f")"; done
cat >"$out/ruleset/seed-core-functions.yaml" <<'EOF'
extends: [[spectral:oas, off]]
formats: [oas3]
aliases:
  Ops: ["$.paths[*][get,put,post,delete]"]
rules:
  ids:
    given: "#Ops"
    severity: error
    message: "{{property}} of {{path}} is {{value}}: {{error}}"
    then:
      field: operationId
      function: pattern
      functionOptions: {match: "^[a-z][a-zA-Z]+$", notMatch: "(a+)+b"}
  casing:
    given: "$.components.schemas[*].properties"
    then: {field: "@key", function: casing, functionOptions: {type: camel, disallowDigits: true}}
  lengths:
    given: "$.info"
    then:
      - {field: title, function: length, functionOptions: {min: 3, max: 50}}
      - {field: version, function: truthy}
      - {field: summary, function: falsy}
  enums:
    given: "$..parameters[*]"
    resolved: false
    then: {field: in, function: enumeration, functionOptions: {values: [path, query, header, cookie]}}
  schema:
    given: "$.components.schemas.Pet"
    then:
      function: schema
      functionOptions: {schema: {type: object, required: [type], properties: {type: {const: object}}}, dialect: draft2020-12}
  xor:
    given: "$.paths[*][*].responses[*].content[*]"
    then: {function: xor, functionOptions: {properties: [example, examples]}}
  alpha:
    given: "$.tags"
    then: {function: alphabetical, functionOptions: {keyedBy: name}}
  defined:
    given: "$.paths[*][*]"
    then: {field: description, function: defined}
  undefined:
    given: "$"
    then: {field: x-internal, function: undefined}
  unref:
    given: "$..*"
    then: {function: unreferencedReusableObject, functionOptions: {reusableObjectsLocation: "#/components/schemas"}}
  typed:
    given: "$..enum"
    then: {function: typedEnum}
overrides:
  - files: ["**/*.yaml#/paths"]
    rules: {ids: warn, casing: off}
EOF
cat >"$out/ruleset/seed-recommended.yaml" <<'EOF'
extends: ["spectral:oas", "gardefou:recommended"]
rules:
  operation-tags: off
  info-contact: error
  oas3-schema: warn
EOF
printf '{"extends": "spectral:oas", "rules": {"no-$ref-siblings": "off", "my": {"given": "$..description", "then": {"function": "truthy"}}}}\n' \
  >"$out/ruleset/seed-json.json"

# js: every JavaScript function of the fixtures and the published rulesets (over the default
# document), and a few written here over small documents.
{
  find fixtures -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \) -not -path '*/node_modules/*'
  [ -d "$shared/reference/rulesets" ] && find "$shared/reference/rulesets" -type f -name '*.js' -not -path '*/node_modules/*'
} | sort -u | while read -r f; do cp "$f" "$out/js/$(seed_name "$f")"; done
cat >"$out/js/seed-core.js" <<'EOF'
import { pattern, truthy, schema } from '@stoplight/spectral-functions';
import { createRulesetFunction } from '@stoplight/spectral-core';
export default createRulesetFunction(
  { input: null, options: { type: 'object', additionalProperties: true } },
  (input, options, context) => {
    const out = [];
    for (const [k, v] of Object.entries(input?.paths ?? {})) {
      const r = pattern(k, { match: '^/[a-z{}/]+$' }, context);
      if (r) out.push(...r.map((x) => ({ message: x.message, path: ['paths', k] })));
      out.push(...(truthy(v.get, null, context) ?? []));
    }
    out.push(...(schema(input, { schema: { type: 'object', required: ['openapi'] } }, context) ?? []));
    return out;
  },
);
EOF
printf 'module.exports = async (input, _o, ctx) => { await null; return Object.keys(input).map((k, i) => ({ message: `${k}:${JSON.stringify(ctx.path)}`, path: [k, i] })); };\0{"a": [1, 2, {"$ref": "#/a/0"}], "b": {"$ref": "#/b"}}\n' \
  >"$out/js/seed-async.js"
printf 'export default function (input) { if (typeof input !== "object") throw new TypeError("not an object"); return [{ message: String(input.openapi ?? input.swagger), path: ["info"] }, { message: 1 }, null]; }\0swagger: "2.0"\ninfo: {title: t, version: "1"}\npaths: {}\n' \
  >"$out/js/seed-throw.js"

for t in "${targets[@]}"; do
  printf '%-9s %5d seeds, %s\n' "$t" "$(find "$out/$t" -name 'seed-*' | wc -l)" "$(du -sh "$out/$t" | cut -f1)"
done
