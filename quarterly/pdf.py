"""The quarterly update as HTML (preview) and as a tagged PDF (WeasyPrint, PDF/UA-1)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from quarterly.selectors import QuarterContent

# WeasyPrint is imported with this module, i.e. when a web or worker process starts (the
# URL conf imports the exports), not inside the first PDF someone waits for: its import
# (Pango, fontconfig, its CSS machinery) takes about as long as rendering a short PDF.
# Without Pango on the machine the site still starts; only making a PDF then fails.
try:
    from weasyprint import HTML
except OSError:  # pragma: no cover - a machine without Pango
    HTML = None


def render_html(content: QuarterContent, *, preview: bool = False) -> str:
    with translation.override("nl"):  # the update goes out in Dutch
        return render_to_string(
            "pdf/quarterly.html",
            {"c": content, "preview": preview, "site_url": settings.SITE_URL},
        )


def render_pdf(content: QuarterContent, progress=None) -> tuple[bytes, int]:
    """(pdf bytes, number of pages). `progress(percent)` is called along the way."""
    return html_to_pdf(render_html(content), progress)


def html_to_pdf(html: str, progress=None) -> tuple[bytes, int]:
    """The one call to WeasyPrint: a tagged PDF (PDF/UA-1) and its number of pages."""
    if HTML is None:  # pragma: no cover - raises the missing-library error to say what to do
        import weasyprint  # noqa: F401
    if progress:
        progress(40)
    document = HTML(string=html, base_url=settings.SITE_URL).render(pdf_tags=True)
    if progress:
        progress(80)
    pdf = document.write_pdf(
        pdf_variant="pdf/ua-1",
        custom_metadata=True,
    )
    return pdf, len(document.pages)
