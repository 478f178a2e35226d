"""The save feedback every form shows: the error summary at a form's top and the confirmation
beside the region that changed (docs/ui-patterns.md)."""

from dataclasses import dataclass

from django import forms, template
from django.utils.translation import gettext as _

from councils.feedback import region_of

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    label: str = ""
    field_id: str = ""


def _form_problems(form: forms.BaseForm, line: int | None = None) -> list[Problem]:
    problems = [Problem(str(error)) for error in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        if field.is_hidden:
            problems += [Problem(str(error)) for error in field.errors]
            continue
        label = str(field.label or field.name)
        if line is not None:
            label = _("%(label)s, line %(line)s") % {"label": label, "line": line}
        field_id = field.id_for_label or field.auto_id or ""
        problems.append(Problem(str(field.errors[0]), label, field_id))
    return problems


def problems_of(*bound) -> list[Problem]:
    """What stops a save, in the order of the page: each form's own errors, then its fields;
    a formset's errors, then each line's."""
    problems: list[Problem] = []
    for item in bound:
        if isinstance(item, forms.BaseFormSet):
            if not item.is_bound:
                continue
            problems += [Problem(str(error)) for error in item.non_form_errors()]
            for number, line in enumerate(item.forms, start=1):
                problems += _form_problems(line, number)
        elif isinstance(item, forms.BaseForm) and item.is_bound:
            problems += _form_problems(item)
    return problems


@register.inclusion_tag("_error_summary.html")
def error_summary(*bound) -> dict:
    """`{% error_summary form %}` (or `form budgets`) at the top of a form: what to correct,
    each invalid field linked, so the form says why it was not saved where the eye is."""
    problems = problems_of(*bound)
    return {
        "problems": problems,
        "field_count": sum(1 for problem in problems if problem.field_id),
    }


@register.inclusion_tag("_region_status.html", takes_context=True)
def region_status(context, *parts) -> dict:
    """`{% region_status "members" %}` (or `"project-" project.pk`) where the region's
    confirmation belongs: the messages `feedback.saved` gave this region, shown beside it
    (with or without JavaScript)."""
    region = "".join(str(part) for part in parts)
    shown = [message for message in context.get("messages", ()) if region_of(message) == region]
    return {"region_messages": shown, "region": region}
