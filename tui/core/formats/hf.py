"""Hugging Face token classification JSONL (the shape of ``conll2003``).

One line per sentence: ``{"id": "12-0", "tokens": ["Apple", ...], "ner_tags": [3, 0, ...]}``
(``id`` is article id and sentence number). Tags are IOB2 by default (``--scheme``), numbered
in ``labels.json``, written beside the data: ``["O", "B-PER", "I-PER", "B-ORG", ...]`` in label
order, every label of the database (or of ``--label``), so ids stay the same from one export
to the next. When OUT is a folder (no extension, or ``--split``), a ``README.md`` dataset card
declares the features, so ``datasets.load_dataset(OUT)`` gives ``ner_tags`` as
``ClassLabel`` names; with a single file::

    names = json.load(open("labels.json"))
    features = Features({"id": Value("string"), "tokens": Sequence(Value("string")),
                         "ner_tags": Sequence(ClassLabel(names=names))})
    load_dataset("json", data_files="train.jsonl", features=features)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import ExportOptions, Format, tag_names
from .conll import sentences

HF_SPLIT = {"train": "train", "dev": "validation", "test": "test"}


@contextmanager
def open_sink(
    out: str | Path, options: ExportOptions
) -> Iterator[Callable[[dict[str, Any]], None]]:
    from .base import atomic_writer

    names = tag_names(options.labels, options.scheme)
    ids = {n: i for i, n in enumerate(names)}
    with atomic_writer(out) as fh:

        def write(rec: dict[str, Any]) -> None:
            for k, sent in enumerate(sentences(rec, options.scheme)):
                fh.write(
                    json.dumps(
                        {
                            "id": f"{rec['meta']['id']}-{k}",
                            "tokens": [t for t, _ in sent],
                            "ner_tags": [ids.get(tag, 0) for _, tag in sent],
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )

        yield write


def finish(out: str | Path, options: ExportOptions, targets: dict[str, Path]) -> list[str]:
    """``labels.json`` beside the data, and a dataset card when OUT is a folder."""
    from .base import atomic_writer

    if str(out) == "-":
        options.notes.append(
            "hf to standard output: labels.json not written; ids follow "
            + json.dumps(tag_names(options.labels, options.scheme), ensure_ascii=False)
        )
        return []
    names = tag_names(options.labels, options.scheme)
    folder = next(iter(targets.values())).parent
    written = []
    labels = folder / "labels.json"
    with atomic_writer(labels) as fh:
        fh.write(json.dumps(names, ensure_ascii=False, indent=1) + "\n")
    written.append(str(labels))
    if Path(out).is_dir():
        card = folder / "README.md"
        with atomic_writer(card) as fh:
            fh.write(dataset_card(names, {HF_SPLIT.get(k, k): p.name for k, p in targets.items()}))
        written.append(str(card))
    return written


def dataset_card(names: list[str], files: dict[str, str]) -> str:
    """A README.md whose YAML header declares the splits and the ClassLabel features."""
    q = json.dumps  # JSON strings are YAML strings
    lines = ["---", "configs:", "- config_name: default", "  data_files:"]
    for split, name in files.items():
        lines += [f"  - split: {q(split)}", f"    path: {q(name)}"]
    lines += [
        "dataset_info:",
        "  features:",
        "  - name: id",
        "    dtype: string",
        "  - name: tokens",
        "    sequence: string",
        "  - name: ner_tags",
        "    sequence:",
        "      class_label:",
        "        names:",
    ]
    lines += [f"          '{i}': {q(n)}" for i, n in enumerate(names)]
    lines += [
        "---",
        "",
        "# newsmark NER export",
        "",
        "Token classification data exported by newsmark: `tokens` and `ner_tags` "
        "(ids into `labels.json`), one sentence per row; `id` is `<article>-<sentence>`.",
        "",
    ]
    return "\n".join(lines)


FORMAT = Format(
    "hf",
    ".jsonl",
    open_sink,
    keeps_text=False,
    overlaps=False,
    finish=finish,
    folder_part="train",
    description="Hugging Face token classification JSONL + labels.json",
)
