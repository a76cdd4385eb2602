import sqlite3

conn = sqlite3.connect("app.db")


def spans(cur):
    cur.execute(
        "SELECT id "
        "FROM users "
        # expect: null-comparison
        "WHERE manager_id = NULL"
    )
    # expect: null-comparison
    cur.execute(r"SELECT id FROM users WHERE name ~ '\d+' AND x = NULL")
    # expect: null-comparison
    cur.execute("SELECT 'é\u00e9' AS a FROM t WHERE y = NULL")
    cur.execute("""
        SELECT id
        FROM users
        -- expect: delete-without-where
        WHERE id IN (SELECT 1); DELETE FROM sessions
    """)
