import sqlite3

conn = sqlite3.connect("app.db")


def spans(cur):
    cur.execute(
        "SELECT id "
        "FROM users "
        # expect: null-comparison@16
        "WHERE manager_id = NULL"
    )
    # expect: null-comparison@63
    cur.execute(r"SELECT id FROM users WHERE name ~ '\d+' AND x = NULL")
    # expect: null-comparison@53
    cur.execute("SELECT 'é\u00e9' AS a FROM t WHERE y = NULL")
    cur.execute("""
        SELECT id
        FROM users
        -- expect: delete-without-where@33
        WHERE id IN (SELECT 1); DELETE FROM sessions
    """)
