#!/usr/bin/env python3
"""Jinja templates against plain SQL, per MB: the corpus of gen_corpus.py as it is, as dbt
models (`{{ config(…) }}` on top, every `FROM`/`JOIN` of a corpus table a `{{ ref('…') }}`),
and as dbt models with an `{% if is_incremental() %}…{% else %}…{% endif %}` around the
second half of each file (two variants to check). Prints CPU time (user + system, best of
RUNS) per MB for each.

usage: templates.py SQLHOUND CORPUS_DIR [RUNS]   (CORPUS_DIR from gen_corpus.py)
"""
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


def main():
    sqlhound, corpus = (os.path.abspath(a) for a in sys.argv[1:3])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    files = sorted(f for f in os.listdir(corpus) if f.endswith(".sql"))
    with tempfile.TemporaryDirectory() as out:
        kinds = {"plain": lambda s: s, "dbt models": as_model,
                 "dbt models, one if/else": lambda s: with_branch(as_model(s))}
        for name, transform in kinds.items():
            folder = os.path.join(out, name.replace(" ", "_").replace(",", "").replace("/", ""))
            os.makedirs(folder)
            size = 0
            for f in files:
                with open(os.path.join(corpus, f)) as src:
                    text = transform(src.read())
                with open(os.path.join(folder, f), "w") as dst:
                    dst.write(text)
                size += len(text.encode())
            argv = [sqlhound, "check", folder, "--isolated", "--no-cache", "--exit-zero"]
            cpu = min(measure_cpu(argv)[1] for _ in range(runs))
            print(f"{name:26} {size / 1e6:6.2f} MB  cpu {cpu:6.2f} s  {cpu / (size / 1e6):.3f} s/MB")


if __name__ == "__main__":
    main()
