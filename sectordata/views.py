from __future__ import annotations

import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praktijktafel.models import Sector
from praktijktafel.permissions import Perm, has_perm
from sectordata import selectors, services
from sectordata.export import export_lines
from sectordata.forms import MappingForm, UploadForm
from sectordata.models import Dataset


def _require(request: HttpRequest, perm: Perm) -> None:
    if not has_perm(request.user, perm):
        raise PermissionDenied


@login_required
@require_GET
def sector_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SECTORDATA_VIEW)
    return render(
        request,
        "sectordata/sector_list.html",
        {
            "sectors": selectors.sectors_with_data(),
            "can_import": has_perm(request.user, Perm.SECTORDATA_IMPORT),
        },
    )


@login_required
@require_GET
def sector_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _require(request, Perm.SECTORDATA_VIEW)
    sector = get_object_or_404(Sector, slug=slug)
    return render(
        request,
        "sectordata/sector_detail.html",
        {
            "sector": sector,
            "key_figures": selectors.key_figures(sector),
            "comparisons": selectors.sector_options(sector),
        },
    )


UPLOAD_SUFFIXES = (".csv", ".xlsx", ".txt")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def _upload_name(upload, default: str) -> str:
    """A safe file name that keeps the upload's stem (a CBS table id like 80472NED is read
    from it) and its extension (.xlsx), so every reader sees the file as it was sent."""
    original = Path(str(upload.name or "")).name
    suffix = Path(original).suffix.lower()
    stem = _UNSAFE_NAME.sub("_", Path(original).stem).strip("._")[:80] or default
    return stem + (suffix if suffix in UPLOAD_SUFFIXES else "")


def _save_upload(upload, folder: str, default: str) -> Path:
    path = Path(folder) / default
    path.mkdir()
    path = path / _upload_name(upload, default)
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


@login_required
@require_http_methods(["GET", "POST"])
def datasets(request: HttpRequest) -> HttpResponse:
    """The list of imported tables and the upload form; a POST imports and shows the report."""
    _require(request, Perm.SECTORDATA_IMPORT)
    report = None
    form = UploadForm()
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        refused = getattr(request, "upload_refused", None)
        if refused:
            form.add_error(
                None,
                _(
                    "The upload is %(size)d MB; at most %(max)d MB can be uploaded here. "
                    "Choose fewer periods on StatLine, or import it on the server with "
                    "'manage.py import_sectordata'."
                )
                % {"size": refused // (1024 * 1024), "max": _max_mb()},
            )
            status = 413
        elif form.is_valid():
            with tempfile.TemporaryDirectory(prefix="sectordata-") as folder:
                data = _save_upload(form.cleaned_data["data"], folder, "data")
                meta = form.cleaned_data["metadata"]
                meta_path = _save_upload(meta, folder, "metadata") if meta else None
                report = services.dataset_import(
                    path=data,
                    metadata_path=meta_path,
                    table_id=form.cleaned_data["table_id"].strip(),
                    source=form.cleaned_data["source"].strip(),
                    user=request.user,  # type: ignore[arg-type]
                )
            if report.status == "refused":
                status = 422
            else:
                form = UploadForm()
        else:
            status = 422
    return render(
        request,
        "sectordata/datasets.html",
        {"form": form, "report": report, "datasets": selectors.dataset_list()},
        status=status,
    )


@login_required
@require_POST
def dataset_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an imported table version by its number, so an id holding any character (a "/"
    or a space) can be removed too."""
    _require(request, Perm.SECTORDATA_IMPORT)
    removed = services.dataset_remove(dataset_id=pk)
    if removed is None:
        messages.info(request, _("This table was already removed."))
    else:
        messages.success(
            request,
            _("Table %(table)s (imported %(when)s) removed.")
            % {
                "table": removed.table_id,
                "when": date_format(localtime(removed.imported_at), "j F Y H:i"),
            },
        )
    return redirect("sectordata:datasets")


def _max_mb() -> int:
    return settings.UPLOAD_MAX_BYTES // (1024 * 1024)


@login_required
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.SECTORDATA_IMPORT)
    if request.method == "POST":
        form = MappingForm(request.POST)
        if form.is_valid():
            code, sector = form.cleaned_data["code"], form.cleaned_data["sector"]
            if sector is None:
                services.sector_code_unmap(code=code)
                messages.success(request, _("Mapping for %(code)s removed.") % {"code": code})
            else:
                services.sector_code_map(code=code, sector=sector)
                messages.success(
                    request,
                    _("%(code)s now counts as %(sector)s.") % {"code": code, "sector": sector},
                )
        else:
            messages.error(request, _("Choose a sector from the list."))
        return redirect("sectordata:mapping")
    rows = selectors.mapping_rows()
    return render(
        request,
        "sectordata/mapping.html",
        {
            "rows": [
                (row, MappingForm(initial={"code": row.code, "sector": row.sector})) for row in rows
            ],
            "unmapped": sum(1 for row in rows if row.sector is None),
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, table_id: str) -> StreamingHttpResponse:
    _require(request, Perm.SECTORDATA_VIEW)
    dataset = Dataset.objects.filter(table_id=table_id, is_current=True).first()
    if dataset is None:
        raise Http404
    response = StreamingHttpResponse(export_lines(dataset), content_type="text/csv; charset=utf-8")
    # The id may hold quotes or any letter: only a plain name goes into the header.
    name = _UNSAFE_NAME.sub("_", dataset.table_id).strip("._") or "tabel"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
