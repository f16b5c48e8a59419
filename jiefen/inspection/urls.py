from django.urls import path

from jiefen.inspection import views

app_name = "inspection"
urlpatterns = [
    path("", views.inspection_list_view, name="list"),
    path("near-limit/", views.near_limit_view, name="near_limit"),
    path("new/", views.complaint_new_view, name="complaint_new"),
    path("from-case/<int:case_id>/", views.complaint_from_case_view, name="from_case"),
    path("<int:pk>/", views.inspection_detail_view, name="detail"),
    path("<int:pk>/<slug:action>/", views.inspection_action_view, name="action"),
    path("orders/<int:pk>/follow-up/", views.order_follow_up_view, name="order_follow_up"),
    path("orders/<int:pk>/compensation/", views.order_compensation_view, name="order_compensation"),
    path(
        "orders/<int:pk>/document.<str:fmt>",
        views.order_document_view,
        name="order_document",
    ),
    path("notices/<int:pk>/send/", views.notice_send_view, name="notice_send"),
]
