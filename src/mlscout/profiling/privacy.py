"""Personal data and protected attributes, detected per column from values and names; one `mask()` for every output.

Detection reads a sample of non-null values (the match rate is the share of sampled values that match) and the
column name. A name alone is not enough where the values disagree: `product_name`, `company_name` and `file_name`
hold no personal names, and a column called `phone` that holds model numbers is no phone column. Protected
attributes (sex, age, ethnicity, ...) are flagged for fairness and governance review: they are not personal data by
themselves.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Iterable
from typing import get_args

import numpy as np
import pandas as pd

from mlscout.profiling.columns import (
    ColumnProfile,
    DatasetProfile,
    PersonalData,
    PersonalKind,
    SensitiveAttribute,
)
from mlscout.text import mask

__all__ = ["PERSONAL_KINDS", "ACTIONS", "PersonalData", "SensitiveAttribute", "detect_personal_data",
           "detect_sensitive_attribute", "mask", "mask_frame", "protect_dataset", "protect_profile"]

PERSONAL_KINDS: tuple[str, ...] = get_args(PersonalKind)

# What to do about each kind before an ML team may use the column.
ACTIONS: dict[str, str] = {
    "email": "pseudonymise (salted hash) or drop; keep the domain only if it carries signal",
    "phone": "drop, or hash if needed as a join key",
    "payment_card": "drop: card numbers must not leave the payment system (PCI DSS)",
    "iban": "drop, or replace by a token from the finance system",
    "us_ssn": "drop; a legal basis is needed to process it at all",
    "ip_address": "aggregate (truncate to the network, or map to a region) or drop",
    "street_address": "aggregate to postcode area or region, or drop",
    "postal_code": "aggregate to the first digits or a region",
    "date_of_birth": "convert to an age band, then drop the date",
    "person_name": "drop, or pseudonymise if needed to link records",
    "national_id": "drop; a legal basis is needed to process it at all",
    "free_text_with_personal_data": "redact names, e-mails and numbers before use, or restrict access",
}
HIGH_RISK = {"payment_card", "iban", "us_ssn", "national_id"}

_SAMPLE = 2000
_MIN_RATE = 0.8


# --------------------------------------------------------------------------------------------------
# value tests
# --------------------------------------------------------------------------------------------------
_EMAIL = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(\.[\w-]+)*\.[A-Za-z]{2,}$", re.UNICODE)
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)*\.[A-Za-z]{2,}")
_SSN = re.compile(r"^(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
_CARD_CHARS = re.compile(r"^[\d -]{13,23}$")
# UK National Insurance number (format only: test numbers such as 'ZZ 12 34 56 T' are personal data too),
# Italian codice fiscale, French NIR (checked with its key).
_NINO = re.compile(r"^[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Z]$")
_CODICE_FISCALE = re.compile(r"^[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]$")
_NIR = re.compile(r"^[12]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2[AB])\d{6}\d{2}$")
_UK_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)
_CA_POSTCODE = re.compile(r"^[A-Z]\d[A-Z]\s?\d[A-Z]\d$", re.IGNORECASE)
_POSTAL_GENERIC = re.compile(r"^(\d{4,5}(-\d{4})?|\d{3}-\d{4}|[A-Z]{1,2}-?\d{4,5})$", re.IGNORECASE)
_STREET_WORDS = (r"street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|lane|ln\.?|drive|dr\.?|way|court|ct\.?|"
                 r"place|pl\.?|square|sq\.?|terrace|parkway|highway|hwy|crescent|close|row|mews|walk|gardens|"
                 r"burg|port|ville|view|ridge|point|trail|loop|circle|creek|station|apt\.?|suite|unit|studio|flat|"
                 r"rue|chemin|allée|impasse|boulevard|quai|cours|passage|avenida|calle|camino|paseo|plaza|ronda|"
                 r"pasaje|glorieta|alameda|rambla|cañada|urbanización|vía|via|viale|piazza|corso|vicolo|contrada|"
                 r"strada|borgo|largo|strasse|straße|str\.?|weg|gasse|platz|allee|ring|damm|laan|straat|plein|"
                 r"gracht|chome|丁目|町|番地?|号")
_STREET_SUFFIX = r"\w+(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|steig|pfad)"
_STREET = re.compile(rf"(\d+[a-z]?\b.*\b({_STREET_WORDS})\b)|(\b({_STREET_WORDS})\b.*\s\d+[a-z]?\b)|"
                     rf"(^({_STREET_WORDS})\s+\w+)|({_STREET_SUFFIX}\s+\d+)|(\d+[-‐]\d+[-‐]\d+)",
                     re.IGNORECASE)
_TITLE = r"(?:dr|mr|mrs|ms|miss|mx|prof|sir|mme|mlle|m|herr|frau|sr|sra|srta|dott|ing)\.?"
_NAME_TOKEN = r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-öø-ÿā-ž'’-]+(?:[-'’][A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-öø-ÿā-ž]+)?"
_PARTICLE = r"(?:von|van|de|der|den|del|della|di|da|du|le|la|al|bin|ibn|mac|st\.)"
_UPPER_TOKEN = r"[A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž'’-]+"
_PERSON_NAME = re.compile(
    rf"^(?:{_TITLE}\s+)?(?:{_NAME_TOKEN}|{_PARTICLE})(?:\s+(?:{_NAME_TOKEN}|{_PARTICLE}|[A-Z]\.)){{0,3}}"
    rf"(?:\s+(?:jr|sr|ii|iii|iv|phd|md)\.?)?$")
_LAST_FIRST = re.compile(
    rf"^(?:{_UPPER_TOKEN}|{_NAME_TOKEN})(?:[\s-](?:{_UPPER_TOKEN}|{_NAME_TOKEN}|{_PARTICLE}))*,\s*"
    rf"(?:{_TITLE}\s+)?{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|[A-Z]\.))*$")
_TITLED = re.compile(rf"^{_TITLE}\s+{_NAME_TOKEN}(\s+{_NAME_TOKEN}){{0,3}}$", re.IGNORECASE)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = ord(ch) - 48
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _is_card(value: str) -> bool:
    if not _CARD_CHARS.match(value):
        return False
    digits = re.sub(r"[ -]", "", value)
    return 13 <= len(digits) <= 19 and _luhn(digits)


def _is_iban(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if not _IBAN.match(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _is_national_id(value: str) -> bool:
    compact = value.upper().replace(" ", "")
    if _NINO.match(value.upper()) or _CODICE_FISCALE.match(compact):
        return True
    if _NIR.match(compact):
        body = compact[:13].replace("2A", "19").replace("2B", "18")
        return 97 - int(body) % 97 == int(compact[13:])
    return False


def _is_ip(value: str) -> bool:
    if not (("." in value and value.count(".") == 3) or ":" in value):
        return False
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


_PHONE_REGIONS = ("US", "GB", "FR", "DE", "CH", "JP", "IT", "ES", "NL", "CA", "AU", "IN", "BR")


def _is_phone(value: str) -> bool:
    compact = re.sub(r"[\s().-]", "", value)
    if not re.fullmatch(r"\+?\d{7,15}(x\d{1,5})?", compact.replace("ext", "x")):
        return False
    try:
        import phonenumbers
    except ImportError:  # pragma: no cover - phonenumbers is a dependency
        return bool(re.fullmatch(r"\+?\d{8,15}", compact))
    # "Possible" (a plausible length for the country), not "valid": exports are full of numbers from ranges
    # that libphonenumber does not know, and they are personal data all the same.
    regions = (None,) if value.strip().startswith("+") else _PHONE_REGIONS
    for region in regions:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return True
    return False


def _is_street_address(value: str) -> bool:
    return bool(_STREET.search(value)) and any(ch.isalpha() for ch in value) and len(value) >= 8


_HOUSE_THEN_WORDS = re.compile(r"^\d+[a-z]?(-\d+)?,?\s+([A-ZÀ-Þ][\w'’.-]*\s?){1,5}(,.*)?$")


def _looks_like_address(value: str) -> bool:
    """A weaker shape (house number, then capitalised words) that counts only under an address-like header."""
    return _is_street_address(value) or bool(_HOUSE_THEN_WORDS.match(value))


def _is_postal_code(value: str) -> bool:
    return bool(_UK_POSTCODE.match(value) or _CA_POSTCODE.match(value) or _POSTAL_GENERIC.match(value))


def _is_person_name(value: str) -> bool:
    """Two to five name-like words, 'LAST, First' or 'Dr. First Last'."""
    value = value.strip()
    if any(ch.isdigit() for ch in value) or len(value) > 60 or len(value) < 3:
        return False
    if _LAST_FIRST.match(value) or _TITLED.match(value):
        return True
    return len(value.split()) >= 2 and bool(_PERSON_NAME.match(value))


def _is_single_name(value: str) -> bool:
    """One given name or surname (under a first-name or last-name header)."""
    value = value.strip()
    return not any(ch.isdigit() for ch in value) and 2 <= len(value) <= 30 and bool(
        re.fullmatch(rf"{_NAME_TOKEN}(?:[\s-]{_NAME_TOKEN})?|{_UPPER_TOKEN}", value))


def _is_structured_name(value: str) -> bool:
    """'LAST, First' or 'Dr. First Last': shapes that mark a person's name even without a telling header."""
    value = value.strip()
    return not any(ch.isdigit() for ch in value) and bool(_LAST_FIRST.match(value) or _TITLED.match(value))


# --------------------------------------------------------------------------------------------------
# names of columns
# --------------------------------------------------------------------------------------------------
def _tokens(name: str) -> set[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    return set(re.split(r"[\W_]+", spaced.lower())) - {""}


_NAME_HEADER = {"name", "fullname", "firstname", "lastname", "surname", "givenname", "familyname", "forename",
                "contact", "customer", "client", "patient", "employee", "owner", "holder", "applicant", "person",
                "driver", "recipient", "sender", "author", "insured", "beneficiary", "guardian", "manager",
                "cardholder", "nom", "prenom", "prénom", "vorname", "nachname"}
_NOT_PERSON = {"product", "company", "file", "filename", "brand", "street", "city", "country", "item", "shop",
               "store", "host", "hostname", "username", "user", "team", "department", "project", "model", "app",
               "application", "category", "region", "state", "branch", "bank", "vendor", "supplier", "merchant",
               "organisation", "organization", "org", "business", "account", "plan", "campaign", "event", "venue",
               "location", "site", "sku", "title", "job", "role", "course", "species", "breed", "animal", "pet",
               "domain", "server", "table", "column", "field", "feature", "metric", "segment", "channel", "tag",
               "label", "group", "class", "type", "status", "code", "id", "number", "no"}


def _header_says(name: str) -> set[str]:
    """The personal-data kinds a column name suggests."""
    tokens = _tokens(name)
    joined = "".join(sorted(tokens))
    lower = name.lower()
    kinds = set()
    if tokens & {"email", "mail", "e", "courriel"} and ("mail" in lower):
        kinds.add("email")
    if tokens & {"phone", "telephone", "tel", "mobile", "cell", "fax", "msisdn", "portable", "telefon"}:
        kinds.add("phone")
    if {"card", "cc", "pan"} & tokens and not {"id"} & tokens or "creditcard" in joined:
        kinds.add("payment_card")
    if "iban" in tokens or "bankaccount" in lower.replace("_", ""):
        kinds.add("iban")
    if tokens & {"ssn", "socialsecurity"} or "social_security" in lower:
        kinds.add("us_ssn")
    if tokens & {"ip", "ipaddress", "ipv4", "ipv6"} or "ip_address" in lower:
        kinds.add("ip_address")
    if tokens & {"address", "street", "addr", "adresse", "strasse", "straße", "residence"} and \
            not tokens & {"email", "ip", "mac", "url", "web", "wallet"}:
        kinds.add("street_address")
    if tokens & {"zip", "zipcode", "postal", "postcode", "plz", "cp", "postalcode"}:
        kinds.add("postal_code")
    if tokens & {"birth", "dob", "born", "birthday", "birthdate", "dateofbirth", "geburtsdatum", "naissance"} or \
            "birth" in lower:
        kinds.add("date_of_birth")
    if tokens & {"passport", "nino", "nir", "sin", "personnummer", "bsn", "nationalid", "idcard", "national"} and \
            not tokens & {"nationality"}:
        kinds.add("national_id")
    if (tokens & _NAME_HEADER) and not (tokens & _NOT_PERSON):
        kinds.add("person_name")
    return kinds


# --------------------------------------------------------------------------------------------------
# detection
# --------------------------------------------------------------------------------------------------
_MAX_VALUE_LENGTH = 2000  # patterns are tested on the start of long texts: a 5-million-character cell stays fast


def _sample(series: pd.Series, size: int = _SAMPLE) -> list[str]:
    """Up to `size` non-missing values drawn at random (the same draw for every run)."""
    values = None
    if len(series) > 8 * size:
        # Draw rows first: copying and shuffling a million-row column per column costs more than the detection.
        # Positions in file order read faster; a random subset of a random draw is still a random draw.
        rng = np.random.default_rng(0)
        drawn = series.iloc[np.sort(rng.choice(len(series), 4 * size, replace=False))].dropna()
        values = drawn.iloc[np.sort(rng.choice(len(drawn), size, replace=False))] if len(drawn) >= size else None
    if values is None:  # a short or mostly empty column: draw among its non-missing values
        values = series.dropna()
        if len(values) > size:
            values = values.sample(size, random_state=0)
    return [text for text in (str(v)[:_MAX_VALUE_LENGTH].strip() for v in values.tolist()) if text]


def _rate(values: Counter[str], test) -> float:
    """The share of the sampled values passing `test`, testing each distinct value once."""
    total = sum(values.values())
    return sum(n for v, n in values.items() if test(v)) / total if total else 0.0


def _first_match(values: list[str], test) -> str:
    return next((v for v in values if test(v)), values[0] if values else "")


def detect_personal_data(series: pd.Series, profile: ColumnProfile) -> PersonalData | None:
    """The personal-data kind a column holds, with confidence, match rate and a masked example; or None."""
    name = profile.name
    header = _header_says(name)
    if profile.semantic_type == "empty":
        return None
    if profile.semantic_type in ("numeric", "boolean") and profile.storage == "native" and \
            not header & {"phone", "payment_card", "us_ssn", "postal_code"}:
        return None
    values = _sample(series)
    if not values:
        return None
    counted = Counter(values)

    def found(kind: str, rate: float, test, confidence: float) -> PersonalData:
        evidence = "name and values" if kind in header else "values"
        return PersonalData(kind=kind, confidence=round(min(confidence + (0.05 if kind in header else 0), 1.0), 2),
                            match_rate=round(rate, 4), example=mask(_first_match(values, test)), evidence=evidence)

    # Date of birth: a birth-like name over date values.
    if "date_of_birth" in header and profile.semantic_type == "datetime":
        return PersonalData(kind="date_of_birth", confidence=0.9, match_rate=1.0, example=mask(values[0]),
                            evidence="name and values")
    # Patterns that are reliable from the values alone, most specific first.
    for kind, test, confidence, minimum in (
            ("email", lambda v: bool(_EMAIL.match(v)), 0.95, _MIN_RATE),
            ("iban", _is_iban, 0.95, _MIN_RATE),
            ("payment_card", _is_card, 0.9, _MIN_RATE),
            ("us_ssn", lambda v: bool(_SSN.match(v)), 0.9, _MIN_RATE),
            ("national_id", _is_national_id, 0.85, _MIN_RATE),
            ("ip_address", _is_ip, 0.9, _MIN_RATE),
    ):
        rate = _rate(counted, test)
        if rate >= minimum:
            return found(kind, rate, test, confidence)
    if profile.semantic_type == "datetime":
        return None
    if "postal_code" in header:
        rate = _rate(counted, _is_postal_code)
        if rate >= _MIN_RATE:
            return found("postal_code", rate, _is_postal_code, 0.8)
    phone_rate = _rate(counted, _is_phone)
    phone_shape = _rate(counted, lambda v: bool(re.search(r"[+()\s.-]", v)))
    if phone_rate >= _MIN_RATE and ("phone" in header or phone_shape >= 0.5):
        return found("phone", phone_rate, _is_phone, 0.85)
    if profile.semantic_type in ("text", "categorical", "identifier"):
        if "street_address" in header:
            address_rate = _rate(counted, _looks_like_address)
            if address_rate >= 0.6:
                return found("street_address", address_rate, _looks_like_address, 0.85)
        address_rate = _rate(counted, _is_street_address)
        if address_rate >= 0.75:
            return found("street_address", address_rate, _is_street_address, 0.8)
    if "postal_code" not in header and _rate(counted, lambda v: bool(_UK_POSTCODE.match(v) or _CA_POSTCODE.match(v))) >= 0.9:
        test = lambda v: bool(_UK_POSTCODE.match(v) or _CA_POSTCODE.match(v))  # noqa: E731
        return found("postal_code", _rate(counted, test), test, 0.75)
    if "national_id" in header and _rate(counted, lambda v: bool(re.fullmatch(r"[A-Z0-9 -]{6,20}", v.upper()))) \
            >= _MIN_RATE:
        return PersonalData(kind="national_id", confidence=0.7, match_rate=1.0, example=mask(values[0]),
                            evidence="name and values")
    # Person names: the header and the values must agree, unless the values have an unmistakable shape.
    structured = _rate(counted, _is_structured_name)
    if structured >= 0.6:
        return found("person_name", structured, _is_structured_name, 0.85)
    if "person_name" in header and profile.semantic_type in ("categorical", "identifier", "text", "constant"):
        part_of_name = _tokens(name) & {"firstname", "lastname", "surname", "givenname", "familyname", "forename",
                                        "first", "last", "given", "family", "prenom", "prénom", "vorname",
                                        "nachname", "nom"}
        test = _is_single_name if part_of_name else _is_person_name
        rate = _rate(counted, test)
        if rate >= _MIN_RATE:
            return found("person_name", rate, test, 0.85)
    # Free text that carries personal data (text without spaces, such as Japanese, may profile as categorical).
    long_text = profile.text is not None and (profile.text.mean_length >= 15 or profile.text.mean_words >= 3)
    if profile.semantic_type == "text" or (profile.semantic_type in ("categorical", "identifier") and long_text):
        def carries(v: str) -> bool:
            return bool(_EMAIL_IN_TEXT.search(v) or re.search(r"\+?\d[\d ()./-]{8,}\d", v) or
                        _LAST_FIRST.search(v) or re.search(rf"\b{_TITLE}\s+{_NAME_TOKEN}", v))

        rate = _rate(counted, carries)
        if rate >= 0.05 and sum(n for v, n in counted.items() if carries(v)) >= 3:
            return PersonalData(kind="free_text_with_personal_data", confidence=0.7, match_rate=round(rate, 4),
                                example=mask(_first_match(values, carries)), evidence="values")
    return None


# --------------------------------------------------------------------------------------------------
# protected attributes
# --------------------------------------------------------------------------------------------------
_PROTECTED_NAMES: dict[str, set[str]] = {
    "sex_gender": {"sex", "gender", "geschlecht", "sexe", "genre"},
    "age": {"age", "agegroup", "ageband", "alter", "âge"},
    "race_ethnicity": {"race", "ethnicity", "ethnic", "ethnie"},
    "religion": {"religion", "faith", "confession", "religious"},
    "nationality": {"nationality", "citizenship", "nationalité", "staatsangehörigkeit"},
    "marital_status": {"marital", "married", "civil", "familienstand"},
    "health": {"health", "diagnosis", "disease", "medical", "illness", "icd", "medication", "pregnant",
               "pregnancy", "bmi", "condition", "treatment"},
    "disability": {"disability", "disabled", "handicap", "impairment"},
    "sexual_orientation": {"orientation", "sexuality", "lgbt", "lgbtq"},
}
_PROTECTED_VALUES: dict[str, set[str]] = {
    "sex_gender": {"male", "female", "man", "woman", "men", "women", "non-binary", "nonbinary", "diverse",
                   "homme", "femme", "männlich", "weiblich"},
    "race_ethnicity": {"white", "black", "asian", "hispanic", "latino", "caucasian", "african american",
                       "native american", "pacific islander", "mixed race", "latinx"},
    "religion": {"christian", "muslim", "jewish", "hindu", "buddhist", "catholic", "protestant", "atheist", "sikh",
                 "agnostic", "orthodox"},
    "marital_status": {"married", "single", "divorced", "widowed", "widow", "widower", "separated",
                       "domestic partner", "civil partnership"},
    "sexual_orientation": {"heterosexual", "homosexual", "gay", "lesbian", "bisexual", "straight", "queer"},
}


def detect_sensitive_attribute(series: pd.Series, profile: ColumnProfile) -> SensitiveAttribute | None:
    """A protected attribute (for fairness and governance review), by name and by value vocabulary."""
    tokens = _tokens(profile.name)
    by_name = next((cat for cat, words in _PROTECTED_NAMES.items() if tokens & words), None)
    if by_name == "age" and profile.semantic_type not in ("numeric", "categorical"):
        by_name = None
    if by_name == "marital_status" and not tokens & {"marital", "familienstand"} and "status" not in tokens:
        by_name = None if "married" not in tokens else by_name
    by_values = None
    if profile.semantic_type in ("categorical", "boolean") and 2 <= profile.distinct <= 30:
        labels = {v.value.strip().lower() for v in profile.top_values}
        for category, vocabulary in _PROTECTED_VALUES.items():
            if labels and len(labels & vocabulary) >= max(2, int(0.6 * len(labels))):
                by_values = category
                break
    if by_name and by_values and by_name == by_values:
        return SensitiveAttribute(category=by_name, evidence="name and values")
    if by_values:
        return SensitiveAttribute(category=by_values, evidence="values")
    if by_name:
        if by_name == "age" and profile.numeric is not None and profile.numeric.max is not None \
                and not (0 <= (profile.numeric.min or 0) and profile.numeric.max <= 130):
            return None
        return SensitiveAttribute(category=by_name, evidence="name")
    return None


# --------------------------------------------------------------------------------------------------
# masking profiles and frames
# --------------------------------------------------------------------------------------------------
def protect_profile(profile: ColumnProfile, personal: PersonalData | None,
                    attribute: SensitiveAttribute | None) -> ColumnProfile:
    """Attach the detections; for personal data, mask every raw value the profile holds."""
    update: dict = {"personal_data": personal, "sensitive_attribute": attribute.category if attribute else None}
    if personal is not None:
        update.update(
            sensitive=True,
            top_values=tuple(v.model_copy(update={"value": mask(v.value)}) for v in profile.top_values),
            unparsed_examples=tuple(mask(v) for v in profile.unparsed_examples),
            numeric=None if profile.numeric is None else profile.numeric.model_copy(update=dict(
                min=None, max=None, p01=None, q1=None, median=None, q3=None, p99=None, mean=None,
                outlier_low=None, outlier_high=None, histogram=())),
            dates=None if profile.dates is None else profile.dates.model_copy(update=dict(min=None, max=None)),
        )
    return profile.model_copy(update=update)


def mask_frame(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """A copy of `frame` whose `columns` hold masked values (for previews and the deep profile)."""
    columns = [c for c in columns if c in set(map(str, frame.columns))]
    if not columns:
        return frame
    out = frame.copy()
    for column in columns:
        values = out[column]
        uniques = pd.Series(values.dropna().unique())
        mapping = dict(zip(uniques, uniques.map(mask), strict=True))
        out[column] = values.map(mapping).astype(object).where(values.notna(), None)
    return out


def protect_dataset(frame: pd.DataFrame, profile: DatasetProfile) -> DatasetProfile:
    """Detect personal data and protected attributes in every column, and mask what the profile holds of them."""
    columns = []
    for i, column in enumerate(profile.columns):
        series = frame.iloc[:, i]
        personal = detect_personal_data(series, column)
        attribute = detect_sensitive_attribute(series, column)
        columns.append(protect_profile(column, personal, attribute))
    return profile.model_copy(update={"columns": tuple(columns)})


def access_frame(columns: Iterable[ColumnProfile], findings: Iterable = ()) -> pd.DataFrame:
    """One row per column holding personal data or a protected attribute, with the action and its status."""
    status = {(f.check_id, f.column): (f.status if not f.status_reason else f"{f.status}: {f.status_reason}")
              for f in findings if f.check_id in ("personal_data", "protected_attribute")}
    rows = []
    for c in columns:
        if c.personal_data is not None:
            p = c.personal_data
            rows.append({"column": c.name, "finding": f"personal data: {p.kind.replace('_', ' ')}",
                         "confidence": p.confidence, "match rate": p.match_rate, "example (masked)": p.example,
                         "detected from": p.evidence, "action": ACTIONS[p.kind],
                         "status": status.get(("personal_data", c.name), "open")})
        if c.sensitive_attribute is not None:
            rows.append({"column": c.name, "finding": f"protected: {c.sensitive_attribute.replace('_', ' ')}",
                         "confidence": None, "match rate": None, "example (masked)": "",
                         "detected from": "name or values", "action": "fairness review; restrict access",
                         "status": status.get(("protected_attribute", c.name), "open")})
    return pd.DataFrame(rows, columns=["column", "finding", "confidence", "match rate", "example (masked)",
                                       "detected from", "action", "status"])
