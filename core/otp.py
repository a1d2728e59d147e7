"""The admin's log-in form: password and code in one step when the user has a single device."""

from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm


class SingleDeviceAdminAuthenticationForm(OTPAdminAuthenticationForm):
    """django-otp's admin form, choosing the device itself when the user has exactly one.

    django-otp asks for an explicit choice so that a code is never tried against every device
    (each miss would count against that device); with one confirmed device there is no choice
    to make, and the same single device is verified.
    """

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            if len(devices) == 1:
                return devices[0]
        return device
