"""The project's date formats (FORMAT_MODULE_PATH): dates written as the centre writes them,
2026-10-08, in every language; numbers and the rest follow Django's locale formats."""
