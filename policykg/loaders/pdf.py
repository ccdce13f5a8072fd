"""PDF → text, through pypdfium2 (PDFium, the PDF engine of Chromium).

Only the text layer is read: a scanned PDF without one is reported as ``no text`` (OCR it
first). Pages are joined with blank lines; PDFium's CRLF line ends become ``\\n``.
"""

from __future__ import annotations

from policykg.errors import LoadError

MAX_PAGES = 2000  # a notice with its attachments is tens of pages


def pdf_text(data: bytes, path: str) -> str:
    """The text of a PDF's pages. Raises ``LoadError`` for a damaged, locked or textless PDF."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        problem = str(e)
        if "password" in problem.lower():
            raise LoadError(path, "the PDF is encrypted (password required)") from None
        raise LoadError(path, f"not a readable PDF ({problem})") from None
    try:
        n = len(pdf)
        if n > MAX_PAGES:
            raise LoadError(
                path, f"the PDF has {n:,} pages; more than {MAX_PAGES:,} is not a notice"
            )
        pages = []
        for i in range(n):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                try:
                    pages.append(textpage.get_text_range())
                finally:
                    textpage.close()
            finally:
                page.close()
    except pdfium.PdfiumError as e:
        raise LoadError(path, f"damaged PDF: {e}") from None
    finally:
        pdf.close()
    text = "\n\n".join(p.replace("\r\n", "\n").replace("\r", "\n") for p in pages)
    if not text.strip():
        raise LoadError(path, "no text: the PDF has no text layer (a scan? OCR it first)")
    return text
