import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()

# Import every view now (the URLconf is otherwise loaded by the first request), then move what
# start-up made out of the collector's reach: every full collection walks a worker's long-lived
# objects (modules, models, views, translations) again. Measured under the load test: a full
# collection 150-195 ms without this, ~20 ms with it (docs/scaling.md).
get_resolver().url_patterns  # noqa: B018
gc.collect()
gc.freeze()
