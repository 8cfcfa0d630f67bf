"""Model suggestions (optional: ``pip install 'newsmark[spacy]'`` and a pipeline package).

:func:`suggest_articles` runs a spaCy pipeline over articles (the one for each article's
language, ``fr_core_news_sm`` for French, unless a model is named) and stores its entities as
pending suggestions (table ``suggestions``, origin ``model``, with the model's name). They are
reviewed like dictionary suggestions (:mod:`tui.core.assist.suggest`) and become spans only when accepted;
they never reach an export, and a span the user made is never touched.

Model labels map to the database's through a table the user can edit (``newsmark suggest --map
PERSON=PER``; stored as JSON in the settings table under ``model_label_map``); a label mapped to
nothing (``--map DATE=``) is dropped. spaCy is imported, and a model loaded, only when asked for.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..store import Store, StoreError

#: The pipeline used for an article's language when none is named.
DEFAULT_MODELS = {
    "fr": "fr_core_news_sm",
    "en": "en_core_web_sm",
    "de": "de_core_news_sm",
    "es": "es_core_news_sm",
    "it": "it_core_news_sm",
    "pt": "pt_core_news_sm",
    "nl": "nl_core_news_sm",
    "ca": "ca_core_news_sm",
    "da": "da_core_news_sm",
    "pl": "pl_core_news_sm",
    "ro": "ro_core_news_sm",
    "sv": "sv_core_news_sm",
    "ja": "ja_core_news_sm",
    "zh": "zh_core_web_sm",
}
#: Model label → database label (None: dropped). WikiNER models (fr, de, es, …) use PER, ORG,
#: LOC, MISC; OntoNotes ones (en, zh, ja) use PERSON, GPE, NORP, ….
DEFAULT_LABEL_MAP: dict[str, str | None] = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "MISC": "MISC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "DATE": None,
    "TIME": None,
    "PERCENT": None,
    "MONEY": None,
    "QUANTITY": None,
    "ORDINAL": None,
    "CARDINAL": None,
}
MAP_SETTING = "model_label_map"
#: Components an NER-only run does not need (skipped at load time when the pipeline has them).
_NOT_FOR_NER = (
    "parser",
    "lemmatizer",
    "morphologizer",
    "attribute_ruler",
    "senter",
    "tagger",
    "textcat",
    "textcat_multilabel",
    "entity_linker",
)


class ModelError(StoreError):
    """spaCy or a pipeline is missing or fails; the message says what to install."""


@dataclass
class SuggestReport:
    articles: int = 0
    suggestions: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (article id, reason)
    models: dict[str, int] = field(default_factory=dict)  # model → articles
    unmapped: dict[str, int] = field(default_factory=dict)  # model label dropped → count
    cancelled: bool = False

    def summary(self) -> str:
        used = ", ".join(f"{m} ({n})" for m, n in sorted(self.models.items())) or "no model"
        s = f"{self.suggestions} suggestion(s) in {self.articles} article(s) from {used}"
        if self.skipped:
            s += f"; {len(self.skipped)} article(s) skipped"
        if self.cancelled:
            s += "; cancelled"
        return s


def spacy_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("spacy") is not None


def label_map(store: Store) -> dict[str, str | None]:
    """The defaults overlaid with the user's edits."""
    out = dict(DEFAULT_LABEL_MAP)
    raw = store.setting(MAP_SETTING)
    if raw:
        try:
            user = json.loads(raw)
        except json.JSONDecodeError:
            user = {}
        if isinstance(user, dict):
            out.update({str(k): (str(v) if v else None) for k, v in user.items()})
    return out


def set_label_map(store: Store, updates: dict[str, str | None]) -> dict[str, str | None]:
    """Record ``model label → database label`` edits (None or "" drops the model label).
    Targets must be labels the database has."""
    known = store.label_names()
    for k, v in updates.items():
        if not k:
            raise ModelError("--map: give MODEL_LABEL=LABEL")
        if v and v not in known:
            raise ModelError(
                f"--map {k}={v}: unknown label {v!r}; add it with `newsmark labels add {v}`"
            )
    raw = store.setting(MAP_SETTING)
    user = json.loads(raw) if raw else {}
    user.update({k: (v or None) for k, v in updates.items()})
    store.set_setting(MAP_SETTING, json.dumps(user, ensure_ascii=False, sort_keys=True))
    return label_map(store)


def parse_map(values: Iterable[str]) -> dict[str, str | None]:
    """``["PERSON=PER", "DATE="]`` → ``{"PERSON": "PER", "DATE": None}``."""
    out: dict[str, str | None] = {}
    for v in values:
        for item in v.split(","):
            if not item.strip():
                continue
            if "=" not in item:
                raise ModelError(
                    f"--map {item!r}: use MODEL_LABEL=LABEL (or MODEL_LABEL= to drop it)"
                )
            k, _, t = item.partition("=")
            out[k.strip()] = t.strip() or None
    return out


def model_for(lang: str | None, model: str | None = None) -> str | None:
    return model or DEFAULT_MODELS.get((lang or "").split("-")[0].lower())


@lru_cache(maxsize=4)
def load_model(name: str) -> Any:
    """Load a spaCy pipeline (a package name or a path) for NER only; cached."""
    try:
        import spacy
    except ImportError:
        raise ModelError("model suggestions need spaCy: pip install 'newsmark[spacy]'") from None
    try:
        nlp = spacy.load(name, exclude=list(_NOT_FOR_NER))
    except OSError:
        pkg = name.replace("_", "-")
        raise ModelError(f"spaCy model {name!r} is not installed: pip install {pkg}") from None
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy model {name!r} has no entity recogniser (ner)")
    return nlp


def entities(
    nlp: Any, texts: Sequence[str], batch_size: int = 8
) -> Iterable[list[tuple[int, int, str]]]:
    """``[(start, end, model label)]`` per text (code-point offsets, as spaCy's)."""
    longest = max((len(t) for t in texts), default=0)
    if longest >= nlp.max_length:
        nlp.max_length = longest + 1
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def suggest_articles(
    store: Store | str | Path,
    ids: Sequence[int],
    model: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    *,
    batch: int = 16,
) -> SuggestReport:
    """Pre-annotate ``ids`` with a spaCy pipeline: each article's pending model suggestions are
    replaced by the new ones. ``progress(done, total)`` is called after each article;
    ``cancel()`` returning True stops between batches (what is done stays). Pass a store opened
    in the calling thread (or a database path) when running in a worker."""
    own = not isinstance(store, Store)
    st = store if isinstance(store, Store) else Store(store)
    try:
        return _suggest(st, list(ids), model, progress, cancel, batch)
    finally:
        if own:
            st.close()


def _suggest(
    store: Store,
    ids: list[int],
    model: str | None,
    progress: Callable[[int, int], None] | None,
    cancel: Callable[[], bool] | None,
    batch: int,
) -> SuggestReport:
    report = SuggestReport()
    total = len(ids)
    mapping = label_map(store)
    labels = store.label_names()
    by_model: dict[str, list[int]] = {}
    done = 0
    for i in range(0, total, 500):
        chunk = ids[i : i + 500]
        rows = store.execute(
            f"SELECT id, lang FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall()
        langs = dict(rows)
        for aid in chunk:
            if aid not in langs:
                report.skipped.append((aid, "no such article"))
                done += 1
                continue
            name = model_for(langs[aid], model)
            if name is None:
                report.skipped.append(
                    (aid, f"no model for language {langs[aid] or 'und'}; use --model")
                )
                done += 1
                continue
            by_model.setdefault(name, []).append(aid)
    if progress and done:
        progress(done, total)
    for name, aids in by_model.items():
        nlp = load_model(name)
        for j in range(0, len(aids), batch):
            if cancel is not None and cancel():
                report.cancelled = True
                return report
            arts = list(store.iter_articles(aids[j : j + batch]))
            for art, ents in zip(arts, entities(nlp, [a.text for a in arts]), strict=True):
                items = []
                for s, e, lb in ents:
                    target = mapping.get(lb, lb if lb in labels else None)
                    if target is None or target not in labels:
                        report.unmapped[lb] = report.unmapped.get(lb, 0) + 1
                        continue
                    items.append((s, e, target))
                report.suggestions += store.replace_suggestions(
                    art.id, items, origin="model", model=name
                )
                report.articles += 1
                report.models[name] = report.models.get(name, 0) + 1
                done += 1
                if progress:
                    progress(done, total)
    return report
