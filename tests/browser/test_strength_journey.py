"""On a 360 px phone, Alice assesses this fiscal year: the form fits the screen, a file that is
not what its name says is refused with the indicator named in the summary, and once saved the
years page shows this year beside the earlier ones."""

import datetime as dt

import pytest

from councils.strength.models import StrengthAssessment, StrengthIndicator, current_fiscal_year
from tests.browser.conftest import fits_the_screen, in_viewport, screenshot, screenshot_view
from tests.factories import (
    AssessmentFactory,
    FundFactory,
    FundMemberFactory,
    MeetingFactory,
)
from tests.uploaded_files import HTML_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assessing_this_year_on_a_phone(phone, log_in, council, tambon_coordinator):
    this_year = current_fiscal_year()
    MeetingFactory(council=council, held_on=dt.date.today() - dt.timedelta(days=1))
    FundMemberFactory.create_batch(3, fund=FundFactory(council=council))
    indicators = list(StrengthIndicator.objects.for_province("57"))
    earlier = AssessmentFactory(council=council, fiscal_year=this_year - 2, community_type=2)
    earlier.record_scores({i.pk: 1 + i.pk % 3 for i in indicators})
    plain = next(i for i in indicators if not i.auto_source)

    log_in(phone, "alice")
    phone.goto(council.get_absolute_url())
    phone.click("#strength a[href$='/strength/']")
    phone.click(f"a[href$='/strength/{this_year}/']")
    assert fits_the_screen(phone)
    assert phone.locator(".badge-filled").count() == len([i for i in indicators if i.auto_source])
    screenshot(phone, "strength-form-360")

    # Every indicator at level 3 but one left to the portal's data; a web page named .pdf.
    for indicator in indicators:
        if not indicator.auto_source:
            phone.locator(f"input[name='level_{indicator.pk}'][value='3']").check()
    phone.locator(f"#indicator-{plain.pk} details.more summary").click()
    phone.set_input_files(
        f"#id_evidence_{plain.pk}",
        {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": HTML_BYTES},
    )
    phone.click("#strength-form button[type=submit]")
    summary = phone.locator("[data-error-summary]")
    summary.wait_for()
    assert plain.name in summary.inner_text()
    # portal.js takes the focus to the invalid field, far down a long form: it is on the screen.
    field = phone.locator(f"#id_evidence_{plain.pk}")
    phone.wait_for_function(
        "id => document.activeElement === document.getElementById(id)",
        arg=f"id_evidence_{plain.pk}",
    )
    assert in_viewport(field)
    assert fits_the_screen(phone)
    # What was chosen is still chosen.
    assert phone.locator(f"input[name='level_{plain.pk}'][value='3']").is_checked()
    screenshot_view(phone, "strength-form-error-field-360")
    phone.evaluate("window.scrollTo(0, 0)")
    screenshot_view(phone, "strength-form-error-360")
    assert not StrengthAssessment.objects.filter(fiscal_year=this_year).exists()

    phone.set_input_files(f"#id_evidence_{plain.pk}", [])
    phone.click("#strength-form button[type=submit]")
    phone.wait_for_url(f"**/strength/#year-{this_year}")
    assert phone.locator(f"#year-{this_year} [data-region-status]").count() == 1
    assert fits_the_screen(phone)
    phone.evaluate("window.scrollTo(0, 0)")
    screenshot(phone, "strength-years-360")
    assessment = StrengthAssessment.objects.get(council=council, fiscal_year=this_year)
    assert assessment.overall_level is not None
