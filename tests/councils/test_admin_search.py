"""The admin's big lists at the national size (issue 14): a search reads the model's own indexed
columns (names by trigram, codes by prefix; councils/search.py), the province filter lists the
Province table instead of a DISTINCT over the rows, and the audit trail has no date hierarchy.
Each list's queries stay as many as rows grow and none is a DISTINCT over the listed table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.admin import AuditedModelFilter, ProvinceFilter
from councils.audit import AuditEntry
from councils.search import looks_like_code
from tests.accounts_helpers import verified_client
from tests.factories import (
    TAMBON_HUAI_KHRAI,
    CouncilFactory,
    MeetingFactory,
    MemberFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

PERSONS = "admin:councils_person_changelist"
MEETINGS = "admin:councils_meeting_changelist"
COUNCILS = "admin:councils_council_changelist"
AUDIT = "admin:councils_auditentry_changelist"


@pytest.fixture
def charlie(codi_staff):
    """Charlie, CODI's northern regional staff, logged into the admin."""
    return verified_client(codi_staff)


def listed(client, url_name: str, **params) -> list:
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def queries_of(client, url_name: str, **params) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(url_name), params).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def assert_flat(client, url_name: str, add_rows, django_assert_num_queries, **params) -> list:
    """The page's queries, which stay as many after add_rows() and have no DISTINCT."""
    client.get(reverse(url_name), params)  # the first request also loads the session's login
    before = queries_of(client, url_name, **params)
    add_rows()
    with django_assert_num_queries(len(before)):
        client.get(reverse(url_name), params)
    assert not [sql for sql in before if "DISTINCT" in sql.upper()], before
    return before


def test_a_term_of_digits_and_separators_is_a_code():
    assert looks_like_code("5709")
    assert looks_like_code("570901 12/2552")
    assert not looks_like_code("สมชาย")
    assert not looks_like_code("5709 สมชาย")
    assert not looks_like_code("")


def test_persons_list_and_search_stay_flat(charlie, council, django_assert_num_queries):
    PersonFactory.create_batch(2, council=council, first_name="สมชาย")

    def more():
        PersonFactory.create_batch(5, council=council, first_name="สมชาย")

    assert_flat(charlie, PERSONS, more, django_assert_num_queries)
    assert_flat(charlie, PERSONS, more, django_assert_num_queries, q="สมชาย")
    assert_flat(charlie, PERSONS, more, django_assert_num_queries, q="5709")


def test_persons_are_found_by_a_part_of_a_name_or_the_tambon_code(charlie, council, other_council):
    somchai = PersonFactory(council=council, first_name="สมชาย", last_name="ใจดี")
    wanpen = PersonFactory(council=other_council, first_name="วันเพ็ญ", last_name="ศรีสุข")
    assert listed(charlie, PERSONS, q="มชา") == [somchai]
    assert listed(charlie, PERSONS, q="ศรีสุ") == [wanpen]
    assert listed(charlie, PERSONS, q=TAMBON_HUAI_KHRAI) == [wanpen]
    assert set(listed(charlie, PERSONS, q="5709")) == {somchai, wanpen}
    # The council's name is not searched: it is a joined table's column.
    assert listed(charlie, PERSONS, q=council.name) == []


def test_the_province_filter_lists_provinces_and_filters_by_code(charlie, council, far_council):
    here = PersonFactory(council=council)
    PersonFactory(council=far_council)  # Chumphon: outside Charlie's northern region
    response = charlie.get(reverse(PERSONS))
    (province_filter,) = [
        spec for spec in response.context["cl"].filter_specs if isinstance(spec, ProvinceFilter)
    ]
    codes = [code for code, _name in province_filter.lookup_choices]
    assert "57" in codes  # Chiang Rai
    assert "86" not in codes  # Chumphon is not Charlie's
    assert listed(charlie, PERSONS, province="57") == [here]
    assert listed(charlie, PERSONS, province="50") == []


def test_meetings_list_and_search_stay_flat(charlie, council, django_assert_num_queries):
    MeetingFactory.create_batch(2, council=council)

    def more():
        MeetingFactory.create_batch(4, council=council)

    assert_flat(charlie, MEETINGS, more, django_assert_num_queries)
    assert_flat(charlie, MEETINGS, more, django_assert_num_queries, q="ประชุม")


def test_meetings_are_found_by_title_or_area_code(charlie, council, other_council):
    here = MeetingFactory(council=council, title="ประชุมสามัญครั้งที่ 1", place="วัดแม่สาย")
    there = MeetingFactory(council=other_council, title="ประชุมวิสามัญ", place="ศาลา")
    assert listed(charlie, MEETINGS, q="สามัญครั้ง") == [here]
    assert listed(charlie, MEETINGS, q=TAMBON_HUAI_KHRAI) == [there]
    assert set(listed(charlie, MEETINGS, q="5709")) == {here, there}
    assert listed(charlie, MEETINGS, q="วัดแม่สาย") == []  # the place is not searched


def test_councils_are_found_by_name_registration_or_tambon_code(charlie, council, other_council):
    assert listed(charlie, COUNCILS, q=council.name[-6:]) == [council]
    assert listed(charlie, COUNCILS, q=council.registration_number) == [council]
    assert listed(charlie, COUNCILS, q=TAMBON_HUAI_KHRAI) == [other_council]
    assert listed(charlie, COUNCILS, province="57", status=council.status) != []
    assert listed(charlie, COUNCILS, province="86") == []


def test_councils_list_and_search_stay_flat(charlie, council, django_assert_num_queries):
    def more():
        CouncilFactory(subdistrict_id="570903")
        CouncilFactory(subdistrict_id="570904")

    assert_flat(charlie, COUNCILS, more, django_assert_num_queries, q="สภา")


def audit_sql_is_plain(sqls: list[str]) -> None:
    text = "\n".join(sqls).upper()
    assert "DISTINCT" not in text
    assert "DATE_TRUNC" not in text and "DJANGO_DATETIME_TRUNC" not in text
    assert "MIN(" not in text and "MAX(" not in text


def test_audit_trail_has_no_date_hierarchy_nor_distinct(
    charlie, council, django_assert_num_queries
):
    def more():
        for number in range(3):
            MemberFactory(council=council, first_name=f"สมศรี{number}")

    audit_sql_is_plain(assert_flat(charlie, AUDIT, more, django_assert_num_queries))
    audit_sql_is_plain(assert_flat(charlie, AUDIT, more, django_assert_num_queries, q="สมศรี"))
    response = charlie.get(reverse(AUDIT))
    assert response.context["cl"].date_hierarchy is None


def test_audit_trail_is_found_by_object_name_id_or_area(charlie, council, other_council):
    member = MemberFactory(council=other_council, first_name="ประยูร", last_name="คำแก้ว")
    entries = AuditEntry.objects.filter(object_pk=str(member.pk), object_repr=str(member))
    assert entries.exists()
    found = set(listed(charlie, AUDIT, q="คำแก้ว"))
    assert found and found <= set(AuditEntry.objects.filter(object_repr__contains="คำแก้ว"))
    assert set(entries) <= set(listed(charlie, AUDIT, q=str(member.pk)))
    by_area = listed(charlie, AUDIT, q=TAMBON_HUAI_KHRAI)
    assert by_area and all(entry.area_code == TAMBON_HUAI_KHRAI for entry in by_area)


def test_audit_trail_kinds_of_object_are_the_audited_models(charlie, council):
    MemberFactory(council=council)
    response = charlie.get(reverse(AUDIT))
    (kinds,) = [
        spec for spec in response.context["cl"].filter_specs if isinstance(spec, AuditedModelFilter)
    ]
    member_type = AuditEntry.objects.filter(object_repr__isnull=False).latest("pk").content_type
    assert (str(member_type.pk), member_type.name) in kinds.lookup_choices
    only_members = listed(charlie, AUDIT, resource_type=str(member_type.pk))
    assert only_members and {entry.content_type for entry in only_members} == {member_type}
