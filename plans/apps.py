"""App configuration for community plans and strategy books."""

from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def restore_themes(sender, using="default", apps=None, **kwargs):
    """Reload the core themes when a flush emptied them (see councils.apps.restore_geography)."""
    from django.apps import apps as global_apps
    from django.db import connections

    if "plans_theme" not in connections[using].introspection.table_names():
        return  # not migrated this far yet
    models = apps or global_apps
    Theme = models.get_model("plans", "Theme")
    if not Theme.objects.using(using).exists():
        import_module("plans.migrations.0002_core_themes").load(models, None)


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Community plans")

    def import_models(self):
        super().import_models()
        # The books sub-app's models are this app's (tables plans_strategybook...); they import
        # plans.models, never the other way round, so Django loads them here.
        import_module("plans.books.models")
        import_module("plans.execution.models")

    def ready(self):
        post_migrate.connect(restore_themes, sender=self)
