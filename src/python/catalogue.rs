//! What the user tells sqlhound about code it cannot see (a wrapper in a dependency):
//! `sinks` run their SQL argument, `sanitizers` return safe text, `sources` give untrusted
//! values. Entries name a function as `module:function` or a method as
//! `module:Class.method`; a sink may say which argument holds the SQL, by name or by
//! position counting from 1: `mypkg.db:run_sql(query)`, `mypkg.db:run_sql(2)`.

/// Which argument of a configured sink holds the SQL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Argument {
    /// 0-based, `self` not counted.
    Position(usize),
    Name(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub module: String,
    /// `Class` of a method.
    pub class: Option<String>,
    pub name: String,
}

impl Target {
    /// The dotted path a call of the function reads as: `mypkg.db.run_sql`.
    pub fn path(&self) -> String {
        match &self.class {
            Some(class) => format!("{}.{class}.{}", self.module, self.name),
            None => format!("{}.{}", self.module, self.name),
        }
    }

    /// The instances' key of a method's class: `mypkg.db:Database`.
    pub fn class_key(&self) -> Option<String> {
        self.class.as_ref().map(|c| format!("{}:{c}", self.module))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sink {
    pub target: Target,
    pub argument: Argument,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalogue {
    pub sinks: Vec<Sink>,
    pub sanitizers: Vec<Target>,
    pub sources: Vec<Target>,
}

impl Catalogue {
    pub fn is_empty(&self) -> bool {
        self.sinks.is_empty() && self.sanitizers.is_empty() && self.sources.is_empty()
    }

    /// Whether `text` names a configured function, method or class: only then is it worth
    /// analysing for them.
    pub fn mentioned_in(&self, text: &str) -> bool {
        let sinks = self.sinks.iter().map(|s| &s.target);
        sinks
            .chain(&self.sanitizers)
            .chain(&self.sources)
            .any(|t| text.contains(t.name.as_str()))
    }

    /// Adds another config file's entries, each once.
    pub fn merge(&mut self, other: &Catalogue) {
        for sink in &other.sinks {
            if !self.sinks.contains(sink) {
                self.sinks.push(sink.clone());
            }
        }
        for (mine, theirs) in [
            (&mut self.sanitizers, &other.sanitizers),
            (&mut self.sources, &other.sources),
        ] {
            for target in theirs {
                if !mine.contains(target) {
                    mine.push(target.clone());
                }
            }
        }
    }

    /// The class of a configured sink method, by the dotted path of its constructor.
    pub fn class_of(&self, path: &str) -> Option<String> {
        self.sinks
            .iter()
            .filter_map(|s| s.target.class.as_ref().map(|c| (s, c)))
            .find(|(s, c)| path == format!("{}.{c}", s.target.module))
            .and_then(|(s, _)| s.target.class_key())
    }
}

/// `module:function` or `module:Class.method`.
pub fn parse_target(entry: &str) -> Result<Target, String> {
    let (module, qualname) = entry
        .split_once(':')
        .ok_or_else(|| format!("`{entry}`: expected `module:function` or `module:Class.method`"))?;
    if module.is_empty() || !module.split('.').all(is_identifier) {
        return Err(format!("`{entry}`: `{module}` is not a dotted module name"));
    }
    let (class, name) = match qualname.split_once('.') {
        Some((class, name)) => (Some(class), name),
        None => (None, qualname),
    };
    if !class.is_none_or(is_identifier) || !is_identifier(name) {
        return Err(format!(
            "`{entry}`: `{qualname}` is not a function or a `Class.method`"
        ));
    }
    Ok(Target {
        module: module.to_string(),
        class: class.map(str::to_string),
        name: name.to_string(),
    })
}

/// A target with an optional `(argument)`: a name, or a position counting from 1.
pub fn parse_sink(entry: &str) -> Result<Sink, String> {
    let (target, argument) = match entry.strip_suffix(')').and_then(|e| e.split_once('(')) {
        Some((target, argument)) => (target, Some(argument.trim())),
        None => (entry, None),
    };
    let argument = match argument {
        None => Argument::Position(0),
        Some(a) if is_identifier(a) => Argument::Name(a.to_string()),
        Some(a) => match a.parse::<usize>() {
            Ok(position) if position >= 1 => Argument::Position(position - 1),
            _ => {
                return Err(format!(
                    "`{entry}`: the SQL argument `{a}` is neither a name nor a position counting from 1"
                ));
            }
        },
    };
    Ok(Sink {
        target: parse_target(target)?,
        argument,
    })
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn entries_and_their_errors() {
        let sink = parse_sink("mypkg.db:Database.query(sql)").unwrap();
        assert_eq!(sink.target.path(), "mypkg.db.Database.query");
        assert_eq!(sink.target.class_key().unwrap(), "mypkg.db:Database");
        assert_eq!(sink.argument, Argument::Name("sql".into()));
        assert_eq!(
            parse_sink("mypkg.db:run_sql(2)").unwrap().argument,
            Argument::Position(1)
        );
        assert_eq!(
            parse_sink("mypkg.db:run_sql").unwrap().argument,
            Argument::Position(0)
        );
        for bad in [
            "run_sql",
            "mypkg.db:",
            "my-pkg:run",
            "mypkg:a.b.c",
            "mypkg:run(0)",
            "mypkg:run(x y)",
        ] {
            assert!(parse_sink(bad).is_err(), "{bad}");
        }
    }
}
