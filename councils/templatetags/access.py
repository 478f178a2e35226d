"""Scope checks in templates, for lists that reach across areas through reverse relations."""

from django import template

from councils.access import scope_for

register = template.Library()


@register.filter
def sees_area(user, code) -> bool:
    """Whether the user's scope covers the DOPA code: `{% if user|sees_area:code %}`."""
    return bool(code) and scope_for(user).sees(str(code))
