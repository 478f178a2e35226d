"""The demo's charters, agreements and documents: Ban Dai's charter, Chumphon's declaration."""

import pytest

from councils.records.models import Agreement, Charter, CouncilDocument


@pytest.fixture
def seeded(demo_database, db):
    return demo_database


def test_ban_dai_has_its_second_charter_in_force_adopted_by_a_resolution(seeded):
    charters = Charter.objects.filter(council__subdistrict_id="570908")
    assert charters.count() == 2
    in_force = Charter.objects.in_force().get(council__subdistrict_id="570908")
    assert in_force.title.endswith("ฉบับที่ 2")
    assert in_force.resolution.meeting.council == in_force.council
    assert in_force.clauses.count() == 7 and in_force.signatories.count() == 5


def test_chumphons_declaration_binds_five_parties_and_is_in_force(seeded):
    declaration = Agreement.objects.get(title__startswith="ปฏิญญาความร่วมมือ 5 ภาคี")
    assert declaration.kind == Agreement.Kind.DECLARATION
    assert declaration.partners.count() == 4  # and the council itself: five parties
    assert declaration.standing() == Agreement.Standing.IN_FORCE
    assert Agreement.objects.ended().filter(council=declaration.council).exists()


def test_the_demo_documents_are_stored_by_content(seeded):
    documents = list(CouncilDocument.objects.all())
    assert {d.content_type for d in documents} == {"application/pdf", "image/png"}
    for document in documents:
        # Stored under a generated name with the extension of what it is, by its checked size.
        extension = ".png" if document.content_type == "image/png" else ".pdf"
        assert document.file.name.endswith(extension) and document.size > 0
    assert any(d.published for d in documents) and not all(d.published for d in documents)


def test_seeding_records_twice_duplicates_nothing(reseeding, db):
    for model in (Charter, Agreement, CouncilDocument):
        label = model._meta.label
        assert reseeding.after[label] == reseeding.before[label] > 0
