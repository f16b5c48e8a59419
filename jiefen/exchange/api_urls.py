from django.urls import path

from jiefen.exchange.apis import CaseReceiveApi

urlpatterns = [path("cases/", CaseReceiveApi.as_view(), name="exchange-cases")]
