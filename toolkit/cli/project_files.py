"""The small commands about the project's files: starters, translations, schema, gallery.

Takes in: each command's arguments (a name, a file, a language, a port).
Gives out: the files written (``new-topic``, ``new-brand``, ``new-translation``,
``translation-done``, ``docs-images``) with what to run next, the JSON Schema on stdout
(``schema``), or the gallery served on the loopback address (``serve``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from toolkit import RUN
from toolkit.builder.pipeline import PROJECT_ROOT
from toolkit.builder.scaffold import mark_translation_done, new_brand, new_topic, new_translation
from toolkit.cli import options
from toolkit.content.schema import FILE_KINDS, content_schema
from toolkit.errors import ToolkitError
from toolkit.views.gallery import serve
from toolkit.views.showcase import write_showcase


def new_topic_arguments(parser: options.Parser) -> None:
    parser.add_argument("name", nargs="?", metavar="ID", help="the new topic's id")
    options.content(parser)


def new_brand_arguments(parser: options.Parser) -> None:
    parser.add_argument("name", nargs="?", metavar="NAME", help="the new brand folder's name")
    options.content(parser)


def new_translation_arguments(parser: options.Parser) -> None:
    parser.add_argument("name", nargs="?", metavar="FILE", help="the content file to translate")
    parser.add_argument("language", nargs="?", metavar="LANG", help="the language, e.g. es")
    options.content(parser)


def scaffold(args: argparse.Namespace) -> int:
    if not args.name:
        raise ToolkitError(f"{args.command} needs a name, for example: {args.command} my-name")
    if not (args.content / "toolkit.yaml").is_file():
        raise ToolkitError(f"{args.content}: no toolkit.yaml here; is this a content folder?")
    if args.command == "new-translation":
        if not args.language:
            raise ToolkitError(
                "new-translation needs a file and a language, for example: "
                "new-translation content/topics/sextortion.yaml es"
            )
        path = new_translation(args.content, args.name, args.language)
        print(f"Wrote {path}. Translate it, then: {RUN} --lang {args.language}")
    elif args.command == "new-topic":
        path = new_topic(args.content, args.name)
        print(f"Wrote {path}. Edit it, then: {RUN} --topic {args.name}")
    else:
        path = new_brand(args.content, args.name)
        print(f"Wrote {path}/. Add your logo and colours, then: {RUN} --brand {args.name}")
    return 0


def translation_done_arguments(parser: options.Parser) -> None:
    parser.add_argument(
        "name", nargs="?", metavar="FILE", help="the reviewed translation, e.g. x.es.yaml"
    )


def translation_done(args: argparse.Namespace) -> int:
    if not args.name:
        raise ToolkitError(
            "translation-done needs the translation file, for example: "
            "translation-done content/topics/sextortion.es.yaml"
        )
    source = mark_translation_done(Path(args.name))
    print(f"{args.name} is marked as a translation of {source} as it is now.")
    return 0


def schema_arguments(parser: options.Parser) -> None:
    parser.add_argument(
        "kind",
        nargs="?",
        choices=list(FILE_KINDS),
        help="one file kind's schema; without it, one schema holding every kind",
    )


def schema(args: argparse.Namespace) -> int:
    print(json.dumps(content_schema(args.kind), indent=2))
    return 0


def serve_arguments(parser: options.Parser) -> None:
    options.out(parser)
    parser.add_argument(
        "--port", type=int, default=8000, help="port to serve on (default: %(default)s)"
    )


def serve_gallery(args: argparse.Namespace) -> int:
    serve(args.out, args.port)
    return 0


def docs_images_arguments(parser: options.Parser) -> None:
    options.content(parser)


def docs_images(args: argparse.Namespace) -> int:
    for path in write_showcase(PROJECT_ROOT / "docs", args.content, PROJECT_ROOT / "templates"):
        print(f"Wrote {path}")
    return 0
