from django.urls import path

from jiefen.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("new/", views.case_intake_view, name="intake"),
    path("clock-rules/", views.clock_rules_view, name="clock_rules"),
    path(
        "clock-rules/approvers/",
        views.extension_approver_grant_view,
        name="extension_approver_grant",
    ),
    path(
        "clock-rules/approvers/<int:pk>/revoke/",
        views.extension_approver_revoke_view,
        name="extension_approver_revoke",
    ),
    path("<int:pk>/", views.case_detail_view, name="detail"),
    path("<int:pk>/actions/<str:action>/", views.case_action_view, name="action"),
    path("<int:pk>/edit/", views.case_edit_view, name="edit"),
    path("<int:pk>/escalate/", views.case_escalate_view, name="escalate"),
    path("<int:pk>/reassign/", views.case_reassign_view, name="reassign"),
    path("links/<int:pk>/<str:action>/", views.case_link_view, name="link"),
    path("collective/<int:pk>/", views.collective_proposal_view, name="collective"),
    path("collective/<int:pk>/dismiss/", views.collective_dismiss_view, name="collective_dismiss"),
]
