"""Setting up a council's welfare fund: the name offered, and one fund per council."""

from django.urls import reverse

from welfare.models import WelfareFund


def test_the_fund_is_offered_the_tambons_usual_name(council, tambon_coordinator, client_for):
    assert WelfareFund.default_name_for(council) == "กองทุนสวัสดิการชุมชนตำบลแม่สาย"
    response = client_for(tambon_coordinator).get(reverse("fund_new", args=[council.pk]))
    assert response.context["form"].initial["name"] == "กองทุนสวัสดิการชุมชนตำบลแม่สาย"


def test_a_council_with_a_fund_is_sent_to_it(fund, tambon_coordinator, client_for):
    response = client_for(tambon_coordinator).get(reverse("fund_new", args=[fund.council_id]))
    assert response.url == fund.get_absolute_url()
