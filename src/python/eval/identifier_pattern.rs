//! Judges a regular expression written in the code (`re.fullmatch(r"[A-Za-z_]\w*", name)`):
//! whether every string it matches is made of identifier characters (letters, digits, `_`
//! and `.`), so a value it validated cannot carry a quote, a space, a semicolon, a dash or
//! a comment into SQL. A small parser of Python's `re` syntax, conservative on purpose:
//! whatever it does not know (lookarounds, `|` outside a group, `.`, negated classes,
//! escapes other than `\w`, `\d`, `\.`, `\_`) makes the pattern no validator.

/// A pattern that only matches identifier characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct IdentifierPattern {
    /// Ends in `$` or `\Z`: `re.match` with it checks the whole string (`$` lets one
    /// trailing newline through, which is whitespace, not SQL).
    pub anchored_end: bool,
}

pub(crate) fn identifier_pattern(pattern: &str) -> Option<IdentifierPattern> {
    let mut parser = Parser {
        chars: pattern.chars().collect(),
        at: 0,
    };
    parser.global_flags()?;
    // `re.match` and `fullmatch` anchor the start themselves; `^` and `\A` say it again.
    if !parser.eat('^') {
        parser.eat_escape('A');
    }
    parser.sequence()?;
    let anchored_end = parser.eat('$') || parser.eat_escape('Z');
    (parser.at == parser.chars.len()).then_some(IdentifierPattern { anchored_end })
}

/// Characters a validated value may hold: none of them can end a literal, start a
/// comment or separate tokens.
fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        self.at += usize::from(found);
        found
    }

    fn eat_escape(&mut self, c: char) -> bool {
        let found = self.peek() == Some('\\') && self.chars.get(self.at + 1) == Some(&c);
        self.at += 2 * usize::from(found);
        found
    }

    /// `(?i)`, `(?a)`, `(?u)` at the start: they change case or `\w`'s alphabet, never
    /// what `^` and `$` match (unlike `m`) or how the pattern reads (unlike `x`).
    fn global_flags(&mut self) -> Option<()> {
        if self.chars.get(self.at..self.at + 2) != Some(&['(', '?']) {
            return Some(());
        }
        self.at += 2;
        while let Some(c) = self.peek()
            && c != ')'
        {
            if !matches!(c, 'i' | 'a' | 'u') {
                return None;
            }
            self.at += 1;
        }
        self.eat(')').then_some(())
    }

    /// Items up to the end, a `)`, a `|`, or a final `$` / `\Z`.
    fn sequence(&mut self) -> Option<()> {
        while let Some(c) = self.peek() {
            let at_end_anchor = (c == '$' && self.at + 1 == self.chars.len())
                || (c == '\\'
                    && self.chars.get(self.at + 1) == Some(&'Z')
                    && self.at + 2 == self.chars.len());
            if c == ')' || c == '|' || at_end_anchor {
                break;
            }
            self.atom()?;
            self.quantifier()?;
        }
        Some(())
    }

    fn atom(&mut self) -> Option<()> {
        let c = self.peek()?;
        self.at += 1;
        match c {
            '(' => self.group(),
            '[' => self.class(),
            '\\' => {
                let escaped = self.peek()?;
                self.at += 1;
                // `\b` and `\B` match no character.
                matches!(escaped, 'w' | 'd' | '.' | '_' | 'b' | 'B').then_some(())
            }
            // Unescaped, `.` is any character.
            '.' => None,
            c => is_identifier_char(c).then_some(()),
        }
    }

    /// `(…)`, `(?:…)`, `(?P<name>…)` with alternatives inside.
    fn group(&mut self) -> Option<()> {
        if self.eat('?') {
            if self.eat('P') {
                self.eat('<').then_some(())?;
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    self.at += 1;
                }
                self.eat('>').then_some(())?;
            } else {
                self.eat(':').then_some(())?;
            }
        }
        loop {
            self.sequence()?;
            if !self.eat('|') {
                break;
            }
        }
        self.eat(')').then_some(())
    }

    /// `[A-Za-z0-9_]`, `[\w.]`: not negated, every member an identifier character.
    fn class(&mut self) -> Option<()> {
        if matches!(self.peek(), Some('^' | ']')) {
            return None;
        }
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                ']' => return Some(()),
                '\\' => {
                    let escaped = self.peek()?;
                    self.at += 1;
                    matches!(escaped, 'w' | 'd' | '.' | '_').then_some(())?;
                }
                first if self.peek() == Some('-') && self.chars.get(self.at + 1) != Some(&']') => {
                    let last = *self.chars.get(self.at + 1)?;
                    self.at += 2;
                    if last < first || !(first..=last).all(is_identifier_char) {
                        return None;
                    }
                }
                c => is_identifier_char(c).then_some(())?,
            }
        }
        None
    }

    /// `*`, `+`, `?`, `{m}`, `{m,n}`, each maybe lazy (`?`) or possessive (`+`). A `{` that
    /// starts no repeat count is a literal brace, which no identifier holds.
    fn quantifier(&mut self) -> Option<()> {
        let repeated = match self.peek() {
            Some('*' | '+' | '?') => {
                self.at += 1;
                true
            }
            Some('{') => {
                self.at += 1;
                let mut digits = false;
                while let Some(c) = self.peek().filter(|c| c.is_ascii_digit() || *c == ',') {
                    digits |= c != ',';
                    self.at += 1;
                }
                (digits && self.eat('}')).then_some(())?;
                true
            }
            _ => false,
        };
        if repeated && !self.eat('?') {
            self.eat('+');
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(pattern: &str) -> Option<bool> {
        identifier_pattern(pattern).map(|p| p.anchored_end)
    }

    #[test]
    fn identifier_patterns_are_validators() {
        for (pattern, anchored_end) in [
            (r"^[A-Za-z_][A-Za-z0-9_]*$", true),
            (r"\w+", false),
            (r"\A\w{1,63}\Z", true),
            (r"(?i)^[a-z_]+(\.[a-z_]+)?$", true),
            (r"^\d+$", true),
            (r"^(?P<schema>\w+)\.(?:\w+|\d+)$", true),
            (r"[\w.]+?", false),
            ("", false),
        ] {
            assert_eq!(judge(pattern), Some(anchored_end), "{pattern}");
        }
    }

    #[test]
    fn patterns_that_let_sql_through_are_not() {
        for pattern in [
            r".*",
            r"^\w+|.*$",
            r"^[^']+$",
            r"^[\w -]+$",
            r"^[A-z]+$",
            r"^\S+$",
            r"(?m)^\w+$",
            r"(?x)^\w+$",
            r"^\w+$\n",
            r"^(?=\w)\w+$",
            r"^[\w-]+$",
            r"^\w+;$",
            r"^\w{2$",
            r"^[]\w]+$",
            r"^\w+(",
            r"^a$b",
            r"^\w{}$",
        ] {
            assert_eq!(judge(pattern), None, "{pattern}");
        }
    }
}
