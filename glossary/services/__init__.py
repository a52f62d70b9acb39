"""Writes for the glossary. Views, imports and commands call these; nothing else writes.

- ``terms``: propose and edit concepts and terms;
- ``review``: approve and reject (editors);
- ``imports``: CSV/TBX imports, previewed then applied once;
- ``records``: permission, uniqueness, history and labels every write shares;
- ``version``: the glossary version that tells every process to rebuild.

Review rules
------------
* Anyone on the desk proposes concepts and terms; they enter as *proposed*.
* Only editors approve or reject (``PermissionDenied`` otherwise, whatever the caller), and
  only editors may pass ``approve=True`` to write an approved term directly.
* Editing an approved term stores the change as a pending revision (a proposed ``Term``
  with ``revision_of`` set); the approved term stays in force until an editor approves the
  change, which copies it onto the original. An editor may apply an edit at once with
  ``approve=True``. Editing a rejected term proposes it again.
* An approved preferred term's text is unique per language across concepts: approving a
  second one is refused with the concept that holds it.
* Every write is recorded in ``ConceptHistory``; every write that changes the approved
  glossary bumps ``GlossaryVersion`` so that every process's matcher and caches rebuild.
"""
