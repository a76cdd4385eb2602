from flask import Blueprint

# Its templates are in `pages/`, which Flask searches after the app's `templates/`.
admin = Blueprint("admin", __name__, template_folder="pages")
