"""Full-text search over documents and articles (whoosh).

The package is split by concept:

- ``analysis``: how Vietnamese text becomes terms (folded syllables, pairs);
- ``indexing``: what the index holds and how it is written;
- ``whoosh_adapter``: the one place that reads whoosh's internals;
- ``catalog``: per-build arrays of entries and documents (filters, facets, lengths);
- ``query``: what a typed query asks for (phrases, words, question words);
- ``understand``: queries that name a document or a provision;
- ``scoring``: the ranking model (BM25 per field over syllables and pairs);
- ``engine``: answering a query (matches, facets, re-ranking);
- ``present``: what a hit shows (passage, matched words, chapter).
"""
from kb.search.analysis import FOLDED, fold_keep_length, folded_pattern, syllable_pairs, syllables
from kb.search.catalog import FACETS, UNKNOWN, Catalog
from kb.search.engine import PAGE, Engine, Filters, Results, engine_for, search
from kb.search.indexing import (DIR_NAME, SCHEMA, article_texts, build_index, create, index_documents,
                                    open_index, rebuild_index)
from kb.search.present import Hit, Matcher, highlighted
from kb.search.query import Parsed, parse
from kb.search.understand import Intent, number_lookup, store_docs, understand

__all__ = ["FOLDED", "fold_keep_length", "folded_pattern", "syllable_pairs", "syllables", "FACETS", "UNKNOWN",
           "Catalog", "PAGE", "Engine", "Filters", "Results", "engine_for", "search", "DIR_NAME", "SCHEMA",
           "article_texts", "build_index", "create", "index_documents", "open_index", "rebuild_index", "Hit",
           "Matcher", "highlighted", "Parsed", "parse", "Intent", "number_lookup", "store_docs", "understand"]
