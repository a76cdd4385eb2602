//! The words of the plan-based index findings: how sure a suggested index is, the row
//! counts and costs, the help that names the index.

use crate::explain::{Hypopg, Judged};

/// How sure the suggestion is.
pub fn proof(judged: &Judged, hypopg: Hypopg) -> String {
    match (judged.cost_with_index, hypopg) {
        (Some(after), _) => format!(
            "with it the plan's estimated cost drops from {} to {} (tried as a hypothetical index with hypopg)",
            cost(judged.cost),
            cost(after)
        ),
        (None, Hypopg::Available) => format!(
            "unverified (plan cost {}): hypopg is installed but not created in this database; \
             `CREATE EXTENSION hypopg` lets sqlhound try the index first",
            cost(judged.cost)
        ),
        (None, _) => format!(
            "unverified (plan cost {}): the hypopg extension is not in this database, so the \
             index could not be tried first",
            cost(judged.cost)
        ),
    }
}

/// The help of an index finding: the statement, then how sure it is.
pub fn index_help(judged: &Judged, proof: &str) -> String {
    format!("create the index `{}`; {proof}", judged.suggestion.create)
}

/// A row estimate for a message: `12`, `4,031`, `1,200,000`.
pub fn count(rows: f64) -> String {
    let rounded = rows.max(0.0).round() as u64;
    let digits = rounded.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A plan cost: whole above 100, else with one decimal.
fn cost(value: f64) -> String {
    if value >= 100.0 {
        count(value)
    } else {
        format!("{value:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(12.4), "12");
        assert_eq!(count(4031.0), "4,031");
        assert_eq!(count(1_200_000.0), "1,200,000");
    }
}
