"""CODI's regions and the DOPA code levels (province 2, district 4, subdistrict 6 digits)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    NORTH = "north", _("Northern region")
    NORTHEAST = "northeast", _("Northeastern region")
    CENTRAL_WEST = "central_west", _("Central and western region")
    EAST = "east", _("Eastern region")
    BANGKOK = "bangkok", _("Bangkok and vicinity")
    SOUTH = "south", _("Southern region")


# The provinces each CODI regional office works with, by DOPA province code.
REGION_PROVINCES: dict[str, tuple[str, ...]] = {
    Region.NORTH: (
        "50", "51", "52", "53", "54", "55", "56", "57", "58",
        "60", "61", "62", "63", "64", "65", "66", "67",
    ),
    Region.NORTHEAST: (
        "30", "31", "32", "33", "34", "35", "36", "37", "38", "39",
        "40", "41", "42", "43", "44", "45", "46", "47", "48", "49",
    ),
    Region.CENTRAL_WEST: (
        "14", "15", "16", "17", "18", "19", "70", "71", "72", "75", "76", "77",
    ),
    Region.EAST: ("20", "21", "22", "23", "24", "25", "26", "27"),
    Region.BANGKOK: ("10", "11", "12", "13", "73", "74"),
    Region.SOUTH: (
        "80", "81", "82", "83", "84", "85", "86", "90", "91", "92", "93", "94", "95", "96",
    ),
}  # fmt: skip


def region_of(province_code: str) -> str:
    for region, codes in REGION_PROVINCES.items():
        if province_code in codes:
            return str(region)
    raise KeyError(province_code)


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    SUBDISTRICT = "subdistrict", _("subdistrict")


CODE_LENGTH_LEVEL = {2: Level.PROVINCE, 4: Level.DISTRICT, 6: Level.SUBDISTRICT}


def level_of(code: str) -> Level:
    """The level of a DOPA area code: '84' is a province, '8405' a district, '840503' a tambon."""
    if not code.isdigit() or len(code) not in CODE_LENGTH_LEVEL:
        raise ValueError(f"not a DOPA area code: {code!r}")
    return CODE_LENGTH_LEVEL[len(code)]
