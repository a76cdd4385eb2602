"""Names read back from the database's description of its own schema (the system catalogs,
`SHOW TABLES`, `PRAGMA`) are the schema's: whoever can change them already runs DDL. Rows of
the application's own tables are data."""
import sqlite3

import pymysql

conn = sqlite3.connect("app.db")


def row_counts():
    cur = conn.cursor()
    cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    for (name,) in cur.fetchall():
        # ok: sql-injection
        conn.execute(f"SELECT count(*) FROM [{name}]")
    view = conn.execute("select name from sqlite_master where type = 'view' limit 1").fetchone()
    # ok: sql-injection
    conn.execute(f"DROP VIEW [{view[0]}]")
    cur.execute("PRAGMA table_info(users)")
    columns = [r[1] for r in cur.fetchall()]
    # ok: sql-injection
    conn.execute(f"SELECT {', '.join(columns)} FROM users")


def mysql_tables(db: pymysql.Connection):
    cur = db.cursor()
    cur.execute("SHOW TABLES")
    for (table,) in cur.fetchall():
        # ok: sql-injection
        cur.execute(f"SELECT count(*) FROM `{table}`")
    cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", ("app",))
    first = cur.fetchone()[0]
    # ok: sql-injection
    cur.execute(f"DESCRIBE `{first}`")


def stored_names():
    cur = conn.cursor()
    # A table of the application's holds whatever its users wrote.
    cur.execute("SELECT label FROM tags LIMIT 100")
    for (label,) in cur.fetchall():
        # expect: sql-injection
        conn.execute(f"CREATE TABLE tag_{label} (id INTEGER)")
    # A join with an application table is no catalog read either.
    cur.execute("SELECT t.name FROM sqlite_master m JOIN tables t ON t.name = m.name")
    for (name,) in cur.fetchall():
        # expect: sql-injection
        conn.execute(f"DROP TABLE {name}")


def reused_cursor():
    cur = conn.cursor()
    cur.execute("SELECT name FROM sqlite_master WHERE type = 'table' LIMIT 1")
    # The same cursor, given an application query, holds that query's rows.
    cur.execute("SELECT label FROM tags LIMIT 1")
    (label,) = cur.fetchone()
    # expect: sql-injection
    conn.execute(f"DROP TABLE {label}")


def check_django_constraints(connection, cursor, table_names):
    # Django's introspection reads the catalogs.
    for table_name in connection.introspection.table_names(cursor):
        key = connection.introspection.get_primary_key_column(cursor, table_name)
        # ok: sql-injection
        cursor.execute("SELECT `%s` FROM `%s` WHERE `%s` IS NULL" % (key, table_name, key))
    for table_name in table_names:
        # The caller's names are not the catalogs'.
        # expect: sql-injection@54
        cursor.execute("SELECT count(*) FROM `%s`" % table_name)


def on_connect(conn):
    # MySQLdb reports the connection's character set.
    charset_name = conn.character_set_name()
    cursor = conn.cursor()
    # ok: sql-injection
    cursor.execute("SET NAMES %s" % charset_name)
    # ok: sql-injection
    cursor.execute("SELECT '%s', '%s'" % (conn.get_host_info(), conn.get_proto_info()))
    # ok: sql-injection
    cursor.execute(f"SELECT '{conn.get_server_info()}'")
    # A method of another name is not what the server reports.
    # expect: sql-injection@31
    cursor.execute(f"SELECT '{conn.get_client_note()}'")
