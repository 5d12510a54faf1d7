"""The XMP metadata packet: the title (as the Info dictionary has it) and the PDF/UA-1 identifier.

No dates and no ids: the packet is a function of the document, so builds stay byte-identical.
"""

from __future__ import annotations


def xmp_packet(title: str, author: str, subject: str, producer: str, language: str) -> bytes:
    """An XMP packet with ``dc:title``, ``dc:creator``, ``dc:description``, ``dc:language``,
    ``pdf:Producer`` and ``pdfuaid:part`` 1."""
    def e(value: str) -> str:
        # What xml.sax.saxutils.escape(value, {'"': "&quot;"}) gives, without importing it: that
        # module imports urllib.request, http.client, ssl and email (~25 ms in every process).
        return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")

    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{e(producer)}</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>""".encode()
