//! A parameter that ends a statement where the grammar wants a whole query (`"EXPLAIN " +
//! sql`, `DECLARE c CURSOR FOR {operation}`, `CREATE VIEW v AS {select}`): the function
//! runs the query its caller gives it, prefixed, so it is a wrapper and its callers are
//! where that query is judged. So is a parameter named for the clause it fills (`WHERE
//! {where}`, `ORDER BY {order_by}`): its name says the caller passes SQL there.

use crate::python::flow::Analyzer;
use crate::python::literal::Decoded;
use crate::python::value::{Origin, Piece, StrValue, Trust};
use crate::sql::Dialect;
use crate::sql::clause::trailing_clause;
use crate::sql::nested_query::holds_query;
use crate::sql::parse::{Parsed, parse_each};

/// What stands in for the caller's query when the statement is parsed.
const ANY_QUERY: &str = "SELECT 1";

impl Analyzer<'_, '_> {
    /// The parameters a function takes SQL in by contract: one in the place of a whole
    /// query, and those named for the clause they fill.
    pub(super) fn sql_parameters(&self, text: &StrValue) -> Vec<usize> {
        let dialect = crate::python::driver_dialect(self.module).unwrap_or(Dialect::Generic);
        let pieces = text.pieces();
        let mut params: Vec<usize> = pieces
            .windows(2)
            .filter_map(|pair| match (pair[0].as_ref(), pair[1].as_ref()) {
                (Piece::Text(before), Piece::Hole(hole)) if hole.trust > Trust::Constant => {
                    let Origin::Parameter(index) = hole.origin else {
                        return None;
                    };
                    let name = self
                        .parameter_at(hole.span.clone(), index)?
                        .name
                        .id
                        .as_str();
                    (trailing_clause(&before.text, dialect)? == name).then_some(index)
                }
                _ => None,
            })
            .collect();
        params.extend(self.whole_query_parameter(text));
        params
    }

    /// The parameter whose untrusted text ends `text` in the place of a whole query.
    fn whole_query_parameter(&self, text: &StrValue) -> Option<usize> {
        let pieces = text.pieces();
        let last_hole = pieces
            .iter()
            .rposition(|piece| matches!(piece.as_ref(), Piece::Hole(_)))?;
        let param = match pieces[last_hole].as_ref() {
            Piece::Hole(hole) if hole.trust > Trust::Constant => hole.origin.parameter()?,
            _ => return None,
        };
        // Only a `;` or spaces may follow: `IN ({ids})` is a list, not a query.
        let rest_is_blank = pieces[last_hole + 1..]
            .iter()
            .all(|piece| match piece.as_ref() {
                Piece::Text(decoded) => decoded.text.trim().trim_end_matches(';').trim().is_empty(),
                Piece::Hole(_) => false,
            });
        // A statement of its own (`f"{sql}"`) is an executed parameter, found as such.
        let has_prefix = pieces[..last_hole]
            .iter()
            .any(|piece| match piece.as_ref() {
                Piece::Text(decoded) => !decoded.text.trim().is_empty(),
                Piece::Hole(_) => true,
            });
        if !rest_is_blank || !has_prefix {
            return None;
        }
        let mut query = StrValue::default();
        for piece in &pieces[..last_hole] {
            query.push(piece.clone().into_owned());
        }
        let mut any = Decoded::new();
        any.push(ANY_QUERY, 0..0);
        query.push(Piece::Text(any));
        let dialect = crate::python::driver_dialect(self.module).unwrap_or(Dialect::Generic);
        let sql = crate::python::extract::render(&query, dialect, true, "", self.module.source);
        // One statement, with the stand-in as a query node of it: `SHOW {v}` or
        // `SET search_path TO {v}` parse too, with a name there.
        let (mut statements, mut holding, mut errors) = (0, 0, 0);
        parse_each(&sql.text, dialect, |parsed| match parsed {
            Parsed::Statement(statement) => {
                statements += 1;
                holding += usize::from(holds_query(&statement.ast, ANY_QUERY));
            }
            Parsed::Error(_) => errors += 1,
        });
        (statements == 1 && holding == 1 && errors == 0).then_some(param)
    }
}
