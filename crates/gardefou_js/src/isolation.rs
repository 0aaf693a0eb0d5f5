//! The fast half of rule isolation (`isolation.js` is the other half): a record, kept on the
//! Rust side, of every built-in object's own properties, prototype and extensibility as the
//! sandbox made them, and a check that nothing changed since.
//!
//! Before each rule that follows JavaScript code, the sandbox asks [`Fingerprint::unchanged`]
//! (a few hundred objects, about two thousand properties, read through QuickJS's C API in well
//! under a millisecond). Only when something changed does the slower JavaScript `restore` run,
//! and the record is checked again afterwards: what `restore` could not put back makes the
//! sandbox unusable for other rules.
//!
//! No JavaScript runs during the check: the objects are the engine's built-ins (never
//! proxies), read with `JS_GetOwnPropertyNames`/`JS_GetOwnProperty`, which call no getter.

use rquickjs::{qjs, Array, Ctx, Object};

/// What one built-in object was.
struct Entry {
    obj: qjs::JSValue,
    proto: qjs::JSValue,
    extensible: bool,
    /// The global object: properties added to it are allowed (modules keep globals).
    global: bool,
    props: Vec<Prop>,
}

/// One own property: its key, attributes and value (or accessor functions).
struct Prop {
    atom: qjs::JSAtom,
    flags: i32,
    value: qjs::JSValue,
    getter: qjs::JSValue,
    setter: qjs::JSValue,
}

/// The attributes compared: configurable, writable, enumerable, and data or accessor.
const FLAGS: i32 = (qjs::JS_PROP_C_W_E | qjs::JS_PROP_GETSET) as i32;

pub(crate) struct Fingerprint {
    rt: *mut qjs::JSRuntime,
    entries: Vec<Entry>,
}

impl Fingerprint {
    /// Records `objects` (the first one is the global object) as they are now.
    pub(crate) fn take(ctx: &Ctx<'_>, objects: &Array<'_>) -> Fingerprint {
        let raw = ctx.as_raw().as_ptr();
        // SAFETY: `raw` is the live context of `ctx`; every value kept is duplicated (its
        // reference counted) and freed in `drop`, before the runtime goes.
        let rt = unsafe { qjs::JS_GetRuntime(raw) };
        let mut entries = Vec::new();
        for (i, o) in objects.iter::<Object>().enumerate() {
            let Ok(o) = o else { continue };
            let obj = o.as_raw();
            unsafe {
                let mut props = Vec::new();
                for atom in own_keys(raw, obj) {
                    let mut d = empty_descriptor();
                    if qjs::JS_GetOwnProperty(raw, &mut d, obj, atom) == 1 {
                        props.push(Prop {
                            atom,
                            flags: d.flags & FLAGS,
                            value: d.value,
                            getter: d.getter,
                            setter: d.setter,
                        });
                    } else {
                        qjs::JS_FreeAtom(raw, atom);
                    }
                }
                entries.push(Entry {
                    obj: qjs::JS_DupValue(raw, obj),
                    proto: qjs::JS_GetPrototype(raw, obj),
                    extensible: qjs::JS_IsExtensible(raw, obj) == 1,
                    global: i == 0,
                    props,
                });
            }
        }
        Fingerprint { rt, entries }
    }

    /// Whether every recorded object still has exactly its recorded properties (the global
    /// object: at least them), prototype and extensibility.
    pub(crate) fn unchanged(&self, ctx: &Ctx<'_>) -> bool {
        let raw = ctx.as_raw().as_ptr();
        for e in &self.entries {
            // SAFETY: as in `take`; every value handed back by QuickJS is freed here.
            unsafe {
                if (qjs::JS_IsExtensible(raw, e.obj) == 1) != e.extensible {
                    return false;
                }
                let proto = qjs::JS_GetPrototype(raw, e.obj);
                let same_proto = qjs::JS_IsSameValue(raw, proto, e.proto);
                qjs::JS_FreeValue(raw, proto);
                if !same_proto {
                    return false;
                }
                if !e.global {
                    let keys = own_keys(raw, e.obj);
                    let n = keys.len();
                    for atom in keys {
                        qjs::JS_FreeAtom(raw, atom);
                    }
                    if n != e.props.len() {
                        return false;
                    }
                }
                for p in &e.props {
                    let mut d = empty_descriptor();
                    if qjs::JS_GetOwnProperty(raw, &mut d, e.obj, p.atom) != 1 {
                        qjs::JS_FreeValue(raw, qjs::JS_GetException(raw));
                        return false;
                    }
                    let same = d.flags & FLAGS == p.flags
                        && if p.flags & qjs::JS_PROP_GETSET as i32 != 0 {
                            qjs::JS_IsSameValue(raw, d.getter, p.getter)
                                && qjs::JS_IsSameValue(raw, d.setter, p.setter)
                        } else {
                            qjs::JS_IsSameValue(raw, d.value, p.value)
                        };
                    qjs::JS_FreeValue(raw, d.value);
                    qjs::JS_FreeValue(raw, d.getter);
                    qjs::JS_FreeValue(raw, d.setter);
                    if !same {
                        return false;
                    }
                }
            }
        }
        true
    }
}

impl Drop for Fingerprint {
    fn drop(&mut self) {
        for e in self.entries.drain(..) {
            // SAFETY: the runtime outlives the fingerprint (see `Sandbox`'s field order); each
            // value and atom was duplicated once when recorded.
            unsafe {
                for p in e.props {
                    qjs::JS_FreeAtomRT(self.rt, p.atom);
                    qjs::JS_FreeValueRT(self.rt, p.value);
                    qjs::JS_FreeValueRT(self.rt, p.getter);
                    qjs::JS_FreeValueRT(self.rt, p.setter);
                }
                qjs::JS_FreeValueRT(self.rt, e.proto);
                qjs::JS_FreeValueRT(self.rt, e.obj);
            }
        }
    }
}

fn empty_descriptor() -> qjs::JSPropertyDescriptor {
    qjs::JSPropertyDescriptor {
        flags: 0,
        value: undefined(),
        getter: undefined(),
        setter: undefined(),
    }
}

fn undefined() -> qjs::JSValue {
    qjs::JS_UNDEFINED
}

/// The own string and symbol keys of `obj` (as `Reflect.ownKeys`), each atom duplicated for
/// the caller to free.
unsafe fn own_keys(raw: *mut qjs::JSContext, obj: qjs::JSValue) -> Vec<qjs::JSAtom> {
    let mut tab: *mut qjs::JSPropertyEnum = std::ptr::null_mut();
    let mut len: u32 = 0;
    let flags = (qjs::JS_GPN_STRING_MASK | qjs::JS_GPN_SYMBOL_MASK) as i32;
    if qjs::JS_GetOwnPropertyNames(raw, &mut tab, &mut len, obj, flags) != 0 {
        qjs::JS_FreeValue(raw, qjs::JS_GetException(raw));
        return Vec::new();
    }
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len as usize {
        out.push(qjs::JS_DupAtom(raw, (*tab.add(i)).atom));
    }
    qjs::JS_FreePropertyEnum(raw, tab, len);
    out
}
