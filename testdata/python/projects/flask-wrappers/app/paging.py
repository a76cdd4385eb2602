import secrets


def page_count(items):
    return len(items) // 10 + 1


def page_size(requested):
    return max(1, min(int(requested), 100))


def cursor_name():
    return "c_" + secrets.token_hex(8)


def raw_size(requested):
    return requested.strip()
