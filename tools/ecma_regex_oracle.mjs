#!/usr/bin/env node
// Regenerates fixtures/ecma-regex/cases.json: what Node's RegExp answers for a list of
// (pattern, flags, input) cases, the oracle of crates/gardefou_linter/tests/ecma_regex_node.rs.
// Patterns: every `match` / `notMatch` / `pattern` option and every regex literal in a JSONPath
// `given` of the real rulesets (../shared/reference/rulesets and the published npm rulesets),
// read as Spectral reads them, plus hand-written edge cases. Inputs: strings chosen for each
// edge case, a list of realistic names and paths, and random strings drawn (seeded) from an
// alphabet made of the pattern's own characters and awkward ones.
// Run from the project root, with the npm rulesets installed (for @stoplight/yaml and the rulesets):
//   node --enable-experimental-regexp-engine-on-excessive-backtracks tools/ecma_regex_oracle.mjs [NPM_DIR]
// (the flag lets V8 finish catastrophic patterns on its linear engine, with the same answers).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const npmDir = process.argv[2] || '/work/scratch/npm';
const require = createRequire(path.join(npmDir, 'package.json'));
const { parse: parseYaml } = require('@stoplight/yaml');

// ---------------------------------------------------------------- real patterns
const roots = [
  '../shared/reference/rulesets',
  path.join(npmDir, 'node_modules/@stoplight/spectral-owasp-ruleset'),
  path.join(npmDir, 'node_modules/@apisyouwonthate/style-guide'),
  path.join(npmDir, 'node_modules/@ibm-cloud/openapi-ruleset'),
];

function* files(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'test' && e.name !== '__tests__') yield* files(p);
    } else if (/\.(ya?ml|json|js|mjs|cjs)$/.test(e.name) && !/\.map$|package(-lock)?\.json$/.test(e.name)) {
      yield p;
    }
  }
}

// As Spectral's `pattern` reads an option: `/body/flags` is a regex literal.
function spectralRegex(text) {
  const m = /^\/(.+)\/([a-z]*)$/.exec(text);
  return m ? [m[1], m[2]] : [text, ''];
}

const real = new Map(); // key -> [pattern, flags, origin]
function addReal(pattern, flags, origin) {
  const key = pattern + '\u0000' + flags;
  if (!real.has(key)) real.set(key, [pattern, flags, origin]);
}

function walk(v, origin) {
  if (Array.isArray(v)) return v.forEach((x) => walk(x, origin));
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'match' || k === 'notMatch' || k === 'pattern') && typeof x === 'string') {
        const [p, f] = spectralRegex(x);
        addReal(p, f, origin);
      }
      if (k === 'given') givenRegexes(x, origin);
      walk(x, origin);
    }
  }
}

// Regex literals in JSONPath filters: `.match(/…/i)`, `.test(`, `~=`.
function givenRegexes(given, origin) {
  for (const g of [].concat(given)) {
    if (typeof g !== 'string') continue;
    for (const m of g.matchAll(/\/((?:\\.|[^/\\\n])+)\/([gimsuy]*)\s*[).]/g)) {
      if (/match\(|test\(/.test(g)) addReal(m[1], m[2].replace(/[gy]/g, ''), origin + ' (given)');
    }
  }
}

for (const root of roots) {
  if (!fs.existsSync(root)) continue;
  for (const f of files(root)) {
    const text = fs.readFileSync(f, 'utf8');
    const origin = path.relative(process.cwd(), f);
    if (/\.(ya?ml|json)$/.test(f)) {
      try {
        walk(parseYaml(text), origin);
      } catch {
        /* not YAML we can read */
      }
    } else {
      // JavaScript rulesets: option strings as literals in the source.
      for (const m of text.matchAll(/\b(match|notMatch|pattern)\s*:\s*('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/g)) {
        const value = Function('return ' + m[2])();
        const [p, f2] = spectralRegex(value);
        addReal(p, f2, origin);
      }
      for (const m of text.matchAll(/given\s*:\s*('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`[^`]*`)/g)) {
        try {
          givenRegexes(Function('return ' + m[1])(), origin);
        } catch {
          /* a template with substitutions */
        }
      }
    }
  }
}

// ---------------------------------------------------------------- edge cases
// [pattern, flags, [inputs]]
const AD = '\u0663'; // ARABIC-INDIC DIGIT THREE
const edge = [
  ['^\\d+$', '', ['123', '12a', AD, '\uFF11', '', '0']],
  ['^\\d+$', 'u', ['123', AD]],
  ['^\\w+$', '', ['abc_1', 'é', 'ſ', '\u212A', 'A-b']],
  ['^\\w+$', 'i', ['ſ', '\u212A', 'k', 'S']],
  ['^\\w+$', 'iu', ['ſ', '\u212A', 'k', 'S']],
  ['\\W', 'iu', ['ſ', '\u212A', 'k', '-']],
  ['^\\s+$', '', [' ', '\t\n\v\f\r', '\u00A0', '\uFEFF', '\u1680', '\u2000', '\u200A', '\u200B', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000', '\u0085', '\u180E']],
  ['\\S', '', ['\uFEFF', '\u0085', ' a']],
  ['\\bfoo\\b', '', ['foo', 'a foo b', 'foobar', 'éfooé', '_foo']],
  ['\\Bfoo', '', ['foo', 'afoo', ' foo', 'éfoo']],
  ['\\bk', 'iu', ['\u212Ak', ' k', 'ſk']],
  ['\\bk', 'i', ['\u212Ak', ' k']],
  ['^.$', '', ['a', '\n', '\r', '\u2028', '\u2029', '\u0085', '😀', 'é']],
  ['^.$', 's', ['\n', '\r', '😀']],
  ['^.$', 'u', ['😀', '\n']],
  ['^..$', '', ['😀', 'ab']],
  ['^[^a]$', '', ['😀', 'b', 'a']],
  ['^[^a]{2}$', '', ['😀', 'bb']],
  ['^[^a]$', 'u', ['😀']],
  ['[\\uD83D]', '', ['😀', 'a']],
  ['\\uD83D\\uDE00', '', ['😀', 'x😀y']],
  ['\\uD83D\\uDE00', 'u', ['😀']],
  ['^\\u{1F600}$', 'u', ['😀', 'u{1F600}']],
  ['^\\u{41}$', '', ['u{41}', 'A', 'uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu']],
  ['[😀]', '', ['😀', '\uD83D']],
  ['^[😀]$', 'u', ['😀']],
  ['😀+', '', ['😀😀', 'x😀']],
  ['[\\u0000-\\uFFFF]', '', ['😀']],
  ['^[\\s\\S]$', '', ['😀', 'a']],
  ['.', '', ['x😀', '😀x']],
  ['[^]', '', ['', 'a', '\n']],
  ['[]', '', ['', 'a']],
  ['a[]', '', ['a']],
  ['^[^]*$', '', ['', 'a\nb']],
  ['{}', '', ['{}', 'a{}b', '{']],
  ['^{[a-z]+}$', '', ['{abc}', 'abc', '{}']],
  ['a{', '', ['a{', 'a']],
  ['a{,5}', '', ['a{,5}', 'aaa']],
  ['a{2}', '', ['aa', 'a', 'a{2}']],
  ['a{2,}', '', ['aaa', 'a']],
  ['a{1,3}?', '', ['aaa']],
  ['x{2,3}y', '', ['xxxy', 'xy']],
  ['}', '', ['}', 'a']],
  [']', '', [']', 'a']],
  ['^a{1}b}$', '', ['ab}', 'a{1}b}']],
  ['\\/', '', ['/', 'a']],
  ['a\\-b', '', ['a-b', 'ab']],
  ['\\-', 'u', ['-']],
  ['[\\-a]', 'u', ['-', 'a', 'b']],
  ['\\e\\q\\%', '', ['eq%', '\\e']],
  ['\\x41\\x4', '', ['Ax4', 'A\x04']],
  ['\\u0041\\u004', '', ['Au004', 'A']],
  ['\\cJ\\cj', '', ['\n\n', 'cJ']],
  ['\\c', '', ['\\c', 'c']],
  ['\\c1', '', ['\\c1', '\x11']],
  ['[\\c1]', '', ['\x11', 'c', '1', '\\']],
  ['[\\c_]', '', ['\x1F', '_']],
  ['[\\c]', '', ['\\', 'c', 'x']],
  ['\\0', '', ['\0', '0']],
  ['\\00', '', ['\0', '\0\0']],
  ['\\08', '', ['\x008', '8']],
  ['\\1', '', ['\x01', '1']],
  ['\\12', '', ['\n', '12']],
  ['\\377\\400', '', ['\xFF\x200', '\xFF ']],
  ['\\8\\9', '', ['89', '\x08']],
  ['(a)\\1', '', ['aa', 'a']],
  ['(a)\\2', '', ['a\x02', 'aa']],
  ['(a)\\12', '', ['a\n', 'aa2']],
  ['(a)|\\1b', '', ['b', 'ab']],
  ['\\1(a)', '', ['a', 'aa']],
  ['^(a)?\\1$', '', ['', 'a', 'aa']],
  ['(?<x>a)\\k<x>', '', ['aa', 'ab']],
  ['\\k', '', ['k']],
  ['\\k<x>', '', ['k<x>']],
  ['^(?<year>\\d{4})-(?<m>\\d{2})$', '', ['2024-01', '24-01']],
  ['(a|b)\\1', 'i', ['aA', 'ab', 'Bb']],
  ['[\\b]', '', ['\b', 'b']],
  ['[\\B]', '', ['B', 'b']],
  ['[\\d-z]', '', ['-', 'z', '5', 'a']],
  ['[a-\\d]', '', ['-', 'a', '5', 'b']],
  ['[\\w-]+', '', ['a-b', '%']],
  ['[-a]', '', ['-', 'a']],
  ['[a-]', '', ['-', 'a']],
  ['[[]', '', ['[', 'a']],
  ['[a[b]', '', ['[', 'b', 'c']],
  ['[a&&b]', '', ['&', 'a', 'c']],
  ['[a--b]', '', ['-', 'a', 'c']],
  ['[a~~b]', '', ['~', 'c']],
  ['[\\[\\]]', '', ['[', ']', 'a']],
  ['[^\\]]', '', [']', 'a']],
  ['[.]', '', ['.', 'a']],
  ['[$^]', '', ['$', '^', 'a']],
  ['[\\^]', '', ['^']],
  ['[a^]', '', ['^', 'a', 'b']],
  ['[\\/]', '', ['/']],
  ['[\\x41-\\x43]', '', ['B', 'D']],
  ['[\\u0041-\\u0043]', 'i', ['b', 'd']],
  ['[\\0-\\x1f]', '', ['\0', '\x1f', ' ']],
  ['[\\01]', '', ['\x01', '1']],
  ['[\\8]', '', ['8', '\\']],
  ['[\\s\\d]', '', ['\u3000', '5', 'a']],
  ['[^\\s]', '', [' ', 'a']],
  ['[^\\D]', '', ['5', 'a']],
  ['[\\S\\s]', '', ['x']],
  ['[\\u{41}]', 'u', ['A', 'u']],
  ['[\\u{1F600}-\\u{1F64F}]', 'u', ['😀', '😺']],
  ['\\p{Lu}', 'u', ['A', 'a', 'É']],
  ['\\p{Lu}', 'iu', ['a', '1']],
  ['\\P{Lu}', 'iu', ['A', '1']],
  ['^\\p{Script=Greek}+$', 'u', ['αβγ', 'abc']],
  ['\\p{L}', '', ['p{L}', 'a']],
  ['^abc$', 'i', ['ABC', 'aBc', 'abd']],
  ['^s$', 'i', ['S', 'ſ']],
  ['^s$', 'iu', ['S', 'ſ']],
  ['^k$', 'i', ['K', '\u212A']],
  ['^k$', 'iu', ['K', '\u212A']],
  ['^\u00DF$', 'i', ['\u1E9E', 'SS', '\u00DF']],
  ['^\u00DF$', 'iu', ['\u1E9E', 'SS']],
  ['^\u03C3$', 'i', ['\u03A3', '\u03C2']],
  ['^\u03C3$', 'iu', ['\u03A3', '\u03C2']],
  ['^\u2126$', 'i', ['\u03C9', '\u03A9']],
  ['^\u2126$', 'iu', ['\u03C9', '\u03A9']],
  ['^\u0130$', 'i', ['i', 'I', '\u0130']],
  ['^\u0131$', 'i', ['i', 'I']],
  ['^[a-z]+$', 'i', ['ABC', 'ſ', '\u212A']],
  ['^[a-z]+$', 'iu', ['ABC', 'ſ', '\u212A']],
  ['^[^a-z]$', 'i', ['A', '1']],
  ['^[^a-z]$', 'iu', ['\u212A', '1']],
  ['^[\u00E0-\u00FF]$', 'i', ['\u00C0', '\u0178', '\u00D7']],
  ['^\u01C5$', 'i', ['\u01C4', '\u01C6']],
  ['^\u1F80$', 'i', ['\u1F88']],
  ['^\u0390$', 'i', ['\u1FD3']],
  ['^\u0390$', 'iu', ['\u1FD3']],
  ['^a$', 'm', ['a', 'b\na\nc', 'x\ra\r', 'x\u2028a', 'a\u2029', 'xa']],
  ['^$', 'm', ['\r\n', '\n', 'a']],
  ['a$', '', ['a\n', 'a']],
  ['^b', '', ['a\nb']],
  ['^b', 'm', ['a\nb', 'a\rb', 'a\u2028b', 'ab']],
  ['a$|^c', 'm', ['c', 'a\r', 'xc']],
  ['a.c', 's', ['a\nc', 'a\rc']],
  ['a.c', '', ['a\nc', 'abc']],
  ['a.c', 'ms', ['a\u2028c']],
  ['^(a+)+$', '', ['aaaa', 'aaaab', '']],
  ['(a*)*b', '', ['aaab', 'aaa']],
  ['(a|ab)(c|bcd)(d*)', '', ['abcd']],
  ['a*?b', '', ['aaab']],
  ['a+?', '', ['aaa']],
  ['(?:a|b)*?c', '', ['ababc', 'ab']],
  ['(a?)*?$', '', ['aa']],
  ['(?:)', '', ['', 'a']],
  ['', '', ['', 'a']],
  ['|a', '', ['a']],
  ['a|', '', ['b', 'a']],
  ['a||b', '', ['b']],
  ['x*', '', ['', 'y', 'xx']],
  ['(?=a)', '', ['ba', 'b']],
  ['a(?=b)', '', ['ab', 'ac']],
  ['a(?!b)', '', ['ab', 'ac']],
  ['(?<=a)b', '', ['ab', 'cb']],
  ['(?<!a)b', '', ['ab', 'cb']],
  ['(?<=\\d{2,})x', '', ['12x', '1x']],
  ['^(?!.*secret).*$', 'i', ['my SECRET', 'public']],
  ['^(?=.*[A-Z])(?=.*\\d).{8,}$', '', ['Password1', 'password1', 'P1']],
  ['(?=a)*b', '', ['b', 'ab']],
  ['(?=(a))\\1b', '', ['ab', 'b']],
  ['(?!(a))\\1b', '', ['b', 'ab']],
  ['(\\w+)\\s\\1', '', ['hello hello', 'hello world']],
  ['^(?:(a)|b)+\\1$', '', ['aba', 'ab', 'abb', 'ba']],
  ['(a)|b', '', ['b']],
  ['\\ta\\nb\\vc\\fd\\re', '', ['\ta\nb\vc\fd\re']],
  ['\\\\', '', ['\\']],
  ['a\\.b', '', ['a.b', 'axb']],
  ['\\$\\^\\*\\+\\?\\(\\)\\{\\}\\|\\.', '', ['$^*+?(){}|.']],
  ['#$', '', ['#']],
  ['a b', '', ['a b', 'ab']],
  ['\\x{41}', '', ['x{41}', 'A']],
  ['\\Q', '', ['Q']],
  ['\\A\\z\\Z', '', ['AzZ']],
  ['\\a', '', ['a']],
  ['\\h\\R\\X', '', ['hRX']],
  ['(?i)a', '', ['a']],
  ['(?<!\\$)\\{', '', ['{', '${']],
  ['x{1,2}{2}', '', ['xxxx']],
  ['[a-z]{2,3}?x', '', ['abcx']],
  ['^\\/[a-z0-9\\-\\/{}]+$', '', ['/users/{id}', '/Users']],
  ['^(\\/|[a-z0-9-.]+|{[a-zA-Z0-9_]+})+$', '', ['/v1/accounts/{account}/persons', '/v1/Accounts', '/a_b', '/{a-b}', '']],
  ['^(.*\\s+.*)+$', '', ['a b', 'ab', ' ', '']],
  ['^[A-Z]+[a-z0-9]*-*([A-Z]+[a-z0-9]*-*)*$', '', ['X-Request-Id', 'x-request-id', 'ETag']],
  ['(', '', []],
  [')', '', []],
  ['[', '', []],
  ['a**', '', []],
  ['*', '', []],
  ['a{2,1}', '', []],
  ['{1}', '', []],
  ['\\', '', []],
  ['(?<a>x)(?<a>y)', '', []],
  ['\\k<y>(?<x>a)', '', []],
  ['(?<x>a)[\\k]', '', []],
  ['[b-a]', '', []],
  ['\\-', 'u', ['-']],
  ['\\e', 'u', []],
  ['{', 'u', []],
  ['\\1', 'u', []],
  ['(?<=a)*', '', []],
  ['\\p{Nope}', 'u', []],
  ['^\\p{Lu}$', 'u', ['Ω']],
  ['a', 'g', ['ba']],
  ['A', 'gi', ['ba']],
  ['^x$', 'y', ['x']],
];

// ---------------------------------------------------------------- inputs
let seed = 0x9e3779b9;
function rand() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const awkward = [...'aZ09_-/ .{}$#\n\r\t\u2028é€ſ\u212A\u0663\u00A0\uFEFF😀:;@=,'];
function alphabetOf(pattern) {
  const own = [...pattern.replace(/\\[a-zA-Z]/g, '')].filter((c) => !'\\^$()|*+?'.includes(c));
  return [...new Set([...own, ...awkward])];
}
function randomString(alpha) {
  const n = Math.floor(rand() * 14);
  let s = '';
  for (let i = 0; i < n; i++) s += alpha[Math.floor(rand() * alpha.length)];
  return s;
}
const realistic = [
  '', '/', '/users', '/users/{userId}', '/v1/accounts/{account}/persons/{person}', '/Users/{id}',
  '/users/', '/pets.json', '/a b', 'X-Request-Id', 'x-rate-limit', 'Content-Type', 'ETag',
  'getUserById', 'get_user', 'UserAccount', 'USER_ID', 'access_token', 'clientSecret', 'password',
  'https://api.example.com/v1', 'http://example.com', 'http://localhost:8080', 'https://staging.example.com',
  'Bearer', 'basic', 'oauth', 'negotiate', 'query', 'path', 'body', 'application/json',
  'application/problem+json', 'text/plain', 'RFC8725 applies', 'An API. ', 'Ends with dot.',
  '2024-01-01', 'v1.2.3', 'id', 'ID', 'a_very_long_property_name_with_many_parts', '😀 emoji',
];

// ---------------------------------------------------------------- answers
function answer(pattern, flags, input) {
  const re = new RegExp(pattern, flags);
  re.lastIndex = 0;
  const m = flags.includes('y') || flags.includes('g') ? new RegExp(pattern, flags.replace(/[gy]/g, '')).exec(input) : re.exec(input);
  return m ? [m.index, m.index + m[0].length] : null;
}

const cases = [];
function add(pattern, flags, inputs, origin) {
  try {
    new RegExp(pattern, flags);
  } catch {
    cases.push({ pattern, flags, origin, error: true });
    return;
  }
  const seen = new Set();
  for (const input of inputs) {
    // Inputs come from YAML and JSON documents as Rust strings: no lone surrogates.
    if (seen.has(input) || !input.isWellFormed()) continue;
    seen.add(input);
    cases.push({ pattern, flags, input, origin, match: answer(pattern, flags, input) });
  }
}

for (const [pattern, flags, origin] of real.values()) {
  const alpha = alphabetOf(pattern);
  const inputs = [...realistic];
  for (let i = 0; i < 12; i++) inputs.push(randomString(alpha));
  add(pattern, flags, inputs, origin);
}
for (const [pattern, flags, inputs] of edge) {
  const alpha = alphabetOf(pattern);
  const all = [...inputs];
  if (inputs.length) for (let i = 0; i < 4; i++) all.push(randomString(alpha));
  add(pattern, flags, all, 'edge case');
}

const out = 'fixtures/ecma-regex/cases.json';
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(
  out,
  JSON.stringify({ node: process.version, realPatterns: real.size, cases }, null, 0).replace(/\},\{/g, '},\n{') + '\n',
);
console.log(`${real.size} real patterns, ${edge.length} edge patterns, ${cases.length} cases -> ${out}`);
