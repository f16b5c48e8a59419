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


# What a 400 from a serializer or a service's ValidationError looks like: field → messages.
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def field_errors_or(component: str) -> dict:
    """A 400 that is either field errors or the named component (e.g. an import report)."""
    return {"oneOf": [{"$ref": f"#/components/schemas/{component}"}, FIELD_ERRORS]}
