from django.urls import path

from jiefen.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("cases/<int:pk>/send/", views.send, name="send"),
]
