"""The wording of the village-data import's confirm step (councils/confirmation.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from councils.confirmation import Fact, Summary
from councils.spreadsheets.jobs import ImportJob
from councils.villages.imports import dataset_of
from councils.villages.models import Dataset


def import_village_data(job: ImportJob) -> Summary:
    """The preview of a village-data import: the villages and figures it writes, and how many of
    those villages already have figures of the year, which it replaces."""
    imported = job.preview.imported
    villages, figures = imported.get("villages", 0), imported.get("figures", 0)
    replaced = imported.get("replaced", 0)
    return Summary(
        title=_("Import this village data?"),
        lead=_(
            "The file “%(file)s” brings %(figures)s figures of %(villages)s villages; "
            "%(replaced)s of these villages already have figures of that year, which the file "
            "replaces."
        )
        % {"file": job.file_name, "figures": figures, "villages": villages, "replaced": replaced},
        button=_("Import the village data"),
        facts=[
            Fact(_("Dataset"), str(Dataset(dataset_of(job)).label)),
            Fact(_("Villages"), str(villages)),
            Fact(_("Figures"), str(figures)),
            Fact(_("Villages whose figures are replaced"), str(replaced)),
        ],
        warning=_(
            "Nothing has been written yet. The figures a village already has for that year are "
            "overwritten by the file's."
        ),
    )
