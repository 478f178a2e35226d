"""Demo community strength: Nakhon Si Thammarat's own "organic community" indicator set with
four years of self-assessments, and two years on the national set for Mae Sai and Chumphon.

Facts from the field report (nakhon-si-thammarat-organic-community): the governor named the
province's process "ชุมชนอินทรีย์", five components followed over the years; its six-year
programme ran the self-reliance master plan with the Yommana network, knowledge management with
the non-formal education centre, sufficiency-economy learning centres with agriculture and the
BAAC, community standards with community development (พช.) and health standards with public
health. The indicators below are written for the demo from those facts.
"""

from __future__ import annotations

import random

from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from councils.models import Council
from councils.strength.models import (
    AutoSource,
    CommunityType,
    StrengthAssessment,
    StrengthIndicator,
    StrengthScore,
    current_fiscal_year,
)

NAKHON = "80"
MAE_SAI = "570901"  # not yet assessed this year: the tambon of the phone journey

# (component, number, name, filled in from)
NAKHON_INDICATORS = (
    (1, 1, "คณะผู้นำหมู่บ้านและตำบลประชุมวางแผนร่วมกันเป็นประจำ และมีแกนนำรุ่นใหม่ร่วมคณะ", ""),
    (1, 2, "ตำแหน่งหลักของสภาและกลุ่มมีผู้สืบทอดที่ได้ฝึกงานจริง", AutoSource.SUCCESSORS),
    (1, 3, "แกนนำผ่านการอบรมหรือศึกษาดูงานในปีนี้", AutoSource.LEADERS_TRAINED),
    (2, 1, "แผนแม่บทชุมชนพึ่งตนเองทำจากบัญชีรับจ่ายครัวเรือนและข้อมูลทุนของหมู่บ้าน", ""),
    (2, 2, "แผนแม่บทได้รับการรับรองและเชื่อมกับแผนพัฒนาของ อบต.", AutoSource.ACCEPTED_PLAN),
    (2, 3, "กิจกรรมในแผนแม่บทได้ลงมือทำหรือได้รับงบจากภาคี", AutoSource.PROJECTS_UNDER_WAY),
    (3, 1, "มีศูนย์เรียนรู้เศรษฐกิจพอเพียงที่คนในและนอกตำบลมาเรียนรู้", ""),
    (3, 2, "ถอดบทเรียนและจัดเวทีแลกเปลี่ยนความรู้ร่วมกับ กศน. หรือสถาบันการศึกษา", ""),
    (4, 1, "สถาบันการเงินชุมชนมีระบบบัญชีที่ตรวจสอบได้และปล่อยกู้เพื่ออาชีพ", ""),
    (4, 2, "กองทุนสวัสดิการชุมชนดูแลสมาชิกตั้งแต่เกิดจนตาย", AutoSource.WELFARE_FUND),
    (5, 1, "สภาองค์กรชุมชนประชุมสม่ำเสมอและติดตามมติ", AutoSource.MEETINGS),
    (5, 2, "ชุมชนผ่านมาตรฐานงานชุมชนและมาตรฐานสุขภาวะชุมชน", ""),
    (5, 3, "จัดการทรัพยากรและแก้ปัญหาร่วมกับหน่วยงานได้ด้วยตนเอง", ""),
)
NOTES = (
    "ปีแรกของการใช้ตัวชี้วัดชุมชนอินทรีย์ แกนนำยังเข้าใจไม่ตรงกัน",
    "เริ่มทำบัญชีครัวเรือนครบทุกหมู่บ้าน แผนแม่บทเชื่อมกับ อบต. ได้บางส่วน",
    "ศูนย์เรียนรู้เปิดรับคณะศึกษาดูงาน สถาบันการเงินชุมชนเริ่มปล่อยกู้เพื่ออาชีพ",
    "ทบทวนทั้งกระบวนการในเวทีตำบล แกนนำรุ่นใหม่รับงานเลขานุการและบัญชี",
)


def seed(stdout: OutputWrapper) -> None:
    this_year = current_fiscal_year(timezone.localdate())
    with transaction.atomic():
        own = seed_nakhon_indicators()
        made = 0
        for council in _councils(f"{NAKHON}"):
            made += seed_assessments(council, range(this_year - 3, this_year + 1), own)
        national = list(StrengthIndicator.objects.active().filter(province__isnull=True))
        for prefix in ("5709", "86"):
            for council in _councils(prefix):
                first = this_year - 1
                last = this_year - 1 if council.subdistrict_id == MAE_SAI else this_year
                made += seed_assessments(council, range(first, last + 1), national)
    stdout.write(
        f"Demo community strength: {len(own)} Nakhon Si Thammarat indicators, "
        f"{made} assessments made, {StrengthAssessment.objects.count()} in all."
    )


def _councils(prefix: str):
    return (
        Council.objects.active()
        .filter(subdistrict__code__startswith=prefix)
        .order_by("subdistrict_id")
    )


def seed_nakhon_indicators() -> list[StrengthIndicator]:
    return [
        StrengthIndicator.objects.update_or_create(
            province_id=NAKHON,
            component=component,
            number=number,
            defaults={"name": name, "auto_source": source},
        )[0]
        for component, number, name, source in NAKHON_INDICATORS
    ]


def seed_assessments(council: Council, years: range, indicators: list[StrengthIndicator]) -> int:
    """A council's assessments of `years`: levels that grow, unevenly, from a starting point
    of its own; the component levels are computed as record_scores does."""
    rng = random.Random(f"strength-{council.subdistrict_id}")
    # Each council starts from its own level and grows at its own pace.
    start = rng.choice((1, 1, 2, 2, 3))
    pace = rng.choice((0.15, 0.35, 0.6))
    levels = {i.pk: max(1, min(5, start + rng.choice((-1, 0, 0, 1)))) for i in indicators}
    community_type = rng.choice((CommunityType.WEAK, CommunityType.SELF_RELIANT))
    made = 0
    for step, year in enumerate(years):
        if step:
            # Some indicators move up a level in a year, a few fall back.
            for pk in levels:
                draw = rng.random()
                move = 1 if draw < pace else (-1 if draw > 0.93 else 0)
                levels[pk] = min(5, max(1, levels[pk] + move))
            if step >= 2 and community_type < CommunityType.RECOVERING and pace > 0.3:
                community_type = CommunityType.RECOVERING
        assessment, created = StrengthAssessment.objects.get_or_create(
            council=council,
            fiscal_year=year,
            defaults={
                "community_type": community_type,
                "note": NOTES[step % len(NOTES)] if len(years) > 2 else "",
            },
        )
        if created:
            # What record_scores writes, in one insert: a new assessment has no scores yet.
            StrengthScore.objects.bulk_create(
                StrengthScore(assessment=assessment, indicator_id=pk, level=level)
                for pk, level in levels.items()
            )
            assessment.recompute_levels()
            made += 1
    return made
