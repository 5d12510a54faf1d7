"""TEST FIXTURES for translations: a small catalogue and hand-written fixture translations.

NOT reviewed translations and never shipped: they exist so the tests can build Welsh, bilingual and
Urdu documents. The Welsh and Urdu here were written for the tests by a non-native speaker; real
translations of safety advice need a fluent speaker and a safeguarding review (see the README).
"""

from __future__ import annotations

from pathlib import Path

import polib

CATALOGUE = """\
# TEST FIXTURE catalogue for the translation tests.
version: 1
pack:
  title: "Sextortion: where to get help"
  publisher: "Test Cyber Protect"
  language: en-GB
  reviewed: 2026-11-01

audiences:
  - id: young-people
    label: "Young people (13-17)"

services:
  - id: childline
    name: Childline
    summary: "Free, confidential help for under-19s, online or by phone, any time."
    phone: "0800 1111"
    url: https://www.childline.org.uk/
    display_url: childline.org.uk
    audiences: [young-people]

advice:
  - id: not-your-fault
    title: "It's not your fault"
    short: "You are not in trouble. The person threatening you is."
    body: |
      You are not in trouble. The person threatening you is committing a crime.
    audiences: [young-people]
    priority: 1
  - id: dont-pay
    title: "Don't pay. Don't reply."
    short: "Paying rarely stops it. Block them and keep the evidence."
    body: |
      Paying rarely stops it. Block the account, and keep the messages as evidence.
    points:
      - "Screenshot the messages and the profile."
    audiences: [young-people]
    priority: 2

documents:
  - id: poster-en
    audience: young-people
    layout: poster-a4
    title: "Someone threatening to share your nudes?"
    tagline: "It's not your fault. Don't pay. Get help."
  - id: poster-cy
    audience: young-people
    layout: poster-a4
    title: "Someone threatening to share your nudes?"
    tagline: "It's not your fault. Don't pay. Get help."
    languages: [cy]
"""

# TEST FIXTURE: Welsh for the strings above (context -> translation). Not a reviewed translation.
WELSH = {
    "document/poster-cy/title": "Rhywun yn bygwth rhannu dy luniau noeth?",
    "document/poster-cy/tagline": "Nid dy fai di yw e. Paid â thalu. Cael help.",
    "document/poster-bi/title": "Rhywun yn bygwth rhannu dy luniau noeth?",
    "document/poster-bi/tagline": "Nid dy fai di yw e. Paid â thalu. Cael help.",
    "document/leaflet-bi/title": "Rhywun yn bygwth rhannu dy luniau noeth?",
    "document/leaflet-bi/tagline": "Nid dy fai di yw e. Paid â thalu. Cael help.",
    "document/cards-bi/title": "Yn cael dy flacmelio ar-lein?",
    "document/cards-bi/tagline": "Nid dy fai di yw e. Paid â thalu. Cael help.",
    "audience/young-people/label": "Pobl ifanc (13-17)",
    "advice/not-your-fault/title": "Nid dy fai di yw e",
    "advice/not-your-fault/short": "Dwyt ti ddim mewn trwbl. Y person sy'n dy fygwth sydd mewn trwbl.",
    "advice/not-your-fault/body": "Dwyt ti ddim mewn trwbl. Mae'r person sy'n dy fygwth yn cyflawni trosedd.",
    "advice/dont-pay/title": "Paid â thalu. Paid ag ateb.",
    "advice/dont-pay/short": "Anaml y mae talu yn ei atal. Blocia nhw a chadw'r dystiolaeth.",
    "advice/dont-pay/body": "Anaml y mae talu yn ei atal. Blocia'r cyfrif, a chadw'r negeseuon fel tystiolaeth.",
    "advice/dont-pay/points/1": "Tynna sgrinlun o'r negeseuon a'r proffil.",
    "service/childline/name": "Childline",
    "pack/title": "Secstortio: ble i gael help",
    "pack/publisher": "Test Cyber Protect",
    "words/get_help": "Cael help",
    "words/where_to_get_help": "Ble i gael help",
    "words/get_help_now": "Cael help nawr",
    "words/page": "Tudalen {number}",
    "words/checked": "Gwiriwyd {date}",
    "words/phone": "Ffôn",
    "words/text_message": "Neges destun",
    "words/email": "E-bost",
    "words/website": "Gwefan",
    "words/who_for": "I bwy mae e",
    "words/from_org": "Oddi wrth {org}",
    "words/web_page_title": "{title} | {source}",
    "words/call_description": "Ffonio {name} ar {phone}",
    "words/email_description": "E-bostio {name} yn {address}",
    "words/website_description": "Gwefan {name}, {address}",
    "words/qr_description": "Cod QR: {name}, {address}",
    "words/logo_description": "Logo {name}",
    "words/contacts_heading": "Yn lleol, cysyllta â",
    "words/text_word_to": "Tecstia {word} i {number}",
    "words/text_number": "Tecstia {number}",
    "words/sms_description": "{label}, i gysylltu â {name}",
    "words/text_description": "Tecstia {name} ar {number}",
    **{f"words/months/{n}": name for n, name in enumerate(
        ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref",
         "Tachwedd", "Rhagfyr"], start=1)},
    "service/childline/summary": ("Help am ddim a chyfrinachol i bobl dan 19 oed, ar-lein neu dros y ffôn, "
                                  "unrhyw bryd. Dŷn ni yma i helpu."),
}

# An Urdu poster, added to CATALOGUE by the tests that need one.
URDU_DOCUMENT = """\
  - id: poster-ur
    audience: young-people
    layout: poster-a4
    title: "Someone threatening to share your nudes?"
    tagline: "It's not your fault. Don't pay. Get help."
    languages: [ur]
"""

MONTHS_UR = ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"]

# TEST FIXTURE: Urdu for the Urdu poster's strings. Not a reviewed translation. The short line of
# dont-pay carries Childline's number inside Urdu text, to test that it stays "0800 1111".
URDU = {
    "document/poster-ur/title": "کوئی آپ کی برہنہ تصاویر شیئر کرنے کی دھمکی دے رہا ہے؟",
    "document/poster-ur/tagline": "یہ آپ کی غلطی نہیں ہے۔ پیسے نہ دیں۔ مدد حاصل کریں۔",
    "audience/young-people/label": "نوجوان (13-17)",
    "advice/not-your-fault/title": "یہ آپ کی غلطی نہیں ہے",
    "advice/not-your-fault/short": "آپ مصیبت میں نہیں ہیں۔ دھمکی دینے والا شخص جرم کر رہا ہے۔",
    "advice/dont-pay/title": "پیسے نہ دیں۔ جواب نہ دیں۔",
    "advice/dont-pay/short": "پیسے دینے سے یہ شاذ و نادر ہی رکتا ہے۔ انہیں بلاک کریں اور ثبوت محفوظ رکھیں۔ چائلڈ لائن: 0800 1111",
    "service/childline/name": "Childline",
    "service/childline/summary": "19 سال سے کم عمر افراد کے لیے مفت اور رازدارانہ مدد، آن لائن یا فون پر، کسی بھی وقت۔",
    "pack/title": "جنسی بلیک میلنگ: مدد کہاں سے حاصل کریں",
    "pack/publisher": "Test Cyber Protect",
    "words/get_help": "مدد حاصل کریں",
    "words/where_to_get_help": "مدد کہاں سے حاصل کریں",
    "words/get_help_now": "ابھی مدد حاصل کریں",
    "words/page": "صفحہ {number}",
    "words/checked": "جانچ کی تاریخ {date}",
    "words/phone": "فون",
    "words/text_message": "ٹیکسٹ",
    "words/email": "ای میل",
    "words/website": "ویب سائٹ",
    "words/who_for": "کس کے لیے",
    "words/from_org": "{org} کی طرف سے",
    "words/web_page_title": "{title} | {source}",
    "words/call_description": "{name} کو {phone} پر کال کریں",
    "words/email_description": "{name} کو {address} پر ای میل کریں",
    "words/website_description": "{name} کی ویب سائٹ، {address}",
    "words/qr_description": "کیو آر کوڈ: {name}، {address}",
    "words/logo_description": "{name} کا لوگو",
    "words/contacts_heading": "مقامی طور پر رابطہ کریں",
    "words/text_word_to": "{word} لکھ کر {number} پر ٹیکسٹ کریں",
    "words/text_number": "{number} پر ٹیکسٹ کریں",
    "words/sms_description": "{label}، {name} سے رابطے کے لیے",
    "words/text_description": "{name} کو {number} پر ٹیکسٹ کریں",
    **{f"words/months/{n}": name for n, name in enumerate(MONTHS_UR, start=1)},
}


def fill_po(path: Path, translations: dict[str, str], reviewer: str | None = "Test Reviewer (fixture)") -> int:
    """Fill the empty entries of the PO file at ``path`` from ``translations``; return how many were filled.

    What a translator does with Poedit: only the msgstr lines (and the reviewer's header) change.
    """
    po = polib.pofile(str(path), wrapwidth=78)
    filled = 0
    for entry in po:
        if not entry.obsolete and entry.msgctxt in translations:
            entry.msgstr = translations[entry.msgctxt]
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.previous_msgid = None
            filled += 1
    if reviewer:
        po.metadata["X-Reviewed-By"] = reviewer
        po.metadata["X-Reviewed-Date"] = "2026-11-20"
    po.save(str(path))
    return filled

# Bilingual documents, Welsh first, added to CATALOGUE by the tests that need them.
BILINGUAL_DOCUMENTS = """\
  - id: poster-bi
    audience: young-people
    layout: poster-a3
    title: "Someone threatening to share your nudes?"
    tagline: "It's not your fault. Don't pay. Get help."
    languages: [cy, en-GB]
  - id: leaflet-bi
    audience: young-people
    layout: leaflet-a4
    title: "Someone threatening to share your nudes?"
    tagline: "It's not your fault. Don't pay. Get help."
    languages: [cy, en-GB]
  - id: cards-bi
    audience: young-people
    layout: cards-a4
    title: "Being blackmailed online?"
    tagline: "It's not your fault. Don't pay. Get help."
    languages: [cy, en-GB]
"""
