from django.urls import path

from jiefen.accounts import apis

urlpatterns = [
    path("auth/token/", apis.TokenObtainApi.as_view(), name="api-token"),
    path("staff/", apis.StaffCreateApi.as_view(), name="api-staff-create"),
]
