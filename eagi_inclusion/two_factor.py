"""The second step of signing in for staff: a TOTP code (RFC 6238) from an
authenticator app. A staff account without a device first sets one up."""

import base64

import django_otp
import django_otp.middleware
import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

# Set when the session was signed in with ЭЦП: the key and its password are both
# factors, so no TOTP code is asked for.
ECP_SESSION_KEY = "eagi_signed_in_with_ecp"


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
        help_text=gettext_lazy("Six digits; a new code appears every 30 seconds."),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def verify(request):
    devices = TOTPDevice.objects.devices_for_user(request.user, confirmed=True)
    if not devices.exists():
        return redirect(f"{reverse('otp-setup')}?{urlencode({'next': _next(request)})}")
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["otp_token"])
        if device is not None:
            django_otp.login(request, device)
            # A new session key now that both steps are passed: a key seen before the
            # second factor (fixation, a shared computer) does not carry the signed-in
            # session. Django rotates it at the password step only.
            request.session.cycle_key()
            return redirect(_next(request))
        form.add_error(
            "otp_token",
            _("This code is not right, or it has already been used. Wait for the next one."),
        )
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def setup(request):
    """Pair an authenticator app: the secret as a QR code and as text, then one code to
    confirm that the app has it."""
    if TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect("otp-verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            request.session.cycle_key()
            request.session["eagi_second_factor"] = True
            return redirect(_next(request))
        form.add_error("otp_token", _("This code is not right. Check the time on your phone."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "next": _next(request),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2),
        },
    )


class OTPMiddleware(django_otp.middleware.OTPMiddleware):
    """django-otp's, with the device that verified the session taken from those the
    signed-in user arrived with from the cache (eagi_inclusion/signed_in.py) instead
    of a query; a device not among them is looked up as django-otp does."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(django_otp.DEVICE_ID_SESSION_KEY)
            device = None
            if persistent_id:
                known = getattr(user, "eagi_devices", None) or {}
                device = known.get(persistent_id) or self._device_from_persistent_id(persistent_id)
            user.otp_device = self._finalize_device(request, user, device)
        return user
