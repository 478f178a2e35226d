"""The free-text indicators are retired: every reader and writer uses the Indicator rows that
0010 copied them into. A returned plan's remembered contents name a project's indicators under
"indicators" (its rows as text) instead of the old "indicator" field."""

import django.db.models.deletion
from django.db import migrations, models


def snapshots_name_indicators(apps, schema_editor):
    _rename_project_key(apps, "indicator", "indicators")


def snapshots_name_indicator(apps, schema_editor):
    _rename_project_key(apps, "indicators", "indicator")


def _rename_project_key(apps, old: str, new: str) -> None:
    PlanStateChange = apps.get_model("plans", "PlanStateChange")
    changed = []
    for change in PlanStateChange.objects.exclude(contents=None).only("pk", "contents"):
        projects = (change.contents or {}).get("projects") or []
        if not any(old in project for project in projects):
            continue
        for project in projects:
            if old in project:
                project[new] = project.pop(old)
        changed.append(change)
    PlanStateChange.objects.bulk_update(changed, ["contents"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0010_execution_timeline_and_indicators"),
    ]

    operations = [
        migrations.RunPython(snapshots_name_indicators, snapshots_name_indicator),
        migrations.RemoveField(model_name="planproject", name="indicator"),
        migrations.RemoveField(model_name="strategicissue", name="indicators"),
        migrations.AlterField(
            model_name="indicator",
            name="strategic_issue",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="indicators",
                to="plans.strategicissue",
            ),
        ),
    ]
