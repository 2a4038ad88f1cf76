"""Data page logic through Streamlit's AppTest: uploads, broken files, the sample-data button, removal."""

from __future__ import annotations

import re


def texts(at, kind: str) -> list[str]:
    """The text of every element of a kind, with Markdown escapes removed."""
    return [re.sub(r"\\(.)", r"\1", str(e.value)) for e in getattr(at, kind)]


def test_starts_empty(app):
    assert not app.exception
    assert app.title[0].value == "Data"
    assert "No dataset loaded yet." in texts(app, "info")


def test_upload_a_csv_shows_preview_and_sidebar_entry(app):
    app.file_uploader[0].set_value(("orders.csv", b"id,amount\n1,9.5\n2,3.0\n3,4.5\n", "text/csv")).run()
    assert not app.exception
    assert any("orders.csv: loaded as orders (3 rows x 2 columns)" in s for s in texts(app, "success"))
    assert app.dataframe[0].value.shape == (3, 2)
    assert list(app.session_state["mlscout_datasets"]) == ["orders"]
    # the uploader was reset: the bytes are gone, the dataset stays
    assert not app.file_uploader[0].value


def test_broken_file_gets_a_message_and_loses_nothing(app):
    app.file_uploader[0].set_value(("good.csv", b"a,b\n1,2\n", "text/csv")).run()
    app.file_uploader[0].set_value([("broken.csv", bytes(range(256)) * 8, "text/csv"),
                                    ("also_good.csv", b"x\n1\n", "text/csv")]).run()
    assert not app.exception
    errors = texts(app, "error")
    assert len(errors) == 1 and "broken.csv" in errors[0] and "binary" in errors[0]
    assert list(app.session_state["mlscout_datasets"]) == ["good", "also_good"]
    assert "2 dataset(s) loaded" in [s.value for s in app.subheader]


def test_sample_data_button_loads_every_sample(app):
    [b for b in app.button if b.label == "Load sample data"][0].click().run()
    assert not app.exception
    assert "4 dataset(s) loaded" in [s.value for s in app.subheader]
    assert len([s for s in texts(app, "success") if "loaded as" in s]) == 4


def test_same_file_twice_is_kept_once(app):
    for _ in range(2):
        app.file_uploader[0].set_value(("orders.csv", b"id\n1\n", "text/csv")).run()
    assert any("already loaded as orders" in s for s in texts(app, "info"))
    assert "1 dataset(s) loaded" in [s.value for s in app.subheader]


def test_remove_button_drops_the_dataset(app):
    # AppTest (1.67) drops the sidebar of app.py on reruns under st.navigation; the browser test covers
    # the sidebar's remove button, this one the button beside each preview.
    app.file_uploader[0].set_value(("orders.csv", b"id\n1\n", "text/csv")).run()
    app.button(key="remove_main::orders").click().run()
    assert not app.exception
    assert "No dataset loaded yet." in texts(app, "info")


def test_session_size_limit_is_enforced(app, monkeypatch):
    monkeypatch.setenv("MLSCOUT_SESSION_MAX_MB", "0.001")  # about 1 KB
    app.file_uploader[0].set_value(("small.csv", b"id\n1\n", "text/csv")).run()
    app.file_uploader[0].set_value(("big.csv", b"id\n" + b"12345\n" * 200, "text/csv")).run()
    assert any("big.csv: not loaded" in e and "limit" in e for e in texts(app, "error"))
    assert list(app.session_state["mlscout_datasets"]) == ["small"]


def test_formula_cells_are_shown_neutralised(app):
    """A shared CSV with spreadsheet formulas in a header and in cells: the tables the page shows (and Streamlit's
    'Download as CSV' of them) carry them as text."""
    csv = ('=HYPERLINK("http://evil.example","click"),amount\n'
           + "".join(f'=1+{i % 3},{i}.5\n' for i in range(30))).encode()  # a category of 3 levels: shown
    app.file_uploader[0].set_value(("shared.csv", csv, "text/csv")).run()
    assert not app.exception
    preview, columns = app.dataframe[0].value, app.dataframe[1].value
    assert list(preview.columns)[0].startswith("'=HYPERLINK")
    assert all(str(v).startswith("'=1+") for v in preview.iloc[:, 0])
    assert not any(str(v).startswith("=") for v in columns.astype(str).to_numpy().ravel())


def test_session_cell_budget_counts_what_a_file_becomes(app, monkeypatch):
    """A 2 KB gzip that expands to 60,000 cells is refused against the session's cell budget, naming the file and
    the budget, before the table is built; the dataset already loaded stays loaded."""
    import gzip

    monkeypatch.setenv("MLSCOUT_SESSION_MAX_CELLS", "50000")
    small = "a,b,c,d,e\n" + "1,2,3,4,5\n" * 2_000  # 10,000 cells
    app.file_uploader[0].set_value(("small.csv", small.encode(), "text/csv")).run()
    assert any("loaded as small" in s.value for s in app.success)
    packed = gzip.compress(("a,b,c,d,e,f\n" + "1,2,3,4,5,6\n" * 10_000).encode())  # 60,000 cells
    assert len(packed) < 2_000
    app.file_uploader[0].set_value(("wide.csv.gz", packed, "application/gzip")).run()
    errors = [e.value for e in app.error]
    assert any("wide" in e and "10,000 cells this session already holds" in e and "50,000 cells" in e
               for e in errors), errors
    assert list(app.session_state["mlscout_datasets"]) == ["small"]
