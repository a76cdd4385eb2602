def query(template):
    """Formats a search hint for the UI; nothing here touches a database."""
    return template.strip()
