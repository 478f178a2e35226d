"""django-import-export ships no Thai catalog: this lists its msgids so makemessages keeps ours."""

# Never imported: `makemessages` reads this file, and the Thai translations in
# locale/th/LC_MESSAGES/django.po then apply to the library's own gettext calls (same "django"
# domain, no contexts). The msgids are copied exactly from django-import-export 4.4's templates
# and Python sources; after an upgrade, compare them with the library's locale/*/django.po.
# "Home" and "Delete" are left to Django's admin catalog, and errors only a developer sees
# ("Form is not validated...", "use_natural_foreign_keys...") stay in English.

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = (
    # admin.py: the change-list buttons, the page titles and the messages after an import
    gettext_noop("Import"),
    gettext_noop("Export"),
    gettext_noop("Export selected %(verbose_name_plural)s"),
    gettext_noop("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct "
        "format for the file."
    ),
    gettext_noop(
        "No valid data to import. Ensure your file has the correct headers or data for import."
    ),
    # admin.py formats "%s through import_export" with the row's import type *before* it
    # translates it, so these are the strings actually looked up (the history's change message).
    gettext_noop("new through import_export"),
    gettext_noop("update through import_export"),
    gettext_noop("delete through import_export"),
    # forms.py: the labels of the import and export forms
    gettext_noop("Resource"),
    gettext_noop("Format"),
    gettext_noop("File to import"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    # resources.py, widgets.py, formats/base_formats.py: errors shown on the import page
    gettext_noop(
        "The following fields are declared in 'import_id_fields' but are not present in the "
        "file headers: %s"
    ),
    gettext_noop("Value could not be parsed."),
    gettext_noop("export failed due to IllegalCharacterError"),
    # templates/admin/import_export/*.html
    gettext_noop("This importer will import the following fields: "),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("Submit"),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, "
        "click 'Confirm import'"
    ),
    gettext_noop("Confirm import"),
    gettext_noop("Errors"),
    gettext_noop("Line number"),
    gettext_noop("Some rows failed to validate"),
    gettext_noop(
        "Please correct these errors in your data where possible, then reupload it using the "
        "form above."
    ),
    gettext_noop("Row"),
    gettext_noop("Non field specific"),
    gettext_noop("Preview"),
    gettext_noop("New"),
    gettext_noop("Skipped"),
    gettext_noop("Update"),
)

PLURAL_MESSAGES = (
    # templates/admin/import_export/export.html ({% blocktranslate count len=... trimmed %})
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "len"),
)
