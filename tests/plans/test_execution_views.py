"""The project page, its timeline and the record form of an update: Alice records what became
of a project of her accepted plan on a phone; everyone who sees the plan reads the timeline."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.execution.models import (
    Commitment,
    Evidence,
    Indicator,
    IndicatorMeasurement,
    ProjectUpdate,
    Spending,
)
from plans.models import PlanProject
from tests.factories import PartnerFactory, complete_plan, put_in_state

TYPED_NOTE = "อบรมกลุ่มแม่บ้านทำขนมครั้งที่ 2 มีผู้เข้าร่วม 25 คน"


@pytest.fixture
def project(council):
    plan = complete_plan(council)
    project = PlanProject.objects.filter(issue__plan=plan).first()
    Indicator.objects.create(project=project, name="รายได้ครัวเรือนเพิ่มขึ้น", unit="ร้อยละ")
    put_in_state(plan, "accepted")
    return project


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def record_url(project):
    return reverse("update_new", args=[project.issue.plan_id, project.pk])


def page_url(project):
    return reverse("project_detail", args=[project.issue.plan_id, project.pk])


def posted(**fields) -> dict:
    """What the record form posts: the update, one empty line of each kind, one indicator."""
    data = {
        "happened_on": "10/1/2569",
        "status": "under_way",
        "progress": "40",
        "note": TYPED_NOTE,
        "commitments-TOTAL_FORMS": "1",
        "commitments-INITIAL_FORMS": "0",
        "spending-TOTAL_FORMS": "1",
        "spending-INITIAL_FORMS": "0",
        "results-TOTAL_FORMS": "1",
        "results-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_recording_an_update_with_commitment_and_spending_goes_to_the_timeline(
    project, tambon_coordinator, client_for
):
    agency = PartnerFactory()
    client = client_for(tambon_coordinator)
    response = client.post(
        record_url(project),
        posted(
            adopted_by=agency.pk, agency_plan="local_development", agency_plan_year="2569",
            **{"commitments-0-fiscal_year": "2569", "commitments-0-source": "local_government",
               "commitments-0-amount": "80000", "spending-0-fiscal_year": "2569",
               "spending-0-source": "local_government", "spending-0-amount": "20000.50",
               "results-0-fiscal_year": "2569", "results-0-value": "12.5"},
        ),
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(project)}#timeline"
    stored = PlanProject.objects.get(pk=project.pk)
    assert (stored.execution_status, stored.progress) == ("under_way", 40)
    assert stored.committed_total == Decimal("80000")
    assert stored.spent_total == Decimal("20000.50")
    update = ProjectUpdate.objects.get()
    assert (update.by, update.note, update.adopted_by) == (tambon_coordinator, TYPED_NOTE, agency)
    assert Commitment.objects.get().amount == Decimal("80000")
    assert IndicatorMeasurement.objects.get().value == Decimal("12.5")

    page = client.get(response["Location"]).content.decode()
    region = page[page.index('id="timeline"') :]
    assert 'data-region-status="timeline"' in region
    assert "10 มกราคม 2569" in region
    assert TYPED_NOTE in region
    assert "20,000.50" in region and "80,000.00" in region


def test_spending_above_commitment_is_saved_with_a_warning(project, tambon_coordinator, client_for):
    client = client_for(tambon_coordinator)
    response = client.post(
        record_url(project),
        posted(**{"spending-0-fiscal_year": "2569", "spending-0-source": "codi",
                  "spending-0-amount": "5000"}),
        follow=True,
    )  # fmt: skip
    assert Spending.objects.count() == 1
    status = response.content.decode().split('data-region-status="timeline"', 1)[1][:600]
    assert "5,000.00" in status and "0.00" in status  # said in the saved message
    page = client.get(page_url(project)).content.decode()
    warnings = page.split('class="warnings"', 1)[1][:600]
    assert "5,000.00" in warnings


@pytest.mark.parametrize(
    ("fields", "label", "message"),
    [
        ({"progress": "150"}, "ความคืบหน้า (%)", "ร้อยละ ตั้งแต่ 0 ถึง 100"),
        (
            {
                "spending-0-fiscal_year": "2569",
                "spending-0-source": "codi",
                "spending-0-amount": "-5",
            },
            "จำนวนเงิน (บาท) แถวที่ 1",
            "ติดลบไม่ได้",
        ),  # fmt: skip
        ({"happened_on": "10/1/2025"}, "วันที่", "คริสต์ศักราช"),
        ({"happened_on": "10/1/2567"}, "วันที่", "นอกช่วงของแผน"),
        ({"agency_plan_year": "2025"}, "ปีงบประมาณ", "คริสต์ศักราช"),
    ],
)
def test_bad_input_names_the_field_in_thai_and_keeps_what_was_typed(
    project, tambon_coordinator, client_for, fields, label, message
):
    agency = PartnerFactory()
    data = posted(adopted_by=agency.pk, agency_plan="pao", **fields)
    response = client_for(tambon_coordinator).post(record_url(project), data)
    assert response.status_code == 200
    summary = response.content.decode().split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert label in summary and message in summary
    page = response.content.decode()
    assert TYPED_NOTE in page
    for value in fields.values():
        assert f'value="{value}"' in page or f'<option value="{value}" selected>' in page
    assert not ProjectUpdate.objects.exists()


def test_a_clash_found_by_the_timeline_is_put_on_the_line_that_caused_it(
    project, tambon_coordinator, client_for
):
    # The first line is empty, so record_update sees the second and third as lines 0 and 1.
    line = {"fiscal_year": "2569", "source": "codi", "amount": "100"}
    data = posted(**{"spending-TOTAL_FORMS": "3"})
    for number in (1, 2):
        data.update({f"spending-{number}-{name}": value for name, value in line.items()})
    response = client_for(tambon_coordinator).post(record_url(project), data)
    summary = response.content.decode().split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert "แหล่งงบประมาณ แถวที่ 3" in summary
    assert 'href="#id_spending-2-source"' in summary
    assert not ProjectUpdate.objects.exists()


def test_adding_a_line_without_javascript_saves_nothing(project, tambon_coordinator, client_for):
    data = posted(add_line="spending", progress="150")
    response = client_for(tambon_coordinator).post(record_url(project), data)
    page = response.content.decode()
    assert 'name="spending-1-amount"' in page
    assert "data-error-summary" not in page
    assert TYPED_NOTE in page
    assert not ProjectUpdate.objects.exists()


def test_photos_and_documents_are_kept_as_evidence(project, tambon_coordinator, client_for, media):
    files = [
        SimpleUploadedFile("อบรม.png", png_bytes(), content_type="image/png"),
        SimpleUploadedFile("รายงาน.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf"),
    ]
    response = client_for(tambon_coordinator).post(record_url(project), posted(evidence=files))
    assert response.status_code == 302
    kinds = sorted(Evidence.objects.values_list("kind", "content_type"))
    assert kinds == [("document", "application/pdf"), ("photo", "image/png")]
    for item in Evidence.objects.all():
        assert "อบรม" not in item.file.name and "รายงาน" not in item.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"%PDF-1.4\n1 0 obj\n"),
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("photo.png", b"\x89PNG\r\n\x1a\nnot really a picture"),
        ("report.pdf", b"MZ\x90\x00 an executable"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(
    project, tambon_coordinator, client_for, media, name, content
):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    data = posted(evidence=[upload])
    response = client_for(tambon_coordinator).post(record_url(project), data)
    summary = response.content.decode().split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert name in summary
    assert "เลือกไฟล์อีกครั้ง" in summary  # the browser forgot the files: say so
    assert not ProjectUpdate.objects.exists() and not Evidence.objects.exists()


def test_a_file_above_five_megabytes_is_refused(project, tambon_coordinator, client_for, media):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024), "application/pdf")
    response = client_for(tambon_coordinator).post(record_url(project), posted(evidence=[big]))
    assert response.status_code == 200
    assert "big.pdf" in response.content.decode().split("data-error-summary", 1)[1][:2000]
    assert not Evidence.objects.exists()


def _with_evidence(project, user, media):
    client_files = [SimpleUploadedFile("a.png", png_bytes(), "image/png")]
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.post(record_url(project), posted(evidence=client_files))
    return Evidence.objects.get()


def test_evidence_is_served_as_an_attachment_of_its_checked_type(
    project, tambon_coordinator, district_coordinator, other_tambon_coordinator, client_for, media
):
    item = _with_evidence(project, tambon_coordinator, media)
    url = reverse("evidence_file", args=[item.pk])
    response = client_for(district_coordinator).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png_bytes()
    inline = client_for(district_coordinator).get(url, {"inline": "1"})
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["X-Content-Type-Options"] == "nosniff"
    assert client_for(other_tambon_coordinator).get(url).status_code == 404


def test_the_district_reads_the_timeline_but_does_not_record(
    project, tambon_coordinator, district_coordinator, client_for
):
    project.record_update(
        ProjectUpdate(happened_on=dt.date(2026, 1, 10), status="done", progress=100,
                      by=tambon_coordinator, note=TYPED_NOTE)
    )  # fmt: skip
    dao = client_for(district_coordinator)
    page = dao.get(page_url(project))
    assert page.status_code == 200
    assert TYPED_NOTE in page.content.decode()
    assert record_url(project) not in page.content.decode()
    assert dao.get(record_url(project)).status_code == 403
    assert dao.post(record_url(project), posted()).status_code == 403
    alice_sees = client_for(tambon_coordinator).get(page_url(project)).content.decode()
    assert record_url(project) in alice_sees


def test_another_tambon_sees_nothing(project, other_tambon_coordinator, client_for):
    bob = client_for(other_tambon_coordinator)
    assert bob.get(page_url(project)).status_code == 404
    assert bob.get(record_url(project)).status_code == 404
    assert bob.post(record_url(project), posted()).status_code == 404
    assert not ProjectUpdate.objects.exists()


def test_a_plan_not_accepted_says_so_instead_of_a_form(council, tambon_coordinator, client_for):
    plan = complete_plan(council)
    project = PlanProject.objects.filter(issue__plan=plan).first()
    response = client_for(tambon_coordinator).get(record_url(project))
    assert response.status_code == 200
    assert "update-form" not in response.content.decode()
    assert "เมื่ออำเภอรับแผนแล้ว" in response.content.decode()


def _updates(project, user, count):
    for number in range(count):
        project.record_update(
            ProjectUpdate(happened_on=dt.date(2026, 1, 1) + dt.timedelta(days=number),
                          status="under_way", progress=number % 100, by=user),
            spending=[Spending(fiscal_year=2569, source="codi", amount="10")],
        )  # fmt: skip


@pytest.mark.parametrize("count", [5, 50])
def test_the_project_page_costs_the_same_queries_for_5_or_50_updates(
    project, tambon_coordinator, client_for, django_assert_num_queries, count
):
    _updates(project, tambon_coordinator, count)
    client = client_for(tambon_coordinator)
    client.get(page_url(project))  # the session and the user, read once
    # session, user, scope, the project; the timeline's count; indicators, their targets, the
    # latest measurements; the planned budget; the two totals behind the spending warnings; the
    # menu's counts; the timeline's page and its four prefetches (commitments, spending,
    # results with their indicators, evidence).
    with django_assert_num_queries(NUM_PAGE_QUERIES):
        response = client.get(page_url(project))
    assert response.status_code == 200
    assert response.content.decode().count('class="timeline-item"') == min(count, 10)


NUM_PAGE_QUERIES = 17


def test_the_plan_page_shows_each_projects_state(project, tambon_coordinator, client_for):
    _updates(project, tambon_coordinator, 1)
    page = client_for(tambon_coordinator).get(project.issue.plan.get_absolute_url())
    html = page.content.decode()
    assert page_url(project) in html
    assert 'id="execution-summary"' in html
    assert "execution-under_way" in html and "execution-not_started" in html
    assert "1 ม.ค. 2569" in html


def test_the_timeline_is_paged_newest_first_and_swapped_alone_for_htmx(
    project, tambon_coordinator, client_for
):
    _updates(project, tambon_coordinator, 12)
    client = client_for(tambon_coordinator)
    first = client.get(page_url(project)).content.decode()
    assert first.index("12 มกราคม 2569") < first.index("11 มกราคม 2569")
    assert ">1 มกราคม 2569<" not in first.split('id="timeline"', 1)[1]
    headers = {"HX-Request": "true", "HX-Target": "timeline"}
    second = client.get(page_url(project), {"page": 2}, headers=headers)
    html = second.content.decode()
    assert html.lstrip().startswith('<section id="timeline">')
    assert ">1 มกราคม 2569<" in html and "12 มกราคม 2569" not in html
    assert "HX-Target" in second["Vary"]


def test_in_english_the_message_names_the_field_in_english(
    project, tambon_coordinator, english_client
):
    response = english_client(tambon_coordinator).post(record_url(project), posted(progress="150"))
    summary = response.content.decode().split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert "Progress (%): Progress is a percentage from 0 to 100." in summary
