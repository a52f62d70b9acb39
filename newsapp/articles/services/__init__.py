"""Writes for articles and translations, one module per job. Views and tasks call these; nothing
else writes.

- ``intake``: check and save a submitted article, queue its translations.
- ``pipeline``: claim (lease), run batch by batch, finish; the sweeper.
- ``workflow``: every state change of an article or a translation (approve, send back,
  cancel, retry, settle).
- ``editing``: a person's save, confirm and re-translate of one segment (versioned).
- ``reenforce``: apply the current glossary to finished translations.
- ``xliff``: import an XLIFF file edited elsewhere.
- ``translate_now``: synchronous translation of a text (commands, benchmarks).
"""
