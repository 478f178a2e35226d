"""A council's charters, agreements and documents: the pages, the downloads, the public page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.urls import reverse

from councils.records.models import Agreement, Charter, CouncilDocument
from tests.confirming import post_confirmed
from tests.factories import (
    AgreementFactory,
    CharterFactory,
    DocumentFactory,
    MeetingFactory,
    MemberFactory,
    PartnerFactory,
    ResolutionFactory,
)
from tests.uploaded_files import HTML_BYTES, PDF_BYTES, docx_bytes, image_bytes, upload

TODAY = dt.date(2026, 3, 20)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def alice(tambon_coordinator, client_for):
    return client_for(tambon_coordinator)


@pytest.fixture
def bob(other_tambon_coordinator, client_for):
    return client_for(other_tambon_coordinator)


def _document_data(**changes):
    return {
        "title": "รายงานการประชุมครั้งที่ 1/2569",
        "kind": "minutes",
        "dated": "12/3/2569",
        "published": "",
        **changes,
    }


# --- uploading ----------------------------------------------------------------------------


def test_an_upload_is_stored_by_content_under_a_generated_name(council, alice, tambon_coordinator):
    data = _document_data(file=upload("รายงาน ../../etc.pdf", PDF_BYTES, "text/html"))
    response = alice.post(reverse("council_document_new", args=[council.pk]), data)
    assert response.status_code == 302
    assert response["Location"].endswith("#documents")
    document = CouncilDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF_BYTES)
    assert document.uploaded_by == tambon_coordinator
    assert document.file.name.startswith(f"council-documents/{council.subdistrict_id}/")
    assert "etc" not in document.file.name and document.file.name.endswith(".pdf")
    assert default_storage.exists(document.file.name)


def test_a_web_page_named_pdf_is_refused_and_what_was_typed_stays(council, alice):
    data = _document_data(file=upload("minutes.pdf", HTML_BYTES, "application/pdf"))
    response = alice.post(reverse("council_document_new", args=[council.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-error-summary" in page
    assert 'value="รายงานการประชุมครั้งที่ 1/2569"' in page
    assert "PDF, JPEG, PNG, Excel (xlsx), Word (docx)" in page
    assert not CouncilDocument.objects.exists()


def test_a_png_named_pdf_is_stored_and_served_as_png(council, alice):
    data = _document_data(kind="photo", file=upload("photo.pdf", image_bytes("PNG")))
    alice.post(reverse("council_document_new", args=[council.pk]), data)
    document = CouncilDocument.objects.get()
    assert document.content_type == "image/png" and document.file.name.endswith(".png")
    response = alice.get(reverse("council_document_file", args=[document.pk]))
    assert response["Content-Type"] == "image/png"
    assert (
        'filename="' in response["Content-Disposition"]
        or "filename*=" in response["Content-Disposition"]
    )
    assert ".png" in response["Content-Disposition"]


def test_an_oversize_upload_is_refused(council, alice, settings):
    settings.UPLOAD_MAX_BYTES = 100
    data = _document_data(file=upload("minutes.pdf", PDF_BYTES))
    response = alice.post(reverse("council_document_new", args=[council.pk]), data)
    assert response.status_code == 200
    assert not CouncilDocument.objects.exists()


def test_the_model_checks_the_content_on_every_path(council):
    with pytest.raises(ValidationError) as refused:
        CouncilDocument.objects.create(
            council=council, title="x", kind="scan", dated=TODAY,
            file=upload("x.pdf", HTML_BYTES),
        )  # fmt: skip
    assert refused.value.code == "wrong_kind"
    assert not CouncilDocument.objects.exists()


def test_a_meeting_document_is_uploaded_from_the_meeting_and_listed_there(council, alice):
    meeting = MeetingFactory(council=council)
    page = alice.get(meeting.get_absolute_url()).content.decode()
    new_url = reverse("meeting_document_new", args=[meeting.pk])
    assert new_url in page
    data = _document_data(kind="invitation", file=upload("letter.docx", docx_bytes()))
    response = alice.post(new_url, data)
    assert response["Location"] == meeting.get_absolute_url() + "#documents"
    document = CouncilDocument.objects.get()
    assert document.meeting == meeting and document.council == council
    assert document.content_type.endswith("wordprocessingml.document")
    assert document.title in alice.get(meeting.get_absolute_url()).content.decode()


def test_a_meeting_of_another_council_cannot_be_chosen(council, far_council, alice):
    far_meeting = MeetingFactory(council=far_council)
    data = _document_data(meeting=far_meeting.pk, file=upload("m.pdf", PDF_BYTES))
    response = alice.post(reverse("council_document_new", args=[council.pk]), data)
    assert response.status_code == 200
    assert not CouncilDocument.objects.exists()


def test_replacing_the_file_deletes_the_old_one(council, alice, django_capture_on_commit_callbacks):
    document = DocumentFactory(council=council)
    old_name = document.file.name
    data = _document_data(file=upload("photo.jpg", image_bytes("JPEG")))
    with django_capture_on_commit_callbacks(execute=True):
        alice.post(reverse("council_document_edit", args=[document.pk]), data)
    document.refresh_from_db()
    assert document.content_type == "image/jpeg"
    assert not default_storage.exists(old_name)
    assert default_storage.exists(document.file.name)


# --- serving ------------------------------------------------------------------------------


def test_a_download_is_an_attachment_of_the_checked_type_with_nosniff(council, alice):
    document = DocumentFactory(council=council, title="รายงาน/การประชุม")
    response = alice.get(reverse("council_document_file", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_only_a_picture_is_shown_inline_and_only_when_asked(council, alice):
    photo = DocumentFactory(council=council, kind="photo", file=upload("p.png", image_bytes()))
    scan = DocumentFactory(council=council)
    url = reverse("council_document_file", args=[photo.pk])
    assert alice.get(url)["Content-Disposition"].startswith("attachment;")
    assert alice.get(url, {"show": "inline"})["Content-Disposition"].startswith("inline;")
    scan_url = reverse("council_document_file", args=[scan.pk])
    assert alice.get(scan_url, {"show": "inline"})["Content-Disposition"].startswith("attachment;")


def test_a_published_document_is_for_anyone_an_unpublished_one_for_its_readers(
    council, client_for, anonymous, district_coordinator
):
    public = DocumentFactory(council=council, published=True)
    private = DocumentFactory(council=council)
    visitor = client_for(anonymous)
    assert visitor.get(reverse("council_document_file", args=[public.pk])).status_code == 200
    hidden = visitor.get(reverse("council_document_file", args=[private.pk]))
    assert hidden.status_code == 302 and "/accounts/login/" in hidden["Location"]
    missing = visitor.get(reverse("council_document_file", args=[999999]))
    assert missing.status_code == 302  # the same answer: nothing tells which ids exist
    dao = client_for(district_coordinator)
    assert dao.get(reverse("council_document_file", args=[private.pk])).status_code == 200


def test_a_document_of_another_tambon_is_a_404_by_every_url(council, alice, bob):
    meeting = MeetingFactory(council=council)
    document = DocumentFactory(council=council, meeting=meeting)
    published = DocumentFactory(council=council, published=True)
    charter = CharterFactory(council=council)
    agreement = AgreementFactory(council=council)
    urls = [
        reverse("council_document_file", args=[document.pk]),
        reverse("council_document_edit", args=[document.pk]),
        reverse("council_document_delete", args=[document.pk]),
        reverse("council_document_edit", args=[published.pk]),
        reverse("council_document_delete", args=[published.pk]),
        reverse("council_documents", args=[council.pk]),
        reverse("council_documents", args=[council.pk]) + f"?meeting={meeting.pk}",
        reverse("council_document_new", args=[council.pk]),
        reverse("meeting_document_new", args=[meeting.pk]),
        reverse("council_charters", args=[council.pk]),
        reverse("charter_new", args=[council.pk]),
        reverse("charter_edit", args=[council.pk, charter.pk]),
        reverse("agreement_new", args=[council.pk]),
        reverse("agreement_edit", args=[council.pk, agreement.pk]),
    ]
    for url in urls:
        assert bob.get(url).status_code == 404, url
        assert bob.post(url, {"title": "แก้"}).status_code == 404, url
    assert CouncilDocument.objects.filter(pk=document.pk).exists()
    # Published, it is public: Bob may read it as anyone may, and change nothing.
    assert bob.get(reverse("council_document_file", args=[published.pk])).status_code == 200


def test_a_document_filtered_by_another_councils_meeting_is_a_404(council, far_council, alice):
    far_meeting = MeetingFactory(council=far_council)
    url = reverse("council_documents", args=[council.pk])
    assert alice.get(url, {"meeting": far_meeting.pk}).status_code == 404


def test_a_stored_file_that_went_missing_is_a_404(council, alice):
    document = DocumentFactory(council=council)
    default_storage.delete(document.file.name)
    assert alice.get(reverse("council_document_file", args=[document.pk])).status_code == 404


# --- removing -----------------------------------------------------------------------------


def test_removing_asks_first_then_deletes_the_row_and_its_file(
    council, alice, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(council=council)
    document = DocumentFactory(council=council, meeting=meeting)
    url = reverse("council_document_delete", args=[document.pk])
    summary = alice.get(url)
    assert summary.status_code == 200 and "data-confirm-button" in summary.content.decode()
    assert alice.post(url).status_code == 200  # no token: the summary again
    assert CouncilDocument.objects.filter(pk=document.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_confirmed(alice, url)
    assert response["Location"] == meeting.get_absolute_url() + "#documents"
    assert not CouncilDocument.objects.filter(pk=document.pk).exists()
    assert not default_storage.exists(document.file.name)


def test_a_district_coordinator_reads_but_may_not_remove(council, district_coordinator, client_for):
    document = DocumentFactory(council=council)
    dao = client_for(district_coordinator)
    assert dao.get(reverse("council_documents", args=[council.pk])).status_code == 200
    assert dao.get(reverse("council_document_delete", args=[document.pk])).status_code == 403


# --- charters -----------------------------------------------------------------------------


def test_the_charter_in_force_is_the_one_adopted_last(council, other_council):
    CharterFactory(council=council, title="ฉบับที่ 1", adopted_on=dt.date(2019, 3, 15))
    second = CharterFactory(council=council, title="ฉบับที่ 2", adopted_on=dt.date(2024, 8, 1))
    CharterFactory(council=council, title="ฉบับที่ 3", adopted_on=dt.date(2027, 1, 1))
    other = CharterFactory(council=other_council, adopted_on=dt.date(2020, 1, 1))
    assert set(Charter.objects.in_force(TODAY)) == {second, other}


def test_a_charter_is_recorded_with_its_clauses_and_signatories(council, alice):
    meeting = MeetingFactory(council=council)
    resolution = ResolutionFactory(meeting=meeting, text="เห็นชอบธรรมนูญตำบล")
    data = {
        "title": "ธรรมนูญตำบลแม่สาย", "adopted_on": "1/8/2567", "resolution": resolution.pk,
        "preamble": "",
        "clauses-TOTAL_FORMS": "3", "clauses-INITIAL_FORMS": "0",
        "clauses-0-number": "1", "clauses-0-text": "ร่วมกันดูแลลำน้ำสาย",
        "clauses-1-number": "2", "clauses-1-text": "คัดแยกขยะทุกครัวเรือน",
        "clauses-2-number": "3", "clauses-2-text": "",  # the number offered, left blank
        "signatories-TOTAL_FORMS": "1", "signatories-INITIAL_FORMS": "0",
        "signatories-0-name": "นายบุญเลิศ ศรีวงศ์", "signatories-0-representing": "ประธานสภา",
    }  # fmt: skip
    response = alice.post(reverse("charter_new", args=[council.pk]), data)
    assert response.status_code == 302
    charter = Charter.objects.get()
    assert charter.adopted_on == dt.date(2024, 8, 1) and charter.resolution == resolution
    assert [c.text for c in charter.clauses.all()] == ["ร่วมกันดูแลลำน้ำสาย", "คัดแยกขยะทุกครัวเรือน"]
    assert charter.signatories.get().name == "นายบุญเลิศ ศรีวงศ์"
    page = alice.get(response["Location"]).content.decode()
    assert "ร่วมกันดูแลลำน้ำสาย" in page and "นายบุญเลิศ ศรีวงศ์" in page


def test_a_christian_era_year_is_an_error_on_the_charter_form(council, alice):
    data = {
        "title": "ธรรมนูญ", "adopted_on": "1/8/2024",
        "clauses-TOTAL_FORMS": "0", "clauses-INITIAL_FORMS": "0",
        "signatories-TOTAL_FORMS": "0", "signatories-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = alice.post(reverse("charter_new", args=[council.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["adopted_on"]
    assert not Charter.objects.exists()


def test_a_resolution_of_another_council_cannot_adopt_the_charter(council, far_council):
    far_resolution = ResolutionFactory(meeting=MeetingFactory(council=far_council))
    charter = Charter(council=council, title="x", adopted_on=TODAY, resolution=far_resolution)
    with pytest.raises(ValidationError) as refused:
        charter.full_clean()
    assert "resolution" in refused.value.message_dict


# --- agreements ---------------------------------------------------------------------------


def test_an_agreement_is_in_force_from_signing_to_its_end(council):
    open_ended = AgreementFactory(council=council, signed_on=dt.date(2015, 3, 27))
    ended = AgreementFactory(
        council=council, signed_on=dt.date(2021, 6, 5), ends_on=dt.date(2024, 9, 30)
    )
    last_day = AgreementFactory(council=council, signed_on=dt.date(2025, 1, 1), ends_on=TODAY)
    not_yet = AgreementFactory(council=council, signed_on=dt.date(2026, 4, 1))
    assert set(Agreement.objects.in_force(TODAY)) == {open_ended, last_day}
    assert set(Agreement.objects.ended(TODAY)) == {ended}
    assert open_ended.standing(TODAY) == Agreement.Standing.IN_FORCE
    assert last_day.standing(TODAY) == Agreement.Standing.IN_FORCE
    assert ended.standing(TODAY) == Agreement.Standing.ENDED
    assert not_yet.standing(TODAY) == Agreement.Standing.NOT_YET
    assert last_day.standing(TODAY + dt.timedelta(days=1)) == Agreement.Standing.ENDED


def test_an_agreement_cannot_end_before_it_is_signed(council, alice):
    data = {
        "title": "MOU", "kind": "mou", "signed_on": "5/6/2564", "ends_on": "1/6/2564",
        "scope": "ร่วมกันฟื้นฟูคลอง",
    }  # fmt: skip
    response = alice.post(reverse("agreement_new", args=[council.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    with pytest.raises(IntegrityError):
        AgreementFactory(council=council, signed_on=TODAY, ends_on=TODAY - dt.timedelta(days=1))


def test_the_parties_come_from_the_partners_serving_the_tambon(council, alice):
    local = PartnerFactory(name="เทศบาลตำบลแม่สาย", area_code=council.subdistrict_id)
    codi = PartnerFactory(name="สถาบันพัฒนาองค์กรชุมชน", kind="codi", area_code="")
    far = PartnerFactory(name="เทศบาลเมืองชุมพร", area_code="860101")
    url = reverse("agreement_new", args=[council.pk])
    data = {
        "title": "ปฏิญญาความร่วมมือ", "kind": "declaration", "signed_on": "27/3/2558",
        "scope": "ร่วมกันขับเคลื่อนจังหวัดจัดการตนเอง",
    }  # fmt: skip
    refused = alice.post(url, {**data, "partners": [local.pk, far.pk]})
    assert refused.status_code == 200 and refused.context["form"].errors["partners"]
    assert alice.post(url, {**data, "partners": [local.pk, codi.pk]}).status_code == 302
    agreement = Agreement.objects.get()
    assert set(agreement.partners.all()) == {local, codi}
    with pytest.raises(ValidationError) as refused:
        agreement.check_partners([far])
    assert "เทศบาลเมืองชุมพร" in refused.value.message_dict["partners"][0]


def test_the_council_page_lists_agreements_in_force_and_ended(council, alice):
    AgreementFactory(council=council, title="ปฏิญญา 5 ภาคี", signed_on=dt.date(2015, 3, 27))
    AgreementFactory(
        council=council, title="MOU คลอง", signed_on=dt.date(2021, 6, 5),
        ends_on=dt.date(2024, 9, 30),
    )  # fmt: skip
    page = alice.get(council.get_absolute_url()).content.decode()
    section = page[page.index('id="records"') :]
    assert "ปฏิญญา 5 ภาคี" in section and "MOU คลอง" in section
    assert 'badge badge-ok">' in section and 'badge badge-none">' in section


# --- the public page ----------------------------------------------------------------------


def test_the_public_page_shows_the_charter_agreements_and_published_documents_only(
    council, client_for, anonymous
):
    MemberFactory(council=council, first_name="สมศรี", phone="0812345678", village_no=1)
    council.phone = "053731234"
    council.save()
    charter = CharterFactory(council=council, title="ธรรมนูญตำบลแม่สาย ฉบับที่ 2")
    charter.clauses.create(number=1, text="ร่วมกันดูแลลำน้ำสาย")
    charter.signatories.create(name="นายบุญเลิศ ศรีวงศ์", representing="ประธานสภา")
    CharterFactory(council=council, title="ฉบับเก่า", adopted_on=dt.date(2010, 1, 1))
    AgreementFactory(council=council, title="ปฏิญญาความร่วมมือ")
    DocumentFactory(council=council, title="ภาพเวทีประชาคม", published=True)
    DocumentFactory(council=council, title="หนังสือภายในยังไม่เผยแพร่")
    response = client_for(anonymous).get(reverse("public_council", args=[council.subdistrict_id]))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in ("ธรรมนูญตำบลแม่สาย ฉบับที่ 2", "ร่วมกันดูแลลำน้ำสาย", "นายบุญเลิศ ศรีวงศ์",
                  "ปฏิญญาความร่วมมือ", "ภาพเวทีประชาคม", council.subdistrict.name_th):  # fmt: skip
        assert shown in page
    for hidden in ("หนังสือภายในยังไม่เผยแพร่", "ฉบับเก่า", "สมศรี", "5678", "1234"):
        assert hidden not in page
    assert "/library/" in page and "/edit/" not in page


def test_the_public_page_of_a_tambon_without_a_council_or_of_a_district_is_a_404(
    council, client_for, anonymous
):
    visitor = client_for(anonymous)
    assert visitor.get(reverse("public_council", args=["570905"])).status_code == 404
    assert visitor.get(reverse("public_council", args=["5709"])).status_code == 404


# --- query counts -------------------------------------------------------------------------


def _fill(council, n: int) -> None:
    partners = [PartnerFactory(area_code=council.subdistrict_id) for _ in range(2)]
    for i in range(n):
        charter = CharterFactory(council=council, adopted_on=dt.date(2020 + i % 5, 1, 1 + i))
        charter.clauses.create(number=1, text="ข้อ")
        charter.signatories.create(name="ผู้ลงนาม", representing="ผู้แทน")
        AgreementFactory(council=council).partners.add(*partners)
        DocumentFactory(council=council, published=True, meeting=MeetingFactory(council=council))


@pytest.mark.parametrize("rows", [1, 12])
def test_the_council_page_and_records_pages_stay_flat(
    rows, council, alice, django_assert_num_queries
):
    _fill(council, rows)
    MemberFactory(council=council, village_no=1)  # a page of members to read, as there always is
    alice.get(council.get_absolute_url())  # warm the session
    # The council page: 14 as before, plus the charter in force, the latest agreements, the
    # latest documents and their count, and the latest strength assessment
    # (tests/councils/test_council_members_list.py).
    with django_assert_num_queries(19):
        assert alice.get(council.get_absolute_url()).status_code == 200
    # session, user, assignments, the council; the charter in force; charters counted, the
    # page of them, their clauses and signatories; agreements counted, the page of them, their
    # parties; the menu's work counts
    with django_assert_num_queries(13):
        assert alice.get(reverse("council_charters", args=[council.pk])).status_code == 200
    # session, user, assignments, the council; documents counted, the page of them with their
    # meetings; the menu's work counts
    with django_assert_num_queries(7):
        assert alice.get(reverse("council_documents", args=[council.pk])).status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_the_public_page_stays_flat(
    rows, council, client_for, anonymous, django_assert_num_queries
):
    _fill(council, rows)
    visitor = client_for(anonymous)
    # the council; the charter in force, its clauses and signatories; agreements counted, the
    # page of them, their parties; published documents counted, the page of them
    with django_assert_num_queries(9):
        assert (
            visitor.get(reverse("public_council", args=[council.subdistrict_id])).status_code == 200
        )


# --- the admin ----------------------------------------------------------------------------


def test_regional_staff_see_their_regions_records_only(council, far_council, codi_staff):
    from tests.accounts_helpers import verified_client

    DocumentFactory(council=council, title="รายงานแม่สาย")
    DocumentFactory(council=far_council, title="รายงานท่าตะเภา")
    AgreementFactory(council=far_council, title="ปฏิญญาชุมพร")
    charlie = verified_client(codi_staff)
    page = charlie.get(reverse("admin:councils_councildocument_changelist")).content.decode()
    assert "รายงานแม่สาย" in page and "รายงานท่าตะเภา" not in page
    agreements = charlie.get(reverse("admin:councils_agreement_changelist"), {"q": "ปฏิญญา"})
    assert list(agreements.context["cl"].queryset) == []
    assert charlie.get(reverse("admin:councils_charter_changelist")).status_code == 200


def test_the_charter_form_names_its_own_errors_and_its_lines_at_once(council, alice):
    data = {
        "title": "", "adopted_on": "1/8/2567",
        "clauses-TOTAL_FORMS": "1", "clauses-INITIAL_FORMS": "0",
        "clauses-0-number": "", "clauses-0-text": "ร่วมกันดูแลลำน้ำสาย",
        "signatories-TOTAL_FORMS": "0", "signatories-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = alice.post(reverse("charter_new", args=[council.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert response.context["clauses"].forms[0].errors["number"]
    assert "ร่วมกันดูแลลำน้ำสาย" in response.content.decode()  # what was typed stays
    assert not Charter.objects.exists()
