"""The second factor of CODI staff: the admin site that asks for it, enrolment and verification.

Staff and superusers change the registry of the whole network, so a stolen password alone must
not open the admin. They enrol a TOTP app once (django-otp's TOTP device), get ten one-time
recovery codes (its static-token device), and enter a code after each login before the admin
opens. Coordinators work on their own tambon's pages and need no second factor.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

RECOVERY_CODE_COUNT = 10


def needs_second_factor(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def is_enrolled(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


class SecondFactorAdminSite(admin.AdminSite):
    """The admin opens only for staff whose session passed the second factor.

    Installed over the default site in portal/urls.py (`admin.site.__class__ = ...`, as
    django-otp documents for its own OTPAdminSite), so every app's registrations stay.
    """

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request: HttpRequest, extra_context=None):
        # A logged-in staff member who has not passed the second factor is sent to it, not
        # shown the admin's "not authorized" login form.
        user = request.user
        if user.is_active and needs_second_factor(user) and not user.is_verified():
            return redirect_to_second_factor(request, request.GET.get("next", ""))
        return super().login(request, extra_context)


def redirect_to_second_factor(request: HttpRequest, next_url: str) -> HttpResponse:
    name = "two_factor_verify" if is_enrolled(request.user) else "two_factor_enrol"
    response = redirect(name)
    if next_url and _safe(request, next_url):
        response["Location"] += "?" + urlencode({"next": next_url})
    return response


def _safe(request: HttpRequest, url: str) -> bool:
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _next_or_admin(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return next_url if next_url and _safe(request, next_url) else reverse("admin:index")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def _staff_or_403(request: HttpRequest) -> None:
    # Not an area page: the scope here is the person's own account (councils/access.py decides
    # areas; whether a person needs a second factor is decided here, in one function).
    if not needs_second_factor(request.user):
        raise PermissionDenied


def qr_svg(data: str) -> SafeString:
    """The enrolment QR code as inline SVG: drawn here, so no image is fetched from elsewhere."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=15, border=2)
    # qrcode draws only modules; the markup holds no text from `data`, so it is safe to inline.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, confirm with a code, get recovery codes."""
    from django_otp import login as otp_login
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _staff_or_403(request)
    if is_enrolled(request.user):
        return redirect_to_second_factor(request, request.GET.get("next", ""))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=str(_("Authenticator app")), confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                StaticDevice.objects.filter(user=request.user).delete()
                recovery = StaticDevice.objects.create(
                    user=request.user, name=str(_("Recovery codes"))
                )
                codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
                StaticToken.objects.bulk_create(
                    StaticToken(device=recovery, token=code) for code in codes
                )
            otp_login(request, device)
            # Shown once, in this response only: they are never displayed again.
            context = {"codes": codes, "next": _next_or_admin(request)}
            return render(request, "accounts/two_factor_recovery_codes.html", context)
        form.add_error("code", _("The code is not right. Enter the 6 digits the app shows now."))
    context = {
        "form": form,
        "qr": qr_svg(device.config_url),
        "secret": _grouped_secret(device),
        "next": request.GET.get("next", "") or request.POST.get("next", ""),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


def _grouped_secret(device) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """After login: the code from the app, or one of the recovery codes, opens the admin."""
    from django_otp import login as otp_login
    from django_otp import match_token

    _staff_or_403(request)
    if not is_enrolled(request.user):
        return redirect_to_second_factor(request, request.GET.get("next", ""))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A recovery code's StaticToken is deleted when it matches: each works once.
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()
            return redirect(_next_or_admin(request))
        form.add_error("code", _("The code is not right, or it was already used."))
    context = {"form": form, "next": request.GET.get("next", "") or request.POST.get("next", "")}
    return render(request, "accounts/two_factor_verify.html", context)
