// gardefou's isolation of rules from each other, evaluated before the prelude.
//
// All of a ruleset's functions share one JavaScript realm (as in Spectral, where its modules
// load once per run). One function could replace `JSON.stringify`, add `Object.prototype.then`
// or `Array.prototype.toJSON`, and every rule run after it would lose findings or report
// forged ones. So the prelude takes a snapshot of every built-in object the sandbox starts
// with (everything reachable from the global object through properties and prototypes, and
// the hidden intrinsics such as the iterator prototypes) and, before each rule, puts back
// what ruleset code changed:
// - a property of a built-in object that was replaced, redefined or deleted gets its original
//   descriptor back;
// - a property added to a built-in object is deleted — except on the global object itself,
//   where modules may keep globals of their own (`regeneratorRuntime`) between calls.
// What cannot be put back (a property made non-configurable, an object frozen or made
// non-extensible) makes `restore` return false: the Rust side then throws the realm away and
// runs the next rules in a fresh one.
//
// This code runs with pristine built-ins only when the snapshot is taken; `restore` runs after
// arbitrary code, so it calls nothing reachable from a prototype or the global object: only
// functions taken beforehand, plain loops, and null-prototype records.
(function () {
  'use strict';
  const g = globalThis;
  // The engine's own globals, before gardefou adds any (this file is evaluated first).
  const standard = Reflect.ownKeys(g);
  const ownKeys = Reflect.ownKeys;
  const describe = Object.getOwnPropertyDescriptor;
  const define = Reflect.defineProperty;
  const remove = Reflect.deleteProperty;
  const isExtensible = Object.isExtensible;
  const protoOf = Object.getPrototypeOf;
  const setProto = Reflect.setPrototypeOf;
  const same = Object.is;
  const hasOwn = Object.hasOwn;
  const create = Object.create;
  const record = () => create(null);
  // A descriptor as a null-prototype record: nothing added to `Object.prototype` later (a
  // `value` or `get` property) can change what it says.
  function plain(d) {
    const r = record();
    r.enumerable = d.enumerable;
    r.configurable = d.configurable;
    if (hasOwn(d, 'value')) {
      r.value = d.value;
      r.writable = d.writable;
    } else {
      r.get = d.get;
      r.set = d.set;
    }
    return r;
  }

  // Objects the global object does not reach by name.
  function hidden() {
    const out = [];
    const add = (v) => {
      if (v !== null && (typeof v === 'object' || typeof v === 'function')) {
        out[out.length] = v;
      }
    };
    add(protoOf([][Symbol.iterator]()));
    add(protoOf(protoOf([][Symbol.iterator]())));
    add(protoOf(new Map()[Symbol.iterator]()));
    add(protoOf(new Set()[Symbol.iterator]()));
    add(protoOf(''[Symbol.iterator]()));
    add(protoOf(/a/[Symbol.matchAll]('')));
    add(protoOf(function* () {}));
    add(protoOf(function* () {}).prototype);
    add(protoOf(async function () {}));
    add(protoOf(async function* () {}));
    add(protoOf(async function* () {}).prototype);
    add(protoOf(Int8Array));
    add(protoOf(Int8Array.prototype));
    return out;
  }

  // The built-ins: the engine's globals and everything they reach, the hidden intrinsics, and
  // the global object itself (its own properties, gardefou's included, are all put back).
  // gardefou's entry points are frozen already; the Node.js stand-ins are as mutable as
  // Node's own modules.
  function snapshot(root) {
    const seen = new Set();
    const queue = [root];
    for (let i = 0; i < standard.length; i++) {
      const d = describe(root, standard[i]);
      if (d !== undefined && hasOwn(d, 'value')) {
        queue[queue.length] = d.value;
      }
    }
    const pushed = hidden();
    for (let i = 0; i < pushed.length; i++) {
      queue[queue.length] = pushed[i];
    }
    const entries = [];
    const visit = (v) => {
      if (v !== null && (typeof v === 'object' || typeof v === 'function') && !seen.has(v)) {
        queue[queue.length] = v;
      }
    };
    for (let q = 0; q < queue.length; q++) {
      const o = queue[q];
      if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) {
        continue;
      }
      seen.add(o);
      const keys = ownKeys(o);
      if (o === root) {
        // Only the global object's own properties: what its values reach is either a
        // built-in (queued above) or gardefou's.
        const descs = [];
        const has = record();
        for (let i = 0; i < keys.length; i++) {
          descs[i] = plain(describe(o, keys[i]));
          has[keys[i]] = true;
        }
        entries[entries.length] = { o, keys, descs, has, proto: protoOf(o), extensible: isExtensible(o), global: true };
        continue;
      }
      const descs = [];
      const has = record();
      for (let i = 0; i < keys.length; i++) {
        const d = plain(describe(o, keys[i]));
        descs[i] = d;
        has[keys[i]] = true;
        if (hasOwn(d, 'value')) {
          visit(d.value);
        } else {
          visit(d.get);
          visit(d.set);
        }
      }
      visit(protoOf(o));
      entries[entries.length] = {
        o,
        keys,
        descs,
        has,
        proto: protoOf(o),
        extensible: isExtensible(o),
        global: o === root,
      };
    }
    return entries;
  }

  function unchanged(now, was) {
    if (now === undefined) {
      return false;
    }
    if (now.enumerable !== was.enumerable || now.configurable !== was.configurable) {
      return false;
    }
    if (hasOwn(was, 'value')) {
      return hasOwn(now, 'value') && now.writable === was.writable && same(now.value, was.value);
    }
    return !hasOwn(now, 'value') && now.get === was.get && now.set === was.set;
  }

  // Puts back the snapshot; false when something could not be put back.
  function restore(entries) {
    let ok = true;
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e];
      const o = entry.o;
      const keys = entry.keys;
      const descs = entry.descs;
      let present = 0;
      for (let i = 0; i < keys.length; i++) {
        const now = describe(o, keys[i]);
        if (now !== undefined) {
          present++;
        }
        if (unchanged(now, descs[i])) {
          continue;
        }
        if (!define(o, keys[i], descs[i])) {
          ok = false;
        } else if (now === undefined) {
          present++;
        }
      }
      if (protoOf(o) !== entry.proto && !setProto(o, entry.proto)) {
        ok = false;
      }
      const all = ownKeys(o);
      if (all.length !== present && !entry.global) {
        const has = entry.has;
        for (let i = 0; i < all.length; i++) {
          if (!(all[i] in has) && !remove(o, all[i])) {
            ok = false;
          }
        }
      }
      if (entry.extensible && !isExtensible(o)) {
        ok = false;
      }
    }
    return ok;
  }

  Object.defineProperty(g, '__gf_isolation', {
    // `objects`: the objects of a snapshot, the global object first (for the Rust check).
    value: Object.freeze({ snapshot, restore, objects: (entries) => entries.map((e) => e.o) }),
    configurable: true,
  });
})();
