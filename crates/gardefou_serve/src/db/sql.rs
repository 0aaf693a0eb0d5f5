//! One way to run a statement on either backend. Queries are written once, with SQLite's
//! numbered placeholders (`?1`), and rewritten to PostgreSQL's (`$1`) on the way; values go in
//! and come out as [`Val`], so the code that builds rows does not know the backend.

use std::fmt;

use postgres::types::{IsNull, ToSql, Type};

/// A value in or out of a statement: the four kinds the schema uses.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}

impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::Real(v)
    }
}

impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_string())
    }
}

impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}

impl From<&String> for Val {
    fn from(v: &String) -> Val {
        Val::Text(v.clone())
    }
}

impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Val {
        v.map_or(Val::Null, Into::into)
    }
}

impl rusqlite::ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Val::Null => ValueRef::Null,
            Val::Int(i) => ValueRef::Integer(*i),
            Val::Real(r) => ValueRef::Real(*r),
            Val::Text(t) => ValueRef::Text(t.as_bytes()),
        }))
    }
}

impl ToSql for Val {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Val::Null => Ok(IsNull::Yes),
            // Integers are BIGINT in the schema; a parameter PostgreSQL typed narrower (a
            // comparison with a literal) still gets the value if it fits.
            Val::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Val::Int(i) => i.to_sql(ty, out),
            Val::Real(r) => r.to_sql(ty, out),
            Val::Text(t) => t.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// A value of an unexpected type in a row (a bug: the schema and the query disagree).
#[derive(Debug)]
pub(crate) struct WrongType {
    pub(crate) column: usize,
    pub(crate) expected: &'static str,
    pub(crate) found: String,
}

impl fmt::Display for WrongType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "column {} is {}, expected {}",
            self.column, self.found, self.expected
        )
    }
}

impl std::error::Error for WrongType {}

/// One row of a result.
#[derive(Clone, Debug)]
pub(crate) struct Row(pub(crate) Vec<Val>);

impl Row {
    fn at(&self, i: usize) -> &Val {
        self.0.get(i).unwrap_or(&Val::Null)
    }

    fn wrong(&self, i: usize, expected: &'static str) -> WrongType {
        WrongType {
            column: i,
            expected,
            found: format!("{:?}", self.at(i)),
        }
    }

    pub(crate) fn opt_int(&self, i: usize) -> Result<Option<i64>, WrongType> {
        match self.at(i) {
            Val::Null => Ok(None),
            Val::Int(v) => Ok(Some(*v)),
            _ => Err(self.wrong(i, "an integer")),
        }
    }

    pub(crate) fn int(&self, i: usize) -> Result<i64, WrongType> {
        self.opt_int(i)?.ok_or_else(|| self.wrong(i, "an integer"))
    }

    pub(crate) fn opt_real(&self, i: usize) -> Result<Option<f64>, WrongType> {
        match self.at(i) {
            Val::Null => Ok(None),
            Val::Real(v) => Ok(Some(*v)),
            // SQLite stores a REAL that has no fraction as an integer in some cases.
            Val::Int(v) => Ok(Some(*v as f64)),
            _ => Err(self.wrong(i, "a number")),
        }
    }

    pub(crate) fn real(&self, i: usize) -> Result<f64, WrongType> {
        self.opt_real(i)?.ok_or_else(|| self.wrong(i, "a number"))
    }

    pub(crate) fn opt_text(&self, i: usize) -> Result<Option<String>, WrongType> {
        match self.at(i) {
            Val::Null => Ok(None),
            Val::Text(v) => Ok(Some(v.clone())),
            _ => Err(self.wrong(i, "text")),
        }
    }

    pub(crate) fn text(&self, i: usize) -> Result<String, WrongType> {
        self.opt_text(i)?.ok_or_else(|| self.wrong(i, "text"))
    }
}

/// What a statement failed with, before the database's name is attached.
#[derive(Debug)]
pub(crate) enum Failure {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    Row(WrongType),
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Failure {
        Failure::Sqlite(e)
    }
}

impl From<postgres::Error> for Failure {
    fn from(e: postgres::Error) -> Failure {
        Failure::Postgres(e)
    }
}

impl From<WrongType> for Failure {
    fn from(e: WrongType) -> Failure {
        Failure::Row(e)
    }
}

/// An open transaction on either backend.
pub(crate) enum Conn<'a, 'b> {
    Sqlite(&'a rusqlite::Transaction<'b>),
    Postgres(&'a mut postgres::Transaction<'b>),
}

/// `?N` placeholders as `$N` (no query here has a `?` inside a string literal).
pub(crate) fn dollar_placeholders(sql: &str) -> String {
    sql.replace('?', "$")
}

impl Conn<'_, '_> {
    /// Whether this is PostgreSQL (for the few statements that differ).
    pub(crate) fn is_postgres(&self) -> bool {
        matches!(self, Conn::Postgres(_))
    }

    /// Runs several statements without parameters.
    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), Failure> {
        match self {
            Conn::Sqlite(c) => c.execute_batch(sql)?,
            Conn::Postgres(c) => c.batch_execute(sql)?,
        }
        Ok(())
    }

    /// Runs one statement; how many rows it changed.
    pub(crate) fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64, Failure> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute(sql, rusqlite::params_from_iter(params))? as u64),
            Conn::Postgres(c) => {
                let refs: Vec<&(dyn ToSql + Sync)> =
                    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
                Ok(c.execute(dollar_placeholders(sql).as_str(), &refs)?)
            }
        }
    }

    /// Runs one query; its rows.
    pub(crate) fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>, Failure> {
        match self {
            Conn::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let n = st.column_count();
                let mut rows = st.query(rusqlite::params_from_iter(params))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut vals = Vec::with_capacity(n);
                    for i in 0..n {
                        use rusqlite::types::ValueRef;
                        vals.push(match r.get_ref(i)? {
                            ValueRef::Null => Val::Null,
                            ValueRef::Integer(v) => Val::Int(v),
                            ValueRef::Real(v) => Val::Real(v),
                            ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
                            ValueRef::Blob(b) => Val::Text(String::from_utf8_lossy(b).into_owned()),
                        });
                    }
                    out.push(Row(vals));
                }
                Ok(out)
            }
            Conn::Postgres(c) => {
                let refs: Vec<&(dyn ToSql + Sync)> =
                    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
                let rows = c.query(dollar_placeholders(sql).as_str(), &refs)?;
                rows.iter().map(pg_row).collect()
            }
        }
    }

    /// The first row of a query, if any.
    pub(crate) fn query_opt(&mut self, sql: &str, params: &[Val]) -> Result<Option<Row>, Failure> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first row of a query that always has one.
    pub(crate) fn query_one(&mut self, sql: &str, params: &[Val]) -> Result<Row, Failure> {
        self.query_opt(sql, params)?.ok_or_else(|| {
            Failure::Row(WrongType {
                column: 0,
                expected: "a row",
                found: "none".into(),
            })
        })
    }
}

fn pg_row(r: &postgres::Row) -> Result<Row, Failure> {
    let mut vals = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let ty = col.type_();
        let v = if *ty == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?.map_or(Val::Null, Val::Int)
        } else if *ty == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)?
                .map_or(Val::Null, |v| Val::Int(v.into()))
        } else if *ty == Type::INT2 {
            r.try_get::<_, Option<i16>>(i)?
                .map_or(Val::Null, |v| Val::Int(v.into()))
        } else if *ty == Type::BOOL {
            r.try_get::<_, Option<bool>>(i)?
                .map_or(Val::Null, |v| Val::Int(v.into()))
        } else if *ty == Type::FLOAT8 {
            r.try_get::<_, Option<f64>>(i)?.map_or(Val::Null, Val::Real)
        } else if *ty == Type::FLOAT4 {
            r.try_get::<_, Option<f32>>(i)?
                .map_or(Val::Null, |v| Val::Real(v.into()))
        } else if *ty == Type::VOID {
            Val::Null
        } else {
            // TEXT, VARCHAR, NAME …; anything else is a query that forgot a cast.
            match r.try_get::<_, Option<String>>(i) {
                Ok(v) => v.map_or(Val::Null, Val::Text),
                Err(_) => {
                    return Err(Failure::Row(WrongType {
                        column: i,
                        expected: "BIGINT, DOUBLE PRECISION or TEXT",
                        found: ty.name().to_string(),
                    }))
                }
            }
        };
        vals.push(v);
    }
    Ok(Row(vals))
}
