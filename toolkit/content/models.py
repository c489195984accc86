"""The content and brand schema.

Takes in: plain Python data read from the YAML files (``reader`` does the reading).
Gives out: typed, validated models that templates render from.

Every model refuses unknown keys, so a misspelt field is an error rather than a silently
ignored line. Field docstrings double as the JSON Schema descriptions that editors show
while someone types YAML (``.venv/bin/python build_pdfs.py schema``).
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

URL_PATTERN = r"^(https?://|mailto:|tel:)[^\s<>\"]+$"
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
LOGO_PATTERN = r"^[\w.-]+\.[A-Za-z0-9]+$"
FONT_PATTERN = r"^[\w.-]+\.(ttf|otf|woff|woff2)$"
LANGUAGE_PATTERN = r"^[a-z]{2}(-[A-Z]{2})?$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[a-zA-Z]+$"
ID_REF_PATTERN = r"^[a-z0-9-]+$"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""A file or folder name that becomes an id: a topic, a series, a brand."""
CONTACT_ADDRESS_PATTERN = r"^([^@\s]+@)?([a-z0-9-]+\.)+[a-z]{2,}$"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-empty line or paragraph. Supports *emphasis*, **bold** and [links](https://…)."""

Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=URL_PATTERN),
]
"""An absolute web, e-mail or phone link."""

Colour = Annotated[str, StringConstraints(strip_whitespace=True, pattern=COLOUR_PATTERN)]
"""A colour as six-digit hex, for example ``#1F4E79``."""

Year = Annotated[StrictInt, Field(ge=1990, le=2100)]

Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
"""A BCP 47 language tag such as ``en`` or ``es``."""


UNDATED = "undated"
"""What a figure's ``year`` says when its source gives no year; printed "(undated)"."""


def _undated_as_none(value: object) -> object:
    """``undated`` becomes None; an empty year stays an error, so none is left out by
    accident."""
    if value is None:
        raise ValueError(
            f"has no value: write the year the figure describes, or {UNDATED} if its "
            "source gives none"
        )
    return None if value == UNDATED else value


FigureYear = Annotated[
    Year | None,
    BeforeValidator(_undated_as_none),
    WithJsonSchema(
        {"anyOf": [{"type": "integer", "minimum": 1990, "maximum": 2100}, {"const": UNDATED}]}
    ),
]
"""A year, or ``undated`` (None in the model) when the source gives none."""


class Model(BaseModel):
    """Base for every schema model: unknown keys are refused; numbers must be numbers."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


class AgeBand(StrEnum):
    """Who a youth key message is worded for."""

    kids = "kids"
    teens = "teens"
    all = "all"


class Source(Model):
    """A public source that a fact or figure comes from."""

    title: Text
    """Title of the page or report."""
    publisher: Text
    """Who published it, for example ``NCMEC``."""
    url: Url | None = None
    """Where to read it."""
    year: Year
    """Year of publication, or the year it was read for undated web pages."""
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] | None = None
    """Language the source is written in, such as ``es``, when it is not the toolkit's own
    (``language`` in ``toolkit.yaml``): a translated tip sheet marks English sources as
    English for screen readers by itself."""


class HelpContact(Model):
    """One place to get help, shown in every "where to get help" box."""

    name: Text
    """Name of the service, for example ``NCMEC CyberTipline``."""
    description: Text
    """One short sentence: what to contact it for."""
    url: Url | None = None
    """Web address, printed as a short URL with a QR code."""
    phone: Text | None = None
    """Phone number as people should dial it."""


class Toolkit(Model):
    """``content/toolkit.yaml``: what the whole toolkit is called and says everywhere."""

    title: Text
    """Toolkit title, used in document metadata and footers."""
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = "en"
    """Default language of the content, as a BCP 47 tag such as ``en`` or ``es``."""
    translations: list[Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]] = Field(
        default_factory=list
    )
    """Other languages the content is translated into, such as ``[es]``. Each file's
    translation sits beside it: ``topics/sextortion.es.yaml`` next to ``sextortion.yaml``."""
    help: list[HelpContact] = Field(min_length=1)
    """Where to get help: printed on every document, in this order."""
    sources: list[Source] = Field(default_factory=list)
    """Sources the whole toolkit draws on."""


class VerifiedHelpLine(Model):
    """A help line whose numbers and addresses someone checked against its publisher."""

    name: Text
    """Name of the service, for example ``NCMEC CyberTipline``."""
    phones: list[Text] = Field(default_factory=list)
    """Numbers as its publisher gives them: ``1-800-843-5678``, ``1-800-THE-LOST``, ``988``."""
    addresses: list[
        Annotated[str, StringConstraints(strip_whitespace=True, pattern=CONTACT_ADDRESS_PATTERN)]
    ] = Field(default_factory=list)
    """Web hosts in lower case (``report.cybertip.org``) and e-mail addresses
    (``gethelp@ncmec.org``)."""
    source: Source
    """Where its publisher gives these numbers and addresses."""
    checked: date
    """The day they were last checked against the source, such as ``2026-11-28``."""


class HelpLines(Model):
    """``content/helplines.yaml``: the help lines whose numbers and addresses were checked.
    ``check`` warns about any other number or address the content prints."""

    lines: list[VerifiedHelpLine] = Field(min_length=1)
    """One entry per service."""


class Figure(Model):
    """One "By the Numbers" figure. Every figure names its source and year."""

    value: Text
    """The number as printed, for example ``97.5%``."""
    label: Text
    """What the number means, in one short sentence."""
    source: Text
    """Who reported the number, for example ``NCMEC CyberTipline``."""
    year: FigureYear
    """The year (or last year) the number describes, or ``undated`` when the source gives
    none (never the year you read it): printed "(undated)", and ``check`` warns about it."""

    @property
    def undated(self) -> bool:
        """Whether the source gives no year for this figure."""
        return self.year is None


class KeyMessage(Model):
    """One youth key message: becomes one card."""

    headline: Text = Field(max_length=60)
    """A few words, printed large on the card front."""
    text: Text = Field(max_length=220)
    """One or two short sentences that explain the headline."""
    ages: AgeBand = AgeBand.all
    """Age band the message is worded for: ``kids`` (10 and under), ``teens`` or ``all``."""


class ResourceKind(StrEnum):
    """What kind of thing a resource is."""

    website = "website"
    reporting = "reporting"
    video = "video"
    guide = "guide"
    training = "training"
    hotline = "hotline"


class Audience(StrEnum):
    """Who a resource is for."""

    parents = "parents"
    youth = "youth"
    educators = "educators"
    everyone = "everyone"


class Resource(Model):
    """A resource printed with a clickable link and a QR code."""

    title: Text
    """Name of the resource."""
    title_lang: Language | None = None
    """Language of the name when not the file's, e.g. ``en`` for *CyberTipline*."""
    kind: ResourceKind
    """One of: website, reporting, video, guide, training, hotline."""
    url: Url
    """Full address. The printed short form drops ``https://`` and ``www.``."""
    audience: Audience = Audience.everyone
    """Who it is for: parents, youth, educators or everyone."""
    description: Text | None = None
    """One short sentence on what people find there."""


class Topic(Model):
    """``content/topics/<id>.yaml``: one topic, giving a tip sheet and a set of youth cards."""

    title: Text
    """Topic title, for example ``Online Enticement``."""
    summary: Text
    """One line under the title: what parents and caregivers will learn."""
    what_it_is: Text
    """A short paragraph explaining the topic in plain words."""
    figures: list[Figure] = Field(default_factory=list, max_length=4)
    """Up to four "By the Numbers" figures."""
    warning_signs: list[Text] = Field(min_length=1)
    """Signs that something may be wrong, one per item."""
    conversation_starters: list[Text] = Field(min_length=1)
    """Questions parents can ask to open a conversation."""
    how_to_respond: list[Text] = Field(min_length=1)
    """Calm steps to take if something happens, in order."""
    key_messages: list[KeyMessage] = Field(min_length=1)
    """Youth key messages, one card each."""
    resources: list[Resource] = Field(default_factory=list)
    """Resources printed with link and QR code."""
    sources: list[Source] = Field(min_length=1)
    """Where the facts on this topic come from."""


class VocabularyItem(Model):
    """A word to know, with a definition young people understand."""

    term: Text
    definition: Text


class Activity(Model):
    """A short activity for after the video."""

    title: Text
    """Name of the activity."""
    minutes: Annotated[StrictInt, Field(ge=1, le=120)] | None = None
    """About how long it takes."""
    steps: list[Text] = Field(min_length=1)
    """What the group does, in order."""


class Episode(Model):
    """One video in a series, with its discussion guide."""

    number: Annotated[StrictInt, Field(ge=1)]
    """Episode number, as listed in the guide."""
    title: Text
    """Title of the video."""
    title_note: Text | None = None
    """A line printed under the title when it is not the publisher's own, for example
    ``Check the title on NetSmartz before use.``"""
    title_lang: Language | None = None
    """Language of the title when not the file's, e.g. ``en`` for an English video title
    in a Spanish guide."""
    topics: list[Annotated[str, StringConstraints(pattern=ID_REF_PATTERN)]] = Field(
        default_factory=list
    )
    """Ids of the topics this episode is about (file names in ``content/topics``)."""
    ages: Text | None = None
    """Who the video suits, if narrower than the series, for example ``Ages 8–10``."""
    summary: Text
    """What the video shows, in two or three sentences."""
    learning_goals: list[Text] = Field(min_length=1)
    """What viewers should be able to do afterwards."""
    vocabulary: list[VocabularyItem] = Field(default_factory=list)
    """Words to know."""
    discussion_questions: list[Text] = Field(min_length=1)
    """Questions for the group, in order."""
    activity: Activity
    """An activity for after the video."""
    key_takeaway: Text
    """The one thing to remember."""
    video_url: Url
    """Where to watch the video."""


class HowToUse(Model):
    """How to use the guide: before, during and after a video."""

    intro: Text
    before: list[Text] = Field(min_length=1)
    during: list[Text] = Field(min_length=1)
    after: list[Text] = Field(min_length=1)


class Series(Model):
    """``content/series/<id>.yaml``: a video series and its episode-guide booklet."""

    title: Text
    """Series title, printed on the cover and in the running head."""
    title_lang: Language | None = None
    """Language of the title when not the file's, e.g. ``en`` for *Into the Cloud*."""
    subtitle: Text | None = None
    """A line under the title on the cover."""
    audience: Text
    """Who the guide is for, written to follow "For" on the cover, so in lower case: for
    example ``teachers, counselors and youth leaders``."""
    ages: Text
    """Ages of the young viewers, for example ``Ages 11–17`` (a range takes an en dash)."""
    how_to_use: HowToUse
    """How to use this guide."""
    episodes: list[Episode] = Field(min_length=1)
    """One entry per video, each on its own pages."""

    @field_validator("episodes")
    @classmethod
    def _numbers_unique(cls, episodes: list[Episode]) -> list[Episode]:
        numbers = [episode.number for episode in episodes]
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        if repeated:
            raise ValueError(f"episode numbers must be unique; repeated: {repeated}")
        return episodes


class Logo(Model):
    """The organization's logo."""

    file: Annotated[str, StringConstraints(pattern=LOGO_PATTERN)]
    """File name inside the brand folder: an ``.svg`` (preferred), ``.png`` or ``.jpg``;
    WebP and other formats Pillow reads work too."""
    alt: Text
    """Alt text read out by screen readers, usually the organization's name."""
    wordmark: bool = False
    """``true`` when the logo already spells out the organization's name: the name is then
    not printed again beside it."""


class Partner(Model):
    """A partner organization, shown under "Provided courtesy of"."""

    name: Text
    """The partner's name, printed when it has no logo and read out as the logo's alt text."""
    logo: Annotated[str, StringConstraints(pattern=LOGO_PATTERN)] | None = None
    """Logo file inside the brand folder: an ``.svg`` (preferred), ``.png`` or ``.jpg``."""


class Fonts(Model):
    """The brand's own typefaces: font files in the brand folder. Lato fills in any
    character a file lacks."""

    headings: Annotated[str, StringConstraints(pattern=FONT_PATTERN)] | None = None
    """Font file for titles and headings: ``.ttf``, ``.otf``, ``.woff`` or ``.woff2``."""
    text: Annotated[str, StringConstraints(pattern=FONT_PATTERN)] | None = None
    """Font file for body text; bold and italic are drawn from it."""


Cmyk = Annotated[list[Annotated[float, Field(ge=0, le=100)]], Field(min_length=4, max_length=4)]
"""Inks in percent, ``[c, m, y, k]``, for example ``[100, 72, 0, 18]``."""


class CmykColours(Model):
    """Exact inks for the CMYK print edition (``--colour cmyk``), from your brand guide.

    A colour left out is converted from its hex value through the coated-stock profile."""

    primary: Cmyk | None = None
    """The primary colour as ``[c, m, y, k]`` in percent."""
    accent: Cmyk | None = None
    """The accent colour as ``[c, m, y, k]`` in percent."""


class Colours(Model):
    """Brand colours."""

    primary: Colour = "#1F4E79"
    """Headings, bars and the card fronts. Must be dark enough for white text."""
    accent: Colour = "#B3541E"
    """Callouts and highlights. Must be dark enough for text on white."""
    cmyk: CmykColours = Field(default_factory=CmykColours)
    """Optional: the same colours as CMYK inks, used exactly in the CMYK print edition."""


class Contact(Model):
    """How people reach the organization."""

    phone: Text | None = None
    email: Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)] | None = None
    website: Url | None = None


class Brand(Model):
    """``content/brands/<name>/brand.yaml``: the organization a copy is branded for."""

    organization: Text | None = None
    """Organization name; leave out for a neutral, unbranded toolkit."""
    logo: Logo | None = None
    """Logo shown on tip sheets, the booklet cover and card backs."""
    colours: Colours = Field(default_factory=Colours)
    """Brand colours."""
    contact: Contact = Field(default_factory=Contact)
    """Contact details printed in the footer."""
    footer: Text | None = None
    """A short line printed in the footer, for example a tagline."""
    card_size: Literal["3.5x5", "4x6", "a6", "3.5x2"] = "3.5x5"
    """Youth card size in inches (or A6); ``--card-size`` overrides it for one build."""
    paper: Literal["letter", "a4"] = "letter"
    """Paper this brand prints on: ``letter`` (US, Canada) or ``a4``; ``--paper`` overrides it."""
    languages: list[Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]] = Field(
        default_factory=list
    )
    """Languages to build for this brand, such as ``[es]``; every language the toolkit has
    when left out. ``--lang`` overrides it."""
    partners: list[Partner] = Field(default_factory=list, max_length=4)
    """Co-branding: up to four partners, shown under "Provided courtesy of"."""
    local_help: list[HelpContact] = Field(default_factory=list, max_length=2)
    """Up to two local places to get help (a school counselor, a county hotline), printed
    in the "Where to get help" box after the national ones."""
    fonts: Fonts = Field(default_factory=Fonts)
    """The brand's own typefaces, if it has them; Lato otherwise."""
    example: bool = False
    """``true`` only for a made-up brand that shows what a brand looks like, whose
    example.org addresses are on purpose. Leave it out for a real organization: then every
    placeholder left in (example.org, "Replace this") gets a warning."""


def short_url(url: str) -> str:
    """The address as people type it: no scheme, no ``www.``, no trailing slash."""
    for prefix in ("https://", "http://", "mailto:", "tel:"):
        url = url.removeprefix(prefix)
    return url.removeprefix("www.").rstrip("/")
