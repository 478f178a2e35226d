"""The content check of uploads (councils/uploads.py): what a file is comes from its bytes."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from councils.uploads import DOCX, IMAGE_KINDS, JPEG, PDF, PNG, XLSX, CheckedFileField, check_upload
from tests.uploaded_files import (
    HTML_BYTES,
    PDF_BYTES,
    docx_bytes,
    image_bytes,
    upload,
    xlsx_bytes,
    zip_bomb_bytes,
    zip_bytes,
)


def _kind(name, content, content_type="application/octet-stream"):
    return check_upload(upload(name, content, content_type), field="ไฟล์").kind


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("minutes.pdf", PDF_BYTES, PDF),
        ("photo.png", image_bytes("PNG"), PNG),
        ("photo.jpg", image_bytes("JPEG"), JPEG),
        ("members.xlsx", xlsx_bytes(), XLSX),
        ("letter.docx", docx_bytes(), DOCX),
    ],
)
def test_the_five_accepted_kinds_are_recognised_by_content(name, content, kind):
    assert _kind(name, content) == kind


def test_a_web_page_named_pdf_is_refused_whatever_the_browser_says(in_english):
    with pytest.raises(ValidationError) as refused:
        _kind("minutes.pdf", HTML_BYTES, "application/pdf")
    message = refused.value.messages[0]
    assert message.startswith("The file chosen for “ไฟล์” is not one of the accepted kinds")
    assert "PDF, JPEG, PNG, Excel (xlsx), Word (docx)" in message


def test_a_png_named_pdf_is_taken_for_the_png_it_is():
    checked = check_upload(upload("scan.pdf", image_bytes("PNG"), "application/pdf"), field="f")
    assert checked.content_type == "image/png"
    assert checked.stored_name().endswith(".png")
    assert "scan" not in checked.stored_name()


def test_a_file_that_starts_like_a_png_but_is_broken_is_refused():
    broken = image_bytes("PNG")[:40]
    with pytest.raises(ValidationError):
        _kind("photo.png", broken)


def test_a_zip_that_is_no_office_file_is_refused():
    with pytest.raises(ValidationError):
        _kind("letter.docx", zip_bytes({"readme.txt": "hello"}))


def test_a_zip_whose_content_types_name_a_macro_workbook_is_refused():
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
    )
    macro = zip_bytes({"[Content_Types].xml": content_types, "xl/workbook.xml": "<workbook/>"})
    with pytest.raises(ValidationError):
        _kind("book.xlsx", macro)


def test_a_zip_bomb_is_refused_by_the_import_guard_limits(in_english):
    with pytest.raises(ValidationError) as refused:
        _kind("letter.docx", zip_bomb_bytes())
    assert refused.value.code == "unsafe_archive"
    assert refused.value.messages[0].startswith("The file chosen for “ไฟล์” is a zip archive")


def test_xml_entities_in_an_office_file_are_refused():
    entities = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    docx = zip_bytes(
        {"[Content_Types].xml": entities, "word/document.xml": "<w:document xmlns:w='urn:w'/>"}
    )
    with pytest.raises(ValidationError) as refused:
        _kind("letter.docx", docx)
    assert refused.value.code == "unsafe_archive"


def test_an_oversize_file_is_refused_by_the_setting(settings, in_english):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        _kind("minutes.pdf", PDF_BYTES + b" " * 1000)
    assert refused.value.code == "too_large"
    assert "the largest file accepted is 1000" in refused.value.messages[0]
    settings.UPLOAD_MAX_BYTES = 10_000
    assert _kind("minutes.pdf", PDF_BYTES + b" " * 1000) == PDF


def test_the_default_cap_is_ten_megabytes(settings):
    assert settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        _kind("empty.pdf", b"")
    assert refused.value.code in ("empty", "wrong_kind")


def test_a_field_for_photos_refuses_a_pdf():
    with pytest.raises(ValidationError):
        check_upload(upload("evidence.pdf", PDF_BYTES), field="f", kinds=IMAGE_KINDS)


class EvidenceForm(forms.Form):
    photo = CheckedFileField(label="รูปหลักฐาน", kinds=IMAGE_KINDS)


def test_the_form_field_names_itself_in_the_error_and_keeps_the_checked_kind():
    refused = EvidenceForm(files={"photo": upload("x.png", HTML_BYTES, "image/png")})
    assert not refused.is_valid()
    assert "“รูปหลักฐาน”" in refused.errors["photo"][0]
    accepted = EvidenceForm(files={"photo": upload("x.jpeg", image_bytes("JPEG"))})
    assert accepted.is_valid()
    assert accepted.cleaned_data["photo"].checked.kind == JPEG
