"""Wire feeds: editors subscribe the desk to RSS/Atom feeds; beat polls them and new items
become articles through ``services.intake.article_create``. The articles app never imports
this one. See ``docs/intake.md``."""
