"""Personal data from values and from the table around a column, on near-misses seen in real public tables.

Names without a telling header ('client' = "Mia Smith"), names inside free text, record numbers that look like
phone numbers (Minneapolis stops' '17-000003'), people's ids and the columns that refer to them (Korea's
'infected_by'), quasi-identifiers that only identify beside a name or an id, coordinates of people's events
(stops) versus of storms, and the protected attributes that names alone used to miss.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlscout.profiling.dataset import profile_dataset
from mlscout.profiling.privacy import protect_dataset

N = 400
rng = np.random.default_rng(11)
FIRST = ["Mia", "Noah", "Emma", "Liam", "Olivia", "David", "Sophie", "Lucas", "Anna", "Peter"]
LAST = ["Smith", "Johnson", "Miller", "Brown", "Cohen", "Garcia", "Martin", "Schmidt", "Rossi", "Dubois"]


def _columns(frame: pd.DataFrame) -> dict[str, object]:
    profile = protect_dataset(frame, profile_dataset(frame, "t"))
    return {c.name: c for c in profile.columns}


def _kind(column) -> str | None:
    return column.personal_data.kind if column.personal_data else None


def test_full_names_are_found_without_a_telling_header_and_dog_breeds_are_not():
    frame = pd.DataFrame({
        "assigned": [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(N)],
        "primary_breed": rng.choice(["Retriever, Labrador", "Poodle, Standard", "Terrier", "Golden Retriever"], N),
        "amount": rng.normal(100, 10, N)})
    columns = _columns(frame)
    assert _kind(columns["assigned"]) == "person_name"
    assert _kind(columns["primary_breed"]) is None


def test_names_inside_free_text_are_personal_data():
    notes = [f"Follow-up booked with {rng.choice(FIRST)} {rng.choice(['I.', ''])} {rng.choice(LAST)}, MD after "
             f"the visit on day {i}" if i % 4 == 0 else f"routine check number {i}, nothing to report today"
             for i in range(N)]
    columns = _columns(pd.DataFrame({"notes": notes, "score": rng.integers(1, 5, N)}))
    assert _kind(columns["notes"]) == "free_text_with_personal_data"


def test_record_numbers_are_not_phone_numbers_but_phone_numbers_are():
    frame = pd.DataFrame({"idNum": [f"17-{i:06d}" for i in range(3, 3 + 4 * N, 4)],
                          "contact": [f"+1 415-{rng.integers(200, 999)}-{rng.integers(1000, 9999)}"
                                      for _ in range(N)]})
    columns = _columns(frame)
    assert _kind(columns["idNum"]) is None
    assert _kind(columns["contact"]) == "phone"


def test_bands_issued_in_strings_are_no_phone_numbers():
    """Stat2Data's Hawks ('877-76317', '877-76318') and Blue Jays ('1142-05901'): bird bands, issued in strings of
    consecutive numbers, several strings per study. They read as phone numbers; the numbers of different people's
    phones are never mostly next to each other."""
    starts = [(1142, 5901), (877, 76317), (1352, 22010), (2206, 81544)]
    bands = [f"{prefix}-{start + step:05d}" for prefix, start in starts
             for step in np.sort(rng.choice(150, N // 4, replace=False))]
    frame = pd.DataFrame({"BandNumber": bands, "Wing": rng.normal(380, 20, N),
                          "contact": [f"+1 415-{rng.integers(200, 999)}-{rng.integers(1000, 9999)}"
                                      for _ in range(N)]})
    columns = _columns(frame)
    assert _kind(columns["BandNumber"]) is None
    assert _kind(columns["contact"]) == "phone"


def test_peoples_ids_and_the_columns_that_refer_to_them():
    ids = np.arange(1_000_000_001, 1_000_000_001 + N)
    frame = pd.DataFrame({"patient_id": ids,
                          "infected_by": np.where(rng.random(N) < 0.3, rng.choice(ids, N), np.nan),
                          "pan_day": rng.integers(1, 107, N),
                          "sex": rng.choice(["male", "female"], N),
                          "birth_year": rng.integers(1930, 2010, N),
                          "city": rng.choice(["Gangseo-gu", "Jungnang-gu", "Jongno-gu", "Mapo-gu"], N),
                          "confirmed_date": pd.date_range("2020-01-20", periods=N, freq="6h")})
    columns = _columns(frame)
    assert _kind(columns["patient_id"]) == "person_identifier"
    assert _kind(columns["infected_by"]) == "person_identifier"
    assert _kind(columns["pan_day"]) is None
    assert {_kind(columns[c]) for c in ("birth_year", "city", "confirmed_date")} == {"quasi_identifier"}


def test_a_region_is_personal_beside_a_name_but_not_beside_a_pseudonymous_id():
    """Race results name their runners ('Jeff', 'S.', Menomonie, WI): the state says where a named person lives.
    Korea's patients have only an id: a province of millions narrows down little. A status called 'order_state'
    beside a customer's name is no place at all."""
    runners = pd.DataFrame({"first_name": rng.choice(FIRST, N), "last_initial": rng.choice(list("SJMBCG"), N),
                            "city": rng.choice(["Menomonie", "Eau Claire", "Cadott", "Boyd", "Red Wing"], N),
                            "state": rng.choice(["WI", "MN", "IL", "TX"], N, p=[0.85, 0.1, 0.03, 0.02]),
                            "run_time_minutes": rng.normal(45, 9, N)})
    patients = pd.DataFrame({"patient_id": np.arange(1_000_000_001, 1_000_000_001 + N),
                             "province": rng.choice(["Seoul", "Gyeonggi-do", "Busan", "Daegu"], N),
                             "city": rng.choice(["Gangseo-gu", "Jungnang-gu", "Jongno-gu", "Mapo-gu"], N)})
    orders = pd.DataFrame({"customer": [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(N)],
                           "order_state": rng.choice(["open", "shipped", "returned"], N),
                           "amount": rng.normal(100, 10, N)})
    assert _kind(_columns(runners)["state"]) == "quasi_identifier"
    patient_columns = _columns(patients)
    assert _kind(patient_columns["province"]) is None and _kind(patient_columns["city"]) == "quasi_identifier"
    order_columns = _columns(orders)
    assert _kind(order_columns["customer"]) == "person_name" and _kind(order_columns["order_state"]) is None


def test_quasi_identifiers_alone_are_not_personal_data():
    frame = pd.DataFrame({"age": rng.integers(18, 90, N), "city": rng.choice(["Bern", "Basel", "Zug"], N),
                          "amount": rng.normal(100, 10, N)})
    columns = _columns(frame)
    assert _kind(columns["age"]) is None and _kind(columns["city"]) is None


def test_coordinates_of_peoples_events_but_not_of_storms():
    stops = pd.DataFrame({"race": rng.choice(["White", "Black", "Asian"], N), "gender": rng.choice(["Male", "Female"], N),
                          "lat": rng.uniform(44.9, 45.0, N), "long": rng.uniform(-93.3, -93.2, N)})
    storms = pd.DataFrame({"status": rng.choice(["hurricane", "tropical storm"], N), "wind": rng.integers(20, 150, N),
                           "lat": rng.uniform(10, 40, N), "long": rng.uniform(-90, -40, N)})
    assert _kind(_columns(stops)["lat"]) == "precise_location"
    assert _kind(_columns(storms)["lat"]) is None


def test_protected_attributes_from_abbreviations_flags_proxies_and_origin():
    frame = pd.DataFrame({
        "native-country": rng.choice(["United-States", "Mexico", "Germany"], N),
        "foreign_worker": rng.choice(["yes", "no"], N),
        "seniorcitizen": rng.choice([0, 1], N),
        "relationship": rng.choice(["Husband", "Wife", "Own-child", "Not-in-family"], N),
        "afam": rng.choice(["yes", "no"], N), "single": rng.choice(["yes", "no"], N),
        "maritl": rng.choice(["1. Never Married", "2. Married"], N),
        "diabetes": rng.choice(["y", "n"], N),
        "SaleCondition": rng.choice(["Normal", "Abnorml", "Partial"], N),
        "age": np.r_[rng.integers(18, 90, N - 2), [222, 300]],  # two impossible ages do not make it a machine's
    })
    columns = _columns(frame)
    got = {name: c.sensitive_attribute for name, c in columns.items()}
    assert got == {"native-country": "nationality", "foreign_worker": "nationality", "seniorcitizen": "age",
                   "relationship": "sex_gender_proxy", "afam": "race_ethnicity", "single": "marital_status",
                   "maritl": "marital_status", "diabetes": "health", "SaleCondition": None, "age": "age"}


def test_a_treatment_is_health_data_only_about_people_and_digits_do_not_hide_a_word():
    """drc's herbicide trial ('dose', 'drymatter', 'treatment') is about plants; a trial on patients (age, sex) is
    health data. Thornton's 'hiv2004' (an HIV test result of 2004) is health data."""
    plants = pd.DataFrame({"dose": rng.choice([0, 10, 20, 40], N), "drymatter": rng.normal(3, 1, N),
                           "treatment": rng.choice(["bentazone", "glyphosate"], N)})
    patients = pd.DataFrame({"age": rng.integers(18, 90, N), "sex": rng.choice(["male", "female"], N),
                             "treatment": rng.choice(["placebo", "drug"], N), "hiv2004": rng.choice([0, 1], N)})
    assert _columns(plants)["treatment"].sensitive_attribute is None
    got = {name: c.sensitive_attribute for name, c in _columns(patients).items()}
    assert got == {"age": "age", "sex": "sex_gender", "treatment": "health", "hiv2004": "health"}


def test_a_country_is_the_persons_own_only_in_a_table_about_people():
    people = pd.DataFrame({"sex": rng.choice(["male", "female"], N), "age": rng.integers(18, 90, N),
                           "country": rng.choice(["Korea", "China", "United States"], N)})
    sales = pd.DataFrame({"country": rng.choice(["Korea", "China", "United States"], N),
                          "revenue": rng.normal(100, 10, N)})
    assert _columns(people)["country"].sensitive_attribute == "nationality"
    assert _columns(sales)["country"].sensitive_attribute is None


def test_ids_that_read_like_phone_numbers_are_people_when_they_point_at_a_key():
    """Korea: patient ids coded by region (2000000001, 6001000001, ...) read as ten-digit phone numbers; in
    'infected_by' they are patients, because nearly every one is a 'patient_id'."""
    ids = np.r_[np.arange(2_000_000_001, 2_000_000_001 + N // 2), np.arange(6_001_000_001, 6_001_000_001 + N // 2)]
    frame = pd.DataFrame({"patient_id": ids, "infected_by": np.where(rng.random(N) < 0.5, rng.choice(ids, N), np.nan),
                          "sex": rng.choice(["male", "female"], N)})
    columns = _columns(frame)
    assert _kind(columns["infected_by"]) == "person_identifier"


def test_the_pay_of_people_who_tell_about_themselves_is_personal():
    """Blizzard: each row is one employee's own submission — title, site, salary and prose about their career. The
    salary of someone the table identifies is personal; in an anonymous HR extract (no prose, no name) it is not."""
    stories = [f"I joined in {rng.integers(2012, 2020)} as a junior and my manager promised me a raise after my "
               f"promotion, but I am still paid less than my team" for _ in range(N)]
    frame = pd.DataFrame({"current_title": rng.choice(["Senior Game Designer", "QA Tester", "Software Engineer"], N),
                          "location": rng.choice(["Irvine", "Austin", "Cork"], N),
                          "current_salary": rng.integers(40_000, 200_000, N).astype(float),
                          "other_info": stories})
    columns = _columns(frame)
    assert _kind(columns["other_info"]) == "free_text_with_personal_data"
    assert _kind(columns["current_salary"]) == "quasi_identifier"
    assert _kind(_columns(frame.drop(columns="other_info"))["current_salary"]) is None


def test_a_measure_of_a_place_is_no_place():
    """openintro's labor_market_discrimination: beside the applicant's first name, 'city' says where a named person
    applied; 'frac_black_emp_zip' (the share of Black employees in the employer's ZIP code) and 'l_inc_emp_zip'
    (its log income) are measures of a place, which single no one out. A ZIP code itself still counts."""
    applicants = pd.DataFrame({"first_name": rng.choice(FIRST, N), "city": rng.choice(["Chicago", "Boston"], N),
                               "frac_black_emp_zip": rng.uniform(0, 0.9, N).round(4),
                               "l_inc_emp_zip": rng.normal(10.5, 0.4, N).round(4),
                               "zip": rng.choice([60601, 60614, 2108, 2134], N)})
    columns = _columns(applicants)
    assert _kind(columns["city"]) == "quasi_identifier" and _kind(columns["zip"]) is not None
    assert _kind(columns["frac_black_emp_zip"]) is None and _kind(columns["l_inc_emp_zip"]) is None


def test_web_addresses_and_questions_are_no_ones_personal_data():
    """pscl's AustralianElectionPolling cites its sources by web address ('.../polls/2007/4187/' read as a phone
    number); openintro's ask holds the questions of an experiment ('What can you tell me about it?'). A note that
    gives a phone number or tells about its author still counts."""
    polls = pd.DataFrame({"ALP": rng.uniform(30, 50, N).round(1),
                          "source": rng.choice([f"http://www.roymorgan.com/news/polls/{y}/{n}/"
                                                for y, n in ((2004, 3808), (2005, 3829), (2007, 4187), (2007, 4233))]
                                               + ["http://www.smh.com.au/news/national/alp-to-win/2006/12/03/"
                                                  "1165080806438.html"], N)})
    ask = pd.DataFrame({"question": rng.choice(["What can you tell me about it?", "What problems does it have?",
                                                "It doesn't have any problems, does it?"], N),
                        "response": rng.choice(["disclose", "hide"], N)})
    notes = pd.DataFrame({"note": rng.choice(["Call back on +44 20 7946 0958 after five, please.",
                                              "My husband lost his job, so I pay late this month.",
                                              "Paid in full at the counter, receipt attached."], N)})
    assert _kind(_columns(polls)["source"]) is None and _kind(_columns(ask)["question"]) is None
    assert _kind(_columns(notes)["note"]) == "free_text_with_personal_data"
