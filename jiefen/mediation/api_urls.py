from django.urls import path

from jiefen.mediation import apis

urlpatterns = [
    path("", apis.MediationListApi.as_view(), name="api-mediation-list"),
    path("start/", apis.MediationStartApi.as_view(), name="api-mediation-start"),
    path("<int:pk>/", apis.MediationDetailApi.as_view(), name="api-mediation-detail"),
    path("<int:pk>/sessions/", apis.MediationSessionApi.as_view(), name="api-mediation-session"),
    path(
        "<int:pk>/agreement/", apis.MediationAgreementApi.as_view(), name="api-mediation-agreement"
    ),
    path(
        "<int:pk>/items/<int:item_pk>/payments/",
        apis.AgreementPaymentApi.as_view(),
        name="api-mediation-payment",
    ),
    path("<int:pk>/transfer/", apis.MediationTransferApi.as_view(), name="api-mediation-transfer"),
    path("<int:pk>/refuse/", apis.MediationRefuseApi.as_view(), name="api-mediation-refuse"),
]
