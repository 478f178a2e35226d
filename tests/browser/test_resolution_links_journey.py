"""On a phone: a project cites its council's resolution, and the meeting page names the project."""

from importlib import import_module

import pytest

from tests.browser.conftest import fits_the_screen, screenshot
from tests.factories import IssueFactory, MeetingFactory, PlanFactory, ResolutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """The geography and themes the migrations load, which an earlier journey's flush removed."""
    from django.apps import apps

    from councils.models import Subdistrict
    from plans.models import Theme

    if not Subdistrict.objects.exists():
        import_module("councils.migrations.0002_load_geography").load(apps, None)
    if not Theme.objects.exists():
        import_module("plans.migrations.0002_core_themes").load(apps, None)


def test_a_project_cites_a_resolution_on_a_phone(phone, log_in, tambon_coordinator, council):
    plan = PlanFactory(council=council)
    issue = IssueFactory(plan=plan)
    resolution = ResolutionFactory(
        meeting=MeetingFactory(council=council),
        text="เห็นชอบลำดับโครงการในแผนพัฒนาตำบล และมอบเลขานุการทำหนังสือเสนอเทศบาลตำบลแม่สาย",
    )
    log_in(phone, tambon_coordinator.username)
    phone.goto(f"/plans/{plan.pk}/issues/{issue.pk}/projects/new/")
    phone.fill("#id_title", "โครงการปรับปรุงทางระบายน้ำในชุมชน")
    phone.check("input[name=approach][value=request]")
    phone.check(f"input[name=resolutions][value='{resolution.pk}']")
    assert fits_the_screen(phone)
    screenshot(phone, "project-form-resolutions")
    phone.click("#project-editor button[type=submit]")
    phone.wait_for_selector(".resolution-line")
    assert fits_the_screen(phone)
    screenshot(phone, "plan-with-resolution")
    phone.click(".resolution-line a")
    phone.wait_for_selector(f"#resolution-{resolution.pk}")
    assert "โครงการปรับปรุงทางระบายน้ำในชุมชน" in phone.inner_text(f"#resolution-{resolution.pk}")
    assert fits_the_screen(phone)
    screenshot(phone, "meeting-cited-by-project")
