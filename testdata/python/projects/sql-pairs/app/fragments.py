"""SQL fragments returned with their parameters, as `(sql, params)` pairs."""


def quote(name):
    return '"%s"' % name.replace('"', '""')


def where_equal(column, value):
    return "%s = ?" % quote(column), [value]


def where_raw(column, value):
    return "%s = '%s'" % (quote(column), value), []
