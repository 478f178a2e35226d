"""Alice scores this fiscal year's indicators on her phone; Dao, on the district's community-
strength page, sees Mae Sai move from "not assessed" into the levels Alice chose: the figures
and the chart are the tambons' own assessments, not a copy made once."""

import pytest

from councils.strength.models import StrengthIndicator, current_fiscal_year
from tests.browser.conftest import PHONE, fits_the_screen, screenshot
from tests.factories import AssessmentFactory, CouncilFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _stats(page) -> dict[str, str]:
    """The district page's figures, by their labels."""
    return {
        item.locator("dt").inner_text().strip(): item.locator("dd strong").inner_text().strip()
        for item in page.locator("dl.stats > div").all()
    }


def test_a_phone_assessment_moves_the_district_chart(
    browser, live_server, log_in, council, tambon_coordinator, district_coordinator
):
    this_year = current_fiscal_year()
    indicators = list(StrengthIndicator.objects.for_province("57"))
    # Huai Khrai assessed itself already this year, at level 2 throughout.
    neighbour = CouncilFactory(subdistrict_id="570902")
    AssessmentFactory(council=neighbour, fiscal_year=this_year).record_scores(
        {indicator.pk: 2 for indicator in indicators}
    )

    district = browser.new_context(viewport=PHONE, locale="th-TH", base_url=live_server.url)
    dao = district.new_page()
    log_in(dao, "dao")
    dao.goto(f"/areas/5709/strength/?year={this_year}")
    before = _stats(dao)
    chart_before = dao.locator("figure.chart").first.inner_html()
    assert before["ประเมินแล้วในปีนี้"] == "1"
    assert before["ยังไม่ประเมิน"] == "1"
    # No tambon is at level 4 yet: the share table's level-4 column is all zero.
    assert "ระดับ 4" in dao.locator("table").first.inner_text()

    phone = browser.new_context(viewport=PHONE, locale="th-TH", base_url=live_server.url)
    alice = phone.new_page()
    log_in(alice, "alice")
    alice.goto(f"/councils/{council.pk}/strength/{this_year}/")
    assert fits_the_screen(alice)
    for indicator in indicators:
        alice.locator(f"input[name='level_{indicator.pk}'][value='4']").check()
    alice.click("#strength-form button[type=submit]")
    alice.wait_for_url(f"**/strength/#year-{this_year}")
    assert alice.locator(f"#year-{this_year} [data-region-status]").count() == 1

    dao.reload()
    after = _stats(dao)
    assert after["ประเมินแล้วในปีนี้"] == "2"
    assert after["ยังไม่ประเมิน"] == "0"
    assert dao.locator("figure.chart").first.inner_html() != chart_before
    # Each component now has one tambon at level 2 (Huai Khrai) and one at level 4 (Mae Sai).
    first_row = dao.locator("table").first.locator("tbody tr").first.inner_text()
    assert first_row.count("(50.0%)") == 2
    assert fits_the_screen(dao)
    screenshot(dao, "strength-district-after-360")
    phone.close()
    district.close()
