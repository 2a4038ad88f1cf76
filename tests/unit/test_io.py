"""Loading: every format, the repairs it makes (with notes), and a clear LoadError for each kind of bad input."""

from __future__ import annotations

import gzip
import io
import json
import zipfile

import pandas as pd
import pytest

from mlscout.io import Dataset, LoadError, LoadLimits, load_table
from tests.unit.file_builders import xlsx_bytes


def load_one(data: bytes, name: str, **kw) -> Dataset:
    datasets = load_table(data, name, **kw)
    assert len(datasets) == 1
    return datasets[0]


# ---------------------------------------------------------------- delimited text
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(delimiter):
    text = delimiter.join(["id", "city", "amount"]) + "\n" + "\n".join(
        delimiter.join([str(i), f"c{i}", f"{i}.5"]) for i in range(20))
    d = load_one(text.encode(), "t.txt")
    assert list(d.frame.columns) == ["id", "city", "amount"]
    assert d.frame.shape == (20, 3)
    assert d.info.delimiter == delimiter
    assert d.frame["amount"].dtype.kind == "f"


def test_name_is_file_stem_and_facts_recorded():
    d = load_one(b"a,b\n1,2\n3,4\n", "sales.csv")
    assert d.name == "sales"
    assert (d.info.format, d.info.rows, d.info.columns, d.info.encoding) == ("csv", 2, 2, "utf-8")
    assert d.info.bytes == len(b"a,b\n1,2\n3,4\n")
    assert len(d.info.content_hash) == 64


def test_path_source(tmp_path):
    p = tmp_path / "orders.csv"
    p.write_text("x,y\n1,2\n")
    assert load_table(p)[0].name == "orders"
    assert load_table(str(p))[0].frame.shape == (1, 2)


def test_file_like_source_uses_its_name():
    buf = io.BytesIO(b"x\n1\n2\n")
    buf.name = "clients.csv"
    assert load_table(buf)[0].name == "clients"


def test_utf8_bom():
    d = load_one(b"\xef\xbb\xbfname,v\nx,1\n", "bom.csv")
    assert list(d.frame.columns) == ["name", "v"]
    assert "BOM" in " ".join(d.info.load_notes)


@pytest.mark.parametrize("codec,label", [("utf-16", "UTF-16"), ("utf-16-le", "little-endian"),
                                         ("utf-16-be", "big-endian")])
def test_utf16_with_and_without_bom(codec, label):
    data = "städte,wert\nZürich,1\nGenève,2\n".encode(codec)
    d = load_one(data, "u16.csv")
    assert d.frame["städte"].tolist() == ["Zürich", "Genève"]
    assert label in " ".join(d.info.load_notes)


def test_cp1252_fallback_is_reported():
    data = "name;price\nZürich;1,5\nCafé;2,0\n".encode("cp1252")
    d = load_one(data, "legacy.csv")
    assert d.frame["name"].tolist() == ["Zürich", "Café"]
    assert d.info.encoding == "cp1252"
    assert any("Windows-1252" in n for n in d.info.load_notes)


@pytest.mark.parametrize("codec, text", [
    ("cp1251", "город,население,регион\nМосква,13010112,Центральный\nНовосибирск,1633595,Сибирский\n"
               "Санкт-Петербург,5601911,Северо-Западный\n"),
    ("shift_jis", "都市,人口,地方\n東京,13960000,関東\n大阪,8839000,近畿\n名古屋,2296000,中部\n"),
    ("gb18030", "城市,人口,省份\n北京,21540000,北京市\n上海,24870000,上海市\n广州,18680000,广东省\n"),
])
def test_non_western_legacy_encodings_are_detected_not_read_as_latin(codec, text):
    """Russian, Japanese and Chinese exports in their Windows code pages used to become cp1252 / Latin-1 noise."""
    d = load_one((text * 5).encode(codec), f"{codec}.csv")
    assert d.frame.columns.tolist() == text.splitlines()[0].split(",")
    assert d.frame.iloc[0, 0] == text.splitlines()[1].split(",")[0]
    assert any("charset-normalizer" in n for n in d.info.load_notes)


def test_western_legacy_text_stays_windows_1252():
    """charset-normalizer names cp1250 for French; the same bytes must read as the French letters."""
    text = "ville,population,région\nParis,2161000,Île-de-France\nSaint-Étienne,171000,Auvergne-Rhône-Alpes\n"
    d = load_one((text * 5).encode("cp1252"), "fr.csv")
    assert d.info.encoding == "cp1252" and d.frame["région"].iloc[1] == "Auvergne-Rhône-Alpes"


def test_decimal_commas_and_thousands_stay_text():
    d = load_one(b'amount;qty\n"1.234,50";1\n"2.000,00";2\n', "eu.csv")
    assert d.frame["amount"].tolist() == ["1.234,50", "2.000,00"]
    assert not pd.api.types.is_numeric_dtype(d.frame["amount"])
    d = load_one(b'amount,qty\n"1,234.50",1\n"2,000.00",2\n', "us.csv")
    assert d.frame["amount"].tolist() == ["1,234.50", "2,000.00"]


def test_placeholders_are_kept_for_the_quality_checks():
    d = load_one(b"a,b\n1,NA\n2,\n3,null\n", "p.csv")
    assert d.frame["b"].tolist()[0] == "NA"
    assert pd.isna(d.frame["b"].tolist()[1])


def test_blank_and_duplicate_headers_are_repaired_with_notes():
    d = load_one(b"id,,id,name,name\n1,2,3,a,b\n", "h.csv")
    assert list(d.frame.columns) == ["id", "column_2", "id_2", "name", "name_2"]
    notes = " ".join(d.info.load_notes)
    assert "blank column name" in notes and "Duplicate column name" in notes


def test_header_only_file_loads_with_zero_rows():
    d = load_one(b"a,b,c\n", "empty_rows.csv")
    assert d.frame.shape == (0, 3)
    assert any("no data rows" in n for n in d.info.load_notes)


def test_single_column_file():
    d = load_one(b"value\n1\n2\n3\n", "one.csv")
    assert d.frame.shape == (3, 1)


def test_ragged_rows_within_tolerance_are_skipped_and_listed():
    lines = ["a,b"] + [f"{i},{i}" for i in range(300)]
    lines[51] = "x,y,z"  # one long row among 300 = under 1 %
    d = load_one("\n".join(lines).encode(), "r.csv")
    assert d.frame.shape == (299, 2)
    assert any("line" in n and "52" in n for n in d.info.load_notes)


def test_ragged_rows_beyond_tolerance_name_the_lines():
    data = b"a,b\n1,2\n3,4,5\n6,7,8\n9,10\n11,12,13\n"
    with pytest.raises(LoadError) as err:
        load_table(data, "ragged.csv")
    assert err.value.file_name == "ragged.csv"
    assert "lines 3, 4, 6" in str(err.value)


def test_mixed_types_fall_back_to_the_tolerant_parser():
    rows = "\n".join(str(i) for i in range(5000)) + "\nabc\n"
    d = load_one(("n\n" + rows).encode(), "mixed.csv")
    assert d.frame.shape == (5001, 1)
    assert d.frame["n"].iloc[-1] == "abc"


def test_a_carriage_return_inside_a_value_stays_in_the_text():
    """dslabs' trump_tweets: a bare '\\r' inside an unquoted tweet made both parsers end the row there; pandas
    stopped with "Buffer overflow caught", and the file could not be read. Lines end with '\\n': the '\\r' is
    text. A file whose lines end with '\\r' alone (old Mac) still reads row by row."""
    tweets = ["Squawk Box http://t.co/a\rMy in… (cont)", "plain", "two\rreturns\rhere"] * 400
    body = "".join(f"{i},TweetDeck,{text},{i % 7}\n" for i, text in enumerate(tweets))
    d = load_one(("id,source,text,retweets\n" + body).encode(), "tweets.csv")
    assert d.frame.shape == (1200, 4)
    assert d.frame["text"].iloc[0] == "Squawk Box http://t.co/a\rMy in… (cont)"
    assert "carriage return" in " ".join(d.info.load_notes)
    old_mac = load_one(b"a,b\r1,x\r2,y\r", "old_mac.csv")
    assert old_mac.frame.shape == (2, 2)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\x00"])
def test_empty_file(data):
    with pytest.raises(LoadError, match="empty"):
        load_table(data, "nothing.csv")


def test_binary_with_csv_name():
    with pytest.raises(LoadError, match="binary file") as err:
        load_table(bytes(range(256)) * 40, "photo.csv")
    assert str(err.value).startswith("photo.csv:")


def test_png_is_not_a_table():
    with pytest.raises(LoadError, match="binary"):
        load_table(b"\x89PNG\r\n\x1a\n" + bytes(200), "chart.png")


def test_file_over_size_limit():
    with pytest.raises(LoadError, match="over the"):
        load_table(b"a\n" + b"1\n" * 1000, "big.csv", limits=LoadLimits(max_file_bytes=100))


def test_declared_size_over_limit_is_refused_before_reading():
    class Huge(io.BytesIO):
        name = "huge.csv"
        size = 2 * 1024**3

    with pytest.raises(LoadError, match="over the 1.0 GB limit"):
        load_table(Huge(b"a\n1\n"))


def test_missing_path(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load_table(tmp_path / "nope.csv")


# ---------------------------------------------------------------- Excel
def test_excel_every_non_empty_sheet_is_a_dataset():
    data = xlsx_bytes({"orders": pd.DataFrame({"id": [1, 2], "amount": [9.5, 3.0]}),
                  "empty": pd.DataFrame(),
                  "clients": pd.DataFrame({"client": ["a", "b", "c"]})})
    datasets = load_table(data, "book.xlsx")
    assert [d.name for d in datasets] == ["book:orders", "book:clients"]
    assert datasets[0].frame["amount"].tolist() == [9.5, 3.0]
    assert datasets[0].info.sheet == "orders" and datasets[0].info.format == "excel"


def test_excel_single_sheet_named_by_stem():
    d = load_one(xlsx_bytes({"Sheet1": pd.DataFrame({"a": [1]})}), "one.xlsx")
    assert d.name == "one"


def test_corrupt_excel():
    data = xlsx_bytes({"s": pd.DataFrame({"a": [1, 2]})})
    with pytest.raises(LoadError, match="damaged"):
        load_table(data[: len(data) // 2], "broken.xlsx")


def test_password_protected_or_legacy_excel():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    with pytest.raises(LoadError, match="password-protected"):
        load_table(ole, "secret.xlsx")


def test_xlsx_that_is_a_zip_of_something_else():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(LoadError, match="without a workbook"):
        load_table(buf.getvalue(), "fake.xlsx")


def test_text_namedxlsx_bytes():
    with pytest.raises(LoadError, match="not .xlsx"):
        load_table(b"a,b\n1,2\n", "renamed.xlsx")


# ---------------------------------------------------------------- Parquet
def test_parquet_roundtrip():
    frame = pd.DataFrame({"a": [1, 2], "when": pd.to_datetime(["2024-01-01", "2024-02-01"])})
    buf = io.BytesIO()
    frame.to_parquet(buf)
    d = load_one(buf.getvalue(), "t.parquet")
    assert d.info.format == "parquet"
    assert d.frame["when"].dtype.kind == "M"


def test_parquet_nested_types_become_json_text():
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": [1, 2], "tags": [["a", "b"], []], "addr": [{"city": "x"}, {"city": "y"}]})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    d = load_one(buf.getvalue(), "nested.parquet")
    assert d.frame["tags"].iloc[0] == '["a", "b"]'
    assert any("Nested" in n for n in d.info.load_notes)


def test_damaged_parquet():
    with pytest.raises(LoadError, match="Parquet"):
        load_table(b"PAR1" + bytes(100), "bad.parquet")


# ---------------------------------------------------------------- JSON
def test_json_records_with_nested_objects_flattened():
    data = json.dumps([{"id": 1, "customer": {"name": "a", "city": "x"}},
                       {"id": 2, "customer": {"name": "b", "city": "y"}}]).encode()
    d = load_one(data, "orders.json")
    assert list(d.frame.columns) == ["id", "customer.name", "customer.city"]
    assert any("flattened" in n for n in d.info.load_notes)


def test_json_lines():
    d = load_one(b'{"a": 1, "b": "x"}\n{"a": 2, "b": "y"}\n', "events.jsonl")
    assert d.frame.shape == (2, 2) and d.info.format == "jsonl"


def test_json_object_holding_records():
    d = load_one(json.dumps({"meta": {"v": 1}, "data": [{"a": 1}, {"a": 2}]}).encode(), "api.json")
    assert d.frame["a"].tolist() == [1, 2]
    assert any("'data'" in n for n in d.info.load_notes)


def test_json_columns_object():
    d = load_one(json.dumps({"a": [1, 2, 3], "b": ["x", "y", "z"]}).encode(), "cols.json")
    assert d.frame.shape == (3, 2)


@pytest.mark.parametrize("doc", [b'{"a": 1}', b'"just a string"', b"[[1, 2], {\"a\": 1}]"])
def test_json_that_is_not_a_table(doc):
    with pytest.raises(LoadError, match="not a table"):
        load_table(doc, "config.json")


def test_invalid_json():
    with pytest.raises(LoadError, match="not valid JSON"):
        load_table(b'[{"a": 1}, {"a": ', "cut.json")


def test_deeply_nested_json():
    doc = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(LoadError, match="nested too deeply|not a table|not valid"):
        load_table(doc, "deep.json")


# ---------------------------------------------------------------- archives
def test_gzip_csv():
    d = load_one(gzip.compress(b"x,y\n1,2\n"), "daily.csv.gz")
    assert d.name == "daily" and d.info.compression == "gzip"


def test_zip_with_several_tables_and_name_collisions():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a/sales.csv", "x\n1\n")
        z.writestr("b/sales.csv", "y\n2\n")
        z.writestr("items.json", '[{"k": 1}]')
        z.writestr("__MACOSX/._sales.csv", "junk")
        z.writestr("notes.docx.txt-not-table.md", "hello")
    datasets = load_table(buf.getvalue(), "export.zip")
    assert sorted(d.name for d in datasets) == ["items", "sales", "sales_2"]
    assert all(d.info.compression == "zip" for d in datasets)


def test_zip_without_tables():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.md", "hello")
    with pytest.raises(LoadError, match="no table file"):
        load_table(buf.getvalue(), "docs.zip")


def test_zip_bomb_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.csv", b"0" * (20 * 1024 * 1024))
    with pytest.raises(LoadError, match="zip bomb"):
        load_table(buf.getvalue(), "bomb.zip", limits=LoadLimits(max_uncompressed_bytes=5 * 1024 * 1024))


def test_gzip_bomb_is_refused():
    data = gzip.compress(b"0" * (20 * 1024 * 1024))
    with pytest.raises(LoadError, match="zip bomb"):
        load_table(data, "bomb.csv.gz", limits=LoadLimits(max_uncompressed_bytes=5 * 1024 * 1024))


def test_damaged_zip():
    with pytest.raises(LoadError, match="damaged"):
        load_table(b"PK\x03\x04" + bytes(50), "broken.zip")


def test_bad_member_names_the_archive_and_the_member():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("ok.csv", "a\n1\n")
        z.writestr("bad.csv", bytes(range(256)) * 4)
    with pytest.raises(LoadError) as err:
        load_table(buf.getvalue(), "mixed.zip")
    assert err.value.file_name == "mixed.zip" and "bad.csv" in str(err.value)


def test_control_characters_are_binary_even_when_they_look_like_utf16():
    with pytest.raises(LoadError, match="binary"):
        load_table(b"\x00\x01" * 100, "broken.csv")


def test_space_after_every_delimiter_is_one_load_note_not_a_finding_per_column():
    """Census income's adult.data separates fields with ', ': nine '100% leading spaces' findings used to follow."""
    from mlscout.pipeline import analyse_dataset

    rows = ["age, workclass, education, income"] + [
        f"{20 + i % 50}, {('Private', 'State-gov', 'Self-emp-not-inc')[i % 3]}, {('Bachelors', 'HS-grad')[i % 2]}, "
        f"{('<=50K', '>50K')[i % 4 == 0]}" for i in range(300)]
    [dataset] = load_table("\n".join(rows).encode(), "adult.csv")
    assert list(dataset.frame.columns) == ["age", "workclass", "education", "income"]
    assert dataset.frame["workclass"].iloc[1] == "State-gov" and dataset.frame["age"].dtype.kind == "i"
    assert [n for n in dataset.info.load_notes if "a space" in n]
    summary = analyse_dataset(dataset)
    assert not [f for f in summary.findings if f.check_id == "whitespace"]


def test_a_few_spaces_after_delimiters_are_data_not_a_format():
    rows = ["name,city"] + [f"item {i},{' Bern' if i % 10 == 0 else 'Zurich'}" for i in range(100)]
    [dataset] = load_table("\n".join(rows).encode(), "items.csv")
    assert not [n for n in dataset.info.load_notes if "a space" in n]
    assert (dataset.frame["city"] == " Bern").sum() == 10


def test_zero_padded_codes_stay_text_and_are_never_numbers():
    """BLS county tables' state_fips '01' and zero-padded customer ids used to become numbers (and features)."""
    from mlscout.pipeline import analyse_dataset

    rows = ["customer_id,state_fips,grade,amount"] + [f"{i:05d},{(i % 56) + 1:02d},{'0' + str(i % 4)},{i * 1.5}"
                                                       for i in range(1, 400)]
    [dataset] = load_table("\n".join(rows).encode(), "customers.csv")
    assert dataset.frame["customer_id"].iloc[0] == "00001" and dataset.frame["state_fips"].iloc[0] == "02"
    assert [n for n in dataset.info.load_notes if "Kept as text: customer_id, state_fips" in n]
    summary = analyse_dataset(dataset)
    kinds = {c.name: c.semantic_type for c in summary.columns}
    # many levels: a key (several rows per state); four levels '00'..'03': a coded category
    assert kinds["customer_id"] == "identifier" and kinds["state_fips"] == "identifier"
    assert kinds["grade"] == "categorical" and kinds["amount"] == "numeric"
    assert not [f for f in summary.findings if f.check_id == "numbers_as_text"]
    found = {(f.check_id, f.column) for f in summary.findings}
    assert {("identifier_column", "state_fips"), ("coded_category", "grade")} <= found


def test_plain_integers_are_still_numbers():
    rows = ["quantity,price"] + [f"{i % 40 + 1},{i * 2}" for i in range(300)]
    [dataset] = load_table("\n".join(rows).encode(), "orders.csv")
    assert dataset.frame["quantity"].dtype.kind == "i" and not dataset.info.load_notes
