#!/usr/bin/env python3
"""Jinja templates against plain SQL, per MB: the corpus of gen_corpus.py as it is, as dbt
models (`{{ config(…) }}` on top, every `FROM`/`JOIN` of a corpus table a `{{ ref('…') }}`),
and as dbt models with an `{% if is_incremental() %}…{% else %}…{% endif %}` around the
second half of each file (two variants to check). With PYTHON_DIR, also its `.py` files as
they are against the same code as Jupyter notebooks (one code cell per top-level `def` or
`class`, nbformat 4 as Jupyter writes it), per MB of code. Prints CPU time (user + system,
best of RUNS; the kinds take turns in each round, so load on a shared machine falls on all
alike) per MB for each.

usage: templates.py SQLHOUND CORPUS_DIR [RUNS] [PYTHON_DIR]   (CORPUS_DIR from gen_corpus.py)
"""
import json
import os
import re
import sys
import tempfile

from gen_corpus import TABLES
from run import measure_cpu

REF = re.compile(r"\b(FROM|JOIN) (" + "|".join(TABLES) + r")\b")


def as_model(sql):
    return "{{ config(materialized='table') }}\n" + REF.sub(
        lambda m: f"{m.group(1)} {{{{ ref('{m.group(2)}') }}}}", sql)


def with_branch(model):
    middle = model.find(";\n", len(model) // 2)
    if middle < 0:
        return model
    return (model[:middle + 2] + "{% if is_incremental() %}\n" + model[middle + 2:]
            + "\n{% else %}\nSELECT 1;\n{% endif %}\n")


def as_notebook(code):
    """The module as a notebook: a cell from each top-level `def`, `class` or decorator that
    follows a blank line."""
    cells, current = [], []
    lines = code.splitlines(keepends=True)
    for i, line in enumerate(lines):
        starts = line.startswith(("def ", "class ", "@", "async def "))
        if starts and current and i > 0 and not lines[i - 1].strip():
            cells.append(current)
            current = []
        current.append(line)
    if current:
        cells.append(current)
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{n}",
                   "metadata": {}, "outputs": [], "source": cell}
                  for n, cell in enumerate(cells)],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1) + "\n"


def write_kind(out, name, sources, transform, suffix=None):
    """Writes each (relative path, text) of `sources` transformed under `out/name`; returns
    the folder and the MB of text before the transform (the code checked)."""
    folder = os.path.join(out, name.replace(" ", "_").replace(",", "").replace("/", ""))
    size = 0
    for relative, text in sources:
        path = os.path.join(folder, relative)
        if suffix:
            path = os.path.splitext(path)[0] + suffix
        os.makedirs(os.path.dirname(path), exist_ok=True)
        transformed = transform(text)
        with open(path, "w") as dst:
            dst.write(transformed)
        size += len((transformed if suffix is None else text).encode())
    return folder, size / 1e6


def read_sources(root, extension):
    found = []
    for directory, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith(extension):
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8", errors="replace") as src:
                    found.append((os.path.relpath(path, root), src.read()))
    return sorted(found)


def main():
    sqlhound, corpus = (os.path.abspath(a) for a in sys.argv[1:3])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    python = sys.argv[4] if len(sys.argv) > 4 else None
    sql = read_sources(corpus, ".sql")
    with tempfile.TemporaryDirectory() as out:
        kinds = [(name, *write_kind(out, name, sql, transform)) for name, transform in [
            ("plain", lambda s: s), ("dbt models", as_model),
            ("dbt models, one if/else", lambda s: with_branch(as_model(s)))]]
        if python:
            code = read_sources(python, ".py")
            kinds.append(("python files", *write_kind(out, "py", code, lambda s: s)))
            kinds.append(("as notebooks", *write_kind(out, "nb", code, as_notebook, ".ipynb")))
        best = {name: float("inf") for name, _, _ in kinds}
        for _ in range(runs):
            for name, folder, _ in kinds:
                argv = [sqlhound, "check", folder, "--isolated", "--no-cache", "--exit-zero"]
                best[name] = min(best[name], measure_cpu(argv)[1])
        for name, _, size in kinds:
            cpu = best[name]
            print(f"{name:26} {size:6.2f} MB  cpu {cpu:6.2f} s  {cpu / size:.3f} s/MB")


if __name__ == "__main__":
    main()
