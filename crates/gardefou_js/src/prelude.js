// gardefou's JavaScript prelude: evaluated once in every sandbox before any ruleset code.
// It defines Spectral's function contract (`createRulesetFunction`, the core functions, the
// formats), the call dispatcher the Rust side uses, and makes the sandbox deterministic.
// Native helpers (set by Rust before this runs): __gf_validate, __gf_core, __gf_read.
(function () {
  'use strict';
  const g = globalThis;
  const validate = g.__gf_validate;
  const core = g.__gf_core;
  const read = g.__gf_read;
  const coreNames = g.__gf_core_names;
  const compile = g.__gf_compile;
  delete g.__gf_validate;
  delete g.__gf_core;
  delete g.__gf_read;
  delete g.__gf_compile;
  delete g.__gf_core_names;

  // Deterministic randomness: the same sequence on every run (mulberry32, fixed seed).
  let seed = 0x2f6b3a1d;
  Math.random = function random() {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Ruleset code may log while debugging; a linter library prints nothing.
  const quiet = function () {};
  g.console = { log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet, trace: quiet };

  function stringify(v) {
    try {
      return JSON.stringify(v);
    } catch (e) {
      return undefined; // cycles (a resolved recursive schema): not checked
    }
  }

  // @stoplight/spectral-core
  function createRulesetFunction(meta, fn) {
    if (typeof fn !== 'function') {
      throw new TypeError('createRulesetFunction needs a function');
    }
    const input = meta && meta.input !== undefined ? meta.input : null;
    const inputText = input === null ? null : JSON.stringify(input);
    const wrapped = function (target, options, context) {
      if (inputText !== null) {
        if (target === undefined) {
          if (input !== true && !(typeof input === 'object' && Object.keys(input).length === 0)) {
            return;
          }
        } else {
          const text = stringify(target);
          if (text !== undefined && validate(inputText, text) != null) {
            return;
          }
        }
      }
      return fn.call(this, target, options, context);
    };
    Object.defineProperty(wrapped, 'name', { value: fn.name });
    // `options: null`: the function takes no options (Spectral accepts only `null`).
    wrapped.__gfOptionsSchema = !meta ? undefined : meta.options === null ? { type: 'null' } : meta.options;
    return wrapped;
  }
  class RulesetValidationError extends Error {}
  const spectralCore = { createRulesetFunction, RulesetValidationError };

  // @stoplight/spectral-functions: the core functions, run by gardefou's Rust implementations.
  const spectralFunctions = {};
  for (const name of coreNames) {
    const f = function (target, options, context) {
      const path = context && Array.isArray(context.path) ? context.path : [];
      const text = target === undefined ? '' : stringify(target);
      if (text === undefined) {
        return [];
      }
      const out = core(
        name,
        text,
        target === undefined,
        JSON.stringify(options === undefined ? null : options),
        JSON.stringify(path),
        // It looks for `$ref`s in the whole document.
        name === 'unreferencedReusableObject' ? stringify(state.raw) : undefined,
      );
      return JSON.parse(out);
    };
    Object.defineProperty(f, 'name', { value: name });
    spectralFunctions[name] = f;
  }

  // @stoplight/spectral-formats
  const version = (d, key) => (d !== null && typeof d === 'object' && typeof d[key] === 'string' ? d[key] : '');
  const spectralFormats = {
    oas2: (d) => /^2\.0(\.\d+)?$/.test(version(d, 'swagger')),
    oas3: (d) => /^3\.\d+(\.\d+)?/.test(version(d, 'openapi')),
    oas3_0: (d) => /^3\.0(\.\d+)?/.test(version(d, 'openapi')),
    oas3_1: (d) => /^3\.1(\.\d+)?/.test(version(d, 'openapi')),
    oas3_2: (d) => /^3\.2(\.\d+)?/.test(version(d, 'openapi')),
    jsonSchema: () => false,
  };

  const builtins = {
    '@stoplight/spectral-core': spectralCore,
    '@stoplight/spectral-functions': spectralFunctions,
    '@stoplight/spectral-formats': spectralFormats,
  };

  // CommonJS `require`, for files that use it: built-ins and files of the ruleset's folder.
  const cjsCache = {};
  function makeRequire(from) {
    return function require(spec) {
      if (Object.prototype.hasOwnProperty.call(builtins, spec)) {
        return builtins[spec];
      }
      const found = read(from, spec); // [resolved name, source]; throws when not allowed
      const name = found[0];
      if (!Object.prototype.hasOwnProperty.call(cjsCache, name)) {
        const module = { exports: {} };
        cjsCache[name] = module;
        const body = compile(name, found[1]); // keeps the file's name and lines in stacks
        body(module, module.exports, makeRequire(name));
      }
      return cjsCache[name].exports;
    };
  }

  class BadReturn extends Error {}
  function describe(v) {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'an array';
    if (typeof v === 'object') return 'an object';
    if (typeof v === 'string') return 'the string ' + JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
    return typeof v + ' ' + String(v);
  }
  // Checks a function's return value and turns it into JSON for the Rust side.
  function results(r) {
    if (r === undefined || r === null) {
      return '[]';
    }
    if (!Array.isArray(r)) {
      throw new BadReturn('returned ' + describe(r) + ', not an array of { message, path? } results');
    }
    const out = [];
    for (let i = 0; i < r.length; i++) {
      const item = r[i];
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw new BadReturn('result ' + i + ' is ' + describe(item) + ', not a { message, path? } object');
      }
      let message = item.message;
      if (message === undefined || message === null) {
        throw new BadReturn('result ' + i + ' has no `message`');
      }
      if (message instanceof Error) {
        // A caught exception returned as the message: the function failed (Spectral stops on it).
        throw new BadReturn('result ' + i + ' has an error as its message: ' + message.name + ': ' + message.message);
      }
      if (typeof message !== 'string') {
        message = typeof message === 'object' ? stringify(message) || String(message) : String(message);
      }
      let path = item.path;
      if (path !== undefined && path !== null) {
        // Spectral itself fails on a path that is not an array (a string path crashes its
        // run); here it is the function's error, reported on its rule.
        if (!Array.isArray(path)) {
          throw new BadReturn('result ' + i + ' has a `path` that is ' + describe(path) + ', not an array');
        }
        path = path.map((k) => (typeof k === 'number' ? k : String(k)));
      } else {
        path = null;
      }
      out.push({ message, path });
    }
    return JSON.stringify(out);
  }

  function at(root, path) {
    let v = root;
    for (let i = 0; i < path.length; i++) {
      if (v === null || typeof v !== 'object') {
        return undefined;
      }
      v = v[path[i]];
    }
    return v;
  }

  const state = {
    fns: [],
    options: [],
    resolved: undefined,
    raw: undefined,
    source: '',
    formats: new Set(),
    rule: null,
    pending: null,
  };
  const documentObject = {
    get data() {
      return state.raw;
    },
    get source() {
      return state.source;
    },
    // The formats the document matches, as the functions @stoplight/spectral-formats exports:
    // `context.document.formats.has(oas3)`.
    get formats() {
      return state.formats;
    },
  };
  const inventory = {
    get resolved() {
      return state.resolved;
    },
    get unresolved() {
      return state.raw;
    },
    document: documentObject,
    graph: null,
    referencedDocuments: {},
    findAssociatedItemForPath() {
      return null;
    },
  };

  const gf = {
    builtins,
    makeRequire,
    setFunction(i, f) {
      if (typeof f !== 'function') {
        throw new BadReturn('the module has no default export that is a function (found ' + describe(f) + ')');
      }
      state.fns[i] = f;
    },
    optionsSchema(i) {
      const s = state.fns[i] && state.fns[i].__gfOptionsSchema;
      return s === undefined ? null : JSON.stringify(s);
    },
    setOptions(i, json) {
      state.options[i] = JSON.parse(json);
    },
    setRule(json) {
      state.rule = JSON.parse(json);
    },
    setDocument(resolved, raw, source) {
      state.resolved = resolved;
      state.raw = raw;
      state.source = source;
      state.formats = new Set(Object.values(spectralFormats).filter((f) => f(raw)));
    },
    // Calls function `f` on the target at `path` of the resolved (or raw) document, or on the
    // property name `key`. Returns the results as JSON, or null while a promise is pending.
    call(f, optionsIndex, resolved, path, key, hasValue) {
      let target;
      if (key !== null && key !== undefined) {
        target = key;
      } else if (hasValue) {
        target = at(resolved ? state.resolved : state.raw, path);
      }
      const context = {
        path: path.slice(),
        document: documentObject,
        documentInventory: inventory,
        rule: state.rule,
      };
      const r = state.fns[f](target, state.options[optionsIndex], context);
      if (r !== null && typeof r === 'object' && typeof r.then === 'function') {
        state.pending = { done: false };
        r.then(
          (v) => {
            state.pending = { done: true, value: v };
          },
          (e) => {
            state.pending = { done: true, error: e, failed: true };
          },
        );
        return null;
      }
      return results(r);
    },
    // The outcome of the promise the last call returned, once settled.
    settle() {
      const p = state.pending;
      state.pending = null;
      if (p === null || !p.done) {
        throw new BadReturn('returned a promise that never settled');
      }
      if (p.failed) {
        throw p.error;
      }
      return results(p.value);
    },
    isBadReturn(e) {
      return e instanceof BadReturn;
    },
  };
  // Ruleset code cannot replace gardefou's entry points or Spectral's packages for others.
  for (const b of Object.values(builtins)) {
    Object.freeze(b);
  }
  Object.freeze(builtins);
  Object.freeze(gf);
  Object.defineProperty(g, '__gf', { value: gf, writable: false, configurable: false, enumerable: false });
})();
