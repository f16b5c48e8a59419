from django.urls import path

from jiefen.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.library_view, name="library"),
    path("answers/<int:pk>/review/", views.answer_review_view, name="review"),
    path("cases/<int:pk>/answer/", views.case_answer_view, name="case_answer"),
]
