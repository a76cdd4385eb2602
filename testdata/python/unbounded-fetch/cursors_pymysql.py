import pymysql


def buffered(host):
    conn = pymysql.connect(host=host)
    cur = conn.cursor()
    cur.execute("SELECT id, payload FROM events")
    # expect: unbounded-fetch@16
    for row in cur:
        print(row)
