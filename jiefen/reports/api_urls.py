from django.urls import path

from jiefen.reports.apis import SummaryApi

urlpatterns = [path("summary/", SummaryApi.as_view(), name="reports-summary")]
