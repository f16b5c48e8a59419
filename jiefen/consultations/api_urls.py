from django.urls import path

from jiefen.consultations import apis

urlpatterns = [
    path("answers/", apis.AnswerListApi.as_view(), name="api-answers"),
    path("cases/<int:pk>/answer/", apis.CaseAnswerApi.as_view(), name="api-case-answer"),
]
