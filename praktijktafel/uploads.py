"""Refuse an oversize upload before any of it is stored.

Django reads the body only once the view looks at request.POST/FILES. When the declared
length is over UPLOAD_MAX_BYTES this handler stops at the first file part: the form fields
before it (the CSRF token among them) are still parsed, the rest of the body is read and
thrown away, nothing is written to disk, and the view sees `request.upload_refused`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.too_large = content_length > settings.UPLOAD_MAX_BYTES
        if self.too_large and self.request is not None:
            self.request.upload_refused = content_length  # type: ignore[attr-defined]
        return None

    def new_file(self, *args, **kwargs):
        if self.too_large:
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # hand the data on to the next handler

    def file_complete(self, file_size):
        return None
