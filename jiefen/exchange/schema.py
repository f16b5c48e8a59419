"""OpenAPI description of the signed-request authentication."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class SignedRequestScheme(OpenApiAuthenticationExtension):
    target_class = "jiefen.core.webhooks.SignedRequestAuthentication"
    name = "jiefenSignature"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Jiefen-Signature",
            "description": "sha256=<hex HMAC-SHA256 of '<X-Jiefen-Timestamp>.<raw body>'> "
            "under the secret of X-Jiefen-Sender; 5-minute window; replays refused.",
        }


def _oas30(node, defs: dict):
    """The JSON Schema (2020-12) rewritten in OpenAPI 3.0's dialect: references inlined, `const`
    as a one-value enum, `null` in a type list or an anyOf as `nullable`."""
    if isinstance(node, list):
        return [_oas30(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _oas30(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    out: dict = {}
    for key, value in node.items():
        if key in ("$schema", "$id", "$defs"):
            continue
        if key == "const":
            out["enum"] = [value]
        elif key == "type" and isinstance(value, list):
            kinds = [k for k in value if k != "null"]
            out["type"] = kinds[0]
            if "null" in value:
                out["nullable"] = True
        elif key == "anyOf" and {"type": "null"} in value:
            rest = [_oas30(v, defs) for v in value if v != {"type": "null"}]
            out.update(rest[0] if len(rest) == 1 else {"anyOf": rest})
            out["nullable"] = True
        else:
            out[key] = _oas30(value, defs)
    return out


def case_message_openapi() -> dict:
    """docs/exchange/case-v1.schema.json as the inbound endpoint's request body in /api/schema/."""
    from jiefen.exchange.format import schema

    published = schema()
    return _oas30(published, published.get("$defs", {}))
