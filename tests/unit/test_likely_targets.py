"""The guessed target on the shapes of real tables, each beside the near-miss that must not be taken for one.

Small extracts of public tables (openintro's email, ISLR's Wage, ggplot2's diamonds, modeldata's car prices,
concrete mixes, Blizzard salaries, Wooldridge's injury claims, ISLR's Caravan): the guess pre-fills the app's
target setting and decides which column the imbalance check reads when no target is declared.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd

from mlscout.profiling.checks import run_checks
from mlscout.profiling.columns import likely_targets, reads_as_outcome
from mlscout.profiling.dataset import profile_dataset

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
rng = np.random.default_rng(11)
N = 600


def first_guess(frame: pd.DataFrame) -> str:
    return likely_targets(profile_dataset(frame, "t", now=NOW))[0].column


def flags(share: float) -> np.ndarray:
    return (rng.random(N) < share).astype(int)


def test_a_word_inside_another_word_names_no_outcome():
    """openintro email: 'exclaim_subj' holds 'claim' and was guessed (and called imbalanced) before 'spam'."""
    frame = pd.DataFrame({"spam": flags(0.09), "to_multiple": flags(0.16), "exclaim_subj": flags(0.08),
                          "num_char": rng.gamma(2, 5, N).round(3)})
    assert first_guess(frame) == "spam"
    imbalance = [f for f in run_checks(profile_dataset(frame, "t", now=NOW), frame, None, now=NOW)
                 if f.check_id == "class_imbalance"]
    assert [f.column for f in imbalance] == ["spam"]
    # the near-miss: the word itself, or its plural, still counts
    assert reads_as_outcome("is_fraud") and reads_as_outcome("defects") and reads_as_outcome("churned")
    assert not reads_as_outcome("workclass") and not reads_as_outcome("convertible")


def test_what_a_use_case_predicts_beats_a_yes_no_without_a_name():
    """ISLR Wage: 'jobclass' (industrial / information, 49%) is no outcome; 'wage' is what income estimation
    predicts. Concrete: 'compressive_strength' is what process yield predicts, 'cement' the first ingredient."""
    wage = pd.DataFrame({"age": rng.integers(18, 80, N), "jobclass": np.where(flags(0.49), "2. Information",
                                                                            "1. Industrial"),
                         "health_ins": np.where(flags(0.3), "2. No", "1. Yes"), "wage": rng.gamma(5, 22, N).round(2)})
    assert first_guess(wage) == "wage"
    concrete = pd.DataFrame({"cement": rng.uniform(100, 540, N).round(1), "water": rng.uniform(120, 250, N).round(1),
                             "age": rng.choice([3, 7, 28, 90], N),
                             "compressive_strength": rng.uniform(2, 82, N).round(2)})
    assert first_guess(concrete) == "compressive_strength"


def test_the_last_word_names_the_thing():
    """Blizzard salaries: 'salary_type' (year / hour / week) is a type of salary, 'current_salary' a salary."""
    frame = pd.DataFrame({"salary_type": rng.choice(["year", "hour", "week"], N),
                          "current_salary": rng.gamma(9, 12_000, N).round(0), "level": rng.choice(list("ABCDE"), N)})
    guesses = {t.column: t for t in likely_targets(profile_dataset(frame, "t", now=NOW))}
    assert first_guess(frame) == "current_salary"
    assert guesses["salary_type"].score < guesses["current_salary"].score
    assert any("a use case of the catalogue predicts" in r for r in guesses["current_salary"].reasons)


def test_y_beside_z_is_a_dimension_and_a_lone_y_the_response():
    """ggplot2 diamonds: x, y, z are length, width and depth in mm; price is the outcome. A textbook y beside
    its x stays the response."""
    size = rng.uniform(3.7, 10.7, N).round(2)
    diamonds = pd.DataFrame({"carat": (size / 6.5) ** 3, "price": rng.gamma(2, 2000, N).round(0), "x": size,
                             "y": (size * rng.normal(1, 0.01, N)).round(2), "z": (size * 0.62).round(2)})
    assert first_guess(diamonds) == "price"
    regression = pd.DataFrame({"x": rng.normal(0, 1, N), "y": rng.normal(0, 1, N), "firm": rng.integers(1, 60, N)})
    assert first_guess(regression) == "y"


def test_a_convertible_is_no_conversion_and_a_numbered_copy_keeps_its_word():
    """modeldata car_prices: 'convertible' shares the stem of 'converted'; test scores 'score4', 'score8'."""
    cars = pd.DataFrame({"Price": rng.gamma(6, 3500, N).round(0), "Mileage": rng.integers(300, 50_000, N),
                         "convertible": flags(0.05), "sedan": flags(0.5)})
    assert first_guess(cars) == "Price"
    schools = pd.DataFrame({"english": rng.uniform(0, 25, N), "lunch": rng.uniform(0, 80, N),
                            "score4": rng.normal(700, 20, N).round(0)})
    assert first_guess(schools) == "score4"


def test_an_abbreviated_outcome_is_found_by_its_stem():
    """Wooldridge injury: 'durat' (weeks of benefits) among yes/no flags of the claimant."""
    frame = pd.DataFrame({"durat": rng.gamma(1.2, 8, N).round(0) + 1, "afchnge": flags(0.47),
                          "highearn": flags(0.4), "hosp": flags(0.26)})
    assert first_guess(frame) == "durat"


def test_a_cross_sell_target_is_guessed_and_its_imbalance_reported():
    """ISLR Caravan: 'Purchase' (6% bought caravan insurance) among 85 socio-demographic codes."""
    frame = pd.DataFrame({f"MOSTYPE{i}": rng.integers(1, 10, N) for i in range(5)})
    frame["Purchase"] = np.where(flags(0.06), "Yes", "No")
    assert first_guess(frame) == "Purchase"
    imbalance = [f for f in run_checks(profile_dataset(frame, "t", now=NOW), frame, None, now=NOW)
                 if f.check_id == "class_imbalance"]
    assert [f.column for f in imbalance] == ["Purchase"]


def test_a_calendar_unit_with_its_range_of_values_is_when_not_what():
    """Stat2Data GrinnellHouses: 'MonthSold' (1-12) and 'DaySold' (1-31) say when a house sold; 'sold' is what
    price optimisation predicts, and the month was guessed before the price. 'days_off' (0-60) is an amount."""
    frame = pd.DataFrame({"MonthSold": rng.integers(1, 13, N), "DaySold": rng.integers(1, 32, N),
                          "Bedrooms": rng.integers(1, 6, N), "ListPrice": rng.gamma(4, 30_000, N).round(0)})
    guesses = [t.column for t in likely_targets(profile_dataset(frame, "t", now=NOW))]
    assert guesses[0] == "ListPrice" and "MonthSold" not in guesses and "DaySold" not in guesses
    leave = pd.DataFrame({"days_off": rng.integers(0, 61, N), "dept": rng.choice(["a", "b", "c"], N)})
    assert "days_off" in [t.column for t in likely_targets(profile_dataset(leave, "t", now=NOW))]


def test_is_and_has_say_a_yes_no_not_an_outcome_and_the_past_is_a_feature():
    """openintro resume: 'has_email_address' describes the résumé, 'received_callback' is the employer's decision
    (a callback is a recruiting funnel's stage). modeldata hotel_rates: 'is_repeated_guest' describes the guest,
    'historical_adr' is the room's past rate; 'avg_price_per_room' is the price to predict."""
    resume = pd.DataFrame({"job_city": np.where(flags(0.5), "Boston", "Chicago"), "has_email_address": flags(0.45),
                           "received_callback": flags(0.08), "years_experience": rng.integers(1, 26, N)})
    assert first_guess(resume) == "received_callback"
    assert not reads_as_outcome("has_email_address") and reads_as_outcome("is_canceled")
    hotel = pd.DataFrame({"lead_time": rng.integers(0, 400, N), "is_repeated_guest": flags(0.03),
                          "historical_adr": rng.gamma(5, 20, N).round(2),
                          "avg_price_per_room": rng.gamma(5, 20, N).round(2)})
    guesses = [t.column for t in likely_targets(profile_dataset(hotel, "t", now=NOW))]
    assert guesses[0] == "avg_price_per_room" and "historical_adr" not in guesses


def test_a_starting_value_is_a_feature_not_the_outcome():
    """openintro's loans_full_schema: 'initial_listing_status' (whole / fractional, how the loan was first listed)
    was guessed before 'loan_status'; Stat2Data's GrinnellHouses: 'OrigPrice', the first asking price, before the
    sale price; 'total_collection_amount_ever' is the borrower's past. What a case started with, or has ever had, is
    known before its outcome."""
    loans = pd.DataFrame({"loan_amount": rng.integers(1000, 40000, N), "interest_rate": rng.uniform(5, 30, N).round(2),
                          "total_collection_amount_ever": np.where(flags(0.1), rng.integers(50, 9000, N), 0),
                          "initial_listing_status": np.where(flags(0.2), "fractional", "whole"),
                          "loan_status": rng.choice(["Current", "Fully Paid", "Late (31-120 days)", "Charged Off"], N,
                                                    p=[0.85, 0.08, 0.05, 0.02])})
    guesses = [t.column for t in likely_targets(profile_dataset(loans, "t", now=NOW))]
    assert "initial_listing_status" not in guesses and "loan_status" in guesses
    assert "total_collection_amount_ever" not in guesses  # the borrower's past: 'ever', like 'previous'
    price = rng.gamma(6, 30000, N).round(-2)
    houses = pd.DataFrame({"Bedrooms": rng.integers(1, 6, N), "OrigPrice": price, "SalePrice": (price * 0.95).round(-2)})
    guesses = [t.column for t in likely_targets(profile_dataset(houses, "t", now=NOW))]
    assert guesses[0] == "SalePrice" and "OrigPrice" not in guesses
