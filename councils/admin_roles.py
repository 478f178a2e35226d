"""The Django permissions CODI staff hold in the admin site (their area comes from Assignments)."""

from django.contrib.auth.models import Permission
from django.db.models import Q

# Apps whose models CODI staff keep; geography and the audit trail are read-only for everyone
# but superusers (the trail's admin refuses changes to superusers too).
STAFF_APPS = ("councils", "plans", "welfare", "reports")
READ_ONLY_MODELS = ("province", "district", "subdistrict", "auditentry", "importrecord")


def codi_staff_permissions():
    geography = Q(content_type__model__in=READ_ONLY_MODELS) & ~Q(codename__startswith="view_")
    return Permission.objects.filter(content_type__app_label__in=STAFF_APPS).exclude(geography)
