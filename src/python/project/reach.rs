//! Whether project code may reach the database (`python::reach`): a function that
//! mentions a sink or connection call may, and so may one that calls such code, resolved as
//! any call into the project is. Worked out on demand from the index, memoised per run.

use rustc_hash::FxHashMap;
use std::path::Path;

use super::{Entry, MAX_HOPS, ProjectIndex, Symbol, lock};
use crate::python::index::{absolute, text_hash};

/// Calls followed at most this deep; deeper, code is taken to reach the database.
const MAX_DEPTH: usize = 64;

/// A function or method (`qualname`), or module code (`""`), of a module.
pub(super) type Code = (String, String);

/// One search through the calls: Tarjan's strongly connected components,
/// since functions that call each other reach the database together or not at all.
#[derive(Default)]
struct Search {
    order: FxHashMap<Code, usize>,
    low: FxHashMap<Code, usize>,
    found: FxHashMap<Code, bool>,
    stack: Vec<Code>,
}

impl ProjectIndex {
    /// Whether the module at `path`, read as `text`, has code that may reach the database
    /// through the project; `None` when the index did not read this text (then any code
    /// may).
    pub fn module_reaches(&self, path: &Path, text: &str) -> Option<bool> {
        let name = self.by_path.get(path)?;
        if !self.indexed(name, text) {
            return None;
        }
        let index = &self.modules.get(name)?.index;
        Some(index.reach.iter().any(|r| self.reaches(name, &r.qualname)))
    }

    /// Whether the index read module `name` as `text`, and knows what its code reaches.
    pub fn indexed(&self, name: &str, text: &str) -> bool {
        self.modules
            .get(name)
            .is_some_and(|e| !e.index.reach.is_empty() && e.index.text_hash == text_hash(text))
    }

    /// Whether the function or method `qualname` of `module` (`""`: its module code) may
    /// reach the database. Code the index has no reach for may.
    pub fn reaches(&self, module: &str, qualname: &str) -> bool {
        let code = (module.to_string(), qualname.to_string());
        if let Some(known) = self.settled(&code) {
            return known;
        }
        self.visit(&mut Search::default(), code)
    }

    /// The answer for `code` without following its calls, when there is one.
    fn settled(&self, code: &Code) -> Option<bool> {
        let Some(entry) = self.modules.get(&code.0) else {
            return Some(false);
        };
        if entry.index.reach.is_empty() {
            return Some(true);
        }
        match entry.index.reach(&code.1) {
            None => Some(false),
            Some(reach) if reach.sink => Some(true),
            Some(_) => lock(&self.reaching).get(code).copied(),
        }
    }

    fn visit(&self, search: &mut Search, code: Code) -> bool {
        let number = search.order.len();
        search.order.insert(code.clone(), number);
        search.low.insert(code.clone(), number);
        search.stack.push(code.clone());
        let mut found = false;
        for next in self.callees(&code) {
            if let Some(known) = self.settled(&next) {
                found = known;
            } else if let Some(&order) = search.order.get(&next) {
                // On the stack: the same component (a finished one is settled).
                let low = search.low[&code].min(order);
                search.low.insert(code.clone(), low);
                found = search.found.get(&next).copied().unwrap_or(false);
            } else if search.stack.len() >= MAX_DEPTH {
                found = true;
            } else {
                found = self.visit(search, next.clone());
                let low = search.low[&code].min(search.low[&next]);
                search.low.insert(code.clone(), low);
            }
            if found {
                break;
            }
        }
        search.found.insert(code.clone(), found);
        if search.low[&code] == number {
            // The component's root: its members reach the database if any of them does,
            // and everything above it on the stack reaches it.
            let at = search.stack.iter().rposition(|c| *c == code).unwrap_or(0);
            let members = search.stack.split_off(at);
            let any = members.iter().any(|m| search.found.get(m) == Some(&true));
            let mut memo = lock(&self.reaching);
            for member in members {
                memo.insert(member, any);
            }
            return any;
        }
        found
    }

    /// What the code may call in the project.
    fn callees(&self, (module, qualname): &Code) -> Vec<Code> {
        let Some(entry) = self.modules.get(module) else {
            return Vec::new();
        };
        let Some(reach) = entry.index.reach(qualname) else {
            return Vec::new();
        };
        let class = qualname.split_once('.').map(|(class, _)| class);
        reach
            .calls
            .iter()
            .flat_map(|call| self.call_targets(module, entry, (qualname, class), call))
            .collect()
    }

    /// A call written in `module` (in a method of `class`): `get_db`, `db.run`,
    /// `self.save`, `self.store.select`, `super.save`, `Store`.
    fn call_targets(
        &self,
        module: &str,
        entry: &Entry,
        (qualname, class): (&str, Option<&str>),
        call: &str,
    ) -> Vec<Code> {
        let parts: Vec<&str> = call.split('.').collect();
        match parts.as_slice() {
            ["self" | "cls", method] => class
                .and_then(|class| self.method_code(module, class, method))
                .into_iter()
                .collect(),
            ["self" | "cls", ..] => Vec::new(),
            ["super", method] => class
                .map(|class| {
                    self.bases(module, entry, class)
                        .into_iter()
                        .filter_map(|(m, c)| self.method_code(&m, &c, method))
                        .collect()
                })
                .unwrap_or_default(),
            ["super", ..] => Vec::new(),
            _ => match self.member(module, &parts, 0) {
                Some(Symbol::Function { module, name }) => vec![(module, name)],
                // Made at import, an object is used through the methods its name is
                // called with (`module_object`); made in a function, through any.
                Some(Symbol::Class { module, name }) if qualname.is_empty() => self
                    .method_code(&module, &name, "__init__")
                    .into_iter()
                    .collect(),
                Some(Symbol::Class { module, name }) => {
                    let mut out = Vec::new();
                    self.class_methods(&module, &name, 0, &mut out);
                    out
                }
                Some(Symbol::Method {
                    module,
                    class,
                    name,
                }) => vec![(module, format!("{class}.{name}"))],
                // `get_db.run`: a method of what a factory function returns.
                None => match self.member(module, &parts[..parts.len() - 1], 0) {
                    Some(Symbol::Function { module, name }) => vec![(module, name)],
                    _ => self
                        .module_object(module, entry, &parts)
                        .into_iter()
                        .collect(),
                },
            },
        }
    }

    /// `method` as instances of `class` in `module` have it.
    fn method_code(&self, module: &str, class: &str, method: &str) -> Option<Code> {
        self.method(module, class, method)
            .map(|(m, c)| (m, format!("{c}.{method}")))
    }

    /// An instance of a project class may be used through any of its methods, its bases'
    /// included.
    fn class_methods(&self, module: &str, class: &str, hops: usize, out: &mut Vec<Code>) {
        let Some(entry) = self.modules.get(module).filter(|_| hops <= MAX_HOPS) else {
            return;
        };
        let Some(definition) = entry.index.class(class) else {
            return;
        };
        out.extend(
            definition
                .methods
                .iter()
                .map(|m| (module.to_string(), format!("{class}.{m}"))),
        );
        for (m, c) in self.bases(module, entry, class) {
            self.class_methods(&m, &c, hops + 1, out);
        }
    }

    /// The project classes `class` of `module` derives from directly.
    fn bases(&self, module: &str, entry: &Entry, class: &str) -> Vec<(String, String)> {
        let Some(definition) = entry.index.class(class) else {
            return Vec::new();
        };
        definition
            .bases
            .iter()
            .filter_map(|base| match self.base_symbol(module, entry, base)? {
                Symbol::Class { module, name } => Some((module, name)),
                _ => None,
            })
            .collect()
    }

    /// A method of a module-level object of an imported module (`signals.done.send`):
    /// the method of the class that made it, or the factory function that did.
    fn module_object(&self, module: &str, entry: &Entry, parts: &[&str]) -> Option<Code> {
        let (first, rest) = parts.split_first()?;
        let import = entry.index.import(first)?;
        let target = absolute(module, entry.package, import.level, &import.path)?;
        let path: Vec<&str> = target.split('.').chain(rest.iter().copied()).collect();
        let [.., object, method] = path.as_slice() else {
            return None;
        };
        let (owner, owner_entry) = self.module(&path[..path.len() - 2].join("."))?;
        let made_by = owner_entry.index.object(object)?;
        let made_by: Vec<&str> = made_by.split('.').chain([*method]).collect();
        match self.member(owner, &made_by, 0)? {
            Symbol::Method {
                module,
                class,
                name,
            } => Some((module, format!("{class}.{name}"))),
            _ => match self.member(owner, &made_by[..made_by.len() - 1], 0)? {
                Symbol::Function { module, name } => Some((module, name)),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::path::Path;

    use super::super::tests::project;

    #[test]
    fn sinks_are_told_from_everyday_calls() {
        let project = project(&[(
            "app/calls.py",
            "import copy\nimport sqlite3\nfrom app.signals import done\n\
             def run(cur, sql):\n    cur.execute(sql)\n\
             def connect():\n    return sqlite3.connect('x.db')\n\
             def clone(d):\n    return copy.copy(d)\n\
             def listen():\n    done.connect(print)\n\
             def lookup(cache, k):\n    return cache.get(k)\n",
        )]);
        assert!(project.reaches("app.calls", "run"));
        assert!(project.reaches("app.calls", "connect"));
        assert!(!project.reaches("app.calls", "clone"));
        assert!(!project.reaches("app.calls", "listen"));
        assert!(!project.reaches("app.calls", "lookup"));
    }

    #[test]
    fn calls_are_followed_through_cycles_attributes_and_module_objects() {
        let project = project(&[
            (
                "app/db.py",
                "class Store:\n    def select(self, sql):\n        self.cur.execute(sql)\n\
                 \x20   def name(self):\n        return 'store'\n\
                 store = Store()\n",
            ),
            (
                "app/walk.py",
                "from app.db import store, Store\n\
                 def a(x):\n    b(x)\n    store.select(x)\n\
                 def b(x):\n    a(x)\n\
                 def c(x):\n    d(x)\n\
                 def d(x):\n    c(x)\n    store.name()\n\
                 class Repo:\n    def __init__(self):\n        self.store = Store()\n\
                 \x20       self.cache = {}\n\
                 \x20   def find(self, x):\n        return self.store.select(x)\n\
                 \x20   def cached(self, x):\n        return self.cache.get(x)\n",
            ),
        ]);
        // `b` reaches the database only through the cycle back to `a`.
        assert!(project.reaches("app.walk", "b"));
        assert!(project.reaches("app.walk", "a"));
        assert!(!project.reaches("app.walk", "c"));
        assert!(!project.reaches("app.walk", "d"));
        assert!(project.reaches("app.walk", "Repo.find"));
        assert!(!project.reaches("app.walk", "Repo.cached"));
        assert_eq!(
            project.module_reaches(Path::new("/p/app/walk.py"), "x = 1\n"),
            None,
            "another text than the one indexed: nothing is known"
        );
    }
}
