"""The web and text versions of a document, its email draft, and the gallery page.

Owns: :mod:`.view` (plan -> what the web and text versions show: the document model with every
service in full, the org's colours and logo), :mod:`.page` (-> a self-contained HTML page),
:mod:`.text` (-> plain text for an email body or a school app), :mod:`.email` (-> an RFC 5322
draft with the PDF attached) and :mod:`.produce` (the build's producers of ``<id>.html`` and
``<id>.txt``). All pure functions of their arguments except that the view reads the org's logo
file; none imports click, prints, or imports ReportLab.

May import :mod:`packgen.model`, :mod:`packgen.plan.documents`, :mod:`packgen.catalogue.kinds`, :mod:`packgen.i18n`,
:mod:`packgen.catalogue.contrast` and the standard library; nothing above (no build, no CLI). Both versions
are written from the document model, never from the PDF, so the three cannot say different things.
"""
