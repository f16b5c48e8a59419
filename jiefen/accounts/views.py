from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiefen.accounts.forms import LoginForm
from jiefen.accounts.models import Notification
from jiefen.accounts.notifications import notifications_mark_read
from jiefen.core.access import PUBLIC, SIGNED_IN, policy_required
from jiefen.core.demo_progress import demo_progress_read


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    policies = {"GET": PUBLIC, "POST": PUBLIC}

    def get_context_data(self, **kwargs):
        # `make run` serves while it loads the demo district: say how far it has come.
        return {**super().get_context_data(**kwargs), "demo_loading": demo_progress_read()}


class LogoutView(auth_views.LogoutView):
    policies = {"POST": SIGNED_IN}


@policy_required(SIGNED_IN)
def notifications_view(request: HttpRequest) -> HttpResponse:
    """The person's in-app notifications, newest first; opening the page marks them read."""
    page = Paginator(Notification.objects.filter(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    unread_ids = {n.pk for n in page if n.read_at is None}
    notifications_mark_read(user=request.user)
    return render(request, "accounts/notifications.html", {"page": page, "unread_ids": unread_ids})
