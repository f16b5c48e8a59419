from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Name nested `InputSerializer`/`OutputSerializer` classes after the API that holds them,
    so two APIs' inputs do not collide in the OpenAPI components."""

    def _get_serializer_name(self, serializer, direction, bypass_extensions=False):
        name = super()._get_serializer_name(serializer, direction, bypass_extensions)
        cls = serializer if isinstance(serializer, type) else type(serializer)
        outer = cls.__qualname__.split(".")[0]
        if outer != cls.__name__ and not name.startswith(outer.removesuffix("Api")):
            name = outer.removesuffix("Api") + name
        return name
