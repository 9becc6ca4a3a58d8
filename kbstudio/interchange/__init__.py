"""The import/export format: Markdown files with YAML front matter, read and written.

Reading never touches the database: it turns a folder into a Bundle plus a list of
per-file errors, so that every good file can still be imported.
"""
