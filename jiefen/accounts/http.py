"""The request type of pages behind the staff login, for the type checker."""

from django.http import HttpRequest

from jiefen.accounts.models import User


class StaffRequest(HttpRequest):
    """A request that `login_required` (or a policy) let through: its user is staff, not anonymous."""

    user: User
