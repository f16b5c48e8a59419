from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jiefen.core"
    label = "core"
    verbose_name = _("基础")
    # Finished task results and old heartbeats are pruned daily; SMS and e-mail whose gateway
    # failed are tried again every minute (each message waits out its own back-off).
    periodic_tasks = (
        ("jiefen.core.tasks.background_prune_task", 24 * 60 * 60),
        ("jiefen.core.tasks.messages_retry_task", 60),
    )

    def ready(self) -> None:
        from jiefen.core import checks  # noqa: F401 - registers the deploy checks

        # Every app's lifecycle tables, loaded once so the kernel's registry is whole whatever
        # a process imports first (a page asking `state_tone` of an object finds its table).
        autodiscover_modules("transitions")
