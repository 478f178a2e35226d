"""App configuration for the council registry."""

from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def restore_geography(sender, using="default", apps=None, **kwargs):
    """Reload the geography when a flush emptied it (`flush` emits post_migrate, and tests that
    run in transactions flush after themselves); a migrated database already has it."""
    from django.apps import apps as global_apps
    from django.db import connections

    if "councils_province" not in connections[using].introspection.table_names():
        return  # not migrated this far yet
    models = apps or global_apps
    Province = models.get_model("councils", "Province")
    if not Province.objects.using(using).exists():
        import_module("councils.migrations.0002_load_geography").load(models, None)
    # The reference indicators, as migration 0010 loads them.
    if "councils_villageindicator" not in connections[using].introspection.table_names():
        return
    VillageIndicator = models.get_model("councils", "VillageIndicator")
    if not VillageIndicator.objects.using(using).exists():
        reference = import_module(
            "councils.migrations.0010_members_are_persons_and_reference_indicators"
        )
        reference.load_indicators(models, None)


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Community organization councils")

    def import_models(self):
        super().import_models()
        # The meetings sub-app's models and the audit trail's are this app's (tables
        # councils_meeting..., councils_auditentry); they import councils.models, never the
        # other way round, so Django loads them here.
        import_module("councils.meetings.models")
        import_module("councils.records.models")
        import_module("councils.persons.models")
        import_module("councils.strength.models")
        import_module("councils.villages.models")
        import_module("councils.audit")
        import_module("councils.spreadsheets.jobs")

    def ready(self):
        post_migrate.connect(restore_geography, sender=self)
