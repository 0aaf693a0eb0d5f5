//! Neutralising untrusted text before a reporter writes it.
//!
//! Everything that comes from a document or a ruleset (path keys, property names, messages
//! built from document values, file names, `info.title`, rule names) may hold characters that
//! a terminal, a CI log or a Markdown renderer would act on. Every reporter passes such text
//! through one of the functions here, so the output shows the characters instead of obeying
//! them. `docs/reliability.md` ("Output") lists what each format neutralises.

use std::borrow::Cow;

/// Characters that must not reach a terminal, a CI log or a rendered page raw: C0 controls
/// (tab excepted), DEL, C1 controls (U+0085 NEL among them), the Unicode line and paragraph
/// separators, the bidirectional marks, embeddings, overrides and isolates, and the two
/// noncharacters XML 1.0 forbids.
pub fn is_hostile(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{8}'
            | '\u{a}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{fffe}'
            | '\u{ffff}'
    )
}

/// The visible form of a hostile character: `\n`, `\r`, else `\u{1b}` (Rust's notation).
fn push_visible(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c => {
            out.push_str("\\u{");
            out.push_str(&format!("{:x}", c as u32));
            out.push('}');
        }
    }
}

/// Maps every character through `f` (which appends to the output and says whether it handled
/// the character); borrows when no character needs it.
fn map_chars<'a>(
    s: &'a str,
    needs: impl Fn(char) -> bool,
    f: impl Fn(&mut String, char),
) -> Cow<'a, str> {
    if !s.chars().any(&needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs(c) {
            f(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Plain text for a terminal or a log (`human`, `stylish`, `score -f text`, messages on
/// standard error): every hostile character, line breaks included, is written visibly, so the
/// text stays on its line and sends no escape sequence.
pub fn plain(s: &str) -> Cow<'_, str> {
    map_chars(s, is_hostile, push_visible)
}

/// The data of a GitHub workflow command (after `::`): `%`, CR and LF percent-encoded as the
/// runner expects, every other hostile character written visibly.
pub fn github_data(s: &str) -> Cow<'_, str> {
    map_chars(
        s,
        |c| c == '%' || is_hostile(c),
        |out, c| match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => push_visible(out, c),
        },
    )
}

/// A property value of a GitHub workflow command (`file=…,title=…`): like [`github_data`],
/// and `:` and `,` percent-encoded too.
pub fn github_property(s: &str) -> Cow<'_, str> {
    map_chars(
        s,
        |c| matches!(c, '%' | ':' | ',') || is_hostile(c),
        |out, c| match c {
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push_str(&github_data(c.encode_utf8(&mut [0; 4]))),
        },
    )
}

/// Text for XML (JUnit) and HTML, in content or a quoted attribute: the five metacharacters as
/// entities, every hostile character (line breaks included) written visibly, so none of the
/// characters XML 1.0 forbids, like ESC or NUL, reaches the file and no text starts a line.
pub fn xml(s: &str) -> Cow<'_, str> {
    map_chars(
        s,
        |c| matches!(c, '&' | '<' | '>' | '"' | '\'') || is_hostile(c),
        |out, c| match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => push_visible(out, c),
        },
    )
}

/// Markdown text outside code spans (table cells, headings, list items): hostile characters
/// and line breaks written visibly, every character that could start markup or HTML
/// backslash-escaped (`<`, `&`, `|`, `[`, backticks, emphasis …), and a leading list or
/// block marker escaped, so the text renders as itself and stays in its cell.
pub fn md_text(s: &str) -> String {
    let visible = plain(s);
    let mut out = String::with_capacity(visible.len() + 8);
    for (i, c) in visible.char_indices() {
        let markup = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '!' | '#' | '~' | '$'
        );
        // `- x`, `+ x`, `= x` or `1. x` at the start of a list item or heading would open a
        // block of its own.
        let leading = matches!(c, '-' | '+' | '=') && visible[..i].chars().all(|p| p == ' ')
            || matches!(c, '.' | ')') && !visible[..i].is_empty() && {
                let before = visible[..i].trim_start_matches(' ');
                !before.is_empty() && before.bytes().all(|b| b.is_ascii_digit())
            };
        if markup || leading {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Markdown code span holding `s` literally: a backtick fence longer than any run of
/// backticks inside, hostile characters and line breaks written visibly, and, in a table
/// cell, `|` escaped as GFM tables require. Text a code span cannot hold literally (a `\`
/// right before a `|` in a table cell) falls back to [`md_text`].
pub fn md_code(s: &str, in_table: bool) -> String {
    let visible = plain(s);
    if visible.is_empty() {
        return String::new();
    }
    if in_table && visible.contains("\\|") {
        return md_text(s);
    }
    let content = if in_table {
        visible.replace('|', "\\|")
    } else {
        visible.into_owned()
    };
    let mut longest = 0;
    let mut run = 0;
    for c in content.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // One space is stripped from each side when both have one: pad when the content begins or
    // ends with a backtick or a space, so what is shown is exactly the content.
    let pad = content.starts_with(['`', ' ']) || content.ends_with(['`', ' ']);
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{content}{pad}{fence}")
}

/// Markdown for a message: its parts between backticks (how messages quote names and values)
/// as code spans through [`md_code`], the rest through [`md_text`]. A backtick inside a quoted
/// value only moves where a span starts or ends; every part is neutralised either way.
pub fn md_message(s: &str, in_table: bool) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        let quoted = i % 2 == 1;
        if quoted && i + 1 < parts.len() {
            out.push_str(&md_code(part, in_table));
        } else {
            if quoted {
                // The last backtick has no partner: it stays a character.
                out.push_str("\\`");
            }
            out.push_str(&md_text(part));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_shows_controls() {
        assert_eq!(plain("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(plain("x\r\n::error::y"), "x\\r\\n::error::y");
        assert_eq!(
            plain("\u{85}\u{2028}\u{202e}\u{2066}"),
            "\\u{85}\\u{2028}\\u{202e}\\u{2066}"
        );
        assert_eq!(plain("tab\tstays é"), "tab\tstays é");
        assert!(matches!(plain("clean"), Cow::Borrowed(_)));
    }

    #[test]
    fn github_encodes_per_workflow_command_rules() {
        assert_eq!(
            github_data("100% \r\n::add-mask::x\u{1b}\u{85}"),
            "100%25 %0D%0A::add-mask::x\\u{1b}\\u{85}"
        );
        assert_eq!(github_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn xml_drops_what_xml_forbids() {
        assert_eq!(
            xml("<a b=\"'&'\">"),
            "&lt;a b=&quot;&apos;&amp;&apos;&quot;&gt;"
        );
        assert_eq!(
            xml("\u{0}\u{1b}\u{fffe}\r\n"),
            "\\u{0}\\u{1b}\\u{fffe}\\r\\n"
        );
    }

    #[test]
    fn markdown_text_and_code() {
        assert_eq!(md_text("<!-- x --> | a&b"), "\\<\\!-- x --\\> \\| a\\&b");
        assert_eq!(md_text("- item"), "\\- item");
        assert_eq!(md_text("12. item"), "12\\. item");
        assert_eq!(md_text("a-b 1.5"), "a-b 1.5");
        assert_eq!(md_text("l1\nl2"), "l1\\\\nl2");
        assert_eq!(md_code("a`b", false), "``a`b``");
        assert_eq!(md_code("`x", false), "`` `x ``");
        assert_eq!(md_code("a|b", true), "`a\\|b`");
        assert_eq!(md_code("a|b", false), "`a|b`");
        assert_eq!(md_code("a\\|b", true), "a\\\\\\|b");
        assert_eq!(
            md_message("property `a<b>` of `c|d`", true),
            "property `a<b>` of `c\\|d`"
        );
        assert_eq!(md_message("odd ` <x>", false), "odd \\` \\<x\\>");
    }
}
