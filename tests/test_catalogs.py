"""The message catalogs: Thai is complete, the committed .mo files match the .po files, and the
portal's pages come out in Thai.

After new msgids arrive, `make messages` regenerates the catalogs; `msgattrib --untranslated
locale/th/LC_MESSAGES/django.po` lists what still needs a Thai translation.
"""

import ast
import json
import re
from collections import Counter
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.accounts_helpers import verified_client
from tests.factories import MemberFactory, OrganizationFactory

LOCALE = Path(settings.BASE_DIR) / "locale"
THAI_PO = LOCALE / "th" / "LC_MESSAGES" / "django.po"
LANGUAGES = [code for code, _name in settings.LANGUAGES]

# printf-style placeholders (%(name)s, %s, %d, %%) and str.format ones ({}, {name}), which
# django-import-export uses in "Import finished: {} new, ...".
PLACEHOLDER = re.compile(
    r"%(?:\([^)]+\))?[-#0+]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]|\{[^{}\s]*\}"
)


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def thai_entries() -> list[polib.POEntry]:
    return [entry for entry in catalog("th") if not entry.obsolete]


def entry_id(entry: polib.POEntry) -> str:
    return entry.msgid[:60]


def translations(entries) -> dict[tuple[str | None, str], object]:
    """(context, msgid) -> msgstr, or the plural forms by index, for every translated entry."""
    found = {}
    for entry in entries:
        if entry.msgid == "" or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = {int(index): text for index, text in entry.msgstr_plural.items()}
            if any(forms.values()):
                found[(entry.msgctxt, entry.msgid)] = (entry.msgid_plural, forms)
        elif entry.msgstr:
            found[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return found


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def test_the_thai_catalog_has_one_plural_form():
    assert catalog("th").metadata["Plural-Forms"] == "nplurals=1; plural=0;"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_headers_are_valid(language):
    po = catalog(language)
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == language
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert "nplurals=" in po.metadata["Plural-Forms"]


def untranslated(entry: polib.POEntry) -> list[str]:
    """What keeps a Thai entry from being translated: nothing when it is."""
    problems = []
    if "fuzzy" in entry.flags:
        problems.append("check the translation, then remove the fuzzy flag")
    if entry.msgid_plural:
        if list(entry.msgstr_plural) != [0]:
            problems.append("Thai has one plural form: msgstr[0] only")
        if not entry.msgstr_plural.get(0, "").strip():
            problems.append("msgstr[0] is empty")
    elif not entry.msgstr.strip():
        problems.append("msgstr is empty")
    return problems


def lost_placeholders(entry: polib.POEntry) -> list[str]:
    """Where a Thai entry's placeholders differ from the English ones: nothing when they match."""
    problems = []
    if entry.msgid_plural:
        # The single Thai form serves every count, so it reads like the English plural.
        if placeholders(entry.msgid) != placeholders(entry.msgid_plural):
            problems.append("msgid and msgid_plural have different placeholders")
        if placeholders(entry.msgstr_plural.get(0, "")) != placeholders(entry.msgid_plural):
            problems.append("msgstr[0] has other placeholders than msgid_plural")
    elif placeholders(entry.msgstr) != placeholders(entry.msgid):
        problems.append("msgstr has other placeholders than msgid")
    return problems


def report(check) -> list[str]:
    """Every Thai entry that fails the check, with what is wrong with it."""
    return [
        f"{entry_id(entry)!r}: {'; '.join(problems)}"
        for entry in thai_entries()
        if (problems := check(entry))
    ]


def test_every_thai_entry_is_translated():
    bad = report(untranslated)
    assert not bad, f"{len(bad)} Thai entries are not translated:\n" + "\n".join(bad)


def test_thai_keeps_the_placeholders():
    bad = report(lost_placeholders)
    assert not bad, f"{len(bad)} Thai entries change their placeholders:\n" + "\n".join(bad)


def test_the_checks_find_what_is_wrong_with_an_entry():
    fuzzy = polib.POEntry(msgid="Save", msgstr="บันทึก", flags=["fuzzy"])
    empty_plural = polib.POEntry(
        msgid="%(n)s plan", msgid_plural="%(n)s plans", msgstr_plural={0: "", 1: "x"}
    )
    lost = polib.POEntry(msgid="%(count)s members", msgstr="สมาชิก")
    good = polib.POEntry(msgid="%(count)s members", msgstr="สมาชิก %(count)s คน")
    assert untranslated(fuzzy) == ["check the translation, then remove the fuzzy flag"]
    assert untranslated(empty_plural) == [
        "Thai has one plural form: msgstr[0] only",
        "msgstr[0] is empty",
    ]
    assert lost_placeholders(empty_plural) == ["msgstr[0] has other placeholders than msgid_plural"]
    assert lost_placeholders(lost) == ["msgstr has other placeholders than msgid"]
    assert untranslated(good) == [] and lost_placeholders(good) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_the_source(language):
    source = catalog(language)
    compiled = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    assert translations(compiled) == translations(source), (
        "the .mo is stale: run `make messages` (or compilemessages) and commit the .mo"
    )
    assert compiled.metadata.get("Plural-Forms") == source.metadata["Plural-Forms"]


def test_the_placeholder_check_sees_each_kind():
    text = "%(count)s of %s, %d%% {} {name}"
    assert sorted(placeholders(text).elements()) == sorted(
        ["%(count)s", "%s", "%d", "%%", "{}", "{name}"]
    )


def test_django_import_export_speaks_thai():
    with translation.override("th"):
        assert translation.gettext("Confirm import") == "ยืนยันการนำเข้า"
        assert translation.gettext("File to import") == "ไฟล์ที่จะนำเข้า"


# --- Pages in Thai --------------------------------------------------------------------------


def assert_thai(page: str, thai: list[str], english: list[str]) -> None:
    missing = [text for text in thai if text not in page]
    leaked = [text for text in english if text in page]
    assert not missing, f"Thai labels missing: {missing}"
    assert not leaked, f"English left on the Thai page: {leaked}"


def test_the_login_page_is_thai(client, db):
    page = client.get(reverse("login")).content.decode()
    assert_thai(
        page,
        thai=["เข้าสู่ระบบ", "ชื่อผู้ใช้", "รหัสผ่าน", "เครือข่ายสภาฯ", "พระราชบัญญัติสภาองค์กรชุมชน"],
        english=["Log in", "Username", "Password", "Council network", "Development Institute"],
    )


def test_the_council_page_is_thai(council, tambon_coordinator, client_for):
    organization = OrganizationFactory(council=council, name="กลุ่มสตรีบ้านป่าซาง", village_no=4)
    MemberFactory(council=council, role="chair", village_no=4, organization=organization)
    page = client_for(tambon_coordinator).get(council.get_absolute_url()).content.decode()
    assert_thai(
        page,
        thai=[
            "เลขที่จดแจ้งจัดตั้ง",
            "ผู้แทนชุมชน",
            "ผู้ทรงคุณวุฒิ",
            "การตรวจสอบตาม พ.ร.บ.",
            "ยังไม่มีเลขานุการ (มาตรา 15)",
            "องค์กรชุมชน",
            "หมู่ที่ 4",
            "สมาชิกสภาฯ",
            "ประธาน",
            "วาระ",
            "ออกจากระบบ",
        ],
        english=[
            "Registration number",
            "Compliance check",
            "(s.15)",
            "Community organizations",
            "Village no.",
            "Council members",
            "Add a member",
            "Log out",
        ],
    )


def test_the_area_overview_is_thai(council, district_coordinator, client_for):
    MemberFactory(council=council, role="chair", village_no=1)
    page = client_for(district_coordinator).get(reverse("area_overview", args=["5709"]))
    page = page.content.decode()
    assert_thai(
        page,
        thai=["อำเภอ", "ภาพรวมสภาองค์กรชุมชนตำบล", "สภาฯ ที่มีคำเตือน", "ยังไม่มีสภาฯ"],
        english=["Overview", "Councils with warnings", "warnings</span>", "no council"],
    )
    assert re.search(r"คำเตือน \d+ ข้อ</span>", page)


def test_the_admin_import_page_is_thai(codi_staff, client_for):
    page = verified_client(codi_staff).get(reverse("admin:councils_council_import"))
    assert page.status_code == 200
    assert_thai(
        page.content.decode(),
        thai=["นำเข้า", "ระบบจะนำเข้าคอลัมน์ต่อไปนี้", "ไฟล์ที่จะนำเข้า", "รูปแบบไฟล์", "ส่งข้อมูล"],
        english=["This importer will import", "File to import", "Submit"],
    )


# --- Django's and the libraries' own messages ----------------------------------------------

DJANGO = Path(django.__file__).parent
# Where the messages a user can meet come from: form fields, validators, model validation, the
# password forms and validators. The rest of Django's catalog (field descriptions for admindocs,
# the CSRF failure page, the debug pages) is not shown to our users.
USER_FACING_SOURCES = (
    "core/validators.py",
    "forms/fields.py",
    "forms/models.py",
    "forms/formsets.py",
    "contrib/auth/forms.py",
    "contrib/auth/password_validation.py",
    "contrib/auth/validators.py",
)
USER_FACING_MODEL_ERRORS = re.compile(r"^(“%\(value\)s”|Value %\(value\)r|This field cannot)")


def django_catalog(app: str, language: str, domain: str = "django") -> polib.POFile:
    return polib.pofile(str(DJANGO / app / "locale" / language / "LC_MESSAGES" / f"{domain}.po"))


def left_in_english(app: str, sources: tuple[str, ...] | None = None) -> list[polib.POEntry]:
    """The msgids of one of Django's catalogs that its Thai catalog leaves in English."""
    # A Thai entry without the plural of the English one is not found by ngettext at all.
    thai = {
        (e.msgctxt, e.msgid, bool(e.msgid_plural))
        for e in django_catalog(app, "th")
        if e.translated()
    }
    entries = []
    for entry in django_catalog(app, "en"):
        files = [path for path, _line in entry.occurrences]
        if sources is not None and not any(
            path in sources or (path.endswith("db/models/fields/__init__.py")
                                and USER_FACING_MODEL_ERRORS.match(entry.msgid))
            for path in files
        ):  # fmt: skip
            continue
        if (entry.msgctxt, entry.msgid, bool(entry.msgid_plural)) not in thai:
            entries.append(entry)
    return entries


@pytest.mark.parametrize(
    ("app", "sources"),
    [
        ("conf", USER_FACING_SOURCES),
        ("contrib/auth", USER_FACING_SOURCES),
        ("contrib/admin", None),  # every admin page is one CODI staff use
    ],
)
def test_what_django_leaves_in_english_our_catalog_translates(app, sources):
    ours = translations(thai_entries())
    missing = [
        entry.msgid[:70]
        for entry in left_in_english(app, sources)
        if (entry.msgctxt, entry.msgid) not in ours
        # the admin's password-reset e-mails and pages are not used: staff reset no passwords
        and "password_reset" not in " ".join(path for path, _ in entry.occurrences)
    ]
    assert not missing, (
        f"{len(missing)} of Django's messages are English on Thai pages; add them to "
        "councils/django_messages.py and translate them:\n" + "\n".join(missing)
    )


def listed_msgids(module) -> set[str]:
    """The first argument of every gettext_noop and ngettext_lazy call in a module's source."""
    tree = ast.parse(Path(module.__file__).read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") in {"gettext_noop", "ngettext_lazy"}
    }


def test_the_listed_library_messages_survive_a_regeneration():
    # They are in a Python module that makemessages reads, so `--no-obsolete` keeps them.
    from councils import django_messages
    from councils.spreadsheets import errors

    listed = listed_msgids(django_messages) | listed_msgids(errors)
    assert len(listed) > 200
    in_catalog = {entry.msgid for entry in thai_entries()}
    assert listed - in_catalog == set(), "run `make messages` after adding to the lists"


def test_form_and_validator_messages_are_thai():
    from django import forms

    with translation.override("th"):
        decimal = forms.DecimalField(max_digits=6, decimal_places=2, min_value=0)
        for value, thai in [
            ("1.234", "ทศนิยมมีได้ไม่เกิน 2 ตำแหน่ง"),
            ("-1", "ค่านี้ต้องไม่น้อยกว่า 0"),
            ("", "กรุณากรอกข้อมูลช่องนี้"),
            ("abc", "กรุณากรอกตัวเลข"),
        ]:
            with pytest.raises(forms.ValidationError) as refused:
                decimal.clean(value)
            assert refused.value.messages == [thai]
        with pytest.raises(forms.ValidationError) as refused:
            forms.CharField(max_length=3).clean("ตำบลแม่สาย")
        assert refused.value.messages == ["ข้อความนี้ต้องยาวไม่เกิน 3 ตัวอักษร (ตอนนี้มี 10 ตัวอักษร)"]


# --- The admin's JavaScript strings ---------------------------------------------------------

THAI_JS_PO = LOCALE / "th" / "LC_MESSAGES" / "djangojs.po"


def test_every_admin_javascript_string_has_thai():
    ours = translations(polib.pofile(str(THAI_JS_PO)))
    english = django_catalog("contrib/admin", "en", "djangojs")
    missing = [e.msgid for e in english if (e.msgctxt, e.msgid) not in ours]
    assert not missing, f"locale/th/LC_MESSAGES/djangojs.po lacks: {missing}"
    bad = [
        f"{entry_id(entry)!r}: {'; '.join(problems)}"
        for entry in polib.pofile(str(THAI_JS_PO))
        if (problems := untranslated(entry) + lost_placeholders(entry))
    ]
    assert not bad, "\n".join(bad)


def test_the_compiled_javascript_catalog_matches_the_source():
    compiled = polib.mofile(str(THAI_JS_PO.with_suffix(".mo")))
    assert translations(compiled) == translations(polib.pofile(str(THAI_JS_PO)))


def test_the_admin_serves_our_javascript_strings(codi_staff):
    page = verified_client(codi_staff).get(reverse("admin:jsi18n")).content.decode()
    catalog_text = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", page, re.S)[1])
    assert catalog_text["Choose all %s"] == "เลือก%s ทั้งหมด"
    assert catalog_text["Sunday"] == "วันอาทิตย์"
    assert catalog_text["abbrev. month January\x04Jan"] == "ม.ค."


def spreadsheet_resources() -> list:
    """One of each spreadsheet resource, as the import and export pages make them."""
    from councils.imports import (
        CommunityOrganizationResource,
        CouncilMemberResource,
        CouncilResource,
    )
    from councils.persons.imports import PersonResource
    from councils.villages.imports import BasicNeedsResource, VillageBasicDataResource
    from plans.execution.imports import ProjectUpdateResource
    from plans.imports import PlanProjectResource
    from welfare.imports import ContributionResource, MemberResource

    registry = (
        CouncilResource, CommunityOrganizationResource, CouncilMemberResource, PersonResource,
    )  # fmt: skip
    of_a_fund = (MemberResource, ContributionResource)
    # The กชช. 2ค resource reads its indicator columns from the database.
    village_data = (BasicNeedsResource, VillageBasicDataResource)
    return [
        *(resource() for resource in (*registry, PlanProjectResource, ProjectUpdateResource)),
        *(resource(None) for resource in of_a_fund),
        *(resource() for resource in village_data),
    ]


@pytest.mark.django_db
def test_spreadsheet_columns_are_named_in_thai():
    with translation.override("th"):
        english = [
            f"{type(resource).__name__}: {header}"
            for resource in spreadsheet_resources()
            for header in resource.get_export_headers()
            if re.search(r"[A-Za-z]", str(header))
        ]
    assert not english, english
