# A provincial development strategy belongs to a plan period; a strategic issue maps to one or
# more strategies (the old single link is copied into the new one, then removed).

import datetime as dt

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import councils.buddhist_era

MAX_PLAN_YEARS = 6  # plans.models.MAX_PLAN_YEARS when this was written


def _current_fiscal_year() -> int:
    today = dt.date.today()
    return today.year + 543 + (1 if today.month >= 10 else 0)


def give_strategies_periods(apps, schema_editor):
    """A strategy's period is that of the provincial books whose issues map to it; with none,
    that of its province's latest provincial book; with no book, five years from this one."""
    ProvinceStrategy = apps.get_model("plans", "ProvinceStrategy")
    StrategicIssue = apps.get_model("plans", "StrategicIssue")
    StrategyBook = apps.get_model("plans", "StrategyBook")
    for strategy in ProvinceStrategy.objects.all():
        periods = StrategicIssue.objects.filter(province_strategy=strategy).aggregate(
            first=models.Min("book__first_year"), last=models.Max("book__last_year")
        )
        first, last = periods["first"], periods["last"]
        if first is None:
            book = (
                StrategyBook.objects.filter(level="province", area_code=strategy.province_id)
                .order_by("-first_year")
                .first()
            )
            first, last = (book.first_year, book.last_year) if book else (None, None)
        if first is None:
            first = _current_fiscal_year()
            last = first + 4
        strategy.first_year = first
        strategy.last_year = min(last, first + MAX_PLAN_YEARS - 1)
        strategy.save(update_fields=["first_year", "last_year"])


def copy_the_links(apps, schema_editor):
    StrategicIssue = apps.get_model("plans", "StrategicIssue")
    Through = StrategicIssue.province_strategies.through
    Through.objects.bulk_create(
        Through(strategicissue_id=issue_id, provincestrategy_id=strategy_id)
        for issue_id, strategy_id in StrategicIssue.objects.filter(
            province_strategy__isnull=False
        ).values_list("pk", "province_strategy_id")
    )


def copy_the_links_back(apps, schema_editor):
    """Going back keeps one strategy per issue: the lowest-numbered one it maps to."""
    StrategicIssue = apps.get_model("plans", "StrategicIssue")
    for issue in StrategicIssue.objects.all():
        first = issue.province_strategies.order_by("number", "pk").first()
        if first is not None:
            issue.province_strategy = first
            issue.save(update_fields=["province_strategy"])


def no_periods_back(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0007_import_held"),
        ("plans", "0011_indicator_text_retired"),
    ]

    operations = [
        migrations.AddField(
            model_name="provincestrategy",
            name="first_year",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="provincestrategy",
            name="last_year",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="provincestrategy",
            name="goal",
            field=models.TextField(
                blank=True,
                validators=[
                    django.core.validators.MaxLengthValidator(
                        5000,
                        message="The strategy's goal and description may be at most "
                        "%(limit_value)s characters long (this one has %(show_value)s).",
                    )
                ],
                verbose_name="goal and description",
            ),
        ),
        # The old link gives up its reverse name, which the new one takes.
        migrations.AlterField(
            model_name="strategicissue",
            name="province_strategy",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="plans.provincestrategy",
            ),
        ),
        migrations.AddField(
            model_name="strategicissue",
            name="province_strategies",
            field=models.ManyToManyField(
                blank=True,
                related_name="issues",
                to="plans.provincestrategy",
                verbose_name="provincial development strategies",
            ),
        ),
        migrations.RunPython(give_strategies_periods, no_periods_back),
        migrations.RunPython(copy_the_links, copy_the_links_back),
        migrations.RemoveField(model_name="strategicissue", name="province_strategy"),
        migrations.AlterField(
            model_name="provincestrategy",
            name="first_year",
            field=models.PositiveSmallIntegerField(
                validators=[councils.buddhist_era.validate_be_year],
                verbose_name="first fiscal year of the plan (B.E.)",
            ),
        ),
        migrations.AlterField(
            model_name="provincestrategy",
            name="last_year",
            field=models.PositiveSmallIntegerField(
                validators=[councils.buddhist_era.validate_be_year],
                verbose_name="last fiscal year of the plan (B.E.)",
            ),
        ),
        migrations.AlterField(
            model_name="provincestrategy",
            name="number",
            field=models.PositiveSmallIntegerField(
                validators=[django.core.validators.MinValueValidator(1)], verbose_name="number"
            ),
        ),
        migrations.AlterField(
            model_name="provincestrategy",
            name="province",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="strategies",
                to="councils.province",
                verbose_name="province",
            ),
        ),
        migrations.AlterModelOptions(
            name="provincestrategy",
            options={
                "ordering": ["province", "-first_year", "number"],
                "verbose_name": "provincial development strategy",
                "verbose_name_plural": "provincial development strategies",
            },
        ),
        migrations.RemoveConstraint(model_name="provincestrategy", name="one_strategy_number"),
        migrations.AddConstraint(
            model_name="provincestrategy",
            constraint=models.UniqueConstraint(
                fields=("province", "first_year", "last_year", "number"),
                name="one_strategy_number_per_period",
            ),
        ),
        migrations.AddConstraint(
            model_name="provincestrategy",
            constraint=models.CheckConstraint(
                condition=models.Q(("last_year__gte", models.F("first_year")))
                & models.Q(("last_year__lt", models.F("first_year") + 6)),
                name="strategy_period_in_order",
            ),
        ),
    ]
