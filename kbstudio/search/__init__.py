"""Search preview: per-locale analysis, Whoosh indexes, ranking, explanations, suites.

Analysis is ours, not Whoosh's: text is turned into index terms here (and by the same
rules in the published site's JavaScript), then handed to Whoosh as space-separated
terms. Whoosh stores postings and field lengths and scores with BM25F.
"""
