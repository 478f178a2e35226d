"""The local development plan's project form (แบบ ผ.02): which projects it takes, the xlsx read
back, the PDF read with pdftotext, the district's export per agency, access and query counts."""

import io
import subprocess
from decimal import Decimal

import openpyxl
import pikepdf
import pytest
from django.urls import reverse

from councils.models import Partner
from plans import local_plan_form
from plans.execution.models import Indicator, IndicatorTarget
from plans.models import CommunityPlan
from tests.factories import (
    TAMBON_HUAI_KHRAI,
    TAMBON_MAE_SAI,
    BudgetFactory,
    CouncilFactory,
    IssueFactory,
    PartnerFactory,
    PlanFactory,
    ProjectFactory,
    _theme,
    put_in_state,
)

MAE_SAI_TAMBONS = ["570901", "570902", "570903", "570904", "570905", "570906", "570908"]
TRICKY_TITLE = '=HYPERLINK("http://example.org","โครงการ")'


@pytest.fixture
def agencies(db):
    return {
        "sao": PartnerFactory(),  # องค์การบริหารส่วนตำบลแม่สาย, of tambon 570901
        "other_sao": PartnerFactory(name="องค์การบริหารส่วนตำบลห้วยไคร้", area_code=TAMBON_HUAI_KHRAI),
        "pao": PartnerFactory(
            name="องค์การบริหารส่วนจังหวัดเชียงราย", kind=Partner.Kind.PAO, area_code="57"
        ),
        "district_office": PartnerFactory(
            name="สำนักงานพัฒนาชุมชนอำเภอแม่สาย",
            kind=Partner.Kind.DISTRICT_OFFICE,
            area_code="5709",
        ),  # fmt: skip
        "far_pao": PartnerFactory(
            name="องค์การบริหารส่วนจังหวัดชุมพร", kind=Partner.Kind.PAO, area_code="86"
        ),
    }


def _project(issue, title, approach, lead, lines, **fields):
    # The tests give each project the indicators they check (none from the factory).
    fields.setdefault("indicator", "")
    project = ProjectFactory(
        issue=issue, title=title, approach=approach, lead_partner=lead, **fields
    )
    for year, source, amount in lines:
        BudgetFactory(project=project, fiscal_year=year, source=source, amount=amount)
    return project


@pytest.fixture
def plan(council, agencies):
    """Mae Sai's plan 2569-2573: two projects ask the SAO, two the PAO, two ask no one."""
    plan = PlanFactory(council=council)
    economy = IssueFactory(plan=plan, theme=_theme("economy"))
    society = IssueFactory(plan=plan, theme=_theme("society"))
    sao, pao = agencies["sao"], agencies["pao"]
    market = _project(
        economy, "โครงการตลาดชุมชน", "request", sao,
        [(2569, "local_government", "100000"), (2570, "local_government", "1250000"),
         (2569, "codi", "5000")],
        expected_result="ผู้ค้ารายย่อยมีที่ขายประจำ",
    )  # fmt: skip
    indicator = Indicator.objects.create(
        project=market, name="ครัวเรือนมีรายได้เพิ่มขึ้น", unit="ร้อยละ", order=1
    )
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2569, value=10)
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2573, value=20)
    Indicator.objects.create(project=market, name="จำนวนแผงค้า", unit="แผง", order=2)
    _project(
        economy, "โครงการแปรรูปชาและกาแฟ", "joint", agencies["district_office"],
        [(2571, "pao", "250000.50")],
    )  # fmt: skip
    _project(society, "โครงการอาสาดูแลผู้สูงอายุ", "joint", None, [(2570, "local_government", "30000")])
    _project(society, TRICKY_TITLE, "request", pao, [(2569, "pao", "1000")])
    # Not asked of anyone: done by the community itself, or with no local money or partner.
    _project(economy, "โครงการออมวันละบาท", "self", sao, [(2569, "local_government", "9000")])
    _project(society, "โครงการลานกีฬาเยาวชน", "request", None, [(2569, "community", "7000")])
    return plan


def _titles(projects) -> set[str]:
    return {project.title for project in projects}


def _plans(plan):
    return CommunityPlan.objects.filter(pk=plan.pk)


# --- which projects -------------------------------------------------------------------------


def test_a_local_government_is_asked_by_its_lead_projects_and_its_tambons_local_budget(
    plan, agencies
):
    asked = local_plan_form.asked_of(agencies["sao"], _plans(plan))
    assert _titles(asked) == {"โครงการตลาดชุมชน", "โครงการอาสาดูแลผู้สูงอายุ"}


def test_a_local_government_of_another_tambon_is_not_asked_for_this_tambons_budget(plan, agencies):
    assert not local_plan_form.asked_of(agencies["other_sao"], _plans(plan)).exists()


def test_the_pao_is_asked_by_its_lead_projects_and_the_pao_budget(plan, agencies):
    asked = local_plan_form.asked_of(agencies["pao"], _plans(plan))
    assert _titles(asked) == {"โครงการแปรรูปชาและกาแฟ", TRICKY_TITLE}


def test_all_agencies_take_every_project_that_asks_one_and_none_done_by_the_community(plan):
    asked = local_plan_form.asked_of(None, _plans(plan))
    assert "โครงการออมวันละบาท" not in _titles(asked)
    assert "โครงการลานกีฬาเยาวชน" not in _titles(asked)
    assert len(_titles(asked)) == 4


def test_the_agencies_asked_are_counted_by_the_same_rule(plan, agencies):
    rows = local_plan_form.agencies_asked(Partner.objects.all(), _plans(plan))
    counts = {row.name: (row.project_count, row.tambon_count) for row in rows}
    assert counts == {
        agencies["sao"].name: (2, 1),
        agencies["pao"].name: (2, 1),
    }


def test_the_form_asks_the_agencys_own_source_by_year(plan, agencies):
    form = local_plan_form.for_plan(plan, agencies["sao"])
    assert form.years == [2569, 2570, 2571, 2572, 2573]
    economy, society = form.tambons[0].themes
    assert economy.name == "ด้านเศรษฐกิจ"
    market = economy.rows[0]
    # CODI's 5,000 is not asked of the SAO.
    assert market.amounts == [Decimal("100000"), Decimal("1250000"), 0, 0, 0]
    assert market.kpi == ["ครัวเรือนมีรายได้เพิ่มขึ้น 20 ร้อยละ", "จำนวนแผงค้า แผง"]
    assert market.responsible == agencies["sao"].name
    assert society.rows[0].responsible == plan.council.name  # the community leads it
    assert form.totals == [Decimal("100000"), Decimal("1280000"), 0, 0, 0]


# --- the xlsx -------------------------------------------------------------------------------


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"] == local_plan_form.XLSX_TYPE
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_the_xlsx_has_the_paper_forms_two_header_rows_and_the_plans_years(
    plan, tambon_coordinator, client_for, agencies
):
    url = reverse("local_plan_form_xlsx", args=[plan.pk])
    sheet = _sheet(client_for(tambon_coordinator).get(url, {"agency": agencies["sao"].pk}))
    assert sheet["A1"].value == "รายละเอียดโครงการพัฒนา"
    assert sheet["A2"].value == "แผนพัฒนาท้องถิ่น (พ.ศ. 2569-2573)"
    assert sheet["A3"].value == "สำหรับ องค์การบริหารส่วนตำบลแม่สาย"
    head = [sheet.cell(row=6, column=c).value for c in range(1, 13)]
    assert head[:5] == ["ที่", "โครงการ", "วัตถุประสงค์", "เป้าหมาย\n(ผลผลิตของโครงการ)", "งบประมาณ"]
    assert head[9:] == ["ตัวชี้วัด\n(KPI)", "ผลที่คาดว่าจะได้รับ", "หน่วยงาน\nรับผิดชอบหลัก"]
    years = [sheet.cell(row=7, column=c).value for c in range(5, 10)]
    assert years == [f"{year}\n(บาท)" for year in range(2569, 2574)]
    assert "E6:I6" in {str(merged) for merged in sheet.merged_cells.ranges}  # งบประมาณ spans
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows == "$6:$7"  # the header rows print on every page


def test_the_xlsx_rows_are_grouped_by_theme_with_amounts_as_numbers(
    plan, tambon_coordinator, client_for, agencies
):
    url = reverse("local_plan_form_xlsx", args=[plan.pk])
    sheet = _sheet(client_for(tambon_coordinator).get(url, {"agency": agencies["sao"].pk}))
    rows = list(sheet.iter_rows(min_row=8, values_only=True))
    assert rows[0][0] == "ด้านเศรษฐกิจ"
    market = rows[1]
    assert market[:2] == (1, "โครงการตลาดชุมชน")
    assert market[4:9] == (100000, 1250000, 0, 0, 0)
    assert market[9] == "ครัวเรือนมีรายได้เพิ่มขึ้น 20 ร้อยละ\nจำนวนแผงค้า แผง"
    assert market[10] == "ผู้ค้ารายย่อยมีที่ขายประจำ"
    assert sheet.cell(row=9, column=6).number_format == "#,##0"
    assert rows[2][1] == "รวมด้านเศรษฐกิจ"
    assert rows[3][0] == "ด้านสังคมและคุณภาพชีวิต"
    assert rows[-1][1] == "รวมทั้งสิ้น"
    assert rows[-1][4:6] == (100000, 1280000)


def test_a_title_that_looks_like_a_formula_stays_text_in_the_xlsx(
    plan, tambon_coordinator, client_for, agencies
):
    url = reverse("local_plan_form_xlsx", args=[plan.pk])
    sheet = _sheet(client_for(tambon_coordinator).get(url, {"agency": agencies["pao"].pk}))
    titles = [row[1] for row in sheet.iter_rows(min_row=8, values_only=True)]
    assert "'" + TRICKY_TITLE in titles
    assert TRICKY_TITLE not in titles


# --- the PDF --------------------------------------------------------------------------------


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_the_pdf_is_a4_landscape_and_its_thai_text_copies_out(
    plan, tambon_coordinator, client_for, agencies
):
    url = reverse("local_plan_form_pdf", args=[plan.pk])
    response = client_for(tambon_coordinator).get(url, {"agency": agencies["sao"].pk})
    text = _pdf_text(response)
    for words in (
        "รายละเอียดโครงการพัฒนา",
        "แผนพัฒนาท้องถิ่น (พ.ศ. 2569-2573)",
        "สำหรับ องค์การบริหารส่วนตำบลแม่สาย",
        "วัตถุประสงค์",
        "ตัวชี้วัด",
        "ผลที่คาดว่า",
        "รับผิดชอบหลัก",
        "โครงการตลาดชุมชน",
        "ด้านเศรษฐกิจ",
        "1,250,000",
        "1,280,000",  # the grand total of 2570
        "รวมทั้งสิ้น",
        "หน้า 1 / 1",
    ):
        assert words in text, words
    assert "โครงการแปรรูปชาและกาแฟ" not in text  # asked of the PAO, not of the SAO
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        left, bottom, right, top = (float(v) for v in pdf.pages[0].mediabox)
    assert right - left > top - bottom  # landscape
    assert round(right - left) == 842  # A4: 297 mm


def test_the_pdf_for_all_agencies_shows_satang_and_both_sources(
    plan, tambon_coordinator, client_for
):
    url = reverse("local_plan_form_pdf", args=[plan.pk])
    text = _pdf_text(client_for(tambon_coordinator).get(url, {"agency": "all"}))
    assert "250,000.50" in text
    assert "สำหรับ องค์กรปกครองส่วนท้องถิ่นและองค์การบริหารส่วนจังหวัด" in text


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["local_plan_form", "local_plan_form_xlsx", "local_plan_form_pdf"])
def test_another_tambon_finds_no_plan_form_and_anonymous_logs_in(
    name, plan, other_tambon_coordinator, anonymous, client_for
):
    url = reverse(name, args=[plan.pk])
    assert client_for(other_tambon_coordinator).get(url).status_code == 404
    response = client_for(anonymous).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("agency", ["far_pao", "district_office"])
def test_an_agency_out_of_sight_or_of_another_kind_is_not_found(
    agency, plan, tambon_coordinator, client_for, agencies
):
    url = reverse("local_plan_form_xlsx", args=[plan.pk])
    response = client_for(tambon_coordinator).get(url, {"agency": agencies[agency].pk})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["abc", "1" * 19, "-1"])
def test_an_agency_that_is_no_id_is_not_found(value, plan, tambon_coordinator, client_for):
    url = reverse("local_plan_form_pdf", args=[plan.pk])
    assert client_for(tambon_coordinator).get(url, {"agency": value}).status_code == 404


def test_the_plan_page_links_to_the_form_and_lists_the_agencies_asked(
    plan, tambon_coordinator, client_for, agencies
):
    client = client_for(tambon_coordinator)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("local_plan_form", args=[plan.pk]) in page
    listing = client.get(reverse("local_plan_form", args=[plan.pk])).content.decode()
    xlsx = reverse("local_plan_form_xlsx", args=[plan.pk])
    assert f'{xlsx}?agency={agencies["sao"].pk}"' in listing
    assert f'{xlsx}?agency={agencies["other_sao"].pk}"' not in listing  # asked nothing


# --- the district ---------------------------------------------------------------------------


def accepted_plan(code: str, agencies, *, projects: int = 1, first_year: int = 2569):
    """An accepted plan of a Mae Sai tambon whose projects ask the PAO and the tambon's SAO."""
    council = CouncilFactory(subdistrict_id=code) if code not in (TAMBON_MAE_SAI,) else None
    if council is None:
        from tests.personas import mae_sai_council

        council = mae_sai_council()
    plan = PlanFactory(council=council, first_year=first_year, last_year=first_year + 4)
    issue = IssueFactory(plan=plan, theme=_theme("environment"))
    for number in range(projects):
        _project(
            issue, f"โครงการฝายชะลอน้ำ {code} {number}", "request", agencies["pao"],
            [(first_year, "pao", "40000"), (first_year + 1, "local_government", "15000")],
        )  # fmt: skip
    return put_in_state(plan, "accepted")


def test_the_district_exports_every_tambons_projects_asked_of_the_pao_by_tambon(
    agencies, district_coordinator, client_for
):
    for code in MAE_SAI_TAMBONS[:3]:
        accepted_plan(code, agencies, projects=2)
    draft = PlanFactory(council=CouncilFactory(subdistrict_id="570904"))
    _project(IssueFactory(plan=draft), "โครงการในแผนร่าง", "request", agencies["pao"], [])
    url = reverse("district_local_plan_form_xlsx", args=["5709"])
    query = {"agency": agencies["pao"].pk, "year": 2570}
    sheet = _sheet(client_for(district_coordinator).get(url, query))
    column_b = [row[1] for row in sheet.iter_rows(min_row=8, values_only=True)]
    tambon_heads = [row[0] for row in sheet.iter_rows(min_row=8, values_only=True)]
    assert sum(1 for value in tambon_heads if str(value).startswith("ตำบล")) == 3
    assert sum(1 for value in column_b if str(value).startswith("โครงการฝายชะลอน้ำ")) == 6
    assert "โครงการในแผนร่าง" not in column_b  # only accepted plans
    grand = list(sheet.iter_rows(min_row=sheet.max_row, values_only=True))[0]
    assert grand[1] == "รวมทั้งสิ้น"
    assert grand[4] == 6 * 40000  # the PAO's money only


def test_the_district_pdf_groups_by_tambon_then_theme(agencies, district_coordinator, client_for):
    for code in MAE_SAI_TAMBONS[:2]:
        accepted_plan(code, agencies)
    url = reverse("district_local_plan_form_pdf", args=["5709"])
    text = _pdf_text(client_for(district_coordinator).get(url, {"agency": agencies["pao"].pk}))
    assert "ตำบลแม่สาย" in text
    assert "ตำบลห้วยไคร้" in text
    assert "ด้านทรัพยากรธรรมชาติและสิ่งแวดล้อม" in text
    assert "80,000" in text


def test_the_district_form_of_one_sao_takes_only_its_tambon(
    agencies, district_coordinator, client_for
):
    for code in MAE_SAI_TAMBONS[:2]:
        accepted_plan(code, agencies)
    url = reverse("district_local_plan_form_xlsx", args=["5709"])
    sheet = _sheet(client_for(district_coordinator).get(url, {"agency": agencies["sao"].pk}))
    titles = [str(row[1]) for row in sheet.iter_rows(min_row=8, values_only=True)]
    assert [t for t in titles if t.startswith("โครงการฝาย")] == ["โครงการฝายชะลอน้ำ 570901 0"]


def test_a_christian_era_year_is_named_on_the_district_page(district_coordinator, client_for):
    url = reverse("district_local_plan_form", args=["5709"])
    page = client_for(district_coordinator).get(url, {"year": "2025"}).content.decode()
    assert "2568" in page  # the B.E. year it suggests, never shifted silently
    assert 'value="2025"' in page  # what was typed is kept
    response = client_for(district_coordinator).get(
        reverse("district_local_plan_form_xlsx", args=["5709"]), {"year": "2025"}
    )
    assert response.status_code == 400


def test_a_tambon_coordinator_finds_no_district_form(tambon_coordinator, client_for):
    for name in ("district_local_plan_form", "district_local_plan_form_pdf"):
        response = client_for(tambon_coordinator).get(reverse(name, args=["5709"]))
        assert response.status_code == 404


def test_the_district_overview_links_to_its_form(district_coordinator, client_for):
    page = client_for(district_coordinator).get(reverse("area_overview", args=["5709"]))
    assert reverse("district_local_plan_form", args=["5709"]) in page.content.decode()


def test_a_district_form_past_its_bound_is_refused_with_a_message(
    agencies, district_coordinator, client_for, monkeypatch
):
    monkeypatch.setattr(local_plan_form, "MAX_PDF_ROWS", 3)
    for code in MAE_SAI_TAMBONS[:2]:
        accepted_plan(code, agencies, projects=2)
    response = client_for(district_coordinator).get(
        reverse("district_local_plan_form_pdf", args=["5709"]), {"agency": "all"}
    )
    assert response.status_code == 400
    assert "3" in response.content.decode()


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("tambons", [2, 7])
def test_the_district_page_costs_the_same_queries_for_any_number_of_tambons(
    tambons, agencies, district_coordinator, client_for, django_assert_num_queries
):
    for code in MAE_SAI_TAMBONS[:tambons]:
        accepted_plan(code, agencies, projects=2)
    client = client_for(district_coordinator)
    url = reverse("district_local_plan_form", args=["5709"])
    client.get(url)  # warm the session
    # 1-3 session, user, assignments (scope); 4 the district; 5 the agencies' page count,
    # 6 the agencies with their counts, 7 the count for all agencies; 8 the menu's counts.
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("tambons", [2, 7])
def test_the_district_xlsx_costs_the_same_queries_for_any_number_of_tambons(
    tambons, agencies, district_coordinator, client_for, django_assert_num_queries
):
    for code in MAE_SAI_TAMBONS[:tambons]:
        accepted_plan(code, agencies, projects=3)
    client = client_for(district_coordinator)
    url = reverse("district_local_plan_form_xlsx", args=["5709"])
    client.get(url, {"agency": "all"})  # warm the session
    # 1-3 session, user, assignments (scope); 4 the district; 5 the row count (the bound),
    # 6 the plans' years, 7 the projects, 8 their amounts by year, 9 the indicators' targets,
    # 10 the indicators, 11 the district's province (the header names it).
    with django_assert_num_queries(11):
        response = client.get(url, {"agency": "all"})
    assert response.status_code == 200


# --- the expected result, in the project form ------------------------------------------------


def _project_post(plan, **overrides) -> dict:
    return {
        "version": plan.version,
        "title": "โครงการธนาคารขยะชุมชน",
        "objective": "ลดขยะในชุมชน",
        "target": "ครัวเรือน 120 ครัวเรือน",
        "approach": "request",
        "lead_partner": "",
        "budget-TOTAL_FORMS": "0",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "1000",
        **overrides,
    }


def test_the_project_form_saves_the_expected_result(council, tambon_coordinator, client_for):
    plan = PlanFactory(council=council)
    issue = IssueFactory(plan=plan)
    data = _project_post(plan, expected_result="ขยะในชุมชนลดลงครึ่งหนึ่ง")
    response = client_for(tambon_coordinator).post(
        reverse("project_new", args=[plan.pk, issue.pk]), data
    )
    assert response.status_code == 302
    assert issue.projects.get().expected_result == "ขยะในชุมชนลดลงครึ่งหนึ่ง"


def test_a_too_long_expected_result_is_named_and_kept(council, tambon_coordinator, client_for):
    from plans.models import MAX_TEXT_CHARS

    plan = PlanFactory(council=council)
    issue = IssueFactory(plan=plan)
    typed = "ผ" * (MAX_TEXT_CHARS + 1)
    response = client_for(tambon_coordinator).post(
        reverse("project_new", args=[plan.pk, issue.pk]), _project_post(plan, expected_result=typed)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ผลที่คาดว่าจะได้รับของโครงการยาวได้ไม่เกิน" in page
    assert typed in page
    assert not issue.projects.exists()


def test_an_agency_asked_for_more_than_a_pdf_takes_gets_the_excel_link_only(
    plan, tambon_coordinator, client_for, agencies, monkeypatch
):
    monkeypatch.setattr(local_plan_form, "MAX_PDF_ROWS", 1)
    listing = client_for(tambon_coordinator).get(reverse("local_plan_form", args=[plan.pk]))
    page = listing.content.decode()
    pdf = reverse("local_plan_form_pdf", args=[plan.pk])
    assert f'{pdf}?agency={agencies["sao"].pk}"' not in page  # 2 projects
    assert "PDF ได้ไม่เกิน 1 โครงการ" in page
    assert reverse("local_plan_form_xlsx", args=[plan.pk]) in page
