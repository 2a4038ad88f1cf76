"""Access checks: personal data, protected attributes and isolated datasets, in the same findings model.

Declared with the same `@check` registry as the quality checks (dimension ``access``); imported by
`mlscout.profiling.checks` so that every check is registered wherever checks run.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlscout.profiling.checks import CheckContext, Hit, check
from mlscout.profiling.privacy import ACTIONS, HIGH_RISK

KIND_LABELS = {
    "email": "e-mail addresses", "phone": "phone numbers", "payment_card": "payment card numbers",
    "iban": "IBANs (bank accounts)", "us_ssn": "US social security numbers", "ip_address": "IP addresses",
    "street_address": "street addresses", "postal_code": "postal codes", "date_of_birth": "dates of birth",
    "person_name": "person names", "national_id": "national id numbers",
    "free_text_with_personal_data": "free text containing personal data",
    "person_identifier": "identifiers of people", "precise_location": "precise locations (coordinates)",
    "quasi_identifier": "details that, beside a name or an id, single a person out",
}
# Special categories (GDPR art. 9) need more than a fairness review.
SPECIAL_CATEGORIES = {"race_ethnicity", "religion", "health", "disability", "sexual_orientation"}
PROTECTED_LABELS = {
    "sex_gender": "sex or gender", "age": "age", "race_ethnicity": "race or ethnicity", "religion": "religion",
    "nationality": "nationality", "marital_status": "marital status", "health": "health data",
    "disability": "disability", "sexual_orientation": "sexual orientation",
    "sex_gender_proxy": "a proxy for sex or gender (values such as husband / wife)",
}


@check("personal_data", title="Personal data", dimension="access",
       severity="critical for payment cards, IBANs, social security and national id numbers; warning otherwise",
       message="holds {label} ({basis}; confidence {confidence:.0%}) — {action}",
       fix="Agree with the data owner how the column may be used: drop, pseudonymise, hash or aggregate it, and "
           "record the legal basis.")
def _personal_data(ctx: CheckContext) -> Iterator[Hit]:
    for column in ctx.profile.columns:
        found = column.personal_data
        if found is None:
            continue
        basis = (f"{found.match_rate:.0%} of sampled values match, e.g. {found.example}" if found.example else
                 "from its name and what the rest of the table holds" if found.evidence == "name" else
                 "its values refer to people's identifiers, or the rest of the table makes them identifying")
        yield Hit("critical" if found.kind in HIGH_RISK else "warning",
                  {"kind": found.kind, "label": KIND_LABELS[found.kind], "rate_share": found.match_rate,
                   "basis": basis,
                   "rate_pct": f"{found.match_rate:.0%}", "example": found.example,
                   "confidence": found.confidence, "action": ACTIONS[found.kind], "detected_from": found.evidence},
                  column.name)


@check("protected_attribute", title="Protected attribute", dimension="access",
       severity="warning for special categories (ethnicity, religion, health, disability, sexual orientation); "
                "info otherwise",
       message="is a protected attribute ({label}): {action}",
       fix="Keep it out of the features unless there is a legal basis; use it to test the model for fairness.")
def _protected_attribute(ctx: CheckContext) -> Iterator[Hit]:
    for column in ctx.profile.columns:
        category = column.sensitive_attribute
        if category is None:
            continue
        special = category in SPECIAL_CATEGORIES
        action = ("special-category data: restrict access and establish a legal basis before any use" if special
                  else "review for fairness; decisions must not rest on it without a legal basis")
        yield Hit("warning" if special else "info",
                  {"category": category, "label": PROTECTED_LABELS[category], "action": action}, column.name)


@check("isolated_dataset", title="Dataset that links to no other", dimension="access", scope="dataset",
       severity="warning (only when two or more datasets are loaded)",
       message="connects to none of the other {others} loaded dataset(s): no shared key was found",
       fix="Find or build a key (customer id, order id, date) that links it, or assess it on its own.")
def _isolated_dataset(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.linked_to is None or ctx.other_datasets == 0:
        return
    if not ctx.linked_to:
        yield Hit("warning", {"others": ctx.other_datasets})
