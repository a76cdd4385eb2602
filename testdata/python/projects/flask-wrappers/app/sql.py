ALLOWED_COLUMNS = {"name", "email"}


def select_from(table):
    return f"SELECT id FROM {table}"


def count_rows(table):
    return "SELECT count(*) FROM " + table + " WHERE deleted = 0"


def checked_column(column):
    if column not in ALLOWED_COLUMNS:
        raise ValueError(column)
    return column


def validate_column(column):
    if column not in ALLOWED_COLUMNS:
        raise ValueError(column)
