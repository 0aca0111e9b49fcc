"""Text helpers shared by the parsers: line endings, page furniture, names, dates, durations
and timestamps. Everything here works on shapes (patterns of lines), never on the names of
particular shows, people or seed files.

- `lines`: one spelling of whitespace; page furniture, buttons and scraping artefacts
- `names`: name-shaped text, name tokens, lists of people (`Guests: A (host), B`)
- `dates`: named and numeric dates, day/month order, relative dates
- `times`: durations and timestamps (chapter stamps, a summary's `(12:30)` stamps)
- `labels`: labelled fact lines (`Published: …`) and heading lines
- `prose`: sentences, URLs, list items, and values content files accept (URLs, guids)
"""
from __future__ import annotations

from generator.importers.text.dates import (MONTHS, NAMED_DATE, NUMERIC_DATE, RELATIVE_DATE, date_from_parts,
                                            date_separator, infer_day_month_order, lone_date, make_date,
                                            numeric_parts, parse_named_date)
from generator.importers.text.labels import META_LABELS, heading_key, meta_line
from generator.importers.text.lines import clean, indent, is_artefact, is_button, is_furniture, normalize
from generator.importers.text.names import NAME, is_name, name_tokens, people_list, person_item, split_people
from generator.importers.text.prose import (LIST_ITEM, URL_RE, find_url, first_sentences, guid_value, item_text,
                                            sentences, web_url)
from generator.importers.text.times import (MAX_DURATION, STAMP, STAMP_LINE, TIME, parse_duration, stamp_line,
                                            stamped, to_seconds)

__all__ = [
    "MONTHS", "NAMED_DATE", "NUMERIC_DATE", "RELATIVE_DATE", "date_from_parts", "date_separator",
    "infer_day_month_order", "lone_date", "make_date", "numeric_parts", "parse_named_date",
    "META_LABELS", "heading_key", "meta_line",
    "clean", "indent", "is_artefact", "is_button", "is_furniture", "normalize",
    "NAME", "is_name", "name_tokens", "people_list", "person_item", "split_people",
    "LIST_ITEM", "URL_RE", "find_url", "first_sentences", "guid_value", "item_text", "sentences", "web_url",
    "MAX_DURATION", "STAMP", "STAMP_LINE", "TIME", "parse_duration", "stamp_line", "stamped", "to_seconds",
]
