//! Sets of code points (with `u`) or UTF-16 code units (without): the classes `\d` `\s` `\w`,
//! complements, and ECMAScript's case-insensitive closure.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

use super::SURROGATE_SHIFT;

// ------------------------------------------------------------------ sets

pub(super) fn set_of(ranges: &[(u32, u32)], unicode: bool) -> ClassUnicode {
    let mut out = ClassUnicode::empty();
    for &(lo, hi) in ranges {
        add_units(&mut out, lo, hi, unicode);
    }
    out
}

/// Adds the code points (with `u`) or code units (without) `lo..=hi`.
pub(super) fn add_units(set: &mut ClassUnicode, lo: u32, hi: u32, unicode: bool) {
    let mut push = |a: u32, b: u32| {
        if a <= b {
            set.push(ClassUnicodeRange::new(
                char::from_u32(a).expect("a scalar value"),
                char::from_u32(b).expect("a scalar value"),
            ));
        }
    };
    push(lo, hi.min(0xD7FF));
    if !unicode {
        // Surrogate code units, at their virtual place.
        push(
            lo.max(0xD800) + SURROGATE_SHIFT,
            hi.min(0xDFFF) + SURROGATE_SHIFT,
        );
    }
    push(
        lo.max(0xE000),
        hi.min(if unicode { 0x10_FFFF } else { 0xFFFF }),
    );
}

pub(super) fn complement(set: &ClassUnicode) -> ClassUnicode {
    let mut s = set.clone();
    s.negate();
    s
}

pub(super) const DIGITS: &[(u32, u32)] = &[(0x30, 0x39)];
const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];
/// ECMAScript's WhiteSpace and LineTerminator.
pub(super) const SPACE: &[(u32, u32)] = &[
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
];

/// `\w`: with `u` and `i`, also the characters whose case folding is a word character
/// (U+017F, U+212A).
pub(super) fn word_set(unicode: bool, ignore_case: bool) -> ClassUnicode {
    let mut w = set_of(WORD, unicode);
    if unicode && ignore_case {
        w.case_fold_simple();
    }
    w
}

/// Closes `set` under ECMAScript's case-insensitive equivalence.
pub(super) fn close_case(set: &mut ClassUnicode, unicode: bool) {
    if unicode {
        set.case_fold_simple();
        return;
    }
    let contains = |set: &ClassUnicode, c: char| {
        set.ranges()
            .binary_search_by(|r| {
                if r.end() < c {
                    std::cmp::Ordering::Less
                } else if r.start() > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    };
    let mut add = ClassUnicode::empty();
    for class in canon_classes() {
        if class.iter().any(|&c| contains(set, c)) {
            for &c in class {
                add.push(ClassUnicodeRange::new(c, c));
            }
        }
    }
    set.union(&add);
}

/// The code units (BMP characters) that `Canonicalize` without `u` makes equal, in classes of
/// two or more: a character's upper case when that is one code unit, and not an ASCII one for a
/// non-ASCII character.
fn canon_classes() -> &'static [Vec<char>] {
    static CLASSES: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    CLASSES.get_or_init(|| {
        let mut by_canon: HashMap<u32, Vec<char>> = HashMap::new();
        for cp in (0..=0xFFFFu32).filter(|c| !(0xD800..=0xDFFF).contains(c)) {
            let c = char::from_u32(cp).expect("not a surrogate");
            let mut up = c.to_uppercase();
            let canon = match (up.next(), up.next()) {
                (Some(u), None) if (u as u32) <= 0xFFFF && !(cp >= 128 && (u as u32) < 128) => {
                    u as u32
                }
                _ => cp,
            };
            by_canon.entry(canon).or_default().push(c);
        }
        let mut v: Vec<Vec<char>> = by_canon.into_values().filter(|c| c.len() > 1).collect();
        v.sort();
        v
    })
}
