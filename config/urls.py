from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from jiefen.core.views import healthz

api_v1 = [
    path("", include("jiefen.accounts.api_urls")),
    path("geo/", include("jiefen.geo.api_urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("jiefen.accounts.urls")),
    path("grid/", include("jiefen.geo.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("", include("jiefen.core.urls")),
]

admin.site.site_header = "解纷 · 系统管理"
admin.site.site_title = "解纷"
