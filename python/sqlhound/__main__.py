"""`python -m sqlhound ARGS`: runs the installed binary with ARGS, its exit code ours."""

import os
import sys

from sqlhound import find_sqlhound_bin

if __name__ == "__main__":
    try:
        sqlhound = find_sqlhound_bin()
    except FileNotFoundError as error:
        print(f"sqlhound: error: {error}", file=sys.stderr)
        sys.exit(2)
    if sys.platform == "win32":
        # Windows has no exec that keeps the console and the exit code: wait for the child.
        import subprocess

        sys.exit(subprocess.run([sqlhound, *sys.argv[1:]]).returncode)
    os.execv(sqlhound, [sqlhound, *sys.argv[1:]])
