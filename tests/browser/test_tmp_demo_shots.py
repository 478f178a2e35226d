from importlib import import_module
import pytest
from django.core.management import call_command
from io import StringIO
from tests.browser.conftest import fits_the_screen, screenshot
from plans.models import CommunityPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

@pytest.fixture(autouse=True)
def reference_data(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.apps import apps
    from councils.models import Subdistrict
    from plans.models import Theme
    if not Subdistrict.objects.exists():
        import_module("councils.migrations.0002_load_geography").load(apps, None)
    if not Theme.objects.exists():
        import_module("plans.migrations.0002_core_themes").load(apps, None)

def test_shots(phone, log_in):
    call_command("seed_demo", "--force", stdout=StringIO())
    log_in(phone, "maesai", "demo1234")
    phone.goto("/plans/")
    screenshot(phone, "demo-plan-index-maesai"); print("fits index", fits_the_screen(phone))
    plan = CommunityPlan.objects.get(council__subdistrict_id="570901")
    phone.goto(plan.get_absolute_url())
    screenshot(phone, "demo-plan-returned"); print("fits plan", fits_the_screen(phone))
    phone.goto(f"/plans/{plan.pk}/import/")
    screenshot(phone, "demo-import"); print("fits import", fits_the_screen(phone))
    phone.context.clear_cookies()
    log_in(phone, "maesai_district", "demo1234")
    phone.goto("/plans/")
    screenshot(phone, "demo-plan-index-district"); print("fits dindex", fits_the_screen(phone))
    phone.goto("/areas/5709/reviews/")
    screenshot(phone, "demo-review-queue"); print("fits q", fits_the_screen(phone))
    plan = CommunityPlan.objects.get(council__subdistrict_id="570904")
    phone.goto(plan.get_absolute_url())
    screenshot(phone, "demo-plan-accepted-district"); print("fits acc", fits_the_screen(phone))
