"""Demo people: a name true to the person's people (dân tộc), sex, year of birth, household,
phone and CCCD number, drawn from a seeded random generator."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from desktop.demo import names
from desktop.models.collation import nfc
from desktop.models.enums import Household, Sex

T = TypeVar("T")


def weighted(rng: random.Random, choices: Sequence[tuple[T, int]]) -> T:
    """One of ``choices`` (value, weight)."""
    values = [value for value, _weight in choices]
    weights = [weight for _value, weight in choices]
    return rng.choices(values, weights=weights)[0]


@dataclass(frozen=True)
class Person:
    full_name: str
    sex: Sex
    birth_year: int
    ethnicity: str
    household: Household
    phone: str
    id_number: str


@dataclass(frozen=True)
class Profile:
    """Who joins a kind of group: shares of women, older people and poor households."""

    female: float
    elderly: float  # share of people aged 60 or more
    poor: float
    near_poor: float
    youngest: int = 22
    oldest_working: int = 59


VSLA_PROFILE = Profile(female=0.9, elderly=0.05, poor=0.15, near_poor=0.2, youngest=24)
ASCA_PROFILE = Profile(female=0.75, elderly=0.1, poor=0.2, near_poor=0.2, youngest=24)
CLUB_PROFILE = Profile(female=0.7, elderly=0.75, poor=0.3, near_poor=0.25)


def _full_name(rng: random.Random, ethnicity: str, sex: Sex) -> str:
    family = weighted(rng, names.FAMILY_NAMES[ethnicity])
    style = ethnicity if ethnicity in ("H'Mông", "Thái") else "Kinh"
    middle = weighted(rng, names.MIDDLE_NAMES[(style, sex.value)])
    given = rng.choice(names.GIVEN_NAMES[(style, sex.value)])
    return nfc(f"{family} {middle} {given}")


def _id_number(rng: random.Random, sex: Sex, birth_year: int) -> str:
    """A CCCD number of the right shape: province, century and sex, year, six digits."""
    century = 0 if birth_year < 2000 else 2
    digit = century + (1 if sex == Sex.FEMALE else 0)
    serial = rng.randrange(0, 1_000_000)
    return f"{names.PROVINCE_ID_PREFIX}{digit}{birth_year % 100:02d}{serial:06d}"


def make_person(rng: random.Random, village: str, profile: Profile, year: int,
                taken: set[str]) -> Person:
    """A new person of ``village`` whose full name is not in ``taken`` (then added to it)."""
    ethnicity = weighted(rng, names.ETHNIC_MIX[village])
    sex = Sex.FEMALE if rng.random() < profile.female else Sex.MALE
    if rng.random() < profile.elderly:
        age = rng.randint(60, 86)
    else:
        age = rng.randint(profile.youngest, profile.oldest_working)
    full_name = _full_name(rng, ethnicity, sex)
    while full_name in taken:
        full_name = _full_name(rng, ethnicity, sex)
    taken.add(full_name)
    draw = rng.random()
    household = (Household.POOR if draw < profile.poor
                 else Household.NEAR_POOR if draw < profile.poor + profile.near_poor
                 else Household.OTHER)
    phone = ""
    if age < 75 or rng.random() < 0.3:
        phone = rng.choice(names.MOBILE_PREFIXES) + f"{rng.randrange(0, 10_000_000):07d}"
    id_number = _id_number(rng, sex, year - age) if rng.random() < 0.6 else ""
    return Person(full_name, sex, year - age, ethnicity, household, phone, id_number)
