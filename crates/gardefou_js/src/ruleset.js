// gardefou's reading of JavaScript ruleset modules: evaluated before the prelude, which calls
// the factory once with its private helpers and deletes it.
//
// A JavaScript ruleset is a live object: `extends` holds ruleset objects (Spectral's `oas` from
// `@stoplight/spectral-rulesets`, or other modules' rulesets), `formats` holds the format
// functions of `@stoplight/spectral-formats`, and `then.function` holds functions — core ones
// from `@stoplight/spectral-functions`, or the ruleset's own. `describe` turns it into the
// JSON form of a ruleset that gardefou's loader reads, with two additions:
// - a `then` whose function is the ruleset's own carries `"__gfAt"`, the access path from the
//   module's default export to that `then` object, so that every sandbox finds the same
//   function (and its live options) again in its own copy of the module;
// - an `extends` entry is `{"builtin": name, "changed": {…}}` for Spectral's own rulesets (the
//   rules that ruleset code modified in place, in full), `{"inline": ruleset}` for a ruleset
//   object, or `{"name": string}`, with `"mode"` when given as `[ruleset, mode]`.
(function () {
  'use strict';
  globalThis.__gf_rulesets_factory = function (deps) {
    const { formatName, coreName, validate, oasRules, makeCore, formats } = deps;

    // Spectral's `oas` ruleset as ruleset code sees it: its rules as objects whose `then`
    // functions are gardefou's implementations and whose `formats` are the format functions.
    function liveRule(def) {
      const r = {};
      for (const k of Object.keys(def)) {
        if (k === 'formats') {
          r.formats = def.formats.map((n) => formats[n]).filter((f) => f !== undefined);
        } else if (k === 'then') {
          const one = (t) => {
            const out = Object.assign({}, t);
            if (typeof t.function === 'string') {
              out.function = makeCore(t.function);
            }
            return out;
          };
          r.then = Array.isArray(def.then) ? def.then.map(one) : one(def.then);
        } else {
          r[k] = def[k];
        }
      }
      return r;
    }
    const oasOriginal = JSON.parse(oasRules);
    const oas = {
      documentationUrl: 'https://meta.stoplight.io/docs/spectral/docs/reference/openapi-rules.md',
      formats: ['oas2', 'oas3', 'oas3_0', 'oas3_1', 'oas3_2'].map((n) => formats[n]),
      aliases: {},
      rules: {},
    };
    for (const id of Object.keys(oasOriginal)) {
      oas.rules[id] = liveRule(oasOriginal[id]);
    }
    const builtinName = new Map([[oas, 'spectral:oas']]);
    const asyncapi = { formats: [formats.aas2, formats.aas3], rules: {} };
    const arazzo = { formats: [formats.arazzo1_0], rules: {} };
    builtinName.set(asyncapi, 'spectral:asyncapi');
    builtinName.set(arazzo, 'spectral:arazzo');
    const packageExports = { oas, asyncapi, arazzo };

    class RulesetShapeError extends Error {}
    const fail = (at, what) => {
      throw new RulesetShapeError((at.length ? 'at ' + at.join('.') + ': ' : '') + what);
    };

    function formatList(v, at) {
      if (!Array.isArray(v)) fail(at, '`formats` must be an array of format functions');
      return v.map((f, i) => {
        if (typeof f === 'string') return f;
        const n = typeof f === 'function' ? formatName(f) : undefined;
        if (n === undefined) {
          fail(at.concat(i), 'a format must be one of @stoplight/spectral-formats (custom format functions are not supported)');
        }
        return n;
      });
    }

    // Options as JSON: a RegExp becomes Spectral's string form `/source/flags` (and is counted
    // in `state.regexps`).
    function plain(v, at, state = { seen: new Set(), regexps: 0 }) {
      const seen = state.seen;
      if (v === null || typeof v !== 'object') {
        if (typeof v === 'function') fail(at, 'function options cannot hold a function');
        if (typeof v === 'bigint') return Number(v);
        return v;
      }
      if (v instanceof RegExp) {
        state.regexps += 1;
        return '/' + v.source + '/' + v.flags;
      }
      if (seen.has(v)) fail(at, 'function options cannot be circular');
      seen.add(v);
      let out;
      if (Array.isArray(v)) {
        out = v.map((x, i) => plain(x, at.concat(i), state));
      } else {
        out = {};
        for (const k of Object.keys(v)) {
          if (v[k] !== undefined) out[k] = plain(v[k], at.concat(k), state);
        }
      }
      seen.delete(v);
      return out;
    }

    function thenOf(t, at) {
      if (t === null || typeof t !== 'object') fail(at, '`then` must be an object');
      const out = {};
      if (t.field !== undefined) out.field = t.field;
      const f = t.function;
      if (typeof f === 'function') {
        const core = coreName(f);
        if (core !== undefined) {
          out.function = core;
          if (t.functionOptions !== undefined) {
            out.functionOptions = plain(t.functionOptions, at.concat('functionOptions'));
          }
        } else {
          out.function = f.name || 'anonymous';
          out.__gfAt = at;
          // The options stay live in JavaScript (they may hold RegExps); checked here against
          // the schema `createRulesetFunction` declares, as Spectral checks them when it loads.
          const schema = f.__gfOptionsSchema;
          if (schema !== undefined && schema !== null) {
            // Options holding RegExps are not checked: JSON Schema cannot describe them.
            const state = { seen: new Set(), regexps: 0 };
            let text;
            try {
              text = JSON.stringify(plain(t.functionOptions === undefined ? null : t.functionOptions, at, state));
            } catch (e) {
              text = undefined;
            }
            if (text !== undefined && state.regexps === 0) {
              const error = validate(JSON.stringify(schema), text);
              if (error != null) out.__gfOptionsError = error;
            }
          }
        }
      } else if (typeof f === 'string') {
        out.function = f;
        if (t.functionOptions !== undefined) {
          out.functionOptions = plain(t.functionOptions, at.concat('functionOptions'));
        }
      } else {
        fail(at, '`then.function` must be a function');
      }
      return out;
    }

    const RULE_KEYS = ['description', 'message', 'severity', 'recommended', 'resolved', 'documentationUrl', 'given', 'type', 'tags', 'enabled'];
    function ruleOf(r, at) {
      if (r === null || typeof r !== 'object' || Array.isArray(r)) return r; // a severity, true/false
      const out = {};
      for (const k of RULE_KEYS) {
        if (r[k] !== undefined) out[k] = plain(r[k], at.concat(k));
      }
      for (const k of Object.keys(r)) {
        if (k.startsWith('x-') && r[k] !== undefined) out[k] = plain(r[k], at.concat(k));
      }
      if (r.formats !== undefined) out.formats = formatList(r.formats, at.concat('formats'));
      if (r.then !== undefined) {
        out.then = Array.isArray(r.then)
          ? r.then.map((t, i) => thenOf(t, at.concat('then', i)))
          : thenOf(r.then, at.concat('then'));
      }
      return out;
    }

    function rulesOf(rules, at) {
      const out = {};
      if (rules === null || typeof rules !== 'object') fail(at, '`rules` must be an object');
      for (const id of Object.keys(rules)) {
        out[id] = ruleOf(rules[id], at.concat(id));
      }
      return out;
    }

    function aliasesOf(a, at) {
      const out = {};
      for (const k of Object.keys(a)) {
        const v = a[k];
        if (v !== null && typeof v === 'object' && !Array.isArray(v) && Array.isArray(v.targets)) {
          out[k] = {
            targets: v.targets.map((t, i) => ({
              formats: formatList(t.formats || [], at.concat(k, 'targets', i, 'formats')),
              given: t.given,
            })),
          };
        } else {
          out[k] = v;
        }
      }
      return out;
    }

    // The rules of a built-in ruleset that ruleset code changed in place.
    function changedBuiltin(name, rs) {
      const changed = {};
      if (name !== 'spectral:oas') return changed;
      for (const id of Object.keys(rs.rules)) {
        const now = ruleOf(rs.rules[id], [OAS, 'rules', id]);
        if (JSON.stringify(now) !== oasBaseline[id]) changed[id] = now;
      }
      return changed;
    }

    const MODES = ['recommended', 'all', 'off'];
    function extendsEntry(e, at, stack) {
      let mode;
      if (Array.isArray(e)) {
        if (e.length !== 2 || !MODES.includes(e[1])) {
          fail(at, 'an `extends` entry is a ruleset or [ruleset, "recommended" | "all" | "off"]');
        }
        mode = e[1];
        at = at.concat(0);
        e = e[0];
      }
      let out;
      if (typeof e === 'string') {
        out = { name: e };
      } else if (builtinName.has(e)) {
        const name = builtinName.get(e);
        out = { builtin: name, changed: changedBuiltin(name, e) };
      } else if (e !== null && typeof e === 'object') {
        out = { inline: rulesetOf(e, at, stack) };
      } else {
        fail(at, 'an `extends` entry must be a ruleset');
      }
      if (mode !== undefined) out.mode = mode;
      return out;
    }

    function rulesetOf(rs, at, stack) {
      if (rs === null || typeof rs !== 'object' || Array.isArray(rs)) {
        fail(at, 'the module\'s default export must be a ruleset object (with `rules` and/or `extends`)');
      }
      if (stack.includes(rs)) fail(at, 'the ruleset extends itself (a cycle of `extends`)');
      stack = stack.concat([rs]);
      const out = {};
      for (const k of ['documentationUrl', 'description']) {
        if (typeof rs[k] === 'string') out[k] = rs[k];
      }
      if (rs.formats !== undefined) out.formats = formatList(rs.formats, at.concat('formats'));
      if (rs.aliases !== undefined) out.aliases = aliasesOf(rs.aliases, at.concat('aliases'));
      if (rs.extends !== undefined) {
        const ext = rs.extends;
        // `extends: x`, `extends: [x, y]`, `extends: [x, "all"]`, `extends: [[x, "all"], y]`.
        const pair = Array.isArray(ext) && ext.length === 2 && MODES.includes(ext[1]) && !Array.isArray(ext[0]);
        if (Array.isArray(ext) && !pair) {
          out.extends = ext.map((e, i) => extendsEntry(e, at.concat('extends', i), stack));
        } else {
          out.extends = [extendsEntry(ext, at.concat('extends'), stack)];
        }
      }
      if (rs.rules !== undefined) out.rules = rulesOf(rs.rules, at.concat('rules'));
      if (rs.overrides !== undefined) {
        if (!Array.isArray(rs.overrides)) fail(at.concat('overrides'), '`overrides` must be an array');
        out.overrides = rs.overrides.map((o, i) => {
          const oo = { files: o.files };
          if (o.rules !== undefined) oo.rules = rulesOf(o.rules, at.concat('overrides', i, 'rules'));
          return oo;
        });
      }
      if (rs.parserOptions !== undefined) out.parserOptions = plain(rs.parserOptions, at.concat('parserOptions'));
      return out;
    }

    // The `then` object at an access path of a module's ruleset.
    function thenAt(rs, at) {
      let v = rs;
      if (at[0] === OAS) {
        v = oas;
        at = at.slice(1);
      }
      for (const k of at) {
        if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return undefined;
        v = v[k];
      }
      return v;
    }

    // What `oas` was before any ruleset code ran, to tell which rules it changed.
    const OAS = '<spectral:oas>';
    const oasBaseline = {};
    for (const id of Object.keys(oas.rules)) {
      oasBaseline[id] = JSON.stringify(ruleOf(oas.rules[id], [OAS, 'rules', id]));
    }

    return {
      packageExports,
      describe(rs) {
        return JSON.stringify(rulesetOf(rs, [], []));
      },
      thenAt,
      isShapeError(e) {
        return e instanceof RulesetShapeError;
      },
    };
  };
})();
