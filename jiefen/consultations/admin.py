from django.contrib import admin

from jiefen.consultations.models import Answer, AnswerUse
from jiefen.consultations.services import search_text_for


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "category",
        "question",
        "effective_from",
        "review_due",
        "reviewer",
        "active",
    ]
    list_filter = ["category", "active"]
    search_fields = ["code", "question", "keywords"]
    readonly_fields = ["reviewer", "reviewed_on", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.search_text = search_text_for(obj)  # what the keyword search reads
        super().save_model(request, obj, form, change)


@admin.register(AnswerUse)
class AnswerUseAdmin(admin.ModelAdmin):
    list_display = ["answer", "case", "actor", "at", "sms_to"]
    readonly_fields = ["answer", "case", "actor", "at", "sms_to"]

    def has_add_permission(self, request):
        return False
