"""Per-session state: the loaded datasets and the messages about the last uploads.

Everything lives in ``st.session_state``: nothing a user loads is visible to another session. Uploads are parsed,
then dropped (the uploader is reset by changing its key), so a session holds one frame per content hash and never
the raw bytes as well.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import streamlit as st

from mlscout.io import Dataset, LoadError, LoadLimits, load_table, unique_name
from mlscout.text import escape_markdown

_DATASETS = "mlscout_datasets"
_MESSAGES = "mlscout_messages"
_UPLOADER = "mlscout_uploader_generation"
_MB = 1024 * 1024


def session_limit_bytes() -> int:
    """Total upload size one browser session may hold (MLSCOUT_SESSION_MAX_MB, default 2048 MB)."""
    return int(float(os.environ.get("MLSCOUT_SESSION_MAX_MB", "2048")) * _MB)


def session_limit_cells() -> int:
    """Total cells (rows x columns) the datasets of one browser session may hold: MLSCOUT_SESSION_MAX_CELLS, by
    default as many as one dataset may hold on this machine (`mlscout.io.default_max_cells`)."""
    from mlscout.io import default_max_cells

    configured = os.environ.get("MLSCOUT_SESSION_MAX_CELLS")
    return int(float(configured)) if configured else default_max_cells()


def held_cells() -> int:
    return sum(int(d.frame.shape[0]) * max(int(d.frame.shape[1]), 1) for d in datasets().values())


@dataclass(frozen=True)
class Message:
    level: str  # "success" | "error" | "warning" | "info"
    text: str


def datasets() -> dict[str, Dataset]:
    """The datasets loaded in this session, by name, in load order."""
    return st.session_state.setdefault(_DATASETS, {})


def messages() -> list[Message]:
    return st.session_state.setdefault(_MESSAGES, [])


def uploader_key() -> str:
    return f"uploader_{st.session_state.setdefault(_UPLOADER, 0)}"


def reset_uploader() -> None:
    """Give the uploader a new key: Streamlit forgets the old widget and the bytes it held."""
    st.session_state[_UPLOADER] = st.session_state.setdefault(_UPLOADER, 0) + 1


def held_bytes() -> int:
    return sum(d.info.bytes for d in datasets().values())


def add_files(files: Iterable[Any]) -> list[Message]:
    """Load uploaded files (or paths) into the session; one message per file. A failure never removes others."""
    new_messages: list[Message] = []
    loaded = datasets()
    limit = session_limit_bytes()
    for file in files:
        file_name = Path(str(getattr(file, "name", file))).name
        size = getattr(file, "size", None)
        if size is None and isinstance(file, (str, Path)):
            size = Path(file).stat().st_size
        if size is not None and held_bytes() + size > limit:
            new_messages.append(Message("error", f"{file_name}: not loaded — this session already holds "
                                                 f"{held_bytes() / _MB:.0f} MB and the limit is {limit / _MB:.0f} MB. "
                                                 "Remove a dataset first."))
            continue
        # what the file becomes counts too: the cells left in the session's budget bound the table before it is
        # built, in every format (a small compressed file can hold a huge table)
        limits = LoadLimits()
        held, cell_limit = held_cells(), session_limit_cells()
        left = max(cell_limit - held, 0)
        if left < limits.max_cells:
            limits = replace(limits, max_cells=left)
        try:
            found = load_table(file, limits=limits)
        except LoadError as exc:
            problem = exc.problem
            if left < LoadLimits().max_cells and "-cell limit" in problem:
                problem = (f"not loaded — with the {held:,} cells this session already holds, it would pass the "
                           f"session's budget of {cell_limit:,} cells. Remove a dataset first, or load a sample.")
            new_messages.append(Message("error", f"{exc.file_name}: {problem}"))
            continue
        except Exception as exc:  # noqa: BLE001 - a bug must not lose the other datasets
            new_messages.append(Message("error", f"{file_name}: could not be loaded ({type(exc).__name__}). "
                                                 "Please report this file type to the ML Scout team."))
            continue
        for dataset in found:
            same = [n for n, d in loaded.items() if d.info.content_hash == dataset.info.content_hash
                    and d.info.sheet == dataset.info.sheet and d.info.file_name == dataset.info.file_name]
            if same:
                new_messages.append(Message("info", f"{file_name}: already loaded as {same[0]}."))
                continue
            name = unique_name(dataset.name, loaded)
            loaded[name] = dataset if name == dataset.name else dataset.renamed(name)
            rows, cols = dataset.frame.shape
            new_messages.append(Message("success", f"{file_name}: loaded as {name} ({rows:,} rows x {cols} columns)."))
    st.session_state[_MESSAGES] = new_messages
    return new_messages


def connect_roots() -> list[str] | None:
    """The server folders the Connect panel may open: anything for the single local user, only
    ``MLSCOUT_DATA_ROOTS`` for a shared app (`mlscout.workspace.data_roots`)."""
    from mlscout.workspace import data_roots

    shared = sign_in_configured() or os.environ.get("MLSCOUT_SHARED") == "1"
    return data_roots(os.environ, shared=shared)


def connect(spec: str, *, table: str | None = None, query: str | None = None, password: str | None = None
            ) -> list[Message]:
    """Read a table where it lives (a Parquet or CSV file, glob or folder on the server, a database URL) into
    the session: the engine's statistics of every row and a bounded sample (`mlscout.engines.load_source`).

    The password, when typed, opens this one connection and is kept nowhere: not in the session, the dataset,
    the Assessment or a message.
    """
    from mlscout.engines import EngineError, check_source_allowed, open_source
    from mlscout.pipeline import load_engine_table

    spec, table, query = spec.strip(), (table or "").strip() or None, (query or "").strip() or None
    loaded = datasets()
    try:
        if not spec:
            raise EngineError("give a path on the server or a database URL.")
        check_source_allowed(spec, connect_roots())
        with open_source(spec, table=table, query=query, password=password or None) as source:
            shown = source.description
            if any(d.info.file_name == shown for d in loaded.values()):
                new = [Message("info", f"{shown}: already loaded.")]
                st.session_state[_MESSAGES] = new
                return new
            dataset = load_engine_table(source, settings())
    except EngineError as exc:
        text = str(exc).replace(password, "***") if password else str(exc)
        new = [Message("error", f"Not connected: {text}")]
    except Exception as exc:  # noqa: BLE001 - a driver's bug must not lose the datasets already loaded
        new = [Message("error", f"Not connected: {spec.split('://')[0]} source could not be read "
                                f"({type(exc).__name__}).")]
    else:
        name = unique_name(dataset.name, loaded)
        loaded[name] = dataset if name == dataset.name else dataset.renamed(name)
        sampled = (f"; the checks that read rows use a sample of {dataset.info.sample_rows:,}"
                   if dataset.info.sample_rows else "")
        new = [Message("success", f"{dataset.info.file_name}: loaded as {name} ({dataset.info.rows:,} rows x "
                                  f"{dataset.info.columns} columns, read by {dataset.info.engine}{sampled}).")]
    st.session_state[_MESSAGES] = new
    return new


def remove_dataset(name: str) -> None:
    """Forget a dataset (and everything derived from it) so its memory can be freed."""
    datasets().pop(name, None)
    forget_analyses(name)
    baselines = st.session_state.setdefault("mlscout_baselines", {})
    for key in [k for k in baselines if k[0] == name]:
        del baselines[key]
    from mlscout.ui import jobs

    jobs.forget(f"deep::{name}::")
    jobs.forget(f"baseline::{name}::")
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(f"derived::{name}::")]:
        del st.session_state[key]
    reset_uploader()
    st.session_state[_MESSAGES] = [Message("info", f"Removed {name}.")]


def apply_fixes(name: str, fixes: list[Any]) -> None:
    """Replace a loaded dataset by its copy with the fixes applied; the Assessment's source lists them.

    Pseudonyms use a secret salt drawn once per session and kept out of every output, so the same value gets the
    same pseudonym within the session and cannot be looked up from the report.
    """
    import secrets

    from mlscout.fixes import fixed_dataset

    salt = st.session_state.setdefault("mlscout_pseudonym_salt", secrets.token_hex(16))
    dataset = datasets()[name] = fixed_dataset(datasets()[name], fixes, salt=salt)
    forget_analyses(name)
    declared = declared_target(name)
    if declared is not None and declared not in dataset.frame.columns:
        set_declared_target(name, None)
    st.session_state[_MESSAGES] = [Message("success", f"Applied {len(fixes)} fix(es) to {name}.")]


def show_messages() -> None:
    for message in messages():
        getattr(st, message.level)(escape_markdown(message.text))


def preview(name: str, rows: int = 100) -> Any:
    """The first rows of a dataset, the values of every column not known to be safe masked."""
    from mlscout.profiling.privacy import mask_frame, masked_columns

    return mask_frame(datasets()[name].frame.head(rows), masked_columns(analysis(name).columns))


# ----------------------------------------------------------------------------------------------------------------
# settings and analysis results (per session)
# ----------------------------------------------------------------------------------------------------------------
_SETTINGS = "mlscout_settings"
_ANALYSES = "mlscout_analyses"


def settings() -> Any:
    from mlscout.settings import Settings

    return st.session_state.setdefault(_SETTINGS, Settings())


def set_settings(new: Any) -> None:
    st.session_state[_SETTINGS] = new


def _analysis_key(dataset: Dataset, current: Any) -> str:
    # Statuses (accept/resolve) do not need a new profile: they are applied by rescore().
    relevant = current.model_dump(mode="json", include={"thresholds", "type_overrides", "targets"})
    import json

    return f"{dataset.info.content_hash}|{dataset.name}|{json.dumps(relevant, sort_keys=True)}"


def analysis(name: str) -> Any:
    """The DatasetSummary (profile, findings, readiness) of a loaded dataset, computed once per content+settings,
    with the isolated-dataset finding when other datasets are loaded and none links to it."""
    from mlscout.pipeline import rescore, with_links

    summary = _base_analysis(name)
    others = len(datasets()) - 1
    return rescore(with_links(summary, relationships(), others), settings())


def relationships() -> list[Any]:
    """Candidate keys between the loaded datasets (recomputed only when the set of datasets changes)."""
    from mlscout.profiling.joins import discover_relationships

    loaded = datasets()
    if len(loaded) < 2:
        return []
    key = tuple(sorted((n, d.info.content_hash) for n, d in loaded.items()))
    cached = st.session_state.get("mlscout_relationships")
    if cached is None or cached[0] != key:
        summaries = {n: _base_analysis(n) for n in loaded}
        with st.spinner("Looking for keys between the datasets..."):
            found = discover_relationships({n: d.frame for n, d in loaded.items()}, summaries)
        st.session_state["mlscout_relationships"] = (key, found)
        cached = st.session_state["mlscout_relationships"]
    return cached[1]


def _base_analysis(name: str) -> Any:
    from mlscout.pipeline import analyse_dataset

    dataset = datasets()[name]
    current = settings()
    cache: dict[str, Any] = st.session_state.setdefault(_ANALYSES, {})
    key = _analysis_key(dataset, current)
    if key not in cache:
        for stale in [k for k in cache if k.split("|")[1] == name]:
            del cache[stale]
        rows, cols = dataset.frame.shape
        with st.spinner(f"Profiling {name} ({rows:,} rows x {cols} columns)..."):
            cache[key] = analyse_dataset(dataset, current)
    return cache[key]


def associations(name: str) -> list[Any]:
    """The pairwise associations of a dataset's columns, computed once per content (a few seconds on wide tables)."""
    from mlscout.profiling.associations import associations as compute

    dataset = datasets()[name]
    cache: dict[str, Any] = st.session_state.setdefault("mlscout_associations", {})
    key = dataset.info.content_hash + "|" + name
    if key not in cache:
        cache[key] = compute(dataset.frame, analysis(name).columns)
    return cache[key]


def forget_analyses(name: str) -> None:
    cache: dict[str, Any] = st.session_state.setdefault(_ANALYSES, {})
    for key in [k for k in cache if k.split("|")[1] == name]:
        del cache[key]


def catalogue() -> Any:
    """The pain-point catalogue of this session (the built-in one until the user uploads their own)."""
    from mlscout.catalogue.model import default_catalogue

    return st.session_state.get("mlscout_catalogue") or default_catalogue()


def set_catalogue(new: Any, source: str) -> None:
    st.session_state["mlscout_catalogue"] = new
    st.session_state["mlscout_catalogue_source"] = source


def catalogue_source() -> str:
    return st.session_state.get("mlscout_catalogue_source", "built-in")


def all_analyses() -> list[Any]:
    return [analysis(name) for name in datasets()]


def baseline_results() -> list[Any]:
    """Baseline results of this session (filled by the Baselines page)."""
    return list(st.session_state.setdefault("mlscout_baselines", {}).values())


def choose_baseline(opportunity: Any) -> None:
    """Remember the opportunity to test, for the Baselines page to pre-fill."""
    st.session_state["mlscout_baseline_choice"] = {"dataset": opportunity.dataset, "target": opportunity.target,
                                                   "time_column": opportunity.time_column,
                                                   "task": opportunity.task}


def store_baseline(result: Any) -> None:
    st.session_state.setdefault("mlscout_baselines", {})[(result.dataset, result.target)] = result


def stored_baseline(dataset: str, target: str) -> Any:
    return st.session_state.setdefault("mlscout_baselines", {}).get((dataset, target))


# ----------------------------------------------------------------------------------------------------------------
# maturity, project and the whole assessment
# ----------------------------------------------------------------------------------------------------------------
def maturity_answers() -> Any:
    from mlscout.maturity.model import MaturityAnswers

    return st.session_state.setdefault("mlscout_maturity", MaturityAnswers())


def set_maturity_answers(answers: Any) -> None:
    st.session_state["mlscout_maturity"] = answers


def project() -> str:
    return st.session_state.setdefault("mlscout_project_name", "")


def project_input(key: str) -> str:
    """The project name field; its value is shared by every page (widget state alone would not survive a page
    switch)."""
    shared = project()
    if key not in st.session_state:
        st.session_state[key] = shared
    value = st.text_input("Project", key=key, help="Saved assessments are kept per project, on this server; each "
                          "person (with sign-in) or this computer's user (without) sees only their own.")
    st.session_state["mlscout_project_name"] = value
    return value


def rendered(kind: str, assessment: Any, deep_profiles: dict[str, str] | None = None) -> Any:
    """HTML, Markdown, JSON or PDF of an assessment, rendered once per assessment content."""
    import hashlib

    digest = hashlib.sha256(assessment.model_dump_json().encode()).hexdigest()
    key = (kind, digest, tuple(sorted(deep_profiles or {})))
    cache = st.session_state.setdefault("mlscout_rendered", {})
    if key not in cache:
        from mlscout.report.render import render_html, render_json, render_markdown

        if len(cache) > 8:
            cache.clear()  # bounded: only the latest renderings matter
        if kind == "html":
            cache[key] = render_html(assessment, deep_profiles)
        elif kind == "md":
            cache[key] = render_markdown(assessment)
        elif kind == "json":
            cache[key] = render_json(assessment)
        else:
            from mlscout.report.pdf import render_pdf

            cache[key] = render_pdf(assessment)
    return cache[key]


def current_assessment() -> Any:
    """The Assessment of this session, from the cached stages: the same document the CLI writes."""
    from mlscout.pipeline import assemble

    answers = maturity_answers()
    assessment = assemble(all_analyses(), settings(), relationships=relationships(), catalogue=catalogue(),
                          catalogue_name=catalogue_source(), baselines=baseline_results(),
                          maturity_answers=answers if answers.answers else None)
    st.session_state["mlscout_last_assessment"] = assessment  # what the Report page shows (tests compare it)
    return assessment


# ----------------------------------------------------------------------------------------------------------------
# the declared target of each dataset: one setting, read by the checks, the ranking and the baselines
# ----------------------------------------------------------------------------------------------------------------
GUESS = "(not set: ML Scout guesses)"


def declared_target(name: str) -> str | None:
    """The column the user declared as the target of dataset `name`, if any."""
    declared = settings().declared_targets(name)
    return declared[0] if declared else None


def set_declared_target(name: str, column: str | None) -> None:
    """Declare (or, with None, clear) the target of dataset `name`; everything downstream is recomputed."""
    current = settings()
    kept = tuple(spec for spec in current.targets if spec.rpartition(":")[0] != name)
    targets = kept + ((f"{name}:{column}",) if column else ())
    if targets != current.targets:
        set_settings(current.model_copy(update={"targets": targets}))


def target_selector(name: str, place: str = "sidebar") -> None:
    """A target setting for one dataset, pre-filled with the likely targets first: in the sidebar on every page,
    and on the Data page beside the dataset. Both show the one value in the settings: a change goes there in a
    callback, before the page runs, and every widget is set from it."""
    dataset = datasets()[name]
    columns = [str(c) for c in dataset.frame.columns]
    guesses = [t.column for t in analysis(name).likely_targets][:3]
    options = [GUESS, *guesses, *[c for c in columns if c not in guesses]]
    declared = declared_target(name)
    key = f"target::{name}" if place == "sidebar" else f"target::{place}::{name}"
    st.session_state[key] = declared if declared in options else GUESS
    label_guess = f"{GUESS[:-1]}: {guesses[0]})" if guesses else GUESS
    st.selectbox("Target", options, key=key, on_change=_target_changed, args=(name, key),
                 format_func=lambda o: label_guess if o == GUESS else (f"{o} (likely)" if o in guesses else o),
                 help="The column to predict. It decides the target-only checks (imbalance), the ranking's "
                      "'Predict' entry and the baselines; the CLI takes it as --target.")


def _target_changed(name: str, key: str) -> None:
    chosen = st.session_state[key]
    set_declared_target(name, None if chosen == GUESS else chosen)


def require_datasets() -> dict[str, Dataset]:
    """The loaded datasets; without any, a pointer to the Data page and the page stops there."""
    loaded = datasets()
    if not loaded:
        st.info("Load a dataset on the Data page first.")
        st.page_link("pages/1_Data.py", label="Go to Data", icon=":material/upload_file:")
        st.stop()
    return loaded


def ranking_stability(summaries: list[Any], catalogue: Any, current: Any, ranked: list[Any]) -> Any:
    """The ranking's stability under the weights, computed once per ranking (ten re-rankings are too much for
    every rerun of the page: a wide table takes seconds to rank)."""
    import json

    from mlscout.opportunities import ranking_stability as measure

    key = json.dumps([[(o.pain_point_id, o.dataset, o.target, o.score) for o in ranked],
                      current.model_dump(mode="json", include={"weights", "pain_point_overrides"}),
                      [p.id for p in catalogue.pain_points]], sort_keys=True, default=str)
    cached = st.session_state.get("mlscout_stability")
    if cached is None or cached[0] != key:
        result = measure(summaries, catalogue, current, baseline_results(), reference=ranked)
        st.session_state["mlscout_stability"] = cached = (key, result)
    return cached[1]


def sign_in_configured() -> bool:
    """Whether the server's secrets configure an OpenID Connect provider for `st.login`."""
    from mlscout.workspace import auth_configured

    return st.secrets.load_if_toml_exists() and auth_configured(st.secrets.to_dict())


def workspace() -> Any:
    """The session's `mlscout.workspace.Workspace`: the signed-in person's, or the single local user's when the
    server has no sign-in; None while sign-in is configured and nobody has signed in."""
    from mlscout.workspace import LOCAL, workspace_from_claims

    if not sign_in_configured():
        return LOCAL
    if not st.user.is_logged_in:
        return None
    return workspace_from_claims(st.user.to_dict())


def sign_in_screen() -> None:
    """What a server with sign-in shows before anyone has signed in: nothing of the app, one button."""
    st.title("ML Scout")
    st.write("Sign in to assess your data. Each person's saved assessments are private to them (and to their "
             "team, when the organisation's sign-in names one).")
    st.button("Sign in", icon=":material/login:", on_click=st.login, type="primary")


def enter_page() -> None:
    """The first line of every page: a page shows nothing without a workspace.

    Until some session of a fresh server process has run app.py (whose `st.navigation` switches Streamlit to
    navigation mode), Streamlit serves a `pages/` folder the old way: a page's address runs that file alone,
    skipping app.py and its sign-in gate (and listing every page). Such a run switches the mode for every later run;
    without a workspace it starts again through app.py's gate. With one, it goes on (a rerun would drop the click
    that started it, as in AppTest, which starts each run in the old mode).
    """
    from streamlit.runtime.pages_manager import PagesManager

    served_alone = bool(PagesManager.uses_pages_directory)
    PagesManager.uses_pages_directory = False
    if workspace() is None:
        if served_alone:
            st.rerun()
        sign_in_screen()
        st.stop()
