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
