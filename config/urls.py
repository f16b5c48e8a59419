from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from jiefen.core.views import favicon, healthz

api_v1 = [
    path("", include("jiefen.accounts.api_urls")),
    path("geo/", include("jiefen.geo.api_urls")),
    path("parties/", include("jiefen.parties.api_urls")),
    path("cases/", include("jiefen.cases.api_urls")),
    path("mediation/", include("jiefen.mediation.api_urls")),
    path("arbitration/", include("jiefen.arbitration.api_urls")),
    path("inspection/", include("jiefen.inspection.api_urls")),
    path("dispatch/", include("jiefen.dispatch.api_urls")),
    path("outreach/", include("jiefen.outreach.api_urls")),
    path("exchange/", include("jiefen.exchange.api_urls")),
    path("calculators/", include("jiefen.calculators.api_urls")),
    path("consultations/", include("jiefen.consultations.api_urls")),
    path("reports/", include("jiefen.reports.api_urls")),
    path("audit/", include("jiefen.audit.api_urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("jiefen.accounts.urls")),
    path("grid/", include("jiefen.geo.urls")),
    path("parties/", include("jiefen.parties.urls")),
    path("cases/", include("jiefen.cases.urls")),
    path("mediation/", include("jiefen.mediation.urls")),
    path("arbitration/", include("jiefen.arbitration.urls")),
    path("inspection/", include("jiefen.inspection.urls")),
    path("dispatch/", include("jiefen.dispatch.urls")),
    path("outreach/", include("jiefen.outreach.urls")),
    path("portal/", include("jiefen.portal.urls")),
    path("exchange/", include("jiefen.exchange.urls")),
    path("calculators/", include("jiefen.calculators.urls")),
    path("consultations/", include("jiefen.consultations.urls")),
    path("reports/", include("jiefen.reports.urls")),
    path("centre/", include("jiefen.centre.urls")),
    path("audit/", include("jiefen.audit.urls")),
    # Other systems and city apps: Open311 GeoReport v2 (docs/integrations/open311.md).
    path("open311/v2/", include("jiefen.open311.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file, so the docs page satisfies the CSP too.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("", include("jiefen.core.urls")),
]

admin.site.site_header = "解纷 · 系统管理"
admin.site.site_title = "解纷"

handler404 = "jiefen.core.errors.page_not_found"
handler500 = "jiefen.core.errors.server_error"
