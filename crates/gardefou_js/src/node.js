// gardefou's stand-ins for the Node.js globals and built-in modules that npm packages touch
// when they load (chalk, supports-color, lodash, loglevel, minimatch, jsonschema …). They are
// inert: no file system, no network, no real process or environment. `process.env` holds only
// the variables the user passed with `--function-env NAME`. Evaluated before the prelude, which
// serves `__gf_node[name]` as the built-in `name` / `node:name`.
// Native helper (set by Rust before this runs): __gf_env (a JSON object of the allowed variables).
(function () {
  'use strict';
  const g = globalThis;
  const envJson = g.__gf_env;
  delete g.__gf_env;

  const noop = function () {};

  // --- events: a small EventEmitter, for packages that subclass it --------------------------
  class EventEmitter {
    constructor() {
      Object.defineProperty(this, '_gfEvents', { value: new Map(), writable: true });
    }
    _gfList(name) {
      if (!this._gfEvents) {
        Object.defineProperty(this, '_gfEvents', { value: new Map(), writable: true });
      }
      let l = this._gfEvents.get(name);
      if (!l) {
        l = [];
        this._gfEvents.set(name, l);
      }
      return l;
    }
    on(name, fn) {
      this._gfList(name).push(fn);
      return this;
    }
    addListener(name, fn) {
      return this.on(name, fn);
    }
    prependListener(name, fn) {
      this._gfList(name).unshift(fn);
      return this;
    }
    once(name, fn) {
      const self = this;
      function once() {
        self.off(name, once);
        return fn.apply(this, arguments);
      }
      once.listener = fn;
      return this.on(name, once);
    }
    off(name, fn) {
      const l = this._gfList(name);
      const i = l.findIndex((x) => x === fn || x.listener === fn);
      if (i >= 0) l.splice(i, 1);
      return this;
    }
    removeListener(name, fn) {
      return this.off(name, fn);
    }
    removeAllListeners(name) {
      if (name === undefined) this._gfEvents = new Map();
      else this._gfEvents.delete(name);
      return this;
    }
    emit(name, ...args) {
      const l = this._gfList(name).slice();
      for (const fn of l) fn.apply(this, args);
      return l.length > 0;
    }
    listeners(name) {
      return this._gfList(name).map((x) => x.listener || x);
    }
    listenerCount(name) {
      return this._gfList(name).length;
    }
    eventNames() {
      return this._gfEvents ? Array.from(this._gfEvents.keys()) : [];
    }
    setMaxListeners() {
      return this;
    }
    getMaxListeners() {
      return 10;
    }
  }
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.defaultMaxListeners = 10;

  // --- process ------------------------------------------------------------------------------
  // Streams that are not terminals and write nowhere.
  function sink(fd) {
    const s = new EventEmitter();
    s.fd = fd;
    s.isTTY = false;
    s.writable = true;
    s.write = function () {
      return true;
    };
    s.end = noop;
    return s;
  }
  const env = Object.create(null);
  const given = JSON.parse(envJson || '{}');
  for (const k of Object.keys(given)) env[k] = String(given[k]);
  const process = new EventEmitter();
  Object.assign(process, {
    env,
    argv: ['node', 'gardefou'],
    execArgv: [],
    argv0: 'node',
    execPath: '/usr/bin/node',
    platform: 'linux',
    arch: 'x64',
    version: 'v20.0.0',
    versions: { node: '20.0.0' },
    release: { name: 'node' },
    pid: 1,
    ppid: 0,
    title: 'gardefou',
    exitCode: undefined,
    stdout: sink(1),
    stderr: sink(2),
    stdin: Object.assign(new EventEmitter(), { fd: 0, isTTY: false }),
    cwd() {
      return '/';
    },
    chdir() {
      throw new Error('process.chdir is not available in the sandbox');
    },
    umask() {
      return 0o22;
    },
    nextTick(fn, ...args) {
      queueMicrotask(() => fn(...args));
    },
    emitWarning: noop,
    exit() {
      throw new Error('process.exit is not available in the sandbox');
    },
    abort() {
      throw new Error('process.abort is not available in the sandbox');
    },
    kill() {
      throw new Error('process.kill is not available in the sandbox');
    },
    hrtime: Object.assign(
      function hrtime(prev) {
        const ns = Math.round(Date.now() * 1e6);
        const t = [Math.floor(ns / 1e9), ns % 1e9];
        if (prev) return [t[0] - prev[0], t[1] - prev[1]];
        return t;
      },
      {
        bigint() {
          return BigInt(Math.round(Date.now() * 1e6));
        },
      },
    ),
    uptime() {
      return 0;
    },
    memoryUsage() {
      return { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
    },
    binding() {
      throw new Error('process.binding is not available in the sandbox');
    },
    features: {},
    config: { variables: {} },
  });

  // --- tty, os ------------------------------------------------------------------------------
  const tty = {
    isatty() {
      return false;
    },
    ReadStream: function ReadStream() {
      throw new Error('tty.ReadStream is not available in the sandbox');
    },
    WriteStream: function WriteStream() {
      throw new Error('tty.WriteStream is not available in the sandbox');
    },
  };
  const os = {
    EOL: '\n',
    devNull: '/dev/null',
    platform: () => 'linux',
    type: () => 'Linux',
    release: () => '',
    version: () => '',
    arch: () => 'x64',
    machine: () => 'x86_64',
    endianness: () => 'LE',
    homedir: () => '/',
    tmpdir: () => '/tmp',
    hostname: () => 'localhost',
    cpus: () => [],
    availableParallelism: () => 1,
    totalmem: () => 0,
    freemem: () => 0,
    loadavg: () => [0, 0, 0],
    uptime: () => 0,
    networkInterfaces: () => ({}),
    userInfo: () => ({ uid: -1, gid: -1, username: '', homedir: '/', shell: null }),
    constants: { signals: {}, errno: {} },
  };

  // --- path (POSIX) -------------------------------------------------------------------------
  function normalizeParts(parts, absolute) {
    const out = [];
    for (const p of parts) {
      if (p === '' || p === '.') continue;
      if (p === '..') {
        if (out.length && out[out.length - 1] !== '..') out.pop();
        else if (!absolute) out.push('..');
      } else out.push(p);
    }
    return out;
  }
  function str(p, name) {
    if (typeof p !== 'string') {
      throw new TypeError('The "' + name + '" argument must be of type string');
    }
    return p;
  }
  const path = {
    sep: '/',
    delimiter: ':',
    normalize(p) {
      str(p, 'path');
      if (p === '') return '.';
      const absolute = p.startsWith('/');
      const trailing = p.endsWith('/');
      let r = normalizeParts(p.split('/'), absolute).join('/');
      if (r === '' && !absolute) r = '.';
      if (r !== '' && trailing) r += '/';
      return (absolute ? '/' : '') + r;
    },
    join(...parts) {
      const ps = parts.map((p) => str(p, 'path')).filter((p) => p !== '');
      return ps.length ? path.normalize(ps.join('/')) : '.';
    },
    resolve(...parts) {
      let r = '';
      for (let i = parts.length - 1; i >= 0 && !r.startsWith('/'); i--) {
        const p = str(parts[i], 'path');
        if (p !== '') r = r === '' ? p : p + '/' + r;
      }
      if (!r.startsWith('/')) r = '/' + r;
      return '/' + normalizeParts(r.split('/'), true).join('/');
    },
    isAbsolute(p) {
      return str(p, 'path').startsWith('/');
    },
    dirname(p) {
      str(p, 'path');
      if (p === '') return '.';
      let end = p.length;
      while (end > 1 && p[end - 1] === '/') end--;
      const i = p.lastIndexOf('/', end - 1);
      if (i < 0) return '.';
      if (i === 0) return '/';
      let d = p.slice(0, i);
      while (d.length > 1 && d.endsWith('/')) d = d.slice(0, -1);
      return d;
    },
    basename(p, ext) {
      str(p, 'path');
      let end = p.length;
      while (end > 0 && p[end - 1] === '/') end--;
      let b = p.slice(p.lastIndexOf('/', end - 1) + 1, end);
      if (ext !== undefined && b.endsWith(ext) && b !== ext) b = b.slice(0, b.length - ext.length);
      return b;
    },
    extname(p) {
      const b = path.basename(p);
      const i = b.lastIndexOf('.');
      return i <= 0 ? '' : b.slice(i);
    },
    relative(from, to) {
      const a = path.resolve(from).split('/').filter(Boolean);
      const b = path.resolve(to).split('/').filter(Boolean);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return a.slice(i).map(() => '..').concat(b.slice(i)).join('/');
    },
    parse(p) {
      const base = path.basename(p);
      const ext = path.extname(p);
      const dir = p.includes('/') ? path.dirname(p) : '';
      return { root: p.startsWith('/') ? '/' : '', dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
    },
    format(o) {
      const dir = o.dir || o.root || '';
      const base = o.base || (o.name || '') + (o.ext || '');
      return dir ? (dir.endsWith('/') ? dir + base : dir + '/' + base) : base;
    },
    toNamespacedPath(p) {
      return p;
    },
  };
  path.posix = path;

  // --- URL (WHATWG, the parts packages use) -------------------------------------------------
  const SPECIAL = { 'ftp:': '21', 'file:': '', 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };
  const FORBIDDEN_HOST = /[\u0000\t\n\r #/:<>?@[\\\]^|%]/;
  function invalid(input) {
    const e = new TypeError('Invalid URL');
    e.code = 'ERR_INVALID_URL';
    e.input = input;
    return e;
  }
  function encodeSet(s, re) {
    let out = '';
    for (const ch of s) {
      out += re.test(ch) ? encodeURIComponent(ch).replace(/%25/g, '%') : ch;
    }
    return out;
  }
  const PATH_ENCODE = /[\u0000-\u0020"#<>?`{}\u007f-\uffff]/;
  const QUERY_ENCODE = /[\u0000-\u0020"#<>\u007f-\uffff]/;
  const FRAGMENT_ENCODE = /[\u0000-\u0020"<>`\u007f-\uffff]/;
  function removeDots(segments) {
    const out = [];
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i];
      const last = i === segments.length - 1;
      if (s === '..' || s.toLowerCase() === '%2e%2e') {
        if (out.length) out.pop();
        if (last) out.push('');
      } else if (s === '.' || s.toLowerCase() === '%2e') {
        if (last) out.push('');
      } else out.push(s);
    }
    return out;
  }
  // Splits `rest` (after the scheme) into authority, path, query and fragment.
  function splitTail(s) {
    let hash = null;
    let query = null;
    const h = s.indexOf('#');
    if (h >= 0) {
      hash = s.slice(h + 1);
      s = s.slice(0, h);
    }
    const q = s.indexOf('?');
    if (q >= 0) {
      query = s.slice(q + 1);
      s = s.slice(0, q);
    }
    return { s, query, hash };
  }
  function parseAuthority(auth, special, input) {
    let user = '';
    let pass = '';
    const at = auth.lastIndexOf('@');
    if (at >= 0) {
      const cred = auth.slice(0, at);
      auth = auth.slice(at + 1);
      const c = cred.indexOf(':');
      user = encodeSet(c >= 0 ? cred.slice(0, c) : cred, /[\u0000-\u0020"#<>?`{}/:;=@[\\\]^|\u007f-\uffff]/);
      pass = c >= 0 ? encodeSet(cred.slice(c + 1), /[\u0000-\u0020"#<>?`{}/:;=@[\\\]^|\u007f-\uffff]/) : '';
    }
    let host = auth;
    let port = '';
    const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(auth);
    if (m) {
      host = m[1];
      if (m[2] !== undefined) {
        if (!/^\d*$/.test(m[2])) throw invalid(input);
        if (m[2] !== '') {
          const n = Number(m[2]);
          if (n > 65535) throw invalid(input);
          port = String(n);
        }
      }
    }
    if (special) {
      try {
        host = decodeURIComponent(host);
      } catch (e) {
        throw invalid(input);
      }
      host = host.toLowerCase();
    }
    if (!host.startsWith('[') && FORBIDDEN_HOST.test(host)) throw invalid(input);
    return { user, pass, host, port };
  }
  function parse(input, base) {
    const s = String(input).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(s);
    let u;
    if (m) {
      const protocol = m[1].toLowerCase() + ':';
      const special = Object.prototype.hasOwnProperty.call(SPECIAL, protocol);
      let rest = special ? m[2].replace(/\\/g, '/') : m[2];
      if (special && base && base.protocol === protocol && !rest.startsWith('/')) {
        // `http:foo` against an http base is relative.
        return parse(rest, base);
      }
      u = { protocol, special, user: '', pass: '', host: null, port: '', path: '', query: null, hash: null };
      const t = splitTail(rest);
      u.query = t.query;
      u.hash = t.hash;
      rest = t.s;
      if (special) rest = rest.replace(/^\/*/, '//');
      if (rest.startsWith('//')) {
        const auth = rest.slice(2).split('/', 1)[0];
        rest = rest.slice(2 + auth.length);
        Object.assign(u, parseAuthority(auth, special, input));
        if (special && protocol !== 'file:' && u.host === '') throw invalid(input);
        u.path = rest === '' && special ? '/' : rest;
      } else {
        u.path = rest;
      }
    } else {
      if (!base) throw invalid(input);
      const special = base.special;
      const r = special ? s.replace(/\\/g, '/') : s;
      const t = splitTail(r);
      u = Object.assign({}, base, { query: t.query, hash: t.hash });
      if (r.startsWith('//')) {
        const auth = t.s.slice(2).split('/', 1)[0];
        Object.assign(u, { user: '', pass: '', port: '' }, parseAuthority(auth, special, input));
        if (special && base.protocol !== 'file:' && u.host === '') throw invalid(input);
        u.path = t.s.slice(2 + auth.length) || (special ? '/' : '');
      } else if (t.s.startsWith('/')) {
        u.path = t.s;
      } else if (t.s === '') {
        u.path = base.path;
        if (t.query === null) u.query = base.query;
      } else {
        if (base.host === null && !base.path.startsWith('/')) {
          // An opaque base path (`mailto:x`, `thismessage::/`) cannot take a relative path.
          throw invalid(input);
        }
        const dir = base.path.slice(0, base.path.lastIndexOf('/') + 1);
        u.path = (dir || (base.host !== null ? '/' : '')) + t.s;
      }
    }
    if (u.host !== null || u.path.startsWith('/')) {
      const segs = u.path.split('/');
      u.path = removeDots(segs.slice(1)).map((x) => encodeSet(x, PATH_ENCODE));
      u.path = '/' + u.path.join('/');
    } else {
      u.path = encodeSet(u.path, /[\u0000-\u001f\u007f-\uffff]/);
    }
    if (u.special && u.port === SPECIAL[u.protocol]) u.port = '';
    if (u.query !== null) u.query = encodeSet(u.query, QUERY_ENCODE);
    if (u.hash !== null) u.hash = encodeSet(u.hash, FRAGMENT_ENCODE);
    return u;
  }
  const parts = new WeakMap();
  class URLSearchParams {
    constructor(init) {
      this._list = [];
      this._url = null;
      if (typeof init === 'string') this._parse(init);
      else if (Array.isArray(init)) for (const [k, v] of init) this._list.push([String(k), String(v)]);
      else if (init && typeof init === 'object') for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
    }
    _parse(s) {
      this._list = [];
      if (s.startsWith('?')) s = s.slice(1);
      for (const pair of s.split('&')) {
        if (pair === '') continue;
        const i = pair.indexOf('=');
        const dec = (x) => {
          try {
            return decodeURIComponent(x.replace(/\+/g, ' '));
          } catch (e) {
            return x;
          }
        };
        this._list.push(i >= 0 ? [dec(pair.slice(0, i)), dec(pair.slice(i + 1))] : [dec(pair), '']);
      }
    }
    _update() {
      if (this._url) {
        const s = this.toString();
        parts.get(this._url).query = s === '' ? null : s;
      }
    }
    get size() {
      return this._list.length;
    }
    get(k) {
      const e = this._list.find((x) => x[0] === k);
      return e ? e[1] : null;
    }
    getAll(k) {
      return this._list.filter((x) => x[0] === k).map((x) => x[1]);
    }
    has(k) {
      return this._list.some((x) => x[0] === k);
    }
    set(k, v) {
      const i = this._list.findIndex((x) => x[0] === k);
      if (i < 0) this._list.push([k, String(v)]);
      else {
        this._list[i][1] = String(v);
        this._list = this._list.filter((x, j) => j <= i || x[0] !== k);
      }
      this._update();
    }
    append(k, v) {
      this._list.push([String(k), String(v)]);
      this._update();
    }
    delete(k) {
      this._list = this._list.filter((x) => x[0] !== k);
      this._update();
    }
    forEach(fn, thisArg) {
      for (const [k, v] of this._list) fn.call(thisArg, v, k, this);
    }
    keys() {
      return this._list.map((x) => x[0])[Symbol.iterator]();
    }
    values() {
      return this._list.map((x) => x[1])[Symbol.iterator]();
    }
    entries() {
      return this._list.map((x) => [x[0], x[1]])[Symbol.iterator]();
    }
    [Symbol.iterator]() {
      return this.entries();
    }
    toString() {
      const enc = (x) => encodeURIComponent(x).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
      return this._list.map(([k, v]) => enc(k) + '=' + enc(v)).join('&');
    }
  }
  class URL {
    constructor(input, base) {
      let b = null;
      if (base !== undefined) {
        b = parts.get(base instanceof URL ? base : new URL(String(base)));
      }
      parts.set(this, parse(input instanceof URL ? input.href : String(input), b));
      this._sp = null;
    }
    static canParse(input, base) {
      try {
        new URL(input, base);
        return true;
      } catch (e) {
        return false;
      }
    }
    static parse(input, base) {
      try {
        return new URL(input, base);
      } catch (e) {
        return null;
      }
    }
    get protocol() {
      return parts.get(this).protocol;
    }
    get username() {
      return parts.get(this).user;
    }
    get password() {
      return parts.get(this).pass;
    }
    get hostname() {
      const h = parts.get(this).host;
      return h === null ? '' : h;
    }
    get port() {
      return parts.get(this).port;
    }
    get host() {
      const u = parts.get(this);
      if (u.host === null) return '';
      return u.port ? u.host + ':' + u.port : u.host;
    }
    get origin() {
      const u = parts.get(this);
      return u.special && u.protocol !== 'file:' ? u.protocol + '//' + this.host : 'null';
    }
    get pathname() {
      return parts.get(this).path;
    }
    get search() {
      const q = parts.get(this).query;
      return q ? '?' + q : '';
    }
    get searchParams() {
      if (!this._sp) {
        this._sp = new URLSearchParams(this.search);
        this._sp._url = this;
      }
      return this._sp;
    }
    get hash() {
      const h = parts.get(this).hash;
      return h ? '#' + h : '';
    }
    get href() {
      const u = parts.get(this);
      let s = u.protocol;
      if (u.host !== null) {
        s += '//';
        if (u.user || u.pass) s += u.user + (u.pass ? ':' + u.pass : '') + '@';
        s += this.host;
      } else if (u.path.startsWith('//')) {
        s += '/.';
      }
      s += u.path;
      if (u.query !== null) s += '?' + u.query;
      if (u.hash !== null) s += '#' + u.hash;
      return s;
    }
    toString() {
      return this.href;
    }
    toJSON() {
      return this.href;
    }
  }
  const url = {
    URL,
    URLSearchParams,
    fileURLToPath(u) {
      const x = u instanceof URL ? u : new URL(String(u));
      if (x.protocol !== 'file:') throw new TypeError('The URL must be of scheme file');
      return decodeURIComponent(x.pathname);
    },
    pathToFileURL(p) {
      return new URL('file://' + path.resolve(p));
    },
  };

  // --- util ---------------------------------------------------------------------------------
  function inspect(v, opts) {
    const seen = new Set();
    const depth = opts && typeof opts.depth === 'number' ? opts.depth : 2;
    function go(x, d) {
      if (typeof x === 'string') return d === 0 ? x : "'" + x + "'";
      if (typeof x === 'function') return '[Function: ' + (x.name || '(anonymous)') + ']';
      if (typeof x === 'bigint') return String(x) + 'n';
      if (typeof x === 'symbol') return x.toString();
      if (x === null || typeof x !== 'object') return String(x);
      if (x instanceof RegExp) return String(x);
      if (x instanceof Date) return x.toISOString();
      if (x instanceof Error) return x.stack || String(x);
      if (seen.has(x)) return '[Circular *1]';
      if (d > depth) return Array.isArray(x) ? '[Array]' : '[Object]';
      seen.add(x);
      let s;
      if (Array.isArray(x)) s = '[ ' + x.map((y) => go(y, d + 1)).join(', ') + ' ]';
      else {
        const ks = Object.keys(x);
        s = ks.length ? '{ ' + ks.map((k) => k + ': ' + go(x[k], d + 1)).join(', ') + ' }' : '{}';
      }
      seen.delete(x);
      return s;
    }
    return go(v, 0);
  }
  inspect.custom = Symbol.for('nodejs.util.inspect.custom');
  function format(f, ...args) {
    if (typeof f !== 'string') return [f, ...args].map((x) => inspect(x)).join(' ');
    let i = 0;
    let s = f.replace(/%[sdifjoO%]/g, (m) => {
      if (m === '%%') return '%';
      if (i >= args.length) return m;
      const a = args[i++];
      switch (m) {
        case '%s':
          return typeof a === 'string' ? a : inspect(a);
        case '%d':
        case '%i':
          return String(m === '%i' ? parseInt(a, 10) : Number(a));
        case '%f':
          return String(parseFloat(a));
        case '%j':
          try {
            return JSON.stringify(a);
          } catch (e) {
            return '[Circular]';
          }
        default:
          return inspect(a);
      }
    });
    for (; i < args.length; i++) s += ' ' + (typeof args[i] === 'string' ? args[i] : inspect(args[i]));
    return s;
  }
  const util = {
    inspect,
    format,
    inherits(ctor, superCtor) {
      Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
      Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
    },
    deprecate(fn) {
      return fn;
    },
    debuglog() {
      return noop;
    },
    isDeepStrictEqual(a, b) {
      return JSON.stringify(a) === JSON.stringify(b);
    },
    promisify(fn) {
      return (...args) => new Promise((res, rej) => fn(...args, (e, v) => (e ? rej(e) : res(v))));
    },
    isArray: Array.isArray,
    types: {
      isDate: (x) => x instanceof Date,
      isRegExp: (x) => x instanceof RegExp,
      isMap: (x) => x instanceof Map,
      isSet: (x) => x instanceof Set,
      isPromise: (x) => x instanceof Promise,
      isArrayBuffer: (x) => x instanceof ArrayBuffer,
      isTypedArray: (x) => ArrayBuffer.isView(x) && !(x instanceof DataView),
    },
  };

  // --- assert -------------------------------------------------------------------------------
  class AssertionError extends Error {}
  function assert(v, message) {
    if (!v) throw new AssertionError(message || 'The expression evaluated to a falsy value');
  }
  assert.ok = assert;
  assert.AssertionError = AssertionError;
  assert.equal = (a, b, m) => assert(a == b, m || `${a} == ${b}`);
  assert.strictEqual = (a, b, m) => assert(a === b, m || `${a} === ${b}`);
  assert.notStrictEqual = (a, b, m) => assert(a !== b, m || `${a} !== ${b}`);
  assert.deepStrictEqual = (a, b, m) => assert(util.isDeepStrictEqual(a, b), m || 'values are not deeply equal');
  assert.fail = (m) => {
    throw new AssertionError(m || 'Failed');
  };
  assert.strict = assert;

  const modules = {
    assert,
    events: EventEmitter,
    os,
    path,
    process,
    tty,
    url,
    util,
  };
  Object.defineProperty(g, '__gf_node', { value: modules, configurable: true });
  // The globals Node.js code expects.
  g.global = g;
  g.process = process;
  g.URL = URL;
  g.URLSearchParams = URLSearchParams;
})();
