from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jiefen.accounts"
    label = "accounts"
    verbose_name = _("人员与部门")
    # The seven bodies at district level and in every street, once the streets are loaded.
    reference_data = "jiefen.accounts.services.departments_ensure"
    reference_data_order = 30
    # What `jiefen serve` prints on start: the demo logins.
    serve_welcome = "jiefen.accounts.demo.welcome_lines"
    # The frame's badge of unread notifications (core asks the apps; it imports none of them).
    navigation_context = {"unread_notifications": "jiefen.accounts.notifications.unread_count"}
