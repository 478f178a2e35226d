"""Demo village data of Mae Sai's 8 tambons: the basic-needs survey (จปฐ.) of two years and the
village basic data (กชช. 2ค) of one, with each village's name, households and population.

The district CON centre plans on these figures (field report mae-sai): most criteria are met,
a few fall clearly short on the border (clean drinking water all year, income above the
criterion, and households where nobody drinks alcohol). Villages stay within each tambon's
real number of villages (Subdistrict.village_count).
"""

from __future__ import annotations

import random

from django.core.management.base import OutputWrapper
from django.db import transaction

from councils.models import Subdistrict
from councils.villages.models import Dataset, VillageFigure, VillageIndicator, VillageProfile

MAE_SAI_DISTRICT = "5709"
BASIC_NEEDS_YEARS = (2567, 2568)
VILLAGE_DATA_YEAR = 2567
# Criteria that fall short, found by their names (the codes are the survey's order).
SHORT_CRITERIA = ("น้ำสะอาดสำหรับดื่ม", "รายได้เฉลี่ย", "ไม่ดื่มสุรา")
# Parts of northern village names: บ้าน + one of these, then a suffix for the larger tambons.
VILLAGE_NAMES = (
    "ป่าซาง",
    "สันทราย",
    "ห้วยไคร้",
    "ป่าแดง",
    "ดอยแสง",
    "เวียงหอม",
    "ถ้ำปลา",
    "หัวฝาย",
    "ป่าเหมือด",
    "แม่คำ",
    "โป่งงาม",
    "สันผักฮี้",
    "เหมืองแดง",
    "ไร่",
    "ผาเด่น",
    "จำปี",
)
BATCH = 1000


def seed(stdout: OutputWrapper) -> None:
    tambons = list(
        Subdistrict.objects.filter(
            code__startswith=MAE_SAI_DISTRICT, village_count__gt=0, councils__isnull=False
        )
        .distinct()
        .order_by("code")
    )
    indicators = list(VillageIndicator.objects.order_by("dataset", "position"))
    basic_needs = [i for i in indicators if i.dataset == Dataset.BASIC_NEEDS]
    village_data = [i for i in indicators if i.dataset == Dataset.VILLAGE_BASIC_DATA]
    with transaction.atomic():
        for tambon in tambons:
            if VillageProfile.objects.filter(subdistrict=tambon).exists():
                continue  # seeded once, all or nothing per tambon
            seed_tambon(tambon, basic_needs, village_data)
    stdout.write(
        f"Demo village data in Mae Sai: {VillageProfile.objects.count()} village profiles, "
        f"{VillageFigure.objects.count()} village figures."
    )


def seed_tambon(
    tambon: Subdistrict,
    basic_needs: list[VillageIndicator],
    village_data: list[VillageIndicator],
) -> None:
    rng = random.Random(f"villages-{tambon.code}")
    profiles, figures = [], []
    names = rng.sample(VILLAGE_NAMES, min(len(VILLAGE_NAMES), tambon.village_count))
    for village_no in range(1, tambon.village_count + 1):
        households = rng.randint(90, 420)
        name = names[village_no - 1] if village_no <= len(names) else f"{names[0]}ใหม่"
        for year in (VILLAGE_DATA_YEAR,):
            profiles.append(
                VillageProfile(
                    subdistrict=tambon, village_no=village_no, year=year,
                    village_name=f"บ้าน{name}", households=households,
                    population=households * rng.randint(28, 36) // 10,
                )
            )  # fmt: skip
        for step, year in enumerate(BASIC_NEEDS_YEARS):
            surveyed = households - rng.randint(0, 6)
            for indicator in basic_needs:
                short = any(text in indicator.name for text in SHORT_CRITERIA)
                share = rng.uniform(0.58, 0.84) if short else rng.uniform(0.92, 1.0)
                share = min(1.0, share + 0.03 * step)  # a little better the next year
                figures.append(
                    VillageFigure(
                        subdistrict=tambon, village_no=village_no, year=year,
                        indicator=indicator, households_surveyed=surveyed,
                        households_passed=round(surveyed * share),
                    )
                )  # fmt: skip
        for indicator in village_data:
            figures.append(
                VillageFigure(
                    subdistrict=tambon, village_no=village_no, year=VILLAGE_DATA_YEAR,
                    indicator=indicator, level=rng.choice((1, 2, 2, 3, 3, 3, 3)),
                )
            )  # fmt: skip
    VillageProfile.objects.bulk_create(profiles, batch_size=BATCH)
    VillageFigure.objects.bulk_create(figures, batch_size=BATCH)
