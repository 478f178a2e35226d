"""Who may see and change what: a user's roles become sets of DOPA code prefixes.

Codes are prefixes of each other (province 84, district 8405, tambon 840503), so "may this user
see X" is one prefix test and "what may this user see" is one indexed filter. Every view gets its
objects through the QuerySet methods and helpers here, so an object outside the user's scope is a
404, and one the user may see but not change is a 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from councils.geography import REGION_PROVINCES, Level, level_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


class Role(models.TextChoices):
    # Kept here, not on Assignment, so that the access rules and the model share one list.
    TAMBON_COORDINATOR = "tambon", _("tambon coordinator")
    DISTRICT_COORDINATOR = "district", _("district coordinator")
    PROVINCE_COORDINATOR = "province", _("provincial coordinator")
    CODI_REGIONAL = "codi_regional", _("CODI regional staff")
    CODI_NATIONAL = "codi_national", _("CODI national staff")


# The code length each role is assigned at; CODI roles use a region or the whole country.
ROLE_CODE_LENGTH = {
    Role.TAMBON_COORDINATOR: 6,
    Role.DISTRICT_COORDINATOR: 4,
    Role.PROVINCE_COORDINATOR: 2,
}
CODI_ROLES = (Role.CODI_REGIONAL, Role.CODI_NATIONAL)
ALL = ("",)  # the empty prefix: every code starts with it


def reduce_prefixes(prefixes: Iterable[str]) -> tuple[str, ...]:
    """Drop prefixes covered by a shorter one, so filters stay small: ('84', '8405') -> ('84',)."""
    kept: list[str] = []
    for prefix in sorted(set(prefixes), key=len):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return tuple(sorted(kept))


def prefix_q(field_name: str, prefixes: Iterable[str]) -> Q:
    """One Q that matches rows whose code field starts with any of the prefixes (none: nothing)."""
    prefixes = reduce_prefixes(prefixes)
    if not prefixes:
        return Q(pk__in=[])
    if prefixes == ALL:
        return Q()
    query = Q()
    for prefix in prefixes:
        query |= Q(**{f"{field_name}__startswith": prefix})
    return query


def enclosing_areas(code: str) -> tuple[str, ...]:
    """The province and district around an area: ('57', '5709') for the tambon '570901'."""
    return tuple(code[:length] for length in (2, 4) if length < len(code))


def inside_or_around_q(field_name: str, prefixes: Iterable[str]) -> Q:
    """One Q for rows inside any of the areas, or of the district or province around one."""
    prefixes = reduce_prefixes(prefixes)
    if prefixes == ALL:
        return Q()
    around = {area for prefix in prefixes for area in enclosing_areas(prefix)}
    return prefix_q(field_name, prefixes) | Q(**{f"{field_name}__in": around})


@dataclass(frozen=True)
class Scope:
    """The area prefixes a user holds, by role."""

    by_role: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def codes(self, *roles: str) -> tuple[str, ...]:
        return reduce_prefixes(p for role in roles for p in self.by_role.get(role, ()))

    @property
    def visible(self) -> tuple[str, ...]:
        return self.codes(*Role.values)

    @property
    def editable(self) -> tuple[str, ...]:
        """Where the user keeps the registry, plans, funds and meetings: their own tambons."""
        return self.codes(Role.TAMBON_COORDINATOR)

    @property
    def administered(self) -> tuple[str, ...]:
        """Where CODI staff may work in the admin site."""
        return self.codes(*CODI_ROLES)

    def holds(self, code: str, *roles: str) -> bool:
        return any(code.startswith(prefix) for prefix in self.codes(*roles))

    def sees(self, code: str) -> bool:
        return any(code.startswith(prefix) for prefix in self.visible)

    def edits(self, code: str) -> bool:
        return any(code.startswith(prefix) for prefix in self.editable)

    @property
    def is_empty(self) -> bool:
        return not self.visible


def scope_for(user: AnyUser) -> Scope:
    """The user's scope, read once per request object and kept on it."""
    if not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    by_role: dict[str, list[str]] = {}
    if user.is_superuser:
        by_role[Role.CODI_NATIONAL] = list(ALL)
    for role, area_code, region in user.assignments.values_list("role", "area_code", "region"):
        if role == Role.CODI_NATIONAL:
            prefixes: Iterable[str] = ALL
        elif role == Role.CODI_REGIONAL:
            prefixes = REGION_PROVINCES.get(region, ())
        else:
            prefixes = (area_code,) if area_code else ()
        by_role.setdefault(role, []).extend(prefixes)
    scope = Scope({role: reduce_prefixes(codes) for role, codes in by_role.items()})
    user._portal_scope = scope
    return scope


class AreaQuerySet(models.QuerySet):
    """Reads of a model that belongs to an area; `area_field` names its DOPA code column."""

    area_field = "area_code"

    def in_area(self, prefix: str):
        return self.filter(**{f"{self.area_field}__startswith": prefix})

    def within(self, prefixes: Iterable[str]):
        return self.filter(prefix_q(self.area_field, prefixes))

    def visible_to(self, user: AnyUser):
        return self.within(scope_for(user).visible)

    def editable_by(self, user: AnyUser):
        return self.within(scope_for(user).editable)

    def administered_by(self, user: AnyUser):
        return self.within(scope_for(user).administered)


def visible_or_404(queryset: AreaQuerySet, user: AnyUser, **lookup: Any):
    """The object if the user may see it; a 404 otherwise, so nothing outside the scope leaks."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def editable_or_403(queryset: AreaQuerySet, user: AnyUser, **lookup: Any):
    """The object if the user may change it; 404 when out of sight, 403 when only readable."""
    obj = visible_or_404(queryset, user, **lookup)
    if not queryset.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


# The levels an area overview (a dashboard, a roll-up, a review queue) is drawn for.
OVERVIEW_LEVELS = (Level.PROVINCE, Level.DISTRICT)
AREA_MODELS = {
    Level.PROVINCE: "Province",
    Level.DISTRICT: "District",
    Level.SUBDISTRICT: "Subdistrict",
}


@dataclass(frozen=True)
class AreaPage:
    """What an area page is about: the DOPA code, its level, and the Province, District or
    Subdistrict it names."""

    code: str
    level: Level
    area: Any


def area_page_or_404(
    user: AnyUser, code: str, levels: Iterable[Level] = OVERVIEW_LEVELS
) -> AreaPage:
    """The area of an area page, or a 404: for a code outside the user's scope, of another
    level than the page is drawn for, or of no area there is."""
    if not code.isdigit() or not scope_for(user).sees(code):
        raise Http404
    try:
        level = level_of(code)
    except ValueError:
        raise Http404 from None
    if level not in levels:
        raise Http404
    # The geography models import this module (their QuerySets build on AreaQuerySet), so they
    # are looked up by name rather than imported back.
    model = apps.get_model("councils", AREA_MODELS[level])
    return AreaPage(code, level, get_object_or_404(model, code=code))
