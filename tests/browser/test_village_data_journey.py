"""On a phone: a tambon coordinator reads the villages' figures in the plan, cites the one an
issue answers, and the district coordinator reads the district's village data by tambon."""

import pytest

from councils.villages.models import Dataset, VillageFigure, VillageIndicator
from tests.browser.conftest import ARTIFACTS, fits_the_screen, screenshot
from tests.factories import VillageFigureFactory, basic_needs_indicator, complete_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _survey() -> None:
    """Mae Sai and Huai Khrai: clean water short in some villages; a road problem in one."""
    water = basic_needs_indicator("9")
    shares = {"570901": (95, 72, 88, 96, 70), "570902": (97, 99, 91)}
    for tambon, passed in shares.items():
        for village, share in enumerate(passed, start=1):
            VillageFigureFactory(
                subdistrict_id=tambon, village_no=village, indicator=water,
                households_surveyed=100, households_passed=share,
            )  # fmt: skip
            for code in ("1", "2", "20"):
                VillageFigureFactory(
                    subdistrict_id=tambon, village_no=village,
                    indicator=basic_needs_indicator(code), households_surveyed=100,
                    households_passed=100 - village,
                )  # fmt: skip
    road = VillageIndicator.objects.get(dataset=Dataset.VILLAGE_BASIC_DATA, code="1")
    VillageFigure.objects.create(
        subdistrict_id="570901", village_no=3, year=2567, indicator=road, level=1
    )


def test_the_plan_shows_and_cites_the_villages_figures_on_a_phone(
    phone, log_in, tambon_coordinator, district_coordinator, council
):
    _survey()
    plan = complete_plan(council)
    issue = plan.issues.first()
    log_in(phone, "alice")
    phone.goto(plan.get_absolute_url())
    phone.locator("#village-data .share-bars li.short").first.wait_for()
    assert fits_the_screen(phone)
    assert "หมู่ 2, หมู่ 3, หมู่ 5" in phone.locator("#village-data").inner_text()
    phone.click("#village-data details summary")
    assert fits_the_screen(phone)
    ARTIFACTS.mkdir(exist_ok=True)
    phone.locator("#village-data").screenshot(path=ARTIFACTS / "village-plan-situation.png")

    phone.goto(f"{plan.get_absolute_url()}issues/{issue.pk}/edit/")
    water = basic_needs_indicator("9")
    phone.check(f"#id_cited_indicators input[value='{water.pk}']")
    assert fits_the_screen(phone)
    phone.click("#issue-editor button[type=submit]")
    cited = phone.locator(f"#issue-{issue.pk} .cited-figures li.short")
    cited.wait_for()
    assert "เป้าหมาย 90%" in cited.inner_text()
    phone.locator(f"#issue-{issue.pk}").screenshot(path=ARTIFACTS / "village-plan-cited.png")

    phone.context.clear_cookies()
    log_in(phone, "dao")
    phone.goto("/areas/5709/villages/")
    phone.locator("#children .share-bars li").first.wait_for()
    assert fits_the_screen(phone)
    screenshot(phone, "village-plan-area")
