//! The SQL dialects sqlhound can read, one per sqlparser dialect.

use sqlparser::dialect::{
    AnsiDialect, BigQueryDialect, ClickHouseDialect, DatabricksDialect, DuckDbDialect,
    GenericDialect, HiveDialect, MsSqlDialect, MySqlDialect, OracleDialect, PostgreSqlDialect,
    RedshiftSqlDialect, SQLiteDialect, SnowflakeDialect, SparkSqlDialect, TeradataDialect,
};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Dialect {
    Ansi,
    Bigquery,
    Clickhouse,
    Databricks,
    Duckdb,
    Generic,
    Hive,
    Mssql,
    Mysql,
    Oracle,
    #[default]
    Postgres,
    Redshift,
    Snowflake,
    Spark,
    Sqlite,
    Teradata,
}

impl Dialect {
    pub const ALL: [Dialect; 16] = [
        Self::Ansi,
        Self::Bigquery,
        Self::Clickhouse,
        Self::Databricks,
        Self::Duckdb,
        Self::Generic,
        Self::Hive,
        Self::Mssql,
        Self::Mysql,
        Self::Oracle,
        Self::Postgres,
        Self::Redshift,
        Self::Snowflake,
        Self::Spark,
        Self::Sqlite,
        Self::Teradata,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Ansi => "ansi",
            Self::Bigquery => "bigquery",
            Self::Clickhouse => "clickhouse",
            Self::Databricks => "databricks",
            Self::Duckdb => "duckdb",
            Self::Generic => "generic",
            Self::Hive => "hive",
            Self::Mssql => "mssql",
            Self::Mysql => "mysql",
            Self::Oracle => "oracle",
            Self::Postgres => "postgres",
            Self::Redshift => "redshift",
            Self::Snowflake => "snowflake",
            Self::Spark => "spark",
            Self::Sqlite => "sqlite",
            Self::Teradata => "teradata",
        }
    }

    /// Accepts the names above plus common aliases (`postgresql`, `tsql`, `sparksql`).
    pub fn parse(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        let alias = match name.as_str() {
            "postgresql" | "pg" => "postgres",
            "tsql" | "sqlserver" => "mssql",
            "sparksql" => "spark",
            "mariadb" => "mysql",
            other => other,
        };
        Self::ALL.into_iter().find(|d| d.name() == alias)
    }

    pub fn parser_dialect(self) -> &'static dyn sqlparser::dialect::Dialect {
        match self {
            Self::Ansi => &AnsiDialect {},
            Self::Bigquery => &BigQueryDialect,
            Self::Clickhouse => &ClickHouseDialect {},
            Self::Databricks => &DatabricksDialect {},
            Self::Duckdb => &DuckDbDialect {},
            Self::Generic => &GenericDialect,
            Self::Hive => &HiveDialect {},
            Self::Mssql => &MsSqlDialect {},
            Self::Mysql => &MySqlDialect {},
            Self::Oracle => &OracleDialect {},
            Self::Postgres => &PostgreSqlDialect {},
            Self::Redshift => &RedshiftSqlDialect {},
            Self::Snowflake => &SnowflakeDialect,
            Self::Spark => &SparkSqlDialect {},
            Self::Sqlite => &SQLiteDialect {},
            Self::Teradata => &TeradataDialect {},
        }
    }

    /// `$tag$ … $tag$` strings.
    pub(crate) fn has_dollar_quotes(self) -> bool {
        matches!(
            self,
            Self::Postgres | Self::Redshift | Self::Generic | Self::Duckdb | Self::Snowflake
        )
    }

    /// Backslash escapes inside every quoted string (not only `E'…'`).
    pub(crate) fn has_backslash_escapes(self) -> bool {
        matches!(
            self,
            Self::Mysql
                | Self::Bigquery
                | Self::Hive
                | Self::Spark
                | Self::Databricks
                | Self::Clickhouse
                | Self::Snowflake
        )
    }

    /// `/* /* */ */` nests.
    pub(crate) fn has_nested_comments(self) -> bool {
        matches!(
            self,
            Self::Postgres | Self::Generic | Self::Duckdb | Self::Mssql
        )
    }

    /// `#` starts a line comment.
    pub(crate) fn has_hash_comments(self) -> bool {
        matches!(self, Self::Mysql | Self::Hive | Self::Bigquery)
    }

    /// `[quoted identifier]`.
    pub(crate) fn has_bracket_identifiers(self) -> bool {
        matches!(self, Self::Mssql | Self::Sqlite)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dialect_round_trips_through_its_name() {
        for dialect in Dialect::ALL {
            assert_eq!(Dialect::parse(dialect.name()), Some(dialect));
        }
        assert_eq!(Dialect::parse("PostgreSQL"), Some(Dialect::Postgres));
        assert_eq!(Dialect::parse("cobol"), None);
    }
}
