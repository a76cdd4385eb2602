//! Rule selectors (`select`, `extend-select`, `ignore`, `per-file-ignores`): `ALL`, a code,
//! a name, a category or a code prefix.

use super::SettingsError;
use super::file::did_you_mean;
use crate::diagnostic::{Category, RuleMeta};
use crate::rules::{self, RULES, tool};

/// Syntax errors, unreadable files and internal errors are reported whatever `select`
/// says: hiding them would hide that nothing was checked. `ignore` can still drop them.
pub(super) fn is_always_on(meta: &RuleMeta) -> bool {
    meta == &tool::SYNTAX_ERROR
        || meta == &tool::PYTHON_SYNTAX_ERROR
        || meta == &tool::UNREADABLE_FILE
        || meta == &tool::INTERNAL_ERROR
}

/// Which rules a list of selectors names: `ALL`, a code, a name, a category, or a code
/// prefix such as `SH2`.
pub(super) fn select_rules<'s>(
    selectors: impl IntoIterator<Item = &'s String>,
    key: &str,
    origin: &str,
) -> Result<Vec<bool>, SettingsError> {
    let mut selected = vec![false; RULES.len()];
    for selector in selectors {
        let mut matched = false;
        for (i, (meta, _)) in RULES.iter().enumerate() {
            if selector_matches(selector, meta) {
                selected[i] = true;
                matched = true;
            }
        }
        if !matched {
            return Err(SettingsError::InvalidValue {
                origin: origin.to_string(),
                key: key.to_string(),
                message: unknown_rule(selector),
            });
        }
    }
    Ok(selected)
}

fn selector_matches(selector: &str, meta: &RuleMeta) -> bool {
    let upper = selector.to_ascii_uppercase();
    upper == "ALL"
        || meta.name == selector
        || meta.category.as_str() == selector
        || (upper.starts_with("SH") && meta.code.starts_with(&upper))
}

pub(super) fn unknown_rule(selector: &str) -> String {
    let candidates = rules::all()
        .flat_map(|r| [r.name, r.code])
        .chain(Category::ALL.iter().map(|c| c.as_str()));
    let hint = did_you_mean(selector, candidates)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    format!("no rule, code prefix or category is named `{selector}`{hint}")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::settings::{Overrides, Settings};

    #[test]
    fn selectors_match_codes_names_categories_and_prefixes() {
        let select = |s: &str| select_rules([&s.to_string()], "select", "test");
        let count = |v: Vec<bool>| v.into_iter().filter(|b| *b).count();
        assert_eq!(count(select("select-star").unwrap_or_default()), 1);
        assert_eq!(count(select("sh201").unwrap_or_default()), 1);
        assert!(count(select("SH2").unwrap_or_default()) >= 7);
        assert!(count(select("performance").unwrap_or_default()) >= 2);
        assert!(select("selct-star").is_err());
    }

    #[test]
    fn select_keeps_syntax_errors_on() {
        let overrides = Overrides {
            select: Some(vec!["select-star".into()]),
            ..Overrides::default()
        };
        let settings = Settings::defaults(Path::new("/"), &overrides).ok();
        let settings = settings.as_ref();
        assert!(settings.is_some_and(|s| s.is_enabled(&tool::SYNTAX_ERROR)));
        assert!(settings.is_some_and(|s| !s.is_enabled(&tool::UNUSED_SUPPRESSION)));
    }
}
