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
from functools import lru_cache
from typing import get_args

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mlscout.profiling.columns import (
    ColumnProfile,
    DatasetProfile,
    PersonalData,
    PersonalKind,
    SensitiveAttribute,
)
from mlscout.text import mask, name_tokens

__all__ = ["PERSONAL_KINDS", "ACTIONS", "USABLE_AFTER_REDACTION", "blocks_features", "PersonalData", "SensitiveAttribute", "detect_personal_data",
           "detect_sensitive_attribute", "header_kind", "looks_personal", "mask", "mask_frame", "masked_columns",
           "protect_dataset", "protect_profile", "values_known_safe"]

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
    "person_identifier": "pseudonymise (salted hash) before sharing; never a model feature",
    "precise_location": "coarsen (round coordinates, keep the district) or drop",
    "quasi_identifier": "coarsen (age bands, month instead of day, region instead of city) before sharing",
}
HIGH_RISK = {"payment_card", "iban", "us_ssn", "national_id"}
# Kinds whose column stays a feature once redacted: the text of a review is the signal, the names in it are not.
USABLE_AFTER_REDACTION = frozenset({"free_text_with_personal_data"})


def blocks_features(column: ColumnProfile) -> bool:
    """Personal data that keeps the column out of the features (free text stays in, to be redacted)."""
    return column.personal_data is not None and column.personal_data.kind not in USABLE_AFTER_REDACTION

_SAMPLE = 2000
_MIN_RATE = 0.8
# Shapes no other data takes by chance (a checksum or a fixed layout): a third of the values is proof enough.
_UNMISTAKABLE_MIN_RATE = 0.3


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
_DATE_OR_NUMBER = re.compile(r"[\d\s/:.,+-]+(?:[ap]\.?m\.?)?", re.IGNORECASE)
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


MIN_DISTINCT_FROM_VALUES = 20  # different values in a column read as phones or addresses from its values alone


def _is_isbn13(value: str) -> bool:
    """A book number: 13 digits from 978 or 979 whose check digit holds ('9781138477858', '978-1-13-847785-8')."""
    digits = re.sub(r"[\s-]", "", value).removesuffix(".0")
    if not re.fullmatch(r"97[89]\d{10}", digits):
        return False
    return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0


def _dense_sequence(values: Counter[str]) -> bool:
    """Record numbers ('17-000003', '17-000007', ...) or rings issued in strings (bird bands '1142-05901',
    '1142-05905'), not phones: people's phone numbers are far apart, while most numbers of a series have a
    neighbour a few steps away, whether the series is one run or several."""
    numbers = np.unique(np.array([int(d) for d in (re.sub(r"\D", "", v) for v in values) if 0 < len(d) <= 18],
                                 dtype=np.int64))
    if len(numbers) < 20:
        return False
    if (numbers[-1] - numbers[0]) / len(numbers) <= 1000:  # one run
        return True
    gaps = np.diff(numbers)
    nearest = np.minimum(np.append(gaps, gaps[-1]), np.insert(gaps, 0, gaps[0]))
    return float(np.mean(nearest <= 100)) >= 0.5


def _is_street_address(value: str) -> bool:
    return bool(_STREET.search(value)) and any(ch.isalpha() for ch in value) and len(value) >= 8


_HOUSE_THEN_WORDS = re.compile(r"^\d+[a-z]?(-\d+)?,?\s+([A-ZÀ-Þ][\w'’.-]*\s?){1,5}(,.*)?$")


def _looks_like_address(value: str) -> bool:
    """A weaker shape (house number, then capitalised words) that counts only under an address-like header."""
    return _is_street_address(value) or bool(_HOUSE_THEN_WORDS.match(value))


def _is_postal_code(value: str) -> bool:
    return bool(_UK_POSTCODE.match(value) or _CA_POSTCODE.match(value) or _POSTAL_GENERIC.match(value))


# Locales whose name lists (Faker's, maintained) make the gazetteer: people in Western exports are mostly named
# from these; a name from elsewhere still counts under a telling header or in a 'LAST, First' shape.
_GAZETTEER_LOCALES = ("en_US", "en_GB", "en_IE", "en_IN", "en_AU", "de_DE", "fr_FR", "es_ES", "es_MX", "it_IT",
                      "nl_NL", "pt_BR", "pt_PT", "pl_PL", "sv_SE", "da_DK", "no_NO", "fi_FI", "cs_CZ", "hu_HU",
                      "ro_RO", "tr_TR", "ja_JP")


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), lower case, from Faker's person providers (about 0.1 s, once per process)."""
    import importlib

    first: set[str] = set()
    last: set[str] = set()
    for locale in _GAZETTEER_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):  # pragma: no cover - a locale dropped by a later Faker
            continue
        for attribute, into in (("first_names", first), ("first_names_male", first), ("first_names_female", first),
                                ("first_romanized_names", first), ("last_names", last),
                                ("last_romanized_names", last)):
            values = getattr(provider, attribute, ())
            into.update(str(v).lower() for v in (values.keys() if isinstance(values, dict) else values))
    return frozenset(first), frozenset(last)


_FULL_NAME = re.compile(rf"^(?:{_TITLE}\s+)?({_NAME_TOKEN})(?:\s+(?:[A-Z]\.|{_NAME_TOKEN}))?\s+({_NAME_TOKEN})"
                        rf"(?:,?\s+(?:[JjSs]r|II|III|IV|M\.?D|Ph\.?D)\.?)?$")
_NAME_IN_TEXT = re.compile(rf"\b({_NAME_TOKEN})\s+(?:[A-Z]\.\s+)?({_NAME_TOKEN})\b")


def _is_gazetteer_name(value: str) -> bool:
    """'Mia Smith', 'David I. Cohen, MD': a known first name, then a known surname (no header needed)."""
    match = _FULL_NAME.match(value.strip())
    if not match or _names_a_place_or_organisation(value):
        return False
    first, last = _gazetteer()
    return match.group(1).lower() in first and match.group(2).lower() in last


def _names_in_text(value: str) -> bool:
    first, last = _gazetteer()
    return any(a.lower() in first and b.lower() in last for a, b in _NAME_IN_TEXT.findall(value[:_MAX_VALUE_LENGTH]))


# Words that make a name a place's or an organisation's, even when a person's name is in it ('Jackson County
# Airport', 'Martin Luther King Jr. High School', 'Smith & Sons Ltd')
_NOT_A_PERSON = frozenset({
    "airport", "airfield", "intl", "international", "regional", "municipal", "county", "heliport", "seaplane",
    "aviation", "station", "harbor", "harbour", "school", "college", "university", "academy", "institute",
    "hospital", "clinic", "center", "centre", "church", "cathedral", "museum", "library", "stadium", "arena",
    "hotel", "club", "company", "corp", "corporation", "inc", "ltd", "llc", "plc", "gmbh", "group", "partners",
    "associates", "sons", "foundation", "association", "society", "council", "department", "office", "agency",
    "authority", "district", "township", "village", "mountain", "avenue", "road", "restaurant", "cafe", "ranch",
    "industries", "motors", "airlines", "airways", "railway", "railroad"})
# (words that are also common surnames stay out: Park, Field, Lake, Street, Banks, Port)


def _names_a_place_or_organisation(value: str) -> bool:
    return bool({word.strip(".,&'’()").lower() for word in value.split()} & _NOT_A_PERSON)


def _is_person_name(value: str) -> bool:
    """Two to five name-like words, 'LAST, First' or 'Dr. First Last'; not a place's or an organisation's name."""
    value = value.strip()
    if any(ch.isdigit() for ch in value) or len(value) > 60 or len(value) < 3 or _names_a_place_or_organisation(value):
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
    """'LAST, First' (with a known first name: 'Retriever, Golden' is a dog breed) or 'Dr. First Last'."""
    value = value.strip()
    if any(ch.isdigit() for ch in value):
        return False
    if _TITLED.match(value):
        return True
    if not _LAST_FIRST.match(value):
        return False
    given = value.split(",", 1)[1].split()
    first, _ = _gazetteer()
    return bool(given) and given[0].strip(".").lower() in first


def _is_name_word(value: str) -> bool:
    """One alphabetic word, in any case ('cersei', 'KETTLEBLACK'): a name part under a name-part header."""
    return bool(re.fullmatch(r"[^\W\d_][^\W\d_'’ -]*(?:[-'’ ][^\W\d_]+)?", value.strip())) and len(value) <= 30


def _is_initial(value: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]\.?", value.strip()))


# --------------------------------------------------------------------------------------------------
# names of columns
# --------------------------------------------------------------------------------------------------
def _tokens(name: str) -> set[str]:
    """The words of a name, digits apart: 'hiv2004' is about HIV, 'phone2' a phone, 'address_1' an address."""
    return set(name_tokens(_LETTER_DIGIT.sub(" ", str(name))))


_LETTER_DIGIT = re.compile(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")


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


def _card_numbers(series: pd.Series) -> PersonalData | None:
    """Card numbers read as numbers (a column of 16-digit integers, or floats where a row was empty).

    Any run of 13 to 19 digits passes the Luhn checksum one time in ten; card numbers always do. Floats above 2**53
    have lost their last digits, so only exact ones are tested.
    """
    values = pd.to_numeric(series.dropna(), errors="coerce").dropna()
    if values.empty:
        return None
    values = values.sample(min(len(values), _SAMPLE), random_state=0)
    exact = values[(values.abs() < 2**53) & (values % 1 == 0)].abs().astype("int64").astype(str)
    long_enough = exact[exact.str.len().between(13, 19)]
    if len(long_enough) < max(10, 0.5 * len(values)):
        return None
    rate = float(long_enough.map(_luhn).mean())
    if rate < 0.9:
        return None
    return PersonalData(kind="payment_card", confidence=0.85, match_rate=round(rate, 4),
                        example=mask(long_enough.iloc[0]), evidence="values")


def header_kind(name: str) -> str | None:
    """The personal-data kind a column *name* itself holds ('jane.doe@example.com' as a header), or None."""
    name = str(name).strip()
    if _EMAIL.match(name):
        return "email"
    if _SSN.match(name) or _is_card(name) or _is_iban(name):
        return "identifier number"
    if sum(ch.isdigit() for ch in name) >= 9 and re.fullmatch(r"[+\d\s().-]+", name) and _is_phone(name):
        return "phone"
    if _is_gazetteer_name(name) and not _header_says(name) - {"person_name"}:
        return "person_name"
    return None


def masked_columns(columns: Iterable[ColumnProfile]) -> list[str]:
    """The columns whose values outputs mask (see `values_known_safe`)."""
    return [c.name for c in columns if not c.values_shown]


def detect_personal_data(series: pd.Series, profile: ColumnProfile) -> PersonalData | None:
    """The personal-data kind a column holds, with confidence, match rate and a masked example; or None."""
    name = profile.name
    header = _header_says(name)
    if profile.semantic_type == "empty":
        return None
    numbers = profile.numeric
    if numbers is not None and numbers.median is not None and abs(numbers.median) >= 1e12 \
            and pd.api.types.is_numeric_dtype(series.dtype):  # 13 digits or more: maybe card numbers
        cards = _card_numbers(series)
        if cards is not None:
            return cards
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
            ("email", lambda v: bool(_EMAIL.match(v)), 0.95, _UNMISTAKABLE_MIN_RATE),
            ("iban", _is_iban, 0.95, _UNMISTAKABLE_MIN_RATE),
            ("payment_card", _is_card, 0.9, _UNMISTAKABLE_MIN_RATE),
            ("us_ssn", lambda v: bool(_SSN.match(v)), 0.9, _UNMISTAKABLE_MIN_RATE),
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
    # without a header that says so, people's phone numbers are many and differ: three year ranges ('1990-1994')
    # or one site's coordinate are no one's phone; nor are book numbers (ISBN-13, by their check digit)
    if phone_rate >= _MIN_RATE and ("phone" in header or phone_shape >= 0.5 and not _dense_sequence(counted)
                                    and profile.distinct >= MIN_DISTINCT_FROM_VALUES
                                    and _rate(counted, _is_isbn13) < 0.5):
        return found("phone", phone_rate, _is_phone, 0.85)
    if profile.semantic_type in ("text", "categorical", "identifier"):
        if "street_address" in header:
            address_rate = _rate(counted, _looks_like_address)
            if address_rate >= 0.6:
                return found("street_address", address_rate, _looks_like_address, 0.85)
        address_rate = _rate(counted, _is_street_address)
        # from values alone, people's addresses differ: five drive trains ('2-Wheel Drive, Rear') are no one's home
        if address_rate >= 0.75 and profile.distinct >= MIN_DISTINCT_FROM_VALUES:
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
    part_of_name = _tokens(name) & {"firstname", "lastname", "surname", "givenname", "familyname", "forename",
                                    "first", "last", "given", "family", "middle", "prenom", "prénom", "vorname",
                                    "nachname", "nom"}
    if part_of_name and _tokens(name) & {"initial", "initials"} and profile.semantic_type in ("categorical",
                                                                                             "constant"):
        rate = _rate(counted, _is_initial)
        if rate >= _MIN_RATE:
            return PersonalData(kind="person_name", confidence=0.8, match_rate=round(rate, 4),
                                example=mask(values[0]), evidence="name and values")
    if "person_name" in header and profile.semantic_type in ("categorical", "identifier", "text", "constant"):
        test = (lambda v: _is_single_name(v) or _is_name_word(v)) if part_of_name else _is_person_name
        rate = _rate(counted, test)
        if rate >= _MIN_RATE:
            return found("person_name", rate, test, 0.85)
    if profile.semantic_type in ("categorical", "identifier", "text"):
        rate = _rate(counted, _is_gazetteer_name)
        if rate >= 0.6:
            return found("person_name", rate, _is_gazetteer_name, 0.8)
    # Free text that carries personal data (text without spaces, such as Japanese, may profile as categorical).
    long_text = profile.text is not None and (profile.text.mean_length >= 15 or profile.text.mean_words >= 3)
    if profile.semantic_type == "text" or (profile.semantic_type in ("categorical", "identifier") and long_text):
        def carries(v: str) -> bool:
            if _DATE_OR_NUMBER.fullmatch(v.strip()):
                return False  # '8/1/1990 0:00:00' is a date, not a phone number in a text
            v = _WEB_ADDRESS.sub(" ", v)  # '.../polls/2007/4187/' or '2006/02/27/1141020023624.html' is no phone
            return bool(_EMAIL_IN_TEXT.search(v) or re.search(r"\+?\d[\d ()./-]{8,}\d", v) or
                        _is_structured_name(v) or re.search(rf"\b{_TITLE}\s+{_NAME_TOKEN}", v) or
                        sentences and _names_in_text(v))

        # Names inside prose, not inside short labels ('Juan Pérez y Asociados' is a company's name).
        sentences = profile.text is not None and profile.text.mean_words >= 5

        rate = _rate(counted, carries)
        if rate >= 0.05 and sum(n for v, n in counted.items() if carries(v)) >= 3:
            return PersonalData(kind="free_text_with_personal_data", confidence=0.7, match_rate=round(rate, 4),
                                example=mask(_first_match(values, carries)), evidence="values")
        # Prose that people write about themselves ('my son', 'I earn 8% less') tells about its author: their
        # family, health, pay. Reports and remarks written about things ('NO DAMAGE') rarely say 'I' or 'my'.
        if sentences:
            rate = _rate(counted, lambda v: bool(_FIRST_PERSON.search(v)))
            if rate >= 0.2:
                return PersonalData(kind="free_text_with_personal_data", confidence=0.6, match_rate=round(rate, 4),
                                    example=mask(_first_match(values, _FIRST_PERSON.search)), evidence="values")
    return None


_WEB_ADDRESS = re.compile(r"(?i)\b(?:https?|ftp)://\S+|\bwww\.\S+")
# First-person words, case-sensitive so that capitals in all-caps remarks ('MY', 'ME') do not count. 'me' alone
# is left out: questions and requests say it ('What can you tell me about it?') without telling about their author.
_FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|I've|I’ve|I'd|my|My|mine|we|We|our|Our|myself|"
                           r"je|j'|mon|ma|mes|ich|mein|meine|mich|mir|yo|mis)\b")


# --------------------------------------------------------------------------------------------------
# protected attributes
# --------------------------------------------------------------------------------------------------
_PROTECTED_NAMES: dict[str, set[str]] = {
    "sex_gender": {"sex", "gender", "geschlecht", "sexe", "genre"},
    "age": {"age", "agegroup", "ageband", "alter", "âge", "birthyear", "yob", "senior", "seniorcitizen", "elderly"},
    "race_ethnicity": {"race", "ethnicity", "ethnic", "ethnie"},
    "religion": {"religion", "faith", "confession", "religious"},
    "nationality": {"nationality", "citizenship", "citizen", "nationalité", "staatsangehörigkeit", "native",
                    "foreign", "foreigner", "immigrant", "immigration", "migrant"},
    "marital_status": {"marital", "married", "civil", "familienstand"},
    # Conditions are health data; a bare "condition" is not ("SaleCondition", "weather_condition").
    "health": {"health", "diagnosis", "disease", "medical", "illness", "icd", "medication", "pregnant",
               "pregnancy", "bmi", "treatment", "treated", "therapy", "diabetes", "diabetic", "stroke", "cancer",
               "tumor", "tumour", "asthma", "hiv", "aids", "hepatitis", "depression", "dementia", "alzheimer", "hypertension",
               "angina", "copd", "obesity", "epilepsy", "arthritis", "infarction", "cholesterol", "highbp",
               "hichol", "comorbidity", "symptom", "symptoms"},
    "disability": {"disability", "disabled", "handicap", "impairment"},
    "sexual_orientation": {"orientation", "sexuality", "lgbt", "lgbtq"},
}
# Abbreviated names: a token that starts with the stem ("maritl", "ethnicgrp", "religiosity").
_PROTECTED_STEMS = {"marit": "marital_status", "ethnic": "race_ethnicity", "religi": "religion",
                    "nationalit": "nationality", "disab": "disability"}
# A yes/no column named after a group is that attribute ("afam", "male", "single"; "mar" as statistics packages
# abbreviate married: a yes/no "mar" is no month).
_GROUP_FLAGS = {"male": "sex_gender", "female": "sex_gender", "men": "sex_gender", "women": "sex_gender",
                "afam": "race_ethnicity", "black": "race_ethnicity", "hispanic": "race_ethnicity",
                "latino": "race_ethnicity", "asian": "race_ethnicity", "nonwhite": "race_ethnicity",
                "single": "marital_status", "married": "marital_status", "divorced": "marital_status",
                "widowed": "marital_status", "mar": "marital_status", "marr": "marital_status",
                "foreign": "nationality", "immigrant": "nationality"}
# Values that reveal an attribute without naming it: "Husband" / "Wife" say the person's sex.
_PROXY_VALUES = {"sex_gender_proxy": {"husband", "wife"}}
_PROTECTED_VALUES: dict[str, set[str]] = {
    "sex_gender": {"male", "female", "man", "woman", "men", "women", "non-binary", "nonbinary", "diverse",
                   "homme", "femme", "männlich", "weiblich"},
    "race_ethnicity": {"white", "black", "asian", "hispanic", "latino", "caucasian", "african american",
                       "native american", "pacific islander", "mixed race", "latinx"},
    "religion": {"christian", "muslim", "jewish", "hindu", "buddhist", "catholic", "protestant", "atheist", "sikh",
                 "agnostic", "orthodox"},
    "marital_status": {"married", "single", "divorced", "widowed", "widow", "widower", "separated",
                       "domestic partner", "civil partnership", "never married", "never-married",
                       "married-civ-spouse"},
    "sexual_orientation": {"heterosexual", "homosexual", "gay", "lesbian", "bisexual", "straight", "queer"},
}
# In a table about people, these name the person's country: their nationality or origin.
_COUNTRY_NAMES = {"country", "birthcountry", "countryofbirth", "origin"}


def _by_name(tokens: set[str], profile: ColumnProfile) -> str | None:
    found = next((cat for cat, words in _PROTECTED_NAMES.items() if tokens & words), None)
    if found is None:
        found = next((cat for stem, cat in _PROTECTED_STEMS.items() if any(t.startswith(stem) for t in tokens)),
                     None)
    if found is None and {"birth", "year"} <= tokens:
        found = "age"
    if found is None and len(tokens) == 1 and profile.distinct <= 2:
        found = _GROUP_FLAGS.get(next(iter(tokens)))
    return found


def detect_sensitive_attribute(series: pd.Series, profile: ColumnProfile) -> SensitiveAttribute | None:
    """A protected attribute (for fairness and governance review), by name and by value vocabulary."""
    tokens = _tokens(profile.name)
    by_name = _by_name(tokens, profile)
    if by_name == "age" and (profile.semantic_type not in ("numeric", "categorical", "boolean")
                             or tokens & _COUNTED_WORDS):
        by_name = None  # 'age5to14_deaths', 'age_group_population': a count about an age group, no one's age
    if by_name == "marital_status" and not any(t.startswith("marit") for t in tokens | {""}) \
            and "familienstand" not in tokens and "status" not in tokens and profile.distinct > 2:
        by_name = None if "married" not in tokens else by_name
    by_values = None
    if profile.semantic_type in ("categorical", "boolean") and 2 <= profile.distinct <= 30:
        labels = {v.value.strip().lower() for v in profile.top_values}
        for category, vocabulary in _PROTECTED_VALUES.items():
            if labels and len(labels & vocabulary) >= max(2, int(0.6 * len(labels))):
                by_values = category
                break
        if by_values is None and labels & _PROXY_VALUES["sex_gender_proxy"] == _PROXY_VALUES["sex_gender_proxy"]:
            by_values = "sex_gender_proxy"
    if by_name and by_values and by_name == by_values:
        return SensitiveAttribute(category=by_name, evidence="name and values")
    if by_values:
        return SensitiveAttribute(category=by_values, evidence="values")
    if by_name:
        # A human age lies within 0-130 for nearly every row; a few impossible values (a data error) do not
        # make it the age of a machine or a building.
        upper = profile.numeric.p99 if profile.numeric is not None else None
        if by_name == "age" and upper is not None \
                and not (0 <= (profile.numeric.p01 or 0) and upper <= 130) \
                and not {"birth", "birthyear", "yob"} & tokens and "birth" not in profile.name.lower():
            return None
        return SensitiveAttribute(category=by_name, evidence="name")
    return None


_TREATMENT_WORDS = {"treatment", "treated", "therapy"}
_COUNTED_WORDS = {"deaths", "death", "births", "cases", "count", "counts", "number", "population", "pop", "rate",
                  "rates", "share", "pct", "percent", "mortality", "total", "freq", "frequency"}


def _names_only_a_treatment(column: ColumnProfile, attribute: SensitiveAttribute) -> bool:
    health_words = _tokens(column.name) & _PROTECTED_NAMES["health"]
    return attribute.category == "health" and attribute.evidence == "name" \
        and bool(health_words) and health_words <= _TREATMENT_WORDS


def _person_country(column: ColumnProfile) -> bool:
    return column.semantic_type == "categorical" and "".join(sorted(_tokens(column.name))) in _COUNTRY_NAMES \
        or _tokens(column.name) in ({"country", "of", "birth"}, {"birth", "country"})


# --------------------------------------------------------------------------------------------------
# masking profiles and frames
# --------------------------------------------------------------------------------------------------
# A category whose values may be shown: at most this many levels, seen on this many rows each on average; a level
# seen on fewer rows than that is masked all the same (it could single someone out).
SAFE_CATEGORY_LEVELS = 200
SAFE_CATEGORY_MIN_ROWS = 5


def looks_personal(value: str) -> bool:
    """Whether one value has the shape of personal data on its own: an e-mail address, a card, account or social
    security number, a phone number, or a known first name followed by a known surname."""
    value = str(value).strip()[:_MAX_VALUE_LENGTH]
    return bool(_EMAIL.match(value) or _SSN.match(value)) or _is_card(value) or _is_iban(value) \
        or _is_gazetteer_name(value) or _is_structured_name(value) \
        or (sum(ch.isdigit() for ch in value) >= 9 and _is_phone(value))


def values_known_safe(profile: ColumnProfile, personal: PersonalData | None) -> bool:
    """Whether outputs may show a column's values: masked unless known safe.

    Safe are measures, dates and flags, and categories of at most `SAFE_CATEGORY_LEVELS` levels whose values repeat
    (`SAFE_CATEGORY_MIN_ROWS` rows per level on average; a rarer level is masked by `protect_profile`) and none of
    whose frequent values looks like personal data. Identifiers, free text and large or unrepeated categories are
    masked whatever detection found in them, so a kind of personal data that detection misses (an unusual id format
    under an innocent name) is masked all the same.
    """
    if personal is not None:
        return False
    if profile.semantic_type in ("numeric", "datetime", "boolean", "empty"):
        return True
    if profile.semantic_type in ("categorical", "constant"):
        return (profile.distinct <= SAFE_CATEGORY_LEVELS
                and profile.distinct * SAFE_CATEGORY_MIN_ROWS <= profile.count
                and not any(looks_personal(v.value) for v in profile.top_values))
    return False


def protect_profile(profile: ColumnProfile, personal: PersonalData | None,
                    attribute: SensitiveAttribute | None) -> ColumnProfile:
    """Attach the detections and mask the raw values the profile holds: every one for personal data, the frequent
    values and examples of any column not known to be safe."""
    shown = values_known_safe(profile, personal)
    update: dict = {"personal_data": personal, "sensitive_attribute": attribute.category if attribute else None,
                    "values_shown": shown}
    if not shown:
        # the values themselves, and the statistics that are values (an id column's quartiles are four of its ids)
        update.update(
            top_values=tuple(v.model_copy(update={"value": mask(v.value)}) for v in profile.top_values),
            unparsed_examples=tuple(mask(v) for v in profile.unparsed_examples),
            numeric=None if profile.numeric is None else profile.numeric.model_copy(update=dict(
                min=None, max=None, p01=None, q1=None, median=None, q3=None, p99=None, mean=None, std=None,
                outlier_low=None, outlier_high=None, histogram=())),
        )
    elif profile.semantic_type in ("categorical", "constant"):
        update["top_values"] = tuple(v if v.count >= SAFE_CATEGORY_MIN_ROWS else v.model_copy(
            update={"value": mask(v.value)}) for v in profile.top_values)
    if personal is not None:
        update.update(
            sensitive=True,
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


# --------------------------------------------------------------------------------------------------
# table-level rules: what a column is depends on what else the table holds
# --------------------------------------------------------------------------------------------------
_PERSON_WORDS = {"patient", "subject", "person", "people", "customer", "client", "member", "employee", "staff",
                 "student", "pupil", "participant", "applicant", "citizen", "resident", "passenger", "voter",
                 "donor", "borrower", "beneficiary", "insured", "policyholder", "claimant", "guest", "user",
                 "candidate", "athlete", "individual", "respondent", "victim", "suspect", "offender", "inmate"}
_ID_TOKENS = {"id", "key", "number", "num", "no", "nr", "code", "ref", "uuid", "guid", "identifier"}
_FINE_PLACE = {"city", "town", "village", "municipality", "zip", "zipcode", "postcode", "postal", "address"}
# A region of millions narrows down little beside a pseudonymous id, but beside a person's name it says where that
# named person lives: 'Mia S., Menomonie, WI'. Only a column named for the place itself ('state', 'home_state'),
# not 'order_state' or 'account_state', which are statuses.
_COARSE_PLACE = {"state", "province", "county", "region", "district", "canton", "department"}
_RESIDENCE_WORDS = {"home", "residence", "resident", "res", "of", "current", "mailing"}
_COORDINATES = {"lat", "latitude", "lon", "lng", "long", "longitude"}
_PAY_WORDS = {"salary", "salaries", "wage", "wages", "pay", "compensation", "bonus", "earnings", "income"}
# Kinds that single a person out by themselves; beside one of them, the quasi-identifiers count too.
DIRECT_KINDS = {"person_name", "email", "phone", "national_id", "us_ssn", "person_identifier", "street_address",
                "iban", "payment_card"}


def _is_person_identifier(column: ColumnProfile) -> bool:
    """'patient_id', 'customerNumber', 'subject id': a person word, and an id word last (not
    'number_customer_service_calls', a count), over values that mostly differ."""
    ordered = name_tokens(column.name)
    id_word = bool(ordered) and (ordered[-1] in _ID_TOKENS or bool(set(ordered) & {"id", "uuid", "guid"}))
    return bool(set(ordered) & _PERSON_WORDS) and id_word and column.distinct >= 10 \
        and column.distinct_fraction >= 0.2 and column.semantic_type not in ("datetime", "text", "empty",
                                                                             "constant")


REFERENCE_SAMPLE = 2_000  # distinct values of a column tested against a key: a share, not a census


def _id_strings(values: np.ndarray | pd.Series) -> pd.Series:
    """Values as id text: '1000000003.0' read back as '1000000003'."""
    return pd.Series(values).astype(str).str.removesuffix(".0")


class _Key:
    """A key's distinct values as id text (Arrow strings), their shortest and longest length, and, built only when
    a column's values could be references, the set that answers whether they are."""

    def __init__(self, key: pd.Series) -> None:
        uniques = key.dropna().unique()
        if uniques.dtype.kind in "iu":  # whole numbers: Arrow writes them as Python would, without Python strings
            text = pa.array(np.asarray(uniques)).cast(pa.string())
        elif uniques.dtype.kind == "f":
            text = pa.array(_id_strings(uniques), type=pa.string())
        else:
            text = pc.replace_substring_regex(pa.array(np.asarray(uniques, dtype=object).astype(str), type=pa.string()),
                                              pattern=r"\.0$", replacement="")
        self.text = text
        lengths = pc.min_max(pc.utf8_length(text)) if len(text) else None
        self.shortest = lengths["min"].as_py() if lengths is not None else 0
        self.longest = lengths["max"].as_py() if lengths is not None else 0
        self._values: frozenset[str] | None = None

    def holds(self, values: pd.Series) -> float:
        """The share of `values` that are values of the key."""
        lengths = values.str.len()
        if ((lengths >= self.shortest) & (lengths <= self.longest)).mean() < 0.95:
            return 0.0  # a reference is a key value: its length is one of the key's
        if self._values is None:
            self._values = frozenset(self.text.to_pylist())
        return sum(value in self._values for value in values) / len(values)


def _reference_sample(series: pd.Series) -> pd.Series | None:
    """Up to REFERENCE_SAMPLE distinct values of a column as id text, drawn from at most 40,000 of its rows; None
    when they cannot be references to a person's id (fewer than ten, or shorter than five characters: days 1-107
    fall in any key's range)."""
    if len(series) > 20 * REFERENCE_SAMPLE:  # rows drawn first: a million rows need not be hashed for 2,000 values
        series = series.iloc[np.random.default_rng(0).integers(0, len(series), 20 * REFERENCE_SAMPLE)]
    uniques = series.dropna().unique()
    if len(uniques) < 10:
        return None
    if len(uniques) > REFERENCE_SAMPLE:
        uniques = np.random.default_rng(0).choice(uniques, REFERENCE_SAMPLE, replace=False)
    values = _id_strings(uniques)
    return values if values.str.len().median() >= 5 else None


def _table_level(frame: pd.DataFrame, profile: DatasetProfile,
                 detected: list[tuple[PersonalData | None, SensitiveAttribute | None]]
                 ) -> list[tuple[PersonalData | None, SensitiveAttribute | None]]:
    """Person identifiers, and the quasi-identifiers that become personal data beside a direct identifier."""
    out = list(detected)
    columns = profile.columns

    def mark(i: int, kind: str, confidence: float, evidence: str = "name") -> None:
        out[i] = (PersonalData(kind=kind, confidence=confidence, match_rate=1.0, example="", evidence=evidence),
                  out[i][1])

    person_ids = [i for i, c in enumerate(columns) if out[i][0] is None and _is_person_identifier(c)]
    for i in person_ids:
        mark(i, "person_identifier", 0.8)
    keys = [i for i, (p, _) in enumerate(out) if p is not None and p.kind == "person_identifier"]
    key_values: dict[int, _Key] = {}
    for i, column in enumerate(columns):
        # an 'infected_by' of 10-digit patient ids reads like phone numbers: the key it points to says what it is
        unclaimed = out[i][0] is None or out[i][0].kind == "phone"
        if not (unclaimed and i not in keys and column.semantic_type in ("identifier", "numeric", "categorical")
                and column.distinct >= 10):
            continue
        sample = _reference_sample(frame.iloc[:, i])
        if sample is None:
            continue
        for k in keys:
            if k not in key_values:
                key_values[k] = _Key(frame.iloc[:, k])
            if key_values[k].holds(sample) >= 0.95:
                mark(i, "person_identifier", 0.75, "values")
                break
    direct = any(p is not None and p.kind in DIRECT_KINDS for p, _ in out)
    named = any(p is not None and p.kind == "person_name" for p, _ in out)
    about_people = direct or sum(a is not None for _, a in out) >= 2
    # prose in which people tell about themselves (tenure, promotions, pay history) identifies them like a name
    told = direct or any(p is not None and p.kind == "free_text_with_personal_data" for p, _ in out)
    for i, column in enumerate(columns):
        if out[i][0] is not None:
            continue
        tokens = _tokens(column.name)
        if about_people and tokens & _COORDINATES and column.semantic_type == "numeric":
            mark(i, "precise_location", 0.7)
        elif direct and tokens & _FINE_PLACE and column.semantic_type in ("categorical", "text", "numeric",
                                                                           "identifier") \
                and not (column.numeric is not None and not column.numeric.integer_valued):
            # a place is a name or a code; a fraction is a measure of the place ('frac_black_emp_zip': the share
            # of Black employees in the employer's ZIP code), which singles no one out
            mark(i, "quasi_identifier", 0.7)
        elif named and tokens & _COARSE_PLACE and not tokens - _COARSE_PLACE - _RESIDENCE_WORDS \
                and column.semantic_type in ("categorical", "text") and column.distinct >= 2:
            mark(i, "quasi_identifier", 0.6)  # where a named person lives
        elif direct and column.semantic_type == "datetime" and column.distinct >= 20:
            mark(i, "quasi_identifier", 0.6, "values")  # dates of events in a named person's life
        elif direct and out[i][1] is not None and out[i][1].category == "age" \
                and column.semantic_type == "numeric":
            mark(i, "quasi_identifier", 0.7)  # an exact age or birth year beside a name or an id
        elif told and tokens & _PAY_WORDS and column.semantic_type == "numeric":
            mark(i, "quasi_identifier", 0.6)  # the pay of a person the table identifies: with title and site, them
    return out


def protect_dataset(frame: pd.DataFrame, profile: DatasetProfile) -> DatasetProfile:
    """Detect personal data and protected attributes in every column, and mask what the profile holds of them."""
    detected = [(detect_personal_data(frame.iloc[:, i], column), detect_sensitive_attribute(frame.iloc[:, i], column))
                for i, column in enumerate(profile.columns)]
    # A treatment is health data when the table is about people (beside another protected attribute or data that
    # singles a person out): a herbicide's or an A/B test's treatment is no one's health.
    ambiguous = [attribute is not None and _names_only_a_treatment(column, attribute)
                 for (_, attribute), column in zip(detected, profile.columns, strict=True)]
    if not any(p is not None or a is not None and not vague for (p, a), vague in zip(detected, ambiguous, strict=True)):
        detected = [(p, None if vague else a) for (p, a), vague in zip(detected, ambiguous, strict=True)]
    # A table with two or more protected attributes describes people: its 'country' is the person's own.
    if sum(attribute is not None for _, attribute in detected) >= 2:
        detected = [(personal, attribute if attribute is not None or not _person_country(column) else
                     SensitiveAttribute(category="nationality", evidence="name"))
                    for (personal, attribute), column in zip(detected, profile.columns, strict=True)]
    detected = _table_level(frame, profile, detected)
    columns = [protect_profile(column, personal, attribute)
               for (personal, attribute), column in zip(detected, profile.columns, strict=True)]
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
                         "confidence": f"{p.confidence:.0%}", "match rate": f"{p.match_rate:.0%}",
                         "example (masked)": p.example or "—",
                         "detected from": p.evidence, "action": ACTIONS[p.kind],
                         "status": status.get(("personal_data", c.name), "open")})
        if c.sensitive_attribute is not None:
            rows.append({"column": c.name, "finding": f"protected: {c.sensitive_attribute.replace('_', ' ')}",
                         "confidence": "—", "match rate": "—", "example (masked)": "—",  # not a None in the table
                         "detected from": "name or values", "action": "fairness review; restrict access",
                         "status": status.get(("protected_attribute", c.name), "open")})
    return pd.DataFrame(rows, columns=["column", "finding", "confidence", "match rate", "example (masked)",
                                       "detected from", "action", "status"])
