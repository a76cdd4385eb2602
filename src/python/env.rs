//! A function's variables while it is evaluated. Every `if`, loop, `try` and `match` copies
//! them and merges the copies after, so a copy shares the bindings made before its branch
//! point and keeps only the names set since, and a merge of copies that share their base
//! looks only at those names: a function with many variables and many branches costs what
//! its branches set, not variables × branches.

use rustc_hash::FxHashMap;
use std::rc::Rc;

use super::value::Value;

#[derive(Clone, Debug, Default)]
pub struct Env {
    /// Bindings shared with the copies made at a branch point.
    base: Rc<FxHashMap<String, Value>>,
    /// Bindings set since; they shadow `base`.
    changes: FxHashMap<String, Value>,
}

impl Env {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.changes.get(name).or_else(|| self.base.get(name))
    }

    pub fn insert(&mut self, name: String, value: Value) {
        self.changes.insert(name, value);
    }

    /// A copy to evaluate a branch with. When no other copy shares the base, the names set
    /// since are folded into it first (for free), so the copy carries no changes.
    pub fn branch(&mut self) -> Env {
        if let Some(base) = Rc::get_mut(&mut self.base) {
            base.extend(self.changes.drain());
        }
        self.clone()
    }

    /// Merges a branch's bindings in, value by value (`Value::merge`). Names a branch and
    /// this copy both left as the shared base had them merge to themselves, so with a
    /// shared base only the names either set are looked at.
    pub fn merge(&mut self, other: Env) {
        if Rc::ptr_eq(&self.base, &other.base) {
            let mut names: Vec<String> = other.changes.keys().cloned().collect();
            names.extend(
                self.changes
                    .keys()
                    .filter(|name| !other.changes.contains_key(*name))
                    .cloned(),
            );
            for name in names {
                if let Some(value) = other.get(&name).cloned() {
                    self.merge_one(name, value);
                }
            }
        } else {
            for (name, value) in other.into_map() {
                self.merge_one(name, value);
            }
        }
    }

    fn merge_one(&mut self, name: String, value: Value) {
        let merged = match self.get(&name).cloned() {
            Some(current) => current.merge(value),
            None => value,
        };
        self.insert(name, merged);
    }

    /// Every binding, the later shadowing the earlier.
    pub fn into_map(self) -> FxHashMap<String, Value> {
        let mut map = Rc::unwrap_or_clone(self.base);
        map.extend(self.changes);
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::value::{Origin, Trust};

    fn untrusted() -> Value {
        Value::opaque(Trust::Untrusted, Origin::Name)
    }

    #[test]
    fn a_merge_of_branches_keeps_the_riskier_value_of_every_name_either_set() {
        let mut env = Env::default();
        env.insert("a".into(), Value::constant());
        env.insert("b".into(), Value::constant());
        let before = env.branch();
        let mut left = before.clone();
        left.insert("a".into(), untrusted());
        let mut right = before.clone();
        right.insert("c".into(), Value::constant());
        left.merge(right);
        let map = left.clone().into_map();
        assert_eq!(map.len(), 3);
        assert_eq!(map.get("a").map(Value::trust), Some(Trust::Untrusted));
        assert_eq!(map.get("b").map(Value::trust), Some(Trust::Constant));
        // Branches that do not share a base merge by every name, with the same result.
        let mut apart = Env::default();
        apart.insert("a".into(), Value::constant());
        apart.merge(left);
        assert_eq!(apart.get("a").map(Value::trust), Some(Trust::Untrusted));
        assert!(apart.get("c").is_some());
    }
}
