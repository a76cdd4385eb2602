"""sqlhound finds risky and slow SQL in .sql files and Python code.

This package only carries the `sqlhound` binary, installed into the environment's scripts
directory; `find_sqlhound_bin()` tells where it is, and `python -m sqlhound` runs it.
"""

import os
import sys
import sysconfig

__all__ = ["find_sqlhound_bin"]


def find_sqlhound_bin() -> str:
    """The path of the installed `sqlhound` binary; FileNotFoundError naming every place
    looked at when there is none."""
    exe = "sqlhound" + (sysconfig.get_config_var("EXE") or "")
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [
        # The environment the package is installed in: a virtualenv, pipx, uv, the system.
        os.path.join(sysconfig.get_path("scripts"), exe),
        # `pip install --user`.
        os.path.join(sysconfig.get_path("scripts", scheme=_user_scheme()), exe),
        # `pip install --target DIR`: DIR/sqlhound/ beside DIR/bin/.
        os.path.join(os.path.dirname(here), "bin", exe),
        # `pip install --prefix DIR`: DIR/lib/pythonX.Y/site-packages/sqlhound/ and DIR/bin/.
        os.path.join(here, os.pardir, os.pardir, os.pardir, os.pardir, "bin", exe),
    ]
    for path in candidates:
        if os.path.isfile(path):
            return os.path.normpath(path)
    raise FileNotFoundError(
        "the sqlhound binary is not installed next to this package; looked at: "
        + ", ".join(os.path.normpath(p) for p in candidates)
    )


def _user_scheme() -> str:
    """The install scheme of `pip install --user` on this platform."""
    if sys.version_info >= (3, 10):
        return sysconfig.get_preferred_scheme("user")
    if os.name == "nt":
        return "nt_user"
    if sys.platform == "darwin" and getattr(sys, "_framework", None):
        return "osx_framework_user"
    return "posix_user"
