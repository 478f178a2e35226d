"""The village-data import's upload form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from councils.spreadsheets.guard import guard_upload
from councils.villages.models import Dataset


class VillageDataImportForm(forms.Form):
    dataset = forms.ChoiceField(
        label=_("dataset"), choices=Dataset.choices, widget=forms.RadioSelect,
        initial=Dataset.BASIC_NEEDS,
    )  # fmt: skip
    import_file = forms.FileField(
        label=_("spreadsheet file"),
        help_text=_("The dataset's template filled in, or its export, as .xlsx or .csv."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError(_("Upload the file as an .xlsx or a .csv file."))
        return guard_upload(upload)
