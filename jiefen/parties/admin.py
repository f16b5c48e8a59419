from django.contrib import admin

from jiefen.parties.models import Employer, Worker


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ["name", "id_number_masked", "phone_masked", "created_at"]
    search_fields = ["name"]
    readonly_fields = ["id_number_masked", "phone_masked"]
    exclude = ["id_number_cipher", "id_number_hash", "phone_cipher", "phone_hash"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "registration_number", "legal_representative", "village"]
    search_fields = ["name", "credit_code", "registration_number"]
    readonly_fields = ["phone_masked"]
    exclude = ["phone_cipher"]
    raw_id_fields = ["village"]
