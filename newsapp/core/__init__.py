"""What every app of the desk shares: language tags, the service error, the acting user, roles,
safe XML, HTTP downloads and the management-command preamble.

Apps depend on this package; it depends on no app (checked by import-linter).
"""
