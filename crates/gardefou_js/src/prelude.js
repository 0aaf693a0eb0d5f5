// gardefou's JavaScript prelude: evaluated once in every sandbox before any ruleset code.
// It defines Spectral's function contract (`createRulesetFunction`, the core functions, the
// formats), the call dispatcher the Rust side uses, and makes the sandbox deterministic.
// Native helpers (set by Rust before this runs): __gf_validate, __gf_core, __gf_resolve,
// __gf_load, __gf_compile; node.js has set __gf_node (the Node.js stand-ins).
(function () {
  'use strict';
  const g = globalThis;
  // The built-ins gardefou's own code calls while a function runs, taken before any ruleset
  // code exists: a function that replaces `JSON.stringify` or `Array.isArray` cannot change
  // how results are read.
  const jsonStringify = JSON.stringify;
  const jsonParse = JSON.parse;
  const isArray = Array.isArray;
  const StringOf = String;
  const validate = g.__gf_validate;
  const core = g.__gf_core;
  const resolveNative = g.__gf_resolve;
  const loadNative = g.__gf_load;
  const coreNames = g.__gf_core_names;
  const compile = g.__gf_compile;
  const oasRules = g.__gf_oas_rules;
  const rulesetsFactory = g.__gf_rulesets_factory;
  delete g.__gf_oas_rules;
  delete g.__gf_rulesets_factory;
  const nodeModules = g.__gf_node;
  const isolation = g.__gf_isolation;
  delete g.__gf_isolation;
  delete g.__gf_validate;
  delete g.__gf_core;
  delete g.__gf_resolve;
  delete g.__gf_load;
  delete g.__gf_compile;
  delete g.__gf_core_names;
  delete g.__gf_node;

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
      return jsonStringify(v);
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
  // As in Spectral, a value that passes gives `undefined`, except for the four functions that
  // build their results in an array: `[]` once their input (an object, for three of them) and
  // options pass their checks.
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  function returnsEmpty(name, target, options) {
    switch (name) {
      case 'schema':
        return true;
      case 'unreferencedReusableObject':
        return isObject(target);
      case 'or':
      case 'xor':
        return isObject(target) && isObject(options) && Array.isArray(options.properties) && options.properties.length >= 2;
      default:
        return false;
    }
  }
  // Which functions are gardefou's (core functions and those of Spectral's own rulesets),
  // by name: a ruleset that uses them runs the Rust implementation directly.
  const coreNameOf = new WeakMap();
  function makeCore(name) {
    const f = function (target, options, context) {
      const path = context && Array.isArray(context.path) ? context.path : [];
      const text = target === undefined ? '' : stringify(target);
      if (text === undefined) {
        return [];
      }
      const out = JSON.parse(
        core(
          name,
          text,
          target === undefined,
          JSON.stringify(options === undefined ? null : options),
          JSON.stringify(path),
          // It looks for `$ref`s in the whole document.
          name === 'unreferencedReusableObject' ? stringify(state.raw) : undefined,
        ),
      );
      return out.length > 0 || returnsEmpty(name, target, options) ? out : undefined;
    };
    Object.defineProperty(f, 'name', { value: name });
    coreNameOf.set(f, name);
    return f;
  }
  const spectralFunctions = {};
  for (const name of coreNames) {
    spectralFunctions[name] = makeCore(name);
  }

  // @stoplight/spectral-formats
  const version = (d, key) => (d !== null && typeof d === 'object' && typeof d[key] === 'string' ? d[key] : '');
  const spectralFormats = {
    oas2: (d) => /^2\.0(\.\d+)?$/.test(version(d, 'swagger')),
    oas3: (d) => /^3\.\d+(\.\d+)?/.test(version(d, 'openapi')),
    oas3_0: (d) => /^3\.0(\.\d+)?/.test(version(d, 'openapi')),
    oas3_1: (d) => /^3\.1(\.\d+)?/.test(version(d, 'openapi')),
    oas3_2: (d) => /^3\.2(\.\d+)?/.test(version(d, 'openapi')),
  };
  // Formats of other kinds of documents: never an OpenAPI document.
  for (const name of ['aas2', 'aas3', 'asyncApi2', 'asyncapi2', 'aas2_0', 'aas2_1', 'aas2_2', 'aas2_3', 'aas2_4', 'aas2_5',
    'aas2_6', 'aas3_0', 'aas3_1', 'jsonSchema', 'jsonSchemaLoose', 'jsonSchemaDraft4', 'jsonSchemaDraft6',
    'jsonSchemaDraft7', 'jsonSchemaDraft2019_09', 'jsonSchemaDraft2020_12', 'arazzo1_0']) {
    spectralFormats[name] = () => false;
  }
  const formatNameOf = new WeakMap();
  for (const name of Object.keys(spectralFormats)) {
    Object.defineProperty(spectralFormats[name], 'name', { value: name });
    formatNameOf.set(spectralFormats[name], name);
  }
  const formatsPackage = Object.assign({}, spectralFormats, {
    extractDraftVersion: () => null,
    detectDialect: () => null,
  });
  const rulesets = rulesetsFactory({
    formatName: (f) => formatNameOf.get(f),
    coreName: (f) => coreNameOf.get(f),
    validate,
    oasRules,
    makeCore,
    formats: spectralFormats,
  });

  const builtins = {
    '@stoplight/spectral-core': spectralCore,
    '@stoplight/spectral-functions': spectralFunctions,
    '@stoplight/spectral-formats': formatsPackage,
    '@stoplight/spectral-rulesets': rulesets.packageExports,
  };
  // Node.js's built-ins that the sandbox provides, as inert stand-ins (node.js).
  for (const name of Object.keys(nodeModules)) {
    builtins['node:' + name] = nodeModules[name];
  }

  // CommonJS `require`, resolved by Rust as Node.js resolves it (built-ins, files of the
  // ruleset's folder, packages of its node_modules); one cache for `require` and `import`.
  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const cjsCache = Object.create(null);
  function dirname(name) {
    const i = name.lastIndexOf('/');
    return i <= 0 ? '/' : name.slice(0, i);
  }
  function requireFile(name) {
    if (hasOwn(cjsCache, name)) {
      return cjsCache[name].exports;
    }
    const found = loadNative(name); // [source, 'es' or 'cjs']
    const module = { id: name, filename: name, path: dirname(name), exports: {}, loaded: false, children: [], paths: [] };
    cjsCache[name] = module;
    try {
      if (/\.json$/i.test(name)) {
        module.exports = JSON.parse(found[0]);
      } else if (found[1] === 'es') {
        throw new Error('cannot require the ES module ' + name + ' (use `import`)');
      } else {
        const require = makeRequire(name);
        module.require = require;
        const body = compile(name, found[0]); // keeps the file's name and lines in stacks
        body.call(module.exports, module.exports, require, module, name, module.path);
      }
    } catch (e) {
      delete cjsCache[name];
      throw e;
    }
    module.loaded = true;
    return module.exports;
  }
  function makeRequire(from) {
    const require = function require(spec) {
      if (typeof spec !== 'string') {
        throw new TypeError('require needs a string, not ' + typeof spec);
      }
      const found = resolveNative(from, spec); // [builtin or file, name]; throws when not allowed
      return found[0] === 'builtin' ? builtins[found[1]] : requireFile(found[1]);
    };
    require.resolve = function resolve(spec) {
      const found = resolveNative(from, spec);
      return found[0] === 'builtin' ? found[1].replace(/^node:(?!@)/, '') : found[1];
    };
    require.cache = cjsCache;
    return require;
  }

  class BadReturn extends Error {}
  function describe(v) {
    if (v === null) return 'null';
    if (isArray(v)) return 'an array';
    if (typeof v === 'object') return 'an object';
    if (typeof v === 'string') return 'the string ' + jsonStringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
    return typeof v + ' ' + StringOf(v);
  }
  // Checks a function's return value and turns it into JSON for the Rust side.
  function results(r) {
    if (r === undefined || r === null) {
      return '[]';
    }
    if (!isArray(r)) {
      throw new BadReturn('returned ' + describe(r) + ', not an array of { message, path? } results');
    }
    const out = [];
    for (let i = 0; i < r.length; i++) {
      const item = r[i];
      if (item === null || typeof item !== 'object' || isArray(item)) {
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
        message = typeof message === 'object' ? stringify(message) || StringOf(message) : StringOf(message);
      }
      let path = item.path;
      if (path !== undefined && path !== null) {
        // Spectral itself fails on a path that is not an array (a string path crashes its
        // run); here it is the function's error, reported on its rule.
        if (!isArray(path)) {
          throw new BadReturn('result ' + i + ' has a `path` that is ' + describe(path) + ', not an array');
        }
        const copy = [];
        for (let j = 0; j < path.length; j++) {
          const k = path[j];
          copy[j] = typeof k === 'number' ? k : StringOf(k);
        }
        path = copy;
      } else {
        path = null;
      }
      out[out.length] = { message, path };
    }
    return jsonStringify(out);
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
    modules: {},
    resolved: undefined,
    raw: undefined,
    source: '',
    formats: new Set(),
    rule: null,
    pending: null,
    parserResult: undefined,
    graph: null,
    graphJson: null,
    sourcePath: '',
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
    // What the parser gave: the raw document (`$ref`s as written); no syntax tree.
    get parserResult() {
      return state.parserResult;
    },
    diagnostics: Object.freeze([]),
  };
  const inventory = {
    get resolved() {
      return state.resolved;
    },
    get unresolved() {
      return state.raw;
    },
    document: documentObject,
    // The graph of `$ref`s as Spectral's resolver builds it: `nodes[file].refMap` maps the
    // pointer of each `$ref` that is not on a cycle to its target; built on first use.
    get graph() {
      if (state.graph === null && state.graphJson !== null) {
        const graph = JSON.parse(state.graphJson);
        state.graphJson = null;
        const root = graph.nodes[state.sourcePath];
        if (root) {
          root.data = state.resolved;
        }
        state.graph = graph;
      }
      return state.graph;
    },
    referencedDocuments: {},
    findAssociatedItemForPath() {
      return null;
    },
  };

  const gf = {
    builtins,
    makeRequire,
    requireFile,
    setFunction(i, f) {
      if (typeof f !== 'function') {
        throw new BadReturn('the module has no default export that is a function (found ' + describe(f) + ')');
      }
      state.fns[i] = f;
    },
    // A ruleset module's default export, kept under its file name.
    setModule(name, value) {
      state.modules[name] = value;
    },
    // The module's ruleset in gardefou's JSON form (see ruleset.js).
    describeModule(name) {
      return rulesets.describe(state.modules[name]);
    },
    // Binds function `i` and options `o` to the `then` at `at` (JSON) of a module's ruleset.
    bindMember(i, o, name, at) {
      const then = rulesets.thenAt(state.modules[name], JSON.parse(at));
      if (then === null || typeof then !== 'object' || typeof then.function !== 'function') {
        throw new BadReturn('the ruleset has no function at ' + JSON.parse(at).join('.') + ' any more');
      }
      state.fns[i] = then.function;
      state.options[o] = then.functionOptions;
    },
    optionsSchema(i) {
      const s = state.fns[i] && state.fns[i].__gfOptionsSchema;
      return s === undefined ? null : JSON.stringify(s);
    },
    setOptions(i, json) {
      state.options[i] = jsonParse(json);
    },
    setRule(json) {
      state.rule = jsonParse(json);
    },
    setDocument(resolved, raw, source, sourcePath, graphJson) {
      state.resolved = resolved;
      state.raw = raw;
      state.source = source;
      state.sourcePath = sourcePath;
      state.parserResult = Object.freeze({ data: raw, diagnostics: Object.freeze([]), comments: {} });
      state.graph = null;
      state.graphJson = graphJson;
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
      const copy = [];
      for (let i = 0; i < path.length; i++) {
        copy[i] = path[i];
      }
      const context = {
        path: copy,
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
      return e instanceof BadReturn || rulesets.isShapeError(e);
    },
  };
  // Every rule starts from the built-ins as the sandbox made them (isolation.js).
  const intrinsics = isolation.snapshot(g);
  gf.restore = () => isolation.restore(intrinsics);
  gf.intrinsics = () => isolation.objects(intrinsics);

  // Ruleset code cannot replace gardefou's entry points or Spectral's packages for others.
  // (The Node.js stand-ins stay as mutable as Node's own modules.)
  for (const name of Object.keys(builtins)) {
    if (!name.startsWith('node:')) {
      Object.freeze(builtins[name]);
    }
  }
  Object.freeze(builtins);
  Object.freeze(gf);
  Object.defineProperty(g, '__gf', { value: gf, writable: false, configurable: false, enumerable: false });
})();
