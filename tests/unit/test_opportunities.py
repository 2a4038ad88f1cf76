"""Opportunity ranking on the sample data and on generated tables; weights; the catalogue's validation."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from mlscout.catalogue.model import (
    CatalogueError,
    catalogue_from_text,
    default_catalogue,
    load_catalogue,
)
from mlscout.io import Dataset, DatasetInfo, load_table
from mlscout.opportunities import rank, unserved
from mlscout.pipeline import analyse_dataset
from mlscout.settings import Settings, Weights

NOW = datetime(2026, 11, 27, tzinfo=UTC)


def summary_of(frame: pd.DataFrame, name: str):
    info = DatasetInfo(name=name, file_name=f"{name}.csv", format="csv", bytes=0, rows=len(frame),
                       columns=frame.shape[1], content_hash=name)
    return analyse_dataset(Dataset(info, frame), now=NOW)


@pytest.fixture(scope="module")
def churn_frame(sample_dir_module):
    return load_table(sample_dir_module / "telecom_churn.csv")[0].frame


@pytest.fixture(scope="module")
def sample_dir_module():
    from tests.conftest import SAMPLE_DIR

    return SAMPLE_DIR


def test_catalogue_is_broad_and_valid():
    catalogue = default_catalogue()
    assert len(catalogue.pain_points) >= 30
    functions = {p.business_function for p in catalogue.pain_points}
    assert {"sales", "marketing", "customer service", "finance", "risk and compliance",
            "operations and supply chain", "manufacturing", "HR", "pricing and revenue", "insurance",
            "real estate"} <= functions
    tasks = {p.ml_task for p in catalogue.pain_points}
    assert {"binary", "regression", "forecasting", "anomaly_detection", "clustering", "recommendation",
            "text_classification"} <= tasks


def test_churn_shaped_table_ranks_churn_first(churn_frame):
    ranked = rank([summary_of(churn_frame, "telecom")], default_catalogue())
    assert (ranked[0].pain_point_id, ranked[0].target) == ("churn", "churn")
    assert ranked[0].rank == 1 and 0 < ranked[0].score <= 100
    assert set(ranked[0].rationale) >= {"business_impact", "feasibility", "data_readiness", "effort", "risk"}


def test_label_renamed_to_status_is_found_from_its_values(churn_frame):
    renamed = churn_frame.rename(columns={"churn": "status"})
    ranked = rank([summary_of(renamed, "telecom")], default_catalogue())
    assert (ranked[0].pain_point_id, ranked[0].target) == ("churn", "status")
    assert "value shape" in ranked[0].rationale["data_fit"]


def dated_sales(days: int = 730, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2024-11-01", periods=days, freq="D")
    rows = []
    for store in ("north", "south", "city"):
        for product in ("P-100", "P-200", "P-300", "P-400"):
            base = rng.uniform(20, 60)
            season = 1 + 0.3 * np.sin(2 * np.pi * np.arange(days) / 7)
            quantity = rng.poisson(base * season)
            rows.append(pd.DataFrame({"order_date": dates, "store": store, "product_sku": product,
                                      "quantity": quantity, "unit_price": rng.normal(10, 1, days).round(2)}))
    return pd.concat(rows, ignore_index=True)


def test_dated_sales_table_puts_demand_forecasting_in_the_top_three():
    ranked = rank([summary_of(dated_sales(), "sales")], default_catalogue())
    top = [o.pain_point_id for o in ranked[:3]]
    assert "demand_forecasting" in top, [(o.pain_point_id, o.score) for o in ranked[:5]]
    demand = next(o for o in ranked if o.pain_point_id == "demand_forecasting")
    assert demand.target == "quantity" and demand.time_column == "order_date"


def test_table_without_a_plausible_target_gives_unsupervised_options_and_gaps():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"customer_id": np.arange(2000), "spend": rng.lognormal(5, 1, 2000).round(2),
                          "orders": rng.poisson(4, 2000), "recency_days": rng.integers(1, 400, 2000),
                          "segment": rng.choice(["a", "b", "c"], 2000)})
    ranked = rank([summary_of(frame, "customers")], default_catalogue())
    assert ranked, "segmentation or anomaly detection should be offered"
    assert {o.pain_point_id for o in ranked} <= {"customer_segmentation", "transaction_anomalies",
                                                 "process_anomalies", "customer_lifetime_value"}
    assert ranked[0].pain_point_id == "customer_segmentation"
    assert all(o.target is None or o.pain_point_id == "customer_lifetime_value" for o in ranked)
    missing = {u.pain_point_id: u.needs for u in unserved(default_catalogue(), ranked)}
    assert "churn" in missing and any("outcome" in need for need in missing["churn"])
    assert "demand_forecasting" in missing and any("date" in need for need in missing["demand_forecasting"])


def test_changing_weights_changes_the_order(sample_dir_module):
    credit = analyse_dataset(load_table(sample_dir_module / "credit_applications.csv")[0], now=NOW)

    def position(ranked, pain_point):
        return next(o.rank for o in ranked if o.pain_point_id == pain_point)

    default = rank([credit], default_catalogue())
    assert position(default, "customer_segmentation") < position(default, "credit_risk")
    value_first = Settings(weights=Weights(business_impact=1, feasibility=0, data_readiness=0, effort=0, risk=0))
    reweighted = rank([credit], default_catalogue(), value_first)
    assert position(reweighted, "credit_risk") < position(reweighted, "customer_segmentation")


def test_user_overrides_of_value_move_a_pain_point():
    frame = dated_sales(days=400)
    summary = summary_of(frame, "sales")
    before = {o.pain_point_id: o.score for o in rank([summary], default_catalogue())}
    settings = Settings(pain_point_overrides={"demand_forecasting": {"value": 1}})
    after = {o.pain_point_id: o.score for o in rank([summary], default_catalogue(), settings)}
    assert after["demand_forecasting"] < before["demand_forecasting"]


def test_baseline_feasibility_replaces_the_estimate(churn_frame):
    class Result:
        dataset, target, feasibility, verdict, lift, metric = "telecom", "churn", 12.0, "weak", 0.02, "ROC AUC"

    ranked = rank([summary_of(churn_frame, "telecom")], default_catalogue(), baselines=[Result()])
    churn = next(o for o in ranked if o.pain_point_id == "churn")
    assert churn.feasibility_source == "baseline" and churn.feasibility == 12.0
    assert "baseline" in churn.rationale["feasibility"]


def test_malformed_catalogue_names_the_entry_and_field():
    text = """
pain_points:
  - id: churn
    name: Churn
    business_function: marketing
    problem: p
    ml_task: binary
    value: 9
    effort: 2
    risk: 2
  - name: No id here
    business_function: sales
    problem: p
    ml_task: telepathy
    value: 3
    effort: 2
    risk: 2
"""
    with pytest.raises(CatalogueError) as err:
        catalogue_from_text(text, "mine.yaml")
    message = str(err.value)
    assert "entry 'churn', field value" in message
    assert "entry #2, field id" in message and "entry #2, field ml_task" in message


def test_csv_catalogue_and_yaml_export(tmp_path):
    csv_text = ("id,name,business_function,problem,ml_task,target_keywords,target_shape,signals_required,value,"
                "effort,risk,min_rows\n"
                "returns,Product returns,operations,Returns cost money,binary,returned;return,binary,label,4,2,1,500\n")
    path = tmp_path / "mine.csv"
    path.write_text(csv_text)
    catalogue = load_catalogue(path)
    point = catalogue.get("returns")
    assert point.target.keywords == ("returned", "return") and point.min_data.rows == 500
    again = catalogue_from_text(catalogue.to_yaml(), "again.yaml")
    assert again == catalogue


def test_a_declared_target_always_counts_first():
    """A column no catalogue entry names ('invited_back') is the outcome when declared; a résumé's
    'received_callback' (a recruiting funnel's stage) is predicted by the entries that name it."""
    rng = np.random.default_rng(4)
    n = 1500
    frame = pd.DataFrame({"years_experience": rng.integers(0, 30, n), "college_degree": rng.choice(["yes", "no"], n),
                          "honors": rng.choice(["yes", "no"], n), "resume_quality": rng.choice(["high", "low"], n),
                          "invited_back": rng.choice(["yes", "no"], n, p=[0.08, 0.92])})
    summary = summary_of(frame, "resumes")
    ranked = rank([summary], default_catalogue(), Settings(targets=("resumes:invited_back",)))
    assert ranked[0].target == "invited_back"
    assert ranked[0].pain_point == "Predict invited_back" and ranked[0].task == "binary"
    # every supervised opportunity of this dataset predicts the declared column
    assert {o.target for o in ranked if o.target is not None} == {"invited_back"}
    named = summary_of(frame.rename(columns={"invited_back": "received_callback"}), "resumes")
    ranked = rank([named], default_catalogue(), Settings(targets=("resumes:received_callback",)))
    assert "recruiting_funnel" in {o.pain_point_id for o in ranked[:3]}
    assert {o.target for o in ranked if o.target is not None} == {"received_callback"}


def test_a_declared_yes_no_target_is_not_every_yes_no_use_case(churn_frame):
    summary = summary_of(churn_frame, "telecom_churn")
    ranked = rank([summary], default_catalogue(), Settings(targets=("telecom_churn:churn",)))
    assert ranked[0].pain_point_id == "churn" and ranked[0].target == "churn"
    assert not {"predictive_maintenance", "defect_detection", "lead_scoring"} & \
        {o.pain_point_id for o in ranked if o.target == "churn"}


def test_a_date_alone_does_not_make_event_rows_a_demand_to_forecast():
    """FAA wildlife strikes: one row per strike, with a date, an aircraft type and the damage. Counting rows per
    day is no demand, sales or call volume; a table of orders with its product column is."""
    rng = np.random.default_rng(5)
    n = 3000
    strikes = pd.DataFrame({
        "date": pd.to_datetime("2000-01-01") + pd.to_timedelta(rng.integers(0, 3650, n), unit="D"),
        "atype": rng.choice(["B-737", "A-320", "CRJ-200", "MD-80"], n),
        "phase_of_flt": rng.choice(["Approach", "Climb", "Landing Roll", "Take-off run"], n),
        "height": rng.integers(0, 3000, n), "damage": rng.choice(["None", "Minor", "Substantial"], n)})
    forecasts = {o.pain_point_id for o in rank([summary_of(strikes, "strikes")], default_catalogue())
                 if o.pain_point_id.endswith("forecasting")}
    assert not forecasts & {"demand_forecasting", "sales_forecasting", "call_volume_forecasting"}, forecasts
    orders = strikes.rename(columns={"atype": "product", "phase_of_flt": "store"})
    ranked = rank([summary_of(orders, "orders")], default_catalogue())
    demand = next(o for o in ranked if o.pain_point_id == "demand_forecasting")
    assert demand.target is None and demand.time_column == "date"


@pytest.mark.parametrize("sample, expected, within", [
    ("telecom_churn", "churn", 1), ("bank_calls", "call_volume_forecasting", 1),
    ("food_deliveries", "delivery_time", 1), ("credit_applications", "credit_risk", 3)])
def test_samples_rank_without_their_own_column_names_in_the_catalogue(sample_dir_module, sample, expected, within):
    """The catalogue's context words must not be the sample files' column names: with every word of the sample's
    columns struck from the context vocabulary, the sample still ranks its use case where it did."""
    from mlscout.text import name_tokens

    dataset = load_table(sample_dir_module / f"{sample}.csv")[0]
    words = {token for column in dataset.frame.columns for token in (str(column).lower(), *name_tokens(str(column)))}
    catalogue = default_catalogue()
    stripped = catalogue.model_copy(update={"pain_points": tuple(
        point.model_copy(update={"context_keywords": tuple(k for k in point.context_keywords
                                                           if k not in words and not set(k.split("_")) <= words)})
        for point in catalogue.pain_points)})
    assert any(p.context_keywords != q.context_keywords
               for p, q in zip(catalogue.pain_points, stripped.pain_points, strict=True)), "nothing was struck"
    ranked = [o.pain_point_id for o in rank([analyse_dataset(dataset, now=NOW)], stripped)]
    assert expected in ranked[:within], ranked[:5]


def test_word_forms_match_but_short_stems_do_not():
    """'responded' is the word 'respond', 'claims' the word 'claim'; 'rating' is not 'rate'."""
    from mlscout.opportunities import _name_score

    assert _name_score("responded", ["respond"]) >= 0.8
    assert _name_score("total_claims", ["claim"]) >= 0.8
    assert _name_score("unemployment_rate", ["rating"]) == 0.0


def test_a_fairness_audit_needs_a_decision_not_any_yes_no_column():
    """HMDA mortgages: 'deny' beside race is a decision to audit; a smoking survey's 'smoke' beside sex and age is
    no decision, although it is a yes/no column beside protected attributes."""
    rng = np.random.default_rng(11)
    n = 2400
    people = {"race": rng.choice(["white", "black"], n), "sex": rng.choice(["male", "female"], n),
              "age": rng.integers(18, 80, n), "income": rng.gamma(3, 20_000, n).round(0)}
    decisions = pd.DataFrame({**people, "deny": rng.choice(["yes", "no"], n, p=[0.12, 0.88])})
    survey = pd.DataFrame({**people, "smoke": rng.choice(["yes", "no"], n, p=[0.2, 0.8])})
    ids = {o.pain_point_id for o in rank([summary_of(decisions, "mortgage_applications")], default_catalogue(),
                                         Settings(targets=("mortgage_applications:deny",)))}
    assert "decision_fairness_audit" in ids
    ids = {o.pain_point_id for o in rank([summary_of(survey, "survey")], default_catalogue(),
                                         Settings(targets=("survey:smoke",)))}
    assert "decision_fairness_audit" not in ids


def test_decimal_years_are_a_time_axis_for_forecasting():
    """Texas housing: 'date' = 2000.0833 for February 2000, monthly sales per city."""
    rng = np.random.default_rng(12)
    months = np.arange(12 * 15)
    frame = pd.concat([pd.DataFrame({"city": city, "date": 2000 + months / 12, "sales": rng.poisson(80, len(months)),
                                     "listings": rng.poisson(700, len(months))}) for city in ("Abilene", "Austin")])
    ranked = rank([summary_of(frame, "housing_sales")], default_catalogue(), Settings(targets=("housing_sales:sales",)))
    forecasts = [o for o in ranked if o.pain_point_id in ("sales_forecasting", "demand_forecasting")]
    assert forecasts and forecasts[0].time_column == "date"
    from mlscout.profiling.columns import to_timestamps

    stamps = to_timestamps(frame["date"])
    assert str(stamps.iloc[1])[:7] == "2000-02" and str(stamps.iloc[12])[:7] == "2001-01"


def test_the_ranking_says_whether_its_top_three_holds_when_the_weights_move(sample_dir_module):
    from mlscout.opportunities import ranking_stability

    summaries = [analyse_dataset(load_table(path)[0], now=NOW) for path in sorted(sample_dir_module.glob("*.csv"))]
    steady = ranking_stability(summaries, default_catalogue())
    assert steady.variations == 10 and steady.changed == 0 and steady.text.startswith("Stable")
    # moved by 90%, business impact stops dominating and the top 3 changes: the note says so, with an example
    shaken = ranking_stability(summaries, default_catalogue(), change=0.9)
    assert shaken.changed > 0 and "±90%" in shaken.text and shaken.examples
    with pytest.raises(ValueError, match="between 0 and 1"):
        ranking_stability(summaries, default_catalogue(), change=3)


def test_price_optimisation_needs_prices():
    """Victoria's electricity: 'Demand' beside temperature and a working-day flag is no pricing problem; the same
    demand beside the price charged is."""
    rng = np.random.default_rng(13)
    n = 6000
    load = pd.DataFrame({"Demand": rng.gamma(5, 1.0, n).round(3), "WorkDay": rng.integers(0, 2, n),
                         "Temperature": rng.normal(18, 6, n).round(1)})
    ids = {o.pain_point_id for o in rank([summary_of(load, "electricity")], default_catalogue(),
                                         Settings(targets=("electricity:Demand",)))}
    assert "price_optimisation" not in ids
    priced = load.assign(price=rng.uniform(20, 80, n).round(2))
    ids = {o.pain_point_id for o in rank([summary_of(priced, "electricity")], default_catalogue(),
                                         Settings(targets=("electricity:Demand",)))}
    assert "price_optimisation" in ids


def test_an_outcome_named_by_its_values_fits_and_sets_the_task():
    """Korean COVID-19 patients: 'state' holds released / isolated / deceased. The values say mortality; the name
    says nothing. The same 'state' holding provinces in the same table is no outcome."""
    rng = np.random.default_rng(21)
    n = 3000
    patients = pd.DataFrame({
        "sex": rng.choice(["male", "female"], n), "age": rng.choice(["20s", "30s", "50s", "70s"], n),
        "infection_case": rng.choice(["contact with patient", "overseas inflow", "etc"], n),
        "symptom_onset_days": rng.integers(0, 20, n), "disease": rng.choice([0, 1], n, p=[0.9, 0.1]),
        "contact_number": rng.poisson(12, n),
        "state": rng.choice(["released", "isolated", "deceased"], n, p=[0.55, 0.42, 0.03])})
    ranked = rank([summary_of(patients, "patients")], default_catalogue(), Settings(targets=("patients:state",)))
    assert ranked[0].pain_point_id == "clinical_risk" and ranked[0].task == "multiclass"
    assert "its values name the outcome" in ranked[0].rationale["data_fit"]
    provinces = patients.assign(state=rng.choice(["Seoul", "Busan", "Daegu", "Gyeonggi-do"], n))
    ids = [o.pain_point_id for o in rank([summary_of(provinces, "patients")], default_catalogue(),
                                         Settings(targets=("patients:state",)))]
    assert "clinical_risk" not in ids


def test_a_tip_is_the_satisfaction_of_a_ride_and_staff_satisfaction_is_no_customer_satisfaction():
    """Chicago taxi trips: a yes/no 'tip' beside fare, distance and hour is satisfaction recorded as a choice, a
    binary task. IBM HR: 'EnvironmentSatisfaction' among job roles and salaries is not customers' satisfaction."""
    rng = np.random.default_rng(22)
    n = 4000
    trips = pd.DataFrame({"distance": rng.gamma(2, 2, n).round(2), "company": rng.choice(["Flash Cab", "Sun Taxi",
                                                                                          "City Service"], n),
                          "local": rng.choice(["yes", "no"], n), "dow": rng.integers(1, 8, n),
                          "tip": rng.choice(["yes", "no"], n, p=[0.92, 0.08])})
    ranked = rank([summary_of(trips, "taxi_trips")], default_catalogue(), Settings(targets=("taxi_trips:tip",)))
    assert ranked[0].pain_point_id == "customer_satisfaction" and ranked[0].task == "binary"
    staff = pd.DataFrame({"Department": rng.choice(["Sales", "R&D", "HR"], n), "JobRole": rng.choice(
        ["Manager", "Research Scientist", "Sales Executive"], n), "MonthlyIncome": rng.integers(1000, 20000, n),
        "YearsInCurrentRole": rng.integers(0, 18, n), "EnvironmentSatisfaction": rng.integers(1, 5, n),
        "PerformanceRating": rng.integers(3, 5, n), "Attrition": rng.choice(["Yes", "No"], n, p=[0.16, 0.84])})
    ranked = rank([summary_of(staff, "hr")], default_catalogue())
    offered = {(o.pain_point_id, o.target) for o in ranked}
    assert not {p for p, _ in offered} & {"customer_satisfaction", "property_valuation", "hotel_pricing"}, offered
    assert ("employee_attrition", "Attrition") in offered


def test_a_crash_fatality_is_an_injury_risk_not_a_patient_mortality():
    """NASS crash occupants: 'dead' beside airbag, seatbelt, impact speed band and the occupant's role."""
    rng = np.random.default_rng(23)
    n = 5000
    crashes = pd.DataFrame({"dvcat": rng.choice(["1-9km/h", "10-24", "25-39", "40-54", "55+"], n),
                            "airbag": rng.choice(["airbag", "none"], n), "seatbelt": rng.choice(["belted", "none"], n),
                            "frontal": rng.integers(0, 2, n), "ageOFocc": rng.integers(16, 90, n),
                            "occRole": rng.choice(["driver", "pass"], n),
                            "dead": rng.choice(["alive", "dead"], n, p=[0.95, 0.05])})
    ranked = rank([summary_of(crashes, "crash_occupants")], default_catalogue(),
                  Settings(targets=("crash_occupants:dead",)))
    assert ranked[0].pain_point_id == "injury_risk", [o.pain_point_id for o in ranked[:3]]


def test_test_results_over_day_numbers_are_positivity_to_monitor():
    """CHOP COVID-19 tests: one row per test, 'pan_day' the day of the pandemic (4 to 107, the rows in its order),
    'result' negative / positive / invalid. Positives per day is the quantity to forecast; the classification
    baseline of 'result' uses time-ordered folds on the day."""
    from mlscout.baselines import baseline_inputs, evaluate
    from mlscout.forecasting import event_class

    rng = np.random.default_rng(24)
    days = np.sort(rng.integers(4, 108, 6000))
    wave = 0.02 + 0.08 * np.exp(-((days - 70) / 15.0) ** 2)
    tests = pd.DataFrame({"pan_day": days, "clinic_name": rng.choice(["emergency dept", "clinical lab", "nicu"], 6000),
                          "drive_thru_ind": rng.integers(0, 2, 6000),
                          "result": np.where(rng.random(6000) < wave, "positive",
                                             rng.choice(["negative", "invalid"], 6000, p=[0.98, 0.02])),
                          "patient_class": rng.choice(["inpatient", "outpatient", "emergency"], 6000),
                          "col_rec_tat": rng.gamma(2, 0.5, 6000).round(1)})
    summary = summary_of(tests, "covid_tests")
    day = next(c for c in summary.columns if c.name == "pan_day")
    assert day.time_part is not None and day.time_part.kind == "day_index"
    ranked = rank([summary], default_catalogue(), Settings(targets=("covid_tests:result",)))
    assert ranked[0].pain_point_id == "outbreak_monitoring" and ranked[0].time_column == "pan_day"
    assert event_class(next(c for c in summary.columns if c.name == "result")) == "positive"
    forecast = evaluate(tests, "result", task="forecasting", time_column="pan_day", budget_s=20, dataset="t")
    assert forecast.forecast.aggregation == "count of 'positive' in result" and forecast.forecast.frequency == "day"
    assert baseline_inputs(summary.columns, "result")["time_column"] == "pan_day"
    # the same numbers shuffled, or a day of the month, are no time axis
    shuffled = summary_of(tests.sample(frac=1, random_state=1), "shuffled")
    assert next(c for c in shuffled.columns if c.name == "pan_day").time_part is None
    month_days = summary_of(tests.assign(pan_day=np.sort(rng.integers(1, 32, 6000))), "month_days")
    assert next(c for c in month_days.columns if c.name == "pan_day").time_part is None


def test_protected_attributes_identifiers_and_calendar_parts_are_never_proposed_as_targets():
    """Bike rentals and census-like rows: 'season', 'mnth', 'hr', 'weekday', 'sex' and 'marital-status' look like
    outcomes by shape (a few classes, yes/no); none is something to predict."""
    rng = np.random.default_rng(25)
    n = 3000
    frame = pd.DataFrame({"season": rng.integers(1, 5, n), "mnth": rng.integers(1, 13, n), "hr": rng.integers(0, 24, n),
                          "weekday": rng.integers(0, 7, n), "workingday": rng.integers(0, 2, n),
                          "sex": rng.choice(["Male", "Female"], n),
                          "marital-status": rng.choice(["Married-civ-spouse", "Never-married", "Divorced"], n),
                          "temp": rng.uniform(0, 1, n).round(3), "cnt": rng.poisson(190, n)})
    summary = summary_of(frame, "rentals")
    proposed = {t.column for t in summary.likely_targets} | {o.target for o in rank([summary], default_catalogue())}
    assert not proposed & {"season", "mnth", "hr", "weekday", "workingday", "sex", "marital-status"}, proposed
    assert "cnt" in proposed
    # declared by the user, any column is theirs to predict
    ranked = rank([summary], default_catalogue(), Settings(targets=("rentals:sex",)))
    assert ranked[0].target == "sex"


def test_the_shape_of_a_table_says_its_entity_time_axis_outcomes_and_text():
    """Chicago transit ridership: one row per day, 'rides' the quantity. A daily table has no events to count; its
    quantity is forecast. Police stops: timestamps every few seconds at random are events."""
    rng = np.random.default_rng(26)
    days = pd.date_range("2018-01-01", periods=900, freq="D")
    daily = pd.DataFrame({"service_date": days, "day_type": np.where(days.dayofweek < 5, "W", "A"),
                          "bus": rng.poisson(700_000, 900), "rail_boardings": rng.poisson(500_000, 900),
                          "total_rides": rng.poisson(1_200_000, 900)})
    summary = summary_of(daily, "transit_daily")
    assert summary.shape.time is not None and summary.shape.time.column == "service_date"
    assert summary.shape.time.rows == "one per period" and summary.shape.time.step == "1 day"
    forecasts = [o for o in rank([summary], default_catalogue()) if o.task == "forecasting"]
    assert forecasts and all(o.target is not None for o in forecasts), [(o.pain_point_id, o.target) for o in forecasts]
    # a daily staffing table of a contact centre: counting its rows per day would forecast a constant 1
    staffing = pd.DataFrame({"date": days, "queue": rng.choice(["billing", "support"], 900),
                             "channel": rng.choice(["phone", "chat"], 900), "agents": rng.integers(20, 40, 900)})
    counted = [o for o in rank([summary_of(staffing, "staffing")], default_catalogue())
               if o.task == "forecasting" and o.target is None]
    assert not counted, [o.pain_point_id for o in counted]
    as_events = staffing.loc[staffing.index.repeat(rng.integers(1, 30, 900))].reset_index(drop=True)
    counted = [o.pain_point_id for o in rank([summary_of(as_events, "calls")], default_catalogue())
               if o.task == "forecasting" and o.target is None]
    assert "call_volume_forecasting" in counted
    stops = pd.DataFrame({"date": pd.Timestamp("2017-01-01") + pd.to_timedelta(np.sort(rng.integers(0, 3e7, 5000)),
                                                                             unit="s"),
                          "problem": rng.choice(["traffic", "suspicious"], 5000),
                          "notes": [f"Stopped near {rng.choice(['Lake St', 'Hennepin Ave'])} at about "
                                    f"{rng.integers(1, 12)} o'clock, driver cooperative, no further action taken "
                                    f"#{i}" for i in range(5000)]})
    shape = summary_of(stops, "stops").shape
    assert shape.time.rows == "events" and shape.text_columns == ("notes",)
    assert "time axis 'date' (events" in shape.text()


def test_a_target_matched_by_its_name_only_never_heads_the_ranking():
    """A loan book: 'num_default_accounts' carries a credit-risk word but counts accounts (values of another shape).
    Even with a side baseline scoring it 100, it stays below the first three, and the pipeline runs no side baseline
    on it."""
    from types import SimpleNamespace

    rng = np.random.default_rng(27)
    n = 3000
    loans = pd.DataFrame({"loan_amount": rng.gamma(3, 5000, n).round(0), "annual_income": rng.gamma(4, 15000, n),
                          "interest_rate": rng.uniform(5, 25, n).round(2), "grade": rng.choice(list("ABCDE"), n),
                          "num_default_accounts": rng.poisson(0.3, n), "months_employed": rng.integers(0, 400, n)})
    summary = summary_of(loans, "loan_book")
    weak = [o for o in rank([summary], default_catalogue()) if o.target_match == "name only"]
    assert weak, "the case needs a name-only match"
    strong = SimpleNamespace(feasibility=100.0, verdict="strong", lift=0.4, metric="ROC AUC")
    boosted = rank([summary], default_catalogue(), baselines={("loan_book", weak[0].target): strong})
    assert weak[0].target not in {o.target for o in boosted[:3]}
    assert not weak[0].confident


def test_the_purpose_of_a_generic_target_names_its_entry_and_survives_the_settings_file():
    from mlscout.opportunities import pain_point_of
    from mlscout.settings import settings_from_yaml, settings_to_yaml

    rng = np.random.default_rng(28)
    frame = pd.DataFrame({"years_experience": rng.integers(0, 30, 800), "honors": rng.integers(0, 2, 800),
                          "invited_back": rng.choice(["yes", "no"], 800, p=[0.1, 0.9])})
    summary = summary_of(frame, "resumes")
    settings = Settings(targets=("resumes:invited_back",),
                        target_purposes={"resumes.csv:invited_back": "Shortlist applicants faster"})
    settings = settings_from_yaml(settings_to_yaml(settings))
    top = rank([summary], default_catalogue(), settings)[0]
    assert top.pain_point == "Predict invited_back: Shortlist applicants faster"
    point = pain_point_of(top, default_catalogue(), [summary], settings)
    assert point.value_driver == "Shortlist applicants faster" and point.problem.endswith("to shortlist applicants "
                                                                                         "faster.")


def test_a_purpose_is_set_replaced_and_cleared_in_the_settings():
    settings = Settings().with_target_purpose("resumes", "received_callback", "  Shortlist faster ")
    assert settings.target_purpose("resumes", "received_callback") == "Shortlist faster"
    settings = settings.with_target_purpose("resumes", "received_callback", "Hire sooner")
    assert settings.target_purposes == {"resumes:received_callback": "Hire sooner"}
    assert settings.with_target_purpose("resumes", "received_callback", " ").target_purposes == {}


def test_a_word_of_every_trade_alone_names_no_use_case():
    """survival's nafld2 (lab tests: id, days, test, value), nlme's Remifentanil (an infusion 'Rate') and MASS's
    Aids2 (a patient's vital 'status') were ranked as price estimation, hotel pricing and credit risk; MASS's
    geyser (an eruption's 'duration') as claims duration, Swedish towns' 'revenues' as hotel pricing. Beside the
    columns of the use case the same words still count: a car's 'value' beside make, model and mileage."""
    rng = np.random.default_rng(29)
    n = 3000
    labs = pd.DataFrame({"id": rng.integers(1, 600, n), "days": rng.integers(0, 5000, n),
                         "test": rng.choice(["hdl", "chol", "fib4"], n), "value": rng.gamma(3, 20, n).round(1)})
    infusion = pd.DataFrame({"Subject": rng.integers(1, 65, n), "Time": rng.uniform(0, 300, n).round(1),
                             "conc": rng.gamma(2, 3, n).round(2), "Rate": rng.choice([0, 20, 40, 80], n),
                             "Amt": rng.gamma(2, 50, n).round(0), "Wt": rng.normal(75, 12, n).round(1)})
    patients = pd.DataFrame({"state": rng.choice(["NSW", "VIC", "QLD"], n), "diag": rng.integers(8000, 12000, n),
                             "death": rng.integers(8000, 13000, n), "status": rng.choice(["A", "D"], n),
                             "T.categ": rng.choice(["hs", "id", "blood"], n)})
    ranked = rank([summary_of(labs, "labs"), summary_of(infusion, "infusion"), summary_of(patients, "patients")],
                  default_catalogue())
    proposed = {(o.dataset, o.pain_point_id, o.target) for o in ranked if o.target}
    pupils = pd.DataFrame({"schoolid": rng.integers(1, 60, n), "year": rng.integers(0, 3, n),
                           "grade": rng.integers(1, 6, n), "math": rng.normal(0, 1, n).round(2),
                           "retained": rng.choice([0, 1], n, p=[0.96, 0.04])})  # mlmRev's egsingle: held back
    proposed |= {(o.dataset, o.pain_point_id, o.target) for o in rank([summary_of(pupils, "pupils")],
                                                                       default_catalogue()) if o.target}
    geyser = pd.DataFrame({"waiting": rng.integers(43, 108, n), "duration": rng.gamma(4, 1, n).round(2)})
    towns = pd.DataFrame({"municipality": rng.integers(114, 2700, n), "year": rng.integers(1979, 1988, n),
                          "expenditures": rng.gamma(2, 0.01, n), "revenues": rng.gamma(2, 0.01, n),
                          "grants": rng.gamma(2, 0.002, n)})  # AER's Municipalities (Swedish towns)
    proposed |= {(o.dataset, o.pain_point_id, o.target) for o in rank(
        [summary_of(geyser, "geyser"), summary_of(towns, "towns")], default_catalogue()) if o.target}
    assert not proposed & {("labs", "price_estimation", "value"), ("labs", "property_valuation", "value"),
                           ("infusion", "hotel_pricing", "Rate"), ("patients", "credit_risk", "status"),
                           ("pupils", "churn", "retained"), ("geyser", "claims_duration", "duration"),
                           ("geyser", "route_duration", "duration"), ("towns", "hotel_pricing", "revenues")}
    cars = pd.DataFrame({"make": rng.choice(["ford", "vw", "fiat"], n), "model": rng.choice(list("abcdef"), n),
                         "mileage": rng.integers(1000, 200_000, n), "year": rng.integers(2000, 2024, n),
                         "value": rng.gamma(4, 3000, n).round(0)})
    top = rank([summary_of(cars, "cars")], default_catalogue())[:3]
    assert ("price_estimation", "value") in {(o.pain_point_id, o.target) for o in top}


def test_a_guess_by_value_shape_needs_a_clear_favourite():
    """Wooldridge's recid: ten yes/no columns (alcohol, drugs, felon, ...) beside prior convictions; recidivism was
    proposed on 'alcohol', the first of equals. With nothing to tell them apart, no column is guessed."""
    rng = np.random.default_rng(31)
    n = 1400
    flags = {name: rng.integers(0, 2, n) for name in ("alcohol", "drugs", "super", "felon", "workprg", "property",
                                                      "person")}
    frame = pd.DataFrame({**flags, "priors": rng.poisson(1.5, n), "tserved": rng.integers(1, 120, n),
                          "age": rng.integers(200, 900, n), "sentence": rng.integers(6, 120, n),
                          "program": rng.integers(0, 2, n), "educ": rng.integers(6, 18, n)})
    ranked = rank([summary_of(frame, "recid")], default_catalogue())
    assert not [o for o in ranked if o.pain_point_id == "recidivism_risk" and o.target in flags]


def test_an_unsupervised_use_case_needs_the_columns_of_its_rows():
    """dplyr's storms (a storm's name, wind, pressure, position) was offered customer segmentation, as were 630 of
    1,191 R datasets with no customer column at all (bird measurements, rice farms, births). With no outcome to
    match, two typical columns say the rows are customers; a table of spend and orders still gets it."""
    rng = np.random.default_rng(37)
    n = 2000
    storms = pd.DataFrame({"name": rng.choice(["Amy", "Bob", "Caroline", "Doris"], n),
                           "lat": rng.uniform(10, 50, n).round(1), "long": rng.uniform(-100, -20, n).round(1),
                           "wind": rng.integers(15, 160, n), "pressure": rng.integers(880, 1020, n),
                           "category": rng.choice(["TS", "1", "2", "3"], n)})
    penguins = pd.DataFrame({"species": rng.choice(["Adelie", "Gentoo"], n),
                             "bill_length_mm": rng.normal(44, 5, n).round(1),
                             "flipper_length_mm": rng.normal(200, 14, n).round(0),
                             "body_mass_g": rng.normal(4200, 800, n).round(0)})
    ranked = rank([summary_of(storms, "storms"), summary_of(penguins, "penguins")], default_catalogue())
    assert not [o for o in ranked if o.pain_point_id == "customer_segmentation"]
    shoppers = pd.DataFrame({"customer_id": np.arange(n), "spend": rng.lognormal(5, 1, n).round(2),
                             "orders": rng.poisson(4, n), "age": rng.integers(18, 80, n)})
    top = rank([summary_of(shoppers, "shoppers")], default_catalogue())[:3]
    assert "customer_segmentation" in {o.pain_point_id for o in top}


def test_a_year_or_the_target_itself_is_no_column_of_the_use_case():
    """stevedata's arcticseaice (year, value, bounds) and datasets' sunspot.year were ranked as price estimation:
    'value' is a word of every trade and 'year', the only typical column, is in every table. survival's gbsg had
    a tumour's 'size' as a price by value shape, counting its own name among the typical columns (size, grade,
    age); carData's Arrests its 'checks' (colour, year, age). openintro's law_resume 'outcome' (an interview) was
    clinical risk."""
    rng = np.random.default_rng(41)
    n = 1200
    ice = pd.DataFrame({"year": np.arange(1901, 1901 + n), "value": rng.normal(1.1e7, 5e5, n).round(0),
                        "ub": rng.normal(1.2e7, 5e5, n).round(0), "lb": rng.normal(1.0e7, 5e5, n).round(0)})
    tumours = pd.DataFrame({"pid": np.arange(n), "age": rng.integers(21, 80, n), "meno": rng.integers(0, 2, n),
                            "size": rng.gamma(3, 10, n).round(0), "grade": rng.integers(1, 4, n),
                            "nodes": rng.poisson(4, n), "pgr": rng.gamma(1, 100, n).round(0),
                            "er": rng.gamma(1, 80, n).round(0), "rfstime": rng.integers(8, 2659, n)})
    arrests = pd.DataFrame({"released": rng.choice(["Yes", "No"], n), "colour": rng.choice(["White", "Black"], n),
                            "year": rng.integers(1997, 2003, n), "age": rng.integers(12, 66, n),
                            "sex": rng.choice(["Male", "Female"], n), "checks": rng.poisson(1.6, n)})
    resumes = pd.DataFrame({"class": rng.choice(["high", "low"], n), "gender": rng.choice(["male", "female"], n),
                            "outcome": rng.choice(["interview", "no_interview"], n, p=[0.1, 0.9])})
    ranked = rank([summary_of(ice, "arcticseaice"), summary_of(tumours, "gbsg"), summary_of(arrests, "arrests"),
                   summary_of(resumes, "law_resume")], default_catalogue())
    proposed = {(o.dataset, o.pain_point_id, o.target) for o in ranked if o.target}
    assert not proposed & {("arcticseaice", "price_estimation", "value"), ("gbsg", "price_estimation", "size"),
                           ("arrests", "price_estimation", "checks"), ("law_resume", "clinical_risk", "outcome")}
    # a car's model year still counts beside make and model, and a patient's outcome beside a diagnosis
    cars = pd.DataFrame({"make": rng.choice(["ford", "vw"], n), "model": rng.choice(list("abc"), n),
                         "year": rng.integers(2000, 2024, n), "price": rng.gamma(4, 3000, n).round(0)})
    patients = pd.DataFrame({"age": rng.integers(30, 90, n), "diagnosis": rng.choice(["mi", "angina"], n),
                             "outcome": rng.choice(["live", "dead"], n, p=[0.8, 0.2])})
    top = {(o.dataset, o.pain_point_id, o.target) for o in rank([summary_of(cars, "cars"),
                                                                 summary_of(patients, "admissions")],
                                                                default_catalogue())}
    assert {("cars", "price_estimation", "price"), ("admissions", "clinical_risk", "outcome")} <= top


def test_the_past_and_a_description_are_no_outcome():
    """modeldata's hotel_rates (bookings without a cancellation column): demand forecasting was offered on
    'previous_bookings_not_canceled', the guest's past, and booking cancellation on 'is_repeated_guest' by its
    yes/no values alone. Room-rate prediction on 'avg_price_per_room' stays."""
    rng = np.random.default_rng(43)
    n = 4000
    bookings = pd.DataFrame({
        "avg_price_per_room": rng.gamma(6, 18, n).round(2), "lead_time": rng.integers(0, 400, n),
        "stays_in_weekend_nights": rng.integers(0, 3, n), "stays_in_week_nights": rng.integers(0, 6, n),
        "adults": rng.integers(1, 4, n), "children": rng.integers(0, 3, n),
        "market_segment": rng.choice(["online_travel_agent", "direct", "groups"], n),
        "is_repeated_guest": rng.choice([0, 1], n, p=[0.96, 0.04]),
        "previous_cancellations": rng.poisson(0.1, n), "previous_bookings_not_canceled": rng.poisson(0.2, n),
        "booking_changes": rng.poisson(0.3, n), "arrival_date": pd.Timestamp("2016-07-01")
        + pd.to_timedelta(rng.integers(0, 400, n), unit="D")})
    ranked = rank([summary_of(bookings, "hotel_rates")], default_catalogue())
    proposed = {(o.pain_point_id, o.target) for o in ranked}
    assert not {t for _, t in proposed} & {"previous_bookings_not_canceled", "previous_cancellations",
                                           "is_repeated_guest"}, proposed
    assert ("hotel_pricing", "avg_price_per_room") in {(o.pain_point_id, o.target) for o in ranked[:3]}


def test_property_valuation_needs_rows_about_properties(sample_dir_module):
    """The sample credit applications (modeldata's credit_data): 'Price' is the price of what the applicant buys,
    beside income, debt and assets: rows about borrowers, not properties. Property valuation was second, above
    credit risk. A table of houses (lot, bedrooms, bathrooms, garage, stories) keeps it first; a table of computers
    with a price does not get it."""
    credit = analyse_dataset(load_table(sample_dir_module / "credit_applications.csv")[0], now=NOW)
    ranked = [o.pain_point_id for o in rank([credit], default_catalogue())]
    assert "property_valuation" not in ranked and "credit_risk" in ranked[:3], ranked[:5]
    rng = np.random.default_rng(12)
    n = 600
    lot, bedrooms = rng.integers(1500, 16000, n), rng.integers(1, 6, n)
    houses = pd.DataFrame({"price": (20000 + 4 * lot + 9000 * bedrooms + rng.normal(0, 8000, n)).round(-2),
                           "lotsize": lot, "bedrooms": bedrooms, "bathrooms": rng.integers(1, 4, n),
                           "stories": rng.integers(1, 4, n), "garage_spaces": rng.integers(0, 3, n),
                           "driveway": rng.choice(["yes", "no"], n)})
    top = rank([summary_of(houses, "houses")], default_catalogue())[0]
    assert (top.pain_point_id, top.target) == ("property_valuation", "price")
    # Ecdat's Computers: a price beside speed, hard disk and RAM is a product's, whatever else is missing
    computers = pd.DataFrame({"price": (900 + 2 * lot / 10).round(), "speed": rng.choice([25, 33, 50, 66, 100], n),
                              "hd": rng.integers(80, 2100, n), "ram": rng.choice([2, 4, 8, 16, 32], n),
                              "screen": rng.choice([14, 15, 17], n), "premium": rng.choice(["yes", "no"], n)})
    offered = [o.pain_point_id for o in rank([summary_of(computers, "computers")], default_catalogue())]
    assert "price_estimation" in offered and "property_valuation" not in offered, offered


def test_a_word_of_every_trade_with_values_of_another_shape_names_no_use_case():
    """MASS's epil: 'y' is a count of seizures beside 'age'; 'y' is also the bank-marketing campaign's yes/no. A
    generic name (y, status, return) with values of another shape was offered, 'name only', as a campaign response
    or a credit risk; with the expected values it still is."""
    rng = np.random.default_rng(13)
    n = 2400
    epil = pd.DataFrame({"y": rng.poisson(8, n), "trt": rng.choice(["placebo", "progabide"], n),
                         "base": rng.integers(6, 150, n), "age": rng.integers(18, 42, n),
                         "subject": np.repeat(np.arange(n // 4), 4), "period": np.tile([1, 2, 3, 4], n // 4)})
    offered = [(o.pain_point_id, o.target) for o in rank([summary_of(epil, "epil")], default_catalogue())]
    assert ("campaign_response", "y") not in offered, offered
    # carData's Chile: a plebiscite 'vote' of Y / N / A / U is no response for holding the value 'Y'
    chile = pd.DataFrame({"region": rng.choice(["C", "M", "N", "S", "SA"], n), "age": rng.integers(18, 70, n),
                          "income": rng.choice([2500, 7500, 15000, 35000, 75000], n),
                          "vote": rng.choice(["Y", "N", "A", "U"], n)})
    offered = [(o.pain_point_id, o.target) for o in rank([summary_of(chile, "chile")], default_catalogue())]
    assert ("campaign_response", "vote") not in offered, offered
    bank = pd.DataFrame({"age": rng.integers(18, 90, n), "job": rng.choice(["admin.", "technician", "retired"], n),
                         "balance": rng.integers(-500, 9000, n), "contact": rng.choice(["cellular", "telephone"], n),
                         "campaign": rng.integers(1, 8, n), "previous": rng.integers(0, 4, n),
                         "y": rng.choice(["no", "yes"], n, p=[0.88, 0.12])})
    offered = [(o.pain_point_id, o.target) for o in rank([summary_of(bank, "bank")], default_catalogue())]
    assert ("campaign_response", "y") in offered[:3], offered


def test_a_word_of_every_trade_needs_its_values_or_two_columns_of_the_use_case():
    """ISLR's College: 'Grad.Rate' beside 'Room.Board' (one hotel word) was offered as hotel room rates. Whickham's
    'outcome' (Alive / Dead, beside smoker and age) stays a patient's mortality: its values say so."""
    rng = np.random.default_rng(14)
    n = 1300
    college = pd.DataFrame({"Private": rng.choice(["Yes", "No"], n), "Apps": rng.integers(100, 40000, n),
                            "Accept": rng.integers(90, 26000, n), "Outstate": rng.integers(2300, 21700, n),
                            "Room.Board": rng.integers(1780, 8124, n), "Books": rng.integers(96, 2340, n),
                            "PhD": rng.integers(8, 103, n), "Grad.Rate": rng.integers(10, 100, n)})
    offered = [(o.pain_point_id, o.target) for o in rank([summary_of(college, "College")], default_catalogue())]
    assert ("hotel_pricing", "Grad.Rate") not in offered, offered
    age = rng.integers(18, 85, n)
    whickham = pd.DataFrame({"outcome": np.where(rng.random(n) < 1 / (1 + np.exp(6 - 0.08 * age)), "Dead", "Alive"),
                             "smoker": rng.choice(["Yes", "No"], n), "age": age})
    offered = [(o.pain_point_id, o.target) for o in rank([summary_of(whickham, "Whickham")], default_catalogue())]
    assert ("clinical_risk", "outcome") in offered[:1], offered


def test_surviving_a_shipwreck_is_no_patients_mortality_but_surviving_intensive_care_is():
    """The Titanic's 'survived' (beside class, sex, age, fare) was offered as patient risk stratification in four
    R packages' copies. Surviving says nothing clinical by itself; beside vital signs and an infection
    (Stat2Data's ICU: 'Survive', 'Infection', 'SysBP', 'Pulse', 'Emergency') it does."""
    rng = np.random.default_rng(17)
    n = 1300
    titanic = pd.DataFrame({"survived": rng.choice(["yes", "no"], n, p=[0.38, 0.62]),
                            "passengerClass": rng.choice(["1st", "2nd", "3rd"], n), "sex": rng.choice(["male", "female"], n),
                            "age": rng.integers(1, 80, n), "fare": rng.gamma(2, 15, n).round(2),
                            "embarked": rng.choice(["S", "C", "Q"], n)})
    offered = [(o.pain_point_id, o.target) for o in rank([summary_of(titanic, "Titanic")], default_catalogue())]
    assert ("clinical_risk", "survived") not in offered, offered
    icu = pd.DataFrame({"Survive": rng.choice([0, 1], n, p=[0.2, 0.8]), "Age": rng.integers(16, 92, n),
                        "Sex": rng.choice([0, 1], n), "Infection": rng.choice([0, 1], n),
                        "SysBP": rng.integers(36, 256, n), "Pulse": rng.integers(39, 192, n),
                        "Emergency": rng.choice([0, 1], n)})
    offered = [(o.pain_point_id, o.target) for o in rank([summary_of(icu, "ICU")], default_catalogue())]
    assert ("clinical_risk", "Survive") in offered[:1], offered


def test_a_stock_exchanges_trading_volume_is_no_demand_nor_call_volume():
    """gt's sp500: daily open, high, low, close and 'volume' (shares traded) were offered as demand forecasting,
    call volume forecasting and workforce planning: 'volume' is a word of every trade."""
    rng = np.random.default_rng(15)
    n = 1500
    close = 1000 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    sp500 = pd.DataFrame({"date": pd.date_range("2010-01-04", periods=n, freq="B").strftime("%Y-%m-%d"),
                          "open": close * (1 + rng.normal(0, 0.003, n)), "high": close * 1.01, "low": close * 0.99,
                          "close": close, "volume": rng.integers(2_000_000_000, 6_000_000_000, n),
                          "adj_close": close})
    offered = {o.pain_point_id for o in rank([summary_of(sp500, "sp500")], default_catalogue())}
    assert not offered & {"demand_forecasting", "call_volume_forecasting", "workforce_planning"}, offered


def test_what_a_loan_has_paid_is_no_insurance_claim():
    """openintro's loans_full_schema: 'paid_total' beside loan amount, interest rate, installment and annual income
    was offered as an insurance claim's severity: claims serve rows about claims."""
    rng = np.random.default_rng(16)
    n = 2000
    amount = rng.integers(1000, 40000, n)
    loans = pd.DataFrame({"loan_amount": amount, "interest_rate": rng.uniform(5, 30, n).round(2),
                          "installment": (amount / 36).round(2), "annual_income": rng.integers(20000, 250000, n),
                          "debt_to_income": rng.uniform(0, 40, n).round(2), "term": rng.choice([36, 60], n),
                          "paid_total": (amount * rng.uniform(0.01, 0.3, n)).round(2)})
    offered = [(o.pain_point_id, o.target) for o in rank([summary_of(loans, "loans")], default_catalogue())]
    assert ("claims_severity", "paid_total") not in offered, offered


def test_an_opinion_is_a_score_on_a_scale():
    """ISLR's Credit: 'Rating' (93 to 982, a credit rating, beside Limit and Balance) was offered as customer
    satisfaction. A rating of 1 to 5 stars still is one."""
    rng = np.random.default_rng(17)
    n = 1200
    income = rng.gamma(3, 15, n).round(3)
    credit = pd.DataFrame({"Income": income, "Limit": (income * 90 + rng.normal(0, 800, n)).round(),
                           "Rating": (income * 7 + rng.integers(93, 300, n)).clip(93, 982).round(),
                           "Cards": rng.integers(1, 9, n), "Age": rng.integers(23, 98, n),
                           "Balance": rng.integers(0, 2000, n)})
    offered = [(o.pain_point_id, o.target) for o in rank([summary_of(credit, "Credit")], default_catalogue())]
    assert ("customer_satisfaction", "Rating") not in offered, offered
    reviews = pd.DataFrame({"customer_id": rng.integers(1, 400, n), "product": rng.choice(["a", "b", "c", "d"], n),
                            "service": rng.choice(["delivery", "pickup"], n), "wait_minutes": rng.integers(1, 60, n),
                            "agent": rng.choice(["x", "y", "z"], n), "rating": rng.integers(1, 6, n)})
    offered = [(o.pain_point_id, o.target) for o in rank([summary_of(reviews, "reviews")], default_catalogue())]
    assert ("customer_satisfaction", "rating") in offered, offered


def test_a_convertible_is_a_kind_of_car_not_a_conversion():
    """modeldata's car_prices: 0/1 body-style flags (convertible, coupe, sedan) beside Price, Mileage and Cylinder
    were offered as lead scoring and campaign response: 'convertible' shared the stem of 'converted'."""
    rng = np.random.default_rng(18)
    n = 804
    body = rng.choice(["convertible", "coupe", "hatchback", "sedan", "wagon"], n)
    cars = pd.DataFrame({"Price": rng.gamma(8, 2700, n).round(), "Mileage": rng.integers(266, 50387, n),
                         "Cylinder": rng.choice([4, 6, 8], n), "Doors": rng.choice([2, 4], n),
                         **{style: (body == style).astype(int) for style in ("convertible", "coupe", "sedan")}})
    offered = {(o.pain_point_id, o.target) for o in rank([summary_of(cars, "car_prices")], default_catalogue())}
    assert not {p for p, t in offered if t == "convertible"}, offered
